"""Production licences (工业产品生产许可证, DOMAIN 3): the dated catalogue, the configurable rules,
licences with their status history, applications with documents and an e-approval timeline,
on-site verification, product tests, annual self-inspection reports, campaigns and revocation
proceedings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import IdentifierValidator
from zhijian.core.jurisdiction import RestrictedQuerySet
from zhijian.core.models import TimeStampedModel
from zhijian.licensing.choices import (
    AnnualReportStatus,
    ApplicationKind,
    CampaignItemResult,
    CampaignStatus,
    ChangeKind,
    Decision,
    DocumentKind,
    IssuingLevel,
    LicenceStatus,
    OverCapacityIndustry,
    Procedure,
    ProceedingStatus,
    ProceedingTrigger,
    Stage,
    TestResult,
    VerificationResult,
)

DEFAULT_DEADLINES = {
    # stage: (days, "working" | "calendar", legal basis)
    "acceptance": (5, "working", "行政许可法第32条：5个工作日内决定是否受理"),
    "verification": (30, "calendar", "条例第18条：受理之日起30日内完成实地核查并书面告知"),
    "sample_delivery": (7, "calendar", "条例第19条：封存样品之日起7日内送达检验机构"),
    "decision": (60, "calendar", "条例第24条、实施办法第24条：受理之日起60日内作出决定（检验时间不计）"),
    "certificate": (10, "calendar", "条例第24条：作出决定之日起10日内颁发证书"),
    "post_licence_review": (30, "working", "国发〔2018〕33号：告知承诺发证后限期现场审查 [M]"),
    "annual_report": (31, "calendar", "条例第38条：年度自查报告，省局规定报送期限（次年1月31日前）[M]"),
}


class RuleSet(TimeStampedModel):
    """The work-plan rules (items 12, 13) and statutory time limits, editable by province staff.

    One row (pk=1); `rules()` in selectors returns it, creating the defaults on first use."""

    refuse_over_capacity = models.BooleanField(
        _("拒绝产能严重过剩违规企业的申请"), default=True,
        help_text=_("2016年工作要点第12项：不得为列入钢铁、水泥等产能过剩违规名单的企业办理许可"))
    priority_restructuring = models.BooleanField(
        _("兼并重组、改造升级企业优先办理"), default=True, help_text=_("2016年工作要点第13项"))
    exempt_onsite_no_relocation = models.BooleanField(
        _("不迁址、不新发证的免于实地核查"), default=True,
        help_text=_("2016年工作要点第13项：兼并重组等不涉及迁址、不新发证的，免于实地核查"))
    restructuring_late_renewal_days = models.PositiveIntegerField(
        _("重组企业延续申请宽限天数"), default=180,
        help_text=_("2016年工作要点第13项：因兼并重组未能按期申请延续的，宽限期内视为按期"))
    revocation_bar_years = models.PositiveSmallIntegerField(
        _("吊销后不得再申请年限"), default=3, help_text=_("条例第55条：吊销后3年内不得再次申请同一产品"))
    renewal_window_months = models.PositiveSmallIntegerField(
        _("延续申请提前月数"), default=6, help_text=_("条例第25条：有效期届满6个月前提出延续申请"))
    validity_years = models.PositiveSmallIntegerField(_("证书有效期（年）"), default=5, help_text=_("条例第25条"))
    verifier_min = models.PositiveSmallIntegerField(_("核查人员最少人数"), default=2, help_text=_("条例第15条"))
    verifier_max = models.PositiveSmallIntegerField(_("核查人员最多人数"), default=4, help_text=_("条例第15条"))
    verifier_qualification = models.CharField(_("核查人员资格"), max_length=40, default="生产许可核查员证",
                                              help_text=_("条例第16条：核查人员须持核查员证书"))
    deadlines = models.JSONField(_("办理时限"), default=dict, blank=True,
                                 help_text=_("各环节时限：{环节: [天数, working|calendar, 依据]}；未填写的环节用法定默认值"))

    class Meta:
        verbose_name = _("许可规则设置")
        verbose_name_plural = _("许可规则设置")
        constraints = [models.CheckConstraint(condition=Q(verifier_min__gte=1, verifier_max__gte=F("verifier_min")),
                                              name="licensing_rules_verifier_range")]

    def __str__(self) -> str:
        return str(_("许可规则设置"))

    def get_absolute_url(self) -> str:
        return reverse("licensing:rules")

    def deadline_rule(self, stage: str) -> tuple[int, str, str]:
        value = (self.deadlines or {}).get(stage) or DEFAULT_DEADLINES[stage]
        days, kind = int(value[0]), str(value[1])
        basis = str(value[2]) if len(value) > 2 else DEFAULT_DEADLINES[stage][2]
        return days, kind, basis


class CatalogueEntry(TimeStampedModel):
    """One period of one catalogue category (DOMAIN 3.3): which level issues it and how, from when to when.

    `category_code` follows the product classification (registry.ProductCategory.code); a code
    covers the codes below it. `valid_to` is the first day the entry no longer applies."""

    category_code = models.CharField(_("产品分类代码"), max_length=20, blank=True)
    name = models.CharField(_("产品名称（目录）"), max_length=100)
    valid_from = models.DateField(_("实施日期"))
    valid_to = models.DateField(_("停止日期"), null=True, blank=True, help_text=_("此日起不再实行生产许可证管理（或改由另一条目）"))
    issuing_level = models.CharField(_("发证机关层级"), max_length=12, choices=IssuingLevel.choices)
    procedure = models.CharField(_("审批方式"), max_length=14, choices=Procedure.choices)
    product_test_required = models.BooleanField(_("需产品检验"), default=True)
    food_related = models.BooleanField(_("食品相关产品"), default=False)
    over_capacity_industry = models.CharField(_("产能过剩行业"), max_length=8, choices=OverCapacityIndustry.choices,
                                              blank=True)
    basis = models.CharField(_("依据"), max_length=200)
    note = models.TextField(_("说明"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["category_code", "name", "valid_from"]
        verbose_name = _("许可目录条目")
        verbose_name_plural = _("许可目录")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                                   name="catalogue_period_ordered"),
            models.CheckConstraint(condition=Q(category_code="") | Q(category_code__regex=r"^[0-9]+(\.[0-9]+)?$"),
                                   name="catalogue_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.category_code} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("licensing:catalogue") + f"?code={self.category_code}"

    def applies_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    def covers(self, code: str) -> bool:
        return bool(self.category_code) and (code == self.category_code or code.startswith(self.category_code + "."))


class OverCapacityListing(TimeStampedModel):
    """An enterprise on the over-capacity non-compliance list (steel, cement: work-plan item 12)."""

    jurisdiction_region_field = "enterprise__region_id"
    jurisdiction_organisation_field = "enterprise__organisation_id"

    enterprise = models.ForeignKey("registry.Enterprise", models.PROTECT, related_name="+", verbose_name=_("企业"))
    industry = models.CharField(_("行业"), max_length=8, choices=OverCapacityIndustry.choices)
    listed_on = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    basis = models.CharField(_("依据"), max_length=200)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-listed_on"]
        verbose_name = _("产能过剩违规企业名单")
        verbose_name_plural = _("产能过剩违规企业名单")

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.get_industry_display()})"

    def get_absolute_url(self) -> str:
        return reverse("licensing:rules")

    def active_on(self, on: dt.date) -> bool:
        return self.listed_on <= on and (self.removed_on is None or on < self.removed_on)


LICENCE_NUMBER_PATTERN = r"^[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕秦甘陇青宁新]?XK[0-9]{2}-[0-9]{3}-[0-9]{5}$"


class Licence(TimeStampedModel):
    """A production licence (条例 Art. 28 content): one per enterprise and catalogue product (一企一证
    where several products share a certificate is shown by `models`)."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "holder__organisation_id"

    number = models.CharField(_("证书编号"), max_length=24, unique=True,
                              validators=[IdentifierValidator("validate_licence_number")])
    holder = models.ForeignKey("registry.Enterprise", models.PROTECT, related_name="licences", verbose_name=_("持证企业"))
    holder_name = models.CharField(_("企业名称（证载）"), max_length=200)
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    category = models.ForeignKey("registry.ProductCategory", models.PROTECT, related_name="licences",
                                 verbose_name=_("产品类别"))
    product_name = models.CharField(_("产品名称"), max_length=200)
    models_covered = models.JSONField(_("产品明细（型号规格）"), default=list, blank=True)
    residence = models.CharField(_("住所"), max_length=255, blank=True)
    production_addresses = models.JSONField(_("生产地址"), default=list)
    issuing_level = models.CharField(_("发证机关层级"), max_length=12, choices=IssuingLevel.choices,
                                     default=IssuingLevel.PROVINCIAL)
    procedure = models.CharField(_("审批方式"), max_length=14, choices=Procedure.choices, default=Procedure.VERIFY_FIRST)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=LicenceStatus.choices, default=LicenceStatus.VALID)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_basis = models.CharField(_("状态变更依据"), max_length=200, blank=True)
    post_review_due = models.DateField(_("发证后现场审查期限"), null=True, blank=True)
    post_review_done_on = models.DateField(_("发证后现场审查完成日期"), null=True, blank=True)
    certificate_version = models.PositiveSmallIntegerField(_("证书版本"), default=1,
                                                           help_text=_("变更、延续、补领后换发新版证书，编号不变"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("生产许可证")
        verbose_name_plural = _("生产许可证")
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=LICENCE_NUMBER_PATTERN), name="licence_number_format"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="licence_validity_after_issue"),
            models.CheckConstraint(condition=Q(status__in=LicenceStatus.values), name="licence_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="licence_status_until_idx")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("licensing:licence_detail", args=[self.pk])

    @property
    def audit_organisation_id(self) -> int | None:
        return self.holder.organisation_id if self.holder_id else None

    def effective_status(self, on: dt.date) -> str:
        """The status on a date: a valid licence past its validity is expired even before the nightly job."""
        if self.status == LicenceStatus.VALID and on > self.valid_until:
            return LicenceStatus.EXPIRED
        return self.status

    def valid_on(self, on: dt.date) -> bool:
        return self.effective_status(on) == LicenceStatus.VALID and self.issued_on <= on

    @property
    def models_display(self) -> str:
        return "、".join(self.models_covered or [])

    @property
    def addresses_display(self) -> str:
        return "；".join(self.production_addresses or [])


class LicenceStatusChange(models.Model):
    """The status history of a licence, each change with its legal basis (DOMAIN 3.1)."""

    licence = models.ForeignKey(Licence, models.CASCADE, related_name="status_changes", verbose_name=_("许可证"))
    old_status = models.CharField(_("原状态"), max_length=10, choices=LicenceStatus.choices, blank=True)
    new_status = models.CharField(_("新状态"), max_length=10, choices=LicenceStatus.choices)
    changed_on = models.DateField(_("变更日期"))
    basis = models.CharField(_("法律依据"), max_length=200)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["licence_id", "changed_on", "id"]
        verbose_name = _("许可证状态变更")
        verbose_name_plural = _("许可证状态变更")

    def __str__(self) -> str:
        return f"{self.licence_id} {self.old_status}->{self.new_status} {self.changed_on}"


class Application(TimeStampedModel):
    """An application (new, change, renewal, cancellation, replacement) and where it stands."""

    jurisdiction_region_field = "region_id"
    jurisdiction_organisation_field = "enterprise__organisation_id"

    reference = models.CharField(_("申请编号"), max_length=24, unique=True)
    kind = models.CharField(_("申请类型"), max_length=14, choices=ApplicationKind.choices)
    enterprise = models.ForeignKey("registry.Enterprise", models.PROTECT, related_name="licence_applications",
                                   verbose_name=_("申请企业"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("所在区划"))
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="applications",
                                verbose_name=_("原许可证"))
    category = models.ForeignKey("registry.ProductCategory", models.PROTECT, related_name="+", verbose_name=_("产品类别"))
    product_name = models.CharField(_("产品名称"), max_length=200)
    models_covered = models.JSONField(_("产品明细（型号规格）"), default=list, blank=True)
    production_addresses = models.JSONField(_("生产地址"), default=list, blank=True)
    change_kind = models.CharField(_("变更事项"), max_length=12, choices=ChangeKind.choices, blank=True)
    new_holder_name = models.CharField(_("变更后企业名称"), max_length=200, blank=True)
    new_residence = models.CharField(_("变更后住所"), max_length=255, blank=True)
    restructuring = models.BooleanField(_("兼并重组／改造升级"), default=False,
                                        help_text=_("企业因兼并重组、改造升级提出申请（优先办理）"))
    relocating = models.BooleanField(_("涉及迁址"), default=False)
    applicant_note = models.TextField(_("申请说明"), blank=True)
    stage = models.CharField(_("办理环节"), max_length=14, choices=Stage.choices, default=Stage.DRAFT)
    procedure = models.CharField(_("审批方式"), max_length=14, choices=Procedure.choices, default=Procedure.VERIFY_FIRST)
    issuing_level = models.CharField(_("发证机关层级"), max_length=12, choices=IssuingLevel.choices,
                                     default=IssuingLevel.PROVINCIAL)
    product_test_required = models.BooleanField(_("需产品检验"), default=False)
    priority = models.BooleanField(_("优先办理"), default=False)
    onsite_exempt = models.BooleanField(_("免于实地核查"), default=False)
    late_renewal_tolerated = models.BooleanField(_("重组延期视为按期"), default=False)
    rule_notes = models.JSONField(_("规则提示"), default=list, blank=True,
                                  help_text=_("触发的规则及其说明（展示给申请人和审批人员）"))
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    testing_days = models.PositiveIntegerField(_("检验用时（天）"), default=0, help_text=_("不计入60日决定期限"))
    stage_due = models.DateField(_("本环节期限"), null=True, blank=True)
    stage_due_kind = models.CharField(_("期限计算方式"), max_length=8, blank=True)
    stage_due_basis = models.CharField(_("期限依据"), max_length=200, blank=True)
    stage_due_warning = models.CharField(_("期限提示"), max_length=200, blank=True)
    decision = models.CharField(_("许可决定"), max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    issued_licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("颁发的许可证"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-priority", "submitted_on", "id"]
        verbose_name = _("许可申请")
        verbose_name_plural = _("许可申请")
        constraints = [
            models.CheckConstraint(condition=Q(kind=ApplicationKind.NEW) | Q(licence__isnull=False),
                                   name="application_licence_unless_new"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="application_stage_valid"),
        ]
        indexes = [models.Index(fields=["stage", "stage_due"], name="application_stage_due_idx")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("licensing:application_detail", args=[self.pk])

    @property
    def audit_organisation_id(self) -> int | None:
        return self.enterprise.organisation_id if self.enterprise_id else None

    def overdue_on(self, on: dt.date) -> bool:
        return bool(self.stage_due) and self.stage in (
            Stage.SUBMITTED, Stage.REVIEW, Stage.VERIFICATION, Stage.TESTING, Stage.DECISION, Stage.APPROVED
        ) and on > self.stage_due


def _document_path(instance: ApplicationDocument, filename: str) -> str:
    return f"licensing/applications/{instance.application.reference}/{filename}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, models.CASCADE, related_name="documents", verbose_name=_("申请"))
    kind = models.CharField(_("材料类型"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["application_id", "kind", "id"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("licensing:document_download", args=[self.pk])


class ApplicationStep(models.Model):
    """One line of the applicant's timeline: who did what at which stage, and the limit that started."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="steps", verbose_name=_("申请"))
    action = models.CharField(_("操作"), max_length=40)
    label = models.CharField(_("事项"), max_length=100)
    from_stage = models.CharField(_("原环节"), max_length=14, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新环节"), max_length=14, choices=Stage.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("操作人"))
    on = models.DateField(_("日期"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    due = models.DateField(_("下一环节期限"), null=True, blank=True)
    public = models.BooleanField(_("申请人可见"), default=True)

    class Meta:
        ordering = ["application_id", "at", "id"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class Verification(TimeStampedModel):
    """The on-site verification (实地核查) by 2-4 certified verifiers, and their report."""

    application = models.OneToOneField(Application, models.CASCADE, related_name="verification",
                                       verbose_name=_("申请"))
    verifiers = models.ManyToManyField("agencies.Inspector", related_name="licence_verifications",
                                       verbose_name=_("核查人员"))
    drawn_by = models.CharField(_("选派方式"), max_length=200, blank=True)
    draw_id = models.PositiveIntegerField(_("抽取记录"), null=True, blank=True)
    scheduled_on = models.DateField(_("计划核查日期"), null=True, blank=True)
    performed_on = models.DateField(_("核查日期"), null=True, blank=True)
    result = models.CharField(_("核查结论"), max_length=6, choices=VerificationResult.choices, blank=True)
    report = models.TextField(_("核查报告"), blank=True)
    samples_sealed_on = models.DateField(_("封样日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("实地核查")
        verbose_name_plural = _("实地核查")

    def __str__(self) -> str:
        return f"{self.application} {self.get_result_display()}"


class ProductTest(TimeStampedModel):
    application = models.OneToOneField(Application, models.CASCADE, related_name="product_test", verbose_name=_("申请"))
    agency = models.ForeignKey("agencies.InspectionAgency", models.PROTECT, related_name="+", verbose_name=_("检验机构"))
    delivered_on = models.DateField(_("样品送达日期"), null=True, blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    report_number = models.CharField(_("检验报告编号"), max_length=60, blank=True)
    result = models.CharField(_("检验结论"), max_length=6, choices=TestResult.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("产品检验")
        verbose_name_plural = _("产品检验")

    def __str__(self) -> str:
        return f"{self.application_id} {self.report_number}"


def _report_path(instance: AnnualReport, filename: str) -> str:
    return f"licensing/annual/{instance.year}/{instance.licence.number}/{filename}"


class AnnualReport(TimeStampedModel):
    """A licensee's annual self-inspection report (年度自查报告, 条例 Art. 38)."""

    jurisdiction_region_field = "licence__region_id"
    jurisdiction_organisation_field = "licence__holder__organisation_id"

    licence = models.ForeignKey(Licence, models.PROTECT, related_name="annual_reports", verbose_name=_("许可证"))
    year = models.PositiveSmallIntegerField(_("报告年度"))
    filed_on = models.DateField(_("报送日期"))
    conditions_changed = models.BooleanField(_("生产条件、检验手段、工艺是否变化"), default=False)
    changes = models.TextField(_("变化情况"), blank=True)
    output_value = models.DecimalField(_("许可产品产量（吨/件等）"), max_digits=14, decimal_places=2, null=True, blank=True)
    sales_value = models.DecimalField(_("许可产品销售额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    spot_check_summary = models.TextField(_("监督抽查及整改情况"), blank=True)
    file = models.FileField(_("报告文件"), upload_to=_report_path, max_length=255, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=AnnualReportStatus.choices,
                              default=AnnualReportStatus.FILED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("审核人"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "licence_id"]
        verbose_name = _("年度自查报告")
        verbose_name_plural = _("年度自查报告")
        constraints = [models.UniqueConstraint(fields=["licence", "year"], name="annual_report_one_per_year")]

    def __str__(self) -> str:
        return f"{self.licence.number} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("licensing:annual_report_detail", args=[self.pk])


class Reminder(models.Model):
    """An in-app reminder to an enterprise (and an e-mail when SMTP is configured)."""

    jurisdiction_region_field = "licence__region_id"
    jurisdiction_organisation_field = "licence__holder__organisation_id"

    licence = models.ForeignKey(Licence, models.CASCADE, related_name="reminders", verbose_name=_("许可证"))
    topic = models.CharField(_("事项"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    message = models.TextField(_("内容"))
    sent_on = models.DateField(_("发送日期"))
    emailed_to = models.CharField(_("邮件发送至"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [models.UniqueConstraint(fields=["licence", "topic", "year"], name="reminder_once_per_topic_year")]

    def __str__(self) -> str:
        return f"{self.licence_id} {self.topic} {self.year}"


class Campaign(TimeStampedModel):
    """An inspection campaign covering every licensee of a category (work-plan item 11: steel, cement)."""

    jurisdiction_region_field = "region_id"

    name = models.CharField(_("专项名称"), max_length=200)
    category = models.ForeignKey("registry.ProductCategory", models.PROTECT, related_name="+", verbose_name=_("产品类别"))
    region = models.ForeignKey("core.Region", models.PROTECT, related_name="+", verbose_name=_("组织单位辖区"))
    started_on = models.DateField(_("开始日期"))
    due_on = models.DateField(_("完成期限"))
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("许可证专项检查")
        verbose_name_plural = _("许可证专项检查")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("licensing:campaign_detail", args=[self.pk])


class CampaignItem(models.Model):
    jurisdiction_region_field = "licence__region_id"

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="items", verbose_name=_("专项"))
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="campaign_items", verbose_name=_("许可证"))
    result = models.CharField(_("检查结果"), max_length=10, choices=CampaignItemResult.choices,
                              default=CampaignItemResult.PENDING)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("专项检查对象")
        verbose_name_plural = _("专项检查对象")
        constraints = [models.UniqueConstraint(fields=["campaign", "licence"], name="campaign_item_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.licence_id}"


class RevocationProceeding(TimeStampedModel):
    """Proceedings towards revoking (吊销) a licence, e.g. opened when a licensed product still fails
    at re-inspection (条例 Art. 54)."""

    jurisdiction_region_field = "licence__region_id"
    jurisdiction_organisation_field = "licence__holder__organisation_id"

    licence = models.ForeignKey(Licence, models.PROTECT, related_name="proceedings", verbose_name=_("许可证"))
    trigger = models.CharField(_("启动原因"), max_length=20, choices=ProceedingTrigger.choices)
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如 spotchecks.task:12"))
    opened_on = models.DateField(_("立案日期"))
    status = models.CharField(_("状态"), max_length=8, choices=ProceedingStatus.choices, default=ProceedingStatus.OPEN)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("吊销程序")
        verbose_name_plural = _("吊销程序")
        constraints = [models.UniqueConstraint(fields=["licence", "source"], condition=Q(status="open"),
                                               name="proceeding_one_open_per_source")]

    def __str__(self) -> str:
        return f"{self.licence.number} {self.get_trigger_display()}"

    def get_absolute_url(self) -> str:
        return self.licence.get_absolute_url()
