from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from meetings.models import MeetingRequest, Participant
from meetings.queries import AgendaItem
from meetings.suggestions import Suggestion


class SlotOut(Schema):
    id: int = Field(description="Slot identifier.")
    starts_at: datetime = Field(description="Start, ISO 8601 with offset.")
    ends_at: datetime = Field(description="End, ISO 8601 with offset.")


class ParticipantOut(Schema):
    id: int = Field(description="Participant identifier (use it as `recipient`).")
    name: str = Field(description="Name shown to others.")
    member_id: int | None = Field(description="Directory entry of the person, if a member.")
    available: list[int] = Field(description="Slot ids the person is free in; empty means all.")

    @staticmethod
    def resolve_member_id(obj: Participant) -> int | None:
        member = getattr(obj.user, "member", None)
        return member.pk if member else None

    @staticmethod
    def resolve_available(obj: Participant) -> list[int]:
        return [slot.pk for slot in obj.available.all()]


class SuggestionOut(Schema):
    participant: int = Field(description="Participant id of the suggested person.")
    name: str = Field(description="Their name.")
    score: float = Field(description="How well you fit, from the matching engine; higher first.")
    reasons: list[str] = Field(description="Why: a need of one side met by the other's offer.")

    @staticmethod
    def resolve_participant(obj: Suggestion) -> int:
        return obj.participant.pk

    @staticmethod
    def resolve_name(obj: Suggestion) -> str:
        return obj.participant.name


class AvailabilityIn(Schema):
    slots: list[int] = Field(description="Slot ids of this event; empty means free in all.")


class RequestIn(Schema):
    recipient: int = Field(description="Participant id of the person to meet.")
    note: str = Field("", description="Why meet, shown to them (up to 500 characters).")
    priority: int = Field(2, description="1 nice to meet, 2 important, 3 must meet.")


class RequestOut(Schema):
    id: int = Field(description="Request identifier.")
    requester: int = Field(description="Participant id of the person asking.")
    recipient: int = Field(description="Participant id of the person asked.")
    note: str = Field(description="Why meet.")
    priority: int = Field(description="1 nice to meet, 2 important, 3 must meet.")
    match_score: float = Field(description="The matching engine's score for the pair, 0..1.")
    status: str = Field(description="pending, accepted or declined.")

    @staticmethod
    def resolve_requester(obj: MeetingRequest) -> int:
        return obj.requester_id

    @staticmethod
    def resolve_recipient(obj: MeetingRequest) -> int:
        return obj.recipient_id


class AnswerIn(Schema):
    accept: bool = Field(description="True to accept, false to decline.")


class AgendaItemOut(Schema):
    starts_at: datetime = Field(description="Meeting start.")
    ends_at: datetime = Field(description="Meeting end.")
    table: int = Field(description="Table number, from 1.")
    with_participant: int = Field(description="Participant id of the other person.")
    with_name: str = Field(description="Name of the other person.")
    note: str = Field(description="The note of the request.")

    @staticmethod
    def resolve_starts_at(obj: AgendaItem) -> datetime:
        return obj.meeting.slot.starts_at

    @staticmethod
    def resolve_ends_at(obj: AgendaItem) -> datetime:
        return obj.meeting.slot.ends_at

    @staticmethod
    def resolve_table(obj: AgendaItem) -> int:
        return obj.meeting.table

    @staticmethod
    def resolve_with_participant(obj: AgendaItem) -> int:
        return obj.other.pk

    @staticmethod
    def resolve_with_name(obj: AgendaItem) -> str:
        return obj.other.name


class BuildOut(Schema):
    meetings: int = Field(description="Meetings placed.")
    requests: int = Field(description="Accepted requests that wanted a place.")
    total_weight: float = Field(description="Total value of the placed meetings.")
    upper_bound: float = Field(description="Proven bound on the best possible total value.")
    seconds: float = Field(description="Time the solver took.")
    dropped_published: int = Field(description="Published meetings that could not stay put.")
