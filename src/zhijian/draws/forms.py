"""Forms of the draws pages: they only parse; services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhijian.core.forms import style_form
from zhijian.core.models import Region
from zhijian.draws.choices import LicenceFilter, SamplingStage, StrataLevel
from zhijian.registry.models import ProductCategory


class ExecuteForm(forms.Form):
    beacon = forms.CharField(label=_("公开随机值"), max_length=500,
                             help_text=_("承诺值公布之后产生的公开数值，如福利彩票开奖号码，按公布原样录入"))
    beacon_source = forms.CharField(label=_("公开随机值来源"), max_length=200, required=False,
                                    help_text=_("如：中国福利彩票3D 第2026320期；留空则为承诺时声明的来源"))
    witnesses = forms.CharField(label=_("见证人"), widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("姓名，多人用顿号或逗号分隔"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_form(self)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_form(self)


class RegionMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} {obj.name}"


class CategoryMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ProductCategory) -> str:
        return f"{obj.code} {obj.name}"


class EnterpriseDrawForm(forms.Form):
    title = forms.CharField(label=_("抽取事项"), max_length=200, help_text=_("如：2026年电热毯生产企业双随机检查"))
    categories = CategoryMultipleField(label=_("产品类别"), queryset=ProductCategory.objects.none(), required=False,
                                       help_text=_("含下级类别；不选为全部"))
    regions = RegionMultipleField(label=_("区域"), queryset=Region.objects.none(), required=False,
                                  help_text=_("不选为本辖区全部"))
    stage = forms.ChoiceField(label=_("抽样环节"), choices=[("", _("不限")), *SamplingStage.choices], required=False)
    licence_status = forms.ChoiceField(label=_("许可证状态"), choices=[("", _("不限")), *LicenceFilter.choices],
                                       required=False)
    weight = forms.ChoiceField(label=_("权重"), choices=[("equal", _("等权重")), ("supervision_weight", _("按监管权重（风险分级）"))])
    strata = forms.ChoiceField(label=_("分层"), choices=StrataLevel.choices, initial=StrataLevel.CITY)
    n = forms.IntegerField(label=_("抽取总数"), min_value=1, required=False,
                           help_text=_("按各层企业数比例分配（最大余数法）"))
    quotas = forms.CharField(label=_("各层数量"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("每行“区划代码=数量”，如 610100=3；填写后忽略抽取总数"))
    beacon_plan = forms.CharField(label=_("拟用公开随机值来源"), max_length=200, required=False,
                                  help_text=_("事先声明，如：中国福利彩票3D 第2026320期开奖号码"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = ProductCategory.objects.order_by("code")
        self.fields["regions"].queryset = Region.objects.current().visible_to(user).exclude(level="province")
        style_form(self)
