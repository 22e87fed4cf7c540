"""What a policy pack must agree with in customers' records, checked when the pack is loaded
(added to conduct/policy/references.py in CustomersConfig.ready)."""

from collections.abc import Iterator

from conduct.customers.models import Adjustment
from conduct.policy.errors import Problem
from conduct.policy.references import unknown
from conduct.policy.schema import PolicyPackFile


def unknown_adjustment_kinds(pack: PolicyPackFile) -> Iterator[Problem]:
    """Conflicts name the adjustment kinds customers' records use, or they would never match."""
    known = list(Adjustment.Kind.values)
    for kind in pack.restrictions.types:
        for value in kind.conflicts_with_adjustments:
            if value not in known:
                key = f"restrictions.types[{kind.id}].conflicts_with_adjustments"
                yield unknown(key, value, "kind of reasonable adjustment", known)
