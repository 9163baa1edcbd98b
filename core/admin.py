from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import ClusterSettings, Industry, IndustryGroup, Page, Town
from core.queries import cluster_settings
from core.roles import is_curator

# Curators run the cluster from the admin too: reference data, pages and settings.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and (request.user.is_staff or is_curator(request.user))
)

_M = TypeVar("_M", bound=Model)

_admin_context = admin.site.each_context


def _cluster_admin_context(request: HttpRequest) -> dict[str, Any]:
    """Name the admin after the cluster (its settings row), not «Администрирование Django»."""
    context = _admin_context(request)
    name = cluster_settings().name
    context["site_header"] = _("%(cluster)s: administration") % {"cluster": name}
    context["site_title"] = name
    return context


admin.site.each_context = _cluster_admin_context  # type: ignore[method-assign]
admin.site.index_title = gettext_lazy("Running the cluster")


class CuratorAdmin(admin.ModelAdmin[_M]):
    """Models curators edit in full; deletion stays with administrators."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return is_curator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return is_curator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Town)
class TownAdmin(CuratorAdmin[Town]):
    list_display = ["name_ru", "name_en", "is_monotown", "latitude", "longitude"]
    list_filter = ["is_monotown"]
    search_fields = ["name_ru", "name_en", "slug"]


@admin.register(IndustryGroup)
class IndustryGroupAdmin(CuratorAdmin[IndustryGroup]):
    list_display = ["name_ru", "name_en", "position"]


@admin.register(Industry)
class IndustryAdmin(CuratorAdmin[Industry]):
    list_display = ["name_ru", "name_en", "group", "position"]
    list_filter = ["group"]
    search_fields = ["name_ru", "name_en", "slug"]


@admin.register(Page)
class PageAdmin(CuratorAdmin[Page]):
    list_display = ["slug", "title_ru", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(ClusterSettings)
class ClusterSettingsAdmin(CuratorAdmin[ClusterSettings]):
    list_display = ["name_ru", "region_ru"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user) and not ClusterSettings.objects.exists()
