from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list_view, name="list"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/invitations/", views.invitations, name="invitations"),
    path(
        "projects/invitations/<int:membership_id>/answer/",
        views.answer_invitation,
        name="answer_invitation",
    ),
    path("projects/<int:project_id>/", views.project_detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="edit"),
    path("projects/<int:project_id>/stage/", views.project_move, name="move"),
    path("projects/<int:project_id>/steps/", views.add_step, name="add_step"),
    path("projects/steps/<int:step_id>/toggle/", views.toggle_step, name="toggle_step"),
    path("projects/steps/<int:step_id>/remove/", views.remove_step, name="remove_step"),
    path("projects/<int:project_id>/team/", views.team, name="team"),
    path("projects/<int:project_id>/team/roles/", views.add_role, name="add_role"),
    path("projects/<int:project_id>/team/invite/", views.invite, name="invite"),
    path("projects/<int:project_id>/needs/", views.add_need, name="add_need"),
    path("projects/needs/<int:need_id>/remove/", views.remove_need, name="remove_need"),
    path("projects/team/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("projects/<int:project_id>/pitches/", views.add_pitch, name="add_pitch"),
    path("projects/<int:project_id>/interest/", views.add_interest, name="add_interest"),
    path("projects/interest/<int:interest_id>/follow-up/", views.follow_up, name="follow_up"),
    path("members/<int:member_id>/portfolio/", views.portfolio, name="portfolio"),
    path("products/", views.catalogue, name="catalogue"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:product_id>/", views.product_detail, name="product_detail"),
    path("products/<int:product_id>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:product_id>/photos/", views.add_photo, name="add_photo"),
    path("products/photos/<int:photo_id>/remove/", views.remove_photo, name="remove_photo"),
]
