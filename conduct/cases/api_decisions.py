"""The decisions routes of the cases API; mounted under /api/v1/cases by cases/api.py."""

from ninja import Router

router = Router(tags=["Cases"])
