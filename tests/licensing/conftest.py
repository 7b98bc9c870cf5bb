"""Licensing fixtures: the enterprise behind `qiye`, catalogue categories, a verifier pool, an agency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.agencies.factories import AgencyFactory, InspectorFactory, ScopeFactory
from tests.registry.factories import CategoryFactory, EnterpriseFactory
from zhijian.accounts.models import Organisation
from zhijian.licensing import services
from zhijian.licensing.services import REQUIRED_DOCUMENTS


@pytest.fixture
def cats(db):
    top = CategoryFactory(code="7", name="食品相关产品", level=1)
    mid = CategoryFactory(code="702", name="食品接触用金属制品", level=2, parent=top)
    chem_top = CategoryFactory(code="6", name="化工产品", level=1)
    chem = CategoryFactory(code="601", name="危险化学品", level=2, parent=chem_top)
    cement_top = CategoryFactory(code="4", name="建筑和装饰装修材料", level=1)
    return {
        "metal": CategoryFactory(code="702.1", name="不锈钢厨具餐具", level=3, parent=mid),
        "chem": CategoryFactory(code="601.1", name="危险化学品", level=3, parent=chem),
        "cement": CategoryFactory(code="402.1", name="通用硅酸盐水泥", level=3,
                                  parent=CategoryFactory(code="402", name="水泥", level=2, parent=cement_top)),
        "blanket": CategoryFactory(code="101.1", name="电热毯", level=3,
                                   parent=CategoryFactory(code="101", name="家用电器", level=2,
                                                          parent=CategoryFactory(code="1", name="电子电器", level=1))),
        "toy": CategoryFactory(code="201.1", name="塑胶玩具", level=3),
    }


@pytest.fixture
def firm(people):
    """The enterprise qiye logs in for (西安测试电器有限公司, Yanta)."""
    return EnterpriseFactory(name="西安测试电器有限公司", organisation=Organisation.objects.get(name="西安测试电器有限公司"),
                             region_code="610113")


@pytest.fixture
def other_firm(people):
    return EnterpriseFactory(name="宝鸡测试水泥有限公司", region_code="610302", industry="building")


@pytest.fixture
def verifiers(people):
    quals = ["执法证", "生产许可核查员证"]
    return [InspectorFactory(qualifications=quals) for _ in range(4)] + [InspectorFactory(qualifications=["执法证"])]


@pytest.fixture
def agency(people):
    a = AgencyFactory(name="陕西省化工产品质量检验站")
    ScopeFactory(agency=a, product_category="601", valid_from=dt.date(2020, 1, 1))
    return a


def upload(name: str = "材料.pdf", content: bytes = b"%PDF-1.4 test document") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_documents(user, app, skip: tuple[str, ...] = ()) -> None:
    for kind in services.required_documents(app):
        if kind not in skip:
            services.document_upload(acting_user=user, application=app, kind=kind, file=upload(f"{kind}.pdf"))


def new_application(user, firm, category, **kwargs):
    kwargs.setdefault("production_addresses", ["西安市雁塔区锦业路69号"])
    kwargs.setdefault("models_covered", ["304不锈钢锅 QH-30"])
    return services.application_create(acting_user=user, kind="new", enterprise=firm, category=category,
                                       product_name=category.name, **kwargs)


def submitted(user, firm, category, **kwargs):
    app = new_application(user, firm, category, **kwargs)
    add_documents(user, app)
    return services.application_submit(acting_user=user, application=app)


__all__ = ["REQUIRED_DOCUMENTS", "add_documents", "new_application", "submitted", "upload"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
