from django.urls import path

from orders import point_views, views

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
    path("shops/", point_views.points, name="points"),
    path("shops/new/", point_views.point_create, name="point_create"),
    path("shops/<int:point_id>/", point_views.point, name="point"),
    path("shops/<int:point_id>/edit/", point_views.point_edit, name="point_edit"),
    path("shops/<int:point_id>/offer/", point_views.offer_product, name="offer_product"),
    path("shops/<int:point_id>/month/", point_views.point_month_view, name="point_month"),
    path("shops/offers/<int:offer_id>/answer/", point_views.answer_offer, name="answer_offer"),
    path("shops/offers/<int:offer_id>/stock/", point_views.stock, name="stock"),
    path("shops/offers/<int:offer_id>/end/", point_views.end_offer, name="end_offer"),
    path("shops/sales/<int:sale_id>/refund/", point_views.refund, name="refund"),
    path("statements/", point_views.statement, name="statement"),
    path("statements/download.xlsx", point_views.statement_download, name="statement_xlsx"),
]
