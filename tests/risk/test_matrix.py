"""The EU 2019/417 matrix cell by cell, band edges, the folding-chair example, scenarios, CLI."""

from __future__ import annotations

from fractions import Fraction

import pytest

from zhijian.risk import cli, matrix

# DOMAIN.md 4.1a, rows from "> 50 %" down to "<= 1/1 000 000"; columns severity 1..4
EU_TABLE = [
    ("> 50 %", "H S S S"),
    ("> 1/10", "M S S S"),
    ("> 1/100", "M S S S"),
    ("> 1/1 000", "L H S S"),
    ("> 1/10 000", "L M H S"),
    ("> 1/100 000", "L L M H"),
    ("> 1/1 000 000", "L L L M"),
    ("<= 1/1 000 000", "L L L L"),
]
ABBR = {"S": "serious", "H": "high", "M": "medium", "L": "low"}
# one probability strictly inside each band, the band's upper edge (inclusive), and its lower
# edge (exclusive: it belongs to the band below)
INSIDE = [Fraction(3, 4), Fraction(1, 5), Fraction(1, 50), Fraction(1, 500), Fraction(1, 5000),
          Fraction(1, 50_000), Fraction(1, 500_000), Fraction(1, 5_000_000)]
UPPER = [Fraction(1), Fraction(1, 2), Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000), Fraction(1, 10_000),
         Fraction(1, 100_000), Fraction(1, 1_000_000)]


@pytest.mark.parametrize("band", range(8))
@pytest.mark.parametrize("severity", [1, 2, 3, 4])
def test_every_cell_of_the_eu_matrix(band, severity):
    expected = ABBR[EU_TABLE[band][1].split()[severity - 1]]
    assert matrix.risk_level(severity, INSIDE[band]) == expected
    assert matrix.risk_level(severity, UPPER[band]) == expected  # the upper edge belongs to the band
    assert matrix.EU_2019_417.band_labels[matrix.EU_2019_417.band_index(INSIDE[band])] == EU_TABLE[band][0]


def test_bands_are_open_at_the_lower_bound():
    # p = 1/1 000 is in the "> 1/10 000" band, not "> 1/1 000"
    assert matrix.EU_2019_417.band_labels[matrix.EU_2019_417.band_index(0.001)] == "> 1/10 000"
    assert matrix.risk_level(2, 0.001) == "medium"
    assert matrix.risk_level(2, Fraction(1, 1000) + Fraction(1, 10**9)) == "high"
    assert matrix.risk_level(3, "1/1000") == "high"
    assert matrix.risk_level(1, 0.5) == "medium"  # 50 % is not "> 50 %"
    assert matrix.risk_level(4, 0) == "low"


def test_folding_chair_worked_example():
    # 2010/15/EU: severity 1, probability 1 x 1/50 x 1/10 = 1/500 -> low
    chair = matrix.Scenario(hazard="finger trapped in hinge", severity=1, steps=(1, "1/50", "1/10"))
    assert chair.probability == Fraction(1, 500)
    assert matrix.risk_level(1, chair.probability) == "low"
    assert matrix.risk_level(1, 1 / 500) == "low"


def test_product_risk_is_the_highest_scenario_and_reproducible():
    scenarios = [
        {"hazard": "sharp edge", "consumer": "general", "severity": 1, "steps": ["1/10", "1/2"]},
        {"hazard": "small part swallowed", "consumer": "children", "severity": 4, "steps": ["1/100", "1/50"]},
    ]
    first = matrix.assess(scenarios)
    assert [s["level"] for s in first["scenarios"]] == ["medium", "serious"]
    assert first["level"] == "serious"
    assert first["profile_version"] == "eu-2019-417/1"
    assert matrix.assess(scenarios)["hash"] == first["hash"]
    scenarios[1]["severity"] = 3
    assert matrix.assess(scenarios)["hash"] != first["hash"]


def test_profiles_are_versioned_and_unknown_ones_refused():
    assert matrix.get_profile("gbt-22760").provisional
    assert matrix.get_profile("gbt-22760").version != matrix.EU_2019_417.version
    with pytest.raises(ValueError):
        matrix.risk_level(2, 0.1, profile="no-such")
    with pytest.raises(ValueError):
        matrix.risk_level(5, 0.1)
    with pytest.raises(ValueError):
        matrix.risk_level(2, 1.5)


def test_sensitivity_shows_nearby_levels():
    s = matrix.sensitivity(1, Fraction(1, 500))
    assert s["level"] == "low" and s["band"] == "> 1/1 000"
    assert not s["robust"] and "medium" in s["other_levels"]  # x10 crosses into "> 1/100"
    assert s["factor_to_next_band_up"] == pytest.approx(5.0)
    assert s["factor_to_next_band_down"] == pytest.approx(2.0)


def test_cli_prints_the_level(capsys):
    assert cli.main(["risk", "level", "--severity", "1", "--probability", "1/500"]) == 0
    assert capsys.readouterr().out.strip() == "low"
    assert cli.main(["risk", "level", "--severity", "4", "--probability", "0.02%"]) == 0
    assert capsys.readouterr().out.strip() == "serious"
    assert cli.main(["risk", "level", "--severity", "2", "--probability", "abc"]) == 2
