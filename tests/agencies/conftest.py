import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The `people` fixture sets 9 passwords; Argon2 takes ~0.7 s each on these machines."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(people):
    """Agencies and inspectors in Xi'an (city and Yanta district) and Baoji, next to the demo cast."""
    from zhijian.accounts.models import Organisation
    from zhijian.core.models import Region

    from .factories import AgencyFactory, InspectorFactory, ScopeFactory

    region = Region.objects.get
    own = Organisation.objects.get(name="陕西省产品质量监督检验研究院")
    data = {
        "agency_xa": AgencyFactory(name="陕西省产品质量监督检验研究院", organisation=own, address="西安市雁塔区科技路"),
        "agency_yt": AgencyFactory(name="西安雁塔纺织品检测中心", region=region(code="610113")),
        "agency_bj": AgencyFactory(name="宝鸡市产品质量检验检测中心", region=region(code="610300")),
        "insp_xa": InspectorFactory(name="王建国", staff_number="XA0001"),
        "insp_yt": InspectorFactory(name="李红梅", staff_number="YT0001",
                                    organisation=Organisation.objects.get(name="西安市雁塔区市场监督管理局")),
        "insp_bj": InspectorFactory(name="张宝山", staff_number="BJ0001",
                                    organisation=Organisation.objects.get(name="宝鸡市市场监督管理局")),
    }
    ScopeFactory(agency=data["agency_xa"], product_category="电热毯", standard_number="GB 4706.8-2008",
                 valid_to=dt.date(2025, 12, 31))
    ScopeFactory(agency=data["agency_bj"], product_category="电热毯")
    ScopeFactory(agency=data["agency_yt"], product_category="401", valid_from=dt.date(2022, 1, 1))
    return data
