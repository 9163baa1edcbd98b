"""A project's plan steps and the resources it needs."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from projects import stages
from projects.models import Project, ProjectNeed, ProjectStep
from projects.services.guards import ProjectError, require_open, require_team
from resources.models import ItemType


def check_add_step(
    project: Project, user: User, title: str, due_on: date | None = None
) -> ProjectStep:
    require_team(project, user)
    require_open(project)
    if not title.strip():
        raise ProjectError("title_required", _("Describe the step."), "title")
    return ProjectStep.objects.create(project=project, title=title.strip()[:300], due_on=due_on)


def check_toggle_step(step: ProjectStep, user: User) -> ProjectStep:
    require_team(step.project, user)
    step.done_at = None if step.done_at else timezone.now()
    step.save(update_fields=["done_at"])
    return step


@transaction.atomic
def check_remove_step(step: ProjectStep, user: User) -> None:
    require_team(step.project, user)
    locked = Project.objects.select_for_update().get(pk=step.project_id)
    if stages.needs_start_date(locked.stage) and locked.steps.count() <= 1:
        raise ProjectError(
            "needs_plan_step", _("A launched project keeps at least one step."), kind="conflict"
        )
    step.delete()


def check_add_need(project: Project, user: User, type_: str, text: str) -> ProjectNeed:
    require_team(project, user)
    require_open(project)
    if type_ not in ItemType.values:
        raise ProjectError("invalid_type", _("Choose what kind of resource it is."), "type")
    if not text.strip():
        raise ProjectError("text_required", _("Describe what the project needs."), "text")
    return ProjectNeed.objects.create(project=project, type=type_, text=text.strip()[:1000])


def check_remove_need(need: ProjectNeed, user: User) -> None:
    require_team(need.project, user)
    need.delete()
