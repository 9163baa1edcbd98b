"""Suggestions, introductions and partnerships as people see them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.roles import is_curator
from matching.engine import Match, Reason
from matching.live_index import current_index
from matching.models import HiddenSuggestion, Introduction, IntroductionStatus
from members.models import Member
from members.queries import AnyUser, visible_members
from resources.models import PartnerMap, ResourceItem, Visibility

Ranking = Callable[[int], list[Match]]


@dataclass
class Suggestion:
    partner: Member
    score: float
    reasons: list[str]
    two_sided: bool
    introduction: Introduction | None


def reason_text(reason: Reason, partner: Member) -> str:
    """Return one reason in words, from the point of view of the person reading it."""
    if reason.direction == "they_offer":
        return _("You need “%(need)s” — %(partner)s (%(town)s) offers “%(offer)s”") % {
            "need": reason.need_text,
            "partner": partner.display_name,
            "town": partner.town.name,
            "offer": reason.offer_text,
        }
    return _("%(partner)s needs “%(need)s” — you offer “%(offer)s”") % {
        "partner": partner.display_name,
        "need": reason.need_text,
        "offer": reason.offer_text,
    }


def raw_matches(member: Member, limit: int, exclude: set[int] | None = None) -> list[Match]:
    with current_index() as index:
        try:
            return index.top_k(member.pk, k=limit, exclude=exclude or ())
        except KeyError:  # no map yet, so nothing to match on
            return []


def visible_rankings(
    rankings: Sequence[Ranking], k: int, members: QuerySet[Member]
) -> tuple[list[list[Match]], dict[int, Member]]:
    """Return each ranking's k best matches among `members`, and those members by id.

    The engine knows nothing of who may be seen (it stays pure), so each ranking is asked
    for more than k and the matches outside `members` are dropped; a ranking left short is
    asked again for four times as many, until it has k or runs out. One query per round for
    all the rankings; with mostly public profiles one round is enough.
    """
    asked = [2 * k] * len(rankings)
    found: list[list[Match]] = [[] for _ranking in rankings]
    seen: dict[int, Member] = {}
    checked: set[int] = set()
    pending = list(range(len(rankings))) if k > 0 else []
    while pending:
        ranked = {number: rankings[number](asked[number]) for number in pending}
        new_ids = {cast(int, m.partner_id) for ms in ranked.values() for m in ms} - checked
        if new_ids:
            seen.update(members.in_bulk(new_ids))
            checked |= new_ids
        pending = []
        for number, matches in ranked.items():
            kept = [m for m in matches if m.partner_id in seen]
            if len(kept) >= k or len(matches) < asked[number]:
                found[number] = kept[:k]
            else:
                asked[number] *= 4
                pending.append(number)
    return found, seen


def suggestions_for(
    member: Member,
    limit: int = 10,
    *,
    include_hidden: bool = False,
    viewer: AnyUser | None = None,
) -> list[Suggestion]:
    """Return the member's best partners that `viewer` (the member by default) may see, with
    reasons: 4 queries whatever the limit."""
    hidden = (
        set()
        if include_hidden
        else set(HiddenSuggestion.objects.filter(member=member).values_list("hidden_id", flat=True))
    )
    with current_index() as index:

        def ranking(k: int) -> list[Match]:
            try:
                return index.top_k(member.pk, k=k, exclude=hidden)
            except KeyError:  # no map yet, so nothing to match on
                return []

        visible = visible_members(member.user if viewer is None else viewer)
        (matches,), partners = visible_rankings([ranking], limit, visible.select_related("town"))
    introductions = {
        (intro.requester_id, intro.recipient_id): intro
        for intro in Introduction.objects.filter(
            Q(requester=member, recipient_id__in=partners)
            | Q(recipient=member, requester_id__in=partners)
        ).exclude(status=IntroductionStatus.DECLINED)
    }
    suggestions = []
    for match in matches:
        partner = partners[cast(int, match.partner_id)]
        introduction = introductions.get((member.pk, partner.pk)) or introductions.get(
            (partner.pk, member.pk)
        )
        suggestions.append(
            Suggestion(
                partner=partner,
                score=match.score,
                reasons=[reason_text(r, partner) for r in match.reasons],
                two_sided=match.they_meet > 0 and match.you_meet > 0,
                introduction=introduction,
            )
        )
    return suggestions


def introductions_for(member: Member) -> QuerySet[Introduction]:
    return (
        Introduction.objects.filter(Q(requester=member) | Q(recipient=member))
        .select_related("requester__town", "recipient__town", "requester__user", "recipient__user")
        .order_by("-created_at")
    )


def access_introduction_for_user(user: AnyUser, introduction_id: int) -> Introduction:
    introduction = (
        Introduction.objects.select_related("requester__user", "recipient__user")
        .filter(pk=introduction_id)
        .first()
    )
    member = getattr(user, "member", None) if user.is_authenticated else None
    if introduction is None:
        raise Http404
    involved = member is not None and member.pk in (
        introduction.requester_id,
        introduction.recipient_id,
    )
    if not (involved or is_curator(user)):
        raise Http404
    return introduction


def network_introductions() -> QuerySet[Introduction]:
    return Introduction.objects.select_related(
        "requester__town", "recipient__town", "brokered_by"
    ).order_by("-created_at")


@dataclass
class NeedCoverage:
    need: ResourceItem
    covered_by: list[tuple[ResourceItem, float]] = field(default_factory=list)


def partner_map_coverage(partner_map: PartnerMap) -> list[NeedCoverage]:
    """Return every need of the partnership with the partners' offers that meet it."""
    members = list(partner_map.members.all())
    ids = [m.pk for m in members]
    items = {
        item.pk: item
        for item in ResourceItem.objects.filter(member_id__in=ids)
        .exclude(visibility=Visibility.CURATORS)
        .select_related("member")
    }
    coverage = {item.pk: NeedCoverage(item) for item in items.values() if item.direction == "need"}
    pairs = [(a, b) for a in ids for b in ids if a != b]
    found = []
    with current_index() as index:
        for member_id, partner_id in pairs:
            try:
                found.extend(index.reasons(member_id, partner_id))
            except KeyError:  # a member without a map yet
                continue
    for reason in found:
        if reason.direction != "they_offer":
            continue
        need = coverage.get(cast(int, reason.need_item_id))
        offer = items.get(cast(int, reason.offer_item_id))
        if need is not None and offer is not None:
            need.covered_by.append((offer, reason.similarity))
    for need in coverage.values():
        need.covered_by.sort(key=lambda pair: -pair[1])
    return sorted(coverage.values(), key=lambda c: (bool(c.covered_by), c.need.member_id))
