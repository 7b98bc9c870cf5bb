"""The draw engine: determinism, order independence, input errors naming the row, the allocation
rule, agreement with the plain-Python reference (the executable specification), and every kind
of tampering rejected by verify."""

from __future__ import annotations

import copy
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhijian.draws import lottery as L
from zhijian.draws import reference as R

BEACON = "中国福利彩票3D 第2026320期 3 5 7"


def make_rows(n: int = 60, seed: int = 1, strata=("610100", "610300", "610400"), weights=("1", "2", "0.5", "3")):
    rnd = random.Random(seed)
    return [L.PoolRow(f"E{i:04d}", rnd.choice(strata), rnd.choice(weights), f"企业{i}") for i in range(n)]


def test_same_inputs_same_record_and_order_does_not_matter():
    rows = make_rows()
    params = {"n": 9, "stratified": True, "weighted": True}
    first = L.run(rows, params, BEACON)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    second = L.run(shuffled, params, BEACON)
    assert first == {**second, "pool": second["pool"]}
    assert first["pool_sha256"] == L.pool_digest(shuffled)
    assert sum(len(v) for v in first["result"].values()) == 9
    assert L.verify(first) == []


def test_a_different_beacon_gives_a_different_seed_and_usually_result():
    rows = make_rows(200)
    params = {"n": 10}
    results = {tuple(L.run(rows, params, f"第{k}期")["selected"]) for k in range(20)}
    assert len(results) == 20


def test_beacon_normalisation_nfc_spaces_and_trim():
    composed, decomposed = "第2026320期 é", "第2026320期 e\u0301"
    assert L.normalise_beacon(decomposed) == composed
    assert L.normalise_beacon("  3\u3000 5\t\n7  ") == "3 5 7"
    c = "a" * 64
    assert L.seed_of(c, " 3  5 7 ") == L.seed_of(c, "3 5 7")
    with pytest.raises(L.DrawError, match="不能为空"):
        L.normalise_beacon(" \u3000 ")


def test_weights_canonical_and_refused_with_row_named():
    assert L.canonical_weight("1.50") == "1.5"
    assert L.canonical_weight(Decimal("100")) == "100"
    assert L.canonical_weight(0.1) == "0.1"
    assert L.canonical_weight(2) == "2"
    with pytest.raises(L.DrawError, match="E7"):
        L.PoolRow("E7", weight=0)
    with pytest.raises(L.DrawError, match="E8"):
        L.PoolRow("E8", weight="-1")
    with pytest.raises(L.DrawError, match="E9"):
        L.Pool.from_columns(["E1", "E9"], None, ["1", "abc"])
    # equal weights in different spellings give one digest
    assert L.pool_digest([L.PoolRow("A", weight="1.0")]) == L.pool_digest([L.PoolRow("A", weight=1)])


def test_duplicate_empty_and_malformed_ids_refused():
    with pytest.raises(L.DrawError, match=r"A1.*重复|duplicate id .A1."):
        L.Pool.from_rows([L.PoolRow("A1"), L.PoolRow("B"), L.PoolRow("A1")])
    with pytest.raises(L.DrawError, match="编号为空"):
        L.Pool.from_rows([{"id": ""}])
    with pytest.raises(L.DrawError, match="制表符"):
        L.Pool.from_columns(["A\tB", "C"])
    with pytest.raises(L.DrawError, match="为空"):
        L.Pool.from_columns([])


def test_digest_format_is_the_documented_text():
    import hashlib

    pool = L.Pool.from_rows([L.PoolRow("B", "s2", "2"), L.PoolRow("A", "s1", "0.50")])
    text = "zhijian-pool/1\n2\nA\nB\ns1\ns2\n0.5\n2\n"
    assert pool.digest == hashlib.sha256(text.encode()).hexdigest()


def test_params_canonical_and_errors():
    assert L.normalise_params({"n": 5}) == {"n": 5, "quotas": None, "stratified": False, "weighted": False}
    assert L.normalise_params({"quotas": {"b": 2, "a": 1}, "weighted": True}) == {
        "n": 3, "quotas": {"a": 1, "b": 2}, "stratified": True, "weighted": True}
    for bad, message in [({}, "n"), ({"n": 0}, "至少为 1"), ({"n": 2, "colour": "red"}, "未知参数"),
                         ({"quotas": {"a": 1}, "n": 2}, "不一致"), ({"n": "x"}, "整数"), ({"n": 2, "weighted": "yes"}, "true")]:
        with pytest.raises(L.DrawError, match=message):
            L.normalise_params(bad)


def test_quota_above_stratum_size_names_the_stratum():
    rows = [L.PoolRow(f"R{i}", "610100" if i < 3 else "610300") for i in range(10)]
    with pytest.raises(L.DrawError, match="610100"):
        L.run(rows, {"quotas": {"610100": 4, "610300": 1}}, BEACON)
    with pytest.raises(L.DrawError, match="不足抽取 11"):
        L.run(rows, {"n": 11}, BEACON)
    record = L.run(rows, {"quotas": {"610100": 3, "610300": 0}}, BEACON)
    assert sorted(record["result"]["610100"]) == ["R0", "R1", "R2"] and record["result"]["610300"] == []


def test_proportional_allocation_largest_remainder_with_documented_ties():
    assert L.allocate({"a": 50, "b": 30, "c": 20}, {"n": 10, "stratified": True}) == {"a": 5, "b": 3, "c": 2}
    # 7 * (5, 3, 2) / 10 = 3.5, 2.1, 1.4 -> floors 3, 2, 1, one left: the largest remainder (a)
    assert L.allocate({"a": 5, "b": 3, "c": 2}, {"n": 7, "stratified": True}) == {"a": 4, "b": 2, "c": 1}
    # equal remainders: the larger stratum first, then the name
    assert L.allocate({"a": 3, "b": 7}, {"n": 5, "stratified": True}) == {"a": 1, "b": 4}
    assert L.allocate({"x": 1, "y": 1, "z": 2}, {"n": 2, "stratified": True}) == {"x": 1, "y": 0, "z": 1}
    assert L.allocate({"b": 1, "a": 1}, {"n": 1, "stratified": True}) == {"a": 1, "b": 0}
    assert L.allocate({"a": 5, "b": 3}, {"n": 4}) == {"*": 4}


@pytest.mark.parametrize("params", [
    {"n": 12}, {"n": 12, "weighted": True}, {"n": 12, "stratified": True},
    {"n": 12, "stratified": True, "weighted": True}, {"quotas": {"610100": 2, "610400": 5}, "weighted": True},
    {"n": 60, "stratified": True, "weighted": True},
])
def test_fast_engine_equals_the_reference_specification(params):
    rows = make_rows(60, seed=3)
    p = L.normalise_params(params)
    record = L.run(rows, p, BEACON)
    ref = R.draw([(r.id, r.stratum, str(r.weight)) for r in rows], p, BEACON)
    assert (record["pool_sha256"], record["commitment"], record["seed"]) == (ref["pool_sha256"], ref["commitment"], ref["seed"])
    assert record["result"] == ref["result"]


@settings(max_examples=40, deadline=None)
@given(
    ids=st.lists(st.text(st.characters(blacklist_characters="\t\n\r\x00", blacklist_categories=("Cs",)), min_size=1, max_size=6),
                 min_size=1, max_size=40, unique=True),
    data=st.data(),
)
def test_reference_agreement_on_arbitrary_pools(ids, data):
    strata = data.draw(st.lists(st.sampled_from(["甲", "乙", "", "z"]), min_size=len(ids), max_size=len(ids)))
    weights = data.draw(st.lists(st.sampled_from(["1", "2.5", "0.001", "7"]), min_size=len(ids), max_size=len(ids)))
    n = data.draw(st.integers(1, len(ids)))
    stratified = data.draw(st.booleans())
    weighted = data.draw(st.booleans())
    beacon = data.draw(st.text(min_size=1, max_size=10).filter(lambda s: s.strip()))
    rows = list(zip(ids, strata, weights, strict=True))
    p = L.normalise_params({"n": n, "stratified": stratified, "weighted": weighted})
    record = L.run([L.PoolRow(*r) for r in rows], p, beacon)
    ref = R.draw(rows, p, beacon)
    assert record["result"] == ref["result"]
    assert record["commitment"] == ref["commitment"]
    assert L.verify(record) == []


def test_unweighted_order_is_by_the_uniforms():
    rows = [L.PoolRow(f"R{i:02d}") for i in range(30)]
    record = L.run(rows, {"n": 30}, BEACON)
    u = L.uniforms(record["seed"], 30)
    expected = [f"R{i:02d}" for i in sorted(range(30), key=lambda i: -u[i])]
    assert record["selected"] == expected


# --- tampering ----------------------------------------------------------------------------------

@pytest.fixture
def record():
    return L.run(make_rows(80, seed=11), {"n": 8, "stratified": True, "weighted": True}, BEACON)


def _tampered(record, change):
    bad = copy.deepcopy(record)
    change(bad)
    return L.verify(bad)


def test_untouched_record_verifies(record):
    assert L.verify(record) == []


def test_changed_pool_row_rejected(record):
    def change(r):
        r["pool"]["weight"][5] = "9"
    problems = _tampered(record, change)
    assert any("抽取池摘要不符" in p for p in problems)


def test_added_pool_row_rejected(record):
    def change(r):
        for column, value in (("id", "E9999"), ("stratum", "610100"), ("weight", "1")):
            r["pool"][column].append(value)
    problems = _tampered(record, change)
    assert any("行数不符" in p for p in problems) and any("摘要不符" in p for p in problems)


def test_removed_pool_row_rejected(record):
    def change(r):
        victim = next(i for i, row_id in enumerate(r["pool"]["id"]) if row_id not in r["selected"])
        for column in ("id", "stratum", "weight"):
            del r["pool"][column][victim]
    assert any("摘要不符" in p for p in _tampered(record, change))


def test_changed_beacon_rejected(record):
    problems = _tampered(record, lambda r: r.update(beacon="中国福利彩票3D 第2026320期 3 5 8"))
    assert any("随机种子不符" in p for p in problems)


def test_changed_param_rejected(record):
    problems = _tampered(record, lambda r: r["params"].update(weighted=False))
    assert any("承诺值不符" in p for p in problems)


def test_changed_result_rejected(record):
    def change(r):
        group = next(iter(r["result"]))
        outsider = next(i for i, s in zip(r["pool"]["id"], r["pool"]["stratum"], strict=True)
                        if s == group and i not in r["result"][group])
        r["result"][group][0] = outsider
    problems = _tampered(record, change)
    assert any("抽取结果不符" in p for p in problems)


def test_reordered_result_rejected(record):
    def change(r):
        group = max(r["result"], key=lambda g: len(r["result"][g]))
        r["result"][group].reverse()
    assert any("顺序不符" in p for p in _tampered(record, change))


def test_changed_commitment_rejected(record):
    problems = _tampered(record, lambda r: r.update(commitment="0" * 64))
    assert any("承诺值不符" in p for p in problems)


def test_consistent_forgery_caught_by_the_published_commitment(record):
    """Someone redraws with another pool and rewrites every hash: the record is self-consistent,
    but not the one whose commitment was published before the draw."""
    forged = L.run(make_rows(80, seed=12), {"n": 8, "stratified": True, "weighted": True}, BEACON)
    assert L.verify(forged) == []
    problems = L.verify(forged, expected_commitment=record["commitment"])
    assert any("事先公布" in p for p in problems)


def test_separate_pool_checked_against_record(record):
    rows = L.pool_from_record(record).rows()
    assert L.verify(record, rows) == []
    changed = [*rows[:-1], L.PoolRow(rows[-1].id, rows[-1].stratum, "42")]
    problems = L.verify(record, changed)
    assert any("所给抽取池与记录中的抽取池不同" in p for p in problems)
    assert any(rows[-1].id in p and "改动" in p for p in problems)


def test_unknown_algorithm_is_reported(record):
    assert "不支持的算法" in _tampered(record, lambda r: r.update(version=99))[0]


def test_execute_refuses_a_pool_that_differs_from_the_commitment():
    rows = make_rows(20)
    committed = L.commit(rows, {"n": 3})
    with pytest.raises(L.DrawError, match="承诺时不一致"):
        L.execute(committed, rows[:-1], BEACON)


def test_large_pool_from_columns_unsorted_equals_sorted():
    rnd = random.Random(4)
    ids = [f"9161{rnd.randrange(10**12):012d}" for _ in range(5000)]
    ids = list(dict.fromkeys(ids))
    strata = [rnd.choice("ABCDE") for _ in ids]
    weights = [rnd.choice(["1", "2", "1.5"]) for _ in ids]
    params = {"n": 100, "stratified": True, "weighted": True}
    a = L.run(L.Pool.from_columns(ids, strata, weights), params, "x")
    order = sorted(range(len(ids)), key=ids.__getitem__)
    b = L.run(L.Pool.from_columns([ids[i] for i in order], [strata[i] for i in order], [weights[i] for i in order]),
              params, "x")
    assert a["result"] == b["result"] and a["pool_sha256"] == b["pool_sha256"]


MANY = [f"T{i:02d}" for i in range(50)]


@pytest.mark.parametrize("strata, weights", [
    (["610100", "610300", "611000"], ["1", "2.5"]),                 # one width: numpy codes
    (["A", "BB", "CCC", ""], ["1", "12.25", "0.5", "3"]),           # several widths up to 8 bytes
    (["西安", "宝鸡", ""], ["1", "2"]),                              # not ASCII: row by row
    (["", ""], ["1"]),                                               # no strata, one weight
    (MANY, [str(i) for i in range(1, 41)]),                          # > 32 distinct: np.unique, one sort
    (["ABCDEFGHIJ", "K"], ["123456789.5", "1"]),                     # longer than 8 bytes: row by row
])
def test_numpy_paths_agree_with_the_specification(strata, weights):
    """Columns of short ASCII values take numpy paths (order check, stratum and weight codes, per-stratum
    selection); others go row by row. All must give exactly the reference draw."""
    rnd = random.Random(9)
    ids = sorted({f"9161{rnd.randrange(10**8):08d}" for _ in range(3000)})
    column = [rnd.choice(strata) for _ in ids]
    weight_column = [rnd.choice(weights) for _ in ids]
    pool = L.Pool.from_columns(ids, column, weight_column)
    sizes: dict[str, int] = {}
    for value in column:
        sizes[value] = sizes.get(value, 0) + 1
    assert pool.stratum_sizes() == dict(sorted(sizes.items()))
    assert pool.groups()[0] == sorted(sizes)
    for params in ({"n": 120, "stratified": True, "weighted": True}, {"n": 50, "weighted": True},
                   {"n": 120, "stratified": True}):
        p = L.normalise_params(params)
        ref = R.draw(list(zip(ids, column, weight_column, strict=True)), p, "b")
        record = L.run(L.Pool.from_columns(ids, column, weight_column), p, "b")
        assert record["result"] == ref["result"] and record["pool_sha256"] == ref["pool_sha256"]
    with pytest.raises(L.DrawError, match="重复"):
        L.Pool.from_columns([ids[0], *ids], [column[0], *column], [weight_column[0], *weight_column])
