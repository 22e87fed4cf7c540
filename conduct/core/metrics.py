"""What an operator's Prometheus scrapes from /metrics (docs/operations.md).

Two kinds of figure:

- **Requests**, timed by `RequestMetricsMiddleware` in both middleware chains, by route
  (the URL pattern, never the address with its references), method and status class. Each
  web process counts its own; with PROMETHEUS_MULTIPROC_DIR set (as the systemd unit and
  the image set it) every granian worker writes to that folder and a scrape adds them up.
- **Figures read from the database when scraped**: jobs by state, workers and the
  scheduler alive, reviews overdue, messages stored by mailbox, when each schedule was last
  queued. Each app declares its own with `figure`, so core knows none of them.
"""

import hmac
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

Labels = tuple[str, ...]
Read = Callable[[], Iterable[tuple[Labels, float]]]

REQUEST_SECONDS = Histogram(
    "conduct_http_request_duration_seconds",
    "Time taken to answer a request, by route, method and status class",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=None,
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


@dataclass(frozen=True)
class Figure:
    name: str
    help: str
    labels: Labels
    read: Read


FIGURES: dict[str, Figure] = {}


def figure(name: str, help_text: str, *labels: str) -> Callable[[Read], Read]:
    """Declare a figure read from the database at each scrape (in the owning app's metrics.py);
    the function gives (label values, value) pairs."""

    def declare(read: Read) -> Read:
        FIGURES[name] = Figure(name, help_text, labels, read)
        return read

    return declare


class DatabaseFigures:
    """A collector reading every declared figure when scraped."""

    def collect(self) -> Iterator[Metric]:
        for item in FIGURES.values():
            gauge = GaugeMetricFamily(item.name, item.help, labels=list(item.labels))
            for labels, value in item.read():
                gauge.add_metric(list(labels), value)
            yield gauge


def scrape() -> bytes:
    """Everything, in Prometheus's text format: every web process's requests, and the figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(DatabaseFigures())
    return generate_latest(registry)


def may_scrape(request: HttpRequest) -> bool:
    """Only with METRICS_TOKEN as the bearer token; no token set, no metrics."""
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def metrics_response() -> HttpResponse:
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """Times each request, first in each chain so it counts what the others cost too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        began = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = "/" + match.route if match is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(route, method, status).observe(time.perf_counter() - began)
        return response
