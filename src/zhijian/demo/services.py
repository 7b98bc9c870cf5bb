"""Building the demo province. The loader itself lives in demo/province.py."""

from __future__ import annotations


def demo_is_loaded() -> bool:
    from zhijian.accounts.models import User

    return User.objects.filter(username="sheng").exists()
