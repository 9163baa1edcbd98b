from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import CuratorAdmin
from events.models import Event, EventSeries, Feedback, ProgrammeDay, Registration, Session
from events.services import do_repeat_event, monthly


class ProgrammeDayInline(admin.TabularInline[ProgrammeDay, Event]):
    model = ProgrammeDay
    extra = 0


class SessionInline(admin.TabularInline[Session, Event]):
    model = Session
    extra = 0
    fields = [
        "day",
        "starts_at",
        "ends_at",
        "title",
        "room",
        "speakers",
        "is_pitch",
        "project",
        "pitch_project",
    ]
    raw_id_fields = ["project"]


@admin.register(Event)
class EventAdmin(CuratorAdmin[Event]):
    list_display = ["title", "kind", "town", "starts_at", "capacity", "audience", "is_published"]
    list_filter = ["kind", "town", "audience", "is_published", "series"]
    search_fields = ["title", "venue"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers", "invited"]
    inlines = [ProgrammeDayInline, SessionInline]
    actions = ["repeat_monthly"]

    @admin.action(description=_("Repeat monthly for the next three months"))
    def repeat_monthly(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            copies = do_repeat_event(event, monthly(event.starts_at, 3))
            messages.success(request, f"{event}: +{len(copies)}")


@admin.register(EventSeries)
class EventSeriesAdmin(CuratorAdmin[EventSeries]):
    list_display = ["title"]


@admin.register(Registration)
class RegistrationAdmin(CuratorAdmin[Registration]):
    # Places change only through the site, which keeps the waiting list in order.
    list_display = ["event", "user", "walk_in_name", "status", "registered_at", "checked_in_at"]
    list_filter = ["status", "event"]
    search_fields = ["code", "user__email", "walk_in_name"]
    readonly_fields = [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(CuratorAdmin[Feedback]):
    list_display = ["registration", "rating", "usefulness", "created_at"]
