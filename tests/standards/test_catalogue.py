"""The seeded catalogue, services (permissions, audit, transitions) and search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhijian.audit.models import AuditEntry
from zhijian.core.search import search
from zhijian.standards import selectors, services
from zhijian.standards.models import Standard, TestItem

pytestmark = pytest.mark.django_db


def test_seeded_catalogue_has_the_ten_products_standards():
    blanket = Standard.objects.get(number="GB 4706.8-2008")
    assert blanket.nature == "mandatory" and blanket.status == "current"
    assert blanket.products == ["电热毯"]
    names = set(blanket.test_items.values_list("name", flat=True))
    assert {"非正常工作", "机械强度", "电源连接和外部软线", "标志和说明"} <= names
    assert blanket.test_items.get(name="非正常工作").safety_critical is True
    products = {p for ps in Standard.objects.values_list("products", flat=True) for p in ps}
    assert products == {"电热毯", "电饭锅", "智能坐便器", "烟花爆竹", "纸尿裤", "玩具", "婴幼儿服装", "厨具", "床上用品", "家具"}
    # The 38 distinct numbers of the shared list (40 rows, two standards serve two products), plus DOMAIN 7 additions.
    assert Standard.objects.count() >= 38


def test_gb_4706_1_clause_vocabulary_is_seeded_with_safety_flags():
    general = Standard.objects.get(number="GB 4706.1-2005")
    items = {i.name: i for i in general.test_items.all()}
    assert len(items) == 19
    assert items["接地措施"].clause == "27" and items["接地措施"].safety_critical
    assert items["对触及带电部件的防护"].safety_critical
    assert not items["标志和说明"].safety_critical
    assert sorted(general.products) == sorted(["电热毯", "电饭锅", "智能坐便器", "厨具"])


def test_seeded_limits_and_replacements():
    formaldehyde = TestItem.objects.get(standard__number="GB 18401-2010", name="甲醛含量（A类 婴幼儿用品）")
    assert formaldehyde.limit_max == Decimal("20") and formaldehyde.unit == "mg/kg"
    assert formaldehyde.limit_display == "≤ 20 mg/kg"
    ph = TestItem.objects.get(standard__number="GB 18401-2010", name="pH值（A类 婴幼儿用品）")
    assert (ph.limit_min, ph.limit_max) == (Decimal("4.0"), Decimal("7.5"))
    assert ph.limit_display == "4–7.5"
    emission = TestItem.objects.get(standard__number="GB 18584-2001", name="甲醛释放量")
    assert emission.limit_max == Decimal("1.5") and "[M]" in emission.note
    lead = TestItem.objects.get(standard__number="GB 18584-2001", name="可溶性铅")
    assert lead.limit_max == Decimal("90")
    old_toys = Standard.objects.get(number="GB 6675-2003")
    assert old_toys.status == "withdrawn" and old_toys.replaced_by.number == "GB 6675.1-2014"
    assert Standard.objects.get(number="GB/T 34549-2017").note.startswith("待核实")


def test_seed_command_is_idempotent_and_audited(people):
    before = (Standard.objects.count(), TestItem.objects.count())
    counts = services.standards_seed(acting_user=people["sheng"])
    assert (Standard.objects.count(), TestItem.objects.count()) == before
    assert counts["standards_created"] == 0 and counts["test_items"] == before[1]
    entry = AuditEntry.objects.get(action="standards.catalogue.seed")
    assert entry.actor_name == "sheng" and entry.after["standards"] == before[0]
    with pytest.raises(PermissionDenied):
        services.standards_seed(acting_user=people["xian"])


def test_create_normalises_number_derives_nature_and_audits(people):
    standard = services.standard_create(
        acting_user=people["sheng"], number="db61／t 1234—2020", title="电热毯使用安全规范", products="电热毯、 电热垫,电热毯",
    )
    assert standard.number == "DB61/T 1234-2020"
    assert standard.nature == "local"
    assert standard.products == ["电热毯", "电热垫"]
    entry = AuditEntry.objects.get(action="standards.standard.create", object_id=str(standard.pk))
    assert entry.after["number"] == "DB61/T 1234-2020" and entry.actor_name == "sheng"


def test_create_rejects_bad_and_duplicate_numbers(people):
    with pytest.raises(ValidationError) as bad:
        services.standard_create(acting_user=people["sheng"], number="GB4706", title="x")
    assert "number" in bad.value.error_dict
    with pytest.raises(ValidationError) as duplicate:
        services.standard_create(acting_user=people["sheng"], number="GB 4706.8—2008", title="x")
    assert "已存在" in str(duplicate.value.error_dict["number"])


def test_city_staff_cannot_edit_the_catalogue(people):
    standard = Standard.objects.get(number="GB 4706.8-2008")
    for call in (
        lambda: services.standard_create(acting_user=people["xian"], number="GB 1-2020", title="x"),
        lambda: services.standard_update(acting_user=people["xian"], instance=standard, title="x"),
        lambda: services.standard_withdraw(acting_user=people["xian"], instance=standard),
        lambda: services.test_item_create(acting_user=people["qiye"], standard=standard, name="新项目"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    standard.refresh_from_db()
    assert standard.status == "current" and standard.title.startswith("家用和类似用途电器的安全")


def test_withdraw_sets_replacement_status_and_event(people):
    old = Standard.objects.get(number="GB 12021.6-2008")
    new = services.standard_create(acting_user=people["admin"], number="GB 12021.6-2017", title="电饭锅能效限定值及能效等级",
                                   status="upcoming", effective_on=dt.date(2018, 7, 1))
    services.standard_withdraw(acting_user=people["sheng"], instance=old, replaced_by=new,
                               withdrawn_on=dt.date(2018, 7, 1), reason="新版实施")
    old.refresh_from_db()
    assert old.status == "withdrawn" and old.replaced_by == new and old.withdrawn_on == dt.date(2018, 7, 1)
    event = AuditEntry.objects.get(action="standards.standard.withdraw")
    assert event.before == {"status": "current"}
    assert event.after["replaced_by"] == "GB 12021.6-2017" and event.reason == "新版实施"
    with pytest.raises(Exception, match="不能执行"):
        services.standard_withdraw(acting_user=people["sheng"], instance=old)
    services.standard_implement(acting_user=people["sheng"], instance=new)
    new.refresh_from_db()
    assert new.status == "current" and new.effective_on == dt.date(2018, 7, 1)


def test_update_cannot_touch_status_or_number(people):
    standard = Standard.objects.get(number="GB 4706.8-2008")
    with pytest.raises(ValidationError) as exc:
        services.standard_update(acting_user=people["sheng"], instance=standard, status="withdrawn")
    assert "status" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.standard_update(acting_user=people["sheng"], instance=standard, number="GB 1-2020")


def test_test_item_services_validate_and_audit(people):
    standard = Standard.objects.get(number="GB 4706.19-2008")
    item = services.test_item_create(acting_user=people["sheng"], standard=standard, name="骚扰电压",
                                     unit="dB(μV)", limit_text="符合 GB 4343.1", safety_critical=False)
    assert AuditEntry.objects.filter(action="standards.testitem.create", object_id=str(item.pk)).exists()
    with pytest.raises(ValidationError) as duplicate:
        services.test_item_create(acting_user=people["sheng"], standard=standard, name="骚扰电压")
    assert "name" in duplicate.value.error_dict
    with pytest.raises(ValidationError) as limits:
        services.test_item_update(acting_user=people["sheng"], instance=item, limit_min=Decimal("5"), limit_max=Decimal("1"))
    assert "limit_max" in limits.value.error_dict
    services.test_item_update(acting_user=people["sheng"], instance=item, limit_max=Decimal("66"))
    item.refresh_from_db()
    assert item.limit_max == Decimal("66")
    pk = item.pk
    services.test_item_delete(acting_user=people["sheng"], instance=item, reason="重复")
    assert not TestItem.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(action="standards.testitem.delete", object_id=str(pk)).reason == "重复"


def test_chinese_word_search_finds_a_word_inside_a_title(people):
    target = services.standard_create(acting_user=people["sheng"], number="DB61/T 9001-2024",
                                      title="陕西省家用电热毯质量安全地方规范", products=[])
    found = set(search(Standard.objects.all(), "电热毯").values_list("number", flat=True))
    assert {"GB 4706.8-2008", target.number} <= found
    assert "GB 10631-2013" not in found
    assert set(search(Standard.objects.all(), "坐便器").values_list("number", flat=True)) >= {"GB 4706.53-2008", "GB 38448-2019"}
    assert target in search(Standard.objects.all(), "地方规范")


def test_selectors_read_for_every_signed_in_user_and_product_lookup(people):
    assert selectors.standard_list(people["qiye"]).filter(number="GB 4706.8-2008").exists()
    diapers = set(selectors.standards_for_product(people["pingtai"], "纸尿裤").values_list("number", flat=True))
    assert "GB 15979-2002" in diapers and "QB/T 2493-2000" not in diapers  # withdrawn excluded
    assert "电热毯" in selectors.product_names(people["jianyan"])


def test_dashboard_cards_count_current_standards(people):
    cards = {str(c["label"]): c for c in selectors.dashboard_cards(people["xian"])}
    assert cards["现行标准数"]["value"] == Standard.objects.filter(status="current").count()
    assert cards["安全关键检验项目数"]["value"] == TestItem.objects.filter(
        standard__status="current", safety_critical=True).count() > 0


def test_visible_to_treats_the_catalogue_as_public(people):
    from django.contrib.auth.models import AnonymousUser

    total = Standard.objects.count()
    for username in ("xian", "yanta", "qiye", "jianyan"):
        assert Standard.objects.visible_to(people[username]).count() == total
        assert TestItem.objects.visible_to(people[username]).count() == TestItem.objects.count()
    assert Standard.objects.visible_to(AnonymousUser()).count() == 0
