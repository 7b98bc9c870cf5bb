"""A double-random draw as its users meet it: `sheng` builds an enterprise draw from directory
filters, the commitment is on the public site before anything is drawn, the witnessing officer types
the lottery numbers, and an anonymous visitor downloads the record and the pool and reproduces the
draw with `zhijian draw verify`; a changed record is rejected."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e
TITLE = "2026年电热毯生产企业双随机检查（浏览器测试）"


def test_commit_publish_draw_and_verify(live_zhijian, page, tmp_path):
    login(page, live_zhijian, "sheng")
    page.goto(f"{live_zhijian}/draws/new/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_categories", label="101.1 电热毯")
    page.select_option("#id_weight", "supervision_weight")
    page.select_option("#id_strata", "city")
    page.fill("#id_n", "3")
    page.fill("#id_beacon_plan", "中国福利彩票3D 第2026321期开奖号码")
    page.click("[data-testid=service-form] button[type=submit]")
    commitment = page.inner_text("[data-testid=commitment]").strip()
    assert len(commitment) == 64
    draw_url = page.url

    public = page.context.browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_zhijian}/public/draws/?q=浏览器测试")
    assert commitment[:16] in public.inner_text("[data-testid=result-table]")
    public.click(f"text={TITLE}")
    assert public.inner_text("[data-testid=commitment]").strip() == commitment
    assert public.locator("[data-testid=beacon]").count() == 0  # nothing drawn yet

    page.goto(draw_url)
    page.fill("#id_beacon", "3 5 7")
    page.fill("#id_witnesses", "刘建华、陈静")
    page.click("[data-testid=execute]")
    assert page.inner_text("[data-testid=status]").strip() == "已抽取"
    drawn = page.locator("[data-testid=result-table] tbody tr").count()
    assert drawn == 3

    public.reload()
    assert public.inner_text("[data-testid=beacon]").strip() == "3 5 7"
    with public.expect_download() as record_download:
        public.click("[data-testid=download-record]")
    with public.expect_download() as pool_download:
        public.click("[data-testid=download-pool]")
    record_download.value.save_as(tmp_path / "R.json")
    pool_download.value.save_as(tmp_path / "P.csv")
    verify = [sys.executable, "-m", "zhijian.cli", "draw", "verify", "R.json", "--pool", "P.csv",
              "--commitment", commitment]
    done = subprocess.run(verify, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "复核通过" in done.stdout

    record = json.loads((tmp_path / "R.json").read_text(encoding="utf-8"))
    assert record["witnesses"] == ["刘建华", "陈静"] and record["beacon_source"] == "中国福利彩票3D 第2026321期开奖号码"
    record["beacon"] = "3 5 8"
    (tmp_path / "R.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    rejected = subprocess.run(verify, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rejected.returncode == 1 and "复核未通过" in rejected.stdout
