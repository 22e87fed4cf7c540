from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "conduct.contacts"
    label = "contacts"

    def ready(self) -> None:
        from conduct.api.routers import offer
        from conduct.cases.decision_pack import read_contact_frequency_with, show_evidence_with
        from conduct.contacts import metrics, moves, verbs  # noqa: F401  figures, moves, verbs
        from conduct.contacts.decision_pack import contact_evidence, contact_frequency
        from conduct.contacts.subject_access import CONTACTS, EMAILS
        from conduct.contacts.timeline import contact_entries
        from conduct.core.subject_access import contribute
        from conduct.customers.timeline import contribute_few

        contribute(CONTACTS)  # the subject access bundle's sections
        contribute(EMAILS)
        contribute_few(contact_entries)  # the customer's timeline
        read_contact_frequency_with(contact_frequency)  # the decision pack's section
        show_evidence_with(contact_evidence)  # on the decision and ratification pages
        offer("contacts", "/contacts", "conduct.contacts.api.router")  # the API's router
