"""The scheduler keeps SQLite's planner statistics fresh; PostgreSQL keeps its own."""

import pytest
from django.db import connection

from conduct.core.tasks import refresh_planner_statistics
from conduct.customers.tests.factories import customer
from conduct.office.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_the_statistics_are_refreshed_every_night() -> None:
    schedule = next(s for s in SCHEDULES if s.name == "refresh-planner-statistics")
    assert schedule.task is refresh_planner_statistics and schedule.daily_at is not None


def test_sqlite_records_statistics_for_the_tables_it_holds() -> None:
    """After the job, the customers table's indexes have statistics the planner reads."""
    for _ in range(3):
        customer()
    result = refresh_planner_statistics.call()
    if connection.vendor != "sqlite":
        assert result == "PostgreSQL's autovacuum keeps the statistics"
        return
    assert result == "Statistics recorded"
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'customers_customer'")
        rows = cursor.fetchall()
    assert rows and all(stat.split()[0] == "3" for (stat,) in rows)
