"""The subscription form: where to send, which events, and what the receiver may see."""

from typing import Any

from django import forms

from conduct.core import events
from conduct.core.forms import Branches, GovUKForm
from conduct.customers.models import CouncilService
from conduct.webhooks.models import NAME_LIMIT, URL_LIMIT


class SubscriptionForm(GovUKForm):
    name = forms.CharField(
        label="Name",
        help_text="What the receiving system is, such as “Customer relationship system”",
        max_length=NAME_LIMIT,
        error_messages={"required": "Enter a name for the subscription"},
    )
    url = forms.CharField(
        label="Address to send events to",
        help_text="It must start https://",
        max_length=URL_LIMIT,
        error_messages={"required": "Enter the address to send events to"},
    )
    event_types = forms.MultipleChoiceField(
        label="Events to send",
        choices=list(events.EVENT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the events to send"},
    )
    all_services = forms.TypedChoiceField(
        label="Which services’ events?",
        choices=[("yes", "Every service"), ("no", "Only the services I choose")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which services’ events to send"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services",
        queryset=CouncilService.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_names = forms.BooleanField(
        label="Send customers’ names as well as their references",
        required=False,
    )
    include_terms = forms.BooleanField(
        label="Send a restriction’s terms as well as its type",
        required=False,
        help_text="A marker’s restricted detail and an incident’s account are never sent",
    )
    is_crm = forms.BooleanField(
        label="This is the customer relationship system (CRM)",
        required=False,
        help_text="Decisions delivered here count as recorded on the CRM",
    )

    def branches(self) -> Branches:
        """Only some services asks which."""
        return {("all_services", "no"): ["services"]}

    @classmethod
    def initial_for(cls, subscription: Any) -> dict[str, Any]:
        return {
            "name": subscription.name,
            "url": subscription.url,
            "event_types": subscription.event_types,
            "all_services": "yes" if subscription.all_services else "no",
            "services": list(subscription.services.all()),
            "include_names": subscription.include_names,
            "include_terms": subscription.include_terms,
            "is_crm": subscription.is_crm,
        }
