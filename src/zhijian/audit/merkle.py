"""RFC 6962 / RFC 9162 Merkle tree hashing, inclusion and consistency proofs. Pure Python, no Django,
so an auditor can copy this file and check a downloaded proof offline.

    leaf hash  = SHA-256(0x00 || data)
    node hash  = SHA-256(0x01 || left || right)
    MTH(D[n])  splits at k, the largest power of two smaller than n.

Our leaves' data are the audit entries' `entry_hash` values (32 raw bytes) in id order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    if n < 2:
        raise ValueError("split_point needs n >= 2")
    return 1 << ((n - 1).bit_length() - 1)


class TreeBuilder:
    """Incremental Merkle tree head in O(log n) memory: keeps the roots of the perfect subtrees
    ("peaks", largest first) so a million leaves can be streamed without holding them."""

    def __init__(self, size: int = 0, peaks: Sequence[bytes] = ()) -> None:
        if len(peaks) != bin(size).count("1"):
            raise ValueError("peaks do not match the tree size")
        self.size = size
        self.peaks: list[bytes] = list(peaks)

    def append_hash(self, leaf: bytes) -> None:
        """Add an already-hashed leaf (leaf_hash(data))."""
        self.peaks.append(leaf)
        size = self.size
        # Each trailing 1-bit of the old size is a perfect subtree that now has a right sibling.
        while size & 1:
            right = self.peaks.pop()
            left = self.peaks.pop()
            self.peaks.append(node_hash(left, right))
            size >>= 1
        self.size += 1

    def append(self, data: bytes) -> None:
        self.append_hash(leaf_hash(data))

    def root(self) -> bytes:
        if not self.peaks:
            return EMPTY_ROOT
        # MTH folds the peaks from the right: node(p1, node(p2, ... node(pk-1, pk))).
        acc = self.peaks[-1]
        for peak in reversed(self.peaks[:-1]):
            acc = node_hash(peak, acc)
        return acc


def root_hash(leaves: Iterable[bytes]) -> bytes:
    """MTH of the leaves' data."""
    builder = TreeBuilder()
    for data in leaves:
        builder.append(data)
    return builder.root()


def mth(leaves: Sequence[bytes]) -> bytes:
    """MTH by the recursive definition of RFC 6962 §2.1 (the reference the tests compare with)."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hash(leaves[0])
    k = split_point(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


# --- proofs as lists of leaf ranges, so they can be computed from a stream --------------------

def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The [start, end) leaf ranges whose MTHs form PATH(index, D[size]), bottom first."""
    if not 0 <= index < size:
        raise ValueError("leaf index out of range")
    out: list[tuple[int, int]] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = split_point(end - start)
        if m < k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start, m = start + k, m - k
    out.reverse()
    return out


def consistency_ranges(first: int, second: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs form PROOF(first, D[second]) (RFC 6962 §2.1.2)."""
    if not 0 <= first <= second:
        raise ValueError("need 0 <= first <= second")
    if first == 0 or first == second:
        return []
    out: list[tuple[int, int]] = []
    start, end, m, complete = 0, second, first, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        out.append((start, end))
    out.reverse()
    return out


def hashes_for_ranges(ranges: Sequence[tuple[int, int]], leaves: Iterable[bytes]) -> list[bytes]:
    """MTH of each (disjoint) range, reading the leaves' data once, in order."""
    order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    results: list[bytes] = [b""] * len(ranges)
    pos = 0
    current = 0
    builder: TreeBuilder | None = None
    for index, data in enumerate(leaves):
        while pos < len(order) and index >= ranges[order[pos]][1]:
            pos += 1
        if pos >= len(order):
            break
        start, end = ranges[order[pos]]
        if index < start:
            continue
        if builder is None or current != order[pos]:
            builder, current = TreeBuilder(), order[pos]
        builder.append(data)
        if index == end - 1:
            results[order[pos]] = builder.root()
            builder = None
    if any(not h for h in results):
        raise ValueError("not enough leaves for the requested ranges")
    return results


def inclusion_proof(index: int, leaves: Sequence[bytes] | Iterable[bytes], size: int | None = None) -> list[bytes]:
    """PATH(index, D[size]) over the leaves' data (only the first `size` are read)."""
    if size is None:
        leaves = list(leaves)
        size = len(leaves)
    return hashes_for_ranges(inclusion_ranges(index, size), leaves)


def consistency_proof(first: int, leaves: Sequence[bytes] | Iterable[bytes], size: int | None = None) -> list[bytes]:
    if size is None:
        leaves = list(leaves)
        size = len(leaves)
    return hashes_for_ranges(consistency_ranges(first, size), leaves)


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ---------------------------------------------

def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """True when `leaf` (a leaf hash) sits at `index` of the tree of `size` leaves with `root`."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       path: Sequence[bytes]) -> bool:
    """True when the tree of `second` leaves extends the tree of `first` leaves."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:  # an exact power of two: its root is a node of the new tree
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


# --- offline check of a downloaded proof ------------------------------------------------------

def checkpoint_message(tree_size: int, last_entry_id: int, root_hex: str, timestamp: str) -> bytes:
    """The exact bytes an audit checkpoint's Ed25519 signature covers."""
    return f"zhijian-audit-checkpoint/v1\n{tree_size}\n{last_entry_id}\n{root_hex}\n{timestamp}\n".encode()


def entry_hash_of(prev_hash: str, payload: dict[str, Any]) -> str:
    """entry_hash = SHA-256(prev_hash_hex || canonical JSON of the payload), hex."""
    import json

    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def _signature_problem(cp: dict[str, Any], trusted_public_key: str | None, label: str) -> list[str]:
    problems = []
    if trusted_public_key is not None and trusted_public_key.lower() != cp["public_key"].lower():
        problems.append(f"{label} was signed by an untrusted key")
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(cp["public_key"]))
        key.verify(bytes.fromhex(cp["signature"]),
                   checkpoint_message(cp["tree_size"], cp["last_entry_id"], cp["root_hash"], cp["timestamp"]))
    except (InvalidSignature, ValueError):
        problems.append(f"{label} signature is invalid")
    return problems


def verify_proof_document(doc: dict[str, Any], trusted_public_key: str | None = None) -> list[str]:
    """Check an inclusion-proof document as downloaded from /api/v1/audit/<id>/proof/. Returns the
    problems found (empty when the proof holds). Needs only hashlib and, for the signatures, the
    `cryptography` package."""
    problems: list[str] = []
    entry = doc["entry"]
    recomputed = entry_hash_of(entry["prev_hash"], entry["payload"])
    if recomputed != entry["entry_hash"]:
        problems.append("entry hash does not match its payload")
    cp = doc["checkpoint"]
    if not verify_inclusion(doc["leaf_index"], cp["tree_size"], leaf_hash(bytes.fromhex(recomputed)),
                            [bytes.fromhex(h) for h in doc["audit_path"]], bytes.fromhex(cp["root_hash"])):
        problems.append("audit path does not lead to the checkpoint root")
    problems += _signature_problem(cp, trusted_public_key, "checkpoint")
    latest = doc.get("latest_checkpoint")
    if latest is not None:
        if not verify_consistency(cp["tree_size"], latest["tree_size"], bytes.fromhex(cp["root_hash"]),
                                  bytes.fromhex(latest["root_hash"]),
                                  [bytes.fromhex(h) for h in doc.get("consistency_path", [])]):
            problems.append("latest checkpoint is not consistent with the entry's checkpoint")
        problems += _signature_problem(latest, trusted_public_key, "latest checkpoint")
    return problems
