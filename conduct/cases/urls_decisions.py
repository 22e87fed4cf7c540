"""The decisions pages of the decision workflow; included in the cases namespace by cases/urls.py.

Each URL is named after its workflow move, so the case page links a move by its name.
"""

from django.urls import URLPattern, path

from conduct.cases import views_decisions as views

urlpatterns: list[URLPattern] = [
    path(
        "<str:reference>/investigation/start/",
        views.start_investigation,
        name="start_investigation",
    ),
    path("<str:reference>/investigation/", views.record_investigation, name="record_investigation"),
    path("<str:reference>/ladder/", views.move_up_the_ladder, name="move_up_the_ladder"),
    path("<str:reference>/decision/", views.record_decision, name="record_decision"),
    path(
        "<str:reference>/restrict-at-once/",
        views.impose_immediate_restriction,
        name="impose_immediate_restriction",
    ),
    path(
        "<str:reference>/ratification/",
        views.ratify_immediate_restriction,
        name="ratify_immediate_restriction",
    ),
    path("<str:reference>/close/", views.close_case, name="close_case"),
]
