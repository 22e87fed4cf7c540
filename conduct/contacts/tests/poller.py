"""The fault test's separate process: `python -m conduct.contacts.tests.poller setup|poll|count`.

It runs against its own SQLite file (DATABASE_URL), so a hard exit (os._exit)
part-way through polling kills a real process with a real database, as a
crashed worker would.
"""

import sys

import django


def main(action: str) -> None:
    django.setup()
    from django.core.management import call_command

    from conduct.contacts.models import Contact, Message
    from conduct.contacts.tests import factories

    if action == "setup":
        call_command("migrate", verbosity=0)
        factories.customer("pat@example.org")
    elif action == "poll":
        call_command("poll_mailboxes")
    else:
        print(Message.objects.count(), Contact.objects.count())


if __name__ == "__main__":
    main(sys.argv[1])
