from __future__ import annotations

from django.db.models import QuerySet

from zhijian.accounts.models import Organisation, User


def organisation_list(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).select_related("region")


def user_list(user: User) -> QuerySet[User]:
    visible = organisation_list(user).values("id")
    return User.objects.filter(organisation_id__in=visible).select_related("organisation")
