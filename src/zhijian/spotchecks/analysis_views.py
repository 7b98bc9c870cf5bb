"""The bureau's analysis page (ECharts fed by JSON embedded with json_script, no inline script),
its xlsx export, the special report on a region for its local government (.docx) and the same
figures through the API (`AnalysisViewSet`, registered by `register(router)`)."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from zhijian.agencies.filtersets import region_choices
from zhijian.core.forms import style_form
from zhijian.core.views import RoleRequiredMixin
from zhijian.spotchecks import analysis, selectors
from zhijian.spotchecks.documents import download
from zhijian.spotchecks.filtersets import category_choices

ROLES = selectors.BUREAU


class AnalysisFilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("起始年度"), required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("截止年度"), required=False, min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("产品类别"), required=False)
    region = forms.ChoiceField(label=_("区划"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部")), *category_choices()]
        scope = user.scope if user is not None else None
        regions = [(c, n) for c, n in region_choices() if scope is None or scope.covers_region(c)]
        self.fields["region"].choices = [("", _("全部")), *regions]
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            raise forms.ValidationError(_("起始年度不能晚于截止年度 / the first year must not follow the last"))
        return data

    def filters(self) -> analysis.Filters:
        if not self.is_valid():
            return analysis.Filters()
        d = self.cleaned_data
        return analysis.Filters(year_from=d.get("year_from"), year_to=d.get("year_to"),
                                category=d.get("category") or "", region=d.get("region") or "")


def scope_prefix(user) -> str | None:
    scope = user.scope
    return None if scope.everything else scope.region_prefix


def analyse_for(user, data) -> tuple[AnalysisFilterForm, analysis.Analysis]:
    form = AnalysisFilterForm(data or None, user=user)
    return form, analysis.analyse(selectors.task_list(user), form.filters(), scope_prefix(user))


# --- charts: ECharts options as plain JSON (no functions, so no inline script is needed) -------------

def _bar(title: str, labels: list[str], series: list[dict[str, Any]], *, horizontal: bool = False,
         percent: bool = True, cap: bool = True) -> dict[str, Any]:
    value_axis: dict[str, Any] = {"type": "value"}
    if percent:
        value_axis["axisLabel"] = {"formatter": "{value}%"}
        if cap:
            value_axis["max"] = 100
    category_axis = {"type": "category", "data": labels, "axisLabel": {"interval": 0, **({} if horizontal else {"rotate": 30})}}
    return {"title": {"text": title, "left": 0, "top": 0, "textStyle": {"fontSize": 13}}, "tooltip": {"trigger": "axis"},
            "legend": {"top": 26}, "grid": {"left": 8, "right": 40, "bottom": 8, "top": 64, "containLabel": True},
            "xAxis": value_axis if horizontal else category_axis, "yAxis": category_axis if horizontal else value_axis,
            "series": series}


def charts(a: analysis.Analysis) -> dict[str, Any]:
    years = [str(y) for y in a.years]
    trend_series = [{"name": str(_("全部")), "type": "line", "data": [t["pass_rate"] for t in a.trend]}]
    for s in a.by_stage:
        trend_series.append({"name": s["label"], "type": "line",
                             "data": [s["years"].get(int(y), {}).get("pass_rate") for y in years]})
    trend = _bar(str(_("抽样合格率年度趋势")), years, trend_series)
    trend["yAxis"]["min"] = 50
    region_series = [{"name": str(_("不合格发现率")), "type": "bar", "data": [
        {"value": t["failure_rate"], "itemStyle": {"color": "#c23531" if t["significant"] else "#5470c6"}}
        for t in a.hotspots["regions"]],
        "markLine": {"symbol": "none", "data": [{"yAxis": a.overall["failure_rate"] or 0, "name": str(_("总体"))}],
                     "label": {"formatter": str(_("总体")) + " {c}%", "position": "insideEndTop"}}}]
    return {
        "trend": trend,
        "category": _bar(str(_("各产品类别抽样合格率")), [c["label"] for c in a.by_category],
                         [{"name": str(_("合格率")), "type": "bar", "data": [c["pass_rate"] for c in a.by_category]}],
                         horizontal=True),
        "region": _bar(str(_("各地区不合格发现率（红色：显著高于其余地区）")), [t["name"] for t in a.hotspots["regions"]],
                       region_series, cap=False),
        "size_stage": _bar(str(_("按企业规模、抽样环节的合格率")),
                           [s["label"] for s in a.by_size] + [s["label"] for s in a.by_stage],
                           [{"name": str(_("合格率")), "type": "bar",
                             "data": [s["pass_rate"] for s in a.by_size] + [s["pass_rate"] for s in a.by_stage]}]),
        "items": _bar(str(_("不合格项目出现次数")), [i["name"] for i in a.failed_items][::-1],
                      [{"name": str(_("不合格批次")), "type": "bar", "data": [i["count"] for i in a.failed_items][::-1]}],
                      horizontal=True, percent=False),
        "agencies": _bar(str(_("检验机构平均检验周期（天）")), [g["name"] for g in a.agencies],
                         [{"name": str(_("中位数")), "type": "bar", "data": [g["turnaround_median"] for g in a.agencies]},
                          {"name": str(_("第90百分位")), "type": "bar", "data": [g["turnaround_p90"] for g in a.agencies]}],
                         horizontal=True, percent=False),
    }


def with_years(rows: list[dict[str, Any]], years: list[int]) -> list[dict[str, Any]]:
    """Each row with its yearly pass rates in the order of `years` (templates cannot index by key)."""
    return [{**r, "year_rates": [r["years"].get(y, {}).get("pass_rate") for y in years]} for r in rows]


class AnalysisView(RoleRequiredMixin, TemplateView):
    roles = ROLES
    template_name = "spotchecks/analysis.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            _form, result = analyse_for(request.user, request.GET)
            stamp = timezone.localtime().strftime("%Y%m%d%H%M")
            return download(analysis_xlsx(result), "xlsx", f"监督抽查统计分析-{stamp}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, result = analyse_for(self.request.user, self.request.GET)
        query = self.request.GET.copy()
        query.pop("export", None)
        tables = [(label, with_years(data, result.years)) for label, data in (
            (_("按产品类别"), result.by_category), (_("按地区"), result.by_region),
            (_("按企业规模"), result.by_size), (_("按抽样环节"), result.by_stage))]
        context.update({"form": form, "a": result, "charts": charts(result), "querystring": query.urlencode(),
                        "tables": tables, "trend": with_years(result.trend, result.years),
                        "title": _("统计分析"), "breadcrumbs": [(_("统计分析"), "")]})
        return context


class RegionReportView(RoleRequiredMixin, View):
    """The special report on one region for its local government (.docx)."""

    roles = ROLES

    def get(self, request, code: str):
        form = AnalysisFilterForm(request.GET or None, user=request.user)
        if not request.user.scope.covers_region(code):
            raise Http404
        try:
            detail = analysis.region_detail(selectors.task_list(request.user), form.filters(),
                                            scope_prefix(request.user), code)
        except LookupError:
            raise Http404 from None
        org = request.user.organisation.name if request.user.organisation else ""
        content = region_report_docx(detail, org)
        return download(content, "docx", f"{detail['test']['name']}产品质量监督抽查专题报告-{timezone.localdate():%Y%m%d}")


# --- documents -----------------------------------------------------------------------------------

def _pct(value: Any) -> str:
    return "—" if value is None else f"{value}%"


def _p(value: float) -> str:
    return f"{value:.2e}" if value < 0.001 else f"{value:.3f}"


def analysis_xlsx(a: analysis.Analysis) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})

    def sheet(name: str, headers: list[str], rows: list[list[Any]]) -> None:
        ws = book.add_worksheet(name)
        for c, h in enumerate(headers):
            ws.write(0, c, h, bold)
            ws.set_column(c, c, 16)
        for r, values in enumerate(rows, start=1):
            for c, v in enumerate(values):
                ws.write(r, c, "" if v is None else v)

    years = a.years
    for name, data in (("产品类别", a.by_category), ("地区", a.by_region), ("企业规模", a.by_size), ("抽样环节", a.by_stage),
                       ("年度", a.trend)):
        sheet(name, ["分组", "批次", "不合格", "合格率%", "不合格发现率%"] + [f"{y}合格率%" for y in years],
              [[d["label"], d["batches"], d["failed"], d["pass_rate"], d["failure_rate"]]
               + [d["years"].get(y, {}).get("pass_rate") for y in years] for d in data])
    sheet("不合格项目", ["检验项目", "不合格批次", "占不合格批次%", "安全关键", "主要产品"],
          [[i["name"], i["count"], i["share"], "是" if i["safety_critical"] else "否", i["categories"]] for i in a.failed_items])
    sheet("地区显著性检验", ["区划代码", "地区", "批次", "不合格", "不合格发现率%", "其余地区不合格发现率%", "率比", "p值（单侧Fisher）",
                       "q值（BH校正）", f"显著（q<{a.hotspots['alpha']}）", "按类别调整p值（CMH单侧）", "按类别调整q值"],
          [[t["code"], t["name"], t["batches"], t["failed"], t["failure_rate"], t["rest_failure_rate"], t["rate_ratio"],
            t["p_value"], t["q_value"], "是" if t["significant"] else "否", t["p_adjusted"], t["q_adjusted"]]
           for t in a.hotspots["regions"]])
    sheet("检验机构", ["检验机构", "批次", "不合格发现率%", "检验周期中位数（天）", "平均（天）", "第90百分位（天）", "复检数", "复检改变结论",
                   "复检改判率%"],
          [[g["name"], g["batches"], g["failure_rate"], g["turnaround_median"], g["turnaround_mean"], g["turnaround_p90"],
            g["retests"], g["overturned"], g["overturn_rate"]] for g in a.agencies])
    book.close()
    return buffer.getvalue()


def region_report_docx(detail: dict[str, Any], organisation: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from zhijian.spotchecks.documents import _chinese_styles

    a: analysis.Analysis = detail["analysis"]
    t = detail["test"]
    f = a.filters
    period = (f"{f.year_from or min(a.years, default='')}—{f.year_to or max(a.years, default='')}年"
              if a.years else "所选期间")
    doc = Document()
    _chinese_styles(doc, qn, Pt)
    heading = doc.add_heading(f"关于{t['name']}产品质量监督抽查情况的专题报告", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{t['name']}人民政府：")
    rest = "辖区内其余地区"
    doc.add_paragraph(
        f"{period}，{t['name']}共被抽查产品{t['batches']}批次，不合格{t['failed']}批次，不合格发现率{_pct(t['failure_rate'])}；"
        f"同期{rest}共抽查{t['rest_batches']}批次，不合格{t['rest_failed']}批次，不合格发现率{_pct(t['rest_failure_rate'])}，"
        f"全辖区总体不合格发现率{_pct(a.overall['failure_rate'])}。")
    verdict = ("显著高于" if t["significant"] else "未显著高于")
    doc.add_paragraph(
        f"统计检验：以{t['name']}与{rest}的不合格批次构成2×2列联表，作单侧Fisher精确检验（备择假设：{t['name']}的不合格概率更高），"
        f"p={_p(t['p_value'])}；对同级{len(a.hotspots['regions'])}个地区的检验按Benjamini–Hochberg方法校正多重比较，"
        f"q={_p(t['q_value'])}。在显著性水平{a.hotspots['alpha']}下，{t['name']}的不合格发现率{verdict}{rest}"
        f"（率比{t['rate_ratio'] if t['rate_ratio'] is not None else '—'}）。"
        + (f"按产品类别分层比较（Cochran–Mantel–Haenszel单侧检验），p={_p(t['p_adjusted'])}，"
           f"q={_p(t['q_adjusted'])}，用于排除抽查产品构成不同的影响。" if t["p_adjusted"] is not None else ""))
    doc.add_heading("一、分产品类别情况", level=2)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for c, h in enumerate(["产品类别", "抽查批次", "不合格批次", "本地区不合格发现率", "全辖区不合格发现率"]):
        table.rows[0].cells[c].text = h
    for c in detail["categories"]:
        cells = table.add_row().cells
        for i, v in enumerate([c["label"], c["batches"], c["failed"], _pct(c["failure_rate"]),
                               _pct(c["jurisdiction_failure_rate"])]):
            cells[i].text = str(v)
    doc.add_heading("二、主要不合格项目", level=2)
    if detail["failed_items"]:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for c, h in enumerate(["检验项目", "不合格批次", "占不合格批次比例", "安全关键项目"]):
            table.rows[0].cells[c].text = h
        for i in detail["failed_items"]:
            cells = table.add_row().cells
            for c, v in enumerate([i["name"], i["count"], f"{i['share']}%", "是" if i["safety_critical"] else "否"]):
                cells[c].text = str(v)
    else:
        doc.add_paragraph("所选期间无不合格项目。")
    doc.add_heading("三、不合格产品及企业名单", level=2)
    if detail["products"]:
        table = doc.add_table(rows=1, cols=7)
        table.style = "Table Grid"
        for c, h in enumerate(["年度", "企业名称", "产品类别", "产品名称", "商标", "规格型号", "不合格项目"]):
            table.rows[0].cells[c].text = h
        for p in detail["products"]:
            cells = table.add_row().cells
            for c, v in enumerate([p["year"], p["enterprise"], p["category"], p["product"], p["trademark"], p["model"],
                                   p["failed_items"]]):
                cells[c].text = str(v)
    else:
        doc.add_paragraph("所选期间无不合格产品。")
    doc.add_heading("四、工作建议", level=2)
    for line in (
        "一是督促不合格产品生产、销售企业立即停止生产销售同一产品，限期整改，按期复查；",
        "二是对上述不合格项目集中的产品和企业开展质量提升帮扶和专项整治，落实企业质量安全主体责任；",
        "三是将相关产品列入下一年度监督抽查重点，提高抽查比例和频次；",
        "四是对涉嫌违法的企业依法立案查处，相关信息纳入信用记录。",
    ):
        doc.add_paragraph(line)
    sign = doc.add_paragraph(f"{organisation}\n{detail['generated_on']:%Y-%m-%d}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- API -----------------------------------------------------------------------------------------

FILTER_PARAMETERS = [
    OpenApiParameter("year_from", OpenApiTypes.INT, description="起始年度 / first year"),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="截止年度 / last year"),
    OpenApiParameter("category", OpenApiTypes.STR, description="产品类别代码 / category code"),
    OpenApiParameter("region", OpenApiTypes.STR, description="行政区划代码 / region code"),
]


class AnalysisViewSet(viewsets.ViewSet):
    """Spot-check statistics over the caller's jurisdiction (bureau roles)."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def list(self, request):
        user = request.user
        if not user.has_role(*ROLES):
            raise ApiPermissionDenied("仅监管部门可查看统计分析 / statistics are for bureau staff")
        form = AnalysisFilterForm(request.query_params or None, user=user)
        if form.is_bound and not form.is_valid():
            raise ApiValidationError({k: [f"{e}" for e in v] for k, v in form.errors.items()})
        result = analysis.analyse(selectors.task_list(user), form.filters(), scope_prefix(user))
        return Response(result.as_dict())


def register(router) -> None:
    router.register("spotchecks/analysis", AnalysisViewSet, basename="spotcheck-analysis")
