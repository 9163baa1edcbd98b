"""Members the matching engine suggests for a project's open roles and uncovered needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from matching.live_index import current_index
from members.models import Member
from projects.models import Project, ProjectNeed, TeamMembership, TeamRole

SUGGESTIONS_PER_GAP = 5

# The engine reads Russian: each role adds the words people use for it in their offers.
ROLE_WORDS = {
    "producer": "продюсер организация проектов",
    "master": "мастер изготовление изделий ремесло",
    "designer": "дизайнер дизайн упаковки и айдентики",
    "marketer": "маркетолог продвижение реклама соцсети",
    "photographer": "фотограф предметная фотосъёмка",
    "manager": "менеджер проектов организация",
    "other": "",
}


@dataclass
class Candidate:
    member: Member
    score: float
    reasons: list[str]


@dataclass
class Gap:
    """An open role or an uncovered need, with the members who could fill it."""

    role: TeamRole | None = None
    need: ProjectNeed | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.need is not None:
            return self.need.text
        assert self.role is not None
        return f"{ROLE_WORDS.get(self.role.kind, '')} {self.role.description}".strip()


def team_gaps(
    project: Project,
    roles: list[TeamRole],
    needs: list[ProjectNeed],
    team: list[TeamMembership],
    *,
    k: int = SUGGESTIONS_PER_GAP,
) -> list[Gap]:
    """Return each open role and need with up to k suggested members and the reasons.

    Everyone already on the team or invited is left out. One query for the members whatever
    the number of gaps; the index answers the rest from memory.
    """
    gaps = [Gap(role=r) for r in roles] + [Gap(need=n) for n in needs]
    if not gaps:
        return gaps
    industries = [i.slug for i in project.industries.all()]
    towns = list(project.towns.all())
    town = towns[0].slug if towns else project.owner.town.slug
    exclude = {m.member_id for m in team}
    found = {}
    with current_index() as index:
        for number, gap in enumerate(gaps):
            if gap.text:
                found[number] = index.rank_offers_for_text(
                    gap.text, industries=industries, town=town, k=k, exclude=exclude
                )
    ids = {cast(int, m.partner_id) for matches in found.values() for m in matches}
    members = Member.objects.filter(is_active=True).select_related("town").in_bulk(ids)
    for number, matches in found.items():
        for match in matches:
            member = members.get(cast(int, match.partner_id))
            if member is None or not (member.is_resident or member.is_producer):
                continue
            reasons = [r.offer_text for r in match.reasons]
            gaps[number].candidates.append(Candidate(member, match.score, reasons))
    return gaps
