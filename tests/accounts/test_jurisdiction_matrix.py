"""The jurisdiction matrix (issue 2): every demo login against every list and detail endpoint of
the API, on the tiny demo province. What each user should see is computed here independently of
the selectors, from the rule itself: province-wide roles see everything; a city or county bureau
sees records whose region code lies under its own; enterprises, agencies and platforms see only
their own organisation's records."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from rest_framework.test import APIClient

from zhijian.accounts.models import User

DEMO_USERS = ["admin", "sheng", "xian", "baoji", "yanta", "jianyan", "qiye", "pingtai", "shenji"]
PROVINCE_WIDE = {"administrator", "province_staff", "auditor"}
BUREAU = {"city_staff", "county_staff", "inspector"}

# endpoint -> model label; None marks public reference data every signed-in user reads whole.
SCOPED = {
    "enterprises": "registry.Enterprise",
    "products": "registry.Product",
    "agencies": "agencies.InspectionAgency",
    "inspectors": "agencies.Inspector",
    "organisations": "accounts.Organisation",
    "draws": "draws.Draw",
    "spotchecks/tasks": "spotchecks.Task",
    "spotchecks/objections": "spotchecks.Objection",
    "spotchecks/handling": "spotchecks.Handling",
    "spotchecks/announcements": "spotchecks.Announcement",
    "licensing/licences": "licensing.Licence",
    "licensing/applications": "licensing.Application",
    "licensing/annual-reports": "licensing.AnnualReport",
    "licensing/campaigns": "licensing.Campaign",
    "risk/signals": "risk.Signal",
    "risk/assessments": "risk.Assessment",
    "risk/alarms": "risk.Alarm",
}
# Endpoints whose own rule is tested in their app: spot-check plans (a bureau also reads every
# higher-level plan, for coordination: tests/spotchecks/test_pages_api.py) and the public results.
OWN_RULE = {"spotchecks/plans", "public/spotcheck-results",
            # the analysis aggregates task_list(user) (tests/spotchecks/test_analysis.py)
            "spotchecks/analysis",
            # licensing: proceedings, rules and worklists are bureau-only (tests/licensing)
            "licensing/proceedings", "licensing/rules", "licensing/worklists",
            # risk: warnings are seen by their issuing region and every addressee, tasks also by the
            # issuer, subscriptions only by their own organisation; the public feed and the level
            # calculator are open (tests/risk/test_api.py)
            "risk/warnings", "risk/responses", "risk/subscriptions", "risk/level", "public/warnings"}
PUBLIC = {
    "regions": "core.Region",
    "product-categories": "registry.ProductCategory",
    "brands": "registry.Brand",
    "standards": "standards.Standard",
    "test-items": "standards.TestItem",
    "licensing/catalogue": "licensing.CatalogueEntry",
}
AUDITORS_ONLY = {"audit": "audit.AuditEntry", "audit/checkpoints": "audit.Checkpoint"}


def _follow(obj, path: str):
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def should_see(user: User, obj) -> bool:
    if user.is_superuser or user.role in PROVINCE_WIDE:
        return True
    org = user.organisation
    org_paths = getattr(obj, "jurisdiction_organisation_field", None) or ()
    org_paths = (org_paths,) if isinstance(org_paths, str) else org_paths
    owned = any(_follow(obj, p) == org.id for p in org_paths)
    if user.role in BUREAU:
        if org.level == "province":
            return True
        prefix = org.region_id[:4] if org.level == "city" else org.region_id
        region = _follow(obj, getattr(obj, "jurisdiction_region_field", "") or "") or ""
        return str(region).startswith(prefix) or owned
    return owned


def list_ids(client: APIClient, endpoint: str) -> tuple[int, set]:
    ids: set = set()
    url = f"/api/v1/{endpoint}/?page_size=200"
    while url:
        response = client.get(url)
        if response.status_code != 200:
            return response.status_code, ids
        body = response.json()
        ids.update(str(row.get("id", row.get("code"))) for row in body["results"])
        url = body.get("next")
    return 200, ids


@pytest.fixture
def province(db):
    call_command("demo_load", scale="tiny", verbosity=0)
    return {u.username: u for u in User.objects.filter(username__in=DEMO_USERS).select_related("organisation")}


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_scoped_endpoints_show_exactly_the_jurisdiction(province):
    failures = []
    for endpoint, label in SCOPED.items():
        model = apps.get_model(label)
        objects = list(model.objects.all())
        for username in DEMO_USERS:
            user = province[username]
            status, seen = list_ids(client_for(user), endpoint)
            expected = {str(o.pk) for o in objects if should_see(user, o)}
            if status == 403 and not expected:
                continue  # a role that may not use this list at all
            if status != 200 or seen != expected:
                failures.append(f"{username} {endpoint}: status {status}, {len(seen)} seen, {len(expected)} expected, "
                                f"extra {sorted(seen - expected)[:3]}, missing {sorted(expected - seen)[:3]}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_detail_outside_jurisdiction_is_not_found_and_cannot_be_changed(province):
    failures = []
    for endpoint, label in SCOPED.items():
        objects = list(apps.get_model(label).objects.all())
        for username in DEMO_USERS:
            user = province[username]
            client = client_for(user)
            hidden = [o for o in objects if not should_see(user, o)][:4]
            shown = [o for o in objects if should_see(user, o)][:2]
            for obj in hidden:
                if (code := client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code) not in (403, 404):
                    failures.append(f"{username} GET {endpoint}/{obj.pk}: {code}")
                before = obj.__class__.objects.get(pk=obj.pk).__dict__.get("name")
                code = client.patch(f"/api/v1/{endpoint}/{obj.pk}/", {"name": "越权修改"}, format="json").status_code
                if code not in (403, 404, 405):
                    failures.append(f"{username} PATCH {endpoint}/{obj.pk}: {code}")
                if obj.__class__.objects.get(pk=obj.pk).__dict__.get("name") != before:
                    failures.append(f"{username} changed {endpoint}/{obj.pk}")
            for obj in shown:
                if (code := client.get(f"/api/v1/{endpoint}/{obj.pk}/").status_code) != 200:
                    failures.append(f"{username} GET own {endpoint}/{obj.pk}: {code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_public_reference_data_is_whole_for_everyone(province):
    for endpoint, label in PUBLIC.items():
        total = apps.get_model(label).objects.count()
        for username in DEMO_USERS:
            response = client_for(province[username]).get(f"/api/v1/{endpoint}/")
            assert response.status_code == 200, (username, endpoint)
            assert response.json()["count"] == total, (username, endpoint)


@pytest.mark.django_db
def test_audit_log_only_for_auditors(province):
    for endpoint in AUDITORS_ONLY:
        for username in DEMO_USERS:
            code = client_for(province[username]).get(f"/api/v1/{endpoint}/").status_code
            allowed = province[username].role in {"auditor", "administrator"}
            assert code == (200 if allowed else 403), (username, endpoint, code)


@pytest.mark.django_db
def test_xian_never_sees_a_baoji_enterprise(province):
    from zhijian.registry.models import Enterprise

    baoji = Enterprise.objects.filter(region__code__startswith="6103")
    assert baoji.exists()
    _status, seen = list_ids(client_for(province["xian"]), "enterprises")
    assert not seen & {str(pk) for pk in baoji.values_list("pk", flat=True)}
    assert all(e.region_id.startswith("6101") for e in Enterprise.objects.filter(pk__in=seen))


@pytest.mark.django_db
def test_every_router_endpoint_is_covered():
    from zhijian.api_router import router

    covered = set(SCOPED) | set(PUBLIC) | set(AUDITORS_ONLY) | OWN_RULE | {"imports", "exports"}
    assert {prefix for prefix, _viewset, _basename in router.registry} <= covered
