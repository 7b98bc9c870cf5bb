"""Choices of the agencies app, with translated labels (zh-Hans is the source wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停")
    REVOKED = "revoked", _("撤销")


STATUS_COLOURS = {AgencyStatus.VALID: "success", AgencyStatus.SUSPENDED: "warning", AgencyStatus.REVOKED: "secondary"}


class ConflictRelation(models.TextChoices):
    RELATIVE = "relative", _("亲属")
    FORMER_EMPLOYEE = "former_employee", _("曾任职")
    SHAREHOLDER = "shareholder", _("持股")
    OTHER = "other", _("其他")


# The qualifications an inspector may hold; the pool is drawn by them (double-random draws).
INSPECTOR_QUALIFICATIONS = (
    ("执法证", _("执法证")),
    ("生产许可核查员证", _("生产许可核查员证")),
    ("抽样员", _("抽样员")),
    ("检验员", _("检验员")),
    ("审查员", _("审查员")),
)
