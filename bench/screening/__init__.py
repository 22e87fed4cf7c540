"""The screening benchmark: a million generated customers, latency in-process and over HTTP, and
quality against recordlinkage's standard comparison and a naive ORM search (docs/performance.md)."""

import os


def settings_module() -> None:
    """The benchmark's settings unless the caller chose others."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.screening.settings")
