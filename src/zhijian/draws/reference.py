"""The draw algorithm of docs/draws.md written out plainly: standard library only, one row at a
time, no numpy. It is the executable specification: the tests check that ``lottery`` (the fast,
vectorised implementation) gives exactly the same digest, commitment, seed and result, and the
benchmark uses it as its baseline. A citizen can read it top to bottom in a few minutes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from decimal import Decimal


def canonical_weight(text: str) -> str:
    return format(Decimal(str(text).strip()).normalize(), "f")


def pool_sha256(rows: list[tuple[str, str, str]]) -> str:
    """rows: (id, stratum, weight). Sorted by id; every id, then every stratum, then every weight."""
    rows = sorted((i, s, canonical_weight(w)) for i, s, w in rows)
    text = f"zhijian-pool/1\n{len(rows)}\n"
    for column in range(3):
        for row in rows:
            text += row[column] + "\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_params(n: int | None, quotas: dict[str, int] | None, stratified: bool, weighted: bool) -> dict:
    if quotas is not None:
        return {"n": sum(quotas.values()), "quotas": dict(sorted(quotas.items())), "stratified": True, "weighted": weighted}
    return {"n": n, "quotas": None, "stratified": stratified, "weighted": weighted}


def commitment(pool_digest: str, params: dict) -> str:
    body = {"algorithm": "zhijian-wswor-sha256", "version": 1, "pool_sha256": pool_digest, "params": params}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed(commitment_hex: str, beacon: str) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", beacon)).strip()
    return hashlib.sha256((commitment_hex + "\n" + text).encode("utf-8")).hexdigest()


def word(seed_hex: str, i: int) -> int:
    """The 64-bit word of row i: block i // 4 = SHA-256(seed || (i // 4) as 8 bytes BE), word i % 4."""
    block = hashlib.sha256(bytes.fromhex(seed_hex) + (i // 4).to_bytes(8, "big")).digest()
    return int.from_bytes(block[8 * (i % 4): 8 * (i % 4) + 8], "big")


def allocation(sizes: dict[str, int], params: dict) -> dict[str, int]:
    if params["quotas"] is not None:
        return dict(params["quotas"])
    n, total = params["n"], sum(sizes.values())
    if not params["stratified"]:
        return {"*": n}
    alloc = {s: n * sizes[s] // total for s in sizes}
    left = n - sum(alloc.values())
    for s in sorted(sizes, key=lambda s: (-(n * sizes[s] % total), -sizes[s], s))[:left]:
        alloc[s] += 1
    return alloc


def draw(rows: list[tuple[str, str, str]], params: dict, beacon: str) -> dict:
    """Returns pool_sha256, commitment, seed and the result {group: [ids in draw order]}."""
    rows = sorted((i, s, canonical_weight(w)) for i, s, w in rows)
    digest = pool_sha256(rows)
    commit = commitment(digest, params)
    seed_hex = seed(commit, beacon)
    groups: dict[str, list[tuple[object, int, str]]] = {}
    sizes: dict[str, int] = {}
    for position, (row_id, stratum, weight) in enumerate(rows):
        top = word(seed_hex, position) >> 12
        if params["weighted"]:
            u = (2 * top + 1) / 2**53
            key: object = -math.log(u) / float(weight)
        else:
            key = (2**52 - 1) - top
        group = stratum if params["stratified"] else "*"
        groups.setdefault(group, []).append((key, position, row_id))
        sizes[stratum] = sizes.get(stratum, 0) + 1
    result = {}
    for group, quota in sorted(allocation(sizes, params).items()):
        ranked = sorted(groups.get(group, []))
        result[group] = [row_id for _key, _pos, row_id in ranked[:quota]]
    return {"pool_sha256": digest, "commitment": commit, "seed": seed_hex, "result": result}
