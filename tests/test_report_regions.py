"""The report's regional view: its printed numbers against the measures called directly."""

from __future__ import annotations

import html.parser
import pandas as pd
import pytest

import helixnet as hx

HELICES = ["knowledge", "industry", "government"]
SEED = 3


class _Tables(html.parser.HTMLParser):
    """The cells of every table of a page, by table id: rows of (index cell, data cells...)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._id: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._id = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._id] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._id is not None:
            self.tables[self._id].append(self._row)
        elif tag == "table":
            self._id = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _table(page: str, table_id: str, header_rows: int = 2) -> pd.DataFrame:
    """A table of the page; to_html writes the column levels, then the index name, then the body."""
    parser = _Tables()
    parser.feed(page)
    rows = parser.tables[table_id]
    header, body = rows[header_rows - 2], rows[header_rows:]
    return pd.DataFrame([row[1:] for row in body], index=[row[0] for row in body], columns=header[1:])


@pytest.fixture(scope="module")
def cordis():
    return hx.datasets.load_cordis_nl()


@pytest.fixture(scope="module")
def page(cordis):
    organisations, participations, events = cordis
    return hx.report(participations, organisations, events, n_boot=20, seed=SEED, progress=False).html


def _mbit(bits) -> str:
    return f"{round(1000 * float(bits), 2) + 0.0:.2f}"


@pytest.mark.parametrize("level", ["nuts2", "nuts3"])
def test_regional_numbers_equal_decompose_and_shapley(cordis, page, level):
    organisations, participations, _ = cordis
    presence = hx.presence_table(participations, organisations, by=level, assign="partners")
    decomposition = hx.decompose(presence, HELICES, by=level)
    shapley = hx.synergy_shapley(presence, HELICES, by=level, seed=SEED)
    shown = _table(page, f"regions-{level}")
    assert len(shown) == len(decomposition) == len(shapley)
    codes = [label.split(" ")[0] for label in shown.index]
    assert set(codes) == set(decomposition.index)
    names = hx.nuts_regions(2021)["name"]
    for label, code in zip(shown.index, codes):  # codes always with their names
        assert label == ("unplaced (partners without a region)" if code == "unplaced" else f"{code} {names[code]}")
    shown.index = codes
    assert shown["rows"].astype(int).tolist() == decomposition.loc[codes, "n"].tolist()
    assert shown["rows (%)"].tolist() == [f"{round(100 * x, 1) + 0.0:.1f}" for x in decomposition.loc[codes, "share"]]
    assert shown["own T_g (mbit)"].tolist() == [_mbit(x) for x in decomposition.loc[codes, "T"]]
    assert shown["contribution (n_g/N) T_g (mbit)"].tolist() == [_mbit(x) for x in decomposition.loc[codes, "contribution"]]
    assert shown["Shapley value (mbit)"].tolist() == [_mbit(x) for x in shapley.loc[codes, "shapley"]]
    # ranked by the Shapley value, most synergy first
    assert codes == shapley.sort_values("shapley", kind="stable").index.tolist()
    if level == "nuts2":  # 13 groups: exact, no standard error
        assert shapley.attrs["method"] == "exact" and "Shapley SE (mbit)" not in shown
    else:  # 39 groups: sampled, with its standard error shown
        assert shapley.attrs["method"] == "sampled"
        assert shown["Shapley SE (mbit)"].tolist() == [_mbit(x) for x in shapley.loc[codes, "se"]]
    # the identity printed under the table, and the unplaced rows counted, not dropped
    assert f"{_mbit(decomposition.attrs['T'])} mbit = {_mbit(decomposition.attrs['T0'])} mbit between regions" in page
    assert f"Unplaced: {presence.attrs['unplaced']:,} of the {presence.attrs['n_rows']:,} rows" in page
    assert presence.attrs["unplaced"] == int(shown.loc["unplaced", "rows"]) > 0


def test_focus_region_against_a_hand_made_presence_table(cordis, page):
    organisations, participations, _ = cordis
    # Brainport's own partners in each of its projects, built by hand from the participations
    brainport = organisations.loc[organisations["nuts3"] == "NL414", ["organisation", "helix"]]
    mine = participations.merge(brainport, on="organisation")
    by_hand = pd.crosstab(mine["event"], mine["helix"]).reindex(columns=HELICES, fill_value=0).clip(upper=1)
    assert len(by_hand) == 497  # the bundled data's projects with a partner in NL414
    synergy = _table(page, "focus-synergy")
    row = synergy.loc["NL414 Zuidoost-Noord-Brabant: its own partners' side of its projects (regional view)"]
    assert int(row["rows"]) == len(by_hand)
    assert row["T (mbit)"] == _mbit(hx.mutual_information(by_hand, HELICES))
    ci = hx.mutual_information_ci(by_hand, HELICES, n_boot=20, seed=SEED, progress=False)
    assert (row["95% band low (mbit)"], row["95% band high (mbit)"]) == (_mbit(ci["lower"]), _mbit(ci["upper"]))
    assert float(row["95% band low (mbit)"]) <= float(row["T (mbit)"]) <= float(row["95% band high (mbit)"])
    assert "Brainport Eindhoven (NL414 Zuidoost-Noord-Brabant) beside the Netherlands" in page
    # helix mix: organisations of NL414 by helix, counted by hand
    counts = brainport["helix"].value_counts()
    mix = _table(page, "focus-mix", header_rows=3)  # two column levels: region | nation
    assert mix.iloc[:, 0].astype(int).to_dict() == counts.reindex(list(mix.index), fill_value=0).to_dict()


def test_programme_parts_are_shown_with_their_names(page):
    assert "SC1 Health, demographic change and wellbeing" in page
    assert "MSCA Marie Sklodowska-Curie actions" in page


def test_report_without_regions_says_why(cordis):
    organisations, participations, events = cordis
    own = organisations.drop(columns=["nuts1", "nuts2", "nuts3", "region_name", "labour_market_region", "latitude", "longitude"])
    first = events["event"].iloc[:400]
    page = hx.report(participations[participations["event"].isin(first)], own, events[events["event"].isin(first)],
                     n_boot=5, progress=False).html
    assert "No regional view: the organisations table has no nuts2 or nuts3 column" in page
    assert 'id="regions-' not in page and "beside the Netherlands" not in page


def test_focus_region_not_in_the_data_is_said(cordis):
    organisations, participations, events = cordis
    first = events["event"].iloc[:400]
    page = hx.report(participations[participations["event"].isin(first)], organisations, events[events["event"].isin(first)],
                     n_boot=5, progress=False, focus_region="DE111").html
    assert "No organisation is placed in &#x27;DE111&#x27;" in page and "pass focus_region=" in page
    with pytest.raises(hx.errors.HelixDataError, match="focus_region"):
        hx.report(participations, organisations, events, n_boot=5, progress=False, focus_region=414)


def test_publications_placed_by_postcode_get_a_regional_view_in_their_own_words(tmp_path):
    """Web of Science addresses with postcodes: organisations placed in NUTS regions, the page speaks of publications."""
    records = []
    addresses = ["Delft Univ Technol, NL-2628 CD Delft, Netherlands", "Tech Univ Munich, D-80333 Munich, Germany",
                 "Siemens AG, D-80333 Munich, Germany", "Gemeente Delft, NL-2611 HW Delft, Netherlands"]
    for i in range(12):
        c1 = "\n   ".join(addresses[j] for j in range(4) if (i >> j) & 1 or j == i % 4)
        records.append(f"PT J\nAU Doe, J\nTI Paper {i}\nPY 2020\nC1 {c1}\nUT WOS:{i:015d}\nER\n")
    path = tmp_path / "savedrecs.txt"
    path.write_text("FN Clarivate Analytics Web of Science\nVR 1.0\n" + "\n".join(records) + "\nEF\n", encoding="utf-8")
    data = hx.read_publications(path)
    organisations = data.organisations.join(hx.assign_regions(data.organisations), on="organisation")
    assert organisations.set_index("name")["nuts3"].to_dict() == {
        "Delft Univ Technol": "NL333", "Tech Univ Munich": "DE212", "Siemens AG": "DE212", "Gemeente Delft": "NL333"}
    page = hx.report(data.participations, organisations, data.events, n_boot=5, seed=SEED, progress=False,
                     focus_region="NL333").html
    assert "each publication counts once for every" in page and "publication-region rows" in page
    synergy = _table(page, "focus-synergy")
    assert any("its own organisations' side of its publications" in label for label in synergy.index)
    assert "project" not in html_text(page).lower()


def html_text(page: str) -> str:
    """The visible words of a page (tags, scripts and styles removed)."""
    import re

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<[^>]+>", " ", page)


def test_max_participants_leaves_big_events_out_of_the_ties_not_the_synergy():
    # e5 ties five organisations to each other; with max_participants=4 only e1-e4 make ties
    p = pd.DataFrame({"event": ["e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4"] + ["e5"] * 5,
                      "organisation": ["u", "f", "u", "g", "f", "g", "u", "v"] + ["u", "f", "g", "v", "w"]})
    o = pd.DataFrame({"organisation": ["u", "f", "g", "v", "w"], "name": ["Uni", "Firm", "Ministry", "Uni 2", "Firm 2"],
                      "helix": ["knowledge", "industry", "government", "knowledge", "industry"]})
    whole = hx.report(p, o, n_boot=5, progress=False)
    cut = hx.report(p, o, n_boot=5, progress=False, max_participants=4)
    assert hx.collaboration_graph(p, o, max_participants=4).number_of_edges() == 4
    assert "5 events, 13 participations, 5 organisations, 10 ties" in whole.html
    assert "5 events, 13 participations, 4 organisations, 4 ties" in cut.html
    assert "leave out 1 of the 5 events, those with more than 4 participants" in cut.html
    assert "leave out" not in whole.html
    t_all = hx.mutual_information(hx.presence_table(p, o, helices=HELICES), HELICES)  # over all five events
    sentence = f"T(K,I,G) = {round(1000 * t_all, 2) + 0.0:.2f} mbit over all events"
    assert sentence in whole.html and sentence in cut.html
