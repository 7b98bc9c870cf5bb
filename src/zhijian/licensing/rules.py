"""The work-plan rules (2016 items 12 and 13; 条例 Art. 55) evaluated for an application.

Each finding says which rule fired, whether it blocks, and why, in Chinese and English; the
services store the findings on the application (`rule_notes`) so the applicant and the bureau see
them, and a blocking finding refuses the step with the same text."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from zhijian.licensing.choices import ApplicationKind, ChangeKind, LicenceStatus
from zhijian.licensing.models import Application, Licence, LicenceStatusChange, OverCapacityListing, RuleSet


@dataclass(frozen=True)
class Finding:
    code: str
    blocking: bool
    zh: str
    en: str
    basis: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _renewal_deadline(licence: Licence, months: int) -> dt.date:
    from zhijian.licensing.selectors import renewal_opens_on

    return renewal_opens_on(licence, months)


def evaluate(app: Application, rules: RuleSet, on: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    kind = app.kind
    # Item 12: no licence work for enterprises on the over-capacity non-compliance list, for the
    # products of that industry (the catalogue marks steel and cement; "other" covers every product).
    if rules.refuse_over_capacity and kind in (ApplicationKind.NEW, ApplicationKind.RENEWAL, ApplicationKind.CHANGE):
        from zhijian.licensing.selectors import catalogue_entry

        entry_now = catalogue_entry(app.category, on)
        industry = entry_now.over_capacity_industry if entry_now else ""
        listing = next((entry for entry in OverCapacityListing.objects.filter(enterprise_id=app.enterprise_id)
                        if entry.active_on(on) and (entry.industry == "other" or entry.industry == industry)), None)
        if listing is not None:
            findings.append(Finding(
                "over_capacity", True,
                f"该企业列入{listing.get_industry_display()}行业产能严重过剩违规企业名单（{listing.listed_on:%Y-%m-%d}，"
                f"{listing.basis}），不予受理生产许可申请",
                f"the enterprise is on the over-capacity non-compliance list ({listing.industry}) since "
                f"{listing.listed_on:%Y-%m-%d}: licence applications are not accepted",
                "2016年产品质量监督工作要点第12项"))
    # 条例 Art. 55: no new application for the same product within N years of a revocation.
    if kind == ApplicationKind.NEW and rules.revocation_bar_years:
        since = _years_before(on, rules.revocation_bar_years)
        code = app.category.code
        revoked = (LicenceStatusChange.objects.filter(
            licence__holder_id=app.enterprise_id, new_status=LicenceStatus.REVOKED, changed_on__gt=since)
            .select_related("licence__category").order_by("-changed_on"))
        hit = next((c for c in revoked if code == c.licence.category.code
                    or code.startswith(c.licence.category.code + ".")
                    or c.licence.category.code.startswith(code + ".")), None)
        if hit is not None:
            until = hit.changed_on.replace(year=hit.changed_on.year + rules.revocation_bar_years)
            findings.append(Finding(
                "revocation_bar", True,
                f"许可证 {hit.licence.number} 于 {hit.changed_on:%Y-%m-%d} 被吊销，{rules.revocation_bar_years}年内"
                f"（{until:%Y-%m-%d} 前）不得再次申请该产品的生产许可证",
                f"licence {hit.licence.number} was revoked on {hit.changed_on:%Y-%m-%d}: no new application for "
                f"this product before {until:%Y-%m-%d}",
                "工业产品生产许可证管理条例第55条"))
    # Item 13: restructuring, merging or upgrading enterprises go first.
    if rules.priority_restructuring and app.restructuring:
        findings.append(Finding(
            "priority", False, "企业兼并重组、改造升级，列入优先办理队列",
            "restructuring, merging or upgrading enterprise: placed in the priority queue",
            "2016年产品质量监督工作要点第13项"))
    # Item 13: no relocation and no new licence -> no on-site verification.
    if (rules.exempt_onsite_no_relocation and app.restructuring and not app.relocating
            and kind in (ApplicationKind.CHANGE, ApplicationKind.RENEWAL)):
        findings.append(Finding(
            "onsite_exempt", False, "兼并重组不涉及迁址、不新发证，免于实地核查",
            "restructuring without relocation and without a new licence: exempt from on-site verification",
            "2016年产品质量监督工作要点第13项"))
    # 条例 Art. 25 and item 13: renewal on time, or late but tolerated for restructuring.
    if kind == ApplicationKind.RENEWAL and app.licence_id:
        licence = app.licence
        deadline = _renewal_deadline(licence, rules.renewal_window_months)
        if on > deadline:
            grace_end = deadline + dt.timedelta(days=rules.restructuring_late_renewal_days)
            if app.restructuring and rules.restructuring_late_renewal_days and on <= grace_end:
                findings.append(Finding(
                    "late_renewal_tolerated", False,
                    f"延续申请晚于 {deadline:%Y-%m-%d}（有效期届满前{rules.renewal_window_months}个月），"
                    f"因企业兼并重组，在宽限期（{grace_end:%Y-%m-%d} 前）内视为按期申请",
                    f"renewal filed after {deadline:%Y-%m-%d}, but the enterprise is restructuring: treated as on time "
                    f"until {grace_end:%Y-%m-%d}",
                    "2016年产品质量监督工作要点第13项；条例第25条"))
            elif on > licence.valid_until or licence.effective_status(on) != LicenceStatus.VALID:
                findings.append(Finding(
                    "renewal_too_late", True,
                    f"许可证已于 {licence.valid_until:%Y-%m-%d} 届满或已失效，不能延续，请重新申请发证",
                    f"the licence expired on {licence.valid_until:%Y-%m-%d} or is no longer valid: apply for a new licence",
                    "工业产品生产许可证管理条例第25条"))
            else:
                findings.append(Finding(
                    "renewal_late", False,
                    f"延续申请应在 {deadline:%Y-%m-%d}（有效期届满前{rules.renewal_window_months}个月）前提出，本次逾期提出",
                    f"a renewal is due by {deadline:%Y-%m-%d} ({rules.renewal_window_months} months before expiry); "
                    f"this one is late",
                    "工业产品生产许可证管理条例第25条"))
    if kind == ApplicationKind.CHANGE and app.change_kind == ChangeKind.PRODUCTION and app.relocating:
        findings.append(Finding(
            "relocation_verification", False, "涉及迁址或新增生产地址，须实地核查",
            "relocation or a new production address: on-site verification required",
            "条例第26条；实施办法第29条"))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]
