"""Factories for registry tests: valid USCCs and GTINs made by the core helpers."""

from __future__ import annotations

import factory
from stdnum import ean

from zhijian.core.identifiers import make_uscc
from zhijian.core.models import Region
from zhijian.registry.models import Brand, Enterprise, Product, ProductCategory


def make_gtin(n: int, prefix: str = "690") -> str:
    body = f"{prefix}{n:09d}"
    return body + ean.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    class Params:
        region_code = "610113"

    region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.region_code))
    uscc = factory.LazyAttributeSequence(lambda o, n: make_uscc(o.region_code, f"{n + 10000000:08d}"))
    name = factory.Sequence(lambda n: f"陕西测试制造有限公司{n}")
    legal_representative = "张伟"
    registered_address = factory.LazyAttribute(lambda o: f"{o.region.name}科技路{o.uscc[-3:]}号")
    industry = "appliance"
    size_class = "small"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{900 + n}")
    name = factory.Sequence(lambda n: f"测试分类{n}")
    level = 2


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试品牌{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"测试产品{n}")
    model = factory.Sequence(lambda n: f"ZJ-{n}")
