"""Every role follows every link from its start page: no page answers 5xx, no link answers 403.

One crawl per role over the demo data, in-process through the test client: GET only,
sign-out and the API left out, at most a few pages opened per URL pattern so it stays fast.
"""

from collections import deque
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import Resolver404, resolve

from conduct.accounts.demo import demo_email
from conduct.accounts.models import User
from conduct.accounts.roles import Role

pytestmark = pytest.mark.django_db

PAGES_PER_PATTERN = 3
SKIPPED = ("/sign-out/", "/api/", "/assets/", "/static/")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for every role's crawl and removed afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            call_command("load_demo_data", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def pattern_of(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def links_on(html: bytes) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    found = []
    for anchor in page.find_all("a", href=True):
        href, _ = urldefrag(str(anchor["href"]))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED):
            continue
        found.append(href)
    return found


def crawl(client) -> tuple[list[str], list[str]]:
    """Follow links from the start page; the links that answer 403 and the pages that fail."""
    statuses: dict[str, int] = {}
    opened: dict[str, int] = {}
    forbidden, failed = [], []
    waiting = deque([("/", "")])
    while waiting:
        url, source = waiting.popleft()
        if url in statuses:
            continue
        pattern = pattern_of(urlsplit(url).path)
        if opened.get(pattern, 0) >= PAGES_PER_PATTERN:
            continue
        opened[pattern] = opened.get(pattern, 0) + 1
        try:
            response = client.get(url)
        except Exception as error:  # any error in the view is a failure to report
            statuses[url] = 500
            failed.append(f"{url} raised {error!r} (linked from {source})")
            continue
        statuses[url] = response.status_code
        if response.status_code == 403:
            forbidden.append(f"{url} (linked from {source})")
        elif response.status_code >= 500:
            failed.append(f"{url} answered {response.status_code} (linked from {source})")
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            waiting.extend((link, url) for link in links_on(response.content))
    return forbidden, failed


@pytest.mark.parametrize("role", list(Role))
def test_every_link_a_role_is_offered_opens(client, demo_data, sign_in, role):
    """Signed in as the role's demo staff member, every page reached by links opens without an
    error, and no link leads to a page the person may not open."""
    sign_in(User.objects.get(email=demo_email(role)))
    forbidden, failed = crawl(client)
    if failed or forbidden:
        pytest.fail("\n".join(["Pages that failed:", *failed, "Links answering 403:", *forbidden]))
