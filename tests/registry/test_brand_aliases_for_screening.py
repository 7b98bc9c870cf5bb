"""The registry's brand aliases reach the screening engine (issue 3: the alias dictionary is built
from the registry's brands and aliases plus the shipped default list)."""

import pyarrow as pa
import pytest
from django.core.management import call_command

from zhijian.registry.models import Brand, BrandAlias
from zhijian.screening.io import load_aliases
from zhijian.screening.pipeline import Options, screen_tables


@pytest.mark.django_db
def test_registry_alias_lets_the_engine_see_through_a_local_brand(tmp_path):
    brand = Brand.objects.create(name="秦华", name_en="", pinyin="")
    BrandAlias.objects.create(brand=brand, alias="Chinvaa", kind="english")
    out = tmp_path / "aliases.json"
    call_command("brand_aliases", str(out))
    aliases = load_aliases(out)
    assert "Chinvaa" in aliases["秦华"]

    listings = pa.table({"listing_id": ["L1", "L2"],
                         "title": ["Chinvaa 智能电饭煲 QH-FB40A 家用4L", "Chinvaa 电饭煲 QH-FB50A 家用5L"]})
    watchlist = pa.table({"watch_id": ["W1"], "kind": ["nonconforming_product"], "brand": ["秦华"],
                          "product_name": ["电饭煲"], "model": ["QH-FB40A"]})
    without = screen_tables(listings, watchlist).hits.to_pylist()
    with_registry = screen_tables(listings, watchlist, Options(extra_aliases=aliases)).hits.to_pylist()
    assert without == []
    assert [(h["listing_id"], h["watch_id"]) for h in with_registry] == [("L1", "W1")]
    assert "brand_alias" in with_registry[0]["reasons"]
