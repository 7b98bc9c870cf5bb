"""Draw services: commit, execute, cancel, with audit entries, the executed signal, refusals, the
jurisdiction rules, and the pool builders over the registry and the inspector pool."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhijian.audit.models import AuditEntry
from zhijian.draws import lottery, selectors, services
from zhijian.draws.events import draw_executed
from zhijian.draws.models import Draw

pytestmark = pytest.mark.django_db
BEACON = "中国福利彩票3D 第2026320期 3 5 7"


def commit(user, rows, params=None, region="610100", **kw):
    return services.draw_commit(acting_user=user, kind=kw.pop("kind", "enterprise"), title=kw.pop("title", "测试抽取"),
                                rows=rows, params=params or {"n": 4, "stratified": True, "weighted": True},
                                region=region, **kw)


def test_commit_freezes_pool_and_publishes_commitment(people, simple_rows):
    draw = commit(people["xian"], list(reversed(simple_rows)), subject_type="spotchecks.plan", subject_id=7,
                  beacon_plan="福彩3D 第2026320期")
    assert draw.status == "committed" and draw.pool_size == 20
    assert [r["id"] for r in draw.rows] == sorted(r["id"] for r in simple_rows)
    assert draw.pool_sha256 == lottery.pool_digest([lottery.PoolRow(r["id"], r["stratum"], r["weight"]) for r in simple_rows])
    assert draw.commitment == lottery.commitment(draw.pool_sha256, draw.params)
    assert draw.allocation == {"610100": 2, "610300": 2}
    assert draw.organisation.name == "西安市市场监督管理局"
    assert (draw.subject_type, draw.subject_id) == ("spotchecks.plan", 7)
    actions = list(AuditEntry.objects.filter(object_id=str(draw.pk)).values_list("action", flat=True))
    assert "draws.draw.commit" in actions and len(actions) == 2


def test_execute_draws_signals_and_audits(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    seen = []

    def receiver(sender, draw, **kwargs):
        seen.append((sender, draw.status, list(draw.selected)))

    draw_executed.connect(receiver)
    try:
        done = services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON,
                                     beacon_source="福彩3D 第2026320期", witnesses="张三、李四, 王五")
    finally:
        draw_executed.disconnect(receiver)
    assert done.status == "drawn" and done.witnesses == ["张三", "李四", "王五"]
    expected = lottery.run(simple_rows, done.params, BEACON)
    assert done.result == expected["result"] and done.selected == expected["selected"] and done.seed == expected["seed"]
    assert seen == [(Draw, "drawn", expected["selected"])]
    assert AuditEntry.objects.filter(action="draws.draw.execute", object_id=str(draw.pk)).exists()
    assert done.selected_ids == expected["selected"]


def test_receiver_failure_rolls_the_draw_back(people, simple_rows):
    draw = commit(people["xian"], simple_rows)

    def broken(sender, draw, **kwargs):
        raise ValidationError({"tasks": "下游失败 / downstream failed"})

    draw_executed.connect(broken)
    try:
        with pytest.raises(ValidationError):
            services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON)
    finally:
        draw_executed.disconnect(broken)
    draw.refresh_from_db()
    assert draw.status == "committed" and draw.seed == ""


def test_execute_refusals(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    with pytest.raises(ValidationError) as err:
        services.draw_execute(acting_user=people["xian"], draw=draw, beacon=" \u3000 ")
    assert "beacon" in err.value.message_dict
    services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON)
    with pytest.raises(ValidationError) as err:
        services.draw_execute(acting_user=people["xian"], draw=draw, beacon="another")
    assert "不能重复抽取" in str(err.value)


def test_execute_refuses_a_pool_changed_after_the_commitment(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    rows = draw.rows
    rows[0]["weight"] = "50"  # someone edits the stored snapshot behind the services' back
    Draw.objects.filter(pk=draw.pk).update(rows=rows)
    with pytest.raises(ValidationError) as err:
        services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON)
    assert "commitment" in err.value.message_dict and "承诺值不符" in str(err.value)
    Draw.objects.filter(pk=draw.pk).update(rows=simple_rows, params={"n": 5, "quotas": None, "stratified": True,
                                                                      "weighted": True})
    with pytest.raises(ValidationError, match="承诺值不符"):
        services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON)


def test_cancel_before_drawing_only_with_reason(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    with pytest.raises(ValidationError, match="取消原因"):
        services.draw_cancel(acting_user=people["xian"], draw=draw, reason=" ")
    services.draw_cancel(acting_user=people["xian"], draw=draw, reason="抽取池有误，重新承诺")
    draw.refresh_from_db()
    assert draw.status == "cancelled"
    assert AuditEntry.objects.filter(action="draws.draw.cancel", object_id=str(draw.pk)).exists()
    with pytest.raises(ValidationError, match="已取消"):
        services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON)
    drawn = commit(people["xian"], simple_rows)
    services.draw_execute(acting_user=people["xian"], draw=drawn, beacon=BEACON)
    with pytest.raises(ValidationError, match="尚未抽取"):
        services.draw_cancel(acting_user=people["xian"], draw=drawn, reason="不想要这个结果")


@pytest.mark.parametrize("params, field, text", [
    ({"quotas": {"610100": 11}}, "params", "610100"),
    ({"n": 0}, "params", "至少为 1"),
    ({"n": 2, "bogus": 1}, "params", "未知参数"),
])
def test_commit_refuses_bad_params(people, simple_rows, params, field, text):
    with pytest.raises(ValidationError) as err:
        commit(people["sheng"], simple_rows, params)
    assert field in err.value.message_dict and text in str(err.value)


def test_commit_refuses_bad_rows(people, simple_rows):
    with pytest.raises(ValidationError, match="E001") as err:
        commit(people["sheng"], [*simple_rows, {"id": "E001"}])
    assert "rows" in err.value.message_dict
    with pytest.raises(ValidationError, match="E900"):
        commit(people["sheng"], [*simple_rows, {"id": "E900", "weight": "-2"}])
    with pytest.raises(ValidationError, match="抽取池为空"):
        commit(people["sheng"], [])
    with pytest.raises(ValidationError, match="region"):
        commit(people["sheng"], simple_rows, region="999999")


@pytest.mark.parametrize("user, region, allowed", [
    ("sheng", "610300", True), ("admin", "610100", True), ("xian", "610100", True), ("xian", "610113", True),
    ("xian", "610300", False), ("baoji", "610100", False), ("yanta", "610113", True), ("yanta", "610100", False),
    ("shenji", "610100", False), ("jianyan", "610100", False), ("qiye", "610113", False), ("pingtai", "610100", False),
])
def test_only_bureau_staff_commit_within_their_region(people, simple_rows, user, region, allowed):
    if allowed:
        assert commit(people[user], simple_rows, region=region).pk
    else:
        with pytest.raises(PermissionDenied):
            commit(people[user], simple_rows, region=region)


def test_execute_and_cancel_only_within_jurisdiction(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    for outsider in ("baoji", "yanta", "qiye", "shenji", "jianyan"):
        with pytest.raises(PermissionDenied):
            services.draw_execute(acting_user=people[outsider], draw=draw, beacon=BEACON)
        with pytest.raises(PermissionDenied):
            services.draw_cancel(acting_user=people[outsider], draw=draw, reason="x")
    assert services.draw_execute(acting_user=people["sheng"], draw=draw, beacon=BEACON).status == "drawn"


def test_visibility(people, simple_rows):
    xian_draw = commit(people["xian"], simple_rows)
    baoji_draw = commit(people["baoji"], simple_rows, region="610300")
    seen = {u: set(selectors.draw_list(people[u]).values_list("pk", flat=True)) for u in people}
    assert seen["sheng"] == seen["shenji"] == seen["admin"] == {xian_draw.pk, baoji_draw.pk}
    assert seen["xian"] == {xian_draw.pk} and seen["baoji"] == {baoji_draw.pk}
    assert seen["yanta"] == set() and seen["qiye"] == seen["jianyan"] == seen["pingtai"] == set()


def test_public_record_is_what_verify_accepts(people, simple_rows):
    draw = commit(people["xian"], simple_rows)
    pending = services.draw_public_record(draw)
    assert "seed" not in pending and pending["commitment"] == draw.commitment
    draw = services.draw_execute(acting_user=people["xian"], draw=draw, beacon=BEACON, witnesses=["张三"])
    record = services.draw_public_record(draw)
    assert lottery.verify(record) == []
    assert record["witnesses"] == ["张三"] and record["drawn_by"] and record["committed_at"].endswith("+08:00")
    assert record["pool"]["label"][0] == "企业0"
    record["result"][next(iter(record["result"]))][0] = "E999"
    assert lottery.verify(record)


def test_people_pools_are_published_without_names(people):
    rows = [{"id": f"XA{i:04d}", "label": f"王{i}（XA{i:04d}）"} for i in range(5)]
    draw = commit(people["xian"], rows, {"n": 2}, kind="inspector")
    assert "label" not in services.draw_public_record(draw)["pool"]
    assert "王" not in services.pool_csv(draw)


# --- pool builders -------------------------------------------------------------------------------

def test_enterprise_pool_rows_filters(people, directory):
    e = directory["enterprises"]
    rows = selectors.enterprise_pool_rows(user=people["sheng"], category_codes=["401"])
    assert {r["id"] for r in rows} == {e[k].uscc for k in ("xa1", "xa2", "yt1", "yt2", "bj1", "bj2")}
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert {r["stratum"] for r in rows} == {"610100", "610300"} and {r["weight"] for r in rows} == {"1"}
    weighted = {r["id"]: r["weight"] for r in selectors.enterprise_pool_rows(
        user=people["sheng"], category_codes=["401.6"], weight="supervision_weight", strata="county")}
    assert weighted[e["yt2"].uscc] == "3.00" and weighted[e["bj2"].uscc] == "1.50"
    xian = selectors.enterprise_pool_rows(user=people["xian"], category_codes=["401"])
    assert {r["id"] for r in xian} == {e[k].uscc for k in ("xa1", "xa2", "yt1", "yt2")}
    yanta_only = selectors.enterprise_pool_rows(user=people["sheng"], category_codes=["401"], region_codes=["610113"],
                                                strata="county")
    assert {r["stratum"] for r in yanta_only} == {"610113"} and len(yanta_only) == 2
    licensed = selectors.enterprise_pool_rows(user=people["sheng"], category_codes=["401"], licence_status="licensed")
    assert [r["id"] for r in licensed] == [e["bj1"].uscc]
    unlicensed = selectors.enterprise_pool_rows(user=people["sheng"], category_codes=["401"], licence_status="unlicensed")
    assert e["bj1"].uscc not in {r["id"] for r in unlicensed} and len(unlicensed) == 5
    assert selectors.enterprise_pool_rows(user=people["qiye"], category_codes=["401"]) == []


def test_inspector_pool_rows_exclusions(people, directory):
    e, i = directory["enterprises"], directory["inspectors"]
    today = dt.date(2026, 11, 25)
    ids = lambda **kw: [r["id"] for r in selectors.inspector_pool_rows(**{"on_date": today, **kw})]  # noqa: E731
    assert ids(organisation_region="610100") == ["XA0001", "XA0002", "XA0003", "YT0001"]
    assert ids(organisation_region="610000") == ["BJ0001", "XA0001", "XA0002", "XA0003", "YT0001"]
    assert "XA0002" not in ids(organisation_region="610100", conflicts_with_enterprise=e["yt1"].uscc)
    assert ids(organisation_region="610100", exclude_county="610113") == ["XA0001", "XA0002", "XA0003"]
    assert ids(organisation_region="610100", exclude_ids=[i["xa1"].pk, i["xa3"].pk]) == ["XA0002", "YT0001"]
    assert ids(organisation_region="610100", on_date=dt.date(2019, 6, 1)) == ["XA0001", "XA0002", "XA0003", "XA0009", "YT0001"]
    row = selectors.inspector_pool_rows(organisation_region="610113", on_date=today)[0]
    assert row == {"id": "YT0001", "label": "李一（YT0001）", "stratum": "", "weight": "1"}


def test_agency_pool_rows_only_qualified_and_valid(people, directory):
    rows = selectors.agency_pool_rows(category="401.6", on_date=dt.date(2026, 11, 25))
    assert sorted(r["label"] for r in rows) == ["宝鸡电器检测中心", "西安电器检测中心"]
    assert {a.name for a in selectors.qualified_agencies(category="电热毯", on_date=dt.date(2020, 6, 1))} == {"过期检测中心"}


def test_enterprise_draw_commit_from_filters(people, directory):
    draw = services.enterprise_draw_commit(acting_user=people["sheng"], title="2026年电热毯生产企业双随机检查",
                                           category_codes=["401"], strata="city", weight="supervision_weight",
                                           quotas="610100=2\n610300：1", beacon_plan="福彩3D")
    assert draw.params == {"n": 3, "quotas": {"610100": 2, "610300": 1}, "stratified": True, "weighted": True}
    assert draw.pool_size == 6 and draw.region_id == "610000"
    with pytest.raises(ValidationError, match="610300"):
        services.enterprise_draw_commit(acting_user=people["sheng"], title="x", category_codes=["401"], quotas="610300=5")
    with pytest.raises(ValidationError, match="没有可抽取的企业"):
        services.enterprise_draw_commit(acting_user=people["sheng"], title="x", category_codes=["402"], n=1,
                                        licence_status="licensed")
    with pytest.raises(ValidationError, match="分层"):
        services.enterprise_draw_commit(acting_user=people["sheng"], title="x", quotas="610100=1", strata="none")
