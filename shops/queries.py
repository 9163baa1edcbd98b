"""Reads and access checks for points of sale, their offers, stock and sales."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from core.roles import is_curator
from members.models import Member, User
from members.queries import member_of
from projects.models import Product
from shops.models import ConsignmentOffer, OfferStatus, PointOfSale, StockKind, StockMovement

AnyUser = User | AnonymousUser


def visible_points(user: AnyUser, member: Member | None = None) -> QuerySet[PointOfSale]:
    """Members see the active points of sale (to offer products); curators see all."""
    if is_curator(user):
        return PointOfSale.objects.all()
    if (member or member_of(user)) is None:
        return PointOfSale.objects.none()
    return PointOfSale.objects.filter(Q(is_active=True) | Q(partner__user=user))


def point_list(user: AnyUser, member: Member | None = None) -> QuerySet[PointOfSale]:
    live = ConsignmentOffer.objects.filter(point_id=OuterRef("pk"), status=OfferStatus.ACCEPTED)
    products = live.order_by().values("point_id").annotate(n=Count("id")).values("n")
    return (
        visible_points(user, member)
        .select_related("town", "partner")
        .annotate(product_count=Coalesce(Subquery(products, output_field=IntegerField()), 0))
        .order_by("town__name_ru", "name", "id")
    )


def access_point_for_user(user: AnyUser, point_id: int) -> PointOfSale:
    point = visible_points(user).select_related("town", "partner__user").filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


def runs_point(user: AnyUser, point: PointOfSale) -> bool:
    return is_curator(user) or (user.is_authenticated and point.partner.user_id == user.pk)


def access_point_for_runner(user: AnyUser, point_id: int) -> PointOfSale:
    point = access_point_for_user(user, point_id)
    if not runs_point(user, point):
        raise Http404
    return point


def access_offer_for_runner(user: AnyUser, offer_id: int) -> ConsignmentOffer:
    offer = (
        ConsignmentOffer.objects.select_related("point__partner", "product")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or not runs_point(user, offer.point):
        raise Http404
    return offer


def access_offer_for_party(user: AnyUser, offer_id: int) -> ConsignmentOffer:
    """Return an offer to the shop that runs it or the maker who offered it."""
    offer = (
        ConsignmentOffer.objects.select_related("point__partner", "product", "offered_by")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404
    if not (runs_point(user, offer.point) or offer.offered_by.user_id == user.pk):
        raise Http404
    return offer


def access_sale_for_runner(user: AnyUser, sale_id: int) -> StockMovement:
    sale = (
        StockMovement.objects.select_related("offer__point__partner", "offer__product")
        .filter(pk=sale_id, kind=StockKind.SOLD)
        .first()
    )
    if sale is None or not runs_point(user, sale.offer.point):
        raise Http404
    return sale


def refundable_quantity(sale: StockMovement) -> int:
    """Return how many items of the sale can still come back (sold minus refunded)."""
    return sale.quantity - (sale.refunds.aggregate(n=Sum("quantity"))["n"] or 0)


def products_made_by(member: Member) -> QuerySet[Product]:
    """Return the listed products the member makes (a maker's share, or owns without makers)."""
    return (
        Product.objects.listed()
        .filter(Q(makers__member=member) | Q(owner_member=member, makers__isnull=True))
        .distinct()
        .order_by("title", "id")
    )


def offers_at(point: PointOfSale, user: AnyUser) -> QuerySet[ConsignmentOffer]:
    """Return the point's offers this person may see: all for the shop, their own for makers."""
    offers = point.offers.select_related("product", "offered_by").order_by(
        "status", "product__title", "id"
    )
    if runs_point(user, point):
        return offers
    member = member_of(user)
    return offers.filter(offered_by=member) if member else offers.none()


def recent_movements(point: PointOfSale, limit: int = 50) -> QuerySet[StockMovement]:
    refunded = (
        StockMovement.objects.filter(sale_id=OuterRef("pk"))
        .order_by()
        .values("sale_id")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return (
        StockMovement.objects.filter(offer__point=point)
        .select_related("offer__product")
        .annotate(refunded=Coalesce(Subquery(refunded, output_field=IntegerField()), 0))
        .order_by("-date", "-id")[:limit]
    )


def my_consignments(member: Member) -> QuerySet[ConsignmentOffer]:
    return (
        ConsignmentOffer.objects.filter(Q(offered_by=member) | Q(product__makers__member=member))
        .distinct()
        .select_related("point__town", "product")
        .order_by("point__name", "product__title", "id")
    )
