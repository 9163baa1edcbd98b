"""Every write to projects, teams, pitches, interests and products goes through here.

`check_*` functions validate what people send and raise `ProjectError` with a stable code;
nothing is written when they raise. A project's stage changes only in `check_move_project`,
under the project's row lock, after the entry rules in `projects.stages` pass; each change is
recorded. Edits carry the `version` they started from, so a second editor working from an old
copy gets a conflict instead of silently overwriting the first.

One module per topic: `guards` (who may act, the shared refusals), `projects` (create, edit,
move between stages), `plan` (steps and needs), `team`, `pitches` (and partners' interest),
`products`. Callers import from `projects.services`.
"""

from projects.services.guards import ProjectError
from projects.services.pitches import (
    check_follow_up_interest,
    check_record_interest,
    check_record_pitch,
    invalid_event_error,
)
from projects.services.plan import (
    check_add_need,
    check_add_step,
    check_remove_need,
    check_remove_step,
    check_toggle_step,
)
from projects.services.products import (
    MAX_PHOTOS,
    MakerShare,
    ProductData,
    ProductError,
    check_add_photo,
    check_create_product,
    check_remove_photo,
    check_update_product,
)
from projects.services.projects import (
    ConflictError,
    ProjectData,
    StageRequirementsError,
    check_create_project,
    check_move_project,
    check_update_project,
)
from projects.services.team import (
    check_add_role,
    check_answer_invitation,
    check_invite,
    check_remove_from_team,
    check_remove_role,
)

__all__ = [
    "MAX_PHOTOS",
    "ConflictError",
    "MakerShare",
    "ProductData",
    "ProductError",
    "ProjectData",
    "ProjectError",
    "StageRequirementsError",
    "check_add_need",
    "check_add_photo",
    "check_add_role",
    "check_add_step",
    "check_answer_invitation",
    "check_create_product",
    "check_create_project",
    "check_follow_up_interest",
    "check_invite",
    "check_move_project",
    "check_record_interest",
    "check_record_pitch",
    "check_remove_from_team",
    "check_remove_need",
    "check_remove_photo",
    "check_remove_role",
    "check_remove_step",
    "check_toggle_step",
    "check_update_product",
    "check_update_project",
    "invalid_event_error",
]
