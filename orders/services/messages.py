"""The work's messages, and the reviews each side leaves at the end."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from members.models import User
from orders import states
from orders.models import (
    Order,
    OrderMessage,
    Review,
    ReviewDirection,
)
from orders.queries import (
    actors_of,
    can_talk,
    work_team_users,
)
from orders.services.transitions import (
    OrderError,
    lock_order,
    move_order,
    order_url,
    tell,
)


@transaction.atomic
def check_post_message(order: Order, user: User, text: str) -> OrderMessage:
    text = text.strip()
    if not text:
        raise OrderError("message_required", _("Write a message."), "text")
    order = lock_order(order)
    if not can_talk(order, user):
        raise OrderError(
            "cannot_message",
            _("Messages open once a performer is chosen, for both sides."),
            kind="conflict",
        )
    message = OrderMessage.objects.create(order=order, author=user, text=text[:3000])
    with override("ru"):
        notice = _("New message on «%(title)s»") % {"title": order.title}
    tell(
        [u for u in [order.client, *work_team_users(order)] if u.pk != user.pk],
        notice,
        order_url(order) + "#messages",
    )
    return message


@transaction.atomic
def check_leave_review(order: Order, user: User, rating: int, text: str = "") -> Review:
    """Record the client's review of the performer or the performer's of the client; when
    both are in, the order closes.

    Raise OrderError before acceptance, for anyone else, or for a second review.
    """
    if not 1 <= rating <= 5:
        raise OrderError("invalid_rating", _("Choose from 1 to 5."), "rating")
    order = lock_order(order)
    actors = actors_of(order, user)
    if "client" in actors:
        direction, subject = (
            ReviewDirection.OF_PERFORMER,
            order.performer.user if order.performer else None,
        )
    elif "performer" in actors:
        direction, subject = ReviewDirection.OF_CLIENT, order.client
    else:
        raise OrderError("not_allowed", _("You cannot do this on this order."), kind="forbidden")
    if order.status not in states.REVIEWABLE or subject is None:
        raise OrderError(
            "not_reviewable", _("Reviews open once the work is accepted."), kind="conflict"
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order,
                direction=direction,
                author=user,
                subject=subject,
                rating=rating,
                text=text.strip()[:3000],
            )
    except IntegrityError as error:
        raise OrderError(
            "already_reviewed", _("You have already left a review."), kind="conflict"
        ) from error
    if order.status == states.ACCEPTED and order.reviews.count() == 2:
        move_order(order, "close", {"system"}, user)
    with override("ru"):
        notice = _("You have a new review (%(rating)s/5) for «%(title)s»") % {
            "rating": rating,
            "title": order.title,
        }
    tell([subject], notice, order_url(order))
    return review
