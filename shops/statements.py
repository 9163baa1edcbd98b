"""Monthly statements: what each maker sold through points of sale, the shops' commission and
the payout due, as a page and as an XLSX file. Every figure is a sum of stored `SaleSplit`
rows, so the makers' statements of a shop add up to the shop's own totals to the kopeck.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from members.models import Member
from shops.models import PointOfSale, SaleSplit, StockKind, StockMovement

ZERO = Decimal("0.00")
KOPECK = Decimal("0.01")
MONEY_FORMAT = "#,##0.00"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Totals:
    sold: Decimal = ZERO
    commission: Decimal = ZERO
    payout: Decimal = ZERO

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.sold + other.sold,
            self.commission + other.commission,
            self.payout + other.payout,
        )


@dataclass(frozen=True)
class StatementLine:
    date: date
    point: str
    product: str
    kind: str
    kind_label: str
    quantity: int
    unit_price: Decimal
    commission_percent: Decimal
    share: Decimal
    sold: Decimal
    commission: Decimal
    payout: Decimal


@dataclass
class Statement:
    member: Member
    year: int
    month: int
    lines: list[StatementLine] = field(default_factory=list)
    by_point: dict[str, Totals] = field(default_factory=dict)
    totals: Totals = field(default_factory=Totals)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def latest_month(splits: Any) -> tuple[int, int] | None:
    """Return the (year, month) of the latest of these sale splits, if any: 1 query."""
    last = splits.order_by("-date").values_list("date", flat=True).first()
    return (last.year, last.month) if last else None


def latest_month_of_maker(member: Member) -> tuple[int, int] | None:
    return latest_month(SaleSplit.objects.filter(member=member))


def latest_month_of_point(point: PointOfSale) -> tuple[int, int] | None:
    return latest_month(SaleSplit.objects.filter(movement__offer__point=point))


def maker_statement(member: Member, year: int, month: int) -> Statement:
    """Return the member's statement for the month: 1 query."""
    start, end = month_bounds(year, month)
    splits = (
        SaleSplit.objects.filter(member=member, date__range=(start, end))
        .select_related("movement__offer__product", "movement__offer__point")
        .order_by("date", "movement_id")
    )
    statement = Statement(member, year, month)
    for split in splits:
        movement = split.movement
        point = movement.offer.point.name
        line = StatementLine(
            date=split.date,
            point=point,
            product=movement.offer.product.title,
            kind=movement.kind,
            kind_label=movement.get_kind_display(),
            quantity=movement.quantity if movement.kind == StockKind.SOLD else -movement.quantity,
            unit_price=movement.unit_price or ZERO,
            commission_percent=movement.commission_percent or ZERO,
            share=split.share,
            sold=split.gross,
            commission=split.commission,
            payout=split.payout,
        )
        statement.lines.append(line)
        amounts = Totals(split.gross, split.commission, split.payout)
        statement.by_point[point] = statement.by_point.get(point, Totals()) + amounts
        statement.totals = statement.totals + amounts
    return statement


@dataclass(frozen=True)
class MakerTotals:
    member_id: int
    name: str
    totals: Totals


@dataclass
class PointMonth:
    point: PointOfSale
    year: int
    month: int
    makers: list[MakerTotals]
    totals: Totals  # from the movements themselves
    sales: int


def point_month(point: PointOfSale, year: int, month: int) -> PointMonth:
    """Return what the shop owes each maker for the month, and its own totals: 2 queries."""
    start, end = month_bounds(year, month)
    rows = (
        SaleSplit.objects.filter(movement__offer__point=point, date__range=(start, end))
        .values("member_id", "member__display_name")
        .annotate(sold=Sum("gross"), commission=Sum("commission"), payout=Sum("payout"))
        .order_by("member__display_name", "member_id")
    )
    makers = [
        MakerTotals(
            row["member_id"],
            row["member__display_name"],
            Totals(_kopecks(row["sold"]), _kopecks(row["commission"]), _kopecks(row["payout"])),
        )
        for row in rows
    ]
    own = StockMovement.objects.filter(
        offer__point=point,
        date__range=(start, end),
        kind__in=[StockKind.SOLD, StockKind.REFUNDED],
    ).aggregate(
        sold=Sum("gross"), commission=Sum("commission"), payout=Sum("payout"), n=Count("id")
    )
    totals = Totals(_kopecks(own["sold"]), _kopecks(own["commission"]), _kopecks(own["payout"]))
    return PointMonth(point, year, month, makers, totals, own["n"])


def _kopecks(total: Decimal | None) -> Decimal:
    """Return a database sum to the kopeck. SQLite keeps decimals as floating point, so its
    SUM can be off by ~1e-12; every addend has whole kopecks, so rounding restores the exact
    total (PostgreSQL sums `numeric` exactly and this changes nothing)."""
    return (total or ZERO).quantize(KOPECK)


def statement_xlsx(statement: Statement) -> bytes:
    """Return the statement as an XLSX workbook: the lines, then subtotals per shop and the
    month's totals, with money as numbers (not text) so accountants can sum them."""
    book = Workbook()
    sheet = book.active
    if sheet is None:  # a new workbook always has its first sheet; the types allow none
        raise RuntimeError("openpyxl made a workbook without a sheet")
    sheet.title = f"{statement.year}-{statement.month:02d}"
    bold = Font(bold=True)
    sheet.append([_("Statement"), statement.member.display_name, statement.first_day])
    sheet["A1"].font = bold
    sheet["C1"].number_format = "mmmm yyyy"
    sheet.append([])
    headers = [
        _("Date"),
        _("Point of sale"),
        _("Product"),
        _("Operation"),
        _("Quantity"),
        _("Price per unit, ₽"),
        _("Commission, %"),
        _("My share, %"),
        _("Sold, ₽"),
        _("Commission, ₽"),
        _("Payout, ₽"),
    ]
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = bold
    for line in statement.lines:
        sheet.append(
            [
                line.date,
                line.point,
                line.product,
                line.kind_label,
                line.quantity,
                line.unit_price,
                line.commission_percent,
                line.share,
                line.sold,
                line.commission,
                line.payout,
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 1).number_format = "dd.mm.yyyy"
        for column in (6, 9, 10, 11):
            sheet.cell(row, column).number_format = MONEY_FORMAT
    sheet.append([])
    for point, totals in statement.by_point.items():
        sheet.append([None, point, None, None, None, None, None, None, *_amounts(totals)])
        _money_row(sheet)
    sheet.append(
        [_("Total"), None, None, None, None, None, None, None, *_amounts(statement.totals)]
    )
    _money_row(sheet)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for letter, width in zip(
        "ABCDEFGHIJK", (12, 28, 32, 22, 10, 14, 12, 12, 14, 14, 14), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _amounts(totals: Totals) -> list[Decimal]:
    return [totals.sold, totals.commission, totals.payout]


def _money_row(sheet: object) -> None:
    row = sheet.max_row  # type: ignore[attr-defined]
    for column in (9, 10, 11):
        sheet.cell(row, column).number_format = MONEY_FORMAT  # type: ignore[attr-defined]
