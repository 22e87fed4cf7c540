"""Phrases that may mean a route must stay open (D5), or threats, abuse or self-harm: hints only.

A restriction must never swallow a new complaint, a payment, a repair, a
safeguarding report, a statutory service, the Ombudsman or a subject access
request (requirement D5). A message using one of these phrases is surfaced to
a person whatever its route. The lists are a reviewed, deliberately broad word
list: they will raise hints on harmless messages (a "payment" in a complaint
about something else) and miss what is said in other words. That is why they
are hints: a person reads the message and decides (A10), and the read-and-file
reading still covers every message (D4).

No maintained abuse lexicon is installed (better-profanity's last release was
2020); the short list below names the words council staff report most, and
is reviewed with the policy. Self-harm phrases follow the wording Samaritans'
media guidance lists as warning signs; any match reaches a person the same day
(contacts.tasks.escalate_self_harm_hints).

Each entry is a regular expression matched on word boundaries, case-insensitive.
"""

import re
from dataclasses import dataclass

from conduct.contacts.models import Hint

PROTECTED: dict[str, list[str]] = {
    Hint.Kind.NEW_COMPLAINT: [
        r"(make|making|raise|raising|lodge|file) an? (new |formal )?complaint",
        r"new complaint",
        r"complain(ing)? about",
        r"stage (1|one|2|two) complaint",
    ],
    Hint.Kind.PAYMENT: [
        r"pay(ing|ment)?s? (my|the|for|towards)",
        r"direct debit",
        r"arrears",
        r"(council tax|rent) (bill|payment)",
        r"refund",
    ],
    Hint.Kind.REPAIR: [
        r"repairs?",
        r"(leak|leaking|damp|mould|mold|boiler|no heating|no hot water)",
        r"broken (window|door|lock|heating)",
    ],
    Hint.Kind.SAFEGUARDING: [
        r"safeguarding",
        # a child or vulnerable person and a risk within a few words of each other
        r"(child|children|kids?|baby|vulnerable (adult|person))[\w\s']{0,40}?"
        r"(at risk|in danger|unsafe|being hurt|neglected|abused)",
        r"(being|been) (abused|hit|hurt|neglected)",
        r"domestic (abuse|violence)",
        r"not safe at home",
    ],
    Hint.Kind.STATUTORY: [
        r"homeless(ness)?",
        r"(nowhere|no where) to (live|sleep|stay)",
        r"evict(ed|ion)",
        r"(housing|care|needs) assessment",
        r"benefits? (claim|stopped)",
    ],
    Hint.Kind.SUBJECT_ACCESS: [
        r"subject access( request)?",
        r"\bSAR\b",
        r"(copy|copies) of (all )?(my|the) (data|information|records?) you hold",
        r"data protection act",
    ],
    Hint.Kind.OMBUDSMAN: [r"ombudsman", r"\bLGSCO\b"],
}

TRIAGE: dict[str, list[str]] = {
    Hint.Kind.THREAT: [
        r"(i'?ll|i will|going to|gonna) (kill|hurt|get|find|smash|burn|stab|shoot)",
        r"you('ll| will) (regret|pay for) (this|it)",
        r"watch your back",
        r"know where you live",
        r"bomb",
    ],
    Hint.Kind.ABUSE: [
        r"f+u+c+k+\w*",
        r"sh[i1]t\w*",
        r"bastards?",
        r"wankers?",
        r"c+u+n+t+s?",
        r"bitch\w*",
        r"idiots?",
        r"morons?",
        r"scum",
        r"useless (pigs?|morons?|idiots?)",
    ],
    Hint.Kind.SELF_HARM: [
        r"(kill|hurt|harm) my ?self",
        r"end (it all|my life)",
        r"suicid\w*",
        r"(don'?t|do not) want to (live|be here|go on)",
        r"no (point|reason) (in )?(living|going on)",
        r"better off (dead|without me)",
        r"overdose",
        r"take my (own )?life",
    ],
}


@dataclass(frozen=True)
class Found:
    kind: str
    phrases: list[str]


def compiled(table: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    return {
        kind: re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
        for kind, patterns in table.items()
    }


PROTECTED_PATTERNS = compiled(PROTECTED)
TRIAGE_PATTERNS = compiled(TRIAGE)


def scan(text: str, patterns: dict[str, re.Pattern[str]]) -> list[Found]:
    found = []
    for kind, pattern in patterns.items():
        phrases = sorted({match.group(0).lower() for match in pattern.finditer(text)})
        if phrases:
            found.append(Found(kind, phrases[:10]))
    return found


def protected_routes(text: str) -> list[Found]:
    """Hints that the message may be one of the routes a restriction never closes (D5)."""
    return scan(text, PROTECTED_PATTERNS)


def triage(text: str) -> list[Found]:
    """Hints of threats, abuse or self-harm, for a person to read (A10)."""
    return scan(text, TRIAGE_PATTERNS)
