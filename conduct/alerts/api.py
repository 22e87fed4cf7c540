"""The alerts routes of the JSON API."""

from ninja import Router

router = Router(tags=["alerts"])
