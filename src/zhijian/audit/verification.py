"""`verify()`: recompute every entry hash, the chain and every checkpoint, streaming the entries so
a million of them never sit in memory. The report names the first entry or checkpoint that fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhijian.audit import merkle, signing
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.audit.services import GENESIS_HASH, HASHED_FIELDS, checkpoint_message, hash_payload, payload_from_values

_ENTRY_FIELDS = ("id", "prev_hash", "entry_hash", *HASHED_FIELDS)


@dataclass(frozen=True)
class Problem:
    kind: str  # "entry" or "checkpoint"
    ref: int  # entry id, or checkpoint tree size
    zh: str
    en: str

    def __str__(self) -> str:
        if self.kind == "entry":
            return f"审计记录 #{self.ref} {self.zh} / audit entry #{self.ref} {self.en}"
        return f"检查点（{self.ref} 条）{self.zh} / checkpoint at tree size {self.ref}: {self.en}"


@dataclass
class VerifyReport:
    entries: int = 0
    checkpoints: int = 0
    sealed: int = 0
    last_entry_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def unsealed(self) -> int:
        return self.entries - self.sealed

    def add(self, problem: Problem, limit: int) -> None:
        self.problem_count += 1
        if len(self.problems) < limit:
            self.problems.append(problem)


def _leaf(entry_hash: str) -> bytes:
    try:
        return bytes.fromhex(entry_hash)
    except ValueError:
        return entry_hash.encode()


def _check_checkpoint(cp: Checkpoint, entry_id: int, tree: merkle.TreeBuilder, trusted: set[str],
                      report: VerifyReport, limit: int) -> None:
    size = cp.tree_size
    if cp.last_entry_id != entry_id:
        report.add(Problem("checkpoint", size, f"最后一条记录应为 #{entry_id}，实为 #{cp.last_entry_id}",
                           f"last entry should be #{entry_id}, says #{cp.last_entry_id}"), limit)
    if cp.root_hash != tree.root().hex():
        report.add(Problem("checkpoint", size, "根哈希与记录重算结果不符",
                           "root hash does not match the entries"), limit)
    if list(cp.peaks or []) != [p.hex() for p in tree.peaks]:
        report.add(Problem("checkpoint", size, "子树根哈希不符", "stored peaks do not match the entries"), limit)
    if trusted and cp.public_key not in trusted:
        report.add(Problem("checkpoint", size, "签名公钥不是配置的公钥",
                           "signed by a public key that is not the configured one"), limit)
    if not signing.signature_valid(cp.public_key, cp.signature, checkpoint_message(cp)):
        report.add(Problem("checkpoint", size, "签名无效", "signature is invalid"), limit)


def _check_entry(row: dict[str, Any], expected_prev: str, report: VerifyReport, limit: int) -> None:
    entry_id = row["id"]
    if row["prev_hash"] != expected_prev:
        report.add(Problem("entry", entry_id, "前一条哈希不符（之前的记录被删除、插入或改动）",
                           "prev_hash does not match the previous entry (an entry before it was "
                           "deleted, inserted or altered)"), limit)
    if hash_payload(row["prev_hash"], payload_from_values(row)) != row["entry_hash"]:
        report.add(Problem("entry", entry_id, "哈希不符", "hash mismatch"), limit)


def verify(*, limit: int = 20, chunk_size: int = 5000) -> VerifyReport:
    """Recompute the whole log. Keeps at most `limit` problems (the count covers all)."""
    report = VerifyReport()
    checkpoints = list(Checkpoint.objects.order_by("tree_size"))
    report.checkpoints = len(checkpoints)
    trusted = signing.trusted_public_keys()
    if checkpoints and not trusted:
        report.warnings.append(
            "未配置签名密钥，无法确认检查点公钥可信 / no signing key configured: the checkpoints' "
            "public key cannot be checked against a trusted one"
        )
    tree = merkle.TreeBuilder()
    expected_prev = GENESIS_HASH
    next_cp = 0
    rows = AuditEntry.objects.order_by("id").values(*_ENTRY_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        _check_entry(row, expected_prev, report, limit)
        expected_prev = row["entry_hash"]
        tree.append(_leaf(row["entry_hash"]))
        while next_cp < len(checkpoints) and checkpoints[next_cp].tree_size <= tree.size:
            cp = checkpoints[next_cp]
            if cp.tree_size == tree.size:
                _check_checkpoint(cp, row["id"], tree, trusted, report, limit)
                report.sealed = cp.tree_size
            next_cp += 1
        report.last_entry_id = row["id"]
    report.entries = tree.size
    for cp in checkpoints[next_cp:]:
        report.add(Problem("checkpoint", cp.tree_size, f"覆盖 {cp.tree_size} 条，但只有 {tree.size} 条记录（记录被删除）",
                           f"covers {cp.tree_size} entries but only {tree.size} exist (entries were deleted)"),
                   limit)
    return report
