"""The optional API list cache never serves a page older than the last audited write."""

import pytest
from django.db import transaction

from zhijian.accounts.services import organisation_create
from zhijian.core.models import Region


@pytest.mark.django_db
def test_cached_list_is_refreshed_by_a_write(settings, api_for, people, django_capture_on_commit_callbacks):
    settings.API_LIST_CACHE_SECONDS = 60
    client = api_for("sheng")
    first = client.get("/api/v1/organisations/").json()["count"]
    # a row slipped in behind the services' back does not bump the version: the page is cached
    from zhijian.accounts.models import Organisation

    Organisation.objects.create(name="绕过服务的单位", kind="enterprise", region=Region.objects.get(code="610103"))
    assert client.get("/api/v1/organisations/").json()["count"] == first
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        organisation_create(acting_user=people["sheng"], name="新建的企业", kind="enterprise",
                            region=Region.objects.get(code="610103"))
    assert client.get("/api/v1/organisations/").json()["count"] == first + 2


@pytest.mark.django_db
def test_cached_pages_are_per_scope(settings, api_for):
    settings.API_LIST_CACHE_SECONDS = 60
    whole = api_for("sheng").get("/api/v1/organisations/").json()["count"]
    mine = api_for("xian").get("/api/v1/organisations/").json()["count"]
    assert mine < whole
    assert api_for("qiye").get("/api/v1/organisations/").json()["count"] == 1
