from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from core.api import AUTH, ErrorOut
from core.http import ApiRequest
from core.roles import is_curator
from matching.queries import access_introduction_for_user, introductions_for, suggestions_for
from matching.schemas import AnswerIn, IntroductionIn, IntroductionOut, MatchOut
from matching.services import do_answer_introduction, do_request_introduction
from members.http import api_member
from members.models import Member
from members.queries import access_member_for_user

router = Router(tags=["matching"], auth=AUTH)


class MatchParams(Schema):
    limit: int = SchemaField(10, ge=1, le=50, description="How many partners, 1–50.")


def _my_member(request: ApiRequest) -> Member:
    return api_member(request, _("Only cluster members have partners suggested."))


@router.get(
    "/members/{member_id}/matches",
    response={200: list[MatchOut], 404: ErrorOut},
    summary="Suggested partners of a member (yourself, or anyone for curators)",
)
def member_matches(request: ApiRequest, member_id: int, params: Query[MatchParams]) -> Any:
    user = request.auth
    own = getattr(user, "member", None)
    if not (own is not None and own.pk == member_id) and not is_curator(user):
        raise Http404
    member = access_member_for_user(user, member_id)
    return [
        {
            "partner": s.partner.pk,
            "name": s.partner.display_name,
            "town": s.partner.town.slug,
            "score": round(s.score, 4),
            "two_sided": s.two_sided,
            "reasons": s.reasons,
        }
        for s in suggestions_for(member, params.limit, viewer=user)
    ]


@router.get("/me/introductions", response=list[IntroductionOut], summary="My introductions")
def list_introductions(request: ApiRequest) -> Any:
    return introductions_for(_my_member(request))[:200]


@router.post(
    "/me/introductions",
    response={201: IntroductionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Ask to be introduced to a member",
)
def request_introduction(request: ApiRequest, payload: IntroductionIn) -> Any:
    member = _my_member(request)
    partner = access_member_for_user(request.auth, payload.member)
    return Status(201, do_request_introduction(member, partner, payload.message))


@router.post(
    "/me/introductions/{introduction_id}/answer",
    response={200: IntroductionOut, 404: ErrorOut, 409: ErrorOut},
    summary="Accept or decline an introduction you were asked for",
)
def answer_introduction(request: ApiRequest, introduction_id: int, payload: AnswerIn) -> Any:
    member = _my_member(request)
    introduction = access_introduction_for_user(request.auth, introduction_id)
    return do_answer_introduction(introduction, member, payload.accept)
