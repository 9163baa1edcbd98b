from django.contrib import admin

from core.admin import CuratorAdmin
from shops.models import PointOfSale


@admin.register(PointOfSale)
class PointOfSaleAdmin(CuratorAdmin[PointOfSale]):
    list_display = ["name", "town", "partner", "commission_percent", "is_active"]
    list_filter = ["town", "is_active"]
    raw_id_fields = ["partner", "created_by"]
