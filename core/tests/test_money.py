"""Roubles are written one way on every page and in every notification."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.translation import override

from core.money import amount, kopecks, rub


@pytest.mark.parametrize(
    ("value", "russian", "english"),
    [
        (Decimal("100000.00"), "100\u00a0000\u00a0₽", "100,000\u00a0₽"),
        (Decimal("80000.50"), "80\u00a0000,50\u00a0₽", "80,000.50\u00a0₽"),
        (Decimal("999.99"), "999,99\u00a0₽", "999.99\u00a0₽"),
        (Decimal("0"), "0\u00a0₽", "0\u00a0₽"),
        (1_250_000, "1\u00a0250\u00a0000\u00a0₽", "1,250,000\u00a0₽"),
    ],
)
def test_roubles_group_thousands_and_show_kopecks_only_when_there_are_some(
    value: Decimal, russian: str, english: str
) -> None:
    with override("ru"):
        assert rub(value) == russian
    with override("en"):
        assert rub(value) == english


def test_the_template_filters_write_the_same() -> None:
    template = Template("{% load cluster %}{{ low|amount }}–{{ high|rub }}|{{ none|rub }}")
    with override("ru"):
        text = template.render(
            Context({"low": Decimal("50000.00"), "high": Decimal("80000.00"), "none": None})
        )
    assert text == f"{amount(Decimal(50000))}–{rub(Decimal(80000))}|"
    assert text == "50\u00a0000–80\u00a0000\u00a0₽|"


def test_a_negative_sum_has_a_minus_sign_and_statements_keep_every_kopeck() -> None:
    with override("ru"):
        assert rub(Decimal("-450.00")) == "\u2212450\u00a0₽"
        assert kopecks(Decimal("15750")) == "15\u00a0750,00"
        assert kopecks(Decimal("-1200.5")) == "\u22121\u00a0200,50"
        text = Template("{% load cluster %}{{ v|kopecks }}|{{ none|kopecks }}").render(
            Context({"v": Decimal("3600"), "none": None})
        )
    assert text == "3\u00a0600,00|"
