"""Forms of the standards pages: they only parse; services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import IdentifierFormField, style_form
from zhijian.core.identifiers import validate_standard_number
from zhijian.standards.choices import StandardNature, StandardStatus
from zhijian.standards.models import Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class StandardForm(StyledForm):
    number = IdentifierFormField(label=_("标准编号"), max_length=40, validator=validate_standard_number,
                                 help_text=_("如 GB 4706.1-2005、GB/T 28004.1-2021、DB61/T 1234-2020"))
    title = forms.CharField(label=_("标准名称"), max_length=300)
    nature = forms.ChoiceField(label=_("标准性质"), choices=[("", _("按编号自动判断")), *StandardNature.choices],
                               required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[
        (StandardStatus.CURRENT, StandardStatus.CURRENT.label), (StandardStatus.UPCOMING, StandardStatus.UPCOMING.label),
    ])
    issued_on = forms.DateField(label=_("发布日期"), required=False, widget=DATE)
    effective_on = forms.DateField(label=_("实施日期"), required=False, widget=DATE)
    products = forms.CharField(label=_("适用产品"), required=False, help_text=_("多个产品用顿号或逗号分隔，如 电热毯、电饭锅"))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_url = forms.URLField(label=_("依据来源"), required=False, max_length=500, assume_scheme="https")


class StandardEditForm(StandardForm):
    """The number is the natural key and the status moves by transitions: neither is edited here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["number"]
        del self.fields["status"]


class WithdrawForm(StyledForm):
    withdrawn_on = forms.DateField(label=_("废止日期"), required=False, widget=DATE, help_text=_("留空为今天"))
    replaced_by = forms.ModelChoiceField(label=_("被代替为"), queryset=Standard.objects.none(), required=False)
    reason = forms.CharField(label=_("理由/依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, standard: Standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = Standard.objects.exclude(pk=standard.pk).order_by("number")


class TestItemForm(StyledForm):
    __test__ = False

    name = forms.CharField(label=_("检验项目"), max_length=100)
    clause = forms.CharField(label=_("条款"), max_length=30, required=False)
    unit = forms.CharField(label=_("单位"), max_length=30, required=False)
    limit_min = forms.DecimalField(label=_("下限"), max_digits=14, decimal_places=4, required=False)
    limit_max = forms.DecimalField(label=_("上限"), max_digits=14, decimal_places=4, required=False)
    limit_text = forms.CharField(label=_("技术要求"), max_length=300, required=False)
    safety_critical = forms.BooleanField(label=_("安全关键项目"), required=False)
    method = forms.CharField(label=_("检验方法"), max_length=200, required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
