"""Writes of a plan's steps: adding, editing, their status, order and files.

The same rules as for goals (`plans.services.plans`): only the plan's member, only while the
plan is open, the plan's row locked for every change of order.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import UploadError, check_upload
from members.models import User
from plans.models import Goal, Plan, Step, StepFile, StepStatus
from plans.services.plans import (
    MAX_FILES_PER_STEP,
    MAX_STEPS,
    PlanError,
    StepData,
    check_direction,
    check_due,
    check_editable,
    check_open,
    check_title,
    locked_plan,
    remove_files,
    renumbered,
)

# --- Steps -----------------------------------------------------------------------------------


def _check_step_data(plan: Plan, data: StepData) -> StepData:
    data.title = check_title(data.title)
    data.notes = data.notes.strip()
    if len(data.notes) > 3000:
        raise PlanError("notes_too_long", _("At most 3000 characters."), "notes")
    check_due(plan, data.due)
    return data


def check_add_step(actor: User, goal: Goal, data: StepData) -> Step:
    """Add a step at the end of the goal; refuse a goal of someone else's plan."""
    plan = goal.plan
    check_editable(actor, plan)
    data = _check_step_data(plan, data)
    with transaction.atomic():
        check_open(locked_plan(plan))
        if goal.steps.count() >= MAX_STEPS:
            raise PlanError(
                "too_many_steps",
                _("A goal holds at most %(n)s steps.") % {"n": MAX_STEPS},
                None,
                kind="conflict",
            )
        last = goal.steps.aggregate(last=Max("position"))["last"] or 0
        return Step.objects.create(
            goal=goal, title=data.title, due=data.due, notes=data.notes, position=last + 1
        )


def check_edit_step(actor: User, step: Step, data: StepData) -> Step:
    plan = step.goal.plan
    check_editable(actor, plan)
    data = _check_step_data(plan, data)
    with transaction.atomic():
        check_open(locked_plan(plan))
        step.title, step.due, step.notes = data.title, data.due, data.notes
        step.updated_at = timezone.now()
        step.save(update_fields=["title", "due", "notes", "updated_at"])
    return step


def check_set_step_status(actor: User, step: Step, status: str) -> Step:
    plan = step.goal.plan
    check_editable(actor, plan)
    if status not in StepStatus.values:
        raise PlanError("wrong_status", _("Choose the step's status."), "status")
    with transaction.atomic():
        check_open(locked_plan(plan))
        step.status = status
        step.done_at = timezone.now() if status == StepStatus.DONE else None
        step.updated_at = timezone.now()
        step.save(update_fields=["status", "done_at", "updated_at"])
    return step


def check_delete_step(actor: User, step: Step) -> None:
    check_editable(actor, step.goal.plan)
    with transaction.atomic():
        check_open(locked_plan(step.goal.plan))
        files = list(step.files.all())
        step.delete()
        transaction.on_commit(lambda: remove_files(files))


def check_move_step(actor: User, step: Step, direction: str) -> None:
    check_editable(actor, step.goal.plan)
    check_direction(direction)
    with transaction.atomic():
        check_open(locked_plan(step.goal.plan))
        steps = renumbered(list(Step.objects.filter(goal_id=step.goal_id)), step.pk, direction)
        Step.objects.bulk_update(steps, ["position"])


def check_attach_step_file(actor: User, step: Step, upload: UploadedFile[bytes]) -> StepFile:
    """Attach a checked file to the step; raise PlanError for a refused file or too many."""
    check_editable(actor, step.goal.plan)
    try:
        checked = check_upload(upload)
    except UploadError as error:
        raise PlanError(error.code, error.message, "file") from error
    with transaction.atomic():
        check_open(locked_plan(step.goal.plan))
        if step.files.count() >= MAX_FILES_PER_STEP:
            raise PlanError(
                "too_many_files",
                _("A step holds at most %(n)s files.") % {"n": MAX_FILES_PER_STEP},
                "file",
                kind="conflict",
            )
        stored = StepFile(
            step=step,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            uploaded_by=actor,
        )
        stored.file.save(checked.name, checked.upload, save=False)
        try:
            stored.save()
        except BaseException:
            stored.file.delete(save=False)  # no row, no file
            raise
    return stored


def check_delete_step_file(actor: User, stored: StepFile) -> None:
    check_editable(actor, stored.step.goal.plan)
    with transaction.atomic():
        stored.delete()
        transaction.on_commit(lambda: stored.file.delete(save=False))
