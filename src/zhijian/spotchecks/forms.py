"""Forms only parse; the services validate, decide and audit."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhijian.agencies.models import InspectionAgency
from zhijian.core.forms import style_form
from zhijian.core.models import Region
from zhijian.registry.models import Brand, ProductCategory
from zhijian.spotchecks.choices import PlaceType, PlanLevel, RuleSet, Stage, Verdict
from zhijian.standards.models import Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class PlanForm(Styled):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)
    batch = forms.CharField(label=_("批次"), max_length=40, required=False, initial="第一批")
    title = forms.CharField(label=_("计划名称"), max_length=200)
    level = forms.ChoiceField(label=_("抽查层级"), choices=PlanLevel.choices, initial=PlanLevel.PROVINCIAL)
    rule_set = forms.ChoiceField(label=_("适用规章"), choices=RuleSet.choices, initial=RuleSet.ORDER_18)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    budget = forms.DecimalField(label=_("预算（元）"), min_value=0, initial=0)
    follow_up = forms.BooleanField(label=_("跟踪抽查"), required=False)
    exclude_home_county = forms.BooleanField(label=_("回避属地人员"), required=False, initial=True)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlanItemForm(Styled):
    category = forms.ModelChoiceField(label=_("产品类别"), queryset=ProductCategory.objects.filter(level__gte=2).order_by("code"))
    standards = forms.ModelMultipleChoiceField(label=_("检验依据"), queryset=Standard.objects.order_by("number"),
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    sample_quantity = forms.IntegerField(label=_("抽样数量"), min_value=1, initial=4)
    test_quantity = forms.IntegerField(label=_("检验样品数量"), min_value=1, initial=2)
    backup_quantity = forms.IntegerField(label=_("备用样品数量"), min_value=0, initial=2)
    min_batch_base = forms.IntegerField(label=_("最低抽样基数"), min_value=0, initial=0)
    agency = forms.ModelChoiceField(label=_("承检机构"), queryset=InspectionAgency.objects.order_by("name"), required=False)
    stages = forms.MultipleChoiceField(label=_("抽样环节"), choices=Stage.choices, initial=[Stage.PRODUCTION],
                                       widget=forms.CheckboxSelectMultiple)
    judgement_rule = forms.CharField(label=_("判定原则"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QuotaForm(Styled):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.filter(level__in=["city", "county"]).order_by("code"))
    stage = forms.ChoiceField(label=_("抽样环节"), choices=Stage.choices)
    count = forms.IntegerField(label=_("批次数"), min_value=1)


class SampleForm(Styled):
    product_name = forms.CharField(label=_("产品名称"), max_length=200)
    brand = forms.ModelChoiceField(label=_("品牌"), queryset=Brand.objects.order_by("name"), required=False)
    trademark = forms.CharField(label=_("商标"), max_length=100, required=False)
    model = forms.CharField(label=_("规格型号"), max_length=100)
    standard = forms.ModelChoiceField(label=_("执行标准"), queryset=Standard.objects.order_by("number"), required=False)
    batch_number = forms.CharField(label=_("生产日期/批号"), max_length=60)
    production_date = forms.DateField(label=_("生产日期"), widget=DATE, required=False)
    test_quantity = forms.IntegerField(label=_("检验样品数量"), min_value=1)
    backup_quantity = forms.IntegerField(label=_("备用样品数量"), min_value=0)
    base_quantity = forms.IntegerField(label=_("抽样基数"), min_value=0)
    unit_price = forms.DecimalField(label=_("单价（元）"), min_value=0, initial=0)
    place_type = forms.ChoiceField(label=_("抽样地点类型"), choices=PlaceType.choices)
    place_address = forms.CharField(label=_("抽样地点"), max_length=300, required=False)
    seller_name = forms.CharField(label=_("被抽样单位名称"), max_length=200, required=False,
                                  help_text=_("在市场或网店抽样时填写销售者"))
    seller_address = forms.CharField(label=_("被抽样单位地址"), max_length=300, required=False)
    shop_name = forms.CharField(label=_("网店名称"), max_length=200, required=False)
    order_number = forms.CharField(label=_("订单号"), max_length=80, required=False)
    listing_url = forms.URLField(label=_("商品链接"), max_length=500, required=False, assume_scheme="https")
    labelled_producer_name = forms.CharField(label=_("标称生产企业名称"), max_length=200, required=False,
                                             help_text=_("留空则为被抽中的企业"))
    labelled_producer_address = forms.CharField(label=_("标称生产企业地址"), max_length=300, required=False)
    seal_numbers = forms.CharField(label=_("封条编号"), max_length=200)
    sampled_on = forms.DateField(label=_("抽样日期"), widget=DATE, initial=timezone.localdate)
    samplers = forms.CharField(label=_("抽样人员"), max_length=200, help_text=_("不少于2人，用、分隔"))
    photos = forms.FileField(label=_("现场照片"), required=False)
    signed_record = forms.FileField(label=_("签字抽样单"), required=False)


class RefuseForm(Styled):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))
    unable = forms.BooleanField(label=_("无法抽样（非拒检）"), required=False)


class ObjectionForm(Styled):
    disputed_items = forms.MultipleChoiceField(label=_("异议项目"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, item_names: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disputed_items"].choices = [(n, n) for n in item_names]


class RetestAgencyForm(Styled):
    retest_agency = forms.ModelChoiceField(label=_("复检机构"), queryset=InspectionAgency.objects.order_by("name"))


class ReasonForm(Styled):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RectificationForm(Styled):
    report = forms.CharField(label=_("整改报告"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("附件"), required=False)


class VerdictForm(Styled):
    verdict = forms.ChoiceField(label=_("结论"), choices=Verdict.choices)
    on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)


class AnnouncementForm(Styled):
    title = forms.CharField(label=_("公告标题"), max_length=300, required=False, help_text=_("留空自动生成"))
    number = forms.CharField(label=_("公告编号"), max_length=60, required=False)
    period = forms.CharField(label=_("抽查期间"), max_length=60, required=False)
    notes = forms.CharField(label=_("后续处理说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            initial="对抽查不合格的产品，已依法责令生产者、销售者立即停止生产销售同一产品，并在规定期限内整改。")


def results_from_post(data, names: list[str]) -> list[dict[str, str]]:
    """The report form posts one row per test item: measured_<i>, limit_<i>, unit_<i>, verdict_<i>."""
    rows = []
    for i, name in enumerate(names):
        measured = (data.get(f"measured_{i}") or "").strip()
        verdict = (data.get(f"verdict_{i}") or "").strip()
        if not measured and not verdict:
            continue
        rows.append({"name": name, "measured": measured, "verdict": verdict,
                     "limit": (data.get(f"limit_{i}") or "").strip(), "unit": (data.get(f"unit_{i}") or "").strip()})
    return rows


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
