"""Factories for agencies, qualification scopes, inspectors and conflicts (valid USCCs via make_uscc)."""

from __future__ import annotations

import datetime as dt

import factory

from zhijian.accounts.models import Organisation
from zhijian.agencies.models import ConflictOfInterest, InspectionAgency, Inspector, QualificationScope
from zhijian.core.identifiers import make_uscc
from zhijian.core.models import Region


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionAgency

    name = factory.Sequence(lambda n: f"测试检验检测中心{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="610100"))
    uscc = factory.LazyAttributeSequence(lambda o, n: make_uscc(o.region.code, f"{70000000 + n:08d}", authority="1", kind="2"))
    cma_number = factory.Sequence(lambda n: f"1927001{n:05d}")
    status = "valid"


class ScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationScope

    agency = factory.SubFactory(AgencyFactory)
    product_category = "电热毯"
    valid_from = dt.date(2020, 1, 1)


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    name = factory.Sequence(lambda n: f"检查员{n}")
    staff_number = factory.Sequence(lambda n: f"ZF{n:06d}")
    organisation = factory.LazyFunction(lambda: Organisation.objects.get(name="西安市市场监督管理局"))
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    unit = "质量监督科"
    qualifications = factory.LazyFunction(lambda: ["执法证", "抽样员"])
    law_enforcement_cert_no = factory.Sequence(lambda n: f"61010019{n:04d}")
    cert_valid_to = dt.date(2030, 12, 31)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    inspector = factory.SubFactory(InspectorFactory)
    enterprise_uscc = factory.Sequence(lambda n: make_uscc("610113", f"{50000000 + n:08d}"))
    enterprise_name = factory.Sequence(lambda n: f"西安测试企业{n}有限公司")
    relation = "relative"
    declared_on = dt.date(2024, 1, 1)
