"""UI pages, the REST API, the public pages and the certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tests.licensing.conftest import add_documents, new_application, submitted, upload
from zhijian.licensing import services
from zhijian.licensing.certificate import certificate_document, certificate_pdf, document_text
from zhijian.licensing.models import Application, Licence

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def issued(people, firm, cats, verifiers) -> Licence:
    sheng = people["sheng"]
    app = submitted(people["qiye"], firm, cats["metal"])
    services.application_accept(acting_user=sheng, application=app)
    services.application_review(acting_user=sheng, application=app, passed=True)
    services.verification_assign(acting_user=sheng, application=app, n=2)
    services.verification_record(acting_user=sheng, application=app, performed_on=dt.date.today(), result="pass", report="符合")
    services.application_decide(acting_user=sheng, application=app, decision="approve")
    return services.application_issue(acting_user=sheng, application=app)


def test_ui_application_path(people, firm, cats, verifiers):
    qiye = client_for(people["qiye"])
    response = qiye.post(reverse("licensing:application_create"), {
        "kind": "new", "category": cats["metal"].pk, "product_name": "不锈钢锅", "models_covered": "QH-30\nQH-40",
        "production_addresses": "西安市雁塔区锦业路69号", "procedure": "verify_first"})
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == app.get_absolute_url()
    page = qiye.get(app.get_absolute_url()).content.decode()
    assert "缺少" in page and "提交申请" in page
    # submitting without documents: refused with the list of what is missing, nothing changes
    response = qiye.post(reverse("licensing:application_action", args=[app.pk, "submit"]), follow=True)
    assert "缺少必需材料" in response.content.decode()
    app.refresh_from_db()
    assert app.stage == "draft"
    for kind in services.required_documents(app):
        qiye.post(reverse("licensing:application_action", args=[app.pk, "upload"]), {"kind": kind, "file": upload(f"{kind}.pdf")})
    assert app.documents.count() == len(services.required_documents(app))
    qiye.post(reverse("licensing:application_action", args=[app.pk, "submit"]))
    app.refresh_from_db()
    assert app.stage == "submitted"
    sheng = client_for(people["sheng"])
    for action, data in (("accept", {}), ("review_pass", {}), ("assign", {"n": 2}),
                         ("verify", {"performed_on": dt.date.today().isoformat(), "result": "pass", "report": "符合"}),
                         ("decide", {"decision": "approve", "reason": "符合条件"}), ("issue", {})):
        response = sheng.post(reverse("licensing:application_action", args=[app.pk, action]), data, follow=True)
        assert "操作成功" in response.content.decode(), action
    app.refresh_from_db()
    assert app.stage == "issued" and app.issued_licence
    timeline = qiye.get(app.get_absolute_url()).content.decode()
    assert "选派核查人员" in timeline and app.issued_licence.number in timeline
    # the enterprise may not take the bureau's steps
    other = submitted(people["qiye"], firm, cats["chem"])
    response = qiye.post(reverse("licensing:application_action", args=[other.pk, "accept"]), follow=True)
    assert "无权" in response.content.decode()
    other.refresh_from_db()
    assert other.stage == "submitted"


def test_rule_explanation_shown_on_the_page(people, firm, cats):
    services.over_capacity_add(acting_user=people["sheng"], enterprise=firm, industry="cement",
                               listed_on=dt.date(2016, 1, 1), basis="产能过剩违规名单")
    app = new_application(people["qiye"], firm, cats["cement"])
    add_documents(people["qiye"], app)
    response = client_for(people["qiye"]).post(reverse("licensing:application_action", args=[app.pk, "submit"]), follow=True)
    text = response.content.decode()
    assert "产能严重过剩违规企业名单" in text and "over-capacity non-compliance list" in text
    merged = services.application_create(acting_user=people["qiye"], kind="new", enterprise=firm, category=cats["metal"],
                                         production_addresses=["西安"], restructuring=True)
    add_documents(people["qiye"], merged)
    services.application_submit(acting_user=people["qiye"], application=merged)
    page = client_for(people["sheng"]).get(merged.get_absolute_url()).content.decode()
    assert 'data-testid="rule-priority"' in page and "优先办理" in page and "第13项" in page


def test_sla_dashboard_flags_overdue(people, firm, cats):
    app = submitted(people["qiye"], firm, cats["metal"])
    Application.objects.filter(pk=app.pk).update(stage_due=dt.date.today() - dt.timedelta(days=2))
    page = client_for(people["sheng"]).get(reverse("licensing:sla")).content.decode()
    assert app.reference in page and "超期" in page and 'data-testid="overdue-count">1<' in page
    assert client_for(people["qiye"]).get(reverse("licensing:sla")).status_code == 403


def test_pages_render_for_bureau(people, firm, cats, verifiers):
    licence = issued(people, firm, cats, verifiers)
    sheng = client_for(people["sheng"])
    for name in ("application_list", "licence_list", "annual_report_list", "campaign_list", "worklist", "catalogue",
                 "rules", "sla", "campaign_create"):
        assert sheng.get(reverse(f"licensing:{name}")).status_code == 200, name
    assert licence.number in sheng.get(reverse("licensing:licence_list")).content.decode()
    assert sheng.get(reverse("licensing:licence_list") + "?export=xlsx").status_code == 200
    # Baoji's staff do not see a Yanta licence
    assert client_for(people["baoji"]).get(licence.get_absolute_url()).status_code == 404


def test_certificate_pdf_has_chinese_text_and_qr_target(people, firm, cats, verifiers):
    licence = issued(people, firm, cats, verifiers)
    url = "http://testserver" + reverse("portal:licence_verify", args=[licence.number])
    text = document_text(certificate_document(licence, url))
    assert "全国工业产品生产许可证" in text and licence.number in text and firm.name in text
    pdf = certificate_pdf(licence, url)
    assert pdf.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    extracted = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "全国工业产品生产许可证" in extracted and licence.number in extracted
    response = client_for(people["qiye"]).get(reverse("licensing:licence_certificate", args=[licence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_public_pages_and_json(people, firm, cats, verifiers, client):
    licence = issued(people, firm, cats, verifiers)
    page = client.get(reverse("portal:licence_verify", args=[licence.number])).content.decode()
    assert "有效 / valid" in page
    page = client.get(reverse("portal:licence_search") + f"?q={firm.uscc}").content.decode()
    assert licence.number in page and "共 1 条" in page
    data = client.get(reverse("portal:licence_search_json") + "?q=" + licence.number.replace("陕", "")).json()
    assert data["count"] == 1 and data["results"][0]["status_en"] == "valid"
    assert client.get(reverse("portal:licence_search_json") + "?q=x").status_code == 400
    services.licence_change_status(acting_user=people["sheng"], licence=licence, transition="revoke", reason="复查仍不合格")
    verify = client.get(reverse("portal:licence_verify_json", args=[licence.number])).json()
    assert verify["status"] == "revoked" and "第54条" in verify["status_basis"]
    assert licence.number in client.get(reverse("portal:licence_announcements")).content.decode()
    assert client.get(reverse("portal:licence_announcements_json")).json()["count"] == 1
    page = client.get(reverse("portal:licence_categories") + f"?category={cats['metal'].code}").content.decode()
    assert licence.number not in page  # revoked: not in the list of licensed enterprises
    assert client.get(reverse("portal:licence_verify", args=["XK00-000-00000"])).status_code == 404


def test_api_flow_and_bilingual_errors(people, firm, cats, verifiers, api_for):
    qiye, sheng = api_for("qiye"), api_for("sheng")
    bad = qiye.post("/api/v1/licensing/applications/", {"kind": "renewal", "licence_number": "XK1-2-3"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "licence_number"
    assert "XK××-×××-×××××" in bad.json()["errors"][0]["reason"]
    created = qiye.post("/api/v1/licensing/applications/", {
        "kind": "new", "category": cats["metal"].code, "production_addresses": ["西安市雁塔区"]}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    missing = qiye.post(f"/api/v1/licensing/applications/{pk}/submit/")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "documents"
    for kind in created.json()["missing_documents"]:
        r = qiye.post(f"/api/v1/licensing/applications/{pk}/documents/", {"kind": kind, "file": upload(f"{kind}.pdf")},
                      format="multipart")
        assert r.status_code == 200, r.json()
    assert qiye.post(f"/api/v1/licensing/applications/{pk}/submit/").json()["stage"] == "submitted"
    assert qiye.post(f"/api/v1/licensing/applications/{pk}/accept/", {}, format="json").status_code == 403
    assert api_for("xian").post(f"/api/v1/licensing/applications/{pk}/accept/", {}, format="json").status_code == 403
    assert api_for("baoji").get(f"/api/v1/licensing/applications/{pk}/").status_code == 404
    assert sheng.post(f"/api/v1/licensing/applications/{pk}/accept/", {}, format="json").json()["stage"] == "review"
    sheng.post(f"/api/v1/licensing/applications/{pk}/review/", {"passed": True}, format="json")
    r = sheng.post(f"/api/v1/licensing/applications/{pk}/assign-verifiers/", {"n": 2}, format="json")
    assert r.status_code == 200, r.json()
    sheng.post(f"/api/v1/licensing/applications/{pk}/verification/",
               {"performed_on": dt.date.today().isoformat(), "result": "pass", "report": "符合"}, format="json")
    sheng.post(f"/api/v1/licensing/applications/{pk}/decide/", {"decision": "approve"}, format="json")
    done = sheng.post(f"/api/v1/licensing/applications/{pk}/issue/", {}, format="json").json()
    assert done["stage"] == "issued" and done["issued_licence_number"].startswith("陕XK")
    assert [s["action"] for s in done["timeline"]][-1] == "issue"
    licences = qiye.get("/api/v1/licensing/licences/").json()
    assert licences["count"] == 1
    lic_id = licences["results"][0]["id"]
    report = qiye.post("/api/v1/licensing/annual-reports/", {"licence": lic_id, "year": dt.date.today().year}, format="json")
    assert report.status_code == 201, report.json()
    assert sheng.get("/api/v1/licensing/worklists/sla/").status_code == 200
    assert qiye.get("/api/v1/licensing/worklists/unlicensed/").status_code == 403
    req = sheng.get(f"/api/v1/licensing/catalogue/required/?category={cats['blanket'].code}&on=2016-06-01").json()
    assert req["required"] is True
    assert sheng.get(f"/api/v1/licensing/catalogue/required/?category={cats['blanket'].code}").json()["required"] is False
    assert sheng.patch("/api/v1/licensing/rules/change/", {"revocation_bar_years": 2}, format="json").json()[
        "revocation_bar_years"] == 2
    assert api_for("xian").patch("/api/v1/licensing/rules/change/", {"revocation_bar_years": 1}, format="json").status_code == 403


def test_annual_reports_missing_and_reminders(people, firm, cats, verifiers, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    licence = issued(people, firm, cats, verifiers)
    people["qiye"].email = "qiye@example.cn"
    people["qiye"].save()
    year = dt.date.today().year
    from zhijian.licensing.selectors import missing_annual_reports

    assert missing_annual_reports(people["sheng"], year) == [licence]
    with pytest.raises(Exception):  # noqa: B017 - an enterprise may not send reminders
        services.annual_reminders_send(acting_user=people["qiye"], year=year)
    sent = services.annual_reminders_send(acting_user=people["sheng"], year=year)
    assert [r.licence for r in sent] == [licence] and sent[0].emailed_to == "qiye@example.cn"
    assert services.annual_reminders_send(acting_user=people["sheng"], year=year) == []  # once per year
    page = client_for(people["qiye"]).get(reverse("licensing:annual_report_list")).content.decode()
    assert "尚未报送" in page
    services.annual_report_file(acting_user=people["qiye"], licence=licence, year=year, spot_check_summary="无")
    assert missing_annual_reports(people["sheng"], year) == []


def test_commitment_licence_post_review_and_proceedings(people, firm, cats, api_for):
    qiye, sheng = people["qiye"], people["sheng"]
    app = new_application(qiye, firm, cats["metal"], procedure="commitment")
    add_documents(qiye, app)
    services.application_submit(acting_user=qiye, application=app)
    services.application_accept(acting_user=sheng, application=app)
    services.application_review(acting_user=sheng, application=app, passed=True)
    app.refresh_from_db()
    assert app.stage == "decision"  # licence on commitment: no on-site verification before the decision
    services.application_decide(acting_user=sheng, application=app, decision="approve")
    licence = services.application_issue(acting_user=sheng, application=app)
    assert licence.procedure == "commitment" and licence.post_review_due > licence.issued_on
    page = client_for(sheng).get(licence.get_absolute_url()).content.decode()
    assert 'data-testid="post-review"' in page
    r = api_for("yanta").post(f"/api/v1/licensing/licences/{licence.pk}/post-review/",
                              {"performed_on": dt.date.today().isoformat(), "passed": False, "report": "实际生产条件与承诺不符"},
                              format="json")
    assert r.status_code == 200 and r.json()["status"] == "valid"  # the county refers it to the province
    from zhijian.licensing.models import RevocationProceeding

    proceeding = RevocationProceeding.objects.get(licence=licence)
    assert proceeding.trigger == "false_commitment"
    r = api_for("sheng").post(f"/api/v1/licensing/proceedings/{proceeding.pk}/close/",
                              {"revoke": True, "reason": "虚假承诺属实"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    licence.refresh_from_db()
    assert licence.status == "withdrawn" and "虚假承诺" in licence.status_basis
    again = api_for("yanta").post(f"/api/v1/licensing/licences/{licence.pk}/post-review/",
                                  {"performed_on": dt.date.today().isoformat(), "passed": True, "report": "x"}, format="json")
    assert again.status_code == 400 and "post_review" in again.json()["errors"][0]["field"]


def test_proceeding_closed_from_the_licence_page(people, firm, cats, verifiers):
    licence = issued(people, firm, cats, verifiers)
    proceeding = services.proceeding_open(acting_user=people["xian"], licence=licence, trigger="licence_trading",
                                          source="worklist:misuse", note="编号出现在他人产品上")
    page = client_for(people["sheng"]).get(licence.get_absolute_url()).content.decode()
    assert 'data-testid="proceedings"' in page and "出租、出借、转让" in page
    response = client_for(people["xian"]).post(reverse("licensing:proceeding_close", args=[proceeding.pk]),
                                               {"revoke": "1", "reason": "查实出借许可证"})
    assert response.status_code == 403  # only the provincial authority decides
    client_for(people["sheng"]).post(reverse("licensing:proceeding_close", args=[proceeding.pk]),
                                     {"revoke": "1", "reason": "查实出借许可证"})
    licence.refresh_from_db()
    assert licence.status == "revoked" and "第49条" in licence.status_basis
    assert client_for(people["sheng"]).get(reverse("licensing:supervision_draw")).status_code == 200


def test_bureau_applies_for_an_enterprise_in_its_area_only(people, firm, other_firm, cats, api_for):
    body = {"kind": "new", "enterprise": firm.uscc, "category": cats["metal"].code, "production_addresses": ["西安"]}
    assert api_for("yanta").post("/api/v1/licensing/applications/", body, format="json").status_code == 201
    body["enterprise"] = other_firm.uscc  # Baoji: outside Yanta's jurisdiction
    r = api_for("yanta").post("/api/v1/licensing/applications/", body, format="json")
    assert r.status_code == 403 and "permission denied" in r.json()["detail"]
    assert Application.objects.count() == 1


def test_catalogue_and_over_capacity_list_maintained_in_the_ui(people, firm, cats):
    from zhijian.licensing.models import CatalogueEntry, OverCapacityListing
    from zhijian.licensing.selectors import licence_required

    sheng = client_for(people["sheng"])
    assert licence_required(cats["toy"]) is False
    response = sheng.post(reverse("licensing:catalogue_create"), {
        "category_code": "201.1", "name": "塑胶玩具（试点）", "valid_from": "2026-01-01", "issuing_level": "provincial",
        "procedure": "verify_first", "basis": "省政府试点决定"})
    assert response.status_code == 302
    assert licence_required(cats["toy"]) is True and licence_required(cats["toy"], dt.date(2025, 6, 1)) is False
    entry = CatalogueEntry.objects.get(name="塑胶玩具（试点）")
    bad = sheng.post(reverse("licensing:catalogue_edit", args=[entry.pk]), {
        "category_code": "201.1", "name": "塑胶玩具（试点）", "valid_from": "2026-01-01", "valid_to": "2025-01-01",
        "issuing_level": "provincial", "procedure": "verify_first", "basis": "省政府试点决定"})
    assert "停止日期应晚于实施日期" in bad.content.decode()
    assert client_for(people["xian"]).get(reverse("licensing:catalogue_create")).status_code == 403
    sheng.post(reverse("licensing:rules"), {"form": "over_capacity", "enterprise_uscc": firm.uscc, "industry": "other",
                                            "listed_on": "2026-01-01", "basis": "违规建设项目清单"})
    listing = OverCapacityListing.objects.get()
    app = new_application(people["qiye"], firm, cats["metal"])
    add_documents(people["qiye"], app)
    with pytest.raises(Exception, match="产能严重过剩"):
        services.application_submit(acting_user=people["qiye"], application=app)
    sheng.post(reverse("licensing:over_capacity_remove", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.removed_on == dt.date.today()
    services.application_submit(acting_user=people["qiye"], application=app)


def test_home_page_cards(people, firm, cats):
    submitted(people["qiye"], firm, cats["metal"])
    assert "在办许可申请" in client_for(people["sheng"]).get("/").content.decode()
    assert "年度自查报告提醒" in client_for(people["qiye"]).get("/").content.decode()
    assert "在办许可申请" not in client_for(people["pingtai"]).get("/").content.decode()
