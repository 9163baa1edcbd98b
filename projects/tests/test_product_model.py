from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from members.models import User
from projects.models import Product, ProductMaker


def test_a_product_keeps_its_makers_shares(resident: User, producer: User) -> None:
    product = Product.objects.create(
        title="Кружка «Хибины»", price=Decimal("1200.00"), owner_member=resident.member
    )
    ProductMaker.objects.create(product=product, member=resident.member, share=Decimal("60"))
    ProductMaker.objects.create(product=product, member=producer.member, share=Decimal("40"))

    shares = sorted(product.makers.values_list("share", flat=True))
    assert shares == [Decimal("40.00"), Decimal("60.00")]
    assert list(Product.objects.listed()) == []


def test_the_database_refuses_a_negative_price(resident: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(title="x", price=Decimal("-1"), owner_member=resident.member)
