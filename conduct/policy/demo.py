"""The demo policy packs: every file in policies/, with the POLICY_PACK setting's in force."""

from django.conf import settings

from conduct.policy.models import PolicyPack
from conduct.policy.services import load_policy_packs


def load() -> list[PolicyPack]:
    """Load every pack not loaded yet; running twice changes nothing.

    The pack named by settings.POLICY_PACK is put in force only when no pack is, so a
    pack someone chose is never replaced.
    """
    return load_policy_packs(settings.POLICY_DIR, by=None, in_force=settings.POLICY_PACK)
