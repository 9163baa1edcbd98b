from django.contrib import admin
from django.http import HttpRequest

from core.admin import CuratorAdmin
from core.roles import is_curator
from orders.models import Order, OrderSettings


@admin.register(OrderSettings)
class OrderSettingsAdmin(CuratorAdmin[OrderSettings]):
    list_display = ["__str__", "moderate_orders", "route_to"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request.user) and not OrderSettings.objects.exists()


@admin.register(Order)
class OrderAdmin(CuratorAdmin[Order]):
    list_display = ["title", "status", "town", "budget_max", "deadline", "published_at"]
    list_filter = ["status", "town"]
    search_fields = ["title"]
    # State changes go through the order's page, so the history stays complete.
    readonly_fields = [
        "status",
        "performer",
        "accepted_proposal",
        "client",
        "published_at",
        "assigned_at",
        "delivered_at",
        "accepted_at",
        "closed_at",
        "cancelled_at",
        "disputed_from",
    ]
    raw_id_fields = ["client"]
