from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import ClusterSettings, Industry, IndustryGroup, Page, Town
from core.roles import is_curator

# Curators run the cluster from the admin too: reference data, pages and settings.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and (request.user.is_staff or is_curator(request.user))
)


class CuratorAdmin(admin.ModelAdmin):
    """Models curators edit in full; deletion stays with administrators."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_curator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_curator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Town)
class TownAdmin(CuratorAdmin):
    list_display = ["name_ru", "name_en", "is_monotown", "latitude", "longitude"]
    list_filter = ["is_monotown"]
    search_fields = ["name_ru", "name_en", "slug"]


@admin.register(IndustryGroup)
class IndustryGroupAdmin(CuratorAdmin):
    list_display = ["name_ru", "name_en", "position"]


@admin.register(Industry)
class IndustryAdmin(CuratorAdmin):
    list_display = ["name_ru", "name_en", "group", "position"]
    list_filter = ["group"]
    search_fields = ["name_ru", "name_en", "slug"]


@admin.register(Page)
class PageAdmin(CuratorAdmin):
    list_display = ["slug", "title_ru", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(ClusterSettings)
class ClusterSettingsAdmin(CuratorAdmin):
    list_display = ["name_ru", "region_ru"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user) and not ClusterSettings.objects.exists()
