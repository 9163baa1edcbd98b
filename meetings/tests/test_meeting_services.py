from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.tests.factories import make_event
from meetings.models import (
    Meeting,
    MeetingPlan,
    MeetingRequest,
    MeetingSlot,
    Participant,
    RequestStatus,
)
from meetings.services import (
    MeetingError,
    check_answer_request,
    check_opt_in,
    check_request_meeting,
    check_set_availability,
    check_set_up_meetings,
    do_build_timetable,
    do_publish_timetable,
)
from members.models import User


def test_only_people_with_a_place_or_organisers_opt_in(
    fair: Event, resident: User, client_user: User, curator: User
) -> None:
    assert check_opt_in(fair, resident).user == resident
    assert check_opt_in(fair, curator).user == curator
    with pytest.raises(MeetingError) as error:
        check_opt_in(fair, client_user)
    assert error.value.code == "not_registered"


def test_slots_must_be_within_the_event(fair: Event) -> None:
    late = fair.ends_at + timedelta(hours=1)
    with pytest.raises(MeetingError) as error:
        check_set_up_meetings(fair, 3, [(late, late + timedelta(minutes=20))])
    assert error.value.code == "slot_outside_event"
    assert MeetingPlan.objects.get(event=fair).tables == 2
    assert MeetingSlot.objects.filter(event=fair).count() == 3


def test_availability_accepts_only_the_events_slots(
    fair: Event, slots: list[MeetingSlot], resident: User
) -> None:
    participant = check_opt_in(fair, resident)
    check_set_availability(participant, [slots[0].pk])
    other = make_event(starts_at=fair.starts_at + timedelta(days=3))
    check_set_up_meetings(other, 1, [(other.starts_at, other.starts_at + timedelta(minutes=20))])
    foreign = MeetingSlot.objects.get(event=other)
    with pytest.raises(MeetingError) as error:
        check_set_availability(participant, [slots[1].pk, foreign.pk])
    assert error.value.code == "slot_outside_event"
    assert [s.pk for s in participant.available.all()] == [slots[0].pk]


def test_requests_to_oneself_or_to_non_participants_are_refused(
    fair: Event, resident: User, producer: User
) -> None:
    me = check_opt_in(fair, resident)
    with pytest.raises(MeetingError) as error:
        check_request_meeting(me, me.pk)
    assert error.value.code == "self_request"
    other_event = make_event(starts_at=fair.starts_at + timedelta(days=3))
    check_set_up_meetings(other_event, 1, [])
    from events.services import check_register

    check_register(other_event, producer)
    stranger = check_opt_in(other_event, producer)
    with pytest.raises(MeetingError) as error:
        check_request_meeting(me, stranger.pk)
    assert error.value.code == "not_participant"
    assert not MeetingRequest.objects.exists()


def test_a_pair_has_one_request_either_way(fair: Event, resident: User, producer: User) -> None:
    a, b = check_opt_in(fair, resident), check_opt_in(fair, producer)
    check_request_meeting(a, b.pk, "Продавать вашу керамику", 3)
    with pytest.raises(MeetingError) as error:
        check_request_meeting(b, a.pk)
    assert error.value.code == "already_requested"


def test_only_the_person_asked_answers_once(fair: Event, resident: User, producer: User) -> None:
    a, b = check_opt_in(fair, resident), check_opt_in(fair, producer)
    request = check_request_meeting(a, b.pk)
    with pytest.raises(MeetingError) as error:
        check_answer_request(request, a, accept=True)
    assert error.value.code == "not_recipient"
    assert check_answer_request(request, b, accept=True).status == RequestStatus.ACCEPTED
    with pytest.raises(MeetingError) as error:
        check_answer_request(request, b, accept=False)
    assert error.value.code == "already_answered"


def test_the_timetable_respects_free_slots_tables_and_people(
    fair: Event, slots: list[MeetingSlot], resident: User, producer: User, partner: User
) -> None:
    a, b, c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    check_set_availability(a, [slots[0].pk, slots[1].pk])
    for x, y in ((a, b), (a, c), (b, c)):
        check_answer_request(check_request_meeting(x, y.pk, priority=2), y, accept=True)
    result = do_build_timetable(fair, time_limit=1)
    assert result.meetings == 3
    assert result.total_weight == pytest.approx(result.upper_bound)
    meetings = list(Meeting.objects.select_related("request"))
    busy: set[tuple[int, int]] = set()
    for m in meetings:
        for person in (m.request.requester_id, m.request.recipient_id):
            assert (person, m.slot_id) not in busy
            busy.add((person, m.slot_id))
        if a.pk in (m.request.requester_id, m.request.recipient_id):
            assert m.slot_id in (slots[0].pk, slots[1].pk)
        assert 1 <= m.table <= 2


def test_rebuilding_keeps_published_meetings_in_place(
    fair: Event,
    slots: list[MeetingSlot],
    resident: User,
    producer: User,
    partner: User,
    curator: User,
) -> None:
    a, b, c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    first = check_request_meeting(a, b.pk)
    check_answer_request(first, b, accept=True)
    do_build_timetable(fair, time_limit=1)
    assert do_publish_timetable(fair) == 2
    placed = Meeting.objects.get(request=first)
    late = check_request_meeting(c, a.pk, priority=3)
    check_answer_request(late, a, accept=True)
    o = check_opt_in(fair, curator)
    check_answer_request(check_request_meeting(o, b.pk, priority=3), b, accept=True)
    do_build_timetable(fair, time_limit=1)
    kept = Meeting.objects.get(request=first)
    assert (kept.slot_id, kept.table, kept.is_published) == (placed.slot_id, placed.table, True)
    assert Meeting.objects.count() == 3
    assert not Meeting.objects.get(request=late).is_published


def _end(event: Event) -> None:
    """Move the event into the past, as if it had just been held."""
    length = event.ends_at - event.starts_at
    ends = timezone.now() - timedelta(minutes=1)
    Event.objects.filter(pk=event.pk).update(starts_at=ends - length, ends_at=ends)


def test_nothing_is_arranged_once_the_event_is_over(
    fair: Event, resident: User, producer: User, partner: User
) -> None:
    a, b, c = (check_opt_in(fair, u) for u in (resident, producer, partner))
    pending = check_request_meeting(a, b.pk)
    _end(fair)
    a, b, c = (Participant.objects.select_related("event").get(pk=p.pk) for p in (a, b, c))
    with pytest.raises(MeetingError) as error:
        check_request_meeting(c, b.pk)
    assert error.value.code == "event_over"
    with pytest.raises(MeetingError) as error:
        check_answer_request(pending, b, accept=True)
    assert error.value.code == "event_over"
    assert list(MeetingRequest.objects.values_list("pk", "status")) == [
        (pending.pk, RequestStatus.PENDING)
    ]
