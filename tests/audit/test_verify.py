"""`zhijian audit verify`: an untouched log exits 0; editing, deleting or re-signing anything
behind the triggers' back exits 1 and names the first entry or checkpoint that does not match."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.audit.helpers import json_param, tamper
from zhijian.audit import signing
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.audit.services import checkpoint_seal, log_event


def run_verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def ids() -> list[int]:
    return list(AuditEntry.objects.order_by("id").values_list("id", flat=True))


def test_untouched_log_exits_zero(organisations):
    checkpoint_seal()
    with transaction.atomic():
        log_event(acting_user=None, event="test.after_seal", new={"n": 1})
    code, output = run_verify()
    assert code == 0, output
    assert "audit log intact" in output and "6 entries" in output and "1 unsealed" in output


def test_empty_log_exits_zero(db):
    assert run_verify()[0] == 0


@pytest.mark.parametrize("sealed", [True, False])
def test_editing_the_after_json_names_that_entry(organisations, sealed):
    if sealed:
        checkpoint_seal()
    target = ids()[2]
    tamper("audit_auditentry", f"UPDATE audit_auditentry SET after = {json_param()} WHERE id = %s",
           [json.dumps({"name": "篡改后的名称"}, ensure_ascii=False), target])
    code, output = run_verify()
    assert code == 1
    assert f"audit entry #{target} hash mismatch" in output
    first_line = output.strip().splitlines()[-1]
    assert f"#{target}" in first_line  # the closing line names the first failure


def test_editing_the_reason_names_that_entry(organisations):
    checkpoint_seal()
    target = ids()[0]
    tamper("audit_auditentry", "UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["补录", target])
    code, output = run_verify()
    assert code == 1 and f"审计记录 #{target} 哈希不符 / audit entry #{target} hash mismatch" in output


def test_rehashing_an_edited_entry_still_breaks_the_chain_and_the_root(organisations):
    """An attacker who recomputes the edited entry's own hash is caught by the next entry's
    prev_hash and by the signed root."""
    from zhijian.audit.services import compute_entry_hash

    checkpoint_seal()
    target = ids()[1]
    entry = AuditEntry.objects.get(pk=target)
    entry.reason = "篡改"
    forged = compute_entry_hash(entry.prev_hash, entry)
    tamper("audit_auditentry", "UPDATE audit_auditentry SET reason = %s, entry_hash = %s WHERE id = %s",
           ["篡改", forged, target])
    code, output = run_verify()
    assert code == 1
    assert f"audit entry #{ids()[2]} prev_hash does not match" in output
    assert "checkpoint at tree size 5: root hash does not match" in output


def test_deleting_an_entry_in_the_middle_is_detected(organisations):
    checkpoint_seal()
    all_ids = ids()
    tamper("audit_auditentry", "DELETE FROM audit_auditentry WHERE id = %s", [all_ids[2]])
    code, output = run_verify()
    assert code == 1
    assert f"audit entry #{all_ids[3]} prev_hash does not match" in output


def test_deleting_sealed_entries_at_the_end_is_detected(organisations):
    checkpoint_seal()
    tamper("audit_auditentry", "DELETE FROM audit_auditentry WHERE id = %s", [ids()[-1]])
    code, output = run_verify()
    assert code == 1 and "covers 5 entries but only 4 exist" in output


def test_tampered_checkpoint_root_is_detected(organisations):
    cp = checkpoint_seal()
    tamper("audit_checkpoint", "UPDATE audit_checkpoint SET root_hash = %s WHERE id = %s", ["0" * 64, cp.pk])
    code, output = run_verify()
    assert code == 1 and "checkpoint at tree size 5: root hash does not match" in output


def test_tampered_checkpoint_signature_is_detected(organisations):
    cp = checkpoint_seal()
    bad = ("00" if cp.signature[:2] != "00" else "11") + cp.signature[2:]
    tamper("audit_checkpoint", "UPDATE audit_checkpoint SET signature = %s WHERE id = %s", [bad, cp.pk])
    code, output = run_verify()
    assert code == 1 and "checkpoint at tree size 5: signature is invalid" in output


def test_checkpoint_re_signed_with_another_key_is_detected(settings, organisations):
    """Someone who rewrites entries and re-seals with their own key is caught by the configured key."""
    settings.AUDIT_SIGNING_KEY = signing.generate_key_hex()
    checkpoint_seal()
    settings.AUDIT_SIGNING_KEY = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    code, output = run_verify()
    assert code == 1 and "not the configured one" in output


def test_rotated_key_stays_trusted_when_listed(settings, organisations):
    old_key = signing.generate_key_hex()
    settings.AUDIT_SIGNING_KEY = old_key
    old_public = checkpoint_seal().public_key
    settings.AUDIT_SIGNING_KEY = signing.generate_key_hex()
    settings.AUDIT_TRUSTED_PUBLIC_KEYS = [old_public]
    with transaction.atomic():
        log_event(acting_user=None, event="test.rotated")
    checkpoint_seal()
    assert run_verify()[0] == 0
    assert Checkpoint.objects.values("public_key").distinct().count() == 2


def test_verify_reports_the_first_of_several_problems(organisations):
    all_ids = ids()
    for target in (all_ids[3], all_ids[1]):
        tamper("audit_auditentry", "UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["x", target])
    from zhijian.audit.verification import verify

    report = verify()
    assert not report.ok and report.problem_count == 2
    assert report.first_problem.ref == all_ids[1]
