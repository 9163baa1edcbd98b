"""Every write to orders goes through here; each state change follows `orders.states`.

One module per part of an order's life (`transitions` holds what they share: the row lock, the
state table's check, telling people); the names are re-exported here, so callers import them
from `orders.services`.

Each action locks the order row first (`select_for_update`), re-reads its state and only then
decides, so two requests racing on one order queue on the lock: of two proposals accepted at
once exactly one wins, and the other request sees the order already assigned.
"""

from __future__ import annotations

from orders.services.actions import check_take_action
from orders.services.messages import check_leave_review, check_post_message
from orders.services.placing import (
    OrderData,
    check_add_files,
    check_approve_order,
    check_cancel_order,
    check_create_order,
    check_order_data,
    check_publish_order,
    check_return_order,
    check_update_order,
)
from orders.services.proposals import (
    HUNDRED,
    ProposalData,
    ShareData,
    check_accept_proposal,
    check_proposal_data,
    check_proposal_shares,
    check_submit_proposal,
    check_teammates,
    check_update_proposal,
    check_withdraw_proposal,
    not_a_teammate,
    proposal_field_errors,
)
from orders.services.routes import check_forward_order, do_route_order
from orders.services.transitions import (
    OrderError,
)
from orders.services.work import (
    RESOLUTIONS,
    check_accept_delivery,
    check_close_order,
    check_deliver,
    check_open_dispute,
    check_request_changes,
    check_resolve_dispute,
    check_start_work,
)

__all__ = [
    "HUNDRED",
    "RESOLUTIONS",
    "OrderData",
    "OrderError",
    "ProposalData",
    "ShareData",
    "check_accept_delivery",
    "check_accept_proposal",
    "check_add_files",
    "check_approve_order",
    "check_cancel_order",
    "check_close_order",
    "check_create_order",
    "check_deliver",
    "check_forward_order",
    "check_leave_review",
    "check_open_dispute",
    "check_order_data",
    "check_post_message",
    "check_proposal_data",
    "check_proposal_shares",
    "check_publish_order",
    "check_request_changes",
    "check_resolve_dispute",
    "check_return_order",
    "check_start_work",
    "check_submit_proposal",
    "check_take_action",
    "check_teammates",
    "check_update_order",
    "check_update_proposal",
    "check_withdraw_proposal",
    "do_route_order",
    "not_a_teammate",
    "proposal_field_errors",
]
