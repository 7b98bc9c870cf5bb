"""The real e-commerce titles in ../shared/data/listings (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from tests.screening.conftest import screen
from zhijian.screening.normalise import normalise_title, normalise_title_array

pytestmark = pytest.mark.shared


def real_titles(shared_data: Path) -> list[str]:
    folder = shared_data / "listings"
    return [json.loads(line)["text"] for name in ("train.jsonl", "dev.jsonl", "test.jsonl")
            for line in (folder / name).read_text(encoding="utf-8").splitlines() if line]


def test_vectorised_normalisation_matches_on_every_real_title(shared_data: Path) -> None:
    titles = real_titles(shared_data)
    assert len(titles) > 4000
    assert normalise_title_array(pa.array(titles)).to_pylist() == [normalise_title(t) for t in titles]


def test_real_titles_are_negatives_for_an_invented_watch_list(shared_data: Path) -> None:
    listings = [{"listing_id": f"R{i}", "title": t} for i, t in enumerate(real_titles(shared_data))]
    watchlist = [
        {"watch_id": "W1", "kind": "nonconforming_product", "brand": "飞利浦", "model": "QC-5599Z", "product_name": "理发器"},
        {"watch_id": "W2", "kind": "nonconforming_product", "brand": "美的", "model": "MB-FB40Simple101"},
        {"watch_id": "W3", "kind": "recalled_product", "brand": "苏泊尔", "model": "CFXB40FC8028", "gtin": "6901234567892"},
        {"watch_id": "W4", "kind": "unlicensed_producer", "enterprise_name": "慈溪市某某电器有限公司",
         "uscc": "91330282MA2AB1234X"},
        {"watch_id": "W5", "kind": "revoked_licence", "licence_no": "XK16-204-00123"},
    ]
    assert screen(listings, watchlist) == {}
