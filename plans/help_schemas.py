"""JSON shapes of help requests. The member's and the curators' request share one shape,
which has no notes: notes have their own shape and their own curators-only endpoint."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from plans.models import HelpRequest, HelpRequestMessage, HelpStatus

STATUSES = ", ".join(HelpStatus.values)


class HelpMessageOut(Schema):
    id: int = Field(description="Message number.")
    by_curator: bool = Field(description="Written for the cluster by a curator (else the member).")
    author: str = Field(description="Who wrote it: the curator's name, or the member's.")
    text: str = Field(description="The message.")
    created_at: dt.datetime = Field(description="When it was written.")
    files: list[str] = Field(description="Download addresses of the files sent with it.")

    @staticmethod
    def resolve_author(obj: HelpRequestMessage) -> str:
        if not obj.by_curator:
            return str(obj.request.member.display_name)
        author = obj.author
        return (author.get_full_name() or author.email) if author is not None else ""

    @staticmethod
    def resolve_files(obj: HelpRequestMessage) -> list[str]:
        return [
            reverse("plans:help_file", args=[obj.request_id, stored.pk])
            for stored in obj.files.all()
        ]


class HelpRequestOut(Schema):
    id: int = Field(description="Request number, as in its page's address.")
    member_id: int = Field(description="The member who asked.")
    member_name: str = Field(description="The member's name.")
    town: str = Field(description="The member's town, by its slug, e.g. `kirovsk`.")
    goal_id: int = Field(description="The goal it is about.")
    goal_title: str = Field(description="The goal's title.")
    goal_kind: str = Field(description="The goal's kind, e.g. `new_product`.")
    step_id: int | None = Field(description="The step it is about; null for the whole goal.")
    what: str = Field(description="What help is needed, as the member wrote it.")
    needed_by: dt.date | None = Field(description="The member's date, YYYY-MM-DD; or null.")
    due: dt.date | None = Field(description="The curators' due date for the task.")
    status: str = Field(description=f"Status: {STATUSES}.")
    status_label: str = Field(description="The status in words, in the caller's language.")
    assignee: str = Field(description="The curator who has it; empty when nobody does.")
    answer: str = Field(description="The answer to the member; empty until answered.")
    decline_reason: str = Field(description="Why it was declined; empty otherwise.")
    introduction_partner_id: int | None = Field(
        description="What solved it: the member introduced to this member; or null."
    )
    support_measure_id: int | None = Field(description="What solved it: a support measure.")
    event_id: int | None = Field(description="What solved it: an event.")
    created_at: dt.datetime = Field(description="When it was asked.")
    first_answered_at: dt.datetime | None = Field(description="When a curator first answered.")
    done_at: dt.datetime | None = Field(description="When it was done or declined.")

    @staticmethod
    def resolve_member_name(obj: HelpRequest) -> str:
        return obj.member.display_name

    @staticmethod
    def resolve_town(obj: HelpRequest) -> str:
        return obj.member.town.slug

    @staticmethod
    def resolve_goal_title(obj: HelpRequest) -> str:
        return obj.goal.title

    @staticmethod
    def resolve_goal_kind(obj: HelpRequest) -> str:
        return obj.goal.kind

    @staticmethod
    def resolve_status_label(obj: HelpRequest) -> str:
        return str(HelpStatus(obj.status).label)

    @staticmethod
    def resolve_assignee(obj: HelpRequest) -> str:
        user = obj.assignee
        return (user.get_full_name() or user.email) if user is not None else ""

    @staticmethod
    def resolve_introduction_partner_id(obj: HelpRequest) -> int | None:
        intro = obj.introduction
        if intro is None:
            return None
        return intro.recipient_id if intro.requester_id == obj.member_id else intro.requester_id


class HelpRequestDetailOut(HelpRequestOut):
    messages: list[HelpMessageOut] = Field(description="The thread, the oldest first.")

    @staticmethod
    def resolve_messages(obj: HelpRequest) -> list[HelpRequestMessage]:
        return list(obj.messages.all())


class HelpRequestPageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether another page follows (no total is counted).")
    results: list[HelpRequestOut] = Field(description="Requests on this page.")


class HelpNoteOut(Schema):
    id: int = Field(description="Note number.")
    author: str = Field(description="The curator who wrote it.")
    text: str = Field(description="The note: for curators only.")
    created_at: dt.datetime = Field(description="When it was written.")

    @staticmethod
    def resolve_author(obj: object) -> str:
        author = getattr(obj, "author", None)
        return (author.get_full_name() or author.email) if author is not None else ""


class HelpRequestIn(Schema):
    goal_id: int = Field(description="My goal to ask help on.")
    step_id: int | None = Field(None, description="One of the goal's steps; null: the goal.")
    what: str = Field(description="What help is needed (at most 3000 characters).")
    needed_by: dt.date | None = Field(None, description="By when, YYYY-MM-DD; today or later.")


class HelpMessageIn(Schema):
    text: str = Field(description="The message (at most 3000 characters).")


class HelpStatusIn(Schema):
    status: str = Field(
        description="in_progress, waiting_for_member, done or declined (see the status table)."
    )
    reason: str = Field("", description="Why it is declined: required for `declined`.")
