"""Writes of the draws app: commit a pool, execute with a public value, cancel. Each atomic,
checked against the caller's role and jurisdiction, and audited; an execution sends
`events.draw_executed` inside the transaction so that spot checks and licensing act on it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhijian.audit.services import audited_save, log_event
from zhijian.core.models import Region
from zhijian.draws import lottery
from zhijian.draws.choices import PUBLIC_LABEL_KINDS, DrawKind, DrawStatus
from zhijian.draws.events import draw_executed
from zhijian.draws.models import Draw
from zhijian.draws.permissions import require_manage


def _region(region: Region | str) -> Region:
    if isinstance(region, Region):
        return region
    found = Region.objects.filter(code=str(region).strip()).first()
    if found is None:
        raise ValidationError({"region": f"行政区划代码 {region} 不存在 / unknown region code"})
    return found


def normalise_witnesses(witnesses: Iterable[str] | str | None) -> list[str]:
    """A list or a text separated by commas, 、 or new lines; order kept, duplicates dropped."""
    if witnesses is None:
        return []
    items = re.split(r"[,，、;；\n]+", witnesses) if isinstance(witnesses, str) else list(witnesses)
    return list(dict.fromkeys(str(w).strip() for w in items if str(w).strip()))


def _trimmed(row: Mapping[str, Any] | lottery.PoolRow) -> lottery.PoolRow:
    """Ids and strata without surrounding spaces, as the published P.csv is read back."""
    if not isinstance(row, lottery.PoolRow):
        weight = row.get("weight")
        row = lottery.PoolRow(id=str(row["id"]).strip(), stratum=str(row.get("stratum") or "").strip(),
                              weight=1 if weight in (None, "") else weight, label=str(row.get("label") or ""))
    elif row.id != row.id.strip() or row.stratum != row.stratum.strip():
        row = lottery.PoolRow(row.id.strip(), row.stratum.strip(), row.weight, row.label)
    return row


def _person(user: Any) -> str:
    if user is None:
        return "系统 / system"
    return (user.get_full_name() or user.username) if hasattr(user, "get_full_name") else str(user)


@transaction.atomic
def draw_commit(*, acting_user: Any, kind: str, title: str, rows: Sequence[Mapping[str, Any] | lottery.PoolRow],
                params: Mapping[str, Any], region: Region | str, organisation: Any = None,
                subject_type: str = "", subject_id: int | None = None, beacon_plan: str = "") -> Draw:
    """Freeze the pool and parameters and publish their commitment (before any public value exists).

    rows: {id, label, stratum, weight} (or PoolRow); params: {"n", "stratified", "weighted"} or
    {"quotas": {stratum: n}, "weighted"}. Refuses an empty pool, duplicate ids, weights <= 0 and
    quotas above a stratum's size, naming the row or stratum."""
    region_obj = _region(region)
    require_manage(acting_user, region_obj.code)
    if kind not in DrawKind.values:
        raise ValidationError({"kind": f"未知的抽取类型 {kind} / unknown draw kind"})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写抽取事项 / the title is required"})
    try:
        pool = lottery.Pool.from_rows(_trimmed(r) for r in rows)
    except (lottery.DrawError, KeyError, TypeError) as exc:
        message = str(exc) if isinstance(exc, lottery.DrawError) else "每行须有编号 id / every row needs an id"
        raise ValidationError({"rows": message}) from exc
    try:
        committed = lottery.commit(pool, params)
    except lottery.DrawError as exc:
        raise ValidationError({"params": str(exc)}) from exc
    if organisation is None and acting_user is not None:
        org = getattr(acting_user, "organisation", None)
        organisation = org if getattr(org, "kind", "") == "bureau" else None
    labels = pool.labels or [""] * len(pool)
    draw = Draw(
        kind=kind, title=title[:200], region=region_obj, organisation=organisation,
        subject_type=subject_type or "", subject_id=subject_id,
        rows=[{"id": i, "label": lab, "stratum": s, "weight": w}
              for i, s, w, lab in zip(pool.ids, pool.strata, pool.weights, labels, strict=True)],
        params=committed["params"], allocation=committed["allocation"], pool_size=len(pool),
        pool_sha256=committed["pool_sha256"], algorithm=lottery.ALGORITHM, algorithm_version=lottery.VERSION,
        commitment=committed["commitment"], beacon_plan=(beacon_plan or "").strip()[:200],
        committed_by=acting_user, committed_at=timezone.now(),
    )
    audited_save(draw, acting_user=acting_user, action="commit")
    log_event(acting_user=acting_user, event="draws.draw.commit", instance=draw,
              new={"kind": kind, "pool_size": len(pool), "pool_sha256": draw.pool_sha256, "params": draw.params,
                   "commitment": draw.commitment, "beacon_plan": draw.beacon_plan})
    return draw


def _committed_part(draw: Draw) -> dict[str, Any]:
    return {"format": lottery.RECORD_FORMAT, "algorithm": draw.algorithm, "version": draw.algorithm_version,
            "pool_sha256": draw.pool_sha256, "pool_size": draw.pool_size, "params": draw.params,
            "allocation": draw.allocation, "commitment": draw.commitment}


def _lock(draw: Draw) -> Draw:
    return Draw.objects.select_for_update().select_related("region").get(pk=draw.pk)


@transaction.atomic
def draw_execute(*, acting_user: Any, draw: Draw, beacon: str, beacon_source: str = "",
                 witnesses: Iterable[str] | str | None = None) -> Draw:
    """Draw with the public value typed by the witnessing officer. Refuses an empty value, a draw
    already made or cancelled, and a stored pool or parameters that no longer match the commitment."""
    draw = _lock(draw)
    require_manage(acting_user, draw.region_id)
    if draw.status == DrawStatus.DRAWN:
        raise ValidationError({"status": "该抽取已完成，不能重复抽取 / the draw was already made"})
    if draw.status == DrawStatus.CANCELLED:
        raise ValidationError({"status": "该抽取已取消 / the draw was cancelled"})
    try:
        text = lottery.normalise_beacon(beacon or "")
    except lottery.DrawError as exc:
        raise ValidationError({"beacon": str(exc)}) from exc
    if draw.algorithm != lottery.ALGORITHM or draw.algorithm_version != lottery.VERSION:
        raise ValidationError({"commitment": f"承诺所用算法 {draw.algorithm} {draw.algorithm_version} 与本系统不同 / "
                                             "the committed algorithm is not this one"})
    try:
        pool = lottery.Pool.from_rows(draw.rows)
        record = lottery.execute(_committed_part(draw), pool, text)
    except lottery.DrawError as exc:
        raise ValidationError({"commitment": "抽取池或参数与公布的承诺值不符，不能抽取 / the stored pool or "
                                             f"parameters no longer match the published commitment: {exc}"}) from exc
    draw.beacon = str(beacon).strip()[:500]
    draw.beacon_source = (beacon_source or draw.beacon_plan or "").strip()[:200]
    draw.witnesses = normalise_witnesses(witnesses)
    draw.seed = record["seed"]
    draw.result = record["result"]
    draw.selected = record["selected"]
    draw.drawn_by = acting_user
    draw.drawn_at = timezone.now()
    draw.status = DrawStatus.DRAWN
    audited_save(draw, acting_user=acting_user, action="execute")
    log_event(acting_user=acting_user, event="draws.draw.execute", instance=draw,
              old={"status": DrawStatus.COMMITTED},
              new={"status": DrawStatus.DRAWN, "beacon": draw.beacon, "beacon_source": draw.beacon_source,
                   "witnesses": draw.witnesses, "seed": draw.seed, "selected": draw.selected})
    draw_executed.send(sender=Draw, draw=draw)
    return draw


@transaction.atomic
def draw_cancel(*, acting_user: Any, draw: Draw, reason: str) -> Draw:
    """Withdraw a committed draw before it is made (the commitment stays published, with the reason)."""
    draw = _lock(draw)
    require_manage(acting_user, draw.region_id)
    if draw.status != DrawStatus.COMMITTED:
        raise ValidationError({"status": "只有尚未抽取的承诺可以取消 / only a draw not yet made can be cancelled"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消原因 / a reason is required"})
    draw.status = DrawStatus.CANCELLED
    draw.cancel_reason = reason[:300]
    draw.cancelled_at = timezone.now()
    audited_save(draw, acting_user=acting_user, action="cancel", reason=reason)
    log_event(acting_user=acting_user, event="draws.draw.cancel", instance=draw,
              old={"status": DrawStatus.COMMITTED}, new={"status": DrawStatus.CANCELLED}, reason=reason)
    return draw


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def draw_public_record(draw: Draw) -> dict[str, Any]:
    """The published record: exactly what `zhijian draw verify` accepts, plus who, when and what for.
    Pools of people (inspectors, verifiers) are published by id only, without names."""
    rows = draw.rows or []
    pool: dict[str, list[str]] = {"id": [r["id"] for r in rows], "stratum": [r.get("stratum", "") for r in rows],
                                  "weight": [r.get("weight", "1") for r in rows]}
    if draw.kind in PUBLIC_LABEL_KINDS:
        pool["label"] = [r.get("label", "") for r in rows]
    record: dict[str, Any] = _committed_part(draw)
    record.update({
        "title": draw.title, "kind": draw.kind, "kind_display": str(draw.get_kind_display()),
        "status": draw.status, "region": draw.region_id, "region_name": draw.region.full_name,
        "organisation": draw.organisation.name if draw.organisation_id else "",
        "committed_by": _person(draw.committed_by), "committed_at": _iso(draw.committed_at),
        "beacon_plan": draw.beacon_plan,
    })
    if draw.status == DrawStatus.DRAWN:
        record.update({
            "beacon": draw.beacon, "beacon_normalised": lottery.normalise_beacon(draw.beacon),
            "beacon_source": draw.beacon_source, "witnesses": list(draw.witnesses or []),
            "drawn_by": _person(draw.drawn_by), "drawn_at": _iso(draw.drawn_at),
            "seed": draw.seed, "result": draw.result, "selected": draw.selected,
        })
    elif draw.status == DrawStatus.CANCELLED:
        record.update({"cancel_reason": draw.cancel_reason, "cancelled_at": _iso(draw.cancelled_at)})
    record["pool"] = pool
    return record


def pool_csv(draw: Draw) -> str:
    """The pool as the P.csv `zhijian draw verify --pool` reads: id, stratum, weight (and label when public)."""
    import csv
    import io

    with_label = draw.kind in PUBLIC_LABEL_KINDS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "stratum", "weight", *(["label"] if with_label else [])])
    for row in draw.rows or []:
        writer.writerow([row["id"], row.get("stratum", ""), row.get("weight", "1"),
                         *([row.get("label", "")] if with_label else [])])
    return buffer.getvalue()


def parse_quotas(text: str | Mapping[str, Any] | None) -> dict[str, int] | None:
    """Quotas as {stratum: n} from a mapping or lines such as "610100=3" / "610300：2"."""
    if text is None or text == "" or text == {}:
        return None
    if isinstance(text, Mapping):
        items = list(text.items())
    else:
        items = []
        for part in re.split(r"[,，;；\n]+", text):
            if not part.strip():
                continue
            pieces = re.split(r"\s*[=:：]\s*", part.strip(), maxsplit=1)
            if len(pieces) != 2:
                raise ValidationError({"quotas": f"“{part.strip()}”应写成 分层=数量 / write STRATUM=COUNT"})
            items.append((pieces[0], pieces[1]))
    quotas: dict[str, int] = {}
    for stratum, count in items:
        try:
            value = int(str(count).strip())
        except ValueError:
            raise ValidationError({"quotas": f"分层 {stratum} 的数量“{count}”不是整数 / quota is not an integer"}) from None
        if value < 0:
            raise ValidationError({"quotas": f"分层 {stratum} 的数量不能为负 / quota must not be negative"})
        quotas[str(stratum).strip()] = value
    return quotas


@transaction.atomic
def enterprise_draw_commit(*, acting_user: Any, title: str, category_codes: Sequence[str] = (),
                           region_codes: Sequence[str] = (), stage: str = "", licence_status: str = "",
                           weight: str = "equal", strata: str = "city", n: int | None = None,
                           quotas: str | Mapping[str, Any] | None = None, beacon_plan: str = "",
                           region: Region | str | None = None) -> Draw:
    """A stand-alone draw of inspected enterprises from the directory (检查对象名录库) by filters:
    the pool is built in the caller's jurisdiction, stratified by region, weighted when asked."""
    from zhijian.draws import selectors

    if region is None:
        org = getattr(acting_user, "organisation", None)
        region = getattr(org, "region", None) or "610000"
    quota_map = parse_quotas(quotas)
    if quota_map is not None and strata == "none":
        raise ValidationError({"strata": "按各层数量抽取时须选择分层方式 / quotas need strata (city or county)"})
    if quota_map is None and not n:
        raise ValidationError({"n": "请填写抽取数量或各层数量 / give n or per-stratum quotas"})
    rows = selectors.enterprise_pool_rows(user=acting_user, category_codes=category_codes, region_codes=region_codes,
                                          stage=stage or None, licence_status=licence_status or None,
                                          weight=weight, strata=strata)
    if not rows:
        raise ValidationError({"category_codes": "按所选条件没有可抽取的企业 / no enterprise matches these filters"})
    weighted = weight != "equal"
    params: dict[str, Any] = ({"quotas": quota_map, "weighted": weighted} if quota_map is not None
                              else {"n": n, "stratified": strata != "none", "weighted": weighted})
    return draw_commit(acting_user=acting_user, kind=DrawKind.ENTERPRISE, title=title, rows=rows, params=params,
                       region=region, beacon_plan=beacon_plan, subject_type="draws.enterprise_filter")
