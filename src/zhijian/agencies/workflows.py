"""Agency status: 有效 <-> 暂停 -> 撤销, each change an audited event."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from zhijian.agencies.choices import AgencyStatus as S
from zhijian.core.workflow import Transition, Workflow

AGENCY_WORKFLOW = Workflow("status", [
    Transition("suspend", (S.VALID,), S.SUSPENDED, label=pgettext_lazy("action", "暂停")),
    Transition("reinstate", (S.SUSPENDED,), S.VALID, label=pgettext_lazy("action", "恢复")),
    Transition("revoke", (S.VALID, S.SUSPENDED), S.REVOKED, label=pgettext_lazy("action", "撤销")),
])
