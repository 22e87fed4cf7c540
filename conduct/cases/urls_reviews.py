"""The reviews pages of the decision workflow; included in the cases namespace by cases/urls.py."""

from django.urls import URLPattern, path

from conduct.cases import views_reviews as views

urlpatterns: list[URLPattern] = [
    path("register/", views.register_page, name="register"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/seen/", views.notification_seen, name="notification_seen"),
    path("restrictions/<int:pk>/review/", views.complete_review, name="complete_review"),
    path("appeals/<int:pk>/officer/", views.assign_appeals_officer, name="assign_appeals_officer"),
    path("appeals/<int:pk>/decision/", views.decide_appeal, name="decide_appeal"),
    path("<str:reference>/appeals/new/", views.lodge_appeal, name="lodge_appeal"),
]
