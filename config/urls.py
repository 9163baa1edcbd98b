from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("core.urls")),
    path("", include("members.urls")),
    path("", include("resources.urls")),
    path("", include("matching.urls")),
    path("", include("events.urls")),
    path("", include("meetings.urls")),
    path("", include("projects.urls")),
    path("", include("orders.urls")),
    path("", include("shops.urls")),
    path("", include("support.urls")),
    path("", include("surveys.urls")),
    path("", include("plans.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
