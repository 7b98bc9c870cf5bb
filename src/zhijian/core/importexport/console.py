"""Shared by `zhijian import` and `zhijian export`: who the command acts as."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None) -> Any:
    """The named user, or the first active superuser for an operator at the server's console."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=username).first() if username else users.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError(f"用户不存在或已停用 / no such active user: {username}" if username
                           else "没有可用的管理员账号，请用 --user 指定 / no superuser: pass --user USERNAME")
    return user
