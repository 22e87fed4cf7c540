"""The database's own upkeep, run by the scheduler (conduct/office/schedules.py).

SQLite chooses how to answer a query from the statistics `ANALYZE` records, and records
none by itself: a council's database would keep the statistics of the day it was set up
(or none), and SQLite could then scan a table where an index would answer. PostgreSQL's
autovacuum analyses its tables as they change, so there is nothing to do there.
"""

from django.db import connection
from django_tasks import task

# Rows SQLite reads from each index to estimate it: enough for the planner, bounded in time
# whatever the council's size (SQLite's advice for a periodic ANALYZE).
ANALYSIS_LIMIT = 1000


@task()
def refresh_planner_statistics() -> str:
    """Record fresh statistics for SQLite's query planner; PostgreSQL keeps its own."""
    if connection.vendor != "sqlite":
        return "PostgreSQL's autovacuum keeps the statistics"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return "Statistics recorded"
