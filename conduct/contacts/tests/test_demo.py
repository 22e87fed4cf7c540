"""The demo data shows a read-and-file customer with emails waiting, and loads only once."""

from io import StringIO

import pytest
from django.core.management import call_command

from conduct.contacts.models import Contact, Message, Reading

pytestmark = pytest.mark.django_db


def test_the_demo_queues_read_and_file_emails_once() -> None:
    """Three emails wait in the read-and-file queue with the named officer; twice changes nothing."""
    call_command("load_demo_data", stdout=StringIO())
    counts = (Message.objects.count(), Reading.objects.count(), Contact.objects.count())
    assert counts == (3, 3, 5)
    assert set(Message.objects.values_list("route", flat=True)) == {"read-and-file"}
    assert Message.objects.filter(assigned_to__isnull=False).count() == 3
    call_command("load_demo_data", stdout=StringIO())
    assert (Message.objects.count(), Reading.objects.count(), Contact.objects.count()) == counts
