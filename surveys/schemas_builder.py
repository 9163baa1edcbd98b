"""JSON shapes of the builder's API: surveys, their questions and the question bank."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

KINDS = "single, multiple, scale, number, short_text, long_text or yes_no"
STATES = "draft, scheduled (published, not open yet), open or closed"
ROLES = "resident, producer, partner or client"


class SurveyOut(Schema):
    id: int = Field(description="Survey number, as in the builder page's address.")
    title: str = Field(description="Title.")
    status: str = Field(description="draft, published or archived.")
    state: str = Field(description=f"Where it stands today: {STATES}.")
    is_anonymous: bool = Field(description="Whether answers are kept without any link to people.")
    opens_on: dt.date = Field(description="First day of answers, YYYY-MM-DD.")
    closes_on: dt.date = Field(description="Last day of answers, YYYY-MM-DD, included.")
    invited: int = Field(description="People invited.")
    answered: int = Field(description="Invited people who sent their response.")
    responses: int = Field(description="Responses sent.")
    response_rate: int | None = Field(
        description="Answered per invited, in whole per cent; null when nobody was invited."
    )


class SurveyPageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether another page follows (no total is counted).")
    results: list[SurveyOut] = Field(description="Surveys on this page, the newest first.")


class SurveySectionOut(Schema):
    id: int = Field(description="Section number.")
    title: str = Field(description="Title.")
    description: str = Field(description="Description; may be empty.")
    position: int = Field(description="Place in the survey, from 1.")


class SurveyTargetingOut(Schema):
    roles: list[str] = Field(description=f"Roles, any of which picks a person: {ROLES}.")
    towns: list[str] = Field(description="Slugs of the towns that restrict it; empty for all.")
    industries: list[str] = Field(
        description="Slugs of the creative industries that restrict it; empty for all."
    )
    members: list[int] = Field(description="Members picked by hand, whatever their role.")
    targeted: int = Field(description="Active people the targeting picks today.")


class SurveyDetailOut(SurveyOut):
    description: str = Field(description="The introduction members read first.")
    copied_from_id: int | None = Field(description="The earlier survey this is a copy of.")
    locked: bool = Field(
        description="Whether someone has answered: from then on only additions are accepted."
    )
    sections: list[SurveySectionOut] = Field(description="Sections in order.")
    targeting: SurveyTargetingOut = Field(description="Who the survey is for.")


class SurveyCreateIn(Schema):
    start: str = Field(
        "blank",
        description="blank; ready (a copy of the ready needs questionnaire, linked to the "
        "question bank); copy (a copy of the survey `copy_of`, keeping its bank links).",
    )
    copy_of: int | None = Field(None, description="The survey to copy, with `start` copy.")
    title: str = Field("", max_length=200, description="Title; a copy keeps its source's.")
    opens_on: dt.date = Field(description="First day of answers, YYYY-MM-DD.")
    closes_on: dt.date = Field(description="Last day of answers, YYYY-MM-DD, included.")


class SurveyPatchIn(Schema):
    title: str | None = Field(None, max_length=200, description="Title.")
    description: str | None = Field(None, max_length=3000, description="The introduction.")
    opens_on: dt.date | None = Field(None, description="First day of answers.")
    closes_on: dt.date | None = Field(None, description="Last day of answers, included.")
    is_anonymous: bool | None = Field(None, description="Anonymous; only before any response.")
    roles: list[str] | None = Field(None, description=f"Targeted roles: {ROLES}.")
    towns: list[str] | None = Field(None, description="Slugs of the towns that restrict it.")
    industries: list[str] | None = Field(
        None, description="Slugs of the creative industries that restrict it."
    )
    members: list[int] | None = Field(None, description="Members picked by hand.")


class SurveyOptionIn(Schema):
    label: str = Field(max_length=200, description="The option as people read it.")
    value: str = Field(
        "",
        max_length=80,
        description="The value of an existing option, to keep it; empty for a new one (made "
        "from the label).",
    )
    need: str = Field("", description="The resource map type the option names as a need, or ''.")


class SurveyOptionOut(Schema):
    value: str = Field(description="What answers store and results count; never changes.")
    label: str = Field(description="The option as people read it.")
    need: str = Field(description="The resource map type it names as a need, or ''.")


class SurveyQuestionIn(Schema):
    section_id: int | None = Field(None, description="The section; the last one if not given.")
    bank_question_id: int | None = Field(
        None, description="Add this question of the bank (the other fields are then ignored)."
    )
    kind: str = Field("short_text", description=f"Kind of answer: {KINDS}.")
    text: str = Field("", max_length=500, description="The question.")
    help_text: str = Field("", max_length=500, description="A hint under the question.")
    options: list[SurveyOptionIn] = Field(
        [], description="Options of a single or multiple choice, at least two."
    )
    allows_other: bool = Field(False, description="Add “other: …” with a text (choices only).")
    scale_min: int | None = Field(None, description="Scale: 1 or 0; number: the lowest or null.")
    scale_max: int | None = Field(None, description="Scale: 5 or 10; number: the highest or null.")
    required: bool = Field(False, description="Whether an answer is required.")
    show_if_id: int | None = Field(
        None, description="Show only if the answer to this earlier question with options…"
    )
    show_if_value: str = Field("", description="…includes this value.")


class SurveyQuestionPatchIn(Schema):
    kind: str | None = Field(None, description=f"Kind of answer: {KINDS}.")
    text: str | None = Field(None, max_length=500, description="The question.")
    help_text: str | None = Field(None, max_length=500, description="A hint under the question.")
    options: list[SurveyOptionIn] | None = Field(
        None, description="All the options, existing ones with their value."
    )
    allows_other: bool | None = Field(None, description="Add “other: …” with a text.")
    scale_min: int | None = Field(None, description="Scale: 1 or 0; number: the lowest.")
    scale_max: int | None = Field(None, description="Scale: 5 or 10; number: the highest.")
    required: bool | None = Field(None, description="Whether an answer is required.")
    show_if_id: int | None = Field(
        None, description="Show only if the answer to this earlier question…; 0 to show always."
    )
    show_if_value: str | None = Field(None, description="…includes this value.")


class SurveyQuestionOut(Schema):
    id: int = Field(description="Question number.")
    section_id: int = Field(description="Its section.")
    position: int = Field(description="Place in its section, from 1.")
    kind: str = Field(description=f"Kind of answer: {KINDS}.")
    text: str = Field(description="The question.")
    help_text: str = Field(description="A hint under the question; may be empty.")
    options: list[SurveyOptionOut] = Field(description="Options of a choice; empty otherwise.")
    allows_other: bool = Field(description="Whether “other: …” is offered.")
    scale_min: int | None = Field(description="Lowest point of a scale or number.")
    scale_max: int | None = Field(description="Highest point of a scale or number.")
    required: bool = Field(description="Whether an answer is required.")
    show_if_id: int | None = Field(description="Shown only if the answer to this question…")
    show_if_value: str = Field(description="…includes this value; empty when always shown.")
    bank_question_id: int | None = Field(description="Its question bank entry, for comparison.")


class SurveyBankQuestionOut(Schema):
    id: int = Field(description="Bank entry number.")
    code: str = Field(description="Stable code, e.g. `needs-by-kind`.")
    kind: str = Field(description=f"Kind of answer: {KINDS}.")
    text: str = Field(description="The question.")
    help_text: str = Field(description="A hint; may be empty.")
    options: list[SurveyOptionOut] = Field(description="Options of a choice; empty otherwise.")
    allows_other: bool = Field(description="Whether “other: …” is offered.")
    scale_min: int | None = Field(description="Lowest point of a scale or number.")
    scale_max: int | None = Field(description="Highest point of a scale or number.")


class SurveyBankPageOut(Schema):
    page: int = Field(description="This page's number, from 1.")
    has_next: bool = Field(description="Whether another page follows.")
    results: list[SurveyBankQuestionOut] = Field(description="Bank questions, by wording.")
