"""Jurisdiction scopes and the queryset that applies them (NetBox's RestrictedQuerySet idea).

A scope is what one user may see: everything (province staff, auditors, administrators), the
records under a region-code prefix (city and county bureaus), or one organisation's records
(enterprises, agencies, platforms). Models declare which of their fields carry the region code
and the owning organisation; selectors call `.visible_to(user)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    region_prefix: str | None = None
    organisation_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.region_prefix is None and self.organisation_id is None

    def covers_region(self, code: str | None) -> bool:
        if self.everything:
            return True
        return bool(self.region_prefix and code and code.startswith(self.region_prefix))


def region_prefix(code: str, level: str) -> str:
    """The prefix that selects everything under a division: 61 / 6101 / 610113."""
    return {"province": code[:2], "city": code[:4]}.get(level, code)


def scope_of(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    return user.scope


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to a user's jurisdiction.

    The model sets `jurisdiction_region_field` (a path to a GB/T 2260 code) and
    `jurisdiction_organisation_field` (a path to an organisation id, or a tuple of them).
    """

    def visible_to(self, user) -> RestrictedQuerySet:
        return self.within(scope_of(user))

    def within(self, scope: Scope) -> RestrictedQuerySet:
        if scope.everything:
            return self
        model = self.model
        condition = Q(pk__in=[])
        region_field = getattr(model, "jurisdiction_region_field", None)
        if scope.region_prefix and region_field:
            # `region_id` names the column; lookups need the relation path (`region__pk`), and
            # Django still reads the local column without a join.
            path = f"{region_field[:-3]}__pk" if region_field.endswith("_id") else region_field
            condition |= Q(**{f"{path}__startswith": scope.region_prefix})
        org_fields = getattr(model, "jurisdiction_organisation_field", None)
        if scope.organisation_id and org_fields:
            for field in org_fields if isinstance(org_fields, tuple) else (org_fields,):
                condition |= Q(**{field: scope.organisation_id})
        return self.filter(condition)
