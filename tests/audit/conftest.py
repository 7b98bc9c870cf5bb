"""Audit fixtures: a fixed signing key and entries written through a real service."""

from __future__ import annotations

import pytest

from tests.audit.helpers import TEST_KEY
from zhijian.accounts.services import organisation_create
from zhijian.core.models import Region


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 costs ~0.5 s per demo user on a busy 2-core machine; these tests check no passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.AUDIT_SIGNING_KEY = TEST_KEY
    settings.AUDIT_TRUSTED_PUBLIC_KEYS = []
    return TEST_KEY


@pytest.fixture
def organisations(people):
    """Five organisations created through accounts.services, so five real audit entries."""
    region = Region.objects.get(code="610113")
    return [
        organisation_create(acting_user=people["admin"], name=f"审计测试企业{i}", kind="enterprise",
                            region=region, reason=f"登记第 {i} 家")
        for i in range(5)
    ]
