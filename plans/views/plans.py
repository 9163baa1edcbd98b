"""Pages of a member's plan: «Мой план» (start, goals, steps, progress, closing the year), the
plan page others see when it is shared, and the curators' list of shared plans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from core.http import AuthenticatedRequest
from core.roles import curator_required, is_curator
from members.http import member_or_404
from plans.chart import progress_svg
from plans.forms import (
    CloseForm,
    GoalForm,
    MoveForm,
    StartPlanForm,
    StepFileForm,
    StepForm,
    StepStatusForm,
    TemplateForm,
    UpdateForm,
    VisibilityForm,
)
from plans.models import GoalUpdate, StepFile, StepStatus
from plans.queries import (
    GoalView,
    access_goal_for_owner,
    access_plan_for_owner,
    access_plan_for_user,
    access_step_for_owner,
    access_step_for_user,
    current_plan,
    is_owner,
    may_keep_a_plan,
    plan_view,
    plans_of,
    shared_plans,
)
from plans.services import (
    PlanError,
    allowed_years,
    check_add_goal,
    check_add_goal_from_template,
    check_add_step,
    check_attach_step_file,
    check_close_plan,
    check_delete_goal,
    check_delete_step,
    check_delete_step_file,
    check_delete_update,
    check_edit_goal,
    check_edit_step,
    check_move_goal,
    check_move_step,
    check_record_update,
    check_set_step_status,
    check_set_visibility,
    check_start_plan,
)
from plans.suggestions import suggestions_for_goals
from plans.templates_data import TEMPLATES

PAGE_SIZE = getattr(settings, "PLANS_PAGE_SIZE", 30)


def _keeper_or_404(request: AuthenticatedRequest) -> None:
    if not may_keep_a_plan(request.user):
        raise Http404


def _to_plan(plan_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("plans:plan", args=[plan_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: AuthenticatedRequest, error: PlanError) -> None:
    messages.error(request, error.message)


@login_required
def my_plan(request: AuthenticatedRequest) -> HttpResponse:
    """This year's plan, or the page to start it (blank or from last year's)."""
    _keeper_or_404(request)
    member = member_or_404(request)
    today = timezone.localdate()
    plan = current_plan(member, today.year)
    if plan is not None and request.method != "POST":
        return _to_plan(plan.pk)
    plans = list(plans_of(member))
    years = [year for year in allowed_years(today) if year not in {p.year for p in plans}]
    previous = next((p for p in plans if p.year < (years[0] if years else today.year)), None)
    form = StartPlanForm(request.POST or None, years=years or [today.year])
    status = 200
    if request.method == "POST" and form.is_valid():
        from_previous = request.POST.get("start") == "previous" and previous is not None
        try:
            started = check_start_plan(
                request.user,
                form.cleaned_data["year"],
                previous=previous if from_previous else None,
                visibility=form.cleaned_data["visibility"],
            )
        except PlanError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Your plan for %(year)s is started.") % {"year": started.year}
            )
            return _to_plan(started.pk)
    if request.method == "POST":
        status = 422
    context = {"form": form, "plans": plans, "previous": previous, "years": years}
    return render(request, "plans/my_plan.html", context, status=status)


def _chart(view: GoalView, year: int) -> str:
    return progress_svg(
        view.goal.baseline,
        view.goal.target,
        year,
        view.points,
        labels=(_("Reached"), _("Target")),
        month_names=[str(MONTHS_3[month]) for month in range(1, 13)],
        title=_("Progress of «%(goal)s»") % {"goal": view.goal.title},
    )


@login_required
def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_user(request.user, plan_id)
    owner = is_owner(request.user, plan)
    view = plan_view(plan)
    suggestions: dict[int, Any] = {}
    if not plan.is_closed and (owner or is_curator(request.user)):
        suggestions = suggestions_for_goals(plan.member, [g.goal for g in view.goals], request.user)
    for item in view.goals:
        item.chart = _chart(item, plan.year)
        item.suggestions = suggestions.get(item.goal.pk)
        # One form per goal card, so their fields' ids (and labels' `for`) stay unique.
        goal_ids = f"id_goal{item.goal.pk}_%s"
        item.step_form = StepForm(auto_id=goal_ids)
        item.update_form = UpdateForm(initial={"date": view.today}, auto_id=goal_ids)
    context = {
        "plan": plan,
        "view": view,
        "owner": owner,
        "editable": owner and not plan.is_closed,
        "templates": TEMPLATES,
        "template_form": TemplateForm(),
        "visibility_form": VisibilityForm(initial={"visibility": plan.visibility}),
        "step_statuses": StepStatus.choices,
        "next_plan": plan.next_plans.first() if owner and plan.is_closed else None,
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_visibility(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_owner(request.user, plan_id)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        try:
            check_set_visibility(request.user, plan, form.cleaned_data["visibility"])
        except PlanError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Saved: %(who)s.") % {"who": plan.get_visibility_display()})
    else:
        messages.error(request, _("Choose who sees the plan."))
    return _to_plan(plan.pk)


@login_required
def goal_add(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_owner(request.user, plan_id)
    if plan.is_closed:
        raise Http404
    form = GoalForm(
        request.POST or None,
        actor=request.user,
        member=plan.member,
        initial={"due": plan.last_day},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                goal = check_add_goal(request.user, plan, form.data_for_service())
            except PlanError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The goal is added: now detail it into steps."))
                return _to_plan(plan.pk, f"goal-{goal.pk}")
    context = {"plan": plan, "form": form, "goal": None}
    return render(request, "plans/goal_form.html", context, status=status)


@login_required
@require_POST
def goal_from_template(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_owner(request.user, plan_id)
    form = TemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the templates."))
        return _to_plan(plan.pk)
    try:
        goal = check_add_goal_from_template(request.user, plan, form.cleaned_data["template"])
    except PlanError as error:
        _refused(request, error)
        return _to_plan(plan.pk)
    messages.success(
        request, _("The goal «%(goal)s» is added with its steps: adjust them to your plan.")
        % {"goal": goal.title},
    )  # fmt: skip
    return _to_plan(plan.pk, f"goal-{goal.pk}")


@login_required
def goal_edit(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = access_goal_for_owner(request.user, goal_id)
    plan = goal.plan
    if plan.is_closed:
        raise Http404
    form = GoalForm(request.POST or None, actor=request.user, member=plan.member, goal=goal)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                check_edit_goal(request.user, goal, form.data_for_service())
            except PlanError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The goal is saved."))
                return _to_plan(plan.pk, f"goal-{goal.pk}")
    context = {"plan": plan, "form": form, "goal": goal}
    return render(request, "plans/goal_form.html", context, status=status)


def _owner_post(
    access: Callable[[Any, int], Any], act: Callable[[AuthenticatedRequest, Any], str]
) -> Callable[..., HttpResponse]:
    """Return a POST-only view over the owner's object: `act` does it and returns the
    anchor to go back to; a refusal is said as a message."""

    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, object_id: int) -> HttpResponse:
        found = access(request.user, object_id)
        plan_id = _plan_id_of(found)
        try:
            anchor = act(request, found)
        except PlanError as error:
            _refused(request, error)
            anchor = ""
        return _to_plan(plan_id, anchor)

    return view


def _plan_id_of(found: Any) -> int:
    if hasattr(found, "goal"):
        return int(found.goal.plan_id)
    return int(found.plan_id)


def _delete_goal(request: AuthenticatedRequest, goal: Any) -> str:
    check_delete_goal(request.user, goal)
    messages.success(request, _("The goal is deleted."))
    return ""


def _move_goal(request: AuthenticatedRequest, goal: Any) -> str:
    form = MoveForm(request.POST)
    check_move_goal(request.user, goal, form.data.get("direction", ""))
    return f"goal-{goal.pk}"


def _add_step(request: AuthenticatedRequest, goal: Any) -> str:
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the step a short title and a date within the plan's year."))
        return f"goal-{goal.pk}"
    check_add_step(request.user, goal, form.data_for_service())
    return f"goal-{goal.pk}"


def _record_update(request: AuthenticatedRequest, goal: Any) -> str:
    form = UpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in next(iter(form.errors.values()))))
        return f"goal-{goal.pk}"
    data = form.cleaned_data
    check_record_update(request.user, goal, data["value"], data["date"], data["comment"])
    messages.success(request, _("Progress recorded."))
    return f"goal-{goal.pk}"


def _step_status(request: AuthenticatedRequest, step: Any) -> str:
    form = StepStatusForm(request.POST)
    check_set_step_status(request.user, step, form.data.get("status", ""))
    return f"step-{step.pk}"


def _delete_step(request: AuthenticatedRequest, step: Any) -> str:
    goal_id = step.goal_id
    check_delete_step(request.user, step)
    return f"goal-{goal_id}"


def _move_step(request: AuthenticatedRequest, step: Any) -> str:
    check_move_step(request.user, step, MoveForm(request.POST).data.get("direction", ""))
    return f"step-{step.pk}"


def _attach_file(request: AuthenticatedRequest, step: Any) -> str:
    form = StepFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return f"step-{step.pk}"
    check_attach_step_file(request.user, step, form.cleaned_data["file"])
    messages.success(request, _("The file is attached."))
    return f"step-{step.pk}"


goal_delete = _owner_post(access_goal_for_owner, _delete_goal)
goal_move = _owner_post(access_goal_for_owner, _move_goal)
step_add = _owner_post(access_goal_for_owner, _add_step)
update_add = _owner_post(access_goal_for_owner, _record_update)
step_status = _owner_post(access_step_for_owner, _step_status)
step_delete = _owner_post(access_step_for_owner, _delete_step)
step_move = _owner_post(access_step_for_owner, _move_step)
step_file_add = _owner_post(access_step_for_owner, _attach_file)


@login_required
@require_POST
def update_delete(request: AuthenticatedRequest, update_id: int) -> HttpResponse:
    update = get_object_or_404(
        GoalUpdate.objects.select_related("goal__plan"),
        pk=update_id,
        goal__plan__member__user=request.user,
    )
    try:
        check_delete_update(request.user, update)
    except PlanError as error:
        _refused(request, error)
    return _to_plan(update.goal.plan_id, f"goal-{update.goal_id}")


@login_required
def step_edit(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = access_step_for_owner(request.user, step_id)
    plan = step.goal.plan
    if plan.is_closed:
        raise Http404
    initial = {"title": step.title, "due": step.due, "notes": step.notes}
    form = StepForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                check_edit_step(request.user, step, form.data_for_service())
            except PlanError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The step is saved."))
                return _to_plan(plan.pk, f"step-{step.pk}")
    context = {"plan": plan, "step": step, "form": form}
    return render(request, "plans/step_form.html", context, status=status)


@login_required
def step_file(request: AuthenticatedRequest, step_id: int, file_id: int) -> FileResponse:
    step = access_step_for_user(request.user, step_id)
    found = get_object_or_404(StepFile, pk=file_id, step=step)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def step_file_delete(request: AuthenticatedRequest, step_id: int, file_id: int) -> HttpResponse:
    step = access_step_for_owner(request.user, step_id)
    files = StepFile.objects.select_related("step__goal__plan")
    found = get_object_or_404(files, pk=file_id, step=step)
    try:
        check_delete_step_file(request.user, found)
    except PlanError as error:
        _refused(request, error)
    return _to_plan(step.goal.plan_id, f"step-{step.pk}")


@login_required
def plan_close(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_owner(request.user, plan_id)
    if plan.is_closed:
        return _to_plan(plan.pk)
    view = plan_view(plan)
    goals = [g.goal for g in view.goals]
    initial = {f"outcome_{g.goal.pk}": "reached" if g.reached else "" for g in view.goals}
    form = CloseForm(request.POST or None, goals=goals, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                check_close_plan(request.user, plan, form.cleaned_data["review"], form.outcomes())
            except PlanError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The year is closed. Well done!"))
                return _to_plan(plan.pk)
    rows = [(g, form[f"outcome_{g.goal.pk}"], form[f"note_{g.goal.pk}"]) for g in view.goals]
    context = {"plan": plan, "view": view, "form": form, "rows": rows}
    return render(request, "plans/plan_close.html", context, status=status)


@login_required
@require_POST
def plan_next(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for_owner(request.user, plan_id)
    try:
        started = check_start_plan(
            request.user, plan.year + 1, previous=plan, visibility=plan.visibility
        )
    except PlanError as error:
        _refused(request, error)
        return _to_plan(plan.pk)
    messages.success(
        request,
        _("Your plan for %(year)s is started: the goals not reached are carried over.")
        % {"year": started.year},
    )
    return _to_plan(started.pk)


@curator_required
def shared(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    page = Paginator(shared_plans(year), PAGE_SIZE).get_page(request.GET.get("page"))
    years = [today.year - 1, today.year, today.year + 1]
    return render(request, "plans/shared.html", {"page": page, "year": year, "years": years})


urlpatterns: list[URLPattern] = [
    path("plans/my/", my_plan, name="my_plan"),
    path("plans/shared/", shared, name="shared"),
    path("plans/<int:plan_id>/", plan_detail, name="plan"),
    path("plans/<int:plan_id>/visibility/", plan_visibility, name="plan_visibility"),
    path("plans/<int:plan_id>/goals/new/", goal_add, name="goal_add"),
    path("plans/<int:plan_id>/goals/template/", goal_from_template, name="goal_from_template"),
    path("plans/<int:plan_id>/close/", plan_close, name="plan_close"),
    path("plans/<int:plan_id>/next/", plan_next, name="plan_next"),
    path("plans/goals/<int:goal_id>/edit/", goal_edit, name="goal_edit"),
    path("plans/goals/<int:object_id>/delete/", goal_delete, name="goal_delete"),
    path("plans/goals/<int:object_id>/move/", goal_move, name="goal_move"),
    path("plans/goals/<int:object_id>/steps/", step_add, name="step_add"),
    path("plans/goals/<int:object_id>/updates/", update_add, name="update_add"),
    path("plans/updates/<int:update_id>/delete/", update_delete, name="update_delete"),
    path("plans/steps/<int:step_id>/edit/", step_edit, name="step_edit"),
    path("plans/steps/<int:object_id>/status/", step_status, name="step_status"),
    path("plans/steps/<int:object_id>/delete/", step_delete, name="step_delete"),
    path("plans/steps/<int:object_id>/move/", step_move, name="step_move"),
    path("plans/steps/<int:object_id>/files/", step_file_add, name="step_file_add"),
    path("plans/steps/<int:step_id>/files/<int:file_id>/", step_file, name="step_file"),
    path(
        "plans/steps/<int:step_id>/file-delete/<int:file_id>/",
        step_file_delete,
        name="step_file_delete",
    ),
]
