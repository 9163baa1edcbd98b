from django.contrib import admin

from surveys.models import BankQuestion, Invitation, Survey


@admin.register(BankQuestion)
class BankQuestionAdmin(admin.ModelAdmin[BankQuestion]):
    list_display = ["text", "code", "kind"]
    search_fields = ["text", "code"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["title", "status", "opens_on", "closes_on", "is_anonymous"]
    list_filter = ["status", "is_anonymous"]
    search_fields = ["title"]
    readonly_fields = ["created_by", "created_at", "published_at", "reminded_at", "copied_from"]
    filter_horizontal = ["target_towns", "target_industries", "target_members"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    # Who answered an anonymous survey is not shown next to any response: responses have no
    # admin page at all, so the admin cannot pair the two.
    list_display = ["survey", "user", "answered", "reminded_at"]
    list_filter = ["answered"]
    raw_id_fields = ["user"]
    readonly_fields = ["token"]
