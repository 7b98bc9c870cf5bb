"""Registry pages: lists with filter bar and export, detail pages, forms that write through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zhijian.core.views import ScopedDetailView, ScopedListView, ServiceFormView
from zhijian.registry import forms, selectors, services
from zhijian.registry.filtersets import BrandFilterSet, CategoryFilterSet, EnterpriseFilterSet, ProductFilterSet
from zhijian.registry.models import Brand, BrandAlias, Enterprise, Product, ProductCategory

WRITERS = frozenset({"administrator", "province_staff", "city_staff", "county_staff"})
PROVINCE = frozenset({"administrator", "province_staff"})
STATUS_COLOURS = {
    "existing": "success", "operating": "success", "suspended": "warning", "deregistered": "secondary",
    "revoked": "danger", "in_production": "success", "discontinued": "secondary", "recalled": "danger",
}
RELATED_LIMIT = 50


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def _period(flag: bool, start, end) -> str:
    if not flag:
        return _("否")
    start_text = start.strftime("%Y-%m-%d") if start else "…"
    end_text = end.strftime("%Y-%m-%d") if end else "…"
    if not (start or end):
        return _("是")
    return _("是（%(start)s 至 %(end)s）") % {"start": start_text, "end": end_text}


def _link(obj: Any, text: Any = None) -> str:
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text or obj) if obj is not None else ""


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class DetailPage(ScopedDetailView):
    """The generic detail page with the view's fields, related tables and edit button."""

    template_name = "core/detail.html"
    list_url_name = ""
    list_title: Any = ""

    def detail_fields(self) -> list[tuple[Any, Any]]:
        return []

    def related_tables(self) -> list[dict[str, Any]]:
        return []

    def edit_url(self) -> str:
        return ""

    def actions(self) -> list[tuple[str, str]]:
        return []

    def status(self) -> dict[str, str] | None:
        obj = self.object
        if hasattr(obj, "get_status_display"):
            return {"label": obj.get_status_display(), "colour": STATUS_COLOURS.get(obj.status, "secondary")}
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "title": str(self.object),
            "fields": self.detail_fields(),
            "related": self.related_tables(),
            "edit_url": self.edit_url(),
            "actions": self.actions(),
            "status": self.status(),
            "breadcrumbs": [(self.list_title, reverse(self.list_url_name)), (str(self.object), "")],
        })
        return context


# --- enterprises -------------------------------------------------------------------------------

class EnterpriseListView(ScopedListView):
    import_entity = "enterprises"
    title = gettext_lazy("企业名录")
    selector = staticmethod(selectors.enterprise_list)
    filterset_class = EnterpriseFilterSet
    columns = [
        (gettext_lazy("统一社会信用代码"), "uscc"),
        (gettext_lazy("企业名称"), "name"),
        (gettext_lazy("法定代表人"), "legal_representative"),
        (gettext_lazy("所在区划"), "region.name"),
        (gettext_lazy("所属行业"), "industry"),
        (gettext_lazy("企业规模"), "size_class"),
        (gettext_lazy("登记状态"), "status"),
        (gettext_lazy("成立日期"), lambda e: _date(e.established_on)),
    ]
    link_column = 1
    create_url_name = "registry:enterprise_create"
    create_roles = WRITERS


class EnterpriseDetailView(DetailPage):
    selector = staticmethod(selectors.enterprise_detail_queryset)
    list_url_name = "registry:enterprise_list"
    list_title = gettext_lazy("企业名录")

    def detail_fields(self):
        e: Enterprise = self.object
        return [
            (_("统一社会信用代码"), e.uscc), (_("企业名称"), e.name),
            (_("法定代表人"), e.legal_representative), (_("所在区划"), f"{e.region.full_name}（{e.region_id}）"),
            (_("注册地址"), e.registered_address), (_("生产地址"), e.production_address),
            (_("所属行业"), e.get_industry_display()), (_("企业规模"), e.get_size_class_display()),
            (_("登记状态"), e.get_status_display()), (_("成立日期"), _date(e.established_on)),
            (_("组织机构代码"), e.organisation_code), (_("注册号（旧）"), e.registration_number),
            (_("企业登录单位"), str(e.organisation or "")),
            (_("联系人"), e.contact_person), (_("联系电话"), e.contact_phone),
        ]

    def related_tables(self):
        products = selectors.product_list(self.request.user).filter(enterprise=self.object)
        total = products.count()
        rows = [
            {"cells": [p.name, p.model, p.brand.name if p.brand else "", p.category.name, "、".join(p.gtins),
                       p.get_status_display()], "url": p.get_absolute_url()}
            for p in products[:RELATED_LIMIT]
        ]
        return [{
            "title": _("产品"), "total": total, "link_column": 0, "rows": rows,
            "headers": [_("产品名称"), _("规格型号"), _("品牌"), _("产品分类"), _("商品条码"), _("状态")],
            "more_url": f"{reverse('registry:product_list')}?enterprise={self.object.pk}" if total > RELATED_LIMIT else "",
        }]

    def edit_url(self):
        if services.can_edit_enterprise(self.request.user, self.object):
            return reverse("registry:enterprise_edit", args=[self.object.pk])
        return ""

    def actions(self):
        out = []
        if services.can_write_products_of(self.request.user, self.object):
            out.append((_("新增产品"), f"{reverse('registry:product_create')}?enterprise={self.object.uscc}"))
        if services.can_write_region(self.request.user, self.object.region_id):
            out.append((_("变更登记状态"), reverse("registry:enterprise_status", args=[self.object.pk])))
        return out


class EnterpriseCreateView(ServiceFormView):
    title = gettext_lazy("新增企业")
    form_class = forms.EnterpriseForm
    service = staticmethod(services.enterprise_create)
    roles = WRITERS


class EnterpriseScopedFormMixin:
    """Edit pages load their object through the selector (404 outside the jurisdiction)."""

    def get_object(self) -> Enterprise:
        return get_object_or_404(selectors.enterprise_detail_queryset(self.request.user), pk=self.kwargs["pk"])


class EnterpriseEditView(EnterpriseScopedFormMixin, ServiceFormView):
    title = gettext_lazy("编辑企业")
    service = staticmethod(services.enterprise_update)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.object = self.get_object()
        if not services.can_edit_enterprise(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def full_edit(self) -> bool:
        return services.can_write_region(self.request.user, self.object.region_id)

    def get_form_class(self):
        return forms.EnterpriseForm if self.full_edit() else forms.EnterpriseContactForm

    def get_initial(self):
        e = self.object
        return {name: getattr(e, name) for name in forms.ENTERPRISE_FORM_FIELDS}

    def get_instance(self):
        return self.object


class EnterpriseStatusView(EnterpriseScopedFormMixin, ServiceFormView):
    title = gettext_lazy("变更登记状态")
    form_class = forms.EnterpriseStatusForm
    service = staticmethod(services.enterprise_set_status)
    roles = WRITERS

    def get_initial(self):
        return {"status": self.get_object().status}

    def get_instance(self):
        return self.get_object()


# --- products ----------------------------------------------------------------------------------

class ProductListView(ScopedListView):
    import_entity = "products"
    title = gettext_lazy("产品")
    selector = staticmethod(selectors.product_list)
    filterset_class = ProductFilterSet
    columns = [
        (gettext_lazy("产品名称"), "name"),
        (gettext_lazy("规格型号"), "model"),
        (gettext_lazy("品牌"), lambda p: p.brand.name if p.brand_id else ""),
        (gettext_lazy("产品分类"), "category.name"),
        (gettext_lazy("生产企业"), "enterprise.name"),
        (gettext_lazy("所在区划"), "enterprise.region.name"),
        (gettext_lazy("商品条码"), lambda p: "、".join(p.gtins)),
        (gettext_lazy("执行标准"), lambda p: "、".join(p.declared_standards)),
        (gettext_lazy("状态"), "status"),
    ]
    create_url_name = "registry:product_create"
    create_roles = WRITERS | {"enterprise_user"}


class ProductDetailView(DetailPage):
    selector = staticmethod(selectors.product_detail_queryset)
    list_url_name = "registry:product_list"
    list_title = gettext_lazy("产品")

    def detail_fields(self):
        p: Product = self.object
        aliases = [a.alias for a in p.brand.aliases.all()] if p.brand_id else []
        return [
            (_("产品名称"), p.name), (_("规格型号"), p.model),
            (_("生产企业"), _link(p.enterprise)), (_("所在区划"), p.enterprise.region.name),
            (_("产品分类"), _link(p.category)), (_("品牌"), _link(p.brand) if p.brand_id else ""),
            (_("品牌别名"), "、".join(aliases)), (_("状态"), p.get_status_display()),
            (_("商品条码"), "、".join(p.gtins)), (_("执行标准"), "、".join(p.declared_standards)),
            (_("生产许可证编号"), p.licence_number),
            (_("重点消费品"), _yes(p.category.key_consumer_product)),
            (_("生产许可证管理"), _period(p.category.licence_required, p.category.licence_valid_from, p.category.licence_valid_to)),
            (_("强制性产品认证（CCC）"), _period(p.category.ccc_required, p.category.ccc_valid_from, p.category.ccc_valid_to)),
            (_("说明"), p.description),
        ]

    def related_tables(self):
        p: Product = self.object
        return [{
            "title": _("商品条码"), "total": len(p.gtins), "link_column": -1, "headers": [_("商品条码"), _("前缀")],
            "rows": [{"cells": [g, g[:3]]} for g in p.gtins],
        }]

    def edit_url(self):
        if services.can_write_products_of(self.request.user, self.object.enterprise):
            return reverse("registry:product_edit", args=[self.object.pk])
        return ""


class ProductFormMixin:
    form_class = forms.ProductForm
    roles = WRITERS | {"enterprise_user"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["enterprises"] = selectors.enterprise_list(self.request.user)
        return kwargs


class ProductCreateView(ProductFormMixin, ServiceFormView):
    title = gettext_lazy("新增产品")
    service = staticmethod(services.product_create)

    def get_initial(self):
        initial = {"status": "in_production", "enterprise": self.request.GET.get("enterprise", "")}
        own = getattr(self.request.user, "organisation", None)
        if self.request.user.role == "enterprise_user" and own is not None and hasattr(own, "enterprise"):
            initial["enterprise"] = own.enterprise.uscc
        return initial


class ProductEditView(ProductFormMixin, ServiceFormView):
    title = gettext_lazy("编辑产品")
    service = staticmethod(services.product_update)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.object = get_object_or_404(selectors.product_detail_queryset(request.user), pk=kwargs["pk"])
        if not services.can_write_products_of(request.user, self.object.enterprise):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        p = self.object
        return {
            "enterprise": p.enterprise.uscc, "category": p.category, "brand": p.brand.name if p.brand_id else "",
            "name": p.name, "model": p.model, "gtins": p.gtins, "declared_standards": p.declared_standards,
            "status": p.status, "description": p.description, "licence_number": p.licence_number,
        }

    def get_instance(self):
        return self.object


# --- catalogue ---------------------------------------------------------------------------------

class CategoryListView(ScopedListView):
    import_entity = "product-categories"
    title = gettext_lazy("产品目录")
    selector = staticmethod(selectors.category_list)
    filterset_class = CategoryFilterSet
    columns = [
        (gettext_lazy("分类代码"), "code"),
        (gettext_lazy("名称"), "name"),
        (gettext_lazy("层级"), "level"),
        (gettext_lazy("上级分类"), lambda c: c.parent.name if c.parent_id else ""),
        (gettext_lazy("生产许可证管理"), lambda c: _period(c.licence_required, c.licence_valid_from, c.licence_valid_to)),
        (gettext_lazy("CCC"), lambda c: _period(c.ccc_required, c.ccc_valid_from, c.ccc_valid_to)),
        (gettext_lazy("重点消费品"), "key_consumer_product"),
        (gettext_lazy("重点工业产品"), "focus_industrial_product"),
        (gettext_lazy("食品相关产品"), "food_related"),
    ]
    link_column = 1
    paginate_by = 50
    create_url_name = "registry:category_create"
    create_roles = PROVINCE


class CategoryDetailView(DetailPage):
    selector = staticmethod(selectors.category_list)
    list_url_name = "registry:category_list"
    list_title = gettext_lazy("产品目录")

    def status(self):
        return None

    def detail_fields(self):
        c: ProductCategory = self.object
        return [
            (_("分类代码"), c.code), (_("名称"), c.name), (_("层级"), str(c.level)),
            (_("上级分类"), _link(c.parent) if c.parent_id else ""),
            (_("生产许可证管理"), _period(c.licence_required, c.licence_valid_from, c.licence_valid_to)),
            (_("强制性产品认证（CCC）"), _period(c.ccc_required, c.ccc_valid_from, c.ccc_valid_to)),
            (_("重点消费品"), _yes(c.key_consumer_product)), (_("重点工业产品"), _yes(c.focus_industrial_product)),
            (_("食品相关产品"), _yes(c.food_related)), (_("说明"), c.description),
        ]

    def related_tables(self):
        children = list(self.object.children.order_by("code"))
        products = selectors.product_list(self.request.user).filter(
            category_id__in=selectors.category_descendant_ids(self.object)
        )
        total = products.count()
        return [
            {
                "title": _("下级分类"), "total": len(children), "link_column": 1, "headers": [_("分类代码"), _("名称")],
                "rows": [{"cells": [c.code, c.name], "url": c.get_absolute_url()} for c in children],
            },
            {
                "title": _("产品"), "total": total, "link_column": 0,
                "headers": [_("产品名称"), _("规格型号"), _("生产企业")],
                "rows": [{"cells": [p.name, p.model, p.enterprise.name], "url": p.get_absolute_url()}
                         for p in products[:RELATED_LIMIT]],
                "more_url": f"{reverse('registry:product_list')}?category={self.object.pk}" if total > RELATED_LIMIT else "",
            },
        ]

    def edit_url(self):
        return reverse("registry:category_edit", args=[self.object.pk]) if services.can_write_catalogue(self.request.user) else ""


class CategoryCreateView(ServiceFormView):
    title = gettext_lazy("新增产品分类")
    form_class = forms.CategoryForm
    service = staticmethod(services.category_create)
    roles = PROVINCE


class CategoryEditView(ServiceFormView):
    title = gettext_lazy("编辑产品分类")
    form_class = forms.CategoryForm
    service = staticmethod(services.category_update)
    roles = PROVINCE

    def get_instance(self):
        return get_object_or_404(selectors.category_list(self.request.user), pk=self.kwargs["pk"])

    def get_initial(self):
        c = self.get_instance()
        return {name: getattr(c, name) for name in forms.CategoryForm.base_fields}


# --- brands ------------------------------------------------------------------------------------

class BrandListView(ScopedListView):
    import_entity = "brands"
    title = gettext_lazy("品牌")
    selector = staticmethod(selectors.brand_list)
    filterset_class = BrandFilterSet
    columns = [
        (gettext_lazy("品牌名称"), "name"),
        (gettext_lazy("英文名"), "name_en"),
        (gettext_lazy("拼音"), "pinyin"),
        (gettext_lazy("权利人企业"), lambda b: b.owner.name if b.owner_id else ""),
    ]
    create_url_name = "registry:brand_create"
    create_roles = WRITERS


class BrandDetailView(DetailPage):
    selector = staticmethod(selectors.brand_list)
    list_url_name = "registry:brand_list"
    list_title = gettext_lazy("品牌")
    template_name = "registry/brand_detail.html"

    def status(self):
        return None

    def detail_fields(self):
        b: Brand = self.object
        owner_visible = b.owner_id and selectors.enterprise_list(self.request.user).filter(pk=b.owner_id).exists()
        return [
            (_("品牌名称"), b.name), (_("英文名"), b.name_en), (_("拼音"), b.pinyin),
            (_("权利人企业"), _link(b.owner) if owner_visible else (b.owner.name if b.owner_id else "")),
        ]

    def related_tables(self):
        products = selectors.product_list(self.request.user).filter(brand=self.object)
        total = products.count()
        return [{
            "title": _("产品"), "total": total, "link_column": 0,
            "headers": [_("产品名称"), _("规格型号"), _("生产企业")],
            "rows": [{"cells": [p.name, p.model, p.enterprise.name], "url": p.get_absolute_url()}
                     for p in products[:RELATED_LIMIT]],
            "more_url": f"{reverse('registry:product_list')}?brand={self.object.pk}" if total > RELATED_LIMIT else "",
        }]

    def edit_url(self):
        return reverse("registry:brand_edit", args=[self.object.pk]) if services.can_write_brand(self.request.user, self.object) else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["aliases"] = self.object.aliases.order_by("kind", "alias")
        context["can_edit"] = bool(context["edit_url"])
        context["alias_form"] = forms.BrandAliasForm()
        return context


class BrandFormMixin:
    form_class = forms.BrandForm
    roles = WRITERS

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["enterprises"] = selectors.enterprise_list(self.request.user)
        return kwargs


class BrandCreateView(BrandFormMixin, ServiceFormView):
    title = gettext_lazy("新增品牌")
    service = staticmethod(services.brand_create)


class BrandEditView(BrandFormMixin, ServiceFormView):
    title = gettext_lazy("编辑品牌")
    service = staticmethod(services.brand_update)

    def get_instance(self):
        return get_object_or_404(selectors.brand_list(self.request.user).select_related("owner"), pk=self.kwargs["pk"])

    def get_initial(self):
        b = self.get_instance()
        return {"name": b.name, "name_en": b.name_en, "pinyin": b.pinyin, "owner": b.owner.uscc if b.owner_id else ""}


class BrandAliasAddView(View):
    """POST from the brand page: add one alias through the service."""

    def post(self, request, pk: int):
        if not request.user.is_authenticated:
            raise PermissionDenied
        brand = get_object_or_404(selectors.brand_list(request.user), pk=pk)
        form = forms.BrandAliasForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("别名不能为空"))
            return redirect(brand.get_absolute_url())
        try:
            services.brand_alias_add(acting_user=request.user, brand=brand, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存"))
        return redirect(brand.get_absolute_url())


class BrandAliasRemoveView(View):
    def post(self, request, pk: int, alias_pk: int):
        if not request.user.is_authenticated:
            raise PermissionDenied
        brand = get_object_or_404(selectors.brand_list(request.user), pk=pk)
        alias = BrandAlias.objects.filter(brand=brand, pk=alias_pk).first()
        if alias is None:
            raise Http404
        services.brand_alias_remove(acting_user=request.user, alias=alias)
        messages.success(request, _("已删除"))
        return redirect(brand.get_absolute_url())
