"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.conf import settings

from zhijian.accounts.models import Organisation, User
from zhijian.core.models import Region


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("kind", "name")

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = "bureau"
    level = "city"
    region = factory.LazyFunction(lambda: Region.objects.get(code="610100"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = "city_staff"
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(settings.DEMO_PASSWORD)


def bureau(region_code: str, level: str, name: str) -> Organisation:
    return OrganisationFactory(kind="bureau", level=level, name=name, region=Region.objects.get(code=region_code))


def org(kind: str, region_code: str, name: str) -> Organisation:
    return OrganisationFactory(kind=kind, level="", name=name, region=Region.objects.get(code=region_code))
