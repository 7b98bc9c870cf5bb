"""Each work-plan rule fires, says why (zh / en), and is switched by the rules settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.licensing.conftest import add_documents, new_application, submitted
from zhijian.licensing import services
from zhijian.licensing.models import Licence, LicenceStatusChange
from zhijian.licensing.selectors import rules, sla_rows

pytestmark = pytest.mark.django_db


def _licence(firm, category, *, issued: dt.date, until: dt.date, status: str = "valid") -> Licence:
    return Licence.objects.create(number=services.licence_number_for(firm.uscc, category.code), holder=firm,
                                  holder_name=firm.name, region=firm.region, category=category,
                                  product_name=category.name, production_addresses=["西安市雁塔区锦业路69号"],
                                  issued_on=issued, valid_until=until, status=status)


def test_over_capacity_list_refuses_with_explanation_and_can_be_switched_off(people, firm, cats):
    qiye, sheng = people["qiye"], people["sheng"]
    services.over_capacity_add(acting_user=sheng, enterprise=firm, industry="cement", listed_on=dt.date(2016, 3, 1),
                               basis="陕政办发〔2016〕产能过剩违规项目清单")
    app = new_application(qiye, firm, cats["cement"])
    add_documents(qiye, app)
    with pytest.raises(ValidationError) as err:
        services.application_submit(acting_user=qiye, application=app)
    text = str(err.value)
    assert "产能严重过剩违规企业名单" in text and "over-capacity" in text
    app.refresh_from_db()
    assert app.stage == "draft"
    services.rules_update(acting_user=sheng, refuse_over_capacity=False)
    services.application_submit(acting_user=qiye, application=app)
    app.refresh_from_db()
    assert app.stage == "submitted" and not any(n["code"] == "over_capacity" for n in app.rule_notes)


def test_listing_after_submission_blocks_acceptance(people, firm, cats):
    app = submitted(people["qiye"], firm, cats["cement"])
    services.over_capacity_add(acting_user=people["sheng"], enterprise=firm, industry="cement",
                               listed_on=dt.date(2016, 1, 1), basis="名单")
    with pytest.raises(ValidationError, match="不予受理"):
        services.application_accept(acting_user=people["sheng"], application=app)
    services.application_refuse(acting_user=people["sheng"], application=app, reason="列入产能过剩违规名单")
    app.refresh_from_db()
    assert app.stage == "refused" and app.refusal_reason


def test_restructuring_goes_to_priority_queue(people, firm, other_firm, cats):
    plain = submitted(people["qiye"], firm, cats["metal"])
    other_firm.organisation = None
    merged = services.application_create(acting_user=people["sheng"], kind="new", enterprise=other_firm,
                                         category=cats["metal"], production_addresses=["宝鸡市渭滨区"], restructuring=True)
    add_documents(people["sheng"], merged)
    services.application_submit(acting_user=people["sheng"], application=merged)
    merged.refresh_from_db()
    assert merged.priority and any(n["code"] == "priority" and "优先办理" in n["zh"] for n in merged.rule_notes)
    order = [r["application"].pk for r in sla_rows(people["sheng"])]
    assert order.index(merged.pk) < order.index(plain.pk)


def test_no_relocation_no_new_licence_exempts_from_onsite_verification(people, firm, cats):
    today = dt.date.today()
    licence = _licence(firm, cats["metal"], issued=today - dt.timedelta(days=400), until=today + dt.timedelta(days=1500))
    qiye, sheng = people["qiye"], people["sheng"]
    app = services.application_create(acting_user=qiye, kind="change", licence=licence, change_kind="production",
                                      restructuring=True, relocating=False, models_covered=["新型号 QH-40"])
    add_documents(qiye, app)
    services.application_submit(acting_user=qiye, application=app)
    services.application_accept(acting_user=sheng, application=app)
    services.application_review(acting_user=sheng, application=app, passed=True)
    app.refresh_from_db()
    assert app.onsite_exempt and app.stage == "decision"
    assert "免于实地核查" in app.steps.last().note
    # relocating: the same change goes to on-site verification
    moving = services.application_create(acting_user=qiye, kind="change", licence=licence, change_kind="production",
                                         restructuring=True, relocating=True, production_addresses=["西安市高陵区"])
    add_documents(qiye, moving)
    services.application_submit(acting_user=qiye, application=moving)
    services.application_accept(acting_user=sheng, application=moving)
    services.application_review(acting_user=sheng, application=moving, passed=True)
    moving.refresh_from_db()
    assert not moving.onsite_exempt and moving.stage == "verification"


def test_renewal_delayed_by_restructuring_is_on_time(people, firm, cats):
    today = dt.date.today()
    licence = _licence(firm, cats["metal"], issued=today - dt.timedelta(days=1700), until=today + dt.timedelta(days=60))
    qiye = people["qiye"]
    late = services.application_create(acting_user=qiye, kind="renewal", licence=licence, restructuring=True)
    add_documents(qiye, late)
    services.application_submit(acting_user=qiye, application=late)
    late.refresh_from_db()
    note = next(n for n in late.rule_notes if n["code"] == "late_renewal_tolerated")
    assert late.late_renewal_tolerated and "视为按期" in note["zh"] and "on time" in note["en"]
    services.rules_update(acting_user=people["sheng"], restructuring_late_renewal_days=0)
    plain = services.application_create(acting_user=qiye, kind="renewal", licence=licence, restructuring=True)
    add_documents(qiye, plain)
    services.application_submit(acting_user=qiye, application=plain)
    plain.refresh_from_db()
    assert not plain.late_renewal_tolerated and any(n["code"] == "renewal_late" for n in plain.rule_notes)


def test_no_new_application_within_three_years_of_revocation(people, firm, cats):
    today = dt.date.today()
    licence = _licence(firm, cats["metal"], issued=today - dt.timedelta(days=900), until=today + dt.timedelta(days=900))
    services.licence_change_status(acting_user=people["sheng"], licence=licence, transition="revoke",
                                   reason="出租许可证", on=today - dt.timedelta(days=400))
    app = new_application(people["qiye"], firm, cats["metal"])
    add_documents(people["qiye"], app)
    with pytest.raises(ValidationError) as err:
        services.application_submit(acting_user=people["qiye"], application=app)
    assert "被吊销" in str(err.value) and "3年内" in str(err.value)
    assert "no new application" in str(err.value)
    # after the bar has run out the same application goes through
    LicenceStatusChange.objects.filter(licence=licence, new_status="revoked").update(changed_on=today - dt.timedelta(days=3 * 366))
    services.application_submit(acting_user=people["qiye"], application=app)
    app.refresh_from_db()
    assert app.stage == "submitted"


def test_rules_are_configurable_only_by_the_authority(people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.rules_update(acting_user=people["xian"], revocation_bar_years=1)
    with pytest.raises(ValidationError, match="2至4名"):
        services.rules_update(acting_user=people["sheng"], verifier_min=1)
    services.rules_update(acting_user=people["sheng"], deadlines={"decision": [20, "working", "省局提速承诺"]})
    assert rules().deadline_rule("decision") == (20, "working", "省局提速承诺")


def test_rule_explanations_on_the_pages(people, firm, cats):
    """What the applicant and the official read when the exemption, the tolerance and the bar fire."""
    from django.test import Client
    from django.urls import reverse

    qiye_client, sheng_client = Client(), Client()
    qiye_client.force_login(people["qiye"])
    sheng_client.force_login(people["sheng"])
    today = dt.date.today()
    licence = _licence(firm, cats["metal"], issued=today - dt.timedelta(days=1700), until=today + dt.timedelta(days=60))
    app = services.application_create(acting_user=people["qiye"], kind="renewal", licence=licence, restructuring=True)
    add_documents(people["qiye"], app)
    services.application_submit(acting_user=people["qiye"], application=app)
    page = qiye_client.get(app.get_absolute_url()).content.decode()
    for code in ("priority", "onsite_exempt", "late_renewal_tolerated"):
        assert f'data-testid="rule-{code}"' in page, code
    assert "视为按期" in page and "免于实地核查" in page and "第13项" in page
    services.application_accept(acting_user=people["sheng"], application=app)
    sheng_client.post(reverse("licensing:application_action", args=[app.pk, "review_pass"]))
    app.refresh_from_db()
    assert app.stage == "decision"
    assert "免于实地核查" in sheng_client.get(app.get_absolute_url()).content.decode()
    services.licence_change_status(acting_user=people["sheng"], licence=licence, transition="revoke", reason="复查不合格")
    new = new_application(people["qiye"], firm, cats["metal"])
    add_documents(people["qiye"], new)
    response = qiye_client.post(reverse("licensing:application_action", args=[new.pk, "submit"]), follow=True)
    text = response.content.decode()
    assert "被吊销" in text and "3年内" in text and "no new application" in text
