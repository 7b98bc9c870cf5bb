"""Risk signals (风险信息), assessments, detection alarms, warnings with response tasks, and
subscriptions with their webhook deliveries and inbox items.

Field names of a signal follow GB/T 30135-2013 (describing risk information): source, time,
product, brand/model/GTIN, category, enterprise, region, hazard, injuries, description.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.core.search import SearchableMixin
from zhijian.risk.choices import (
    AlarmStatus,
    DeliveryStatus,
    HazardType,
    RiskLevel,
    SignalStatus,
    SourceType,
    TaskStatus,
    WarningKind,
    WarningLevel,
    WarningStatus,
)


class Signal(SearchableMixin, TimeStampedModel):
    """One piece of risk information from any source."""

    jurisdiction_region_field = "region_id"
    search_fields = ("title", "description", "product_name", "brand", "model", "gtin", "enterprise_name",
                     "category_name", "external_ref")

    source_type = models.CharField(_("信息来源"), max_length=20, choices=SourceType.choices)
    external_ref = models.CharField(_("来源编号"), max_length=80, blank=True,
                                    help_text=_("通报编号、召回编号、投诉单号等，用于去重"))
    received_at = models.DateTimeField(_("接收时间"))
    title = models.CharField(_("标题"), max_length=300)
    description = models.TextField(_("描述"), blank=True)
    product_name = models.CharField(_("产品名称"), max_length=200, blank=True)
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    model = models.CharField(_("规格型号"), max_length=200, blank=True)
    gtin = models.CharField(_("商品条码"), max_length=14, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    enterprise_name = models.CharField(_("企业名称"), max_length=200, blank=True)
    category_name = models.CharField(_("产品类别"), max_length=100, blank=True)
    category = models.ForeignKey("registry.ProductCategory", models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("产品分类"))
    product = models.ForeignKey("registry.Product", models.SET_NULL, null=True, blank=True,
                                related_name="risk_signals", verbose_name=_("关联产品"))
    enterprise = models.ForeignKey("registry.Enterprise", models.SET_NULL, null=True, blank=True,
                                   related_name="risk_signals", verbose_name=_("关联企业"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    country = models.CharField(_("国家/地区"), max_length=60, blank=True)
    hazard_type = models.CharField(_("危害类型"), max_length=16, choices=HazardType.choices, default=HazardType.OTHER)
    injuries = models.PositiveIntegerField(_("伤害人数"), default=0)
    reporter_name = models.CharField(_("报告人"), max_length=50, blank=True)
    reporter_contact = models.CharField(_("联系方式"), max_length=60, blank=True)
    url = models.URLField(_("原文链接"), max_length=500, blank=True)
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.NEW)
    duplicate_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="duplicates",
                                     verbose_name=_("重复于"))
    link_method = models.CharField(_("关联依据"), max_length=20, blank=True)
    origin = models.JSONField(_("来源数据"), default=dict, blank=True, help_text=_("导入时的原始字段"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("风险信息")
        verbose_name_plural = _("风险信息")
        constraints = [
            models.UniqueConstraint(fields=["source_type", "external_ref"], condition=~Q(external_ref=""),
                                    name="risk_signal_source_ref_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="risk_signal_title_not_empty"),
        ]
        indexes = [models.Index(fields=["received_at"]), models.Index(fields=["gtin"]), models.Index(fields=["uscc"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:signal_detail", args=[self.pk])


class Assessment(TimeStampedModel):
    """A scenario-based risk assessment (EU method): inputs stored as entered, the matrix profile
    version, the result and a hash of both, so it can be recomputed and checked later."""

    jurisdiction_region_field = "region_id"

    title = models.CharField(_("评估对象"), max_length=300)
    signal = models.ForeignKey(Signal, models.SET_NULL, null=True, blank=True, related_name="assessments",
                               verbose_name=_("风险信息"))
    product = models.ForeignKey("registry.Product", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("产品"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    profile = models.CharField(_("风险矩阵"), max_length=40)
    profile_version = models.CharField(_("矩阵版本"), max_length=60)
    scenarios = models.JSONField(_("伤害情景"), default=list)
    result = models.JSONField(_("评估结果"), default=dict)
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    result_hash = models.CharField(_("结果哈希"), max_length=64)
    conclusion = models.TextField(_("评估结论"), blank=True)
    assessed_by = models.ForeignKey("accounts.User", models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("评估人"))
    assessed_at = models.DateTimeField(_("评估时间"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("风险评估")
        verbose_name_plural = _("风险评估")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:assessment_detail", args=[self.pk])


class Alarm(TimeStampedModel):
    """A week in which a count series (category × region, or brand) exceeded its threshold."""

    jurisdiction_region_field = "region_id"

    series = models.CharField(_("监测序列"), max_length=200)
    category_name = models.CharField(_("产品类别"), max_length=100, blank=True)
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("区划"))
    week = models.DateField(_("周（周一）"))
    count = models.PositiveIntegerField(_("本周信息数"))
    expected = models.FloatField(_("期望值"))
    upper = models.FloatField(_("阈值"))
    method = models.CharField(_("检测方法"), max_length=20)
    status = models.CharField(_("状态"), max_length=12, choices=AlarmStatus.choices, default=AlarmStatus.OPEN)
    reason = models.TextField(_("研判意见"), blank=True)
    decided_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("研判人"))
    decided_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    warning = models.ForeignKey("Warning", models.SET_NULL, null=True, blank=True, related_name="alarms",
                                verbose_name=_("候选预警"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "series"]
        verbose_name = _("异常信号")
        verbose_name_plural = _("异常信号")
        constraints = [models.UniqueConstraint(fields=["series", "week"], name="risk_alarm_series_week_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.week:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("risk:alarm_detail", args=[self.pk])


class Warning(TimeStampedModel):
    """A risk warning (风险预警) with its scope, requested measures and recipients."""

    jurisdiction_region_field = "region_id"

    title = models.CharField(_("预警标题"), max_length=300)
    kind = models.CharField(_("类型"), max_length=10, choices=WarningKind.choices, default=WarningKind.CONSUMER)
    level = models.CharField(_("预警级别"), max_length=8, choices=WarningLevel.choices)
    risk_level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices, blank=True)
    assessment = models.ForeignKey(Assessment, models.SET_NULL, null=True, blank=True, related_name="warnings",
                                   verbose_name=_("风险评估"))
    signal = models.ForeignKey(Signal, models.SET_NULL, null=True, blank=True, related_name="warnings",
                               verbose_name=_("风险信息"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("发布单位区划"))
    issuer = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("发布单位"))
    summary = models.TextField(_("风险描述"))
    consumer_advice = models.TextField(_("消费提示"), blank=True)
    scope = models.JSONField(_("预警范围"), default=dict, blank=True,
                             help_text=_("categories, brands, models, gtins, batches, regions"))
    measures = models.JSONField(_("要求措施"), default=list, blank=True)
    recipients = models.ManyToManyField("accounts.Organisation", related_name="+", blank=True,
                                        verbose_name=_("接收单位"))
    public = models.BooleanField(_("向社会公开"), default=False)
    response_days = models.PositiveSmallIntegerField(_("反馈时限（工作日）"), default=5)
    status = models.CharField(_("状态"), max_length=10, choices=WarningStatus.choices, default=WarningStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("创建人"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="risk_warning_title_not_empty")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risk:warning_detail", args=[self.pk])

    def scope_list(self, key: str) -> list[str]:
        return list((self.scope or {}).get(key) or [])


class ResponseTask(TimeStampedModel):
    """What one recipient organisation must do about a warning, by when, and what it reported."""

    jurisdiction_region_field = "organisation__region_id"
    jurisdiction_organisation_field = "organisation_id"

    warning = models.ForeignKey(Warning, models.CASCADE, related_name="tasks", verbose_name=_("预警"))
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="risk_tasks",
                                     verbose_name=_("承办单位"))
    due = models.DateField(_("反馈期限"))
    deadline_note = models.CharField(_("期限说明"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    found = models.BooleanField(_("是否发现涉及产品"), null=True, blank=True)
    measures_taken = models.JSONField(_("已采取措施"), default=list, blank=True)
    units_withdrawn = models.PositiveIntegerField(_("下架/召回数量"), default=0)
    note = models.TextField(_("反馈说明"), blank=True)
    reported_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    reported_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("反馈人"))
    escalation_level = models.PositiveSmallIntegerField(_("督办次数"), default=0)
    escalated_to = models.ForeignKey("accounts.Organisation", models.SET_NULL, null=True, blank=True,
                                     related_name="escalated_risk_tasks", verbose_name=_("督办单位"))
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("处置任务")
        verbose_name_plural = _("处置任务")
        constraints = [models.UniqueConstraint(fields=["warning", "organisation"], name="risk_task_once_per_org")]

    def __str__(self) -> str:
        return f"{self.warning} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("risk:response_detail", args=[self.pk])


class Subscription(TimeStampedModel):
    """A member's standing order for warnings matching categories, brands, GTINs or USCCs."""

    jurisdiction_region_field = "organisation__region_id"
    jurisdiction_organisation_field = "organisation_id"

    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="risk_subscriptions",
                                     verbose_name=_("订阅单位"))
    name = models.CharField(_("订阅名称"), max_length=100)
    categories = models.JSONField(_("产品类别"), default=list, blank=True)
    brands = models.JSONField(_("品牌"), default=list, blank=True)
    gtins = models.JSONField(_("商品条码"), default=list, blank=True)
    usccs = models.JSONField(_("统一社会信用代码"), default=list, blank=True)
    webhook_url = models.URLField(_("Webhook 地址"), max_length=500, blank=True)
    secret = models.CharField(_("签名密钥"), max_length=128, blank=True)
    inbox = models.BooleanField(_("站内消息"), default=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_id", "name"]
        verbose_name = _("预警订阅")
        verbose_name_plural = _("预警订阅")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("risk:subscription_detail", args=[self.pk])


class Delivery(TimeStampedModel):
    """One webhook delivery of one warning to one subscription, with its attempts."""

    jurisdiction_region_field = "subscription__organisation__region_id"
    jurisdiction_organisation_field = "subscription__organisation_id"

    subscription = models.ForeignKey(Subscription, models.CASCADE, related_name="deliveries",
                                     verbose_name=_("订阅"))
    warning = models.ForeignKey(Warning, models.CASCADE, related_name="deliveries", verbose_name=_("预警"))
    status = models.CharField(_("状态"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("最近响应码"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    log = models.JSONField(_("发送记录"), default=list, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        constraints = [models.UniqueConstraint(fields=["subscription", "warning"], name="risk_delivery_once")]


class InboxItem(TimeStampedModel):
    """A warning (or an escalation notice) in an organisation's in-app inbox."""

    jurisdiction_region_field = "organisation__region_id"
    jurisdiction_organisation_field = "organisation_id"

    organisation = models.ForeignKey("accounts.Organisation", models.CASCADE, related_name="risk_inbox",
                                     verbose_name=_("接收单位"))
    warning = models.ForeignKey(Warning, models.CASCADE, related_name="inbox_items", verbose_name=_("预警"))
    subject = models.CharField(_("主题"), max_length=300)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
