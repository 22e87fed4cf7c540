"""The demo council: fictional, complete, named as the pack in force names its council.

Called from load_demo_data after the policy packs; running it again changes nothing.
"""

from pathlib import Path

from conduct.council import services
from conduct.council.fictional import FICTIONAL_COUNCIL
from conduct.council.models import CouncilDetails
from conduct.policy.models import PolicyPack

LOGO = Path(__file__).parent / "static_demo" / "logo.png"


def council_name() -> str:
    """The pack in force's council where it names one ("West Lindsey District Council"); a
    fictional one where it does not (the model pack's "Model pack (no council)")."""
    pack = PolicyPack.objects.filter(is_active=True).first()
    named = pack.file.pack.council if pack else ""
    return (
        named
        if named.endswith("Council") and not named.startswith("The ")
        else str(FICTIONAL_COUNCIL["name"])
    )


def load() -> CouncilDetails | None:
    """Save the fictional council once; never replace details someone saved."""
    if CouncilDetails.objects.exists():
        return None
    values = {**FICTIONAL_COUNCIL, "name": council_name()}
    return services.save_details(values, by=None, logo=(LOGO.read_bytes(), "image/png"))
