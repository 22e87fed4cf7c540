from django.urls import path

from conduct.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("add/", views.add_subscription, name="add_subscription"),
    path("parked/", views.parked, name="parked"),
    path("deliveries/<int:pk>/send-again/", views.send_again, name="send_again"),
    path("<int:pk>/", views.subscription, name="subscription"),
    path("<int:pk>/change/", views.change_subscription, name="change_subscription"),
    path("<int:pk>/turn-off/", views.turn_off, name="turn_off"),
    path("<int:pk>/turn-on/", views.turn_on, name="turn_on"),
    path("<int:pk>/test/", views.send_test, name="send_test"),
]
