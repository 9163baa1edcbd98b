from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from resources.models import ResourceItem


class ResourceItemIn(Schema):
    direction: str = Field(description="`offer` (I have) or `need` (I look for).")
    type: str = Field(description="skill, equipment, premises, sales_channel, audience, …")
    text: str = Field(description="What it is, in your own words (1–1000 characters).")
    quantity: str = Field("", description="Optional amount or period.")
    town: str = Field("", description="Town slug; empty means the member's own town.")
    visibility: str = Field("members", description="public, members or curators.")
    industries: list[str] = Field([], description="Creative industry slugs.")


class ResourceItemOut(Schema):
    id: int = Field(description="Item identifier.")
    direction: str = Field(description="`offer` or `need`.")
    type: str = Field(description="Item type.")
    text: str = Field(description="What it is.")
    quantity: str = Field(description="Amount or period, may be empty.")
    town: str | None = Field(description="Town slug, or null for the member's own town.")
    visibility: str = Field(description="public, members or curators.")
    industries: list[str] = Field(description="Creative industry slugs.")
    updated_at: datetime = Field(description="Last change.")

    @staticmethod
    def resolve_town(obj: ResourceItem) -> str | None:
        return obj.town.slug if obj.town else None

    @staticmethod
    def resolve_industries(obj: ResourceItem) -> list[str]:
        return [industry.slug for industry in obj.industries.all()]
