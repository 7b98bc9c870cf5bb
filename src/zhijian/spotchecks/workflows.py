"""The task's state machine: drawn -> notified -> sampling -> sampled | refused | unable ->
testing -> reported -> [objection -> retest] -> concluded -> [handling] -> closed.

Who acts: bureau staff run the task (within their region), the testing agency receives samples
and reports, the inspected enterprise objects. Services check the party; the workflow checks
the role and the state.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from zhijian.core.workflow import Transition, Workflow
from zhijian.spotchecks.choices import TaskStatus as S

BUREAU = frozenset({"administrator", "province_staff", "city_staff", "county_staff", "inspector"})
AGENCY = frozenset({"agency_user"})
ENTERPRISE = frozenset({"enterprise_user"})


def _role(roles: frozenset[str]):
    def allowed(user, obj) -> bool:
        if user is None:  # the system itself (demo loader, scheduled jobs)
            return True
        return bool(user.is_superuser or user.role in roles)
    return allowed


TASK_WORKFLOW = Workflow("status", [
    Transition("notify", (S.DRAWN,), S.NOTIFIED, pgettext_lazy("action", "下达抽查通知"), _role(BUREAU)),
    Transition("start_sampling", (S.NOTIFIED,), S.SAMPLING, pgettext_lazy("action", "开始抽样"), _role(BUREAU)),
    Transition("record_sample", (S.NOTIFIED, S.SAMPLING), S.SAMPLED, pgettext_lazy("action", "录入抽样单"), _role(BUREAU)),
    Transition("refuse", (S.NOTIFIED, S.SAMPLING), S.REFUSED, pgettext_lazy("action", "登记拒检"), _role(BUREAU)),
    Transition("unable", (S.DRAWN, S.NOTIFIED, S.SAMPLING), S.UNABLE, pgettext_lazy("action", "登记无法抽样"), _role(BUREAU)),
    Transition("receive", (S.SAMPLED,), S.TESTING, pgettext_lazy("action", "接收样品"), _role(AGENCY | BUREAU)),
    Transition("report", (S.TESTING,), S.REPORTED, pgettext_lazy("action", "提交检验报告"), _role(AGENCY)),
    Transition("object", (S.REPORTED,), S.OBJECTION, pgettext_lazy("action", "提出异议"), _role(ENTERPRISE)),
    Transition("reject_objection", (S.OBJECTION,), S.REPORTED, pgettext_lazy("action", "不予受理异议"), _role(BUREAU)),
    Transition("accept_objection", (S.OBJECTION,), S.RETEST, pgettext_lazy("action", "受理异议并安排复检"), _role(BUREAU)),
    Transition("retest_report", (S.RETEST,), S.CONCLUDED, pgettext_lazy("action", "提交复检报告"), _role(AGENCY)),
    Transition("conclude", (S.REPORTED,), S.CONCLUDED, pgettext_lazy("action", "确认检验结论"), _role(BUREAU)),
    Transition("start_handling", (S.CONCLUDED,), S.HANDLING, pgettext_lazy("action", "启动后处理"), _role(BUREAU)),
    Transition("close", (S.CONCLUDED, S.HANDLING, S.REFUSED, S.UNABLE), S.CLOSED, pgettext_lazy("action", "办结"),
               _role(BUREAU)),
])
