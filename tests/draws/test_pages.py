"""The staff pages (list with filters and xlsx, detail with the commitment before the draw and the
officer's form, the stand-alone enterprise draw) and the public pages; and the Done-means check:
every draw the platform makes reproduces with `zhijian draw verify` on the downloaded record,
and a tampered record is rejected."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from zhijian.draws import lottery, selectors, services

pytestmark = pytest.mark.django_db
BEACON = "中国福利彩票3D 第2026320期 开奖号码 3 5 7"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_detail_shows_commitment_before_and_result_after(people, directory):
    client = client_for(people["sheng"])
    response = client.post(reverse("draws:draw_create"), {
        "title": "2026年电热毯生产企业双随机检查", "categories": [directory["blanket"].pk], "stage": "production",
        "weight": "supervision_weight", "strata": "city", "n": "3", "beacon_plan": "福彩3D 第2026320期"})
    assert response.status_code == 302, response.content.decode()[:2000]
    draw = selectors.draw_list(people["sheng"]).get(title="2026年电热毯生产企业双随机检查")
    page = client.get(draw.get_absolute_url()).content.decode()
    assert draw.commitment in page and 'data-testid="execute-form"' in page and "福彩3D 第2026320期" in page
    bad = client.post(reverse("draws:draw_execute", args=[draw.pk]), {"beacon": " ", "witnesses": "张三"})
    assert bad.status_code == 400 and "execute-form" in bad.content.decode()
    done = client.post(reverse("draws:draw_execute", args=[draw.pk]),
                       {"beacon": BEACON, "beacon_source": "", "witnesses": "张三、李四"})
    assert done.status_code == 302
    draw.refresh_from_db()
    assert draw.status == "drawn" and draw.beacon_source == "福彩3D 第2026320期" and draw.witnesses == ["张三", "李四"]
    page = client.get(draw.get_absolute_url()).content.decode()
    assert 'data-testid="execute-form"' not in page
    for row_id in draw.selected:
        assert row_id in page


def test_list_filters_and_export(people, simple_rows):
    services.draw_commit(acting_user=people["xian"], kind="enterprise", title="西安电热毯抽取", rows=simple_rows,
                         params={"n": 2}, region="610100")
    services.draw_commit(acting_user=people["baoji"], kind="inspector", title="宝鸡人员抽取", rows=simple_rows,
                         params={"n": 2}, region="610300")
    client = client_for(people["sheng"])
    page = client.get(reverse("draws:draw_list"), {"kind": "inspector"}).content.decode()
    assert "宝鸡人员抽取" in page and "西安电热毯抽取" not in page
    assert "西安电热毯抽取" in client.get(reverse("draws:draw_list"), {"region": "610100"}).content.decode()
    export = client.get(reverse("draws:draw_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert {sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)} == {"西安电热毯抽取", "宝鸡人员抽取"}
    assert "宝鸡人员抽取" not in client_for(people["xian"]).get(reverse("draws:draw_list")).content.decode()
    assert client_for(people["qiye"]).get(reverse("draws:draw_list")).status_code == 403


def test_staff_pages_refuse_other_roles_and_regions(people, simple_rows):
    draw = services.draw_commit(acting_user=people["xian"], kind="enterprise", title="西安", rows=simple_rows,
                                params={"n": 2}, region="610100")
    assert client_for(people["baoji"]).get(draw.get_absolute_url()).status_code == 404
    assert client_for(people["jianyan"]).get(draw.get_absolute_url()).status_code == 403
    assert client_for(people["baoji"]).post(reverse("draws:draw_execute", args=[draw.pk]),
                                            {"beacon": BEACON, "witnesses": "x"}).status_code == 404
    assert client_for(people["shenji"]).post(reverse("draws:draw_execute", args=[draw.pk]),
                                             {"beacon": BEACON, "witnesses": "x"}).status_code == 403
    assert client_for(people["shenji"]).get(draw.get_absolute_url()).status_code == 200
    draw.refresh_from_db()
    assert draw.status == "committed"
    response = client_for(people["xian"]).post(reverse("draws:draw_cancel", args=[draw.pk]), {"reason": "重做"})
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.status == "cancelled"


def test_public_pages_anonymous(people, simple_rows):
    drawn = services.draw_commit(acting_user=people["xian"], kind="enterprise", title="西安电热毯生产企业抽取",
                                 rows=simple_rows, params={"n": 3, "stratified": True}, region="610100")
    services.draw_execute(acting_user=people["xian"], draw=drawn, beacon=BEACON, witnesses=["张三"])
    pending = services.draw_commit(acting_user=people["baoji"], kind="inspector", title="宝鸡执法人员抽取",
                                   rows=[{"id": "BJ1", "label": "张宝（BJ1）"}, {"id": "BJ2", "label": "李宝（BJ2）"}],
                                   params={"n": 1}, region="610300")
    anonymous = Client()
    listing = anonymous.get(reverse("portal:draw_list")).content.decode()
    assert "西安电热毯生产企业抽取" in listing and "宝鸡执法人员抽取" in listing and pending.commitment[:16] in listing
    def table(query):
        return anonymous.get(reverse("portal:draw_list"), query).content.decode().split('data-testid="result-table"')[1]

    assert "宝鸡执法人员抽取" not in table({"q": "电热毯"}) and "西安电热毯生产企业抽取" in table({"q": "电热毯"})
    assert "西安电热毯生产企业抽取" not in table({"region": "610300"}) and "宝鸡执法人员抽取" in table({"region": "610300"})
    detail = anonymous.get(reverse("portal:draw_detail", args=[drawn.pk])).content.decode()
    assert drawn.commitment in detail and BEACON in detail and "zhijian draw verify" in detail
    assert "企业" in detail  # labels of enterprise pools are public
    people_page = anonymous.get(reverse("portal:draw_detail", args=[pending.pk])).content.decode()
    assert pending.commitment in people_page and "张宝" not in people_page
    csv_text = anonymous.get(reverse("portal:draw_pool_csv", args=[drawn.pk])).content.decode()
    assert csv_text.splitlines()[0] == "id,stratum,weight,label" and len(csv_text.splitlines()) == 21


def _verify(tmp_path, record: dict, pool_csv: str | None = None, *extra: str) -> subprocess.CompletedProcess:
    (tmp_path / "R.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    args = ["R.json"]
    if pool_csv is not None:
        (tmp_path / "P.csv").write_text(pool_csv, encoding="utf-8")
        args += ["--pool", "P.csv"]
    return subprocess.run([sys.executable, "-m", "zhijian.cli", "draw", "verify", *args, *extra], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_every_platform_draw_reproduces_with_the_cli(people, directory, simple_rows, tmp_path):
    sheng, xian = people["sheng"], people["xian"]
    made = [
        services.enterprise_draw_commit(acting_user=sheng, title="电热毯按市定额", category_codes=["401"],
                                        quotas={"610100": 2, "610300": 1}, weight="supervision_weight"),
        services.enterprise_draw_commit(acting_user=sheng, title="电热毯按县比例", category_codes=["401"], n=3,
                                        strata="county"),
        services.draw_commit(acting_user=xian, kind="inspector", title="执法检查人员",
                             rows=selectors.inspector_pool_rows(organisation_region="610100"), params={"n": 2},
                             region="610100"),
        services.draw_commit(acting_user=sheng, kind="agency", title="检验机构",
                             rows=selectors.agency_pool_rows(category="401.6"), params={"n": 1}, region="610000"),
        services.draw_commit(acting_user=xian, kind="licensee", title="获证企业", rows=simple_rows,
                             params={"n": 5, "stratified": True, "weighted": True}, region="610100"),
    ]
    anonymous = Client()
    for k, draw in enumerate(made):
        services.draw_execute(acting_user=sheng, draw=draw, beacon=f"{BEACON} #{k}", witnesses=["张三"])
        record = json.loads(anonymous.get(reverse("portal:draw_record_json", args=[draw.pk])).content)
        pool_csv = anonymous.get(reverse("portal:draw_pool_csv", args=[draw.pk])).content.decode()
        ok = _verify(tmp_path, record, pool_csv, "--commitment", draw.commitment)
        assert ok.returncode == 0, (draw.title, ok.stdout, ok.stderr)
        group = next(g for g in record["result"] if record["result"][g])
        tampered = json.loads(json.dumps(record))
        outsider = next(i for i in tampered["pool"]["id"] if i not in tampered["selected"])
        tampered["result"][group][0] = outsider
        rejected = _verify(tmp_path, tampered)
        assert rejected.returncode == 1 and "result differs" in rejected.stdout, draw.title
        assert lottery.verify({**record, "beacon": record["beacon"] + "0"})
        changed_pool = pool_csv.replace(",1,", ",7,", 1) if ",1," in pool_csv else pool_csv.replace(",1\n", ",7\n", 1)
        assert changed_pool != pool_csv
        rows = [dict(zip(["id", "stratum", "weight"], line.split(",")[:3], strict=True))
                for line in changed_pool.splitlines()[1:]]
        assert any("所给抽取池" in p for p in lottery.verify(record, rows)), draw.title
