"""No sequence of actions, by anyone, in any order, brings an order into an illegal state.

Hypothesis drives a real order through the services with random actions by random people (the
client, members, a curator, an outsider), legal or not, and after every step checks the
invariants below against the database. Every recorded step must be a row of `states.TRANSITIONS`.
"""

from __future__ import annotations

import contextlib
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from members.models import Member, User
from orders import states
from orders.forms import ACTIONS
from orders.models import Order, OrderSettings, Proposal, ProposalStatus
from orders.services import (
    OrderError,
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_deliver,
    check_leave_review,
    check_post_message,
    check_submit_proposal,
    check_take_action,
    check_update_proposal,
    check_withdraw_proposal,
)
from orders.tests.factories import make_maker, make_order, make_team

TRANSITIONS = {(t.source, t.action, t.target) for t in states.TRANSITIONS}
BEFORE_ASSIGNMENT = {states.DRAFT, states.MODERATION, states.PUBLISHED, states.PROPOSALS}


class OrderMachine(RuleBasedStateMachine):
    cast: dict[str, Any] = {}
    reached: set[str] = set()  # over all runs: shows the runs went deep enough to mean something

    def __init__(self) -> None:
        super().__init__()
        # Each run happens in a savepoint that is rolled back, so runs do not see each other.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.order: Order | None = None

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @property
    def people(self) -> list[User]:
        return self.cast["people"]

    @property
    def members(self) -> list[Member]:
        return self.cast["members"]

    @initialize(moderate=st.booleans(), publish=st.booleans())
    def place_order(self, moderate: bool, publish: bool) -> None:
        if moderate:
            OrderSettings.objects.create(moderate_orders=True)
        self.order = make_order(self.cast["client"], publish=publish)
        self.reached.add(self.order.status)

    def attempt(self, call: Any, *args: Any) -> None:
        with contextlib.suppress(OrderError):
            call(*args)
        assert self.order is not None
        self.order.refresh_from_db()
        self.reached.add(self.order.status)

    @rule(
        who=st.integers(0, 5),
        action=st.sampled_from(ACTIONS),
        note=st.sampled_from(["", "Причина"]),
        outcome=st.sampled_from(["", "continue", "accept", "cancel"]),
    )
    def take_action(self, who: int, action: str, note: str, outcome: str) -> None:
        self.attempt(check_take_action, self.order, self.people[who], action, note, outcome)

    # The rules below let the right person act too, so runs get deep into the work; the rules
    # above try everyone, legal or not.

    @rule(action=st.sampled_from([a for a in ACTIONS if a != "cancel"]),
          note=st.sampled_from(["", "Причина"]),
          outcome=st.sampled_from(["continue", "accept", "cancel"]))  # fmt: skip
    def a_side_acts(self, action: str, note: str, outcome: str) -> None:
        assert self.order is not None
        performer = self.order.performer.user if self.order.performer else self.cast["client"]
        for person in (self.cast["client"], performer, self.cast["curator"]):
            self.attempt(check_take_action, self.order, person, action, note, outcome)

    @precondition(lambda self: self.order is not None and self.order.status == states.DRAFT)
    @rule()
    def the_client_publishes(self) -> None:
        self.attempt(check_take_action, self.order, self.cast["client"], "publish")

    @precondition(lambda self: self.order is not None and self.order.status == states.MODERATION)
    @rule(approve=st.booleans())
    def the_curator_moderates(self, approve: bool) -> None:
        action = "approve" if approve else "return_to_draft"
        self.attempt(check_take_action, self.order, self.cast["curator"], action, "Уточните")

    @precondition(lambda self: self.order is not None and self.order.status in states.OPEN)
    @rule(whose=st.integers(0, 2))
    def a_member_answers_and_the_client_accepts(self, whose: int) -> None:
        data = ProposalData(Decimal(50_000), 10, "Сделаю")
        self.attempt(check_submit_proposal, self.order, self.members[whose], data)
        found = Proposal.objects.filter(order=self.order, author=self.members[whose]).first()
        if found is not None:
            self.attempt(check_accept_proposal, self.order, found.pk, self.cast["client"])

    @precondition(lambda self: self.order is not None and self.order.performer_id is not None)
    @rule(
        answer=st.sampled_from(["accept_delivery", "request_changes", "dispute"]),
        resolution=st.sampled_from(["continue", "accept", "cancel"]),
    )
    def the_work_moves_on(self, answer: str, resolution: str) -> None:
        assert self.order is not None
        if self.order.performer is None:
            return
        performer, client = self.order.performer.user, self.cast["client"]
        self.attempt(check_take_action, self.order, performer, "start")
        self.attempt(check_deliver, self.order, performer, "Готово")
        self.attempt(check_take_action, self.order, client, answer, "Замечание")
        self.attempt(
            check_take_action, self.order, self.cast["curator"], "resolve", "Решение", resolution
        )

    @precondition(lambda self: self.order is not None and self.order.performer_id is not None)
    @rule(rating=st.integers(1, 5), close=st.booleans())
    def both_sides_review(self, rating: int, close: bool) -> None:
        assert self.order is not None
        if self.order.performer is None:
            return
        self.attempt(check_leave_review, self.order, self.cast["client"], rating, "")
        if close:
            self.attempt(check_take_action, self.order, self.cast["curator"], "close")
        self.attempt(check_leave_review, self.order, self.order.performer.user, rating, "")

    @rule(who=st.integers(0, 2), price=st.integers(-10, 90_000), team=st.booleans())
    def propose(self, who: int, price: int, team: bool) -> None:
        author = self.members[who]
        shares = []
        if team:
            partner = self.members[(who + 1) % 3]
            shares = [ShareData(author, Decimal(60)), ShareData(partner, Decimal(40))]
        data = ProposalData(Decimal(price), 10, "Сделаю", shares=shares)
        self.attempt(check_submit_proposal, self.order, author, data)

    @rule(who=st.integers(0, 2), price=st.integers(1, 90_000))
    def edit_proposal(self, who: int, price: int) -> None:
        found = Proposal.objects.filter(order=self.order, author=self.members[who]).first()
        if found is not None:
            data = ProposalData(Decimal(price), 12, "Дешевле")
            self.attempt(check_update_proposal, found, self.members[who], data)

    @rule(who=st.integers(0, 2))
    def withdraw(self, who: int) -> None:
        found = Proposal.objects.filter(order=self.order, author=self.members[who]).first()
        if found is not None:
            self.attempt(check_withdraw_proposal, found, self.members[who])

    @rule(whose=st.integers(0, 2), who=st.integers(0, 5))
    def accept(self, whose: int, who: int) -> None:
        found = Proposal.objects.filter(order=self.order, author=self.members[whose]).first()
        proposal_id = found.pk if found else 0
        self.attempt(check_accept_proposal, self.order, proposal_id, self.people[who])

    @rule(who=st.integers(0, 5))
    def deliver(self, who: int) -> None:
        self.attempt(check_deliver, self.order, self.people[who], "Готово")

    @rule(who=st.integers(0, 5))
    def message(self, who: int) -> None:
        self.attempt(check_post_message, self.order, self.people[who], "Вопрос")

    @rule(who=st.integers(0, 5), rating=st.integers(0, 6))
    def review(self, who: int, rating: int) -> None:
        self.attempt(check_leave_review, self.order, self.people[who], rating, "")

    # --- What must always hold -----------------------------------------------------------

    @invariant()
    def every_step_is_a_row_of_the_table(self) -> None:
        if self.order is None:
            return
        steps = list(self.order.events.order_by("id").values_list("source", "action", "target"))
        assert steps[0] == ("", "create", states.DRAFT)
        for previous, step in itertools.pairwise(steps):
            assert step in TRANSITIONS, step
            assert step[0] == previous[2], (previous, step)
        assert steps[-1][2] == self.order.status

    @invariant()
    def a_performer_exactly_when_a_proposal_was_accepted(self) -> None:
        order = self.order
        if order is None:
            return
        accepted = list(order.proposals.filter(status=ProposalStatus.ACCEPTED))
        assert len(accepted) <= 1
        if order.status in states.ASSIGNED_STATES:
            assert len(accepted) == 1
            assert order.accepted_proposal_id == accepted[0].pk
            assert order.performer_id == accepted[0].author_id
            assert not order.proposals.filter(status=ProposalStatus.SUBMITTED).exists()
        if order.status in BEFORE_ASSIGNMENT:
            assert accepted == []
            assert order.performer_id is None
        if order.performer_id is None:
            assert not order.deliveries.exists()
            assert not order.messages.exists()

    @invariant()
    def proposals_match_the_state(self) -> None:
        order = self.order
        if order is None:
            return
        waiting = order.proposals.filter(status=ProposalStatus.SUBMITTED).count()
        if order.status == states.PROPOSALS:
            assert waiting >= 1
        if order.status in {states.DRAFT, states.MODERATION, states.PUBLISHED, states.CANCELLED}:
            assert waiting == 0
        assert not order.proposals.filter(price__lte=0).exists()

    @invariant()
    def reviews_only_after_acceptance(self) -> None:
        order = self.order
        if order is None:
            return
        reviews = order.reviews.count()
        assert reviews <= 2
        if reviews or order.status in states.REVIEWABLE:
            assert order.accepted_at is not None
        if order.status == states.CLOSED:
            assert order.accepted_at is not None
            assert order.closed_at is not None
        assert (order.status == states.DISPUTED) == bool(order.disputed_from)


INVARIANTS = (
    "every_step_is_a_row_of_the_table",
    "a_performer_exactly_when_a_proposal_was_accepted",
    "proposals_match_the_state",
    "reviews_only_after_acceptance",
)
# Paths through the machine's own rules, as (name, arguments) steps, that together pass through
# every state: the random runs below go where chance takes them, these go everywhere.
WALKS: tuple[tuple[tuple[str, tuple[Any, ...]], ...], ...] = (
    (  # moderated, then cancelled by the client before any proposal
        ("place_order", (True, False)),
        ("the_client_publishes", ()),
        ("the_curator_moderates", (True,)),
        ("take_action", (0, "cancel", "Причина", "")),
    ),
    (  # proposals, assignment, work, delivery, a dispute the curator resolves by cancelling
        ("place_order", (False, False)),
        ("the_client_publishes", ()),
        ("a_member_answers_and_the_client_accepts", (0,)),
        ("the_work_moves_on", ("dispute", "cancel")),
    ),
    (  # the delivery accepted, both sides review and the curator closes
        ("place_order", (False, True)),
        ("a_member_answers_and_the_client_accepts", (1,)),
        ("the_work_moves_on", ("accept_delivery", "continue")),
        ("both_sides_review", (5, True)),
    ),
)


def _cast(client_user: User, curator: User, outsider: User) -> dict[str, Any]:
    members = [
        make_maker("a@example.org", "Гончар", ["Сувениры ручной работы: магниты и кружки"]),
        make_maker("b@example.org", "Резчик", ["Сувениры из дерева ручной работы"]),
        make_maker("c@example.org", "Кузнец", ["Кованые сувениры и подарки"]),
    ]
    make_team(*members)  # one producer team, so any two of them may share a proposal
    return {
        "client": client_user,
        "curator": curator,
        "members": members,
        "people": [client_user, *(m.user for m in members), curator, outsider],
    }


@pytest.mark.django_db
def test_the_machines_rules_pass_through_every_state(
    client_user: User, curator: User, outsider: User
) -> None:
    OrderMachine.reached = set()
    OrderMachine.cast = _cast(client_user, curator, outsider)
    for walk in WALKS:
        machine = OrderMachine()
        try:
            for name, arguments in walk:
                getattr(machine, name)(*arguments)
                for check in INVARIANTS:
                    getattr(machine, check)()
        finally:
            machine.teardown()
    assert OrderMachine.reached == set(states.STATES)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_illegal_order_state_is_reachable(
    client_user: User, curator: User, outsider: User
) -> None:
    OrderMachine.reached = set()
    OrderMachine.cast = _cast(client_user, curator, outsider)
    run_state_machine_as_test(
        OrderMachine,
        settings=settings(
            max_examples=100,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    # Which final states a hundred random runs end in depends on the draws (and Hypothesis
    # draws differently after other tests in the same process); the walks above cover every
    # state. Here the runs must at least get into the work, or they checked little.
    assert {states.PUBLISHED, states.PROPOSALS, states.ASSIGNED, states.IN_PROGRESS} <= (
        OrderMachine.reached
    )


def test_every_state_is_reachable_and_final_states_are_final() -> None:
    assert states.reachable() == set(states.STATES)
    for final in states.FINAL:
        assert (
            states.actions_from(final, frozenset({"client", "performer", "curator", "system"}))
            == []
        )
