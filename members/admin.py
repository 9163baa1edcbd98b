from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from members.models import Application, ApplicationEvent, JobsRecord, Member, User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_curator", "is_resident", "is_producer"]
    list_filter = [
        "is_curator",
        "is_resident",
        "is_producer",
        "is_partner",
        "is_client",
        "is_staff",
    ]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        (
            "Roles",
            {"fields": ("is_resident", "is_producer", "is_curator", "is_partner", "is_client")},
        ),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin[Member]):
    list_display = ["display_name", "town", "legal_form", "jobs", "public_profile", "is_active"]
    list_filter = ["town", "legal_form", "public_profile", "is_active"]
    search_fields = ["display_name", "organisation", "inn", "external_id"]
    raw_id_fields = ["user"]


class ApplicationEventInline(admin.TabularInline[ApplicationEvent, Application]):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["actor", "action", "message", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["full_name", "role", "town", "status", "submitted_at"]
    list_filter = ["status", "role", "town"]
    inlines = [ApplicationEventInline]


admin.site.register(JobsRecord)
