"""The start page for each demo role: how many queries it asks and how long it takes.

Run: `.venv/bin/pytest bench/start_page.py -s -q -p no:cacheprovider` (also in `make bench`).

The demo council is loaded (the model pack), each demo person signed in, and their start
page fetched ROUNDS times after one warm-up; the figures are the queries one fetch asks
(the session and sign-in checks included) and the p50 of its wall-clock time. The query
count does not grow with the rows waiting: office/tests/test_start_page.py asserts it for 2
and 20 rows of each kind of work.
"""

import statistics
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conduct.accounts.demo import DEMO_NAMES, demo_email
from conduct.accounts.models import User

ROUNDS = 20


@pytest.mark.django_db
def test_start_page_per_role(settings) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo_data", stdout=StringIO())
    print(f"\nStart page on the demo council, {ROUNDS} fetches each")
    print(f"{'role':<34} {'queries':>7} {'p50 ms':>8}")
    for role in DEMO_NAMES:
        client = Client()
        user = User.objects.get(email=demo_email(role))
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if user.needs_two_factor and device:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        client.get("/")
        with CaptureQueriesContext(connection) as run:
            assert client.get("/").status_code == 200
        queries = len(run.captured_queries)
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            client.get("/")
            timings.append(time.perf_counter() - started)
        ms = statistics.median(timings) * 1000
        print(f"{role.label:<34} {queries:>7} {ms:>8.1f}")
