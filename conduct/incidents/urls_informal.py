"""The informal stage's pages, included into the incidents namespace (before any catch-all
`<reference>/` pattern, so `team/` is not read as a reference).
"""

from django.urls import path

from conduct.incidents import views_informal as views

urlpatterns = [
    path("team/", views.team, name="team"),
    path("<str:reference>/no-further-action/", views.no_further_action, name="no_further_action"),
    path("<str:reference>/informal-warning/", views.informal_warning, name="informal_warning"),
    path("<str:reference>/more-detail/", views.request_more_detail, name="request_more_detail"),
    path("<str:reference>/detail/", views.add_detail, name="add_detail"),
    path("<str:reference>/escalate/", views.escalate, name="escalate"),
]
