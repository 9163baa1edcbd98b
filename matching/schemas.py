from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from matching.models import Introduction


class MatchOut(Schema):
    partner: int = Field(description="The suggested partner's member id.")
    name: str = Field(description="The partner's name.")
    town: str = Field(description="The partner's town slug.")
    score: float = Field(description="Match score; higher is better, two-sided ranks first.")
    two_sided: bool = Field(description="Each side meets a need of the other.")
    reasons: list[str] = Field(description="Why, in words, naming the items that met.")


class IntroductionIn(Schema):
    member: int = Field(description="The member id to be introduced to.")
    message: str = Field("", description="A short note to them (optional).")


class IntroductionOut(Schema):
    id: int = Field(description="Introduction identifier.")
    requester: int = Field(description="Member id of the person who asked.")
    recipient: int = Field(description="Member id of the person asked.")
    status: str = Field(description="requested, accepted or declined.")
    message: str = Field(description="The note sent with the request.")
    created_at: datetime = Field(description="When it was asked.")
    contact_email: str | None = Field(description="The other side's email, once accepted.")

    @staticmethod
    def resolve_requester(obj: Introduction) -> int:
        return obj.requester_id

    @staticmethod
    def resolve_recipient(obj: Introduction) -> int:
        return obj.recipient_id

    @staticmethod
    def resolve_contact_email(obj: Introduction, context: dict[str, Any]) -> str | None:
        if obj.status != "accepted":
            return None
        me = getattr(context["request"].auth, "member", None)
        other = obj.recipient if me is not None and me.pk == obj.requester_id else obj.requester
        return other.user.email


class AnswerIn(Schema):
    accept: bool = Field(description="true to accept, false to decline.")
