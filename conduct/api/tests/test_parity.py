"""The API can do everything the pages can (issue 17, item 9).

Every page action (a URL pattern outside /api/ whose view takes a POST) is mapped to the API
operation or operations that do the same, by the operation ids of the OpenAPI document. The test
fails when a page action is in none of the lists below, when an operation named is not in the
API, or when a list names a page action that no longer exists: a new page action needs its API
operation, or a reason here why it has none.
"""

import inspect
import types
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from conduct.api.api import api

# Page action (namespace:url name) → the API operations that do the same.
DONE_BY: dict[str, list[str]] = {
    "accounts:assign_post": ["conduct_accounts_api_give_post"],
    "accounts:end_post": ["conduct_accounts_api_end_post"],
    "webhooks:add_subscription": ["conduct_webhooks_api_create_subscription"],
    "webhooks:change_subscription": ["conduct_webhooks_api_change_subscription"],
    "webhooks:turn_off": [
        "conduct_webhooks_api_change_subscription",
        "conduct_webhooks_api_turn_off_subscription",
    ],
    "webhooks:turn_on": ["conduct_webhooks_api_change_subscription"],
    "webhooks:send_test": ["conduct_webhooks_api_send_test"],
    "webhooks:send_again": ["conduct_webhooks_api_send_again"],
    "customers:add": ["conduct_customers_api_create_customer"],
    "customers:change_details": ["conduct_customers_api_update_customer"],
    "customers:add_address": ["conduct_customers_api_add_address"],
    "customers:add_phone_number": ["conduct_customers_api_add_phone_number"],
    "customers:add_email_address": ["conduct_customers_api_add_email_address"],
    "customers:add_representative": ["conduct_customers_api_add_representative"],
    "customers:add_adjustment": ["conduct_customers_api_add_adjustment"],
    "customers:record_equality": ["conduct_customers_api_items_record_equality"],
    "customers:merge": ["conduct_customers_api_items_merge"],
    "customers:merge_confirm": ["conduct_customers_api_items_merge"],
    "customers:add_alias": ["conduct_customers_api_items_add_alias"],
    "customers:end_address": ["conduct_customers_api_items_end_address"],
    "customers:add_social_media_handle": ["conduct_customers_api_items_add_social_media_handle"],
    "customers:link_household_member": ["conduct_customers_api_items_link_household_member"],
    "customers:withdraw_consent": ["conduct_customers_api_items_withdraw_consent"],
    "customers:end_adjustment": ["conduct_customers_api_items_end_adjustment"],
    "customers:record_service": ["conduct_customers_api_items_record_service"],
    "customers:add_safeguarding_note": ["conduct_customers_api_items_add_safeguarding_note"],
    "incidents:log": ["conduct_incidents_api_log_incident"],
    "incidents:no_further_action": ["conduct_incidents_api_informal_no_further_action"],
    "incidents:informal_warning": ["conduct_incidents_api_informal_informal_warning"],
    "incidents:request_more_detail": ["conduct_incidents_api_informal_more_detail_request"],
    "incidents:add_detail": ["conduct_incidents_api_informal_detail"],
    "incidents:escalate": ["conduct_incidents_api_informal_escalation"],
    "cases:start_investigation": ["conduct_cases_api_decisions_investigation_start"],
    "cases:record_investigation": ["conduct_cases_api_decisions_investigation"],
    "cases:move_up_the_ladder": ["conduct_cases_api_decisions_ladder"],
    "cases:record_decision": ["conduct_cases_api_decisions_decision"],
    "cases:impose_immediate_restriction": ["conduct_cases_api_decisions_immediate"],
    "cases:ratify_immediate_restriction": ["conduct_cases_api_decisions_ratification"],
    "cases:close_case": ["conduct_cases_api_decisions_close"],
    "cases:complete_review": ["conduct_cases_api_reviews_complete_review"],
    "cases:assign_appeals_officer": ["conduct_cases_api_reviews_assign_appeals_officer"],
    "cases:decide_appeal": ["conduct_cases_api_reviews_decide_appeal"],
    "cases:lodge_appeal": ["conduct_cases_api_reviews_lodge_appeal"],
    "cases:record_ombudsman_referral": ["conduct_cases_api_ombudsman_record_ombudsman_referral"],
    "cases:record_ombudsman_enquiry": ["conduct_cases_api_ombudsman_record_ombudsman_enquiry"],
    "cases:record_enquiry_response": ["conduct_cases_api_ombudsman_record_enquiry_response"],
    "cases:record_ombudsman_outcome": ["conduct_cases_api_ombudsman_record_ombudsman_outcome"],
    "cases:record_remedy_done": ["conduct_cases_api_ombudsman_record_remedy_done"],
    "letters:draft": ["conduct_letters_api_draft_letter"],
    "letters:draft_marker_notice": ["conduct_letters_api_draft_letter"],
    "letters:approve": ["conduct_letters_api_approve_letter"],
    "letters:issue": ["conduct_letters_api_issue_letter"],
    "letters:hand_over": ["conduct_letters_api_hand_over_letter"],
    "letters:supersede": ["conduct_letters_api_supersede_letter"],
    "letters:batches": ["conduct_letters_api_start_batch"],
    "alerts:raise_for_premises": ["conduct_alerts_api_raise_premises_marker"],
    "alerts:raise_for_customer": ["conduct_alerts_api_raise_marker"],
    "alerts:verify": ["conduct_alerts_api_verify"],
    "alerts:approve": ["conduct_alerts_api_approve"],
    "alerts:telling": ["conduct_alerts_api_telling"],
    "alerts:review": ["conduct_alerts_api_review"],
    "alerts:withdraw": ["conduct_alerts_api_withdraw"],
    "alerts:restricted_detail": ["conduct_alerts_api_read_detail"],
    "alerts:share": ["conduct_alerts_api_record_disclosure"],
    "screening:screen": ["conduct_screening_api_screen"],
    "screening:visit": ["conduct_screening_api_pre_visit_check"],
    "contacts:upload_email": ["conduct_contacts_api_add_email"],
    "contacts:link_message": ["conduct_contacts_api_link_message"],
    "contacts:sign_off": ["conduct_contacts_api_sign_off"],
    "contacts:log_contact": ["conduct_contacts_api_log_contact"],
    "visits:plan": ["conduct_visits_api_plan_visit"],
    "visits:arrived": ["conduct_visits_api_arrival"],
    "visits:safe": ["conduct_visits_api_check_in"],
    "visits:left": ["conduct_visits_api_leaving"],
    "visits:resolve": ["conduct_visits_api_resolve"],
    "visits:cancel": ["conduct_visits_api_cancel"],
    "cases:notification_seen": ["conduct_cases_api_reviews_notification_seen"],
    "contacts:hint_seen": ["conduct_contacts_api_hint_seen"],
    # The page asks a job for the PDF and waits for it; an integration gets the same PDF at once.
    "cases:ask_for_decision_pack_pdf": ["conduct_cases_api_decision_pack_get_decision_pack"],
    "reports:ask_for_committee_pdf": [
        "conduct_reports_api_committee_get_committee_report"  # the same figures, as JSON
    ],
    "dataprotection:log": ["conduct_dataprotection_api_log_subject_access_request"],
    "dataprotection:confirm_identity": ["conduct_dataprotection_api_confirm_identity"],
    "dataprotection:extend": ["conduct_dataprotection_api_extend_deadline"],
    "dataprotection:build": ["conduct_dataprotection_api_build_bundle"],
    "dataprotection:decide_item": ["conduct_dataprotection_api_decide_item"],
    "dataprotection:release": ["conduct_dataprotection_api_release_bundle"],
    "dataprotection:withdraw": ["conduct_dataprotection_api_withdraw_request"],
}

# Page actions with no API operation, on purpose; each says why.
NO_API: dict[str, str] = {
    # A person's own session: an API token is not signed in, it acts as one member of staff.
    "accounts:sign_in": "signing in makes a browser session; the API uses bearer tokens",
    "accounts:two_factor": "the second step of signing in a browser",
    "accounts:set_up_two_factor": "a person sets up their own authenticator app, in person",
    "accounts:sign_out": "ends a browser session; a token is revoked by manage.py instead",
    "accounts:issue_enrolment_link": (
        "an administrator sends a person the link that sets up their sign-in: a credential "
        "that must not be issued by an integration acting as a member of staff"
    ),
    # The council's configuration, changed by administrators who read what they change.
    "policy:put_in_force": (
        "puts a policy pack in force: every later decision runs under it, so an administrator "
        "reads the pack on the page first"
    ),
    "policy:edit_pack": "edits a policy pack's text in the browser, checked as it is typed",
    "customers:service_catalogue": "the council's list of services: administrators' set-up",
    "customers:service_contacts": (
        "who hears of restrictions on a service: administrators' set-up, beside the catalogue"
    ),
    "letters:edit_template": "a letter template edited in the browser: administrators' set-up",
    "letters:signatories": "which post signs each type of letter: administrators' set-up",
    "council:details": (
        "the council's name, address, logo and contact routes: administrators' set-up, "
        "read on the page; `manage.py set_council_details` sets them from the server"
    ),
    "alerts:acknowledge": (
        "acknowledges a customer's high markers for this browser session, the page before the "
        "customer's page; a token has no session (POST /screen gives an integration the handling "
        "before contact)"
    ),
    # An administrator's one-off import of a council's earlier register: each file is read row by
    # row on a preview, by eye, before anything is written; `manage.py import_customers` does the
    # same from the server.
    "alerts:import": "uploads a register file for the administrator's preview",
    "alerts:import_preview": "imports the good rows once the administrator has read the preview",
    "core:retry_job": "operators retry a failed background job from the jobs page they watch",
}


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """Every URL pattern: its route, its namespaced name and its view."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name or ''}"
            yield prefix + str(pattern.pattern), name, pattern.callback


def code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from code_objects(constant)


def takes_post(view: Any, seen: set[Any] | None = None) -> bool:
    """Whether the view, or a function of its own module it calls, reads a POST.

    Views here are functions behind decorators (`requires`, `about_customer`); the helpers that
    draw a form and act on it (`move_page`) are in the view's module, so they are followed too.
    """
    seen = set() if seen is None else seen
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    view = inspect.unwrap(view)
    if view in seen or not isinstance(view, types.FunctionType):
        return False
    seen.add(view)
    if "POST" in inspect.getsource(view):
        return True
    names = {name for code in code_objects(view.__code__) for name in code.co_names}
    called = [view.__globals__.get(name) for name in names]
    return any(
        isinstance(f, types.FunctionType)
        and f.__module__ == view.__module__
        and takes_post(f, seen)
        for f in called
    )


def page_actions() -> dict[str, str]:
    """Every page action: namespaced name → route."""
    return {
        name: route
        for route, name, view in walk(get_resolver().url_patterns)
        if not route.startswith("api/") and takes_post(view)
    }


def operation_ids() -> set[str]:
    schema = api.get_openapi_schema()
    return {op["operationId"] for path in schema["paths"].values() for op in path.values()}


def test_every_page_action_has_an_api_operation_or_a_reason():
    actions = page_actions()
    listed = {**DONE_BY, **NO_API}
    missing = sorted(f"{name} ({route})" for name, route in actions.items() if name not in listed)
    assert not missing, "Page actions with no API operation and no reason:\n" + "\n".join(missing)


def test_the_operations_named_are_in_the_api():
    known = operation_ids()
    unknown = sorted(
        f"{page} → {op}" for page, ops in DONE_BY.items() for op in ops if op not in known
    )
    assert not unknown, "Operations not in the OpenAPI document:\n" + "\n".join(unknown)


def test_the_lists_name_only_page_actions_that_exist_once():
    actions = page_actions()
    names = [*DONE_BY, *NO_API]
    stale = sorted(name for name in names if name not in actions)
    assert not stale, "Listed but not a page action (renamed or gone):\n" + "\n".join(stale)
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, "Listed twice: " + ", ".join(twice)


def test_the_page_actions_found_include_the_known_ones():
    """The POST detection itself: a few page actions of each kind are found, a read is not."""
    actions = page_actions()
    assert {"cases:record_decision", "contacts:upload_email", "accounts:sign_in"} <= set(actions)
    assert "cases:detail" not in actions and "cases:register" not in actions
