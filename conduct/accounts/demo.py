"""Demo staff: one per role, with the posts the packs name, for `make run` and the browser tests."""

from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts import services
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.core.transactions import writes

DEMO_PASSWORD = "demo-sign-in-for-conduct"  # noqa: S105 printed for newcomers; demo only
DEMO_DOMAIN = "conduct.example"


@dataclass(frozen=True)
class DemoSignIn:
    role: Role
    email: str
    full_name: str
    totp_secret: str | None


DEMO_NAMES = {
    Role.FRONTLINE_OFFICER: "Frankie Osei",
    Role.LINE_MANAGER: "Lena Marsh",
    Role.CASE_OFFICER: "Cai Okafor",
    Role.DECISION_MAKER: "Dana Morgan",
    Role.HEALTH_AND_SAFETY_OFFICER: "Harriet Stone",
    Role.COMPLAINTS_AND_CUSTOMER_SERVICES: "Chris Shaw",
    Role.APPEALS_OFFICER: "Ava Okonjo",
    Role.AUDITOR: "Aled Dunn",
    Role.DATA_PROTECTION_OFFICER: "Dilys Price",
    Role.ADMINISTRATOR: "Amira Dhillon",
}


# The posts the packs in policies/ name, held so that whichever pack is in force (POLICY_PACK)
# the demo staff can take its decisions: UCB's Executive Officer and service manager, West
# Lindsey's Determination Team (with the health and safety officer, a quorum), North
# Northamptonshire's service lead and Assistant Director. Council-wide, for every service.
DEMO_POSTS = {
    Role.LINE_MANAGER: ["service-manager"],
    Role.DECISION_MAKER: [
        "executive-officer-customer-services",
        "customer-experience-manager",
        "customer-strategy-and-services-lead",
        "service-lead",
        "assistant-director",
    ],
    Role.HEALTH_AND_SAFETY_OFFICER: ["health-and-safety-officer"],
}


def demo_email(role: Role) -> str:
    return f"{role.value}@{DEMO_DOMAIN}"


@writes
def load() -> list[User]:
    """Create the demo staff that do not exist yet; running twice changes nothing."""
    created = []
    for role, name in DEMO_NAMES.items():
        if User.objects.filter(email=demo_email(role)).exists():
            continue
        user = services.create_staff_member(
            email=demo_email(role),
            full_name=name,
            roles=[role],
            password=DEMO_PASSWORD,
            by=None,
            two_factor_link=False,  # their app is made here, for `make totp`
            posts=[(post, None) for post in DEMO_POSTS.get(role, [])],
        )
        if role.needs_two_factor:
            TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        created.append(user)
    return created


def sign_ins() -> list[DemoSignIn]:
    result = []
    for role, name in DEMO_NAMES.items():
        device = TOTPDevice.objects.filter(user__email=demo_email(role), confirmed=True).first()
        secret = services.authenticator_key(device) if device and role.needs_two_factor else None
        result.append(DemoSignIn(role, demo_email(role), name, secret))
    return result
