import pytest
from django.db import connection

from zhijian.core.search import repair_search_indexes, search, tokens_for_query
from zhijian.standards.models import Standard


def test_query_tokens_are_character_pairs_and_prefixes():
    assert tokens_for_query("电饭煲") == ["电饭", "饭煲"]
    assert tokens_for_query("煲") == ["煲"]
    assert tokens_for_query("MB-FB40") == ["mb", "fb40"]


@pytest.mark.django_db
def test_chinese_words_inside_titles_and_pinyin_initials():
    found = search(Standard.objects.all(), "电热毯")
    assert any("电热毯" in s.title for s in found)
    assert all("电热毯" in s.title or "电热毯" in s.search_text for s in found)
    by_initials = search(Standard.objects.all(), "drt")  # 电热毯
    assert set(found) <= set(by_initials)
    assert not search(Standard.objects.all(), "不存在的词语组合").exists()


@pytest.mark.django_db
def test_search_index_survives_table_rebuilds():
    table = Standard._meta.db_table
    if connection.vendor == "sqlite":
        # a later migration that rebuilds the table drops its triggers; post_migrate puts them back
        with connection.cursor() as cursor:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f'DROP TRIGGER "{table}_fts_{suffix}"')
        assert table in repair_search_indexes(using="default")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
            assert f"{table}_search_gin" in {row[0] for row in cursor.fetchall()}
    assert search(Standard.objects.all(), "电热毯").exists()
    assert repair_search_indexes(using="default") == []
