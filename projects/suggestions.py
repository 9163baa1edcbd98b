"""Members the matching engine suggests for a project's open roles and uncovered needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import Q

from matching.live_index import current_index
from matching.queries import Ranking, visible_rankings
from members.models import Member
from members.queries import AnyUser, visible_members
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
        if self.role is None:
            raise ValueError("a gap is a role or a need")
        return f"{ROLE_WORDS.get(self.role.kind, '')} {self.role.description}".strip()


def team_gaps(
    project: Project,
    roles: list[TeamRole],
    needs: list[ProjectNeed],
    team: list[TeamMembership],
    *,
    viewer: AnyUser,
    k: int = SUGGESTIONS_PER_GAP,
) -> list[Gap]:
    """Return each open role and need with up to k suggested members and the reasons.

    Only residents and producers `viewer` may see are suggested; everyone already on the team
    or invited is left out. One query for the members whatever the number of gaps (more only
    when hidden members crowd a ranking); the index answers the rest from memory.
    """
    gaps = [Gap(role=r) for r in roles] + [Gap(need=n) for n in needs]
    if not gaps:
        return gaps
    industries = [i.slug for i in project.industries.all()]
    towns = list(project.towns.all())
    town = towns[0].slug if towns else project.owner.town.slug
    exclude = {m.member_id for m in team}
    candidates = (
        visible_members(viewer)
        .filter(Q(is_resident=True) | Q(is_producer=True))
        .select_related("town")
    )
    with current_index() as index:

        def ranking(text: str) -> Ranking:
            return lambda asked: index.rank_offers_for_text(
                text, industries=industries, town=town, k=asked, exclude=exclude
            )

        texts = [gap for gap in gaps if gap.text]
        found, members = visible_rankings([ranking(g.text) for g in texts], k, candidates)
    for gap, matches in zip(texts, found, strict=True):
        for match in matches:
            member = members[cast(int, match.partner_id)]
            reasons = [r.offer_text for r in match.reasons]
            gap.candidates.append(Candidate(member, match.score, reasons))
    return gaps
