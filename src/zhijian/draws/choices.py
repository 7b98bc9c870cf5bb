"""Choices of the draws app, with translated labels (zh-Hans is the source wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrawKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("检查对象")
    INSPECTOR = "inspector", _("执法检查人员")
    AGENCY = "agency", _("检验机构")
    VERIFIER = "verifier", _("核查人员")
    LICENSEE = "licensee", _("获证企业")


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("已公布承诺值")
    DRAWN = "drawn", _("已抽取")
    CANCELLED = "cancelled", _("已取消")


STATUS_COLOURS = {DrawStatus.COMMITTED: "warning", DrawStatus.DRAWN: "success", DrawStatus.CANCELLED: "secondary"}

# Kinds whose pool labels (names) are published; pools of people are published by id only.
PUBLIC_LABEL_KINDS = frozenset({DrawKind.ENTERPRISE, DrawKind.AGENCY, DrawKind.LICENSEE})


class SamplingStage(models.TextChoices):
    PRODUCTION = "production", _("生产领域")
    CIRCULATION = "circulation", _("流通领域")
    ONLINE = "online", _("电子商务")


class LicenceFilter(models.TextChoices):
    LICENSED = "licensed", _("持有生产许可证")
    UNLICENSED = "unlicensed", _("未持有生产许可证")


class StrataLevel(models.TextChoices):
    NONE = "none", _("不分层")
    CITY = "city", _("按设区市分层")
    COUNTY = "county", _("按县区分层")
