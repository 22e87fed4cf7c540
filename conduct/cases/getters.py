"""The case a page is about, fetched once a request.

The permission check, the identity bar, the view and every link to one of the case's pages
(the decision pages, its letters, its appeals) ask for the same case: one fetch answers
them all, with the customer and their current address the identity bar shows.
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from conduct.cases.models import Case
from conduct.core.permissions import per_request
from conduct.customers.presenters import with_customer_address
from conduct.policy.queries import pack_text


@per_request
def the_case(request: HttpRequest, reference: str, **kwargs: Any) -> Case:
    cases = Case.objects.select_related("customer", "created_by", "policy_pack")
    cases = cases.defer(*pack_text())
    return get_object_or_404(with_customer_address(cases), reference=reference)
