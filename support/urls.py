from django.urls import path

from support.views import applications, reviews
from support.views import catalogue as views

app_name = "support"

urlpatterns = [
    path("support/", views.catalogue_view, name="catalogue"),
    path("support/for-me/", views.for_me, name="for_me"),
    path("support/new/", views.measure_create, name="create"),
    path("support/<int:measure_id>/", views.measure_detail, name="detail"),
    path("support/<int:measure_id>/edit/", views.measure_edit, name="edit"),
    *applications.urlpatterns,
    *reviews.urlpatterns,
]
