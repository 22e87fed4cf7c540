"""The letters routes of the JSON API."""

from ninja import Router

router = Router(tags=["letters"])
