"""A demo home visit for `make run` (I8): the frontline officer visits the customer whose
marker says never alone, with a second officer, checking in with the line manager.

Added once: loading again changes nothing while any visit exists.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role
from conduct.alerts.models import Marker
from conduct.core.transactions import writes
from conduct.visits import services
from conduct.visits.models import Visit


def staff(role: Role) -> User | None:
    return User.objects.filter(email=demo_email(role)).first()


def starts() -> datetime:
    """In two hours on the hour, so the visit is planned (and still today for most of the day)."""
    return (timezone.localtime() + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)


@writes
def load() -> Visit | None:
    officer, second, manager = (
        staff(Role.FRONTLINE_OFFICER),
        staff(Role.CASE_OFFICER),
        staff(Role.LINE_MANAGER),
    )
    marker = Marker.objects.filter(import_key="demo:1", status=Marker.Status.LIVE).first()
    if Visit.objects.exists() or None in (officer, second, manager) or marker is None:
        return None
    if marker.customer is None or not marker.customer.addresses.filter(is_current=True).exists():
        return None
    assert officer is not None and second is not None and manager is not None
    plan = services.Plan(
        check_in_with=manager,
        starts_at=starts(),
        expected_minutes=45,
        customer=marker.customer,
        check_in_every=20,
        second_officer=second,
        handling_read=True,
    )
    return services.plan_visit(plan, by=officer)
