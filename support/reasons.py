"""The reasons of `support.eligibility` in words, in the reader's language.

A fitting measure gets one line of what fits ("подходит: ИП, Кировск, 3 рабочих места"); one
that does not gets a line per failing rule ("нужно не менее 1 года в кластере").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from core.models import Industry, IndustryGroup, Town
from members.models import LegalForm, Role
from support.eligibility import Reason, Verdict

SHORT_FORMS = {
    LegalForm.IP: "ИП",
    LegalForm.OOO: "ООО",
    LegalForm.ANO: "АНО",
    LegalForm.NKO: "НКО",
    LegalForm.PAO: "АО/ПАО",
}


@dataclass
class Names:
    """Names of the reference rows the rules name by slug, read once per page (3 queries)."""

    towns: dict[str, str]
    industries: dict[str, str]
    groups: dict[str, str]
    # The text of each reason said so far: a thousand measures repeat a few dozen reasons.
    said: dict[tuple[object, ...], str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Names:
        return cls(
            towns={town.slug: town.name for town in Town.objects.all()},
            industries={row.slug: row.name for row in Industry.objects.all()},
            groups={row.slug: row.name for row in IndustryGroup.objects.all()},
        )


def legal_form_name(code: str) -> str:
    if code in SHORT_FORMS:
        return SHORT_FORMS[LegalForm(code)]
    return str(LegalForm(code).label) if code in LegalForm.values else code


def role_name(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


# After "at least"/"at most" Russian puts the number's noun in the genitive ("не менее 1 года",
# "не более 15 рабочих мест"): those forms have their own context.
def years_text(years: int, after_limit: bool = False) -> str:
    if after_limit:
        return npgettext("after a limit", "%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


def days_text(days: int, after_limit: bool = False) -> str:
    """Say a length of membership as people do: in years or months when it is whole ones."""
    if days and days % 365 == 0:
        return years_text(days // 365, after_limit)
    if days and days % 30 == 0:
        months = days // 30
        if after_limit:
            return npgettext("after a limit", "%(n)d month", "%(n)d months", months) % {"n": months}
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    if after_limit:
        return npgettext("after a limit", "%(n)d day", "%(n)d days", days) % {"n": days}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def jobs_text(jobs: int, after_limit: bool = False) -> str:
    if after_limit:
        return npgettext("after a limit", "%(n)d job", "%(n)d jobs", jobs) % {"n": jobs}
    return ngettext("%(n)d job", "%(n)d jobs", jobs) % {"n": jobs}


def _or(values: Iterable[str]) -> str:
    values = list(values)
    if len(values) < 2:
        return "".join(values)
    return _("%(most)s or %(last)s") % {"most": ", ".join(values[:-1]), "last": values[-1]}


def _names(reason: Reason, names: Names, key: str) -> list[str]:
    values = reason.params[key]
    if reason.code == "roles":
        return [role_name(v) for v in values]
    if reason.code == "legal_forms":
        return [legal_form_name(v) for v in values]
    lookup = {"towns": names.towns, "industries": names.industries}.get(reason.code, names.groups)
    return [lookup.get(v, v) for v in values]


def fitting_text(reason: Reason, names: Names) -> str:
    """Return what fits, as a fragment of "подходит: …"."""
    code, params = reason.code, reason.params
    if code == "industry_groups":
        return ", ".join(
            _("industry group «%s»") % name for name in _names(reason, names, "matched")
        )
    if code in ("roles", "towns", "industries", "legal_forms"):
        return ", ".join(_names(reason, names, "matched"))
    if code in ("min_jobs", "max_jobs"):
        return jobs_text(params["jobs"])
    if code == "min_membership_days":
        return _("%(time)s in the cluster") % {"time": days_text(params["days"])}
    if code in ("min_business_age_years", "max_business_age_years"):
        if params["years"] < 1:
            return _("business under a year old")
        return _("business %(age)s old") % {"age": years_text(params["years"])}
    if params["wanted"]:
        return _("a launched project")
    return _("no launched project yet")


def failing_text(reason: Reason, names: Names) -> str:
    """Return what is missing, as a sentence of its own."""
    code, params = reason.code, reason.params
    if code == "roles":
        return _("only for the roles: %s") % _or(_names(reason, names, "wanted"))
    if code == "towns":
        return _("only for members from %s") % _or(_names(reason, names, "wanted"))
    if code == "industries":
        return _("only for the industries: %s") % _or(_names(reason, names, "wanted"))
    if code == "industry_groups":
        return _("only for the industry groups: %s") % _or(_names(reason, names, "wanted"))
    if code == "legal_forms":
        return _("only for: %s") % _or(_names(reason, names, "wanted"))
    if code == "min_jobs":
        return _("needs at least %(jobs)s (you have %(now)d)") % {
            "jobs": jobs_text(params["limit"], after_limit=True),
            "now": params["jobs"],
        }
    if code == "max_jobs":
        return _("only for businesses with at most %(jobs)s (you have %(now)d)") % {
            "jobs": jobs_text(params["limit"], after_limit=True),
            "now": params["jobs"],
        }
    if code == "min_membership_days":
        return _("needs at least %(time)s in the cluster") % {
            "time": days_text(params["limit"], after_limit=True)
        }
    if code in ("min_business_age_years", "max_business_age_years") and params.get("missing"):
        return _("needs the business registration date in your profile")
    if code == "min_business_age_years":
        return _("the business must be at least %(age)s old") % {
            "age": years_text(params["limit"], after_limit=True)
        }
    if code == "max_business_age_years":
        return _("the business must be at most %(age)s old") % {
            "age": years_text(params["limit"], after_limit=True)
        }
    if params["wanted"]:
        return _("needs a launched project")
    return _("only for members without a launched project")


def _said(reason: Reason, names: Names) -> str:
    key = (reason.code, reason.holds, *reason.params.items())
    if key not in names.said:
        say = fitting_text if reason.holds else failing_text
        names.said[key] = say(reason, names)
    return names.said[key]


def verdict_lines(verdict: Verdict, names: Names) -> list[str]:
    """Return the verdict in words: one line of what fits, or one line per rule that fails."""
    if verdict.eligible:
        fits = [_said(reason, names) for reason in verdict.reasons]
        if not fits:
            return [_("open to every member")]
        return [_("fits: %s") % ", ".join(fits)]
    return [_said(reason, names) for reason in verdict.failing]
