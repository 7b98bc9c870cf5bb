"""State machines: the application's stages (e-approval) and the licence's status, each
transition audited with its legal basis by the services."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from zhijian.core.workflow import Transition, Workflow
from zhijian.licensing.choices import LicenceStatus as L
from zhijian.licensing.choices import Stage as S

OPEN = (S.SUBMITTED, S.REVIEW, S.VERIFICATION, S.TESTING, S.DECISION, S.APPROVED)

APPLICATION_WORKFLOW = Workflow("stage", [
    Transition("submit", (S.DRAFT,), S.SUBMITTED, label=pgettext_lazy("action", "提交申请")),
    Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.REVIEW, S.VERIFICATION, S.TESTING, S.DECISION), S.WITHDRAWN,
               label=pgettext_lazy("action", "撤回申请")),
    Transition("accept", (S.SUBMITTED,), S.REVIEW, label=pgettext_lazy("action", "受理")),
    Transition("refuse", (S.SUBMITTED,), S.REFUSED, label=pgettext_lazy("action", "不予受理")),
    Transition("review_to_verification", (S.REVIEW,), S.VERIFICATION, label=pgettext_lazy("action", "审查通过，实地核查")),
    Transition("review_to_testing", (S.REVIEW,), S.TESTING, label=pgettext_lazy("action", "审查通过，产品检验")),
    Transition("review_to_decision", (S.REVIEW,), S.DECISION, label=pgettext_lazy("action", "审查通过，待决定")),
    Transition("review_fail", (S.REVIEW,), S.REJECTED, label=pgettext_lazy("action", "审查不通过")),
    Transition("verification_to_testing", (S.VERIFICATION,), S.TESTING, label=pgettext_lazy("action", "核查符合，产品检验")),
    Transition("verification_to_decision", (S.VERIFICATION,), S.DECISION, label=pgettext_lazy("action", "核查符合")),
    Transition("verification_fail", (S.VERIFICATION,), S.REJECTED, label=pgettext_lazy("action", "核查不符合")),
    Transition("testing_pass", (S.TESTING,), S.DECISION, label=pgettext_lazy("action", "检验合格")),
    Transition("testing_fail", (S.TESTING,), S.REJECTED, label=pgettext_lazy("action", "检验不合格")),
    Transition("approve", (S.DECISION,), S.APPROVED, label=pgettext_lazy("action", "准予许可")),
    Transition("reject", (S.DECISION,), S.REJECTED, label=pgettext_lazy("action", "不予许可")),
    Transition("issue", (S.APPROVED,), S.ISSUED, label=pgettext_lazy("action", "发证／办结")),
])

# transition: (target handled by the workflow, default legal basis)
LICENCE_BASIS = {
    "suspend": "责令停产整改期间暂停使用许可证（监督检查不符合条件）[M]",
    "reinstate": "整改完成，经复查恢复",
    "revoke": "条例第54条：监督抽查不合格，整改后复查仍不合格的，吊销许可证",
    "withdraw": "行政许可法第69条：以欺骗、贿赂等不正当手段取得许可或虚假承诺的，予以撤销",
    "cancel": "条例第31条、行政许可法第70条：注销",
    "expire": "条例第25条：有效期届满未申请延续",
    "renew": "条例第25条、实施办法第27条：延续，证书编号不变",
}

LICENCE_WORKFLOW = Workflow("status", [
    Transition("suspend", (L.VALID,), L.SUSPENDED, label=pgettext_lazy("action", "暂停")),
    Transition("reinstate", (L.SUSPENDED,), L.VALID, label=pgettext_lazy("action", "恢复")),
    Transition("revoke", (L.VALID, L.SUSPENDED), L.REVOKED, label=pgettext_lazy("action", "吊销")),
    Transition("withdraw", (L.VALID, L.SUSPENDED), L.WITHDRAWN, label=pgettext_lazy("action", "撤销")),
    Transition("cancel", (L.VALID, L.SUSPENDED, L.EXPIRED, L.REVOKED, L.WITHDRAWN), L.CANCELLED,
               label=pgettext_lazy("action", "注销")),
    Transition("expire", (L.VALID,), L.EXPIRED, label=pgettext_lazy("action", "到期")),
    Transition("renew", (L.VALID, L.EXPIRED), L.VALID, label=pgettext_lazy("action", "延续")),
])
