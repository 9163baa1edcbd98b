from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.dashboard, name="dashboard"),
    path("members/", views.directory, name="directory"),
    path("members/<int:member_id>/", views.member_detail, name="detail"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("join/apply/", views.apply, name="apply"),
    path("join/status/", views.application_status, name="application_status"),
    path("curator/applications/", views.application_queue_view, name="application_queue"),
    path(
        "curator/applications/<int:application_id>/",
        views.application_review,
        name="application_review",
    ),
]
