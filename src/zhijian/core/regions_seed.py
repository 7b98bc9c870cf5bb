"""Seeding the GB/T 2260 tree and the supervision-region dimension from the shipped CSV."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "shaanxi_divisions.csv"

# Shaanxi's own systems give Yangling and Xixian New Area city-like ids (6111, 6112; DOMAIN 6.5).
SUPERVISION_ZONES = [("6111", "杨凌示范区", ["610403"]), ("6112", "西咸新区", [])]
VALID_FROM = "2023-01-01"  # the NBS 2023 edition of the table


def read_divisions() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def seed_regions(Region, SupervisionRegion) -> None:
    rows = read_divisions()
    cities = [r for r in rows if r["level"] == "city"]
    for order, row in enumerate(cities):
        SupervisionRegion.objects.update_or_create(
            code=row["code6"][:4], defaults={"name": row["name"], "kind": "city", "sort_order": order}
        )
    for order, (code, name, _members) in enumerate(SUPERVISION_ZONES, start=len(cities)):
        SupervisionRegion.objects.update_or_create(code=code, defaults={"name": name, "kind": "zone", "sort_order": order})
    zone_of = {member: code for code, _name, members in SUPERVISION_ZONES for member in members}
    for row in sorted(rows, key=lambda r: ("province", "city", "county").index(r["level"])):
        code = row["code6"]
        supervision = None if row["level"] == "province" else zone_of.get(code, code[:4])
        Region.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"], "level": row["level"], "parent_id": row["parent_code6"] or None,
                "supervision_region_id": supervision, "valid_from": VALID_FROM,
            },
        )
