"""Writes for support measures: creating and editing them, by curators and partner members."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.roles import is_curator
from members.models import Member, User
from members.queries import member_of
from support.models import Measure, MeasureKind, MeasureStatus, ProviderKind, Unit
from support.rules import RuleLookups, canonical_rules, index_keys


class MeasureError(DomainError):
    pass


@dataclass
class MeasureData:
    external_id: str
    title: str
    kind: str
    provider_kind: str = ProviderKind.AGENCY
    provider_name: str = ""
    provider_member: Member | None = None
    topic: str = ""
    description: str = ""
    amount: Decimal | None = None
    unit: str = Unit.ROUBLES
    opens: date | None = None
    deadline: date | None = None
    places: int | None = None
    budget_cap: Decimal | None = None
    documents: str = ""
    rules: dict[str, Any] = field(default_factory=dict)
    status: str = MeasureStatus.DRAFT


def check_measure_data(data: MeasureData, lookups: RuleLookups | None = None) -> dict[str, Any]:
    """Return the measure's canonical rules; raise MeasureError on the first rule broken."""
    if data.kind not in MeasureKind.values:
        raise MeasureError("unknown_kind", _("Unknown kind of support."), "kind")
    if data.opens and data.deadline and data.deadline < data.opens:
        raise MeasureError(
            "deadline_before_opening", _("The deadline cannot be before the opening."), "deadline"
        )
    if data.provider_kind == ProviderKind.PARTNER and data.provider_member is None:
        raise MeasureError(
            "provider_member_required",
            _("Choose the partner member who provides the measure."),
            "provider_member",
        )
    if data.provider_member is not None and not data.provider_member.is_active:
        raise MeasureError(
            "provider_left", _("This member has left the cluster."), "provider_member"
        )
    rules, errors = canonical_rules(data.rules, lookups or RuleLookups.load())
    if errors:
        error = errors[0]
        message = f"{error.key}: {error.message}" if error.key else error.message
        raise MeasureError("invalid_rules", message, "rules")
    return rules


def _provider_for(actor: User, data: MeasureData) -> MeasureData:
    """Return the data with the provider a partner member is: they provide only their own."""
    if is_curator(actor):
        return data
    member = member_of(actor)
    if member is None or not member.is_partner:
        raise MeasureError(
            "not_allowed", _("Only curators and partners provide measures."), kind="forbidden"
        )
    data.provider_member = member
    if data.provider_kind in (ProviderKind.AGENCY, ProviderKind.OTHER):
        data.provider_kind = ProviderKind.PARTNER
    return data


@transaction.atomic
def check_save_measure(actor: User, data: MeasureData, measure: Measure | None = None) -> Measure:
    """Create the measure, or change `measure`; raise MeasureError if the data break a rule."""
    data = _provider_for(actor, data)
    rules = check_measure_data(data)
    taken = Measure.objects.filter(external_id=data.external_id)
    if measure is not None:
        taken = taken.exclude(pk=measure.pk)
    if taken.exists():
        raise MeasureError(
            "id_taken", _("Another measure has this identifier."), "external_id", kind="conflict"
        )
    if measure is None:
        measure = Measure(created_by=actor)
    return do_write_measure(measure, data, rules)


def do_write_measure(measure: Measure, data: MeasureData, rules: dict[str, Any]) -> Measure:
    """Write checked data onto the measure (new or not) and save it."""
    for name in (f.name for f in fields(MeasureData)):
        setattr(measure, name, getattr(data, name))
    measure.rules = rules
    measure.town_keys, measure.industry_keys = index_keys(rules)
    measure.updated_at = timezone.now()
    measure.save()
    return measure
