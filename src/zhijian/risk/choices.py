"""Choices of the risk app, with translated labels (zh-Hans is the source wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceType(models.TextChoices):
    SPOT_CHECK = "spot_check", _("监督抽查")
    COMPLAINT = "complaint", _("投诉举报")
    INJURY = "injury", _("伤害监测点")
    ECOMMERCE = "ecommerce", _("电商监测")
    SELF_REPORT = "self_report", _("企业自报")
    MEDIA = "media", _("媒体舆情")
    EU_SAFETY_GATE = "eu_safety_gate", _("欧盟Safety Gate通报")
    US_CPSC = "us_cpsc", _("美国CPSC召回")


class HazardType(models.TextChoices):
    ELECTRIC = "electric", _("电击")
    FIRE = "fire", _("火灾/灼烫")
    INJURY = "injury", _("机械伤害")
    CHOKING = "choking", _("窒息/吞咽")
    CHEMICAL = "chemical", _("化学危害")
    STRANGULATION = "strangulation", _("勒颈")
    OTHER = "other", _("其他")


class SignalStatus(models.TextChoices):
    NEW = "new", _("待处理")
    LINKED = "linked", _("已关联")
    ASSESSED = "assessed", _("已评估")
    DUPLICATE = "duplicate", _("重复")
    CLOSED = "closed", _("已办结")


class ConsumerType(models.TextChoices):
    GENERAL = "general", _("一般消费者")
    CHILDREN = "children", _("儿童（易受伤害）")
    ELDERLY = "elderly", _("老年人（易受伤害）")
    DISABLED = "disabled", _("残障人士（易受伤害）")


class RiskLevel(models.TextChoices):
    SERIOUS = "serious", _("严重风险")
    HIGH = "high", _("高风险")
    MEDIUM = "medium", _("中风险")
    LOW = "low", _("低风险")


class WarningLevel(models.TextChoices):
    RED = "red", _("红色预警")
    ORANGE = "orange", _("橙色预警")
    YELLOW = "yellow", _("黄色预警")
    BLUE = "blue", _("蓝色预警")


WARNING_COLOURS = {"red": "danger", "orange": "warning", "yellow": "warning", "blue": "primary"}


class WarningStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已办结")


class WarningKind(models.TextChoices):
    CONSUMER = "consumer", _("消费警示")
    RECALL = "recall", _("召回通告")
    INTERNAL = "internal", _("内部通报")


class Measure(models.TextChoices):
    STOP_SALE = "stop_sale", _("停止销售")
    RECALL = "recall", _("召回")
    TAKE_DOWN = "take_down", _("下架")
    CONSUMER_ADVICE = "consumer_advice", _("消费提示")
    INSPECT = "inspect", _("排查核实")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待反馈")
    DONE = "done", _("已反馈")


class AlarmStatus(models.TextChoices):
    OPEN = "open", _("待研判")
    CONFIRMED = "confirmed", _("已确认")
    DISMISSED = "dismissed", _("已排除")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("发送失败")
