"""Addresses as premises matching compares them, so the same place always finds its hazards."""

import re

from conduct.customers import normalise

# The common ways of shortening a street type, as council systems and staff type them.
ABBREVIATIONS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "flt": "flat",
}


def first_line(value: str) -> str:
    """`Flat 2, 10 High St.` → `flat 2 10 high street`: case, punctuation and short forms ignored."""
    words = re.sub(r"[^a-z0-9]+", " ", value.lower()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def postcode_or_blank(value: str) -> str:
    """The normal form of a postcode, or "" when it is not one (nothing can match it then)."""
    try:
        return normalise.postcode(value) if value.strip() else ""
    except ValueError:
        return ""


def uprn_or_blank(value: str) -> str:
    try:
        return normalise.uprn(value) if value.strip() else ""
    except ValueError:
        return ""
