"""What /healthz reports: can we reach the database, and is a task worker alive?"""

from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from conduct.core.models import WorkerHeartbeat


def database_status() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"status": "unavailable", "error": type(error).__name__}
    return {"status": "ok", "vendor": connection.vendor}


def worker_status() -> dict[str, Any]:
    cutoff = timezone.now() - settings.WORKER_HEARTBEAT_STALE_AFTER
    try:
        latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
        alive = WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).count()
    except DatabaseError:
        return {"status": "unknown"}
    return {
        "status": "ok" if alive else "unavailable",
        "workers": alive,
        "last_seen": latest.seen_at.isoformat() if latest else None,
    }


def check() -> dict[str, Any]:
    database = database_status()
    worker = worker_status() if database["status"] == "ok" else {"status": "unknown"}
    healthy = database["status"] == "ok" and worker["status"] == "ok"
    return {"status": "ok" if healthy else "degraded", "database": database, "worker": worker}
