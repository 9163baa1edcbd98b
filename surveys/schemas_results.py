"""JSON shapes of survey results. Shares are fractions of 1 (0.4 is 40 %) of the respondents
who answered the question; a hidden cell has `count` and `share` null and says why."""

from __future__ import annotations

from ninja import Field, Schema

HIDDEN_CODES = (
    "small (fewer than 3 answers, so nobody can be recognised) or complement (would let one "
    "work a hidden figure out from the totals); null when shown"
)


class SurveyResultOptionOut(Schema):
    value: str = Field(description="The option's code, as answers store it.")
    label: str = Field(description="The option as people read it.")
    need: str = Field(description="The resource map type the option names as a need, or ''.")
    count: int = Field(description="How many chose it.")
    share: float | None = Field(description="Of those who answered; null if nobody did.")


class SurveyResultBinOut(Schema):
    label: str = Field(description="The point of a scale or a range of numbers.")
    low: float = Field(description="The lowest number of the bar, included.")
    high: float = Field(description="The highest: excluded, except in the last bar.")
    count: int = Field(description="How many answers fall in it.")
    share: float | None = Field(description="Of those who answered; null if nobody did.")


class SurveyResultQuestionOut(Schema):
    question_id: int = Field(description="The question.")
    section: str = Field(description="The title of its section.")
    kind: str = Field(
        description="single, multiple, yes_no, scale, number, short_text or long_text."
    )
    text: str = Field(description="The question.")
    respondents: int = Field(description="How many sent responses answered it.")
    multiple: bool = Field(description="Several options could be chosen: shares pass 100 %.")
    options: list[SurveyResultOptionOut] = Field(description="Choice kinds: every option.")
    bins: list[SurveyResultBinOut] = Field(description="Scales and numbers: the distribution.")
    mean: float | None = Field(description="Scales and numbers: the mean.")
    median: float | None = Field(description="Scales and numbers: the median.")
    texts: int = Field(description="How many answers in words (texts, “other: …”).")


class SurveyResultOut(Schema):
    survey_id: int = Field(description="The survey.")
    title: str = Field(description="Its title.")
    anonymous: bool = Field(description="Answers are kept with no link to who gave them.")
    responses: int = Field(description="Sent responses.")
    invited: int = Field(description="People invited.")
    rate: float | None = Field(description="Responses / invited; null if nobody was invited.")
    questions: list[SurveyResultQuestionOut] = Field(description="Every question, in order.")


class SurveyResultGroupOut(Schema):
    key: str = Field(description="Town or industry id, or role code; '' for not stated.")
    label: str = Field(description="The group as people read it.")
    responses: int = Field(description="Sent responses in the group.")
    invited: int = Field(description="People invited in the group (as they are now).")
    rate: float | None = Field(description="Responses / invited; null if nobody was invited.")


class SurveyResultCellOut(Schema):
    count: int | None = Field(description="The figure; null when hidden.")
    share: float | None = Field(description="Of the group's respondents; null when hidden.")
    hidden: str | None = Field(description=f"Why it is hidden: {HIDDEN_CODES}.")


class SurveyResultRowOut(Schema):
    value: str = Field(description="The option's code.")
    label: str = Field(description="The option as people read it.")
    cells: list[SurveyResultCellOut] = Field(description="One per group, in `groups` order.")


class SurveyResultBreakdownQuestionOut(Schema):
    question_id: int = Field(description="The question (choices, scales and numbers only).")
    kind: str = Field(description="The question's kind.")
    text: str = Field(description="The question.")
    answered: list[SurveyResultCellOut] = Field(description="Respondents per group.")
    rows: list[SurveyResultRowOut] = Field(description="Choice kinds: options per group.")
    means: list[float | None] = Field(description="Scales and numbers: mean per group.")
    medians: list[float | None] = Field(description="Scales and numbers: median per group.")


class SurveyResultBreakdownOut(Schema):
    survey_id: int = Field(description="The survey.")
    by: str = Field(description="town, industry or role.")
    overlapping: bool = Field(
        description="A respondent may be in several groups (industries, roles) and counts "
        "once in each, so groups add up to more than the total."
    )
    small_cells_hidden: bool = Field(description="Small cells are hidden (anonymous surveys).")
    groups: list[SurveyResultGroupOut] = Field(description="The columns, in reading order.")
    questions: list[SurveyResultBreakdownQuestionOut] = Field(description="Per question.")
