"""Supervision spot checks: plans with their implementation rules and quotas, the tasks a draw
creates, sampling records, test reports, objections and re-tests, post-check handling and the
published announcements (DOMAIN.md 1.1-1.4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.core.search import SearchableMixin
from zhijian.spotchecks.choices import (
    AnnouncementStatus,
    HandlingStatus,
    ItemVerdict,
    ObjectionStatus,
    PlaceType,
    PlanLevel,
    PlanStatus,
    RuleSet,
    Stage,
    TaskStatus,
    Verdict,
)


class Plan(SearchableMixin, TimeStampedModel):
    """An annual or batch spot-check plan (抽查计划) of one bureau."""

    jurisdiction_region_field = "region_id"
    search_fields = ("title", "batch", "description")

    year = models.PositiveSmallIntegerField(_("年度"))
    batch = models.CharField(_("批次"), max_length=40, blank=True)
    title = models.CharField(_("计划名称"), max_length=200)
    level = models.CharField(_("抽查层级"), max_length=12, choices=PlanLevel.choices)
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    rule_set = models.CharField(_("适用规章"), max_length=12, choices=RuleSet.choices, default=RuleSet.ORDER_18)
    follow_up = models.BooleanField(_("跟踪抽查"), default=False,
                                    help_text=_("对不合格产品的跟踪抽查，不受6个月内不得重复抽查的限制"))
    exclude_home_county = models.BooleanField(_("回避属地人员"), default=True,
                                              help_text=_("抽取执法检查人员时排除企业所在县（区）的人员"))
    budget = models.DecimalField(_("预算（元）"), max_digits=14, decimal_places=2, default=0)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("创建人"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=PlanLevel.values), name="plan_level_valid"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_valid"),
            models.CheckConstraint(condition=Q(rule_set__in=RuleSet.values), name="plan_rule_set_valid"),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="plan_period_ordered"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="plan_budget_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="plan_year_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:plan_detail", args=[self.pk])


class PlanItem(TimeStampedModel):
    """One product category of a plan with its implementation rule (监督抽查实施细则)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="items", verbose_name=_("抽查计划"))
    category = models.ForeignKey("registry.ProductCategory", models.PROTECT, related_name="+", verbose_name=_("产品类别"))
    standards = models.ManyToManyField("standards.Standard", related_name="+", verbose_name=_("检验依据"))
    test_items = models.ManyToManyField("standards.TestItem", related_name="+", verbose_name=_("检验项目"))
    sample_quantity = models.PositiveIntegerField(_("抽样数量"), help_text=_("每批次抽样总数 = 检验样品 + 备用样品"))
    test_quantity = models.PositiveIntegerField(_("检验样品数量"))
    backup_quantity = models.PositiveIntegerField(_("备用样品数量"))
    min_batch_base = models.PositiveIntegerField(_("最低抽样基数"), default=0)
    judgement_rule = models.TextField(_("判定原则"), blank=True,
                                      default="所检项目全部符合标准要求判为合格；任一项目不符合判为不合格。")
    agency = models.ForeignKey("agencies.InspectionAgency", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("承检机构"))
    stages = models.JSONField(_("抽样环节"), default=list)
    sample_budget = models.DecimalField(_("每批次样品费（元）"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("抽查产品及细则")
        verbose_name_plural = _("抽查产品及细则")
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="plan_item_category_unique"),
            models.CheckConstraint(condition=Q(sample_quantity=F("test_quantity") + F("backup_quantity")),
                                   name="plan_item_sample_split"),
            models.CheckConstraint(condition=Q(test_quantity__gt=0), name="plan_item_test_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.category.name}"


class Quota(models.Model):
    """How many enterprises to draw for an item, per region and sampling stage."""

    item = models.ForeignKey(PlanItem, models.CASCADE, related_name="quotas", verbose_name=_("抽查产品"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("区划"))
    stage = models.CharField(_("抽样环节"), max_length=12, choices=Stage.choices)
    count = models.PositiveIntegerField(_("批次数"))

    class Meta:
        ordering = ["item_id", "region_id", "stage"]
        verbose_name = _("抽样配额")
        verbose_name_plural = _("抽样配额")
        constraints = [
            models.UniqueConstraint(fields=["item", "region", "stage"], name="quota_item_region_stage_unique"),
            models.CheckConstraint(condition=Q(count__gt=0), name="quota_count_positive"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="quota_stage_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.stage} × {self.count}"

    @property
    def stratum(self) -> str:
        return f"{self.region_id}/{self.stage}"


class Task(SearchableMixin, TimeStampedModel):
    """One drawn enterprise to be sampled under a plan item (抽查任务)."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = ("agency__organisation_id", "enterprise__organisation_id",
                                       "sample__labelled_producer__organisation_id", "sample__seller__organisation_id")
    search_fields = ("code", "enterprise.name", "sample.product_name", "sample.trademark", "sample.model")

    code = models.CharField(_("任务编号"), max_length=40, unique=True)
    plan = models.ForeignKey(Plan, models.PROTECT, related_name="tasks", verbose_name=_("抽查计划"))
    item = models.ForeignKey(PlanItem, models.PROTECT, related_name="tasks", verbose_name=_("抽查产品"))
    enterprise = models.ForeignKey("registry.Enterprise", models.PROTECT, related_name="spotcheck_tasks",
                                   verbose_name=_("受检单位"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    stage = models.CharField(_("抽样环节"), max_length=12, choices=Stage.choices)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.DRAWN)
    draw = models.ForeignKey("draws.Draw", models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("抽取记录"))
    inspector_draw = models.ForeignKey("draws.Draw", models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("人员抽取记录"))
    inspectors = models.ManyToManyField("agencies.Inspector", blank=True, related_name="+", verbose_name=_("抽样人员"))
    agency = models.ForeignKey("agencies.InspectionAgency", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("承检机构"))
    follow_up = models.BooleanField(_("跟踪抽查"), default=False)
    notified_on = models.DateField(_("通知日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("拒检/无法抽样原因"), blank=True)
    refusal_consequence = models.TextField(_("拒检后果"), blank=True)
    verdict = models.CharField(_("检验结论"), max_length=6, choices=Verdict.choices, blank=True)
    result_notified_on = models.DateField(_("结果通知日期"), null=True, blank=True)
    objection_due = models.DateField(_("异议期限"), null=True, blank=True)
    handling_due = models.DateField(_("启动后处理期限"), null=True, blank=True)
    concluded_on = models.DateField(_("结论确定日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="task_stage_valid"),
            models.CheckConstraint(condition=Q(verdict="") | Q(verdict__in=Verdict.values), name="task_verdict_valid"),
            # A producer may be drawn for the factory and for the market under one item (two strata).
            models.UniqueConstraint(fields=["item", "enterprise", "stage"], name="task_item_enterprise_stage_unique"),
        ]
        indexes = [models.Index(fields=["status"], name="task_status_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:task_detail", args=[self.pk])

    @property
    def sampled_unit_name(self) -> str:
        sample = getattr(self, "sample", None)
        return (sample.seller_name if sample and sample.seller_name else self.enterprise.name)

    @property
    def current_report(self) -> TestReport | None:
        """The report that decides: the latest re-test version if any, else the latest first-test version."""
        return self.reports.order_by("-is_retest", "-version").first()


class Sample(TimeStampedModel):
    """The sampling record (抽样单): what was taken, where, from whom, how it was sealed."""

    task = models.OneToOneField(Task, models.CASCADE, related_name="sample", verbose_name=_("抽查任务"))
    product = models.ForeignKey("registry.Product", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("登记产品"))
    product_name = models.CharField(_("产品名称"), max_length=200)
    brand = models.ForeignKey("registry.Brand", models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("品牌"))
    trademark = models.CharField(_("商标"), max_length=100, blank=True)
    model = models.CharField(_("规格型号"), max_length=100)
    standard = models.ForeignKey("standards.Standard", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("执行标准"))
    batch_number = models.CharField(_("生产日期/批号"), max_length=60)
    production_date = models.DateField(_("生产日期"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("抽样数量"))
    test_quantity = models.PositiveIntegerField(_("检验样品数量"))
    backup_quantity = models.PositiveIntegerField(_("备用样品数量"))
    base_quantity = models.PositiveIntegerField(_("抽样基数"))
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2, default=0)
    place_type = models.CharField(_("抽样地点类型"), max_length=10, choices=PlaceType.choices)
    place_address = models.CharField(_("抽样地点"), max_length=300, blank=True)
    shop_name = models.CharField(_("网店名称"), max_length=200, blank=True)
    order_number = models.CharField(_("订单号"), max_length=80, blank=True)
    listing_url = models.URLField(_("商品链接"), max_length=500, blank=True)
    labelled_producer = models.ForeignKey("registry.Enterprise", models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("标称生产企业"))
    labelled_producer_name = models.CharField(_("标称生产企业名称"), max_length=200)
    labelled_producer_address = models.CharField(_("标称生产企业地址"), max_length=300, blank=True)
    seller = models.ForeignKey("registry.Enterprise", models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("被抽样销售单位"))
    seller_name = models.CharField(_("被抽样单位名称"), max_length=200, blank=True,
                                   help_text=_("在市场或网店抽样时的销售者；在生产企业抽样时留空"))
    seller_address = models.CharField(_("被抽样单位地址"), max_length=300, blank=True)
    sealed = models.BooleanField(_("已封样"), default=True)
    seal_numbers = models.CharField(_("封条编号"), max_length=200, blank=True)
    sampled_on = models.DateField(_("抽样日期"))
    samplers = models.CharField(_("抽样人员"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("录入人"))

    class Meta:
        verbose_name = _("抽样记录")
        verbose_name_plural = _("抽样记录")
        constraints = [
            models.CheckConstraint(condition=Q(quantity=F("test_quantity") + F("backup_quantity")),
                                   name="sample_quantity_split"),
            models.CheckConstraint(condition=Q(place_type__in=PlaceType.values), name="sample_place_type_valid"),
            models.CheckConstraint(condition=~Q(place_type=PlaceType.ONLINE) | (~Q(order_number="") & ~Q(listing_url="")),
                                   name="sample_online_order_and_url"),
            models.CheckConstraint(condition=Q(place_type=PlaceType.FACTORY) | ~Q(seller_name=""),
                                   name="sample_seller_named_outside_factory"),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} {self.model}"


class SampleAttachment(TimeStampedModel):
    KIND_CHOICES = [("photo", _("现场照片")), ("record", _("签字抽样单"))]

    sample = models.ForeignKey(Sample, models.CASCADE, related_name="attachments", verbose_name=_("抽样记录"))
    kind = models.CharField(_("类型"), max_length=8, choices=KIND_CHOICES)
    file = models.FileField(_("文件"), upload_to="spotchecks/samples/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class TestReport(TimeStampedModel):
    """A test report (检验报告). Submitted versions are never edited: a correction is a new version."""

    jurisdiction_region_field = "task__region_id"
    jurisdiction_organisation_field = ("agency__organisation_id", "task__enterprise__organisation_id")

    task = models.ForeignKey(Task, models.PROTECT, related_name="reports", verbose_name=_("抽查任务"))
    agency = models.ForeignKey("agencies.InspectionAgency", models.PROTECT, related_name="+", verbose_name=_("检验机构"))
    number = models.CharField(_("报告编号"), max_length=60)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_retest = models.BooleanField(_("复检报告"), default=False)
    issued_on = models.DateField(_("签发日期"))
    verdict = models.CharField(_("综合判定"), max_length=6, choices=Verdict.choices)
    pdf = models.FileField(_("报告PDF"), upload_to="spotchecks/reports/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("提交人"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["task_id", "is_retest", "version"]
        verbose_name = _("检验报告")
        verbose_name_plural = _("检验报告")
        constraints = [
            models.UniqueConstraint(fields=["task", "is_retest", "version"], name="report_task_version_unique"),
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="report_verdict_valid"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    @property
    def failed_results(self):
        return [r for r in self.results.all() if r.verdict == ItemVerdict.FAIL]


class TestResult(models.Model):
    report = models.ForeignKey(TestReport, models.CASCADE, related_name="results", verbose_name=_("检验报告"))
    test_item = models.ForeignKey("standards.TestItem", models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("检验项目"))
    name = models.CharField(_("检验项目"), max_length=100)
    limit = models.CharField(_("标准要求"), max_length=200, blank=True)
    measured = models.CharField(_("实测值"), max_length=200)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    verdict = models.CharField(_("单项判定"), max_length=4, choices=ItemVerdict.choices)
    safety_critical = models.BooleanField(_("安全关键项目"), default=False)

    class Meta:
        ordering = ["report_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=ItemVerdict.values), name="result_verdict_valid"),
            models.UniqueConstraint(fields=["report", "name"], name="result_report_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.measured}"


class ResultNotice(TimeStampedModel):
    """The written notice of the conclusion to the sampled unit or the labelled producer."""

    PARTY_CHOICES = [("sampled", _("被抽样单位")), ("producer", _("标称生产企业"))]

    task = models.ForeignKey(Task, models.CASCADE, related_name="notices", verbose_name=_("抽查任务"))
    party = models.CharField(_("送达对象"), max_length=10, choices=PARTY_CHOICES)
    recipient_name = models.CharField(_("收件单位"), max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, null=True, blank=True, related_name="+")
    served_on = models.DateField(_("送达日期"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["task_id", "party"]
        constraints = [models.UniqueConstraint(fields=["task", "party"], name="notice_task_party_unique")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.recipient_name}"


class Objection(TimeStampedModel):
    """A written objection (异议) and the re-test on the backup sample it may lead to."""

    jurisdiction_region_field = "task__region_id"
    jurisdiction_organisation_field = ("task__enterprise__organisation_id",
                                       "task__sample__labelled_producer__organisation_id",
                                       "task__sample__seller__organisation_id",
                                       "retest_agency__organisation_id", "task__agency__organisation_id")

    task = models.ForeignKey(Task, models.PROTECT, related_name="objections", verbose_name=_("抽查任务"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("申请人"))
    filed_on = models.DateField(_("提出日期"))
    disputed_items = models.JSONField(_("异议项目"), default=list)
    reason = models.TextField(_("异议理由"))
    status = models.CharField(_("状态"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.FILED)
    decision_reason = models.TextField(_("处理意见"), blank=True)
    retest_agency = models.ForeignKey("agencies.InspectionAgency", models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("复检机构"))
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("异议复检")
        verbose_name_plural = _("异议复检")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ObjectionStatus.values), name="objection_status_valid"),
            # Only one re-test is allowed (DOMAIN 1.3 item 6).
            models.UniqueConstraint(fields=["task"], condition=~Q(status=ObjectionStatus.REJECTED),
                                    name="objection_one_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.filed_on}"

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:objection_detail", args=[self.pk])


class Handling(TimeStampedModel):
    """Post-check handling of a failed product (后处理), Order 18 arts. 45-48 or Order 133."""

    jurisdiction_region_field = "task__region_id"
    jurisdiction_organisation_field = ("task__enterprise__organisation_id",
                                       "task__sample__labelled_producer__organisation_id",
                                       "task__sample__seller__organisation_id")

    task = models.OneToOneField(Task, models.PROTECT, related_name="handling", verbose_name=_("抽查任务"))
    rule_set = models.CharField(_("适用规章"), max_length=12, choices=RuleSet.choices)
    status = models.CharField(_("状态"), max_length=12, choices=HandlingStatus.choices, default=HandlingStatus.ORDERED)
    ordered_on = models.DateField(_("责令整改日期"))
    correction_due = models.DateField(_("整改期限"))
    reinspection_due = models.DateField(_("复查期限"))
    extension_days = models.PositiveSmallIntegerField(_("延期天数"), default=0)
    stop_sale_ordered = models.BooleanField(_("已责令停止生产销售"), default=True)
    rectification_report = models.TextField(_("整改报告"), blank=True)
    rectification_file = models.FileField(_("整改报告附件"), upload_to="spotchecks/rectification/%Y/", blank=True)
    rectified_on = models.DateField(_("整改报告提交日期"), null=True, blank=True)
    reinspected_on = models.DateField(_("复查日期"), null=True, blank=True)
    reinspection_verdict = models.CharField(_("复查结论"), max_length=6, choices=Verdict.choices, blank=True)
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    second_window_from = models.DateField(_("再次复查起始日"), null=True, blank=True)
    second_window_to = models.DateField(_("再次复查截止日"), null=True, blank=True)
    second_reinspected_on = models.DateField(_("再次复查日期"), null=True, blank=True)
    second_verdict = models.CharField(_("再次复查结论"), max_length=6, choices=Verdict.choices, blank=True)
    suspended_on = models.DateField(_("责令停业整顿日期"), null=True, blank=True)
    referred_for_penalty = models.BooleanField(_("已移送立案查处"), default=False)
    licence_flag = models.BooleanField(_("涉及生产许可证"), default=False,
                                       help_text=_("标称生产企业持有生产许可证，已提示许可部门"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["correction_due", "id"]
        verbose_name = _("不合格后处理")
        verbose_name_plural = _("不合格后处理")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=HandlingStatus.values), name="handling_status_valid"),
            models.CheckConstraint(condition=Q(ordered_on__lte=F("correction_due")), name="handling_due_after_order"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:handling_detail", args=[self.pk])


class Announcement(SearchableMixin, TimeStampedModel):
    """A batch result announcement (抽查结果公告), frozen at publication (DOMAIN.md 1.4)."""

    jurisdiction_region_field = "region_id"
    search_fields = ("title", "number")

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="announcements", verbose_name=_("抽查计划"))
    organisation = models.ForeignKey("accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("发布单位"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所属区划"))
    number = models.CharField(_("公告编号"), max_length=60, blank=True)
    title = models.CharField(_("公告标题"), max_length=300)
    period = models.CharField(_("抽查期间"), max_length=60)
    legal_basis = models.CharField(_("抽查依据"), max_length=300)
    notes = models.TextField(_("后续处理说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=AnnouncementStatus.choices,
                              default=AnnouncementStatus.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    header = models.JSONField(_("公告统计"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("创建人"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("抽查结果公告")
        verbose_name_plural = _("抽查结果公告")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AnnouncementStatus.values), name="announcement_status_valid"),
            models.CheckConstraint(condition=~Q(status=AnnouncementStatus.PUBLISHED) | Q(published_on__isnull=False),
                                   name="announcement_published_has_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:announcement_detail", args=[self.pk])


class AnnouncementRow(SearchableMixin, models.Model):
    """One line of a published result list, frozen at publication so the public record never moves."""

    search_fields = ("producer_name", "sampled_unit_name", "product_name", "trademark", "model", "failed_items_text")

    announcement = models.ForeignKey(Announcement, models.CASCADE, related_name="rows", verbose_name=_("公告"))
    task = models.ForeignKey(Task, models.PROTECT, related_name="+", verbose_name=_("抽查任务"))
    seq = models.PositiveIntegerField(_("序号"))
    producer_name = models.CharField(_("标称生产企业"), max_length=200)
    producer_address = models.CharField(_("标称生产企业地址"), max_length=300, blank=True)
    sampled_unit_name = models.CharField(_("被抽样单位"), max_length=200)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    category_name = models.CharField(_("产品类别"), max_length=100)
    product_name = models.CharField(_("产品名称"), max_length=200)
    trademark = models.CharField(_("商标"), max_length=100, blank=True)
    model = models.CharField(_("规格型号"), max_length=100, blank=True)
    batch = models.CharField(_("生产日期/批号"), max_length=60, blank=True)
    verdict = models.CharField(_("综合判定"), max_length=6, choices=Verdict.choices)
    failed_items = models.JSONField(_("不合格项目"), default=list, blank=True)
    failed_items_text = models.CharField(_("不合格项目"), max_length=500, blank=True)
    agency_name = models.CharField(_("承检机构"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))

    class Meta:
        ordering = ["announcement_id", "seq"]
        verbose_name = _("公告结果")
        verbose_name_plural = _("公告结果")
        constraints = [models.UniqueConstraint(fields=["announcement", "seq"], name="announcement_row_seq_unique")]

    def __str__(self) -> str:
        return f"{self.seq} {self.product_name}"
