from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from demo.region import load_region
from demo.surveys import load_surveys
from surveys.models import Answer, Invitation, Response, ResponseStatus, Survey
from surveys.results import breakdown, needs_by_town, survey_comparisons


def _runs() -> tuple[Survey, Survey]:
    before, now = Survey.objects.order_by("opens_on")
    return before, now


def test_the_needs_assessment_loads_twice_and_is_open_now(db: None) -> None:
    load_region()
    first = load_surveys()
    assert load_surveys() == first == {"surveys": 2, "responses": 39, "last_year": 29}
    before, now = _runs()
    assert now.copied_from == before
    assert not now.is_anonymous
    assert now.target_roles == ["resident", "producer"]
    assert Survey.objects.open_on(timezone.localdate()).get() == now
    assert (now.opens_on - before.opens_on).days == 364
    assert Invitation.objects.filter(survey=now).count() == 45
    assert Invitation.objects.filter(survey=now, answered=True).count() == 39
    assert Response.objects.filter(survey=now, status=ResponseStatus.DRAFT).count() == 1
    assert Response.objects.filter(survey=now, needs_consent=True).count() == 6
    assert Answer.objects.filter(response__survey=now).exclude(text="").count() >= 15


def test_kirovsk_lacks_sales_channels_and_monchegorsk_premises(db: None) -> None:
    load_region()
    load_surveys()
    before, now = _runs()
    needs = needs_by_town(now)
    columns = {town.label: n for n, town in enumerate(needs.towns)}
    assert needs.top(columns["Кировск"], 1)[0].value == "sales_channels"
    assert needs.top(columns["Мончегорск"], 1)[0].value == "premises"
    assert needs.top(columns["Мурманск"], 1)[0].value in {"financing", "promotion"}
    towns = breakdown(now, "town")
    assert [rate.responses for rate in towns.rates if rate.group.label == "Кировск"] == [8]
    # Sales channels in Kirovsk: more named them than last year.
    comparison = survey_comparisons(now)
    assert comparison  # the bank questions compare with last year's run
    kirovsk_sales = [
        Answer.objects.filter(
            response__survey=survey,
            response__status=ResponseStatus.SUBMITTED,
            response__town__slug="kirovsk",
            value="sales_channels",
        ).count()
        for survey in (before, now)
    ]
    assert kirovsk_sales[0] < kirovsk_sales[1]


def test_skip_logic_holds_in_every_response(db: None) -> None:
    load_region()
    load_surveys()
    code = "answers__question__bank_question__code"
    responses = Response.objects.annotate(
        premises=Count("answers", filter=Q(answers__value="premises")),
        area=Count("answers", filter=Q(**{code: "needs-premises-size"})),
        hires=Count("answers", filter=Q(**{code: "plans-to-hire"}, answers__value="yes")),
        how_many=Count("answers", filter=Q(**{code: "hire-how-many"})),
        hire_answers=Count("answers", filter=Q(**{code: "plans-to-hire"})),
    )
    assert responses.count() == 69  # with the one being filled in
    for response in responses:
        assert response.area <= response.premises
        assert response.how_many == response.hires
        assert response.hire_answers == 1
    assert Answer.objects.filter(question__bank_question__code="needs-premises-size").exists()
    assert Answer.objects.filter(question__bank_question__code="hire-how-many").exists()
