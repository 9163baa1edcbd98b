"""Pages for projects, teams, pitches, interest and products. Thin: parse, call, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from core.roles import is_curator, member_required
from members.http import member_or_404
from members.queries import access_member_for_user, member_of
from projects import stages
from projects.forms import (
    FollowUpForm,
    InterestForm,
    InviteForm,
    MakerFormSet,
    MoveForm,
    NeedForm,
    PhotoForm,
    PitchForm,
    ProductForm,
    ProjectForm,
    RoleForm,
    StepForm,
    makers_from,
)
from projects.models import (
    MembershipStatus,
    Product,
    Project,
    Stage,
    TeamMembership,
)
from projects.queries import (
    STAGE_ORDER,
    access_interest_for_user,
    access_membership_for_invitee,
    access_membership_for_user,
    access_need_for_user,
    access_photo_for_user,
    access_product_for_editor,
    access_product_for_user,
    access_project_for_team,
    access_project_for_user,
    access_step_for_user,
    can_edit_product,
    interests_of,
    is_on_team,
    is_owner,
    maker_candidates,
    missing_in_words,
    my_invitations,
    next_moves,
    open_needs,
    portfolio_of,
    product_list,
    product_projects,
    project_list,
    role_slots,
    team_of,
    transitions_of,
)
from projects.services import (
    ConflictError,
    ProjectError,
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
    check_remove_from_team,
    check_remove_need,
    check_remove_photo,
    check_remove_step,
    check_toggle_step,
    check_update_product,
    check_update_project,
)
from projects.suggestions import team_gaps


def _attempt(
    request: HttpRequest, action: Callable[[dict[str, Any]], object], form: Any = None
) -> object | None:
    """Return what the action returns, called with the form's data; on bad input or a refused
    action tell the person why (the page they go back to shows it) and return None."""
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return None
    try:
        return action(form.cleaned_data if form is not None else {})
    except ProjectError as error:
        messages.error(request, error.message)
        return None


# --- Projects ---------------------------------------------------------------------------

PROJECT_QUERY_MAX_LENGTH = 100


@login_required
def project_list_view(request: AuthenticatedRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    query = request.GET.get("q", "").strip()
    if len(query) > PROJECT_QUERY_MAX_LENGTH:
        query = query[:PROJECT_QUERY_MAX_LENGTH]
        messages.warning(
            request,
            _("The search was too long; only its first %(count)s characters were used.")
            % {"count": PROJECT_QUERY_MAX_LENGTH},
        )
    projects = project_list(request.user, stage, query)[:100]
    member = member_of(request.user)
    context = {
        "projects": projects,
        "stage": stage,
        "query": query,
        "query_max_length": PROJECT_QUERY_MAX_LENGTH,
        "stages": [(s, Stage(s).label) for s in STAGE_ORDER],
        "can_create": member is not None and (member.is_resident or member.is_producer),
    }
    return render(request, "projects/project_list.html", context)


@member_required
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    member = member_or_404(request)
    if not (member.is_resident or member.is_producer):
        raise Http404
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = check_create_project(request.user, form.to_data())
        except ProjectError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("The idea is saved. Now gather the team: the platform suggests people below."),
            )
            return redirect("projects:team", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_detail(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    owner = is_owner(user, project)
    on_team = owner or is_on_team(user, project)
    team = team_of(project)
    steps = list(project.steps.all())
    curator = is_curator(user)
    moves = next_moves(project) if on_team or curator else []
    may_record_interest = (
        project.is_published
        and project.stage not in (Stage.COMPLETED, Stage.CLOSED)
        and bool(user.is_authenticated and (user.is_partner or is_curator(user)))
    )
    interests = list(interests_of(project, user))
    context = {
        "project": project,
        "team": [m for m in team if m.status == MembershipStatus.CONFIRMED],
        "invited": [m for m in team if m.status == MembershipStatus.INVITED],
        "steps": steps,
        "needs": list(project.needs.select_related("covered_by")),
        "transitions": [
            (t, [missing_in_words(stages.Missing(w["code"], tuple(w["items"]))) for w in t.waived])
            for t in transitions_of(project)
        ],
        "pitches": list(project.pitches.select_related("event")),
        "interests": interests,
        "products": list(product_list(user).filter(project=project)),
        "is_owner": owner,
        "on_team": on_team,
        "moves": [(move, Stage(move.stage).label) for move in moves],
        "is_curator": curator,
        "can_close": project.stage not in (Stage.COMPLETED, Stage.CLOSED) and (owner or curator),
        "may_record_interest": may_record_interest,
        "interest_form": InterestForm(project=project) if may_record_interest else None,
        "pitch_form": PitchForm(user=user)
        if on_team and project.is_published and project.stage not in stages.FINAL
        else None,
        "step_form": StepForm(),
        "follow_up_form": FollowUpForm(),
        "my_interest_ids": {i.pk for i in interests if i.author_id == user.pk},
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_edit(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_team(request.user, project_id)
    form = ProjectForm(request.POST or None, instance=project)
    theirs = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            check_update_project(project, request.user, form.to_data(), version)
        except ConflictError as conflict:
            theirs = conflict.current
            form.add_error(None, conflict.message)
            # The next save overwrites knowingly: it starts from their version.
            data = request.POST.copy()
            data["version"] = str(theirs.version)
            form.data = data
        except ProjectError as error:
            add_to_form(form, error)
        else:
            return redirect("projects:detail", project.pk)
    context = {"form": form, "project": project, "theirs": theirs}
    return render(request, "projects/project_form.html", context, status=409 if theirs else 200)


@login_required
@require_POST
def project_move(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_move_project(
            project, user, c["stage"], c["comment"], curator_override=c["override"]
        ),
        MoveForm(request.POST),
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def add_step(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_add_step(project, user, c["title"], c["due_on"]),
        StepForm(request.POST),
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def toggle_step(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = access_step_for_user(request.user, step_id)
    _attempt(request, lambda _c: check_toggle_step(step, request.user))
    return redirect("projects:detail", step.project_id)


@login_required
@require_POST
def remove_step(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = access_step_for_user(request.user, step_id)
    _attempt(request, lambda _c: check_remove_step(step, request.user))
    return redirect("projects:detail", step.project_id)


# --- Team -------------------------------------------------------------------------------


@login_required
def team(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    owner = is_owner(request.user, project)
    members = team_of(project)
    slots = role_slots(project, members)
    needs = list(project.needs.select_related("covered_by"))
    uncovered = open_needs(project)
    gaps = (
        team_gaps(
            project, [s.role for s in slots if s.is_open], uncovered, members, viewer=request.user
        )
        if owner and project.stage not in (Stage.COMPLETED, Stage.CLOSED)
        else []
    )
    context = {
        "project": project,
        "members": members,
        "slots": slots,
        "needs": needs,
        "gaps": gaps,
        "is_owner": owner,
        "on_team": owner or is_on_team(request.user, project),
        "role_form": RoleForm(),
        "need_form": NeedForm(),
    }
    return render(request, "projects/team.html", context)


@login_required
@require_POST
def add_role(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_add_role(project, user, c["kind"], c["description"]),
        RoleForm(request.POST),
    )
    return redirect("projects:team", project.pk)


@login_required
@require_POST
def add_need(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_add_need(project, user, c["type"], c["text"]),
        NeedForm(request.POST),
    )
    return redirect("projects:team", project.pk)


@login_required
@require_POST
def remove_need(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    need = access_need_for_user(request.user, need_id)
    _attempt(request, lambda _c: check_remove_need(need, request.user))
    return redirect("projects:team", need.project_id)


@login_required
@require_POST
def invite(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    form = InviteForm(request.POST)

    def invite_resolved(_c: dict[str, Any]) -> TeamMembership:
        fields = form.resolved(project)
        return check_invite(project, user, fields.pop("invitee"), **fields)

    membership = _attempt(request, invite_resolved, form)
    if isinstance(membership, TeamMembership):
        messages.success(
            request,
            _("%(name)s is invited. They will see it in their invitations.")
            % {"name": membership.member.display_name},
        )
    return redirect("projects:team", project.pk)


@login_required
@require_POST
def remove_member(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    membership = access_membership_for_user(request.user, membership_id)
    _attempt(request, lambda _c: check_remove_from_team(membership, request.user))
    return redirect("projects:team", membership.project_id)


@member_required
def invitations(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "projects/invitations.html",
        {"invitations": my_invitations(request.user)},
    )


@member_required
@require_POST
def answer_invitation(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    membership = access_membership_for_invitee(request.user, membership_id)
    accept = request.POST.get("answer") == "accept"
    answered = _attempt(
        request, lambda _c: check_answer_invitation(membership, request.user, accept)
    )
    if accept and answered is not None:
        return redirect("projects:detail", membership.project_id)
    return redirect("projects:invitations")


# --- Pitches and interest ---------------------------------------------------------------


@login_required
@require_POST
def add_pitch(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_record_pitch(
            project, user, event=c["event"], held_on=c["held_on"], note=c["note"]
        ),
        PitchForm(request.POST, user=user),
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def add_interest(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = access_project_for_user(request.user, project_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_record_interest(
            project, user, c["kind"], amount=c["amount"], comment=c["comment"], pitch=c["pitch"]
        ),
        InterestForm(request.POST, project=project),
    )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def follow_up(request: AuthenticatedRequest, interest_id: int) -> HttpResponse:
    interest = access_interest_for_user(request.user, interest_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_follow_up_interest(interest, user, c["text"], c["status"]),
        FollowUpForm(request.POST),
    )
    return redirect(reverse("projects:detail", args=[interest.project_id]) + "#interests")


# --- Portfolio --------------------------------------------------------------------------


def portfolio(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member_for_user(request.user, member_id)
    return render(
        request,
        "projects/portfolio.html",
        {"portfolio": portfolio_of(member, request.user), "stage_labels": dict(Stage.choices)},
    )


# --- Products ---------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    products = product_list(request.user)
    member = member_of(request.user)
    mine = request.GET.get("mine") == "1" and member is not None
    if mine:
        products = products.filter(owner_member=member) | products.filter(makers__member=member)
    else:
        products = products.filter(is_listed=True)
    context = {"products": products.distinct()[:200], "mine": mine, "is_member": member is not None}
    return render(request, "projects/catalogue.html", context)


def _product_page(
    request: AuthenticatedRequest, product: Product | None, project: Project | None
) -> HttpResponse:
    member = member_or_404(request)
    candidates = maker_candidates(member, project)
    form = ProductForm(request.POST or None, instance=product, projects=product_projects(member))
    if product is not None:
        initial = [{"member": m.member_id, "share": m.share} for m in product.makers.all()]
    else:
        initial = [{"member": member.pk, "share": 100}]
    formset = MakerFormSet(
        request.POST or None,
        prefix="makers",
        initial=initial,
        form_kwargs={"members": candidates},
    )
    if request.method == "GET":
        formset.extra = 2
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.to_data(makers_from(formset))
        try:
            if product is None:
                product = check_create_product(request.user, data)
            else:
                check_update_product(product, request.user, data)
        except ProjectError as error:
            add_to_form(form, error)
        else:
            return redirect("projects:product_detail", product.pk)
    context = {"form": form, "formset": formset, "product": product}
    return render(request, "projects/product_form.html", context)


@member_required
def product_create(request: AuthenticatedRequest) -> HttpResponse:
    project = None
    if request.GET.get("project", "").isdigit():
        project = access_project_for_user(request.user, int(request.GET["project"]))
    return _product_page(request, None, project)


def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    product = access_product_for_user(request.user, product_id)
    context = {
        "product": product,
        "can_edit": can_edit_product(request.user, product),
        "photo_form": PhotoForm(),
    }
    return render(request, "projects/product_detail.html", context)


@member_required
def product_edit(request: AuthenticatedRequest, product_id: int) -> HttpResponse:
    product = access_product_for_editor(request.user, product_id)
    return _product_page(request, product, product.project)


@member_required
@require_POST
def add_photo(request: AuthenticatedRequest, product_id: int) -> HttpResponse:
    product = access_product_for_user(request.user, product_id)
    user = request.user
    _attempt(
        request,
        lambda c: check_add_photo(product, user, c["image"]),
        PhotoForm(request.POST, request.FILES),
    )
    return redirect("projects:product_detail", product.pk)


@member_required
@require_POST
def remove_photo(request: AuthenticatedRequest, photo_id: int) -> HttpResponse:
    photo = access_photo_for_user(request.user, photo_id)
    _attempt(request, lambda _c: check_remove_photo(photo, request.user))
    return redirect("projects:product_detail", photo.product_id)
