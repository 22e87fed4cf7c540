"""Home visit pages, under /visits/."""

from django.urls import URLPattern, path

from conduct.visits import views

app_name = "visits"
urlpatterns: list[URLPattern] = [
    path("", views.mine, name="mine"),
    path("plan/", views.plan, name="plan"),
    path("today/", views.today, name="today"),
    path("<str:reference>/", views.visit, name="visit"),
    path("<str:reference>/arrived/", views.arrived, name="arrived"),
    path("<str:reference>/safe/", views.safe, name="safe"),
    path("<str:reference>/left/", views.left, name="left"),
    path("<str:reference>/resolve/", views.resolve, name="resolve"),
    path("<str:reference>/cancel/", views.cancel, name="cancel"),
]
