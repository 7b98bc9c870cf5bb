"""The hash chain: entries recompute identically after a database round trip, triggers refuse
UPDATE and DELETE, checkpoints are sealed (by hand and automatically) and signed."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
import os
import stat

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.audit.helpers import TEST_PUBLIC_KEY
from zhijian.audit import merkle, signing
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.audit.services import (
    GENESIS_HASH,
    checkpoint_message,
    checkpoint_seal,
    compute_entry_hash,
    jsonable,
    log_event,
)
from zhijian.audit.verification import verify

TRICKY = {
    "integral_float": 1.0, "float": 0.1, "tiny": 1.5e-10, "huge": 1e300, "nan": float("nan"),
    "negative_zero": -0.0, "big_int": 2**70, "decimal": decimal.Decimal("12.30"),
    "date": dt.date(2026, 11, 24), "aware": dt.datetime(2026, 11, 24, 8, 0, 0, 123456, tzinfo=dt.UTC),
    "nested": {"z": [1, {"b": 2, "a": 1}], "a": None}, "chinese": "美的电饭煲😀", "empty": "",
    "set": {3, 1, 2}, "tuple": (1, 2), "bool": True,
}


def test_entry_hash_recomputes_after_reading_back(organisations, people):
    with transaction.atomic():
        written = log_event(acting_user=people["sheng"], event="test.tricky", old={"x": 1}, new=TRICKY,
                            reason="往返测试\n第二行 ")
    for entry in AuditEntry.objects.order_by("id"):
        assert compute_entry_hash(entry.prev_hash, entry) == entry.entry_hash, entry.pk
    reread = AuditEntry.objects.get(pk=written.pk)
    assert reread.after == jsonable(TRICKY)
    assert reread.after["integral_float"] == 1 and reread.after["huge"] == "1e+300"
    assert verify().ok


def test_entries_are_chained_and_scoped(organisations):
    entries = list(AuditEntry.objects.order_by("id"))
    assert entries[0].prev_hash == GENESIS_HASH
    for prev, entry in itertools.pairwise(entries):
        assert entry.prev_hash == prev.entry_hash
    first = entries[0]
    assert first.action == "accounts.organisation.create"
    assert first.region_code == "610113"
    assert first.organisation_id == organisations[0].pk
    assert first.actor_name == "admin" and first.reason == "登记第 0 家"


@pytest.mark.parametrize("table", ["audit_auditentry", "audit_checkpoint"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_database_refuses_update_and_delete(organisations, table, statement):
    checkpoint_seal()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(t=table))
    assert AuditEntry.objects.count() == 5 and Checkpoint.objects.count() == 1


def test_orm_update_is_refused_too(organisations):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=AuditEntry.objects.first().pk).update(reason="改写")


def test_seal_signs_a_merkle_root_over_all_entries(organisations):
    checkpoint = checkpoint_seal()
    hashes = [bytes.fromhex(h) for h in AuditEntry.objects.order_by("id").values_list("entry_hash", flat=True)]
    assert checkpoint.tree_size == 5
    assert checkpoint.last_entry_id == AuditEntry.objects.order_by("-id").first().pk
    assert checkpoint.root_hash == merkle.mth(hashes).hex()
    assert checkpoint.public_key == TEST_PUBLIC_KEY
    assert signing.signature_valid(checkpoint.public_key, checkpoint.signature,
                                   checkpoint_message(Checkpoint.objects.get(pk=checkpoint.pk)))
    assert checkpoint_seal() is None  # nothing new


def test_second_seal_resumes_from_the_peaks(organisations, people):
    checkpoint_seal()
    with transaction.atomic():
        for i in range(6):
            log_event(acting_user=people["admin"], event="test.more", new={"i": i})
    second = checkpoint_seal()
    hashes = [bytes.fromhex(h) for h in AuditEntry.objects.order_by("id").values_list("entry_hash", flat=True)]
    assert second.tree_size == 11 and second.root_hash == merkle.mth(hashes).hex()
    report = verify(chunk_size=2)
    assert report.ok and report.sealed == 11 and report.checkpoints == 2


def test_automatic_seal_waits_for_n_entries(settings, people, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(2):
            log_event(acting_user=people["admin"], event="test.auto", new={"i": i})
    assert len(callbacks) == 1  # one check per transaction, however many entries it wrote
    assert not Checkpoint.objects.exists()


def test_automatic_seal_after_every_n_entries(settings, people, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for i in range(3):
            log_event(acting_user=people["admin"], event="test.auto", new={"i": i})
    assert Checkpoint.objects.get().tree_size == 3


def test_no_key_outside_debug_refuses_to_seal(settings, organisations, django_capture_on_commit_callbacks):
    settings.AUDIT_SIGNING_KEY = ""
    settings.DEBUG = False
    with pytest.raises(signing.SigningKeyMissing, match="ZHIJIAN_AUDIT_SIGNING_KEY"):
        checkpoint_seal()
    settings.AUDIT_CHECKPOINT_EVERY = 1
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        log_event(acting_user=None, event="test.nokey")  # the automatic seal only logs a warning
    assert not Checkpoint.objects.exists()


def test_bad_key_is_a_clear_error(settings, organisations):
    settings.AUDIT_SIGNING_KEY = "abc"
    with pytest.raises(signing.ImproperlyConfigured, match="64"):
        checkpoint_seal()


def test_debug_mode_makes_a_private_key_file_once(settings, tmp_path, organisations):
    settings.AUDIT_SIGNING_KEY = ""
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    first = checkpoint_seal()
    path = tmp_path / signing.KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with transaction.atomic():
        log_event(acting_user=None, event="test.again")
    second = checkpoint_seal()
    assert first.public_key == second.public_key != TEST_PUBLIC_KEY
    assert verify().ok


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=JSON, new=JSON)
def test_any_json_reads_back_to_the_same_hash(db, old, new):
    with transaction.atomic():
        written = log_event(acting_user=None, event="test.json", old=old, new=new)
    reread = AuditEntry.objects.get(pk=written.pk)
    assert compute_entry_hash(reread.prev_hash, reread) == written.entry_hash


@pytest.mark.django_db
def test_password_hash_never_enters_the_audit_log():
    from zhijian.accounts.services import user_create
    from zhijian.audit.models import AuditEntry

    with transaction.atomic():
        user = user_create(acting_user=None, username="mima", password="a-long-secret-password")
    entry = AuditEntry.objects.get(action="accounts.user.create", object_id=str(user.pk))
    assert user.password not in json.dumps(entry.after)
    assert entry.after["password"].startswith("[redacted]")
