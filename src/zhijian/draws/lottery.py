"""Verifiable double-random draws: weighted, stratified sampling without replacement from a
committed pool, driven by a public value typed in after the commitment.

Pure Python + numpy (no Django), so that anyone can run it on a published record. The exact
algorithm is specified in docs/draws.md; ``reference.py`` is a plain-Python implementation of the
same specification that the tests hold this one to.

In short:

1. The pool is a set of rows (id, stratum, weight). Its canonical order is by id (Unicode code
   points, which is UTF-8 byte order); ids are unique. Weights are written in their shortest
   plain decimal form ("1", "0.5", "12.25").
2. ``pool_sha256`` = SHA-256 of the UTF-8 text ``"zhijian-pool/1\\n" + N + "\\n"`` followed by
   every id, then every stratum, then every weight, each value followed by ``"\\n"``.
3. ``commitment`` = SHA-256 of the canonical JSON of {algorithm, version, pool_sha256, params}.
   It is published before the draw.
4. After the commitment, the witnessing officer types a public value (the beacon).
   ``seed`` = SHA-256(commitment hex + "\\n" + normalised beacon), normalised = Unicode NFC,
   whitespace runs collapsed to one space, trimmed.
5. Block j = SHA-256(seed bytes || j as 8 bytes big-endian) gives four 64-bit big-endian words;
   row i of the canonical order gets word i (block i // 4, word i % 4), and the uniform
   u_i = (2 * (word >> 12) + 1) / 2**53, exactly representable and strictly inside (0, 1).
6. Weighted draws: key_i = -ln(u_i) / w_i (Efraimidis–Spirakis exponential keys); unweighted:
   rows are ranked by u_i descending (the same order as -ln(u_i), computed exactly). In each
   stratum the rows with the smallest keys are drawn, ties broken by canonical position; the
   result lists them in that order (first drawn first).
7. Quotas: explicit per stratum, or a total n spread over the strata in proportion to their
   sizes by largest remainder (ties: larger stratum first, then stratum name).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

ALGORITHM = "zhijian-wswor-sha256"
VERSION = 1
RECORD_FORMAT = "zhijian-draw-record"
POOL_HEADER = "zhijian-pool/1"
ALL_ROWS = "*"  # the single group of an unstratified draw
MIN_WEIGHT = Decimal("1e-12")
MAX_WEIGHT = Decimal("1e12")
WORDS_PER_BLOCK = 4
_FORBIDDEN = re.compile(r"[\t\n\r\x00]")
_SPACES = re.compile(r"\s+")
try:  # CPython's own SHA-256: same digests as OpenSSL's, with less overhead per call
    from _sha256 import sha256 as _sha256_small  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other interpreters
    _sha256_small = hashlib.sha256
_TOP52 = np.uint64(12)
_TWO_53 = float(2**53)


class DrawError(ValueError):
    """Bad input to a draw; the message is bilingual (中文 / English) and names the row or field."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


# --- rows and the pool ---------------------------------------------------------------------------

def canonical_weight(value: Decimal | str | float | int, row_id: str = "") -> str:
    """The weight in its shortest plain decimal form; refuses anything not in [1e-12, 1e12]."""
    where = f"“{row_id}”" if row_id else ""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = Decimal(value.strip())
        else:
            number = Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        raise DrawError(f"行{where}的权重“{value}”不是数字", f"row {row_id!r}: weight {value!r} is not a number") from None
    if not number.is_finite() or number <= 0:
        raise DrawError(f"行{where}的权重须大于 0（现为 {value}）", f"row {row_id!r}: weight must be > 0, got {value}")
    if number < MIN_WEIGHT or number > MAX_WEIGHT:
        raise DrawError(f"行{where}的权重 {value} 超出范围 [1e-12, 1e12]",
                        f"row {row_id!r}: weight {value} outside [1e-12, 1e12]")
    return format(number.normalize(), "f")


def _check_text(value: Any, what_zh: str, what_en: str, row_id: str) -> str:
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    if _FORBIDDEN.search(value):
        raise DrawError(f"行“{row_id}”的{what_zh}含有制表符、换行或空字符",
                        f"row {row_id!r}: {what_en} contains a tab, line break or NUL")
    return value


@dataclass(frozen=True)
class PoolRow:
    """One candidate: an id unique in the pool, an optional stratum, a weight > 0, a display label.

    The label is for people only; it takes no part in the digest or the draw."""

    id: str
    stratum: str = ""
    weight: Decimal | str | float | int = 1
    label: str = ""

    def __post_init__(self) -> None:
        row_id = _check_text(self.id, "编号", "id", str(self.id))
        if row_id == "":
            raise DrawError("抽取池中有编号为空的行", "a pool row has an empty id")
        object.__setattr__(self, "id", row_id)
        object.__setattr__(self, "stratum", _check_text(self.stratum, "分层", "stratum", row_id))
        object.__setattr__(self, "weight", canonical_weight(self.weight, row_id))
        object.__setattr__(self, "label", str(self.label or ""))


def _as_row(row: PoolRow | Mapping[str, Any]) -> PoolRow:
    if isinstance(row, PoolRow):
        return row
    weight = row.get("weight")
    return PoolRow(id=row["id"], stratum=row.get("stratum") or "", weight=1 if weight in (None, "") else weight,
                   label=row.get("label") or "")


class Pool:
    """A pool in canonical form: columns of ids, strata and canonical weights, ordered by id.

    Build one with ``Pool.from_rows`` (PoolRow objects or dicts) or, for large pools,
    ``Pool.from_columns`` (lists of strings; fast when already ordered by id)."""

    __slots__ = ("_digest", "_distinct_weights", "_groups", "_joined", "ids", "labels", "strata", "weights")

    def __init__(self, ids: list[str], strata: list[str], weights: list[str], labels: list[str] | None,
                 joined: dict[str, str] | None = None) -> None:
        self._joined = joined or {}  # column texts already joined while validating, reused by the digest
        self.ids = ids
        self.strata = strata
        self.weights = weights
        self.labels = labels
        self._digest: str | None = None
        self._groups: tuple[list[str], np.ndarray, np.ndarray] | None = None
        self._distinct_weights: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, rows: Iterable[PoolRow | Mapping[str, Any]]) -> Pool:
        parsed = [_as_row(r) for r in rows]
        labels = [r.label for r in parsed]
        return cls.from_columns([r.id for r in parsed], [r.stratum for r in parsed],
                                [str(r.weight) for r in parsed], labels if any(labels) else None,
                                _checked=True)

    @classmethod
    def from_columns(cls, ids: Sequence[str], strata: Sequence[str] | None = None,
                     weights: Sequence[Decimal | str | float | int] | None = None,
                     labels: Sequence[str] | None = None, *, _checked: bool = False) -> Pool:
        n = len(ids)
        if n == 0:
            raise DrawError("抽取池为空", "the pool is empty")
        ids_l = list(ids)
        strata_l = [""] * n if strata is None else list(strata)
        if weights is None:
            weights_l: list[Any] = ["1"] * n
        else:
            weights_l = list(weights)
        labels_l = None if labels is None else [str(x or "") for x in labels]
        for name, column in (("stratum", strata_l), ("weight", weights_l), ("label", labels_l)):
            if column is not None and len(column) != n:
                raise DrawError(f"列 {name} 的行数与编号列不同", f"column {name} has {len(column)} rows, ids have {n}")
        joined: dict[str, str] = {}
        distinct: list[str] | None = None
        if not _checked:
            joined["id"] = _validate_text_column(ids_l, ids_l, "编号", "id")
            joined["stratum"] = _validate_text_column(strata_l, ids_l, "分层", "stratum")
            weights_l, distinct = _canonical_weights(weights_l, ids_l)
        if not _strictly_increasing(ids_l, joined.get("id")):
            fixed = _fixed_width(joined["id"], n) if "id" in joined else None
            joined = {}
            if fixed is not None:  # one-width ASCII ids: numpy sorts the bytes (same order as code points)
                order = np.argsort(fixed, kind="stable").tolist()
            else:
                order = sorted(range(n), key=ids_l.__getitem__)
            getter = operator.itemgetter(*order) if n > 1 else (lambda seq: (seq[0],))
            ids_l, strata_l, weights_l = list(getter(ids_l)), list(getter(strata_l)), list(getter(weights_l))
            if labels_l is not None:
                labels_l = list(getter(labels_l))
            if not _strictly_increasing(ids_l):
                dup = next(a for a, b in itertools.pairwise(ids_l) if a == b)
                raise DrawError(f"抽取池中编号“{dup}”重复", f"duplicate id {dup!r} in the pool")
        if ids_l[0] == "":
            raise DrawError("抽取池中有编号为空的行", "a pool row has an empty id")
        pool = cls(ids_l, strata_l, weights_l, labels_l, joined)
        pool._distinct_weights = distinct
        return pool

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = pool_digest(self)
        return self._digest

    def rows(self) -> list[PoolRow]:
        labels = self.labels or [""] * len(self)
        return [PoolRow(i, s, w, lab) for i, s, w, lab in zip(self.ids, self.strata, self.weights, labels, strict=True)]

    def as_columns(self) -> dict[str, list[str]]:
        columns = {"id": self.ids, "stratum": self.strata, "weight": self.weights}
        if self.labels is not None:
            columns["label"] = self.labels
        return columns

    def groups(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(stratum names sorted, each row's index into them, rows per stratum), computed once."""
        if self._groups is None:
            text = self._joined.get("stratum")
            fixed = _fixed_width(text, len(self)) if text is not None else None
            if fixed is not None and fixed.dtype.itemsize <= 8:  # region codes: one numpy pass
                width = fixed.dtype.itemsize
                padded = np.zeros((len(self), 8), dtype=np.uint8)
                padded[:, :width] = fixed.view(np.uint8).reshape(len(self), width)
                values, inverse = np.unique(padded.view(">u8").ravel(), return_inverse=True)
                names = [int(v).to_bytes(8, "big").rstrip(b"\0")[:-1].decode("ascii") for v in values.tolist()]
                codes = inverse.astype(np.int64).ravel()
            else:
                names = sorted(dict.fromkeys(self.strata))
                index = {s: i for i, s in enumerate(names)}
                codes = np.fromiter(map(index.__getitem__, self.strata), dtype=np.int64, count=len(self))
            self._groups = (names, codes, np.bincount(codes, minlength=len(names)))
        return self._groups

    def distinct_weights(self) -> list[str]:
        if self._distinct_weights is None:
            self._distinct_weights = list(dict.fromkeys(self.weights))
        return self._distinct_weights

    def stratum_sizes(self) -> dict[str, int]:
        names, _codes, counts = self.groups()
        return dict(zip(names, counts.tolist(), strict=True))


def _strictly_increasing(values: list[str], joined: str | None = None) -> bool:
    fixed = _fixed_width(joined, len(values)) if joined is not None else None
    if fixed is not None:  # ids of one length in ASCII (USCCs, staff numbers): compare in numpy
        return bool((fixed[1:] > fixed[:-1]).all())
    return all(map(operator.lt, values, itertools.islice(values, 1, None)))


def _fixed_width(text: str, count: int) -> np.ndarray | None:
    """A column joined with LF as a numpy bytes array (each value with its LF), when every value is
    ASCII and of one length; None otherwise. Byte order equals code point order."""
    if count == 0 or not text.isascii() or (len(text) + 1) % count:
        return None
    width = (len(text) + 1) // count
    data = np.frombuffer((text + "\n").encode("ascii"), dtype=f"S{width}")
    if not (data.view(np.uint8)[width - 1::width] == 10).all():
        return None
    return data


def _validate_text_column(values: list[Any], ids: list[Any], what_zh: str, what_en: str) -> str:
    try:
        joined = "\n".join(values)
    except TypeError:
        bad = next(i for i, v in enumerate(values) if not isinstance(v, str))
        raise DrawError(f"第 {bad + 1} 行的{what_zh}不是文本", f"row {bad + 1}: {what_en} is not text") from None
    if joined.count("\n") != len(values) - 1 or "\t" in joined or "\r" in joined or "\x00" in joined:
        bad = next(i for i, v in enumerate(values) if _FORBIDDEN.search(v))
        raise DrawError(f"行“{ids[bad]}”的{what_zh}含有制表符、换行或空字符",
                        f"row {ids[bad]!r}: {what_en} contains a tab, line break or NUL")
    return joined


def _canonical_weights(weights: list[Any], ids: list[Any]) -> tuple[list[str], list[str]]:
    """Canonicalise each distinct value once (pools repeat a handful of weights); also returns the
    distinct canonical weights."""
    canon: dict[Any, str] = {}
    for value in dict.fromkeys(weights):
        try:
            canon[value] = canonical_weight(value)
        except DrawError:
            row = next(i for i, v in enumerate(weights) if v == value and type(v) is type(value))
            canonical_weight(value, str(ids[row]))  # raises with the row named
    distinct = list(dict.fromkeys(canon.values()))
    if all(type(v) is str and canon[v] == v for v in canon):
        return weights, distinct
    return list(map(canon.__getitem__, weights)), distinct


def as_pool(rows: Pool | Iterable[PoolRow | Mapping[str, Any]]) -> Pool:
    return rows if isinstance(rows, Pool) else Pool.from_rows(rows)


def pool_digest(rows: Pool | Iterable[PoolRow | Mapping[str, Any]]) -> str:
    """SHA-256 (hex) of the pool's canonical text; independent of the order rows come in."""
    pool = as_pool(rows)
    h = hashlib.sha256(f"{POOL_HEADER}\n{len(pool)}\n".encode())
    for name, column in (("id", pool.ids), ("stratum", pool.strata), ("weight", pool.weights)):
        text = pool._joined.get(name)
        h.update(("\n".join(column) if text is None else text).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


# --- parameters, commitment, seed ----------------------------------------------------------------

def _int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise DrawError(f"参数 {field} 须为整数", f"parameter {field} must be an integer")
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except ValueError:
        number = None
    if number is None:
        raise DrawError(f"参数 {field} 须为整数（现为 {value}）", f"parameter {field} must be an integer, got {value!r}")
    if number < 0:
        raise DrawError(f"参数 {field} 不能为负数", f"parameter {field} must not be negative")
    return number


def normalise_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical parameters: {"n", "quotas", "stratified", "weighted"}.

    Either ``n`` (with ``stratified`` true: spread over the strata in proportion to their sizes)
    or ``quotas`` {stratum: count} (then ``stratified`` is true and ``n`` their sum)."""
    unknown = set(params) - {"n", "quotas", "stratified", "weighted"}
    if unknown:
        raise DrawError(f"未知参数 {', '.join(sorted(unknown))}", f"unknown parameter(s) {', '.join(sorted(unknown))}")
    weighted = params.get("weighted", False)
    stratified = params.get("stratified", False)
    if not isinstance(weighted, bool) or not isinstance(stratified, bool):
        raise DrawError("参数 weighted、stratified 须为 true 或 false", "weighted and stratified must be true or false")
    quotas = params.get("quotas")
    if quotas is not None:
        if not isinstance(quotas, Mapping) or not quotas:
            raise DrawError("参数 quotas 须为“分层: 数量”的非空对象", "quotas must be a non-empty {stratum: count} object")
        clean = {}
        for stratum, count in quotas.items():
            name = _check_text(stratum, "分层", "stratum", str(stratum))
            clean[name] = _int(count, f"quotas[{name}]")
        total = sum(clean.values())
        if params.get("n") is not None and _int(params["n"], "n") != total:
            raise DrawError(f"n（{params['n']}）与各层数量之和（{total}）不一致",
                            f"n ({params['n']}) differs from the sum of the quotas ({total})")
        if total < 1:
            raise DrawError("各层数量之和须至少为 1", "the quotas must add up to at least 1")
        return {"n": total, "quotas": dict(sorted(clean.items())), "stratified": True, "weighted": weighted}
    if params.get("n") is None:
        raise DrawError("须给出抽取数量 n 或各层数量 quotas", "give the number to draw (n) or per-stratum quotas")
    n = _int(params["n"], "n")
    if n < 1:
        raise DrawError("抽取数量 n 须至少为 1", "n must be at least 1")
    return {"n": n, "quotas": None, "stratified": stratified, "weighted": weighted}


def canonical_json(value: Any) -> str:
    """Keys sorted, no spaces, non-ASCII characters as themselves (encode as UTF-8 to hash)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def commitment(pool_sha256: str, params: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of algorithm, version, pool digest and parameters."""
    body = {"algorithm": ALGORITHM, "version": VERSION, "pool_sha256": pool_sha256,
            "params": normalise_params(params)}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def normalise_beacon(beacon: str) -> str:
    """Unicode NFC, every run of whitespace (including the ideographic space) made one ASCII
    space, leading and trailing whitespace removed. An empty result is refused."""
    if not isinstance(beacon, str):
        raise DrawError("公开随机值须为文本", "the beacon must be text")
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", beacon)).strip()
    if not text:
        raise DrawError("公开随机值不能为空", "the beacon must not be empty")
    return text


def seed_of(commitment_hex: str, beacon: str) -> str:
    """SHA-256 (hex) of the commitment's 64 hex characters, a line feed and the normalised beacon."""
    return hashlib.sha256(f"{commitment_hex}\n{normalise_beacon(beacon)}".encode()).hexdigest()


# --- allocation and selection --------------------------------------------------------------------

def allocate(sizes: Mapping[str, int], params: Mapping[str, Any]) -> dict[str, int]:
    """How many rows each group gives. Unstratified: one group ``*``. Proportional: n * size / N
    rounded down, the remaining rows to the largest remainders (then larger stratum, then name)."""
    p = normalise_params(params)
    total = sum(sizes.values())
    if p["quotas"] is not None:
        for stratum, quota in p["quotas"].items():
            size = sizes.get(stratum, 0)
            if quota > size:
                raise DrawError(f"分层“{stratum}”只有 {size} 行，不足抽取 {quota} 个",
                                f"stratum {stratum!r} has {size} rows, fewer than its quota {quota}")
        return dict(p["quotas"])
    n = p["n"]
    if n > total:
        raise DrawError(f"抽取池只有 {total} 行，不足抽取 {n} 个", f"the pool has {total} rows, fewer than n = {n}")
    if not p["stratified"]:
        return {ALL_ROWS: n}
    names = sorted(sizes)
    floors = {s: n * sizes[s] // total for s in names}
    left = n - sum(floors.values())
    ranked = sorted(names, key=lambda s: (-(n * sizes[s] % total), -sizes[s], s))
    for s in ranked[:left]:
        floors[s] += 1
    return floors


def uniform_words(seed_hex: str, count: int) -> np.ndarray:
    """``count`` 64-bit words of SHA-256 counter mode: block j = SHA-256(seed || j, 8 bytes BE)."""
    seed = bytes.fromhex(seed_hex)
    sha = _sha256_small
    blocks = -(-count // WORDS_PER_BLOCK)
    data = b"".join([sha(seed + j.to_bytes(8, "big")).digest() for j in range(blocks)])
    return np.frombuffer(data, dtype=">u8")[:count].astype(np.uint64)


def uniforms(seed_hex: str, count: int) -> np.ndarray:
    """u_i = (2 * (word_i >> 12) + 1) / 2**53, in (0, 1) and exact in binary64."""
    top = uniform_words(seed_hex, count) >> _TOP52
    return (top.astype(np.float64) * 2.0 + 1.0) / _TWO_53


def _keys(pool: Pool, seed_hex: str, weighted: bool) -> np.ndarray:
    """Sort keys, smallest drawn first. Weighted: -ln(u)/w (binary64). Unweighted: 2**52-1 - (word >> 12),
    an exact integer giving the same order as -ln(u)."""
    top = uniform_words(seed_hex, len(pool)) >> _TOP52
    if not weighted:
        return (np.uint64(2**52 - 1) - top).astype(np.int64)
    u = (top.astype(np.float64) * 2.0 + 1.0) / _TWO_53
    distinct = pool.distinct_weights()
    if len(distinct) == 1:
        return -np.log(u) / float(next(iter(distinct)))
    as_float = {w: float(w) for w in distinct}
    w = np.fromiter(map(as_float.__getitem__, pool.weights), dtype=np.float64, count=len(pool))
    return -np.log(u) / w


def _smallest(positions: np.ndarray, keys: np.ndarray, quota: int) -> np.ndarray:
    """The ``quota`` positions with the smallest keys (ties: smaller position), in draw order."""
    if quota == 0:
        return positions[:0]
    k = keys[positions]
    if quota < len(positions):
        kth = np.partition(k, quota - 1)[quota - 1]
        below = positions[k < kth]
        tied = positions[k == kth][: quota - len(below)]  # positions ascend: canonical order
        positions = np.concatenate((below, tied))
        k = keys[positions]
    return positions[np.lexsort((positions, k))]


def select(pool: Pool, params: Mapping[str, Any], seed_hex: str) -> dict[str, list[str]]:
    """The drawn ids per group ({stratum: [ids in draw order]}), groups sorted by name."""
    p = normalise_params(params)
    allocation = allocate(pool.stratum_sizes(), p)
    keys = _keys(pool, seed_hex, p["weighted"])
    result: dict[str, list[str]] = {}
    if not p["stratified"]:
        chosen = _smallest(np.arange(len(pool)), keys, allocation[ALL_ROWS])
        result[ALL_ROWS] = [pool.ids[i] for i in chosen.tolist()]
        return result
    names, codes, counts = pool.groups()
    code = {s: i for i, s in enumerate(names)}
    wanted = [s for s in sorted(allocation) if s in code and allocation[s] > 0]
    by_group: np.ndarray | None = None
    bounds = np.concatenate(([0], np.cumsum(counts)))
    if len(wanted) > 32:  # many strata (one per task): one stable sort instead of a pass per stratum
        by_group = np.argsort(codes, kind="stable")
    for s in sorted(allocation):
        if s not in wanted:  # a quota of 0, or a stratum the pool lacks
            result[s] = []
            continue
        i = code[s]
        positions = np.flatnonzero(codes == i) if by_group is None else by_group[bounds[i]:bounds[i + 1]]
        chosen = _smallest(positions, keys, allocation[s])
        result[s] = [pool.ids[j] for j in chosen.tolist()]
    return result


def flatten(result: Mapping[str, Sequence[str]]) -> list[str]:
    return [row for group in sorted(result) for row in result[group]]


# --- records -------------------------------------------------------------------------------------

def commit(rows: Pool | Iterable[PoolRow | Mapping[str, Any]], params: Mapping[str, Any]) -> dict[str, Any]:
    """What is published before the draw: pool digest and size, parameters, allocation, commitment.
    Refuses parameters the pool cannot satisfy (a quota above its stratum's size)."""
    pool = as_pool(rows)
    p = normalise_params(params)
    allocation = allocate(pool.stratum_sizes(), p)
    digest = pool.digest
    return {"format": RECORD_FORMAT, "algorithm": ALGORITHM, "version": VERSION, "pool_sha256": digest,
            "pool_size": len(pool), "params": p, "allocation": allocation, "commitment": commitment(digest, p)}


def run(rows: Pool | Iterable[PoolRow | Mapping[str, Any]], params: Mapping[str, Any], beacon: str) -> dict[str, Any]:
    """Commit and draw at once: the full record (``verify`` reproduces it)."""
    pool = as_pool(rows)
    return execute(commit(pool, params), pool, beacon)


def execute(committed: Mapping[str, Any], rows: Pool | Iterable[PoolRow | Mapping[str, Any]], beacon: str) -> dict[str, Any]:
    """Draw for a commitment made earlier; refuses a pool or parameters that no longer match it."""
    pool = as_pool(rows)
    if pool.digest != committed["pool_sha256"]:
        raise DrawError("抽取池与承诺时不一致", "the pool differs from the committed one")
    if commitment(pool.digest, committed["params"]) != committed["commitment"]:
        raise DrawError("承诺值与抽取池、参数不符", "the commitment does not match the pool and parameters")
    text = normalise_beacon(beacon)
    seed = seed_of(committed["commitment"], text)
    result = select(pool, committed["params"], seed)
    record = dict(committed)
    record.update({"beacon": beacon, "beacon_normalised": text, "seed": seed, "result": result,
                   "selected": flatten(result), "pool": pool.as_columns()})
    return record


# --- verification --------------------------------------------------------------------------------

def _preview(ids: Iterable[str], limit: int = 5) -> str:
    items = list(ids)
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 个 / {len(items)} in all" if len(items) > limit else "")


def pool_differences(expected: Pool, actual: Pool) -> list[str]:
    """Rows added, removed or changed between two pools, in words."""
    a = dict(zip(expected.ids, zip(expected.strata, expected.weights, strict=True), strict=True))
    b = dict(zip(actual.ids, zip(actual.strata, actual.weights, strict=True), strict=True))
    out = []
    added = [i for i in b if i not in a]
    removed = [i for i in a if i not in b]
    changed = [i for i in a if i in b and a[i] != b[i]]
    if added:
        out.append(f"多出的行 / rows added: {_preview(added)}")
    if removed:
        out.append(f"缺少的行 / rows removed: {_preview(removed)}")
    if changed:
        out.append(f"分层或权重被改动的行 / rows with changed stratum or weight: {_preview(changed)}")
    return out


def pool_from_record(record: Mapping[str, Any]) -> Pool:
    columns = record.get("pool")
    if not isinstance(columns, Mapping) or "id" not in columns:
        raise DrawError("记录中没有抽取池（pool.id）", "the record has no pool (pool.id)")
    return Pool.from_columns(columns["id"], columns.get("stratum"), columns.get("weight"))


def verify(record: Mapping[str, Any], rows: Pool | Iterable[PoolRow | Mapping[str, Any]] | None = None,
           *, expected_commitment: str | None = None) -> list[str]:
    """Re-run a record. An empty list means it reproduces exactly; otherwise each item says, in
    Chinese and English, what differs (pool, parameters, commitment, beacon/seed, result).

    ``rows``: a pool obtained separately (e.g. the published P.csv) to check against the record.
    ``expected_commitment``: the commitment published before the draw."""
    problems: list[str] = []
    if not isinstance(record, Mapping):
        return ["记录不是 JSON 对象 / the record is not a JSON object"]
    if record.get("algorithm") != ALGORITHM or record.get("version") != VERSION:
        return [f"不支持的算法 {record.get('algorithm')} 版本 {record.get('version')} / "
                f"unsupported algorithm or version (this program: {ALGORITHM} {VERSION})"]
    try:
        pool = pool_from_record(record)
    except (DrawError, TypeError) as exc:
        return [f"记录中的抽取池无效 / the record's pool is invalid: {exc}"]
    if rows is not None:
        given = as_pool(rows)
        if given.digest != pool.digest:
            problems.append("所给抽取池与记录中的抽取池不同 / the pool given differs from the record's pool")
            problems.extend(pool_differences(pool, given))
            pool = given
    digest = pool.digest
    if record.get("pool_size") != len(pool):
        problems.append(f"抽取池行数不符 / pool size differs: record {record.get('pool_size')}, pool {len(pool)}")
    if record.get("pool_sha256") != digest:
        problems.append(f"抽取池摘要不符（抽取池被改动）/ pool digest differs (the pool was changed): "
                        f"record {record.get('pool_sha256')}, recomputed {digest}")
    try:
        params = normalise_params(record.get("params") or {})
    except DrawError as exc:
        return [*problems, f"参数无效 / invalid parameters: {exc}"]
    if dict(record.get("params") or {}) != params:
        problems.append(f"参数不是规范形式 / parameters are not in canonical form: {canonical_json(params)}")
    recomputed = commitment(digest, params)
    if record.get("commitment") != recomputed:
        problems.append(f"承诺值不符（抽取池、参数或算法被改动）/ commitment differs (pool, parameters or algorithm changed): "
                        f"record {record.get('commitment')}, recomputed {recomputed}")
    if expected_commitment is not None and expected_commitment.strip().lower() != record.get("commitment"):
        problems.append(f"记录的承诺值与事先公布的不同 / the record's commitment differs from the one published "
                        f"before the draw ({expected_commitment.strip()})")
    try:
        seed = seed_of(str(record.get("commitment") or recomputed), record.get("beacon"))  # type: ignore[arg-type]
    except DrawError as exc:
        return [*problems, f"公开随机值无效 / invalid beacon: {exc}"]
    if record.get("seed") != seed:
        problems.append(f"随机种子不符（公开随机值或承诺值被改动）/ seed differs (beacon or commitment changed): "
                        f"record {record.get('seed')}, recomputed {seed}")
    if "beacon_normalised" in record and record["beacon_normalised"] != normalise_beacon(record["beacon"]):
        problems.append("规范化的公开随机值不符 / beacon_normalised differs from the beacon")
    try:
        allocation = allocate(pool.stratum_sizes(), params)
        result = select(pool, params, seed)
    except DrawError as exc:
        return [*problems, f"无法重新抽取 / cannot redraw: {exc}"]
    if record.get("allocation") is not None and dict(record["allocation"]) != allocation:
        problems.append(f"各层抽取数量不符 / allocation differs: record {canonical_json(record['allocation'])}, "
                        f"recomputed {canonical_json(allocation)}")
    recorded = record.get("result")
    if not isinstance(recorded, Mapping):
        problems.append("记录中没有抽取结果 / the record has no result")
    else:
        for group in sorted(set(result) | set(recorded)):
            mine, theirs = result.get(group, []), list(recorded.get(group) or [])
            if mine != theirs:
                label = "全部" if group == ALL_ROWS else group
                if sorted(mine) == sorted(theirs):
                    problems.append(f"分层“{label}”的抽中顺序不符 / order of the drawn rows differs in group {group!r}")
                else:
                    extra = [i for i in theirs if i not in set(mine)]
                    missing = [i for i in mine if i not in set(theirs)]
                    problems.append(
                        f"分层“{label}”的抽取结果不符 / result differs in group {group!r}: "
                        f"记录多出 / recorded but not drawn: {_preview(extra) or '—'}; "
                        f"记录缺少 / drawn but not recorded: {_preview(missing) or '—'}")
    if "selected" in record and list(record["selected"] or []) != flatten(result):
        problems.append("抽中名单（selected）与重新抽取的结果不符 / the selected list differs from the redraw")
    return problems


def inclusion_summary(record: Mapping[str, Any]) -> str:
    """One line for people: how many rows were drawn from how many."""
    drawn = sum(len(v) for v in (record.get("result") or {}).values())
    return f"从 {record.get('pool_size')} 行中抽取 {drawn} 个 / {drawn} drawn from {record.get('pool_size')} rows"


__all__ = [
    "ALGORITHM", "ALL_ROWS", "RECORD_FORMAT", "VERSION", "DrawError", "Pool", "PoolRow", "allocate",
    "canonical_json", "canonical_weight", "commit", "commitment", "execute", "flatten", "normalise_beacon",
    "normalise_params", "pool_digest", "run", "seed_of", "select", "uniforms", "verify",
]

