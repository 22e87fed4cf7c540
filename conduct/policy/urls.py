from django.urls import path

from conduct.policy import views

app_name = "policy"
urlpatterns = [path("", views.active_pack, name="active_pack")]
