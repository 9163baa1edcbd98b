"""Eligibility rules as people and files write them, turned into the canonical data stored.

Towns, industries and legal forms are accepted as slugs/codes or by the Russian or English
names `import_members` accepts; roles by code or Russian name. Anything unknown is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.models import Industry, IndustryGroup, Town
from resources.importing.checks import LEGAL_FORMS, ROLES
from resources.importing.tables import Named, name_key, name_lookup
from support.eligibility import LIST_KEYS, RuleProblem, check_shape


@dataclass(frozen=True)
class RuleError:
    key: str  # the rule key, "" for the rules as a whole
    message: str


def _by_names(rows: Iterable[Named]) -> dict[str, str]:
    return {key: row.slug for key, row in name_lookup(rows).items()}


@dataclass
class RuleLookups:
    towns: dict[str, str]
    industries: dict[str, str]
    groups: dict[str, str]

    @classmethod
    def load(cls) -> RuleLookups:
        return cls(
            towns=_by_names(Town.objects.all()),
            industries=_by_names(Industry.objects.all()),
            groups=_by_names(IndustryGroup.objects.all()),
        )

    def table(self, key: str) -> dict[str, str]:
        return {
            "roles": dict(ROLES),
            "towns": self.towns,
            "industries": self.industries,
            "industry_groups": self.groups,
            "legal_forms": {k: str(v) for k, v in LEGAL_FORMS.items() if k},
        }[key]


UNKNOWN = {
    "roles": gettext_noop("unknown role «%s»; use resident, producer or partner"),
    "towns": gettext_noop("unknown town «%s»"),
    "industries": gettext_noop("unknown creative industry «%s»"),
    "industry_groups": gettext_noop("unknown industry group «%s»"),
    "legal_forms": gettext_noop("unknown legal form «%s»"),
}


def shape_message(problem: RuleProblem) -> str:
    value = problem.value
    messages: dict[str, str] = {
        "not_an_object": _("the rules must be an object of rule keys"),
        "unknown_key": _("unknown rule «%s»") % value,
        "not_a_list": _("«%s» must be a list of names") % problem.key,
        "empty_list": _("«%s» lists nothing; leave the rule out to allow everyone") % problem.key,
        "not_text": _("«%s» must list names as text") % problem.key,
        "not_a_whole_number": _("«%s» must be a whole number") % problem.key,
        "negative": _("«%s» cannot be negative") % problem.key,
        "not_a_bool": _("«%s» must be true or false") % problem.key,
        "min_above_max": _("the minimum is above the maximum"),
        "unknown_role": _("unknown role «%s»; use resident, producer or partner") % value,
    }
    return messages[problem.code]


def canonical_rules(raw: Any, lookups: RuleLookups) -> tuple[dict[str, Any], list[RuleError]]:
    """Return the rules with names turned into slugs and codes, and what is wrong with them.

    Roles are checked here by name (резидент), so the shape check sees their codes."""
    if not isinstance(raw, dict):
        return {}, [RuleError("", shape_message(RuleProblem("", "not_an_object", raw)))]
    errors: list[RuleError] = []
    rules: dict[str, Any] = {}
    for key, value in raw.items():
        if key in LIST_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
            table = lookups.table(key)
            resolved: list[str] = []
            for name in value:
                slug = table.get(name_key(name).rstrip("."))
                if slug is None:
                    errors.append(RuleError(key, _(UNKNOWN[key]) % name))
                elif slug not in resolved:
                    resolved.append(slug)
            rules[key] = resolved
        else:
            rules[key] = value
    named = {error.key for error in errors}
    errors += [RuleError(p.key, shape_message(p)) for p in check_shape(rules) if p.key not in named]
    return rules, errors


def index_keys(rules: dict[str, Any]) -> tuple[str, str]:
    """Return the space-padded town and industry keys the catalogue's filters read."""
    towns = rules.get("towns") or []
    industries = [
        *(rules.get("industries") or []),
        *(f"g:{g}" for g in rules.get("industry_groups") or []),
    ]
    return (
        f" {' '.join(towns)} " if towns else "",
        f" {' '.join(industries)} " if industries else "",
    )
