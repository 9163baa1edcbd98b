from django.urls import path

from core import views, views_jobs

app_name = "core"

urlpatterns = [
    path("how-it-works/", views.how_it_works, name="how_it_works"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/api-tokens/", views.api_tokens, name="api_tokens"),
    path("me/api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    *views_jobs.urlpatterns,
]
