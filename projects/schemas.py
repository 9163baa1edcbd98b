"""JSON shapes for projects, teams, interest and products; every field says what it means."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from projects.models import (
    Interest,
    Product,
    ProductMaker,
    ProductPhoto,
    Project,
    ProjectNeed,
    StageTransition,
    TeamMembership,
)


class ProjectIn(Schema):
    title: str = Field(description="Title, 1–200 characters.")
    summary: str = Field("", description="What the project makes, for whom, what it needs.")
    industries: list[str] = Field([], description="Creative industry slugs.")
    towns: list[str] = Field([], description="Town slugs; empty means the owner's town.")
    budget: Decimal | None = Field(None, description="Budget in roubles, ≥ 0; null if unknown.")
    starts_on: date | None = Field(None, description="Start date, YYYY-MM-DD.")
    ends_on: date | None = Field(None, description="End date, YYYY-MM-DD, not before the start.")


class ProjectUpdateIn(ProjectIn):
    version: int = Field(
        description="The `version` the edit started from; a newer saved version answers 409."
    )


class ProjectOut(Schema):
    id: int = Field(description="Project identifier.")
    title: str = Field(description="Title.")
    summary: str = Field(description="Summary.")
    stage: str = Field(description="idea, pitch, team, launched, completed or closed.")
    closed_reason: str = Field(description="Why it closed; empty unless closed.")
    owner_id: int = Field(description="Member id of the owner (usually a producer).")
    owner_name: str = Field(description="Owner's display name.")
    industries: list[str] = Field(description="Creative industry slugs.")
    towns: list[str] = Field(description="Town slugs.")
    budget: Decimal | None = Field(description="Budget in roubles, or null.")
    starts_on: date | None = Field(description="Start date, or null.")
    ends_on: date | None = Field(description="End date, or null.")
    is_published: bool = Field(description="Seen by members and partners (reached the pitch).")
    partner_map_id: int | None = Field(description="The team's partner resource map.")
    version: int = Field(description="Send it back with an edit (optimistic locking).")
    updated_at: datetime = Field(description="Last change.")

    @staticmethod
    def resolve_owner_name(obj: Project) -> str:
        return obj.owner.display_name

    @staticmethod
    def resolve_industries(obj: Project) -> list[str]:
        return [i.slug for i in obj.industries.all()]

    @staticmethod
    def resolve_towns(obj: Project) -> list[str]:
        return [t.slug for t in obj.towns.all()]

    @staticmethod
    def resolve_is_published(obj: Project) -> bool:
        return obj.is_published


class TransitionIn(Schema):
    stage: str = Field(
        description="The stage to move to: pitch, team, launched, completed, closed."
    )
    comment: str = Field("", description="Why; required when closing or overriding.")
    override: bool = Field(
        False,
        description=(
            "Curators only: move although waivable rules are not met (a pitch, the team, "
            "answers, needs, steps done); `comment` is the reason, kept in the history."
        ),
    )


class TransitionOut(Schema):
    from_stage: str = Field(description="Stage before; empty for the creation.")
    to_stage: str = Field(description="Stage after.")
    actor_id: int | None = Field(description="User id of who made the change.")
    comment: str = Field(description="Comment, may be empty; the reason of an override.")
    override: bool = Field(description="A curator made the move although rules were not met.")
    waived: list[str] = Field(description="Codes of the rules the override waived.")
    created_at: datetime = Field(description="When.")

    @staticmethod
    def resolve_waived(obj: StageTransition) -> list[str]:
        return [entry["code"] for entry in obj.waived]


class MissingOut(Schema):
    code: str = Field(
        description=(
            "Stable rule code: needs_summary, needs_industry, needs_pitch, needs_team, "
            "needs_roles_filled, needs_invitations_answered, needs_covered, needs_start_date, "
            "needs_plan_step, needs_steps_done, needs_end_date."
        )
    )
    message: str = Field(description="The rule and what breaks it, in the caller's language.")
    items: list[str] = Field(description="The roles, people, needs or steps that break it.")


class MoveRefusalDetails(Schema):
    stage: str = Field(description="The stage the move was to.")
    missing: list[MissingOut] = Field(description="Every rule not met, in the order to fix them.")


class MoveRefusedOut(Schema):
    code: str = Field(
        description="`stage_requirements_unmet`, or `illegal_transition` for a stage out of order."
    )
    message: str = Field(description="What is missing, in the caller's language.")
    details: MoveRefusalDetails | None = Field(
        None, description="For `stage_requirements_unmet`: every rule not met."
    )


class RequirementOut(Schema):
    code: str = Field(description="Stable rule code, as in MissingOut.")
    text: str = Field(description="The rule in words.")
    met: bool = Field(description="Whether the project meets it now.")
    items: list[str] = Field(description="What breaks it, when it is not met.")


class NextMoveOut(Schema):
    stage: str = Field(description="A stage the project may move to next (closing aside).")
    allowed: bool = Field(description="Every rule is met: the owner can make the move now.")
    waivable: bool = Field(description="A curator may make the move with a reason anyway.")
    requirements: list[RequirementOut] = Field(description="Every rule of the move.")


class StepIn(Schema):
    title: str = Field(description="What to do, 1–300 characters.")
    due_on: date | None = Field(None, description="Due date, YYYY-MM-DD.")


class StepOut(Schema):
    id: int = Field(description="Step identifier.")
    title: str = Field(description="What to do.")
    due_on: date | None = Field(description="Due date, or null.")
    done_at: datetime | None = Field(description="When it was done, or null.")


class RoleIn(Schema):
    kind: str = Field(
        description="master, designer, marketer, photographer, manager, producer or other."
    )
    description: str = Field("", description="What the role does; the matching engine reads it.")


class RoleOut(Schema):
    id: int = Field(description="Role identifier.")
    kind: str = Field(description="Role kind.")
    description: str = Field(description="What the role does.")
    member_id: int | None = Field(description="Who holds or is invited to it; null if open.")
    is_open: bool = Field(description="Nobody holds it or is invited to it.")


class NeedIn(Schema):
    type: str = Field(description="Resource type: premises, equipment, skill, sales_channel, …")
    text: str = Field(description="What the project needs, in words.")


class NeedOut(Schema):
    id: int = Field(description="Need identifier.")
    type: str = Field(description="Resource type.")
    text: str = Field(description="What is needed.")
    covered_by: int | None = Field(description="Member id of who covers it, or null.")

    @staticmethod
    def resolve_covered_by(obj: ProjectNeed) -> int | None:
        return obj.covered_by_id


class MembershipOut(Schema):
    id: int = Field(description="Membership (invitation) identifier.")
    project_id: int = Field(description="Project identifier.")
    project_title: str = Field(description="Project title.")
    member_id: int = Field(description="Member identifier.")
    member_name: str = Field(description="Member's display name.")
    role_id: int | None = Field(description="Role, or null.")
    need_id: int | None = Field(description="The need the invitation answers, or null.")
    status: str = Field(description="invited, confirmed, declined or left.")
    message: str = Field(description="The owner's message with the invitation.")

    @staticmethod
    def resolve_project_title(obj: TeamMembership) -> str:
        return obj.project.title

    @staticmethod
    def resolve_member_name(obj: TeamMembership) -> str:
        return obj.member.display_name


class TeamOut(Schema):
    members: list[MembershipOut] = Field(description="Confirmed members and open invitations.")
    roles: list[RoleOut] = Field(description="Roles, filled and open.")
    needs: list[NeedOut] = Field(description="What the project needs.")


class InviteIn(Schema):
    member_id: int = Field(description="The member to invite.")
    role_id: int | None = Field(None, description="The open role offered, if any.")
    need_id: int | None = Field(None, description="The need the invitation answers, if any.")
    message: str = Field("", description="A line for the invitee.")


class AnswerIn(Schema):
    accept: bool = Field(description="True to join the team, false to decline.")


class CandidateOut(Schema):
    member_id: int = Field(description="Suggested member.")
    name: str = Field(description="Display name.")
    town: str = Field(description="Town slug.")
    score: float = Field(description="How well their offers meet the gap, higher is better.")
    reasons: list[str] = Field(description="Their offers that meet it, in their own words.")


class GapOut(Schema):
    role_id: int | None = Field(description="The open role, or null for a need.")
    need_id: int | None = Field(description="The uncovered need, or null for a role.")
    text: str = Field(description="What the engine searched for.")
    candidates: list[CandidateOut] = Field(description="Suggested members, best first.")


class PitchIn(Schema):
    event_id: int | None = Field(None, description="The event it was presented at, if any.")
    held_on: date | None = Field(None, description="Date; today if empty.")
    note: str = Field("", description="What was presented.")


class PitchOut(Schema):
    id: int = Field(description="Pitch identifier.")
    event_id: int | None = Field(description="Event, or null.")
    held_on: date = Field(description="Date.")
    note: str = Field(description="What was presented.")


class InterestIn(Schema):
    kind: str = Field(description="fund, buy, sell, premises, mentor or other.")
    amount: Decimal | None = Field(None, description="Amount in roubles, ≥ 0, if any.")
    comment: str = Field("", description="Comment for the team.")
    pitch_id: int | None = Field(None, description="The pitch it was recorded at, if any.")


class FollowUpIn(Schema):
    text: str = Field("", description="The answer or reply.")
    status: str = Field("", description="Optional new status: in_talks, agreed or dropped.")


class MessageOut(Schema):
    author_id: int | None = Field(description="User id of the author.")
    text: str = Field(description="Message.")
    status: str = Field(description="Status set with it, or empty.")
    created_at: datetime = Field(description="When.")


class InterestOut(Schema):
    id: int = Field(description="Interest identifier.")
    project_id: int = Field(description="Project.")
    pitch_id: int | None = Field(description="Pitch, or null.")
    author_id: int = Field(description="User id of the partner or curator.")
    kind: str = Field(description="fund, buy, sell, premises, mentor or other.")
    amount: Decimal | None = Field(description="Amount in roubles, or null.")
    comment: str = Field(description="Comment.")
    status: str = Field(description="open, in_talks, agreed or dropped.")
    messages: list[MessageOut] = Field(description="Follow-ups, oldest first.")

    @staticmethod
    def resolve_messages(obj: Interest) -> list[object]:
        return list(obj.messages.all())


class MakerIn(Schema):
    member_id: int = Field(description="A member who makes the product.")
    share: Decimal = Field(description="Their share in percent; shares add up to 100.")


class MakerOut(Schema):
    member_id: int = Field(description="Member.")
    name: str = Field(description="Display name.")
    share: Decimal = Field(description="Share in percent.")

    @staticmethod
    def resolve_name(obj: ProductMaker) -> str:
        return obj.member.display_name


class ProductIn(Schema):
    title: str = Field(description="Title.")
    description: str = Field("", description="Description.")
    price: Decimal = Field(description="Price in roubles, ≥ 0.")
    unit: str = Field("piece", description="piece, set, kg, litre, hour or service.")
    is_listed: bool = Field(False, description="Show in the catalogue and offer to shops.")
    project_id: int | None = Field(None, description="The project it belongs to (create only).")
    makers: list[MakerIn] = Field(description="One or more makers with shares adding to 100.")


class PhotoOut(Schema):
    id: int = Field(description="Photo identifier.")
    image: str = Field(description="URL of the original.")
    thumbnail: str = Field(description="URL of the thumbnail.")

    @staticmethod
    def resolve_image(obj: ProductPhoto) -> str:
        return obj.image.url

    @staticmethod
    def resolve_thumbnail(obj: ProductPhoto) -> str:
        return obj.thumbnail.url if obj.thumbnail else ""


class ProductOut(Schema):
    id: int = Field(description="Product identifier.")
    title: str = Field(description="Title.")
    description: str = Field(description="Description.")
    price: Decimal = Field(description="Price in roubles.")
    unit: str = Field(description="Unit of sale.")
    project_id: int | None = Field(description="Project, or null for a member's own product.")
    owner_member_id: int | None = Field(description="Owning member, or null for a project's.")
    is_listed: bool = Field(description="In the catalogue.")
    makers: list[MakerOut] = Field(description="Makers and their shares.")
    photos: list[PhotoOut] = Field(description="Photos with thumbnails.")
    created_at: datetime = Field(description="When the card was made.")

    @staticmethod
    def resolve_makers(obj: Product) -> list[object]:
        return list(obj.makers.all())

    @staticmethod
    def resolve_photos(obj: Product) -> list[object]:
        return list(obj.photos.all())
