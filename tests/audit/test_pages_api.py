"""Auditor pages and /api/v1/audit/: auditors and administrators see the log, everybody else gets
403; one entry's inclusion proof verifies offline and fails once the entry is changed."""

from __future__ import annotations

import copy
import io
import json

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.audit.helpers import TEST_PUBLIC_KEY
from zhijian.audit import merkle
from zhijian.audit.models import AuditEntry, Checkpoint
from zhijian.audit.selectors import dashboard_cards
from zhijian.audit.services import checkpoint_seal


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", ["shenji", "admin"])
def test_auditors_see_the_log_with_filters(people, organisations, username):
    client = client_for(people[username])
    response = client.get(reverse("audit:entry_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "审计测试企业4" in body and "accounts.organisation.create" in body and "共" in body
    for header in ("时间", "操作人", "动作", "对象", "理由", "请求编号"):
        assert f"<th>{header}</th>" in body
    filtered = client.get(reverse("audit:entry_list"), {"object_id": str(organisations[1].pk),
                                                          "object_type": "accounts.organisation"})
    assert "审计测试企业1" in filtered.content.decode() and "审计测试企业2" not in filtered.content.decode()


@pytest.mark.parametrize("username", ["xian", "sheng", "yanta", "qiye", "jianyan", "pingtai", "baoji"])
def test_everyone_else_gets_403(people, organisations, username):
    client = client_for(people[username])
    entry = AuditEntry.objects.first()
    for url in (reverse("audit:entry_list"), reverse("audit:entry_detail", args=[entry.pk]),
                reverse("audit:entry_proof", args=[entry.pk]), reverse("audit:checkpoint_list")):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("audit:checkpoint_seal")).status_code == 403
    assert not Checkpoint.objects.exists()


def test_anonymous_is_sent_to_login(organisations):
    response = Client().get(reverse("audit:entry_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_filters_by_actor_kind_region_time_and_request(people, organisations):
    from django.db import transaction

    from zhijian.audit.services import log_event
    from zhijian.core import context

    with context.acting(people["shenji"], request_id="req-42", source="api"), transaction.atomic():
        log_event(acting_user=people["shenji"], event="test.request")
    client = client_for(people["shenji"])
    url = reverse("audit:entry_list")
    expectations = {
        "actor": ({"actor": "admin"}, 5), "nobody": ({"actor": "xian"}, 0),
        "kind": ({"kind": "event"}, 1), "region": ({"region": "6101"}, 5), "other_region": ({"region": "6103"}, 0),
        "since": ({"time_from": "2000-01-01T00:00"}, 6), "until": ({"time_to": "2000-01-01T00:00"}, 0),
        "action": ({"action": "accounts.organisation"}, 5), "request": ({"request_id": "req-42"}, 1),
    }
    for name, (params, expected) in expectations.items():
        response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["paginator"].count == expected, name


def test_xlsx_export(people, organisations):
    response = client_for(people["shenji"]).get(reverse("audit:entry_list"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("时间", "操作人", "动作", "对象", "理由", "请求编号")
    assert len(rows) == 6 and rows[1][2] == "accounts.organisation.create"


def test_detail_shows_diff_hashes_and_proof_link(people, organisations):
    client = client_for(people["shenji"])
    entry = AuditEntry.objects.order_by("id").first()
    response = client.get(reverse("audit:entry_detail", args=[entry.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert entry.entry_hash in body and entry.prev_hash in body and "审计测试企业0" in body
    assert reverse("audit:entry_proof", args=[entry.pk]) not in body  # not sealed yet: offers sealing
    assert client.get(reverse("audit:entry_proof", args=[entry.pk])).status_code == 409
    response = client.post(reverse("audit:checkpoint_seal"), {"next": reverse("audit:entry_detail", args=[entry.pk])})
    assert response.status_code == 302 and response["Location"] == reverse("audit:entry_detail", args=[entry.pk])
    body = client.get(reverse("audit:entry_detail", args=[entry.pk])).content.decode()
    assert reverse("audit:entry_proof", args=[entry.pk]) in body


def test_downloaded_proof_verifies_offline_and_fails_when_changed(people, organisations):
    checkpoint_seal()
    client = client_for(people["shenji"])
    entry = AuditEntry.objects.order_by("id")[2]
    response = client.get(reverse("audit:entry_proof", args=[entry.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    doc = json.loads(response.content)
    assert doc["leaf_index"] == 2 and doc["checkpoint"]["tree_size"] == 5
    assert merkle.verify_proof_document(doc, trusted_public_key=TEST_PUBLIC_KEY) == []
    changed = copy.deepcopy(doc)
    changed["entry"]["payload"]["after"]["name"] = "篡改"
    assert "entry hash does not match its payload" in merkle.verify_proof_document(changed)
    rehashed = copy.deepcopy(changed)
    rehashed["entry"]["entry_hash"] = merkle.entry_hash_of(rehashed["entry"]["prev_hash"],
                                                           rehashed["entry"]["payload"])
    assert merkle.verify_proof_document(rehashed) == ["audit path does not lead to the checkpoint root"]
    wrong_key = merkle.verify_proof_document(doc, trusted_public_key="00" * 32)
    assert wrong_key and all("untrusted key" in p for p in wrong_key)


def test_proof_links_to_later_checkpoints(people, organisations):
    from django.db import transaction

    from zhijian.audit.services import log_event

    checkpoint_seal()
    with transaction.atomic():
        for i in range(4):
            log_event(acting_user=None, event="test.later", new={"i": i})
    checkpoint_seal()
    entry = AuditEntry.objects.order_by("id")[0]
    doc = client_for(people["admin"]).get(reverse("audit:entry_proof", args=[entry.pk])).json()
    assert doc["checkpoint"]["tree_size"] == 5 and doc["latest_checkpoint"]["tree_size"] == 9
    assert merkle.verify_proof_document(doc, trusted_public_key=TEST_PUBLIC_KEY) == []
    doc["consistency_path"][0] = "00" * 32
    assert "latest checkpoint is not consistent" in " ".join(merkle.verify_proof_document(doc))


def test_checkpoint_list_and_seal_button(people, organisations):
    client = client_for(people["shenji"])
    body = client.get(reverse("audit:checkpoint_list")).content.decode()
    assert "未封存记录：5 条" in body
    client.post(reverse("audit:checkpoint_seal"))
    cp = Checkpoint.objects.get()
    body = client.get(reverse("audit:checkpoint_list")).content.decode()
    assert cp.root_hash in body and "未封存记录：0 条" in body


def test_dashboard_cards(people, organisations):
    checkpoint_seal()
    cards = {str(c["label"]): c["value"] for c in dashboard_cards(people["shenji"])}
    assert cards == {"审计记录数": 5, "最新检查点": 5, "未封存条数": 0}
    assert dashboard_cards(people["xian"]) == []
    assert dashboard_cards(people["sheng"]) == []
    home = client_for(people["shenji"]).get(reverse("home")).content.decode()
    assert "未封存条数" in home


# --- API ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["shenji", "admin"])
def test_api_lists_entries_for_auditors(api_for, organisations, username):
    api = api_for(username)
    response = api.get("/api/v1/audit/", {"action": "accounts.organisation"})
    assert response.status_code == 200 and response.json()["count"] == 5
    entry = response.json()["results"][0]
    detail = api.get(f"/api/v1/audit/{entry['id']}/").json()
    assert detail["entry_hash"] == entry["entry_hash"] and len(detail["prev_hash"]) == 64
    assert detail["after"]["name"].startswith("审计测试企业")
    assert api.get("/api/v1/audit/", {"object_id": "nope"}).json()["count"] == 0


@pytest.mark.parametrize("username", ["xian", "sheng", "yanta", "baoji", "qiye", "jianyan", "pingtai"])
def test_api_refuses_other_roles(api_for, organisations, username):
    api = api_for(username)
    entry = AuditEntry.objects.first()
    for url in ("/api/v1/audit/", f"/api/v1/audit/{entry.pk}/", f"/api/v1/audit/{entry.pk}/proof/",
                "/api/v1/audit/checkpoints/"):
        response = api.get(url)
        assert response.status_code == 403, url
        assert "auditors" in response.json()["detail"]


def test_api_proof_and_checkpoints(api_for, organisations):
    api = api_for("shenji")
    entry = AuditEntry.objects.order_by("id").last()
    response = api.get(f"/api/v1/audit/{entry.pk}/proof/")
    assert response.status_code == 409 and "not sealed" in response.json()["detail"]
    checkpoint_seal()
    doc = api.get(f"/api/v1/audit/{entry.pk}/proof/").json()
    assert doc["leaf_index"] == 4 and merkle.verify_proof_document(doc, TEST_PUBLIC_KEY) == []
    checkpoints = api.get("/api/v1/audit/checkpoints/").json()
    assert checkpoints["count"] == 1 and checkpoints["results"][0]["public_key"] == TEST_PUBLIC_KEY
    assert api.get("/api/v1/audit/99999999/proof/").status_code == 404


def test_api_is_read_only(api_for, organisations):
    api = api_for("admin")
    entry = AuditEntry.objects.first()
    assert api.post("/api/v1/audit/", {"action": "x"}).status_code == 405
    assert api.patch(f"/api/v1/audit/{entry.pk}/", {"reason": "x"}).status_code == 405
    assert api.delete(f"/api/v1/audit/{entry.pk}/").status_code == 405


def test_list_query_counts_do_not_grow_with_rows(api_for, people, organisations, django_assert_max_num_queries):
    from django.db import transaction

    from zhijian.audit.services import log_event

    api = api_for("shenji")
    with django_assert_max_num_queries(2):  # count + page
        assert api.get("/api/v1/audit/").status_code == 200
    with transaction.atomic():
        for i in range(15):
            log_event(acting_user=people["admin"], event="test.many", new={"i": i})
    with django_assert_max_num_queries(2):
        assert api.get("/api/v1/audit/").json()["count"] == 20
    client = client_for(people["shenji"])
    client.get(reverse("audit:entry_list"))  # warm the session
    with django_assert_max_num_queries(6):  # session, user, count, page, menu/role checks
        assert client.get(reverse("audit:entry_list")).status_code == 200


def test_admin_is_read_only(people, organisations):
    client = client_for(people["admin"])
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    response = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).reason == entry.reason


def test_api_consistency_between_checkpoints(api_for, people, organisations):
    from django.db import transaction

    from zhijian.audit.services import log_event

    first = checkpoint_seal()
    with transaction.atomic():
        for i in range(6):
            log_event(acting_user=people["admin"], event="test.grow", new={"i": i})
    second = checkpoint_seal()
    api = api_for("shenji")
    doc = api.get(f"/api/v1/audit/checkpoints/{second.pk}/consistency/", {"first": 5}).json()
    path = [bytes.fromhex(h) for h in doc["consistency_path"]]
    assert doc["first"]["tree_size"] == 5 and doc["second"]["tree_size"] == 11
    assert merkle.verify_consistency(5, 11, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash), path)
    assert not merkle.verify_consistency(5, 11, bytes.fromhex("00" * 32), bytes.fromhex(second.root_hash), path)
    bad = api.get(f"/api/v1/audit/checkpoints/{second.pk}/consistency/", {"first": 4})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "first"
    assert api_for("xian").get(f"/api/v1/audit/checkpoints/{second.pk}/consistency/", {"first": 5}).status_code == 403
