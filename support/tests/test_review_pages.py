"""The reviewer's queue and page, the curator's decision board, the member's granted support."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.urls import reverse

from conftest import _user, make_member
from core.models import Industry, Town
from members.models import Member, User
from support.models import Application, ApplicationStatus, GrantedSupport, Review, Reviewer, Score
from support.services import check_assign_reviewer, check_decide, check_save_scores
from support.tests.factories import make_application, make_criteria, make_measure

Login = Callable[..., Any]
_numbers = count(1)


def applicants(n: int, town: Town, industry: Industry) -> list[Member]:
    members = []
    for _ in range(n):
        user = _user(f"applicant{next(_numbers)}@example.org", is_resident=True)
        members.append(make_member(user, town, [industry]))
    return members


@pytest.fixture
def measure(curator: User, partner: User) -> Any:
    measure = make_measure(budget_cap=Decimal(500000))
    make_criteria(measure, (2, 0, 10), (1, 1, 5))
    check_assign_reviewer(curator, measure, partner)
    check_assign_reviewer(curator, measure, curator)
    return measure


def scored(measure: Any, member: Member, *reviewers: User) -> Application:
    application = make_application(measure, member)
    criteria = list(measure.criteria.all())
    for number, reviewer in enumerate(reviewers):
        check_save_scores(
            reviewer, application, {c.pk: (c.min_score + number, "") for c in criteria}
        )
    return application


def test_the_reviewer_sees_the_queue_by_state_with_counts(
    measure: Any, partner: User, resident: User, producer: User, login: Login
) -> None:
    to_score = make_application(measure, resident.member)
    done = scored(measure, producer.member, partner)
    make_application(measure, partner.member)  # their own: not in their queue
    html = login(partner).get(reverse("support:reviews")).content.decode()
    assert 'data-test="count-to-score">1<' in html
    assert 'data-test="count-scored">1<' in html
    assert f'data-state="to-score" data-application="{to_score.pk}"' in html
    assert f'data-state="scored" data-application="{done.pk}"' in html
    assert "Оценено 0 из 2 критериев." in html


@pytest.mark.parametrize("n", [2, 20])
def test_the_queue_runs_constant_queries(
    n: int,
    measure: Any,
    partner: User,
    town: Town,
    industry: Industry,
    login: Login,
    django_assert_num_queries: Any,
) -> None:
    for member in applicants(n, town, industry):
        scored(measure, member, partner)
    client = login(partner)
    # session, user (2); assignments, criteria counts, applications with measures and
    # members, my reviews with score counts (4); the partner's reviewer item in the menu,
    # unread notifications and the cluster's settings of the base page (3).
    with django_assert_num_queries(9):
        response = client.get(reverse("support:reviews"))
    assert response.content.decode().count('data-test="queue-item"') == n


def test_the_queue_is_for_reviewers_and_curators(
    measure: Any, login: Login, resident: User, producer: User, superuser: User
) -> None:
    assert login(resident).get(reverse("support:reviews")).status_code == 404
    assert login(superuser).get(reverse("support:reviews")).status_code == 200
    assert login(None).get(reverse("support:reviews")).status_code == 302


def test_the_reviewer_scores_on_their_page_and_then_sees_the_others(
    measure: Any, partner: User, curator: User, resident: User, login: Login
) -> None:
    application = scored(measure, resident.member, curator)
    first, second = measure.criteria.all()
    client = login(partner)
    url = reverse("support:review", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'data-test="others-hidden"' in page
    assert "Сохранить оценки" in page
    assert "Заявить о конфликте интересов" in page
    data = {f"value_{first.pk}": "8", f"comment_{first.pk}": "Сильная команда"}
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-test="others-hidden"' in page  # one criterion left
    client.post(url, {f"value_{second.pk}": "5"})
    page = client.get(url).content.decode()
    assert 'data-test="other-review"' in page
    assert 'data-test="mean"' in page
    assert Review.objects.get(reviewer=partner).submitted_at is not None


def test_a_score_outside_the_range_is_shown_on_its_field_and_nothing_saved(
    measure: Any, partner: User, resident: User, login: Login
) -> None:
    application = make_application(measure, resident.member)
    first, second = measure.criteria.all()
    url = reverse("support:review", args=[application.pk])
    response = login(partner).post(url, {f"value_{first.pk}": "7", f"value_{second.pk}": "9"})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"«{second.title}» оценивается от 1 до 5." in html
    assert f'id="id_value_{second.pk}_errors"' in html
    assert not Score.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_conflict_hides_the_others_and_the_form(
    measure: Any, partner: User, curator: User, resident: User, login: Login
) -> None:
    application = scored(measure, resident.member, curator)
    client = login(partner)
    url = reverse("support:review", args=[application.pk])
    empty = client.post(reverse("support:review_conflict", args=[application.pk]), {"note": ""})
    assert empty.status_code == 422
    assert "Обязательное поле." in empty.content.decode()
    response = client.post(
        reverse("support:review_conflict", args=[application.pk]), {"note": "Мой двоюродный брат"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-test="conflict-declared"' in page
    assert 'data-test="scores-form"' not in page
    assert 'data-test="other-review"' not in page
    refused = client.post(url, {f"value_{measure.criteria.first().pk}": "3"})
    assert refused.status_code == 422
    assert "конфликте интересов" in refused.content.decode()


def test_the_review_page_is_for_assigned_reviewers_only(
    measure: Any, resident: User, producer: User, superuser: User, partner: User, login: Login
) -> None:
    application = make_application(measure, resident.member)
    url = reverse("support:review", args=[application.pk])
    for person in (resident, producer, superuser):
        assert login(person).get(url).status_code == 404
    own = make_application(measure, partner.member)
    assert login(partner).get(reverse("support:review", args=[own.pk])).status_code == 404


def test_the_board_ranks_and_decides_within_the_budget(
    measure: Any, curator: User, partner: User, resident: User, producer: User, login: Login
) -> None:
    low = scored(measure, resident.member, partner, curator)
    high = make_application(measure, producer.member)
    for reviewer in (partner, curator):
        check_save_scores(reviewer, high, {c.pk: (c.max_score, "") for c in measure.criteria.all()})
    client = login(curator)
    url = reverse("support:board", args=[measure.pk])
    html = client.get(url).content.decode()
    assert html.index(f'data-application="{high.pk}"') < html.index(f'data-application="{low.pk}"')
    assert "500\u00a0000\u00a0₽" in html
    decide = reverse("support:decide", args=[high.pk])
    over = client.post(decide, {f"a{high.pk}-decision": "granted", f"a{high.pk}-amount": "600000"})
    assert over.status_code == 422
    assert "не больше 300\u00a0000\u00a0₽" in over.content.decode()
    done = client.post(decide, {f"a{high.pk}-decision": "granted", f"a{high.pk}-amount": "300000"})
    assert done.status_code == 302
    other = reverse("support:decide", args=[low.pk])
    capped = client.post(other, {f"a{low.pk}-decision": "granted", f"a{low.pk}-amount": "250000"})
    assert capped.status_code == 422
    assert "осталось 200\u00a0000\u00a0₽" in capped.content.decode()
    no_reason = client.post(other, {f"a{low.pk}-decision": "declined"})
    assert "Укажите, почему заявка отклонена." in no_reason.content.decode()
    low.refresh_from_db()
    assert low.status == ApplicationStatus.UNDER_REVIEW
    html = client.get(url).content.decode()
    assert 'data-test="left"' in html
    assert "200\u00a0000\u00a0₽" in html


def test_the_board_shows_a_conflict_and_the_spread(
    measure: Any, curator: User, partner: User, resident: User, login: Login
) -> None:
    from support.services import check_declare_conflict

    application = scored(measure, resident.member, curator)
    check_declare_conflict(partner, application, "Родственник")
    html = login(curator).get(reverse("support:board", args=[measure.pk])).content.decode()
    assert "конфликт интересов" in html


@pytest.mark.parametrize("n", [2, 20])
def test_the_board_runs_constant_queries(
    n: int,
    measure: Any,
    partner: User,
    curator: User,
    town: Town,
    industry: Industry,
    login: Login,
    django_assert_num_queries: Any,
) -> None:
    for member in applicants(n, town, industry):
        scored(measure, member, partner, curator)
    client = login(curator)
    # session, user (2); the measure, criteria, reviewers with users, applications with
    # members, reviews, scores with criteria (6); the candidates of the reviewer form (1);
    # unread notifications and the cluster's settings of the base page (2).
    with django_assert_num_queries(11):
        response = client.get(reverse("support:board", args=[measure.pk]))
    assert response.content.decode().count('data-test="board-row"') == n


def test_curators_add_and_remove_reviewers(
    measure: Any, curator: User, partner: User, superuser: User, resident: User, login: Login
) -> None:
    client = login(curator)
    add = reverse("support:board_add_reviewer", args=[measure.pk])
    assert client.post(add, {"user": superuser.pk}).status_code == 302
    assert Reviewer.objects.filter(measure=measure, user=superuser).exists()
    twice = client.post(add, {"user": superuser.pk})
    assert twice.status_code == 422
    refused = client.post(add, {"user": resident.pk})
    assert refused.status_code == 422
    reviewer = Reviewer.objects.get(measure=measure, user=superuser)
    remove = reverse("support:board_remove_reviewer", args=[measure.pk, reviewer.pk])
    assert client.post(remove).status_code == 302
    assert not Reviewer.objects.filter(pk=reviewer.pk).exists()
    scored(measure, resident.member, partner)
    kept = Reviewer.objects.get(measure=measure, user=partner)
    page = client.post(
        reverse("support:board_remove_reviewer", args=[measure.pk, kept.pk]), follow=True
    )
    assert "его оценки нельзя потерять" in page.content.decode()
    assert Reviewer.objects.filter(pk=kept.pk).exists()


def test_the_measure_page_links_the_board_and_the_queue(
    measure: Any, curator: User, partner: User, resident: User, login: Login
) -> None:
    url = reverse("support:detail", args=[measure.pk])
    assert 'data-test="board"' in login(curator).get(url).content.decode()
    partner_page = login(partner).get(url).content.decode()
    assert 'data-test="review"' in partner_page
    assert 'data-test="board"' not in partner_page
    assert 'id="nav-reviews"' in partner_page
    resident_page = login(resident).get(url).content.decode()
    assert 'data-test="review"' not in resident_page
    assert 'id="nav-reviews"' not in resident_page


def test_granted_support_shows_on_the_members_page_to_them_and_curators(
    measure: Any, curator: User, resident: User, producer: User, login: Login
) -> None:
    application = make_application(measure, resident.member)
    check_decide(curator, application, ApplicationStatus.GRANTED, Decimal(150000), "")
    url = reverse("members:detail", args=[resident.member.pk])
    for person in (resident, curator):
        html = login(person).get(url).content.decode()
        assert "Полученная поддержка" in html
        assert "150\u00a0000\u00a0₽" in html
    for other in (producer, None):
        assert 'data-test="granted-support"' not in login(other).get(url).content.decode()
    assert GrantedSupport.objects.count() == 1
