"""Free texts of a survey: pages with word-form search, all of them for exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from core.pagination import offset_page
from core.textnorm import search_terms, tokens
from surveys.models import (
    Answer,
    Question,
    ResponseStatus,
    Survey,
)
from surveys.results.figures import (
    TEXTS_PER_PAGE,
    sent_answers,
)

# --- Texts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextAnswer:
    """A free text. `author` and `town` only for named surveys: an anonymous survey's texts
    are shown without anything about who wrote them."""

    text: str
    author: str = ""
    town: str = ""


@dataclass
class TextPage:
    question: Question
    query: str
    items: list[TextAnswer]
    number: int
    has_next: bool
    matched: int | None = None  # how many texts match the search (None without a search)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _texts(question: Question) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        question_id=question.pk, response__status=ResponseStatus.SUBMITTED
    ).exclude(text="")
    return answers.order_by("-id")


def text_answer(answer: Answer, named: bool) -> TextAnswer:
    if not named or answer.response.user is None:
        return TextAnswer(answer.text)
    user = answer.response.user
    town = answer.response.town.name if answer.response.town else ""
    return TextAnswer(answer.text, user.display_name, town)


def matches(text: str, terms: list[str]) -> bool:
    """Return whether a text has every search term among its words' dictionary forms (or
    among its words as written, for a search of stop words only: «нет»)."""
    found = set(search_terms(text)) | set(tokens(text))
    return all(term in found for term in terms)


def question_texts(question: Question, query: str = "", page: int = 1) -> TextPage:
    """Return a page of a question's texts, newest first: a text question's answers, or the
    "other: …" texts of a choice question. `query` keeps the texts holding all its words in
    any form ("гончара" finds "гончару"). Queries: 1 for a page (named surveys: with the
    author and town); with a search, 1 for the texts' ids and words plus 1 for the page."""
    named = not question.survey.is_anonymous
    answers = _texts(question)
    if named:
        answers = answers.select_related("response__user__member", "response__town")
    query = query.strip()[:200]
    terms = (search_terms(query) or tokens(query)) if query else []
    if not terms:
        rows, number, has_next = offset_page(answers, page, TEXTS_PER_PAGE)
        return TextPage(question, query, [text_answer(a, named) for a in rows], number, has_next)
    ids = [pk for pk, text in _texts(question).values_list("id", "text") if matches(text, terms)]
    pages = max(1, -(-len(ids) // TEXTS_PER_PAGE))
    number = min(max(1, page), pages)
    chosen = ids[(number - 1) * TEXTS_PER_PAGE : number * TEXTS_PER_PAGE]
    rows = list(answers.filter(id__in=chosen)) if chosen else []
    return TextPage(
        question,
        query,
        [text_answer(a, named) for a in rows],
        number,
        number < pages,
        matched=len(ids),
    )


def all_texts(survey: Survey) -> dict[int, list[TextAnswer]]:
    """Return every text of the survey per question id, newest first (1 query), authors only
    for named surveys."""
    named = not survey.is_anonymous
    answers = sent_answers(survey).exclude(text="").order_by("question_id", "-id")
    if named:
        answers = answers.select_related("response__user__member", "response__town")
    out: dict[int, list[TextAnswer]] = defaultdict(list)
    for answer in answers:
        out[answer.question_id].append(text_answer(answer, named))
    return dict(out)
