"""Forms parse; services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation
from zhijian.core.forms import style_form
from zhijian.risk import matrix
from zhijian.risk.choices import ConsumerType, HazardType, Measure, SourceType, WarningKind, WarningLevel
from zhijian.risk.filtersets import region_choices


class _Styled(forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        style_form(self)


def _split(text: str) -> list[str]:
    import re

    return [t.strip() for t in re.split(r"[,，、;；\n]+", text or "") if t.strip()]


class SignalForm(_Styled):
    source_type = forms.ChoiceField(label=_("信息来源"), choices=SourceType.choices)
    title = forms.CharField(label=_("标题"), max_length=300)
    region = forms.ChoiceField(label=_("所在区划"), choices=())
    description = forms.CharField(label=_("描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    product_name = forms.CharField(label=_("产品名称"), max_length=200, required=False)
    brand = forms.CharField(label=_("品牌"), max_length=100, required=False)
    model = forms.CharField(label=_("规格型号"), max_length=200, required=False)
    gtin = forms.CharField(label=_("商品条码"), max_length=14, required=False)
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200, required=False)
    category_name = forms.CharField(label=_("产品类别"), max_length=100, required=False)
    hazard_type = forms.ChoiceField(label=_("危害类型"), choices=HazardType.choices, initial="other")
    injuries = forms.IntegerField(label=_("伤害人数"), min_value=0, initial=0)
    external_ref = forms.CharField(label=_("来源编号"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("610000", "陕西省"), *region_choices()]


class LinkForm(_Styled):
    product = forms.IntegerField(label=_("产品编号"), required=False, help_text=_("登记产品的编号，可在下方候选中选择"))
    reason = forms.CharField(label=_("说明"), required=False)


class ScenarioWidgetForm(_Styled):
    """Up to three scenarios on one page; empty ones are ignored."""

    title = forms.CharField(label=_("评估对象"), max_length=300)
    profile = forms.ChoiceField(label=_("风险矩阵"), choices=())
    conclusion = forms.CharField(label=_("评估结论"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    N = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(p.code, f"{p.title}（{p.version}）") for p in matrix.PROFILES.values()]
        for i in range(1, self.N + 1):
            req = i == 1
            self.fields[f"s{i}_hazard"] = forms.CharField(label=_("情景%(n)s 危害") % {"n": i}, required=req)
            self.fields[f"s{i}_consumer"] = forms.ChoiceField(label=_("情景%(n)s 消费者") % {"n": i},
                                                              choices=ConsumerType.choices, required=False)
            self.fields[f"s{i}_severity"] = forms.ChoiceField(
                label=_("情景%(n)s 严重程度") % {"n": i}, required=req,
                choices=[("", "—"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")])
            self.fields[f"s{i}_steps"] = forms.CharField(
                label=_("情景%(n)s 步骤概率") % {"n": i}, required=req,
                help_text=_("每步概率，以逗号分隔，如 1, 1/50, 1/10") if i == 1 else "")
        style_form(self)

    def scenarios(self) -> list[dict]:
        out = []
        for i in range(1, self.N + 1):
            d = self.cleaned_data
            if not d.get(f"s{i}_steps") and not d.get(f"s{i}_severity"):
                continue
            out.append({"hazard": d.get(f"s{i}_hazard", ""), "consumer": d.get(f"s{i}_consumer") or "general",
                        "severity": d.get(f"s{i}_severity"), "steps": _split(d.get(f"s{i}_steps", ""))})
        return out


class AlarmDecisionForm(_Styled):
    decision = forms.ChoiceField(label=_("研判结论"), choices=[("confirm", _("确认")), ("dismiss", _("排除"))])
    reason = forms.CharField(label=_("研判意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WarningForm(_Styled):
    title = forms.CharField(label=_("预警标题"), max_length=300)
    kind = forms.ChoiceField(label=_("类型"), choices=WarningKind.choices)
    level = forms.ChoiceField(label=_("预警级别"), choices=[("", _("按风险等级")), *WarningLevel.choices],
                              required=False)
    summary = forms.CharField(label=_("风险描述"), widget=forms.Textarea(attrs={"rows": 3}))
    consumer_advice = forms.CharField(label=_("消费提示"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    categories = forms.CharField(label=_("涉及产品类别"), required=False)
    brands = forms.CharField(label=_("涉及品牌"), required=False)
    models = forms.CharField(label=_("涉及型号"), required=False)
    gtins = forms.CharField(label=_("涉及商品条码"), required=False)
    batches = forms.CharField(label=_("涉及批次"), required=False)
    regions = forms.CharField(label=_("涉及区划"), required=False)
    measures = forms.MultipleChoiceField(label=_("要求措施"), choices=Measure.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    recipients = forms.ModelMultipleChoiceField(label=_("接收单位"), queryset=Organisation.objects.none(),
                                                required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    public = forms.BooleanField(label=_("向社会公开"), required=False)
    response_days = forms.IntegerField(label=_("反馈时限（工作日）"), min_value=1, max_value=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ["bureau", "platform", "association"]
        if Organisation.objects.filter(kind="enterprise").count() <= 300:  # a long list of enterprises: API only
            kinds.append("enterprise")
        self.fields["recipients"].queryset = Organisation.objects.filter(
            kind__in=kinds, is_active=True).order_by("kind", "region_id", "name")
        self.fields["recipients"].label_from_instance = lambda o: f"{o.get_kind_display()}｜{o.name}"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"title": d["title"], "kind": d["kind"], "level": d.get("level") or "", "summary": d["summary"],
                "consumer_advice": d.get("consumer_advice", ""),
                "scope": {k: _split(d.get(k, "")) for k in ("categories", "brands", "models", "gtins", "batches", "regions")},
                "measures": d.get("measures") or [], "recipients": list(d.get("recipients") or []),
                "public": bool(d.get("public")), "response_days": d.get("response_days") or None}


class ReportForm(_Styled):
    found = forms.TypedChoiceField(label=_("是否发现涉及产品"), choices=[("1", _("发现")), ("0", _("未发现"))],
                                   coerce=lambda v: v == "1")
    measures_taken = forms.MultipleChoiceField(label=_("已采取措施"), choices=Measure.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    units_withdrawn = forms.IntegerField(label=_("下架/召回数量"), min_value=0, initial=0)
    note = forms.CharField(label=_("反馈说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SubscriptionForm(_Styled):
    name = forms.CharField(label=_("订阅名称"), max_length=100)
    categories = forms.CharField(label=_("产品类别"), required=False, help_text=_("名称或分类代码，逗号分隔"))
    brands = forms.CharField(label=_("品牌"), required=False)
    gtins = forms.CharField(label=_("商品条码"), required=False)
    usccs = forms.CharField(label=_("统一社会信用代码"), required=False)
    webhook_url = forms.URLField(label=_("Webhook 地址"), required=False, assume_scheme="https")
    inbox = forms.BooleanField(label=_("站内消息"), required=False, initial=True)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "categories": _split(d.get("categories", "")), "brands": _split(d.get("brands", "")),
                "gtins": _split(d.get("gtins", "")), "usccs": _split(d.get("usccs", "")),
                "webhook_url": d.get("webhook_url", ""), "inbox": bool(d.get("inbox"))}


class ImportForm(_Styled):
    source = forms.ChoiceField(label=_("数据来源"), choices=[("eu", _("欧盟 Safety Gate 通报（CSV）")),
                                                          ("cpsc", _("美国 CPSC 召回（JSON/CSV）")),
                                                          ("12315", _("12315 投诉（xlsx）"))])
    file = forms.FileField(label=_("文件"))


class ComplaintForm(forms.Form):
    """The public complaint form."""

    title = forms.CharField(label=_("投诉事由"), max_length=200)
    description = forms.CharField(label=_("详细情况"), widget=forms.Textarea(attrs={"rows": 4}))
    product_name = forms.CharField(label=_("产品名称"), max_length=200)
    brand = forms.CharField(label=_("品牌"), max_length=100, required=False)
    model = forms.CharField(label=_("规格型号"), max_length=200, required=False)
    gtin = forms.CharField(label=_("商品条码"), max_length=14, required=False)
    hazard_type = forms.ChoiceField(label=_("危害类型"), choices=HazardType.choices, initial="other")
    injuries = forms.IntegerField(label=_("受伤人数"), min_value=0, initial=0)
    region = forms.ChoiceField(label=_("所在地区"), choices=())
    reporter_name = forms.CharField(label=_("您的姓名"), max_length=50, required=False)
    reporter_contact = forms.CharField(label=_("联系电话或邮箱"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        style_form(self)
