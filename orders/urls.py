from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("orders/", views.board, name="board"),
    path("orders/for-me/", views.for_me, name="for_me"),
    path("orders/mine/", views.mine, name="mine"),
    path("orders/new/", views.create, name="create"),
    path("orders/moderation/", views.moderation, name="moderation"),
    path("orders/<int:order_id>/", views.detail, name="detail"),
    path("orders/<int:order_id>/edit/", views.edit, name="edit"),
    path("orders/<int:order_id>/act/", views.act, name="act"),
    path("orders/<int:order_id>/forward/", views.forward, name="forward"),
    path("orders/<int:order_id>/propose/", views.propose, name="propose"),
    path("orders/<int:order_id>/compare/", views.compare, name="compare"),
    path(
        "orders/<int:order_id>/accept/<int:proposal_id>/",
        views.accept_proposal,
        name="accept_proposal",
    ),
    path("orders/<int:order_id>/messages/", views.order_messages, name="messages"),
    path("orders/<int:order_id>/deliver/", views.deliver, name="deliver"),
    path("orders/<int:order_id>/review/", views.review, name="review"),
    path(
        "orders/proposals/<int:proposal_id>/withdraw/",
        views.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path("orders/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
