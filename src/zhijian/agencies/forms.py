"""Forms of the agencies pages: they only parse (choices limited to the user's jurisdiction);
services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation
from zhijian.agencies.choices import INSPECTOR_QUALIFICATIONS, ConflictRelation
from zhijian.core.forms import IdentifierFormField, style_form
from zhijian.core.identifiers import validate_standard_number, validate_uscc
from zhijian.core.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}"


class UserForm(forms.Form):
    """A form whose choices depend on the signed-in user's jurisdiction."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        if "region" in self.fields:
            self.fields["region"].queryset = Region.objects.current().visible_to(user).exclude(level="province")
        style_form(self)


class AgencyForm(UserForm):
    name = forms.CharField(label=_("机构名称"), max_length=200)
    uscc = IdentifierFormField(label=_("统一社会信用代码"), max_length=30, validator=validate_uscc)
    cma_number = forms.CharField(label=_("资质认定证书编号"), max_length=40, required=False)
    region = RegionChoiceField(label=_("所在区划"), queryset=Region.objects.none())
    organisation = forms.ModelChoiceField(label=_("登录单位"), queryset=Organisation.objects.none(), required=False,
                                          help_text=_("该机构用户登录所用的单位（检验机构类）"))
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(kind="agency").order_by("name")


class ScopeForm(UserForm):
    product_category = forms.CharField(label=_("产品类别"), max_length=100, help_text=_("产品目录代码或名称，如 401.6 或 电热毯"))
    standard_number = IdentifierFormField(label=_("标准编号"), max_length=40, required=False, validator=validate_standard_number)
    test_items = forms.CharField(label=_("检验项目"), required=False, help_text=_("多个项目用顿号或逗号分隔；留空为全部项目"))
    valid_from = forms.DateField(label=_("有效期自"), widget=DATE)
    valid_to = forms.DateField(label=_("有效期至"), required=False, widget=DATE)


class InspectorForm(UserForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    staff_number = forms.CharField(label=_("人员编号"), max_length=30)
    organisation = forms.ModelChoiceField(label=_("所属单位"), queryset=Organisation.objects.none())
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())
    unit = forms.CharField(label=_("科室"), max_length=100, required=False)
    qualifications = forms.MultipleChoiceField(label=_("资格"), choices=INSPECTOR_QUALIFICATIONS, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    law_enforcement_cert_no = forms.CharField(label=_("执法证号"), max_length=40, required=False)
    cert_valid_to = forms.DateField(label=_("执法证有效期至"), required=False, widget=DATE)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(self.user).filter(kind="bureau")
        self.fields["qualifications"].widget.attrs = {}  # Bootstrap classes do not suit a checkbox list


class InspectorEditForm(InspectorForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["staff_number"]


class ConflictForm(UserForm):
    enterprise_uscc = IdentifierFormField(label=_("企业统一社会信用代码"), max_length=30, validator=validate_uscc)
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200)
    relation = forms.ChoiceField(label=_("关系"), choices=ConflictRelation.choices)
    declared_on = forms.DateField(label=_("申报日期"), required=False, widget=DATE, help_text=_("留空为今天"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
