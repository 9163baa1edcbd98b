from django.urls import path

from shops import views

app_name = "shops"

urlpatterns = [
    path("shops/", views.points, name="points"),
    path("shops/new/", views.point_create, name="point_create"),
    path("shops/<int:point_id>/", views.point, name="point"),
    path("shops/<int:point_id>/edit/", views.point_edit, name="point_edit"),
    path("shops/<int:point_id>/offer/", views.offer_product, name="offer_product"),
    path("shops/<int:point_id>/month/", views.point_month_view, name="point_month"),
    path("shops/offers/<int:offer_id>/answer/", views.answer_offer, name="answer_offer"),
    path("shops/offers/<int:offer_id>/stock/", views.stock, name="stock"),
    path("shops/offers/<int:offer_id>/end/", views.end_offer, name="end_offer"),
    path("shops/sales/<int:sale_id>/refund/", views.refund, name="refund"),
    path("statements/", views.statement, name="statement"),
    path("statements/download.xlsx", views.statement_download, name="statement_xlsx"),
]
