from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("partners/", views.suggestions, name="suggestions"),
    path(
        "partners/<int:member_id>/introduce/",
        views.request_introduction,
        name="request_introduction",
    ),
    path("partners/<int:member_id>/hide/", views.hide_suggestion, name="hide_suggestion"),
    path("introductions/", views.introductions, name="introductions"),
    path(
        "introductions/<int:introduction_id>/answer/",
        views.answer_introduction,
        name="answer_introduction",
    ),
    path("partnerships/", views.partner_maps, name="partner_maps"),
    path("partnerships/<int:map_id>/", views.partner_map, name="partner_map"),
    path("curator/network/", views.network, name="network"),
    path(
        "curator/members/<int:member_id>/partners/",
        views.member_suggestions,
        name="member_suggestions",
    ),
]
