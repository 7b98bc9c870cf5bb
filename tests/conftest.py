"""Fixtures: one user per demo role, each in its own organisation, and API clients for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory, bureau, org

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # argon2 is right for production and far too slow for fixtures that create nine users per test
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _chinese_by_default():
    # A request switched to English leaves the thread's language behind; every test starts in
    # the platform's source language.
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent (a user's fresh clone): skipping a test that reads shared data")
    return SHARED / "data"


@pytest.fixture
def people(db):
    """The demo cast: province, Xi'an, Baoji, Yanta staff, an agency, an enterprise, a platform, an auditor."""
    province = bureau("610000", "province", "陕西省市场监督管理局")
    xian = bureau("610100", "city", "西安市市场监督管理局")
    baoji = bureau("610300", "city", "宝鸡市市场监督管理局")
    yanta = bureau("610113", "county", "西安市雁塔区市场监督管理局")
    agency = org("agency", "610100", "陕西省产品质量监督检验研究院")
    enterprise = org("enterprise", "610113", "西安测试电器有限公司")
    platform = org("platform", "610100", "测试电商平台")
    return {
        "admin": UserFactory(username="admin", role="administrator", organisation=province, is_staff=True, is_superuser=True),
        "sheng": UserFactory(username="sheng", role="province_staff", organisation=province),
        "xian": UserFactory(username="xian", role="city_staff", organisation=xian),
        "baoji": UserFactory(username="baoji", role="city_staff", organisation=baoji),
        "yanta": UserFactory(username="yanta", role="county_staff", organisation=yanta),
        "jianyan": UserFactory(username="jianyan", role="agency_user", organisation=agency),
        "qiye": UserFactory(username="qiye", role="enterprise_user", organisation=enterprise),
        "pingtai": UserFactory(username="pingtai", role="platform_user", organisation=platform),
        "shenji": UserFactory(username="shenji", role="auditor", organisation=province),
    }


@pytest.fixture
def api_for(people):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(people[username])
        return client

    return make
