"""Agency status: 有效 <-> 暂停 -> 撤销, each change an audited event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhijian.agencies.choices import AgencyStatus as S
from zhijian.core.workflow import Transition, Workflow

AGENCY_WORKFLOW = Workflow("status", [
    Transition("suspend", (S.VALID,), S.SUSPENDED, label=_("暂停")),
    Transition("reinstate", (S.SUSPENDED,), S.VALID, label=_("恢复")),
    Transition("revoke", (S.VALID, S.SUSPENDED), S.REVOKED, label=_("撤销")),
])
