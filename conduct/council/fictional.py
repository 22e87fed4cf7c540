"""A fictional but complete council, for the demo and the test suite.

Plain data, no Django imports, so settings can use it. The phone numbers are in Ofcom's
range kept for drama (01632 960xxx), the domain is `.example` (RFC 2606) and the
registration number is not an ICO one: nothing here reaches a real council or person.
"""

from datetime import date

FICTIONAL_COUNCIL: dict[str, object] = {
    "name": "Brackenford District Council",
    "address": "Civic Centre\nMarket Street\nBrackenford\nBK1 1AA",
    "phone": "01632 960 100",
    "email": "customer.services@brackenford.example",
    "website": "https://www.brackenford.example",
    "appeals_address": "Appeals Officer\nCivic Centre\nMarket Street\nBrackenford\nBK1 1AA",
    "appeals_email": "appeals@brackenford.example",
    "dpo_email": "data.protection@brackenford.example",
    "dpo_phone": "01632 960 150",
    "ico_registration": "Z0000000",
    "service_desk_email": "it.service.desk@brackenford.example",
    "service_desk_phone": "01632 960 199",
    "accessibility_prepared_on": date(2026, 12, 1),
    "accessibility_reviewed_on": date(2026, 12, 1),
    "accessibility_problems": "",
}
