"""Inclusion proofs for one audit entry: everything an auditor needs to check offline that the
entry is in a signed checkpoint (merkle.verify_proof_document does the checking)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zhijian.audit import merkle
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.audit.services import entry_payload, format_timestamp


class NotSealed(Exception):
    """The entry is newer than the last checkpoint."""

    def __str__(self) -> str:
        return "该记录尚未封存，请先封存检查点 / the entry is not sealed into a checkpoint yet"


def _leaves(upto_id: int) -> Iterator[bytes]:
    rows = AuditEntry.objects.filter(id__lte=upto_id).order_by("id").values_list("entry_hash", flat=True)
    for entry_hash in rows.iterator(chunk_size=5000):
        yield bytes.fromhex(entry_hash)


def checkpoint_document(cp: Checkpoint) -> dict[str, Any]:
    return {
        "tree_size": cp.tree_size,
        "last_entry_id": cp.last_entry_id,
        "root_hash": cp.root_hash,
        "timestamp": format_timestamp(cp.timestamp),
        "public_key": cp.public_key,
        "signature": cp.signature,
    }


def inclusion_proof(entry: AuditEntry) -> dict[str, Any]:
    """The proof document for one entry, against the first checkpoint that covers it, plus a
    consistency proof from that checkpoint to the latest one."""
    first = Checkpoint.objects.filter(last_entry_id__gte=entry.pk).order_by("tree_size").first()
    if first is None:
        raise NotSealed
    latest = Checkpoint.objects.order_by("-tree_size").first()
    assert latest is not None
    index = AuditEntry.objects.filter(id__lt=entry.pk).count()
    path = merkle.inclusion_proof(index, _leaves(first.last_entry_id), size=first.tree_size)
    consistency = merkle.consistency_proof(first.tree_size, _leaves(latest.last_entry_id), size=latest.tree_size)
    return {
        "format": "zhijian-audit-inclusion-proof/v1",
        "hash_algorithm": "SHA-256; leaf = H(0x00 || entry_hash bytes), node = H(0x01 || left || right) (RFC 6962)",
        "entry_id": entry.pk,
        "entry": {
            "id": entry.pk,
            "payload": entry_payload(entry),
            "prev_hash": entry.prev_hash,
            "entry_hash": entry.entry_hash,
        },
        "leaf_index": index,
        "audit_path": [h.hex() for h in path],
        "checkpoint": checkpoint_document(first),
        "latest_checkpoint": checkpoint_document(latest),
        "consistency_path": [h.hex() for h in consistency],
    }


def consistency_proof(first: Checkpoint, second: Checkpoint) -> dict[str, Any]:
    """RFC 6962 consistency proof that `second`'s tree extends `first`'s (first.tree_size <= second's)."""
    if first.tree_size > second.tree_size:
        first, second = second, first
    path = merkle.consistency_proof(first.tree_size, _leaves(second.last_entry_id), size=second.tree_size)
    return {
        "format": "zhijian-audit-consistency-proof/v1",
        "first": checkpoint_document(first),
        "second": checkpoint_document(second),
        "consistency_path": [h.hex() for h in path],
    }
