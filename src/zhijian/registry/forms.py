"""Forms only parse input; the services validate against the database, check permissions and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from zhijian.accounts.models import Organisation
from zhijian.core.forms import IdentifierFormField, style_form
from zhijian.core.identifiers import (
    validate_gtin,
    validate_licence_number,
    validate_registration_number,
    validate_standard_number,
    validate_uscc,
)
from zhijian.core.models import Region
from zhijian.core.selectors import region_exists
from zhijian.registry.choices import AliasKind, EnterpriseStatus
from zhijian.registry.models import Brand, Enterprise, Product, ProductCategory


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_form(self)


def _uscc(value: str) -> str:
    return validate_uscc(value, known_region=region_exists)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace("，", "\n").replace(",", "\n").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """One identifier per line (or comma-separated), each checked by `validator`."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args: Any, validator=None, **kwargs: Any):
        self.item_validator = validator
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def clean(self, value: Any) -> list[str]:
        items = _lines(super().clean(value))
        errors = []
        out = []
        for item in items:
            try:
                out.append(self.item_validator(item) if self.item_validator else item)
            except ValueError as exc:
                errors.append(f"{item}：{exc}")
        if errors:
            raise forms.ValidationError(errors)
        return out


ENTERPRISE_FORM_FIELDS = [
    "uscc", "name", "legal_representative", "registered_address", "production_address", "region", "industry",
    "size_class", "registration_number", "organisation", "contact_person", "contact_phone", "established_on",
]


class EnterpriseForm(StyledForm):
    uscc = IdentifierFormField(label=_("统一社会信用代码"), max_length=20, validator=_uscc)
    region = forms.ModelChoiceField(label=_("所在区划"), queryset=Region.objects.none())
    registration_number = IdentifierFormField(
        label=_("注册号（旧）"), max_length=20, required=False, validator=validate_registration_number
    )
    organisation = forms.ModelChoiceField(
        label=_("企业登录单位"), queryset=Organisation.objects.filter(kind="enterprise").order_by("name"), required=False
    )
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(
            Enterprise, fields=[f for f in ENTERPRISE_FORM_FIELDS if f not in self.base_fields]
        )
        ordered = {}
        for name in ENTERPRISE_FORM_FIELDS:
            ordered[name] = self.fields[name] if name in self.fields else model_fields[name]
        self.fields = ordered
        # Divisions valid today (evaluated per form, not once at import).
        self.fields["region"].queryset = Region.objects.current().filter(level__in=["city", "county"]).order_by("code")
        style_form(self)


class EnterpriseContactForm(StyledForm):
    """What an enterprise user may change about its own enterprise."""

    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)


class EnterpriseStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("登记状态"), choices=EnterpriseStatus.choices)
    reason = forms.CharField(label=_("变更依据"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ProductForm(StyledForm):
    enterprise = forms.CharField(label=_("生产企业"), max_length=200, help_text=_("统一社会信用代码或企业名称"))
    category = forms.ModelChoiceField(label=_("产品分类"), queryset=ProductCategory.objects.order_by("code"))
    brand = forms.CharField(label=_("品牌"), max_length=100, required=False, help_text=_("须为已登记的品牌"))
    name = forms.CharField(label=_("产品名称"), max_length=200)
    model = forms.CharField(label=_("规格型号"), max_length=100, required=False)
    gtins = LinesField(label=_("商品条码"), validator=validate_gtin, help_text=_("每行一个"))
    declared_standards = LinesField(label=_("执行标准"), validator=validate_standard_number, help_text=_("每行一个，如 GB 4706.1-2005"))
    licence_number = IdentifierFormField(label=_("生产许可证编号"), max_length=24, required=False,
                                         validator=validate_licence_number, help_text=_("如 陕XK16-204-00397"))
    status = forms.ChoiceField(label=_("状态"), choices=Product._meta.get_field("status").choices)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, enterprises=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises if enterprises is not None else Enterprise.objects.none()

    def clean_enterprise(self) -> Enterprise:
        value = self.cleaned_data["enterprise"].strip()
        candidates = self.enterprises.filter(uscc=value.upper()) if len(value) == 18 else self.enterprises.none()
        enterprise = candidates.first() or self.enterprises.filter(name=value).first()
        if enterprise is None:
            raise forms.ValidationError(_("未找到该企业，或不在您的管辖范围内"))
        return enterprise

    def clean_brand(self) -> Brand | None:
        value = self.cleaned_data["brand"].strip()
        if not value:
            return None
        brand = Brand.objects.filter(name=value).first()
        if brand is None:
            raise forms.ValidationError(_("品牌未登记，请先在品牌管理中新增"))
        return brand


class CategoryForm(StyledForm):
    code = forms.CharField(label=_("分类代码"), max_length=20, help_text=_("国家三级分类代码，如 4、401、401.6"))
    name = forms.CharField(label=_("名称"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("上级分类"), queryset=ProductCategory.objects.filter(level__lt=3).order_by("code"), required=False
    )
    licence_required = forms.BooleanField(label=_("生产许可证管理"), required=False)
    licence_valid_from = forms.DateField(label=_("许可证管理起始日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    licence_valid_to = forms.DateField(label=_("许可证管理截止日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ccc_required = forms.BooleanField(label=_("强制性产品认证（CCC）"), required=False)
    ccc_valid_from = forms.DateField(label=_("CCC起始日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ccc_valid_to = forms.DateField(label=_("CCC截止日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    key_consumer_product = forms.BooleanField(label=_("重点消费品"), required=False)
    focus_industrial_product = forms.BooleanField(label=_("重点工业产品"), required=False)
    food_related = forms.BooleanField(label=_("食品相关产品"), required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class BrandForm(StyledForm):
    name = forms.CharField(label=_("品牌名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名"), max_length=100, required=False)
    pinyin = forms.CharField(label=_("拼音"), max_length=200, required=False, help_text=_("留空时自动生成"))
    owner = forms.CharField(label=_("权利人企业"), max_length=20, required=False, help_text=_("统一社会信用代码，可空"))

    def __init__(self, *args: Any, enterprises=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises if enterprises is not None else Enterprise.objects.none()

    def clean_owner(self) -> Enterprise | None:
        value = self.cleaned_data["owner"].strip().upper()
        if not value:
            return None
        enterprise = self.enterprises.filter(uscc=value).first()
        if enterprise is None:
            raise forms.ValidationError(_("未找到该企业，或不在您的管辖范围内"))
        return enterprise


class BrandAliasForm(StyledForm):
    alias = forms.CharField(label=_("别名"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=AliasKind.choices)
