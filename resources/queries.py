from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from core.roles import is_curator
from members.models import Member, User
from members.queries import AnyUser
from resources.models import PartnerMap, ResourceItem, Visibility


def items_of(member: Member) -> QuerySet[ResourceItem]:
    return member.resource_items.select_related("town").prefetch_related("industries")


def visible_items_of(member: Member, viewer: AnyUser) -> QuerySet[ResourceItem]:
    """Return the items of a member's map that this person may see."""
    items = items_of(member)
    if is_curator(viewer) or (viewer.is_authenticated and member.user_id == viewer.pk):
        return items
    if viewer.is_authenticated and hasattr(viewer, "member"):
        return items.exclude(visibility=Visibility.CURATORS)
    return items.filter(visibility=Visibility.PUBLIC)


def access_item_for_owner(user: AnyUser, item_id: int) -> ResourceItem:
    """Return the item if it is on the caller's own map; anything else is "not found"."""
    member = getattr(user, "member", None) if user.is_authenticated else None
    item = ResourceItem.objects.filter(pk=item_id, member=member).first() if member else None
    if item is None:
        raise Http404
    return item


def access_partner_map_for_user(user: AnyUser, map_id: int) -> PartnerMap:
    partner_map = PartnerMap.objects.filter(pk=map_id).prefetch_related("members__town").first()
    if partner_map is None or not user.is_authenticated:
        raise Http404
    member = getattr(user, "member", None)
    in_it = member is not None and any(m.pk == member.pk for m in partner_map.members.all())
    if not (in_it or partner_map.owner_id == user.pk or is_curator(user)):
        raise Http404
    return partner_map


def partner_maps_for(user: User) -> QuerySet[PartnerMap]:
    if is_curator(user):
        return PartnerMap.objects.all()
    member = getattr(user, "member", None)
    maps = PartnerMap.objects.filter(owner=user)
    if member is not None:
        maps = maps | PartnerMap.objects.filter(members=member)
    return maps.distinct()
