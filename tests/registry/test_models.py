import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.registry.factories import CategoryFactory, EnterpriseFactory, ProductFactory
from zhijian.core.search import search
from zhijian.registry.models import Enterprise, Product, ProductCategory

pytestmark = pytest.mark.django_db


def test_uscc_format_is_enforced_by_the_database():
    enterprise = EnterpriseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(uscc="91110000600037341I")


def test_uscc_is_unique():
    enterprise = EnterpriseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseFactory(uscc=enterprise.uscc)


def test_licence_requirement_follows_the_catalogue_dates():
    # 电热毯: XK until 2018-08-01, then CCC (DOMAIN 3.3).
    blanket = CategoryFactory(
        code="101", name="电热毯", licence_required=True, licence_valid_to=dt.date(2018, 8, 1),
        ccc_required=True, ccc_valid_from=dt.date(2018, 8, 1),
    )
    assert blanket.licence_required_on(dt.date(2016, 5, 1))
    assert not blanket.ccc_required_on(dt.date(2016, 5, 1))
    assert not blanket.licence_required_on(dt.date(2018, 8, 1))
    assert blanket.ccc_required_on(dt.date(2018, 8, 1))


def test_licence_period_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductCategory.objects.create(
            code="102", name="x", licence_required=True,
            licence_valid_from=dt.date(2019, 1, 1), licence_valid_to=dt.date(2018, 1, 1),
        )


def test_product_search_index_is_created():
    product = ProductFactory(name="美的电饭煲", model="MB-FB40")
    assert list(search(Product.objects.all(), "电饭煲")) == [product]
    assert list(search(Product.objects.all(), "mddfb")) == [product]
