"""The demo region: the story of the source article, loaded by `manage.py load_demo`.

Content lives in `demo/region.json`; this module only writes it through the same models the
pages use. Loading twice changes nothing: people are matched by email.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction

from core.models import ClusterSettings, Industry, Town
from members.models import JobsRecord, Kind, Member, User
from members.services import member_search_text

REGION_FILE = Path(__file__).resolve().parent / "region.json"
DEMO_PASSWORD = "cluster-demo-2026"  # noqa: S105 (the demo's published password)
MEMBER_ROLES = {"resident", "producer", "partner"}


def region_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REGION_FILE.read_text(encoding="utf-8"))
    return data


@transaction.atomic
def load_region(data: dict[str, Any] | None = None) -> dict[str, int]:
    data = data or region_data()
    cluster = data["cluster"]
    settings_row = ClusterSettings.objects.first() or ClusterSettings()
    for field in ("name_ru", "name_en", "region_ru", "region_en", "agency_ru", "agency_en"):
        setattr(settings_row, field, cluster.get(field, ""))
    settings_row.save()

    # One hash for every demo account: hashing is deliberately slow, and the password is shared.
    password_hash = make_password(DEMO_PASSWORD)
    towns = {town.slug: town for town in Town.objects.all()}
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    counts = {"people": 0, "members": 0}
    for person in data["people"]:
        user = _upsert_user(person, password_hash)
        counts["people"] += 1
        if MEMBER_ROLES & set(person["roles"]):
            member = _upsert_member(user, person, towns, industries)
            _add_resource_map(member, person)
            counts["members"] += 1
    return counts


def _upsert_user(person: dict[str, Any], password_hash: str) -> User:
    roles = set(person["roles"])
    user = User.objects.filter(email=person["email"]).first()
    if user is None:
        user = User(email=person["email"], password=password_hash)
    user.first_name = person["first_name"]
    user.last_name = person["last_name"]
    for role in ("resident", "producer", "curator", "partner", "client"):
        setattr(user, f"is_{role}", role in roles)
    user.is_superuser = user.is_staff = "admin" in roles
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _upsert_member(
    user: User, person: dict[str, Any], towns: dict[str, Town], industries: dict[str, Industry]
) -> Member:
    roles = set(person["roles"])
    is_organisation = person.get("kind") == Kind.ORGANISATION
    member = Member.objects.filter(user=user).first() or Member(user=user)
    member.kind = person.get("kind", Kind.PERSON)
    member.display_name = (
        person["organisation"]
        if is_organisation and person.get("organisation")
        else f"{person['first_name']} {person['last_name']}"
    )
    member.organisation = person.get("organisation", "")
    member.legal_form = person.get("legal_form", "none")
    member.inn = person.get("inn", "")
    member.town = towns[person["town"]]
    member.about = person.get("about", "")
    member.wants = person.get("wants", "")
    links = person.get("links", {})
    member.link_vk = links.get("vk", "")
    member.link_telegram = links.get("telegram", "")
    member.link_site = links.get("site", "")
    member.public_profile = person.get("public_profile", True)
    member.is_resident = "resident" in roles
    member.is_producer = "producer" in roles
    member.is_partner = "partner" in roles
    member.external_id = person["key"]
    member_industries = [industries[slug] for slug in person.get("industries", [])]
    jobs = int(person.get("jobs", 1))
    is_new = member.pk is None
    jobs_changed = is_new or member.jobs != jobs
    member.jobs = jobs
    member.search_text = member_search_text(member, member_industries)
    member.save()
    member.industries.set(member_industries)
    if jobs_changed:
        JobsRecord.objects.create(member=member, jobs=jobs)
    return member


def _add_resource_map(member: Member, person: dict[str, Any]) -> None:
    """Give a new demo member the offers and needs of the story; an edited map stays as it is."""
    from resources.models import ResourceItem, Visibility
    from resources.services import do_record_change

    if member.resource_items.exists():
        return
    ResourceItem.objects.bulk_create(
        ResourceItem(
            member=member,
            direction=direction,
            type=entry["type"],
            text=entry["text"],
            visibility=Visibility.PUBLIC,
        )
        for direction, key in (("offer", "offers"), ("need", "needs"))
        for entry in person.get(key, [])
    )
    do_record_change(member.pk)


def demo_logins(data: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    """Return (role, name, email) for one person per role, for the start-up banner.

    Arina and Anastasia from the article come first; each role gets a different person where
    the region has one, so every role can be tried side by side.
    """
    data = data or region_data()
    wanted = ["curator", "resident", "producer", "partner", "client"]
    preferred = {"arina-solovyova": 0, "anastasia-lebedeva": 1}
    people = sorted(data["people"], key=lambda p: preferred.get(p["key"], 2))
    picked: dict[str, tuple[str, str, str]] = {}
    used: set[str] = set()
    for distinct in (True, False):
        for role in wanted:
            for person in people:
                if role in picked or role not in person["roles"]:
                    continue
                if distinct and person["email"] in used:
                    continue
                name = f"{person['first_name']} {person['last_name']}"
                picked[role] = (role, name, person["email"])
                used.add(person["email"])
    return [picked[role] for role in wanted if role in picked]
