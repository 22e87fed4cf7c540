"""The demo policy pack: the model pack, loaded and put in force for `make run`."""

from django.conf import settings
from django.db import transaction

from conduct.policy.models import PolicyPack
from conduct.policy.services import active_pack, load_policy_pack


@transaction.atomic
def load() -> list[PolicyPack]:
    """Load policies/model.toml if it is not loaded yet; running twice changes nothing.

    It is put in force only when no pack is, so a pack someone chose is never replaced.
    """
    already = set(PolicyPack.objects.values_list("pk", flat=True))
    pack = load_policy_pack(
        settings.POLICY_DIR / "model.toml", by=None, activate=active_pack() is None
    )
    return [] if pack.pk in already else [pack]
