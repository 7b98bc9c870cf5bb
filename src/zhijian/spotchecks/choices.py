"""Spot-check vocabularies (DOMAIN.md 1.2-1.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")


# Higher levels first: a lower level may not repeat a check a higher one made (Product Quality Law art. 15).
LEVEL_RANK: dict[str, int] = {PlanLevel.NATIONAL: 0, PlanLevel.PROVINCIAL: 1, PlanLevel.CITY: 2, PlanLevel.COUNTY: 3}


class RuleSet(models.TextChoices):
    ORDER_18 = "order18", _("市场监管总局令第18号（2020年起）")
    ORDER_133 = "order133", _("质检总局令第133号（2011-2019）")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("执行中")
    CLOSED = "closed", _("已结束")


class Stage(models.TextChoices):
    PRODUCTION = "production", _("生产领域")
    CIRCULATION = "circulation", _("流通领域")
    ONLINE = "online", _("电商领域")


class TaskStatus(models.TextChoices):
    DRAWN = "drawn", _("已抽中")
    NOTIFIED = "notified", _("已通知")
    SAMPLING = "sampling", _("抽样中")
    SAMPLED = "sampled", _("已抽样")
    REFUSED = "refused", _("拒绝抽样")
    UNABLE = "unable", _("无法抽样")
    TESTING = "testing", _("检验中")
    REPORTED = "reported", _("已出报告")
    OBJECTION = "objection", _("异议处理中")
    RETEST = "retest", _("复检中")
    CONCLUDED = "concluded", _("结论已定")
    HANDLING = "handling", _("后处理中")
    CLOSED = "closed", _("已办结")


class PlaceType(models.TextChoices):
    FACTORY = "factory", _("生产企业成品库")
    MARKET = "market", _("市场（销售单位）")
    ONLINE = "online", _("网络店铺")


class Verdict(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ItemVerdict(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NOT_APPLICABLE = "na", _("不适用")


class ObjectionStatus(models.TextChoices):
    FILED = "filed", _("已提出")
    REJECTED = "rejected", _("不予受理")
    RETESTING = "retesting", _("复检中")
    UPHELD = "upheld", _("复检维持原结论")
    OVERTURNED = "overturned", _("复检改变原结论")


class HandlingStatus(models.TextChoices):
    ORDERED = "ordered", _("已责令整改")
    RECTIFIED = "rectified", _("已提交整改报告")
    REINSPECTED = "reinspected", _("复查合格")
    ANNOUNCED = "announced", _("复查不合格，已公告")
    SUSPENDED = "suspended", _("责令停业整顿")
    CLOSED = "closed", _("已办结")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
