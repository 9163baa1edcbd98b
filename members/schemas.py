from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from members.models import Application, Member


class MemberOut(Schema):
    id: int = Field(description="Member identifier.")
    display_name: str = Field(description="Name shown in the directory.")
    kind: str = Field(description="`person` or `organisation`.")
    organisation: str = Field(description="Organisation or brand name, may be empty.")
    legal_form: str = Field(description="Legal form code: ip, self_employed, ooo, ano, …")
    town: str = Field(description="Town slug.")
    industries: list[str] = Field(description="Creative industry slugs.")
    roles: list[str] = Field(description="Roles in the cluster: resident, producer, partner.")
    about: str = Field(description="What the member does.")
    jobs: int = Field(description="Number of jobs (people working), last reported.")

    @staticmethod
    def resolve_town(obj: Member) -> str:
        return obj.town.slug

    @staticmethod
    def resolve_industries(obj: Member) -> list[str]:
        return [industry.slug for industry in obj.industries.all()]


class MemberDetailOut(MemberOut):
    wants: str = Field(description="What the member wants from the cluster.")
    link_vk: str = Field(description="VK page, may be empty.")
    link_telegram: str = Field(description="Telegram link, may be empty.")
    link_site: str = Field(description="Website, may be empty.")
    inn: str | None = Field(
        description=(
            "Taxpayer number (ИНН), may be empty. An organisation's is public; a person's "
            "(self-employed, sole proprietor) is personal data: null unless you are that "
            "member or a curator."
        )
    )
    inn_checked: bool = Field(
        description="True when the member gave a ИНН and it passed the checks at admission."
    )
    joined_at: datetime = Field(description="When the member joined the cluster.")

    @staticmethod
    def resolve_inn_checked(obj: Member) -> bool:
        return bool(obj.inn)


class MemberPageOut(Schema):
    count: int = Field(description="Number of members matching the filters, up to the cap.")
    count_capped: bool = Field(
        description="True when more members match than `count` says: narrow the search."
    )
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="Number of pages.")
    results: list[MemberOut] = Field(description="Members on this page.")


class ApplicationIn(Schema):
    role: str = Field(description="`resident` or `producer`.")
    kind: str = Field(description="`person` or `organisation`.")
    full_name: str = Field(description="Applicant's full name.")
    organisation: str = Field("", description="Organisation or brand name.")
    legal_form: str = Field(description="Legal form code: ip, self_employed, ooo, ano, nko, …")
    inn: str = Field("", description="ИНН: 10 digits (organisation) or 12 (individual).")
    town: str = Field(description="Town slug.")
    industries: list[str] = Field(description="Creative industry slugs, at least one.")
    about: str = Field(description="What the applicant does.")
    wants: str = Field(description="What the applicant wants from the cluster.")
    jobs: int = Field(1, description="Number of jobs, the applicant included.")
    link_vk: str = Field("", description="VK page URL.")
    link_telegram: str = Field("", description="Telegram URL.")
    link_site: str = Field("", description="Website URL.")
    consent_personal_data: bool = Field(description="Consent to personal-data processing.")
    consent_public_profile: bool = Field(False, description="Consent to a public profile.")


class ApplicationOut(Schema):
    id: int = Field(description="Application identifier.")
    status: str = Field(description="submitted, needs_info, accepted or declined.")
    role: str = Field(description="`resident` or `producer`.")
    full_name: str = Field(description="Applicant's full name.")
    town: str = Field(description="Town slug.")
    curator_message: str = Field(description="The curator's question or reason, if any.")
    submitted_at: datetime = Field(description="When it was (re)submitted.")

    @staticmethod
    def resolve_town(obj: Application) -> str:
        return obj.town.slug
