"""Outside debug mode the demo data may be built, but the demo logins are never created."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from zhijian.accounts.models import User
from zhijian.core.search import search
from zhijian.demo.logins import DEMO_LOGINS
from zhijian.demo.province import Loader
from zhijian.demo.services import demo_is_loaded
from zhijian.registry.models import Enterprise, Product

USERNAMES = [u for u, _r, _o in DEMO_LOGINS]


@pytest.mark.django_db
def test_no_logins_when_demo_disabled_then_added_once_enabled(settings):
    settings.DEMO_ENABLED = False
    out = io.StringIO()
    call_command("demo_load", scale="tiny", seed=5, search_text="quick", stdout=out)
    assert "不创建演示账号" in out.getvalue()
    # The quick search column (used above 1,000 enterprises) finds what the exact one finds.
    assert search(Product.objects.all(), "电饭煲").filter(brand__name="美的").exists()
    assert search(Enterprise.objects.all(), "秦华电器").exists()
    assert demo_is_loaded()
    assert Enterprise.objects.count() == 200
    assert not User.objects.filter(username__in=USERNAMES).exists()
    assert not User.objects.exists()
    with pytest.raises(RuntimeError, match="debug mode"):
        Loader(scale="tiny").users({})
    with pytest.raises(CommandError):
        call_command("demo_load", scale="tiny", seed=5, stdout=io.StringIO())

    # Debug switched on later: loading again adds the missing logins and nothing else.
    settings.DEMO_ENABLED = True
    out = io.StringIO()
    call_command("demo_load", scale="tiny", stdout=out)
    assert "已补建演示账号" in out.getvalue()
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(USERNAMES)
    assert Enterprise.objects.count() == 200
    with pytest.raises(CommandError):
        call_command("demo_load", scale="tiny", stdout=io.StringIO())
