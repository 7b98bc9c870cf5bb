"""Writes for organisations, users and API tokens; each audited in its own transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from zhijian.accounts.models import Organisation, User
from zhijian.audit.services import audited_save, log_event


@transaction.atomic
def organisation_create(*, acting_user: Any, reason: str = "", **fields: Any) -> Organisation:
    return audited_save(Organisation(**fields), acting_user=acting_user, reason=reason)


@transaction.atomic
def user_create(*, acting_user: Any, username: str, password: str | None, reason: str = "", **fields: Any) -> User:
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    audited_save(user, acting_user=acting_user, reason=reason)
    return user


@transaction.atomic
def token_issue(*, acting_user: User) -> Token:
    """Issue (or return) the caller's API token; issuing a new one is an audited event."""
    token, created = Token.objects.get_or_create(user=acting_user)
    if created:
        log_event(acting_user=acting_user, event="accounts.token.issue", instance=acting_user,
                  new={"key_prefix": token.key[:6]})
    return token
