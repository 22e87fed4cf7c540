"""The reviews pages of the decision workflow; included in the cases namespace by cases/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
