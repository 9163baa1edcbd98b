from __future__ import annotations

from django.test import Client
from django.urls import reverse

from demo.events import load_events
from demo.plans_help import load_plans_help
from demo.region import load_region
from matching.models import IntroductionStatus
from members.models import User
from plans.models import HelpRequest, HelpStatus, Plan


def test_anastasias_help_requests_load_twice_and_one_is_answered_with_an_introduction(
    db: None,
) -> None:
    load_region()
    load_events()
    first = load_plans_help()
    assert load_plans_help() == first == {"requests": 3, "messages": 3, "notes": 1}
    anastasia = User.objects.get(email="anastasia@demo.cluster.local")
    assert Plan.objects.filter(member=anastasia.member).count() == 1
    statuses = set(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == {HelpStatus.DONE, HelpStatus.IN_PROGRESS, HelpStatus.NEW}
    done = HelpRequest.objects.get(status=HelpStatus.DONE)
    assert done.introduction is not None
    assert done.introduction.status == IntroductionStatus.ACCEPTED
    assert done.introduction.recipient.external_id == "anna-vekshina"
    assert done.first_answered_at is not None
    assert done.done_at is not None
    client = Client()
    client.force_login(anastasia)
    html = client.get(reverse("plans:help_request", args=[done.pk])).content.decode()
    assert "Знакомство:" in html
    assert "Анна Векшина" in html
    # The note stays with the curators.
    shelf = HelpRequest.objects.get(status=HelpStatus.IN_PROGRESS)
    html = client.get(reverse("plans:help_request", args=[shelf.pk])).content.decode()
    assert "комиссия 25" not in html
    assert "цены" in html
