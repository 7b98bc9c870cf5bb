"""The e-approval workflow end to end at the service level: stages, time limits, audit, licence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.licensing.conftest import add_documents, new_application, submitted
from zhijian.audit.models import AuditEntry
from zhijian.core.calendar import add_working_days
from zhijian.licensing import services
from zhijian.licensing.models import Application, Licence
from zhijian.registry.models import Product

pytestmark = pytest.mark.django_db


def _through_to_issue(people, firm, cats, verifiers):
    qiye, sheng = people["qiye"], people["sheng"]
    app = submitted(qiye, firm, cats["metal"])
    services.application_accept(acting_user=sheng, application=app, note="材料齐全")
    services.application_review(acting_user=sheng, application=app, passed=True)
    app.refresh_from_db()
    assert app.stage == "verification"
    verification = services.verification_assign(acting_user=sheng, application=app, n=2)
    assert verification.verifiers.count() == 2
    services.verification_record(acting_user=sheng, application=app, performed_on=dt.date.today(), result="pass",
                                 report="生产条件、检验手段符合要求")
    services.application_decide(acting_user=sheng, application=app, decision="approve", reason="符合条件")
    return services.application_issue(acting_user=sheng, application=app), app


def test_new_licence_full_path_with_deadlines_and_audit(people, firm, cats, verifiers):
    qiye, sheng = people["qiye"], people["sheng"]
    app = new_application(qiye, firm, cats["metal"])
    add_documents(qiye, app)
    services.application_submit(acting_user=qiye, application=app)
    app.refresh_from_db()
    assert app.stage == "submitted"
    # acceptance within 5 working days (行政许可法 Art. 32): counted on the working-day calendar
    assert app.stage_due == add_working_days(app.submitted_on, 5).due and app.stage_due_kind == "working"
    services.application_accept(acting_user=sheng, application=app)
    app.refresh_from_db()
    assert app.stage == "review" and app.stage_due == app.accepted_on + dt.timedelta(days=30)
    licence, app = _through_to_issue(people, firm, cats, verifiers)
    assert licence.number.startswith("陕XK") and licence.status == "valid"
    assert licence.valid_until.year == licence.issued_on.year + 5
    app.refresh_from_db()
    assert app.stage == "issued" and app.issued_licence == licence
    actions = list(AuditEntry.objects.filter(action__startswith="licensing.application.").values_list("action", flat=True))
    for step in ("submit", "accept", "review_to_verification", "verification_to_decision", "approve", "issue"):
        assert f"licensing.application.{step}" in actions
    labels = [s.action for s in app.steps.all()]
    assert labels[0] == "create" and "assign_verifiers" in labels and labels[-1] == "issue"


def test_issued_number_matches_demo_numbering_and_renewal_keeps_it(people, firm, cats, verifiers):
    licence, _app = _through_to_issue(people, firm, cats, verifiers)
    qiye, sheng = people["qiye"], people["sheng"]
    serial = int(firm.uscc[8:16], 36) % 100_000
    assert licence.number == f"陕XK{10 + 702 % 90:02d}-{21:03d}-{serial:05d}"
    renewal = services.application_create(acting_user=qiye, kind="renewal", licence=licence,
                                          production_addresses=licence.production_addresses)
    add_documents(qiye, renewal)
    services.application_submit(acting_user=qiye, application=renewal)
    services.application_accept(acting_user=sheng, application=renewal)
    services.application_review(acting_user=sheng, application=renewal, passed=True)
    renewal.refresh_from_db()
    services.verification_assign(acting_user=sheng, application=renewal, n=3)
    services.verification_record(acting_user=sheng, application=renewal, performed_on=dt.date.today(), result="pass",
                                 report="符合")
    services.application_decide(acting_user=sheng, application=renewal, decision="approve")
    old_until = licence.valid_until
    renewed = services.application_issue(acting_user=sheng, application=renewal)
    assert renewed.pk == licence.pk and renewed.number == licence.number
    assert renewed.valid_until.year == old_until.year + 5 and renewed.certificate_version == 2
    assert Licence.objects.count() == 1


def test_missing_documents_refused_and_nothing_written(people, firm, cats):
    qiye = people["qiye"]
    app = new_application(qiye, firm, cats["metal"])
    add_documents(qiye, app, skip=("test_report",))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.application_submit(acting_user=qiye, application=app)
    assert "缺少必需材料" in str(err.value) and "test_report" in str(err.value)
    app.refresh_from_db()
    assert app.stage == "draft" and app.submitted_on is None and AuditEntry.objects.count() == before


def test_wrong_role_and_jurisdiction_refused(people, firm, other_firm, cats):
    with pytest.raises(PermissionDenied):  # an enterprise user for someone else's enterprise
        new_application(people["qiye"], other_firm, cats["metal"])
    app = submitted(people["qiye"], firm, cats["metal"])
    for name in ("xian", "yanta", "jianyan", "qiye", "shenji"):  # only the provincial authority accepts
        with pytest.raises(PermissionDenied):
            services.application_accept(acting_user=people[name], application=app)
    app.refresh_from_db()
    assert app.stage == "submitted"
    with pytest.raises(PermissionDenied):
        services.application_withdraw(acting_user=people["sheng"], application=app)


def test_invalid_licence_number_refused(people, firm):
    with pytest.raises(ValidationError) as err:
        services.application_create(acting_user=people["qiye"], kind="renewal", licence_number="XK12-34-567")
    assert "XK××-×××-×××××" in str(err.value)
    assert Application.objects.count() == 0


def test_category_outside_catalogue_refused(people, firm, cats):
    with pytest.raises(ValidationError) as err:  # electric blankets left the catalogue on 2018-08-01 (CCC)
        new_application(people["qiye"], firm, cats["blanket"])
    assert "不属于生产许可证管理目录" in str(err.value)


def test_verifiers_two_to_four_from_qualified_pool(people, firm, cats, verifiers):
    sheng = people["sheng"]
    app = submitted(people["qiye"], firm, cats["metal"])
    services.application_accept(acting_user=sheng, application=app)
    services.application_review(acting_user=sheng, application=app, passed=True)
    with pytest.raises(ValidationError, match="2至4名"):
        services.verification_assign(acting_user=sheng, application=app, inspectors=verifiers[:1])
    with pytest.raises(ValidationError, match="不在合格核查人员库"):
        services.verification_assign(acting_user=sheng, application=app, inspectors=[verifiers[0], verifiers[4]])
    v = services.verification_assign(acting_user=sheng, application=app, inspectors=verifiers[:2])
    assert set(v.verifiers.all()) == set(verifiers[:2])
    with pytest.raises(ValidationError, match="核查日期"):
        services.verification_record(acting_user=sheng, application=app, performed_on=dt.date.today() + dt.timedelta(days=2),
                                     result="pass", report="x")


def test_product_testing_by_qualified_agency_extends_decision_limit(people, firm, cats, verifiers, agency):
    sheng = people["sheng"]
    app = submitted(people["qiye"], firm, cats["chem"])  # hazardous chemicals: verify first, tested
    assert app.product_test_required
    services.application_accept(acting_user=sheng, application=app)
    services.application_review(acting_user=sheng, application=app, passed=True)
    services.verification_assign(acting_user=sheng, application=app, n=2)
    today = dt.date.today()
    services.verification_record(acting_user=sheng, application=app, performed_on=today, result="pass",
                                 report="符合，已封样", samples_sealed=True)
    app.refresh_from_db()
    assert app.stage == "testing" and app.stage_due == today + dt.timedelta(days=7)
    services.product_test_record(acting_user=sheng, application=app, agency=agency, delivered_on=today - dt.timedelta(days=9),
                                 reported_on=today, report_number="HG2026-001", result="pass")
    app.refresh_from_db()
    assert app.stage == "decision" and app.testing_days == 10
    assert app.stage_due == app.accepted_on + dt.timedelta(days=60 + 10)


def test_licence_status_changes_keep_legal_basis(people, firm, cats, verifiers):
    licence, _app = _through_to_issue(people, firm, cats, verifiers)
    with pytest.raises(ValidationError):
        services.licence_change_status(acting_user=people["sheng"], licence=licence, transition="revoke")
    services.licence_change_status(acting_user=people["sheng"], licence=licence, transition="revoke",
                                   reason="复查仍不合格")
    licence.refresh_from_db()
    assert licence.status == "revoked" and "第54条" in licence.status_basis
    change = licence.status_changes.last()
    assert change.new_status == "revoked" and change.basis == licence.status_basis
    assert AuditEntry.objects.filter(action="licensing.licence.revoke").exists()


def test_unlicensed_and_misuse_worklists(people, firm, other_firm, cats, verifiers):
    from tests.registry.factories import ProductFactory
    from zhijian.licensing.selectors import licence_misuse, unlicensed_producers

    licence, _app = _through_to_issue(people, firm, cats, verifiers)
    ProductFactory(enterprise=firm, category=cats["metal"], licence_number=licence.number)
    lent = ProductFactory(enterprise=other_firm, category=cats["metal"], licence_number=licence.number)
    bare = ProductFactory(enterprise=other_firm, category=cats["chem"])
    ProductFactory(enterprise=other_firm, category=cats["toy"])  # no licence needed
    cases = unlicensed_producers(people["sheng"])
    assert {(c.enterprise.pk, c.category.pk) for c in cases} == {(other_firm.pk, cats["metal"].pk),
                                                                   (other_firm.pk, cats["chem"].pk)}
    misuse = licence_misuse(people["sheng"])
    assert [(m.obj.pk, m.licence.pk) for m in misuse] == [(lent.pk, licence.pk)]
    assert bare.pk not in [m.obj.pk for m in misuse]
    assert unlicensed_producers(people["qiye"]) == [] and licence_misuse(people["qiye"]) == []
    assert Product.objects.count() == 4


def test_daily_job_expires_licences_with_basis(people, firm, cats):
    from django.core.management import call_command

    today = dt.date.today()
    lapsed = Licence.objects.create(number=services.licence_number_for(firm.uscc, "702.1"), holder=firm,
                                    holder_name=firm.name, region=firm.region, category=cats["metal"],
                                    product_name="不锈钢厨具餐具", production_addresses=["西安"],
                                    issued_on=today - dt.timedelta(days=1900), valid_until=today - dt.timedelta(days=3))
    call_command("licensing_daily", verbosity=0)
    lapsed.refresh_from_db()
    assert lapsed.status == "expired" and lapsed.status_changed_on == today - dt.timedelta(days=2)
    assert "第25条" in lapsed.status_changes.get().basis


def test_double_random_check_among_licensees_becomes_a_campaign(people, firm, other_firm, cats):
    from zhijian.draws import services as draws
    from zhijian.licensing.models import Campaign

    today = dt.date.today()
    for enterprise in (firm, other_firm):
        Licence.objects.create(number=services.licence_number_for(enterprise.uscc, "702.1"), holder=enterprise,
                               holder_name=enterprise.name, region=enterprise.region, category=cats["metal"],
                               product_name="不锈钢厨具餐具", production_addresses=["陕西"],
                               issued_on=today - dt.timedelta(days=10), valid_until=today + dt.timedelta(days=1000))
    with pytest.raises(PermissionDenied):
        services.supervision_draw(acting_user=people["qiye"], category=cats["metal"], n=1)
    with pytest.raises(ValidationError, match="1至2"):
        services.supervision_draw(acting_user=people["sheng"], category=cats["metal"], n=3)
    result = services.supervision_draw(acting_user=people["sheng"], category=cats["metal"], n=1)
    assert result["licences"] == 2 and not Campaign.objects.exists()  # committed, not yet drawn
    draw = draws.draw_execute(acting_user=people["sheng"], draw=result["draw"], beacon="2026330 福彩3D 1 2 3",
                              witnesses=["王见证"])
    campaign = Campaign.objects.get()
    assert campaign.basis == f"draws.draw:{draw.pk}"
    assert [str(i.licence_id) for i in campaign.items.all()] == list(draw.selected)


def test_name_change_keeps_number_and_cancellation_closes_the_licence(people, firm, cats, verifiers):
    licence, _app = _through_to_issue(people, firm, cats, verifiers)
    qiye, sheng = people["qiye"], people["sheng"]
    with pytest.raises(ValidationError, match="变更后的企业名称"):
        services.application_create(acting_user=qiye, kind="change", licence=licence, change_kind="name")
    change = services.application_create(acting_user=qiye, kind="change", licence=licence, change_kind="name",
                                         new_holder_name="西安测试电器股份有限公司")
    add_documents(qiye, change)
    services.application_submit(acting_user=qiye, application=change)
    services.application_accept(acting_user=sheng, application=change)
    services.application_review(acting_user=sheng, application=change, passed=True)
    change.refresh_from_db()
    assert change.stage == "decision"  # a name change needs no on-site verification (条例 Art. 29)
    services.application_decide(acting_user=sheng, application=change, decision="approve")
    changed = services.application_issue(acting_user=sheng, application=change)
    assert changed.number == licence.number and changed.holder_name == "西安测试电器股份有限公司"
    cancel = services.application_create(acting_user=qiye, kind="cancellation", licence=licence)
    add_documents(qiye, cancel)
    services.application_submit(acting_user=qiye, application=cancel)
    services.application_accept(acting_user=sheng, application=cancel)
    services.application_review(acting_user=sheng, application=cancel, passed=True)
    services.application_decide(acting_user=sheng, application=cancel, decision="approve")
    services.application_issue(acting_user=sheng, application=cancel)
    licence.refresh_from_db()
    assert licence.status == "cancelled" and "第31条" in licence.status_basis


def test_acceptance_limit_skips_the_national_day_holiday(db):
    """5 working days from 2026-09-30 (条例/行政许可法: working days) run past the Golden Week."""
    import chinese_calendar

    from zhijian.licensing.models import Application as App

    start = dt.date(2026, 9, 30)
    app = App()
    services._set_due(app, "acceptance", start)
    day, counted = start, 0
    while counted < 5:
        day += dt.timedelta(days=1)
        counted += chinese_calendar.is_workday(day)
    assert app.stage_due == day and app.stage_due > start + dt.timedelta(days=7)
    assert app.stage_due_kind == "working" and "行政许可法第32条" in app.stage_due_basis
    services._set_due(app, "verification", start)  # calendar days
    assert app.stage_due == start + dt.timedelta(days=30) and app.stage_due_kind == "calendar"


def test_verifier_draw_is_reproducible_from_its_public_value(people, firm, cats, verifiers):
    from zhijian.draws.models import Draw

    sheng = people["sheng"]
    picks = []
    for _ in range(2):
        app = submitted(people["qiye"], firm, cats["metal"])
        services.application_accept(acting_user=sheng, application=app)
        services.application_review(acting_user=sheng, application=app, passed=True)
        v = services.verification_assign(acting_user=sheng, application=app, n=2, beacon="2026330 福彩3D 4 1 9")
        draw = Draw.objects.get(pk=v.draw_id)
        assert draw.subject_type == "licensing.application" and draw.subject_id == app.pk and draw.kind == "verifier"
        assert sorted(str(i.pk) for i in v.verifiers.all()) == sorted(draw.selected)
        picks.append(list(draw.selected))
    assert picks[0] == picks[1]  # same pool, same public value: the same verifiers
