"""The demo province's draws (the stand-alone ones and whatever the spot-check and licensing
histories make) all reproduce from their public records, and the public pages show them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from zhijian.demo.province import load_province
from zhijian.draws import lottery, services
from zhijian.draws.models import Draw

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        load_province(scale="tiny", seed=2016, out=lambda _m: None)
        yield
        transaction.set_rollback(True)


def test_every_demo_draw_reproduces(demo):
    draws = list(Draw.objects.all())
    assert any(d.status == "drawn" and d.kind == "enterprise" for d in draws)
    assert any(d.status == "committed" for d in draws)
    for draw in draws:
        record = services.draw_public_record(draw)
        if draw.status == "drawn":
            assert lottery.verify(record, expected_commitment=draw.commitment) == [], draw.title
        else:
            assert lottery.commitment(record["pool_sha256"], record["params"]) == draw.commitment
    page = Client().get(reverse("portal:draw_list")).content.decode()
    assert "2026年电热毯生产企业“双随机”监督检查（检查对象）" in page
    out = io.StringIO()
    call_command("verify_draws", stdout=out)
    assert f"all reproduce: {len(draws)} draws" in out.getvalue()
    victim = next(d for d in draws if d.status == "drawn")
    Draw.objects.filter(pk=victim.pk).update(beacon=victim.beacon + "1")
    err = io.StringIO()
    with pytest.raises(CommandError, match=rf"problems in {len(draws)} draws"):
        call_command("verify_draws", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith(f"#{victim.pk} ") and "seed differs" in err.getvalue()
    assert all(line.startswith(f"#{victim.pk} ") for line in err.getvalue().splitlines())
