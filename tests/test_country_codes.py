"""One country code convention: ISO 3166-1 alpha-2 in every reader's ``country`` column.

CORDIS writes Greece ``EL`` and the United Kingdom ``UK``; the publication readers write ISO's
``GR`` and ``GB``. The expected values below are written by hand from the files.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest

import helixnet as hx
from helixnet import HelixDataError

REAL_CORDIS = Path(__file__).parent / "data" / "real" / "cordis_2014-2026_mailwoman_rows.csv"


def cordis_rows() -> list[dict[str, str]]:
    with REAL_CORDIS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_real_cordis_rows_read_as_iso_codes(caplog):
    rows = cordis_rows()
    assert {r["country"] for r in rows} >= {"UK", "EL", "XK"}  # the file holds the EU's codes
    iso = {"UK": "GB", "EL": "GR"}
    with caplog.at_level(logging.INFO, logger="helixnet"):
        data = hx.read_cordis(REAL_CORDIS)
    organisations = data.organisations.set_index("organisation")
    for r in rows:
        assert organisations.loc[r["organisationID"], "country"] == iso.get(r["country"], r["country"])
        if r["nutsCode"]:  # NUTS codes keep Eurostat's prefixes (EL303, UKI31)
            assert organisations.loc[r["organisationID"], "nuts_code"] == r["nutsCode"]
    assert not organisations["country"].isin(["UK", "EL"]).any()
    assert organisations.loc["941324376", "country"] == "XK"  # Kosovo's user-assigned code stays
    # Counted by hand: 999905974 and 937808902 in the UK; 999643007 and 999654356 (twice) in Greece.
    assert data.organisations.attrs["country_codes_changed"] == {"EL->GR": 2, "UK->GB": 2}
    assert "EL->GR: 2, UK->GB: 2 distinct organisations" in caplog.text


def test_read_organisations_and_participations_write_iso_codes():
    organisations = hx.read_organisations(pd.DataFrame({
        "organisation": ["a", "b", "c", "d", "e"],
        "country": ["UK", " el", "GB", "United Kingdom", None],
    }))
    # Only the EU codes change; a name or a missing value stays as given.
    assert organisations["country"].tolist()[:4] == ["GB", "GR", "GB", "United Kingdom"]
    assert pd.isna(organisations["country"].iloc[4])
    assert organisations.attrs["country_codes_changed"] == {"EL->GR": 1, "UK->GB": 1}
    participations = hx.read_participations(pd.DataFrame({
        "event": ["1", "1", "2"], "organisation": ["a", "b", "a"], "country": ["UK", "NL", "UK"]}))
    assert participations["country"].tolist() == ["GB", "NL", "GB"]
    assert participations.attrs["country_codes_changed"] == {"UK->GB": 2}


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
TI One
PY 2019
C1 [Smith, J] Univ Oxford, Dept Phys, Oxford OX1 3PU, England.
   [Papadopoulos, K] Natl Tech Univ Athens, Athens, Greece.
UT WOS:000000000000001
ER

PT J
TI Two
PY 2020
C1 [Brown, A] Univ Edinburgh, Sch Informat, Edinburgh EH8 9AB, Midlothian, Scotland.
UT WOS:000000000000002
ER

EF
"""


def test_cordis_and_publications_combined_count_one_united_kingdom(tmp_path):
    path = tmp_path / "savedrecs.txt"
    path.write_text(WOS, encoding="utf-8")
    papers = hx.read_publications(path)
    projects = hx.read_cordis(REAL_CORDIS)
    combined = pd.concat(
        [projects.organisations[["organisation", "country"]], papers.organisations[["organisation", "country"]]],
        ignore_index=True,
    )
    per_country = combined["country"].value_counts()
    # CORDIS: 2 British, 2 Greek organisations; the papers: Oxford and Edinburgh, and NTU Athens.
    assert per_country["GB"] == 4 and per_country["GR"] == 3
    assert "UK" not in per_country.index and "EL" not in per_country.index
    # Grouping events by country sees one United Kingdom and one Greece.
    participations = pd.concat([projects.participations[["event", "organisation"]],
                                papers.participations[["event", "organisation"]]], ignore_index=True)
    organisations = combined.assign(helix="knowledge")
    table = hx.presence_table(participations, organisations, by="country", assign="partners")
    assert set(table["country"]) >= {"GB", "GR"} and not set(table["country"]) & {"UK", "EL"}
    # Events with a British partner: CORDIS 632927 and its Northampton project, both papers.
    northampton = next(r["projectID"] for r in cordis_rows() if r["organisationID"] == "937808902")
    assert sorted(table.index[table["country"] == "GB"]) == sorted(
        ["632927", northampton, "WOS:000000000000001", "WOS:000000000000002"])


@pytest.mark.parametrize("greece, britain", [("GR", "GB"), ("EL", "UK"), ("gr", "gb")])
def test_assign_regions_places_iso_countries_in_eurostat_regions(greece, britain):
    organisations = pd.DataFrame({
        "organisation": ["uoa", "uoa-nuts", "wellcome", "madrid"],
        "country": [greece, greece, britain, "ES"],
        "post_code": ["105 61", "", "", ""],
        "nuts_code": ["", "EL303", "UKI31", "ES300"],
    })
    placed = hx.assign_regions(organisations)
    # 105 61 is central Athens (Eurostat's postcode table writes Greece EL).
    assert placed["nuts3"].tolist() == ["EL303", "EL303", "UKI31", "ES300"]
    assert placed["region_rule"].tolist() == ["postcode", "nuts_code", "nuts_code", "nuts_code"]


def test_real_cordis_rows_go_through_assign_regions():
    # CORDIS writes a country code as nutsCode where a country has no NUTS regions (XK, GH, HK).
    data = hx.read_cordis(REAL_CORDIS)
    placed = hx.assign_regions(data.organisations)
    for r in cordis_rows():
        rule = placed.loc[r["organisationID"], "region_rule"]
        if len(r["nutsCode"]) == 5:
            assert placed.loc[r["organisationID"], "nuts3"] == r["nutsCode"]
        elif r["nutsCode"]:
            assert rule.startswith(f"unplaced: NUTS code {r['nutsCode']} is only the country"), rule


def test_a_two_letter_code_that_is_no_country_of_the_row_is_still_refused():
    with pytest.raises(HelixDataError, match=r"\['GH'\] are in no NUTS version"):
        hx.assign_regions(pd.DataFrame({"organisation": ["x"], "country": ["NL"], "nuts_code": ["GH"]}))


def edges_between(participations: pd.DataFrame, members: set[str]) -> set[tuple[str, str]]:
    """Brute force: pairs of members sharing an event."""
    pairs = set()
    for _, group in participations[participations["organisation"].isin(members)].groupby("event"):
        ids = sorted(set(group["organisation"]))
        pairs |= {(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]}
    return pairs


@pytest.mark.parametrize("stored", ["GB", "UK"])
@pytest.mark.parametrize("asked", ["GB", "UK", "gb", " uk "])
def test_country_filter_takes_both_spellings(stored, asked):
    participations = pd.DataFrame({
        "event": ["1", "1", "1", "2", "2", "3", "3"],
        "organisation": ["a", "b", "c", "a", "c", "b", "d"],
    })
    organisations = pd.DataFrame({
        "organisation": ["a", "b", "c", "d"], "helix": "knowledge",
        "country": [stored, "GB", "NL", "UK"],
    })
    edges = hx.collaboration_edges(participations, organisations=organisations, country=asked)
    assert set(zip(edges["source"], edges["target"])) == edges_between(participations, {"a", "b", "d"})
    lazy = hx.collaboration_edges(dd.from_pandas(participations, npartitions=2),
                                  organisations=organisations, country=asked)
    assert set(zip(lazy["source"], lazy["target"])) == edges_between(participations, {"a", "b", "d"})


def test_country_filter_on_the_participations_column_takes_both_spellings():
    participations = pd.DataFrame({
        "event": ["1", "1", "1"], "organisation": ["a", "b", "c"], "country": ["EL", "GR", "NL"]})
    edges = hx.collaboration_edges(participations, country="EL")
    assert list(zip(edges["source"], edges["target"])) == [("a", "b")]


def test_country_filter_that_keeps_nothing_names_the_iso_codes():
    participations = pd.DataFrame({"event": ["1", "1"], "organisation": ["a", "b"], "country": ["UK", "NL"]})
    with pytest.raises(HelixDataError, match=r"country='DE'.*'GB', 'NL'"):
        hx.collaboration_edges(participations, country="DE")


def test_bundled_partners_of_all_countries_have_iso_codes():
    from helixnet.datasets import load_cordis_nl

    raw = pd.read_csv(Path(hx.__file__).parent / "datasets" / "data" / "nl_projects_all_participations.csv.gz",
                      dtype=str, keep_default_na=False).drop_duplicates("organisationID")
    organisations = load_cordis_nl("all").organisations
    assert not organisations["country"].isin(["UK", "EL"]).any()
    expected = {"EL->GR": int((raw["country"] == "EL").sum()), "UK->GB": int((raw["country"] == "UK").sum())}
    assert organisations.attrs["country_codes_changed"] == expected
    assert organisations["country"].eq("GB").sum() == expected["UK->GB"]
