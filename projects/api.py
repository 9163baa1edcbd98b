"""Projects, teams, interest and products as JSON: the same services and access checks as
the pages. Wrong input answers 422, a person without the right place 403, a state that does not
allow the action 409 (an edit from a stale version too, with the current version in `details`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import File, Query, Router, Schema, Status, UploadedFile

from core.api import AUTH, ApiError, ErrorOut, current_user
from core.http import ApiRequest
from core.models import Industry, Town
from events.models import Event
from members.models import Member
from projects.models import Pitch, ProjectNeed, Stage, TeamRole, Unit
from projects.queries import (
    access_interest_for_user,
    access_membership_for_invitee,
    access_product_for_user,
    access_project_for_user,
    interests_of,
    is_owner,
    my_invitations,
    next_moves,
    open_needs,
    product_list,
    project_list,
    role_slots,
    team_of,
    transitions_of,
)
from projects.schemas import (
    AnswerIn,
    FollowUpIn,
    GapOut,
    InterestIn,
    InterestOut,
    InviteIn,
    MembershipOut,
    MessageOut,
    MoveRefusedOut,
    NeedIn,
    NeedOut,
    NextMoveOut,
    PhotoOut,
    PitchIn,
    PitchOut,
    ProductIn,
    ProductOut,
    ProjectIn,
    ProjectOut,
    ProjectUpdateIn,
    RoleIn,
    RoleOut,
    StepIn,
    StepOut,
    TeamOut,
    TransitionIn,
    TransitionOut,
)
from projects.services import (
    MakerShare,
    ProductData,
    ProjectData,
    check_add_need,
    check_add_photo,
    check_add_role,
    check_add_step,
    check_answer_invitation,
    check_create_product,
    check_create_project,
    check_follow_up_interest,
    check_invite,
    check_move_project,
    check_record_interest,
    check_record_pitch,
    check_update_product,
    check_update_project,
    invalid_event_error,
)
from projects.suggestions import team_gaps

router = Router(tags=["projects"], auth=AUTH)


def _invalid(field: str, message: str) -> ApiError:
    return ApiError("invalid_input", message, 422, {field: [message]})


def _project_data(payload: ProjectIn) -> ProjectData:
    industries = list(Industry.objects.filter(slug__in=payload.industries))
    if len(industries) != len(set(payload.industries)):
        raise _invalid("industries", _("Unknown industry."))
    towns = list(Town.objects.filter(slug__in=payload.towns))
    if len(towns) != len(set(payload.towns)):
        raise _invalid("towns", _("Unknown town."))
    return ProjectData(
        title=payload.title,
        summary=payload.summary,
        industries=industries,
        towns=towns,
        budget=payload.budget,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- Projects ---------------------------------------------------------------------------


class ProjectFilters(Schema):
    stage: str = SchemaField("", description="Only projects at this stage.")
    q: str = SchemaField("", description="Words in the title or summary.")


@router.get("/projects", response=list[ProjectOut], summary="Projects I may see, newest first")
def list_projects(request: ApiRequest, filters: Query[ProjectFilters]) -> Any:
    stage = filters.stage if filters.stage in Stage.values else ""
    return list(project_list(request.auth, stage, filters.q[:100]).prefetch_related("towns")[:100])


@router.post("/projects", response={201: ProjectOut, **ERRORS}, summary="Start an idea")
def create_project(request: ApiRequest, payload: ProjectIn) -> Any:
    project = check_create_project(request.auth, _project_data(payload))
    return Status(201, access_project_for_user(request.auth, project.pk))


@router.get(
    "/projects/{project_id}", response={200: ProjectOut, 404: ErrorOut}, summary="One project"
)
def get_project(request: ApiRequest, project_id: int) -> Any:
    return access_project_for_user(request.auth, project_id)


@router.put(
    "/projects/{project_id}",
    response={200: ProjectOut, **ERRORS},
    summary="Edit a project (team); send the version you started from",
)
def update_project(request: ApiRequest, project_id: int, payload: ProjectUpdateIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    check_update_project(project, request.auth, _project_data(payload), payload.version)
    return access_project_for_user(request.auth, project_id)


@router.get(
    "/projects/{project_id}/transitions",
    response={200: list[TransitionOut], 404: ErrorOut},
    summary="The project's stage history, oldest first",
)
def list_transitions(request: ApiRequest, project_id: int) -> Any:
    return list(transitions_of(access_project_for_user(request.auth, project_id)))


@router.get(
    "/projects/{project_id}/moves",
    response={200: list[NextMoveOut], 404: ErrorOut},
    summary="What moving the project to each next stage needs, met or not",
)
def list_moves(request: ApiRequest, project_id: int) -> Any:
    project = access_project_for_user(request.auth, project_id)
    return [
        {
            "stage": move.stage,
            "allowed": not move.blocked,
            "waivable": move.waivable,
            "requirements": move.requirements,
        }
        for move in next_moves(project)
    ]


@router.post(
    "/projects/{project_id}/transitions",
    response={200: ProjectOut, 403: ErrorOut, 404: ErrorOut, 409: MoveRefusedOut, 422: ErrorOut},
    summary=(
        "Move the project to the next stage (owner), close it (owner or curator), or move it "
        "past unmet rules with a reason (curator)"
    ),
)
def move_project(request: ApiRequest, project_id: int, payload: TransitionIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    if payload.stage not in Stage.values:
        raise _invalid("stage", _("Unknown stage."))
    check_move_project(
        project,
        request.auth,
        payload.stage,
        payload.comment,
        curator_override=payload.override,
    )
    return access_project_for_user(request.auth, project_id)


@router.post(
    "/projects/{project_id}/steps",
    response={201: StepOut, **ERRORS},
    summary="Add a step to the plan (team)",
)
def add_step(request: ApiRequest, project_id: int, payload: StepIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    return Status(201, check_add_step(project, request.auth, payload.title, payload.due_on))


# --- Team -------------------------------------------------------------------------------


def _team_out(project: Any) -> dict[str, Any]:
    members = team_of(project)
    slots = role_slots(project, members)
    return {
        "members": members,
        "roles": [
            {
                "id": slot.role.pk,
                "kind": slot.role.kind,
                "description": slot.role.description,
                "member_id": slot.membership.member_id if slot.membership else None,
                "is_open": slot.is_open,
            }
            for slot in slots
        ],
        "needs": list(project.needs.all()),
    }


@router.get(
    "/projects/{project_id}/team",
    response={200: TeamOut, 404: ErrorOut},
    summary="The team: members, invitations, roles and needs",
)
def get_team(request: ApiRequest, project_id: int) -> Any:
    return _team_out(access_project_for_user(request.auth, project_id))


@router.post(
    "/projects/{project_id}/roles", response={201: RoleOut, **ERRORS}, summary="Add a role (owner)"
)
def add_role(request: ApiRequest, project_id: int, payload: RoleIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    role = check_add_role(project, request.auth, payload.kind, payload.description)
    return Status(
        201,
        {
            "id": role.pk,
            "kind": role.kind,
            "description": role.description,
            "member_id": None,
            "is_open": True,
        },
    )


@router.post(
    "/projects/{project_id}/needs",
    response={201: NeedOut, **ERRORS},
    summary="Add something the project needs (team)",
)
def add_need(request: ApiRequest, project_id: int, payload: NeedIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    return Status(201, check_add_need(project, request.auth, payload.type, payload.text))


@router.get(
    "/projects/{project_id}/suggestions",
    response={200: list[GapOut], **ERRORS},
    summary="Members who could fill each open role and need, with reasons (owner)",
)
def list_suggestions(request: ApiRequest, project_id: int) -> Any:
    project = access_project_for_user(request.auth, project_id)
    if not is_owner(request.auth, project):
        raise ApiError("not_owner", _("Only the project's owner can do this."), 403)
    members = team_of(project)
    roles = [slot.role for slot in role_slots(project, members) if slot.is_open]
    gaps = team_gaps(project, roles, open_needs(project), members, viewer=request.auth)
    return [
        {
            "role_id": gap.role.pk if gap.role else None,
            "need_id": gap.need.pk if gap.need else None,
            "text": gap.text,
            "candidates": [
                {
                    "member_id": c.member.pk,
                    "name": c.member.display_name,
                    "town": c.member.town.slug,
                    "score": c.score,
                    "reasons": c.reasons,
                }
                for c in gap.candidates
            ],
        }
        for gap in gaps
    ]


@router.post(
    "/projects/{project_id}/invitations",
    response={201: MembershipOut, **ERRORS},
    summary="Invite a member to the team (owner)",
)
def invite(request: ApiRequest, project_id: int, payload: InviteIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    invitee = Member.objects.filter(pk=payload.member_id).first()
    role = TeamRole.objects.filter(pk=payload.role_id).first() if payload.role_id else None
    need = ProjectNeed.objects.filter(pk=payload.need_id).first() if payload.need_id else None
    if payload.role_id and role is None:
        raise _invalid("role_id", _("Choose a role of this project."))
    if payload.need_id and need is None:
        raise _invalid("need_id", _("Choose a need of this project."))
    membership = check_invite(
        project,
        request.auth,
        invitee,
        role=role,
        need=need,
        message=payload.message,
    )
    return Status(201, membership)


@router.get(
    "/me/invitations", response=list[MembershipOut], summary="Invitations waiting for my answer"
)
def list_my_invitations(request: ApiRequest) -> Any:
    return list(my_invitations(request.auth).select_related("member"))


@router.post(
    "/invitations/{membership_id}/answer",
    response={200: MembershipOut, **ERRORS},
    summary="Accept or decline an invitation (the invitee)",
)
def answer_invitation(request: ApiRequest, membership_id: int, payload: AnswerIn) -> Any:
    membership = access_membership_for_invitee(request.auth, membership_id)
    return check_answer_invitation(membership, request.auth, payload.accept)


# --- Pitches and interest ---------------------------------------------------------------


@router.post(
    "/projects/{project_id}/pitches",
    response={201: PitchOut, **ERRORS},
    summary="Record a pitch to partners (team or curators)",
)
def add_pitch(request: ApiRequest, project_id: int, payload: PitchIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    event = Event.objects.filter(pk=payload.event_id).first() if payload.event_id else None
    if payload.event_id and event is None:
        raise invalid_event_error()
    pitch = check_record_pitch(
        project,
        request.auth,
        event=event,
        held_on=payload.held_on,
        note=payload.note,
    )
    return Status(201, pitch)


@router.get(
    "/projects/{project_id}/interests",
    response={200: list[InterestOut], 404: ErrorOut},
    summary="Partners' interest in the project: all for the team, one's own for a partner",
)
def list_interests(request: ApiRequest, project_id: int) -> Any:
    user = request.auth
    return list(interests_of(access_project_for_user(user, project_id), user))


@router.post(
    "/projects/{project_id}/interests",
    response={201: InterestOut, **ERRORS},
    summary="Record interest in a project (partners and curators)",
)
def add_interest(request: ApiRequest, project_id: int, payload: InterestIn) -> Any:
    project = access_project_for_user(request.auth, project_id)
    pitch = Pitch.objects.filter(pk=payload.pitch_id).first() if payload.pitch_id else None
    if payload.pitch_id and pitch is None:
        raise _invalid("pitch_id", _("Choose a pitch of this project."))
    interest = check_record_interest(
        project,
        request.auth,
        payload.kind,
        amount=payload.amount,
        comment=payload.comment,
        pitch=pitch,
    )
    return Status(201, interest)


@router.post(
    "/interests/{interest_id}/follow-ups",
    response={201: MessageOut, **ERRORS},
    summary="Answer an interest or change its status (the team and the partner)",
)
def follow_up(request: ApiRequest, interest_id: int, payload: FollowUpIn) -> Any:
    interest = access_interest_for_user(request.auth, interest_id)
    message = check_follow_up_interest(interest, request.auth, payload.text, payload.status)
    return Status(201, message)


# --- Products ---------------------------------------------------------------------------


def _product_data(payload: ProductIn, project: Any = None) -> ProductData:
    members = Member.objects.in_bulk([m.member_id for m in payload.makers])
    makers = [MakerShare(members.get(m.member_id), m.share) for m in payload.makers]
    return ProductData(
        title=payload.title,
        description=payload.description,
        price=payload.price,
        unit=payload.unit,
        is_listed=payload.is_listed,
        project=project,
        makers=makers,
    )


class ProductFilters(Schema):
    listed: bool = SchemaField(True, description="Only products in the catalogue.")


@router.get("/products", response=list[ProductOut], auth=None, summary="Products (the catalogue)")
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> Any:
    products = product_list(current_user(request))
    if filters.listed:
        products = products.filter(is_listed=True)
    return list(products[:200])


@router.post("/products", response={201: ProductOut, **ERRORS}, summary="Add a product")
def create_product(request: ApiRequest, payload: ProductIn) -> Any:
    project = (
        access_project_for_user(request.auth, payload.project_id) if payload.project_id else None
    )
    if payload.unit not in Unit.values:
        raise _invalid("unit", _("Unknown unit."))
    product = check_create_product(request.auth, _product_data(payload, project))
    return Status(201, access_product_for_user(request.auth, product.pk))


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, 404: ErrorOut},
    auth=None,
    summary="One product",
)
def get_product(request: HttpRequest, product_id: int) -> Any:
    return access_product_for_user(current_user(request), product_id)


@router.put(
    "/products/{product_id}",
    response={200: ProductOut, **ERRORS},
    summary="Change a product card (its owner or project team)",
)
def update_product(request: ApiRequest, product_id: int, payload: ProductIn) -> Any:
    product = access_product_for_user(request.auth, product_id)
    if payload.unit not in Unit.values:
        raise _invalid("unit", _("Unknown unit."))
    check_update_product(product, request.auth, _product_data(payload, product.project))
    return access_product_for_user(request.auth, product_id)


@router.post(
    "/products/{product_id}/photos",
    response={201: PhotoOut, **ERRORS},
    summary="Upload a product photo (JPEG, PNG or WebP; a thumbnail is made)",
)
def add_photo(request: ApiRequest, product_id: int, image: File[UploadedFile]) -> Any:
    product = access_product_for_user(request.auth, product_id)
    return Status(201, check_add_photo(product, request.auth, image))
