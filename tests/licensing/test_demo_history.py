"""The tiny demo province's licensing history: licences match the products' numbers, applications sit
in every stage, and the worklists find exactly the planted cases."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from zhijian.audit.models import AuditEntry
from zhijian.demo.province import load_province
from zhijian.licensing.models import AnnualReport, Application, Licence
from zhijian.licensing.selectors import licence_misuse, missing_annual_reports, unlicensed_producers
from zhijian.registry.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                             MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), fast, transaction.atomic():
        load_province(scale="tiny", seed=2016, out=lambda _m: None)
        yield AuditEntry.objects.get(action="demo.licensing").after
        transaction.set_rollback(True)


@pytest.fixture
def sheng(demo):
    from zhijian.accounts.models import User

    return User.objects.get(username="sheng")


def test_licences_match_the_numbers_on_products(demo):
    numbers = set(Licence.objects.values_list("number", flat=True))
    marked = set(Product.objects.exclude(licence_number="").values_list("licence_number", flat=True))
    never_issued = {tuple(x) for x in demo["planted_unlicensed"]}
    assert numbers and marked - numbers  # the never-issued number is the only one without a licence
    orphan = Product.objects.exclude(licence_number="").exclude(licence_number__in=numbers)
    assert {(p.enterprise.uscc, p.category.code) for p in orphan} <= never_issued
    statuses = set(Licence.objects.values_list("status", flat=True))
    assert {"valid", "expired", "revoked"} <= statuses


def test_worklists_find_exactly_the_planted_cases(demo, sheng):
    found = {(c.enterprise.uscc, c.category.code) for c in unlicensed_producers(sheng)}
    assert found == {tuple(x) for x in demo["planted_unlicensed"]} and len(found) >= 3
    misuse = {(m.number, m.obj.pk) for m in licence_misuse(sheng)}
    assert misuse == {tuple(x) for x in demo["planted_misuse"]} and misuse


def test_applications_in_every_stage_and_annual_reports(demo, sheng):
    stages = set(Application.objects.values_list("stage", flat=True))
    assert {"draft", "submitted", "review", "verification", "decision", "approved", "issued", "refused", "rejected",
            "withdrawn"} <= stages
    assert Application.objects.filter(enterprise__name="西安秦华电器有限公司").count() >= 2
    assert AnnualReport.objects.exists()
    import datetime as dt

    assert missing_annual_reports(sheng, dt.date.today().year - 1)  # some are missing and flagged
