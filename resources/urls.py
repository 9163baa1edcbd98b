from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("map/", views.my_map, name="my_map"),
    path("map/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("map/items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("members/<int:member_id>/map/", views.member_map, name="member_map"),
]
