from django.urls import URLPattern, path

from conduct.screening import views

app_name = "screening"
urlpatterns: list[URLPattern] = [
    path("", views.screen_caller, name="screen"),
    path("before-a-visit/", views.check_before_visit, name="visit"),
]
