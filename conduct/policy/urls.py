from django.urls import path

from conduct.policy import views

app_name = "policy"
urlpatterns = [
    path("", views.active_pack, name="active_pack"),
    path("packs/", views.pack_list, name="pack_list"),
    path("packs/<int:pk>/put-in-force/", views.put_in_force, name="put_in_force"),
    path("packs/<int:pk>/edit/", views.edit_pack, name="edit_pack"),
]
