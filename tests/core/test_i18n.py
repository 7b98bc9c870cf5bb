"""The English switch: Chinese by default (whatever the browser asks for), English after the
language switch in the top bar, and a complete, compiled English catalogue in the repository."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.registry.factories import EnterpriseFactory

LC_MESSAGES = Path(__file__).resolve().parents[2] / "src" / "zhijian" / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

# (Chinese label, its English translation) on the list page every app reuses
LIST_LABELS = [("查询", "Search"), ("重置", "Reset"), ("导出", "Export"), ("企业名录", "Enterprises")]
MENU_LABELS = [("企业与产品", "Enterprises and products"), ("产品目录", "Product catalogue"),
               ("标准目录", "Standards catalogue"), ("首页", "Home")]


@pytest.fixture
def as_user(people):
    def make(username: str, language: str | None = None, **headers) -> Client:
        client = Client(**headers)
        client.force_login(people[username])
        if language:
            switch(client, language)
        return client

    return make


def switch(client: Client, language: str) -> None:
    """Press the switch in the top bar, as the browser does."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_english_switch_translates_the_enterprise_list_and_menu(as_user):
    EnterpriseFactory(region_code="610113")
    html = page(as_user("xian", "en"), reverse("registry:enterprise_list"))
    assert '<html lang="en">' in html
    for chinese, english in LIST_LABELS + MENU_LABELS:
        assert english in html
        assert f">{chinese}<" not in html and f"> {chinese}<" not in html
    assert "1 in total" in html and "共 1 条" not in html
    assert "Unified social credit code (USCC)" in html and "统一社会信用代码" not in html
    assert "Keyword" in html and "Log out" in html and ">退出<" not in html
    # the switch now offers the way back to Chinese
    assert 'value="zh-hans"' in html and ">中文</button>" in html


@pytest.mark.django_db
def test_english_switch_translates_home_and_a_form(as_user):
    client = as_user("xian", "en")
    home = page(client, reverse("home"))
    assert "Hello, " in home and "您好" not in home
    assert "Enterprises and products" in home and "企业与产品" not in home
    form = page(client, reverse("registry:enterprise_create"))
    for english in ("New enterprise", "Enterprise name", "Legal representative", "Registered address", "Save", "Cancel"):
        assert english in form
    for chinese in ("新增企业", "企业名称", "法定代表人", "保存", "取消"):
        assert chinese not in form


@pytest.mark.django_db
def test_english_switch_works_before_login():
    client = Client()
    switch(client, "en")
    html = page(client, reverse("login"))
    assert "User login" in html and "Username" in html and "Password" in html
    assert "用户登录" not in html and "用户名" not in html and "密码" not in html


@pytest.mark.django_db
def test_chinese_stays_the_default_even_for_an_english_browser(as_user):
    client = as_user("xian", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    EnterpriseFactory(region_code="610113")
    html = page(client, reverse("registry:enterprise_list"))
    assert '<html lang="zh-hans">' in html
    for chinese, english in LIST_LABELS + MENU_LABELS:
        assert chinese in html and english not in html
    assert "共 1 条" in html and "in total" not in html and ">Search<" not in html
    login_page = page(Client(HTTP_ACCEPT_LANGUAGE="en"), reverse("login"))
    assert "用户登录" in login_page and "User login" not in login_page


@pytest.mark.django_db
def test_switching_back_restores_chinese(as_user):
    client = as_user("xian", "en")
    assert "Search" in page(client, reverse("registry:enterprise_list"))
    switch(client, "zh-hans")
    html = page(client, reverse("registry:enterprise_list"))
    assert "查询" in html and ">Search<" not in html


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_po(path: Path) -> list[Entry]:
    """A small .po reader (the standard library has none, and CI must not need gettext or polib)."""
    entries: list[Entry] = []
    entry, key = Entry(), None

    def close() -> None:
        nonlocal entry, key
        if entry.msgid or entry.msgstr or entry.obsolete:
            entries.append(entry)
        entry, key = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            if key is not None:
                close()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if line.startswith('"'):
            word, rest = key, line
        elif word in ("msgctxt", "msgid") and key not in (None, "msgctxt"):
            close()
        text = ast.literal_eval(rest)
        key = word
        if word == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        elif word == "msgid":
            entry.msgid += text
        elif word == "msgid_plural":
            entry.msgid_plural += text
        else:
            index = int(word[7:-1]) if word.startswith("msgstr[") else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
    close()
    return entries


def catalogue() -> tuple[dict[str, str], list[Entry]]:
    entries = read_po(LC_MESSAGES / "django.po")
    header = next(e for e in entries if e.msgid == "" and not e.obsolete)
    metadata = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    return metadata, [e for e in entries if e is not header]


def test_catalogue_is_complete_and_not_fuzzy():
    metadata, entries = catalogue()
    assert metadata["Language"] == "en" and metadata["Plural-Forms"].startswith("nplurals=2;")
    assert len(entries) > 400
    assert [e.msgid for e in entries if e.obsolete] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert any(e.msgid_plural for e in entries)
    for entry in entries:
        expected = [0, 1] if entry.msgid_plural else [0]
        assert sorted(entry.msgstr) == expected, entry.msgid
        for text in entry.msgstr.values():
            assert text.strip(), f"untranslated: {entry.msgid}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            # Chinese left in an English string is an unfinished translation (examples of data a
            # user types, after "e.g.", may stay Chinese: the product names are Chinese)
            assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"e\.g\..*", "", text)), entry.msgid


def test_compiled_catalogue_matches_the_po_file():
    """CI machines may lack gettext, so the .mo ships in the repository: it must not lag behind."""
    mo_path = LC_MESSAGES / "django.mo"
    assert mo_path.is_file(), "run `zhijian compilemessages` and commit django.mo"
    with mo_path.open("rb") as handle:
        compiled = {key: value for key, value in gettext.GNUTranslations(handle)._catalog.items() if key != ""}
    _, entries = catalogue()
    source: dict = {}
    for entry in entries:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            source.update({(msgid, n): text for n, text in entry.msgstr.items()})
        else:
            source[msgid] = entry.msgstr[0]
    assert compiled == source
