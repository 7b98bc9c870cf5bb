"""Status of a standard: 即将实施 -> 现行 -> 废止, each change an audited event."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from zhijian.core.workflow import Transition, Workflow
from zhijian.standards.choices import StandardStatus as S

STANDARD_WORKFLOW = Workflow("status", [
    Transition("implement", (S.UPCOMING,), S.CURRENT, label=pgettext_lazy("action", "实施")),
    Transition("withdraw", (S.CURRENT, S.UPCOMING), S.WITHDRAWN, label=pgettext_lazy("action", "废止")),
])
