"""The decision pack's pages; included in the cases namespace by cases/urls.py."""

from django.urls import URLPattern, path

from conduct.cases import views_decision_pack as views

urlpatterns: list[URLPattern] = [
    path("<str:reference>/decision-pack/", views.decision_pack_page, name="decision_pack"),
    path("<str:reference>/decision-pack.pdf", views.decision_pack_pdf, name="decision_pack_pdf"),
    path("<str:reference>/decision-pack/pdf/", views.ask_for_pdf, name="ask_for_decision_pack_pdf"),
    path(
        "<str:reference>/decision-pack/pdf/<int:pk>/",
        views.pdf_status,
        name="decision_pack_pdf_status",
    ),
    path(
        "<str:reference>/decision-pack/pdf/<int:pk>.pdf",
        views.pdf_download,
        name="decision_pack_pdf_download",
    ),
    path(
        "<str:reference>/decision-pack/frozen/<int:pk>.pdf",
        views.frozen_decision_pack,
        name="frozen_decision_pack",
    ),
]
