"""Every write to resource maps goes through here; each one logs the member for the
matching index (see `matching.live_index`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from core.models import Industry, Town
from members.models import Member, User
from resources.models import PartnerMap, ResourceChange, ResourceItem


@dataclass
class ItemData:
    direction: str
    type: str
    text: str
    visibility: str
    town: Town | None = None
    quantity: str = ""
    industries: list[Industry] = field(default_factory=list)


def do_record_change(member_id: int) -> None:
    ResourceChange.objects.create(member_id=member_id)


@transaction.atomic
def do_add_item(member: Member, data: ItemData) -> ResourceItem:
    item = ResourceItem.objects.create(
        member=member,
        direction=data.direction,
        type=data.type,
        text=data.text.strip(),
        visibility=data.visibility,
        town=data.town,
        quantity=data.quantity,
    )
    item.industries.set(data.industries)
    do_record_change(member.pk)
    return item


@transaction.atomic
def do_update_item(item: ResourceItem, data: ItemData) -> ResourceItem:
    item.direction = data.direction
    item.type = data.type
    item.text = data.text.strip()
    item.visibility = data.visibility
    item.town = data.town
    item.quantity = data.quantity
    item.save()
    item.industries.set(data.industries)
    do_record_change(item.member_id)
    return item


@transaction.atomic
def do_delete_item(item: ResourceItem) -> None:
    member_id = item.member_id
    item.delete()
    do_record_change(member_id)


@transaction.atomic
def do_create_partner_map(owner: User, title: str, members: list[Member]) -> PartnerMap:
    partner_map = PartnerMap.objects.create(owner=owner, title=title.strip())
    partner_map.members.set(members)
    return partner_map
