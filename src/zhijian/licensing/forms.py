"""Forms of the licensing pages: they parse; the services validate, decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.agencies.models import InspectionAgency, Inspector
from zhijian.core.forms import IdentifierFormField, style_form
from zhijian.core.identifiers import validate_licence_number
from zhijian.core.models import Region
from zhijian.licensing.choices import (
    ApplicationKind,
    CampaignItemResult,
    ChangeKind,
    Decision,
    DocumentKind,
    OverCapacityIndustry,
    Procedure,
    TestResult,
    VerificationResult,
)
from zhijian.licensing.models import CatalogueEntry, RuleSet
from zhijian.registry.models import Enterprise, ProductCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductCategory) -> str:
        return f"{obj.code} {obj.name}"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class StyledForm(forms.Form):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        style_form(self)


class ApplicationForm(StyledForm):
    kind = forms.ChoiceField(label=_("申请类型"), choices=ApplicationKind.choices)
    licence_number = IdentifierFormField(label=_("原许可证编号"), max_length=30, required=False,
                                         validator=validate_licence_number,
                                         help_text=_("变更、延续、注销、补领时填写，如 陕XK82-021-12345"))
    category = CategoryChoiceField(label=_("产品类别"), queryset=ProductCategory.objects.none(), required=False,
                                   help_text=_("发证申请必填；其他申请沿用原证"))
    product_name = forms.CharField(label=_("产品名称"), max_length=200, required=False)
    models_covered = forms.CharField(label=_("产品明细（型号规格）"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一项"))
    production_addresses = forms.CharField(label=_("生产地址"), required=False,
                                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一个地址"))
    procedure = forms.ChoiceField(label=_("审批方式"), choices=Procedure.choices, initial=Procedure.VERIFY_FIRST)
    change_kind = forms.ChoiceField(label=_("变更事项"), choices=ChangeKind.choices, required=False)
    new_holder_name = forms.CharField(label=_("变更后企业名称"), max_length=200, required=False)
    new_residence = forms.CharField(label=_("变更后住所"), max_length=255, required=False)
    restructuring = forms.BooleanField(label=_("因兼并重组、改造升级申请"), required=False)
    relocating = forms.BooleanField(label=_("涉及迁址（生产地址变化）"), required=False)
    applicant_note = forms.CharField(label=_("申请说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        codes = ProductCategory.objects.filter(licences__isnull=False).values("pk")
        from django.utils import timezone

        from zhijian.licensing.selectors import categories_required_on

        required = [c.pk for c in categories_required_on(timezone.localdate())]
        self.fields["category"].queryset = ProductCategory.objects.filter(pk__in=required) | \
            ProductCategory.objects.filter(pk__in=codes)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["models_covered"] = _lines(data["models_covered"]) or None
        data["production_addresses"] = _lines(data["production_addresses"]) or None
        if data["kind"] == ApplicationKind.NEW:
            data["models_covered"] = data["models_covered"] or []
            data["production_addresses"] = data["production_addresses"] or []
        return data


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件"))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifierForm(StyledForm):
    n = forms.IntegerField(label=_("随机抽取人数"), min_value=2, max_value=4, required=False, initial=2)
    inspectors = forms.ModelMultipleChoiceField(label=_("或指定核查人员"), queryset=Inspector.objects.none(),
                                                required=False)
    scheduled_on = forms.DateField(label=_("计划核查日期"), widget=DATE, required=False)
    beacon = forms.CharField(label=_("公开随机值"), max_length=200, required=False,
                             help_text=_("如当期福彩开奖号码；留空时由系统生成，均记入抽取记录"))

    def __init__(self, *args: Any, pool: list[Inspector] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = Inspector.objects.filter(pk__in=[i.pk for i in pool or []])


class VerificationForm(StyledForm):
    performed_on = forms.DateField(label=_("核查日期"), widget=DATE)
    result = forms.ChoiceField(label=_("核查结论"), choices=VerificationResult.choices)
    report = forms.CharField(label=_("核查报告"), widget=forms.Textarea(attrs={"rows": 3}))
    samples_sealed = forms.BooleanField(label=_("已封存样品"), required=False)


class ProductTestForm(StyledForm):
    agency = forms.ModelChoiceField(label=_("检验机构"), queryset=InspectionAgency.objects.filter(status="valid"))
    delivered_on = forms.DateField(label=_("样品送达日期"), widget=DATE)
    reported_on = forms.DateField(label=_("报告日期"), widget=DATE)
    report_number = forms.CharField(label=_("检验报告编号"), max_length=60)
    result = forms.ChoiceField(label=_("检验结论"), choices=TestResult.choices)
    note = forms.CharField(label=_("说明"), required=False)


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("许可决定"), choices=Decision.choices)
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LicenceStatusForm(StyledForm):
    transition = forms.ChoiceField(label=_("操作"), choices=[])
    basis = forms.CharField(label=_("法律依据"), max_length=200, required=False, help_text=_("留空时使用默认依据"))
    reason = forms.CharField(label=_("事实和理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, transitions: list | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions or []]


class AnnualReportForm(StyledForm):
    licence = forms.ModelChoiceField(label=_("许可证"), queryset=None)
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    conditions_changed = forms.BooleanField(label=_("生产条件、检验手段、工艺有变化"), required=False)
    changes = forms.CharField(label=_("变化情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    output_value = forms.DecimalField(label=_("许可产品产量"), required=False)
    sales_value = forms.DecimalField(label=_("许可产品销售额（万元）"), required=False)
    spot_check_summary = forms.CharField(label=_("监督抽查及整改情况"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("报告文件"), required=False)

    def __init__(self, *args: Any, licences: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["licence"].queryset = licences
        self.fields["licence"].label_from_instance = lambda lic: f"{lic.number} {lic.product_name}"


class ReviewForm(StyledForm):
    accepted = forms.TypedChoiceField(label=_("审核结论"), choices=[("1", _("审核通过")), ("0", _("退回补正"))],
                                      coerce=lambda v: v == "1")
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CampaignForm(StyledForm):
    name = forms.CharField(label=_("专项名称"), max_length=200)
    category = CategoryChoiceField(label=_("产品类别"), queryset=ProductCategory.objects.filter(licences__isnull=False).distinct())
    region = forms.ModelChoiceField(label=_("辖区"), queryset=Region.objects.none())
    started_on = forms.DateField(label=_("开始日期"), widget=DATE)
    due_on = forms.DateField(label=_("完成期限"), widget=DATE)
    basis = forms.CharField(label=_("依据"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.current().visible_to(self.user).exclude(level="county")


class CampaignItemForm(StyledForm):
    result = forms.ChoiceField(label=_("检查结果"), choices=[c for c in CampaignItemResult.choices if c[0] != "pending"])
    inspected_on = forms.DateField(label=_("检查日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), required=False)


class RulesForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ["refuse_over_capacity", "priority_restructuring", "exempt_onsite_no_relocation",
                  "restructuring_late_renewal_days", "revocation_bar_years", "renewal_window_months",
                  "validity_years", "verifier_min", "verifier_max", "verifier_qualification"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end <= start:
            self.add_error("valid_to", "停止日期应晚于实施日期 / valid_to must be after valid_from")
        return data


class OverCapacityForm(StyledForm):
    enterprise_uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=30)
    industry = forms.ChoiceField(label=_("行业"), choices=OverCapacityIndustry.choices)
    listed_on = forms.DateField(label=_("列入日期"), widget=DATE)
    basis = forms.CharField(label=_("依据"), max_length=200)

    def clean_enterprise_uscc(self) -> Enterprise:
        value = self.cleaned_data["enterprise_uscc"].strip().upper()
        enterprise = Enterprise.objects.visible_to(self.user).filter(uscc=value).first()
        if enterprise is None:
            raise forms.ValidationError("未找到该企业 / no such enterprise in your jurisdiction")
        return enterprise


class SupervisionDrawForm(StyledForm):
    category = CategoryChoiceField(label=_("产品类别"), queryset=ProductCategory.objects.filter(licences__isnull=False).distinct())
    n = forms.IntegerField(label=_("抽取企业数"), min_value=1, initial=5)
    region = forms.ModelChoiceField(label=_("辖区"), queryset=Region.objects.none())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.current().visible_to(self.user).exclude(level="county")


class PostReviewForm(StyledForm):
    performed_on = forms.DateField(label=_("审查日期"), widget=DATE)
    passed = forms.TypedChoiceField(label=_("审查结论"), choices=[("1", _("符合承诺")), ("0", _("与承诺不符（撤销许可）"))],
                                    coerce=lambda v: v == "1")
    report = forms.CharField(label=_("审查报告"), widget=forms.Textarea(attrs={"rows": 2}))


class ProceedingCloseForm(StyledForm):
    revoke = forms.TypedChoiceField(label=_("处理结果"), choices=[("1", _("吊销许可证")), ("0", _("不予吊销，结案"))],
                                    coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("事实和理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CatalogueEntryForm(forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ["category_code", "name", "valid_from", "valid_to", "issuing_level", "procedure",
                  "product_test_required", "food_related", "over_capacity_industry", "basis", "note"]
        widgets = {"valid_from": DATE, "valid_to": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end <= start:
            self.add_error("valid_to", "停止日期应晚于实施日期 / valid_to must be after valid_from")
        return data
