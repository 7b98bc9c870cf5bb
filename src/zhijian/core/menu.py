"""The left menu tree, by role. Items name URL patterns; apps added later append their sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class MenuItem:
    label: str
    url_name: str = ""
    icon: str = ""
    roles: frozenset[str] | None = None  # None: every signed-in user
    children: list[MenuItem] = field(default_factory=list)


BUREAU = frozenset({"administrator", "province_staff", "city_staff", "county_staff", "inspector", "auditor"})
ALL_STAFF = BUREAU | {"agency_user", "enterprise_user", "platform_user"}

MENU: list[MenuItem] = [
    MenuItem(_("首页"), "home", "house"),
    MenuItem(_("企业与产品"), icon="building", roles=ALL_STAFF, children=[
        MenuItem(_("企业名录"), "registry:enterprise_list", roles=ALL_STAFF),
        MenuItem(_("产品"), "registry:product_list", roles=ALL_STAFF),
        MenuItem(_("产品目录"), "registry:category_list", roles=ALL_STAFF),
        MenuItem(_("品牌"), "registry:brand_list", roles=ALL_STAFF),
    ]),
    MenuItem(_("标准"), icon="journal-text", roles=ALL_STAFF, children=[
        MenuItem(_("标准目录"), "standards:standard_list", roles=ALL_STAFF),
    ]),
    MenuItem(_("检验机构"), icon="clipboard2-pulse", roles=BUREAU | {"agency_user"}, children=[
        MenuItem(_("机构名录"), "agencies:agency_list", roles=BUREAU | {"agency_user"}),
        MenuItem(_("执法检查人员"), "agencies:inspector_list", roles=BUREAU),
    ]),
    MenuItem(_("监督抽查"), icon="clipboard-check", roles=BUREAU | {"agency_user", "enterprise_user"}, children=[
        MenuItem(_("抽查计划"), "spotchecks:plan_list", roles=BUREAU),
        MenuItem(_("双随机抽取"), "draws:draw_list", roles=BUREAU),
        MenuItem(_("抽查任务"), "spotchecks:task_list", roles=BUREAU | {"agency_user", "enterprise_user"}),
        MenuItem(_("异议复检"), "spotchecks:objection_list", roles=BUREAU | {"agency_user", "enterprise_user"}),
        MenuItem(_("后处理"), "spotchecks:handling_list", roles=BUREAU | {"enterprise_user"}),
        MenuItem(_("结果公告"), "spotchecks:announcement_list", roles=BUREAU),
        MenuItem(_("统计分析"), "spotchecks:analysis", roles=BUREAU),
    ]),
    MenuItem(_("生产许可"), icon="patch-check", roles=BUREAU | {"enterprise_user", "agency_user"}, children=[
        MenuItem(_("许可申请"), "licensing:application_list", roles=BUREAU | {"enterprise_user"}),
        MenuItem(_("审批时限"), "licensing:sla", roles=BUREAU),
        MenuItem(_("许可证"), "licensing:licence_list", roles=BUREAU | {"enterprise_user"}),
        MenuItem(_("年度自查报告"), "licensing:annual_report_list", roles=BUREAU | {"enterprise_user"}),
        MenuItem(_("证后监管"), "licensing:campaign_list", roles=BUREAU),
        MenuItem(_("无证与冒用线索"), "licensing:worklist", roles=BUREAU),
        MenuItem(_("许可目录"), "licensing:catalogue", roles=BUREAU | {"enterprise_user"}),
    ]),
    MenuItem(_("风险监测预警"), icon="exclamation-triangle", roles=BUREAU | {"platform_user", "enterprise_user"}, children=[
        MenuItem(_("风险信息"), "risk:signal_list", roles=BUREAU),
        MenuItem(_("风险评估"), "risk:assessment_list", roles=BUREAU),
        MenuItem(_("异常监测"), "risk:alarm_list", roles=BUREAU),
        MenuItem(_("预警"), "risk:warning_list", roles=BUREAU | {"platform_user", "enterprise_user"}),
        MenuItem(_("处置任务"), "risk:response_list", roles=BUREAU | {"platform_user", "enterprise_user"}),
        MenuItem(_("预警订阅"), "risk:subscription_list", roles=BUREAU | {"platform_user", "enterprise_user"}),
        MenuItem(_("处置时效"), "risk:dashboard", roles=BUREAU),
    ]),
    MenuItem(_("数据导入导出"), "core:import_list", "file-earmark-spreadsheet", roles=BUREAU | {"enterprise_user"}),
    MenuItem(_("系统"), icon="gear", roles=frozenset({"administrator", "auditor", "province_staff"}), children=[
        MenuItem(_("审计日志"), "audit:entry_list", roles=frozenset({"administrator", "auditor"})),
        MenuItem(_("行政区划"), "core:region_list", roles=frozenset({"administrator", "province_staff"})),
        MenuItem(_("节假日调整"), "core:calendar_list", roles=frozenset({"administrator"})),
        MenuItem(_("后台任务"), "core:job_list", roles=frozenset({"administrator", "province_staff"})),
    ]),
]


def _visible(item: MenuItem, role: str) -> bool:
    return item.roles is None or role in item.roles


def menu_for(user, path: str) -> list[dict]:
    role = "administrator" if user.is_superuser else user.role
    out = []
    for item in MENU:
        if not _visible(item, role):
            continue
        children = []
        for child in item.children:
            if not _visible(child, role):
                continue
            try:
                url = reverse(child.url_name)
            except NoReverseMatch:
                continue  # the page is not built yet; never show a dead link
            children.append({"label": child.label, "url": url, "active": path.startswith(url)})
        url = ""
        if item.url_name:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
        if item.children and not children:
            continue
        out.append({
            "label": item.label, "url": url, "icon": item.icon, "children": children,
            "active": (url == path) or any(c["active"] for c in children),
        })
    return out
