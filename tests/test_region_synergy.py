"""Synergy by region: presence tables grouped by an organisation attribute, the decomposition
identity by region, Shapley values of regions in T, T per region and year.

Oracles: tables built by hand, a plain-Python reading of the counting rules, dit's
co-information, entropies from pandas value counts, and Shapley values by enumerating every
order of the groups.
"""

from __future__ import annotations

import itertools
import math

import dit
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet.errors import HelixDataError

HELICES = ["knowledge", "industry", "government"]
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ oracles


def dit_t(records: pd.DataFrame, columns) -> float:
    """T of the records by dit's co-information (0 for no records)."""
    if len(records) == 0:
        return 0.0
    counts = records.groupby(list(columns)).size()
    outcomes = [tuple(str(v) for v in (key if isinstance(key, tuple) else (key,))) for key in counts.index]
    dist = dit.Distribution(outcomes, (counts / counts.sum()).tolist())
    return float(dit.multivariate.coinformation(dist))


def brute_entropy(records: pd.DataFrame, columns) -> float:
    p = records.groupby(list(columns)).size().to_numpy() / len(records)
    return float(-(p * np.log2(p)).sum())


def brute_t0(records: pd.DataFrame, columns, group) -> float:
    """T0 from its definition: sum over subsets S of sign(S) [H(S) + H(G) - H(S, G)]."""
    t0 = 0.0
    for size in range(1, len(columns) + 1):
        for subset in itertools.combinations(columns, size):
            s = list(subset)
            h0 = brute_entropy(records, s) + brute_entropy(records, [group]) - brute_entropy(records, [*s, group])
            t0 += (-1) ** (size + 1) * h0
    return t0


def check_identity(presence: pd.DataFrame, by: str) -> pd.DataFrame:
    """decompose by ``by`` against dit (T, T_g) and T0 from its definition; returns the decomposition."""
    table = hx.decompose(presence, HELICES, by=by)
    assert table.attrs["T"] == pytest.approx(dit_t(presence, HELICES), abs=1e-9)
    assert table.attrs["T0"] == pytest.approx(brute_t0(presence, HELICES, by), abs=1e-9)
    assert table.attrs["T"] == pytest.approx(table.attrs["T0"] + table["contribution"].sum(), abs=1e-12)
    for group, row in table.iterrows():
        part = presence[presence[by] == group]
        assert row["n"] == len(part)
        assert row["T"] == pytest.approx(dit_t(part, HELICES), abs=1e-9)
    assert table["n"].sum() == len(presence)
    return table


def expected_rows(participations, organisations, assign, by="nuts2"):
    """The grouped presence rows read off the rules in plain Python: {(event, group): (u, i, g)}."""
    helix = dict(zip(organisations["organisation"], organisations["helix"]))
    region = {}
    for o, r in zip(organisations["organisation"], organisations[by]):
        region[o] = r if isinstance(r, str) and r.strip() else "unplaced"
    by_event: dict[str, list[tuple[str, str]]] = {}
    for e, o, role in zip(participations["event"], participations["organisation"], participations["role"]):
        by_event.setdefault(e, []).append((o, role))
    rows = {}
    for e, members in by_event.items():
        whole = tuple(int(any(helix[o] == h for o, _ in members)) for h in HELICES)
        if assign == "coordinator":
            groups = {region[o] for o, role in members if role == "coordinator"}
            rows[(e, groups.pop() if len(groups) == 1 else "unplaced")] = whole
            continue
        for g in {region[o] for o, _ in members}:
            own = [o for o, _ in members if region[o] == g]
            rows[(e, g)] = whole if assign == "participating" else tuple(int(any(helix[o] == h for o in own)) for h in HELICES)
    return rows


def as_rows(table: pd.DataFrame, by="nuts2"):
    rows = {}
    for event, row in table.iterrows():
        key = (event, row[by])
        assert key not in rows, f"row {key} twice"
        rows[key] = tuple(int(row[h]) for h in HELICES)
    return rows


# ------------------------------------------------------------------ presence tables by region


@pytest.fixture
def small():
    organisations = pd.DataFrame(
        {
            "organisation": ["tue", "philips", "tudelft", "tno", "ngo", "mystery", "gemeente"],
            "helix": ["knowledge", "industry", "knowledge", "knowledge", "civil", "industry", "government"],
            "nuts2": ["NL41", "NL41", "NL33", "NL33", "NL32", None, "  "],
        }
    )
    participations = pd.DataFrame(
        {
            "event": ["e1", "e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4", "e5", "e5", "e6"],
            "organisation": ["tue", "philips", "tudelft", "tno", "mystery", "gemeente", "tue",
                             "tudelft", "philips", "ngo", "tno", "philips"],
            "role": ["coordinator", "participant", "participant", "participant", "coordinator", "participant",
                     "participant", "coordinator", "coordinator", "coordinator", "participant", "participant"],
        }
    )
    events = pd.DataFrame({"event": ["e1", "e2", "e3", "e4", "e5", "e6", "e7"], "year": [2015, 2015, 2016, 2016, 2017, 2017, 2018]})
    return organisations, participations, events


def test_coordinator_view_by_hand(small):
    organisations, participations, events = small
    table = hx.presence_table(participations, organisations, by="nuts2", events=events, attributes=["year"])
    assert list(table.columns) == [*HELICES, "nuts2", "year"]
    assert list(table.index) == ["e1", "e2", "e3", "e4", "e5", "e6", "e7"]
    assert table["nuts2"].tolist() == ["NL41", "unplaced", "unplaced", "unplaced", "NL32", "unplaced", "unplaced"]
    # the coordinator's region, the presence of every partner
    assert table.loc["e1", HELICES].tolist() == [1, 1, 0]
    assert table.loc["e5", HELICES].tolist() == [1, 0, 0]
    assert table.attrs["unplaced"] == 5
    assert table.attrs["unplaced_reasons"] == {
        "coordinator without nuts2": 1,  # e2: its coordinator has no region
        "coordinators in different groups": 1,  # e4: NL33 and NL41
        "no coordinator among the participations": 2,  # e3, e6
        "no participations": 1,  # e7
    }
    assert table.attrs["n_events"] == 7 and table.attrs["n_rows"] == 7 and table.attrs["assign"] == "coordinator"
    assert table["year"].tolist() == [2015, 2015, 2016, 2016, 2017, 2017, 2018]


def test_regional_views_by_hand(small):
    organisations, participations, events = small
    partners = hx.presence_table(participations, organisations, by="nuts2", assign="partners", events=events)
    got = list(zip(partners.index, partners["nuts2"], partners[HELICES].itertuples(index=False, name=None)))
    assert got == [
        ("e1", "NL33", (1, 0, 0)),
        ("e1", "NL41", (1, 1, 0)),
        ("e2", "NL33", (1, 0, 0)),
        ("e2", "unplaced", (0, 1, 0)),
        ("e3", "NL41", (1, 0, 0)),
        ("e3", "unplaced", (0, 0, 1)),  # a blank region is no region
        ("e4", "NL33", (1, 0, 0)),
        ("e4", "NL41", (0, 1, 0)),
        ("e5", "NL32", (0, 0, 0)),  # only the civil partner is in NL32
        ("e5", "NL33", (1, 0, 0)),
        ("e6", "NL41", (0, 1, 0)),
        ("e7", "unplaced", (0, 0, 0)),
    ]
    assert partners.attrs["unplaced_reasons"] == {"partners without nuts2": 2, "no participations": 1}
    assert partners.attrs["none_count"] == 2 and partners.attrs["n_events"] == 7 and partners.attrs["n_rows"] == 12
    participating = hx.presence_table(participations, organisations, by="nuts2", assign="participating", events=events)
    assert list(zip(participating.index, participating["nuts2"])) == list(zip(partners.index, partners["nuts2"]))
    assert participating.loc[participating["nuts2"] == "NL32", HELICES].values.tolist() == [[1, 0, 0]]
    assert participating.loc["e3", HELICES].values.tolist() == [[1, 0, 1], [1, 0, 1]]


def test_every_participation_in_one_row_of_the_regional_view(small):
    organisations, participations, _ = small
    partners = hx.presence_table(participations, organisations, by="nuts2", assign="partners")
    whole = hx.presence_table(participations, organisations)
    # an event's helices are the union of its regions' rows
    union = partners.groupby(level="event")[HELICES].max()
    pd.testing.assert_frame_equal(union, whole.loc[union.index], check_dtype=False)


@st.composite
def random_collaborations(draw):
    n_orgs = draw(st.integers(1, 8))
    organisations = pd.DataFrame(
        {
            "organisation": [f"o{j}" for j in range(n_orgs)],
            "helix": draw(st.lists(st.sampled_from(["knowledge", "industry", "government", "civil"]), min_size=n_orgs, max_size=n_orgs)),
            "nuts2": draw(st.lists(st.sampled_from(["NL11", "NL22", "NL33", None]), min_size=n_orgs, max_size=n_orgs)),
        }
    )
    n_rows = draw(st.integers(1, 25))
    pairs = draw(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, n_orgs - 1), st.sampled_from(["coordinator", "participant"])),
                 min_size=n_rows, max_size=n_rows, unique_by=lambda t: (t[0], t[1]))
    )
    participations = pd.DataFrame(
        {"event": [f"e{e}" for e, _, _ in pairs], "organisation": [f"o{o}" for _, o, _ in pairs], "role": [r for _, _, r in pairs]}
    )
    return organisations, participations


@FAST
@given(random_collaborations(), st.sampled_from(["coordinator", "partners", "participating"]))
def test_grouped_rows_follow_the_rules(data, assign):
    organisations, participations = data
    table = hx.presence_table(participations, organisations, by="nuts2", assign=assign)
    assert as_rows(table) == expected_rows(participations, organisations, assign)
    assert table.attrs["unplaced"] == int((table["nuts2"] == "unplaced").sum())
    assert sum(table.attrs["unplaced_reasons"].values()) >= table.attrs["unplaced"] > 0 or table.attrs["unplaced"] == 0


@FAST
@given(random_collaborations(), st.sampled_from(["coordinator", "partners", "participating"]))
def test_decomposition_identity_by_region_on_random_data(data, assign):
    organisations, participations = data
    check_identity(hx.presence_table(participations, organisations, by="nuts2", assign=assign), "nuts2")


@pytest.fixture(scope="module")
def cordis():
    return hx.datasets.load_cordis_nl()


@pytest.mark.parametrize("assign", ["coordinator", "partners", "participating"])
@pytest.mark.parametrize("by", ["nuts2", "nuts3"])
def test_decomposition_identity_by_region_on_the_bundled_data(cordis, assign, by):
    organisations, participations, events = cordis
    presence = hx.presence_table(participations, organisations, by=by, assign=assign, events=events)
    table = check_identity(presence, by)
    placed = organisations[by].dropna().unique()
    assert set(table.index) - {"unplaced"} <= set(placed)
    # the 12 provinces; of the ~40 NUTS-3 regions, those with a placed partner (or coordinator)
    assert len(set(table.index) - {"unplaced"}) >= {"nuts2": 12, "nuts3": 25 if assign == "coordinator" else 35}[by]
    # nothing dropped: every event is counted, the unplaced ones in their own group
    assert presence.index.nunique() == len(events) == presence.attrs["n_events"]
    assert presence.attrs["unplaced"] == int(table.loc["unplaced", "n"]) > 0


def test_coordinator_region_on_the_bundled_data_is_the_coordinators(cordis):
    organisations, participations, events = cordis
    presence = hx.presence_table(participations, organisations, by="nuts3", events=events)
    coordinators = participations[participations["role"] == "coordinator"].merge(organisations[["organisation", "nuts3"]])
    regions = coordinators.groupby("event")["nuts3"].agg(lambda r: r.iloc[0] if r.notna().all() and r.nunique() == 1 else "unplaced")
    expected = regions.reindex(presence.index).fillna("unplaced")
    assert (presence["nuts3"] == expected).all()
    assert (presence["nuts3"] != "unplaced").sum() > 1500


def test_nested_regions_and_participation_columns(small):
    organisations, participations, _ = small
    organisations = organisations.assign(nuts1=organisations["nuts2"].str[:3])
    table = hx.presence_table(participations, organisations, by=["nuts1", "nuts2"], assign="partners")
    assert list(table.columns[3:5]) == ["nuts1", "nuts2"]
    assert table.loc[table["nuts2"] == "unplaced", "nuts1"].eq("unplaced").all()
    nested = hx.decompose(table, HELICES, by=["nuts1", "nuts2"])
    assert nested.attrs["T"] == pytest.approx(nested.attrs["T0"] + nested["contribution"].sum(), abs=1e-12)
    # the region may sit on the participations instead (e.g. a participation-level address)
    located = participations.merge(organisations[["organisation", "nuts2"]], how="left")
    from_participations = hx.presence_table(located, organisations[["organisation", "helix"]], by="nuts2", assign="partners")
    pd.testing.assert_frame_equal(from_participations[HELICES + ["nuts2"]],
                                  hx.presence_table(participations, organisations, by="nuts2", assign="partners")[HELICES + ["nuts2"]])


def test_bad_grouped_input(small):
    organisations, participations, _ = small
    with pytest.raises(HelixDataError, match="unplaced='group'") as error:
        hx.presence_table(participations, organisations, by="nuts2", unplaced="error")
    assert "mystery" in str(error.value) and "assign_regions" in str(error.value)
    with pytest.raises(HelixDataError, match="assign='partners'"):
        hx.presence_table(participations.drop(columns="role"), organisations, by="nuts2")
    with pytest.raises(HelixDataError, match="nuts3.*assign_regions"):
        hx.presence_table(participations, organisations, by="nuts3")
    with pytest.raises(HelixDataError, match="assign must be"):
        hx.presence_table(participations, organisations, by="nuts2", assign="majority")
    with pytest.raises(HelixDataError, match="unplaced must be"):
        hx.presence_table(participations, organisations, by="nuts2", unplaced="drop")
    twice = pd.concat([organisations, organisations.assign(nuts2="NL11").iloc[:1]])
    with pytest.raises(HelixDataError, match="'tue'.*different values"):
        hx.presence_table(participations, twice, by="nuts2")
    with pytest.raises(HelixDataError, match="group named 'unplaced'"):
        hx.presence_table(participations, organisations.assign(nuts2="unplaced"), by="nuts2")
    with pytest.raises(HelixDataError, match="pick one role"):
        hx.presence_table(participations, organisations.assign(industry="x"), by="industry")
    placed = organisations.assign(nuts2=organisations["nuts2"].fillna("NL11").str.strip().replace("", "NL11"))
    clean = participations[participations["event"].isin(["e1", "e5"])]
    assert hx.presence_table(clean, placed, by="nuts2", unplaced="error")["nuts2"].tolist() == ["NL41", "NL32"]


def test_dask_participations_with_by_are_refused(small):
    dd = pytest.importorskip("dask.dataframe")
    organisations, participations, _ = small
    with pytest.raises(HelixDataError, match="compute"):
        hx.presence_table(dd.from_pandas(participations, npartitions=2), organisations, by="nuts2")


# ------------------------------------------------------------------ Shapley values


def brute_shapley(records: pd.DataFrame, columns, by) -> dict:
    """Shapley values by enumerating every order of the groups, worths by dit."""
    groups = sorted(records[by].unique())
    worth: dict[frozenset, float] = {}

    def v(members: frozenset) -> float:
        if members not in worth:
            worth[members] = dit_t(records[records[by].isin(members)], columns)
        return worth[members]

    values = dict.fromkeys(groups, 0.0)
    orders = list(itertools.permutations(groups))
    for order in orders:
        before: frozenset = frozenset()
        for g in order:
            values[g] += (v(before | {g}) - v(before)) / len(orders)
            before = before | {g}
    return values


@st.composite
def grouped_tables(draw, max_groups=5):
    k = draw(st.integers(1, max_groups))
    n = draw(st.integers(k, 60))
    group = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    bits = draw(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 2)), min_size=n, max_size=n))
    frame = pd.DataFrame(bits, columns=["x", "y", "z"])
    frame["region"] = [f"r{g}" for g in group]
    return frame


@FAST
@given(grouped_tables())
def test_shapley_equals_the_enumeration_of_every_order(records):
    table = hx.synergy_shapley(records, ["x", "y", "z"], by="region")
    expected = brute_shapley(records, ["x", "y", "z"], "region")
    assert table.attrs["method"] == "exact"
    for group, value in expected.items():
        assert table.loc[group, "shapley"] == pytest.approx(value, abs=1e-9)
        part = records[records["region"] == group]
        assert table.loc[group, "T_alone"] == pytest.approx(dit_t(part, ["x", "y", "z"]), abs=1e-9)
        assert table.loc[group, "n_events"] == len(part)
    assert table.attrs["T"] == pytest.approx(dit_t(records, ["x", "y", "z"]), abs=1e-9)
    assert table["shapley"].sum() == pytest.approx(table.attrs["T"], abs=1e-9)  # efficiency


def random_regions(k: int, n: int, seed: int) -> pd.DataFrame:
    """Presence records in k regions, each with its own mix (some synergetic, some redundant)."""
    rng = np.random.default_rng(seed)
    region = rng.integers(0, k, n)
    u = rng.integers(0, 2, n)
    i = np.where(rng.random(n) < 0.5 + 0.4 * np.sin(region), u, rng.integers(0, 2, n))
    g = np.where(region % 3 == 0, u ^ i, rng.integers(0, 2, n))
    return pd.DataFrame({"knowledge": u, "industry": i, "government": g, "region": [f"R{r:02d}" for r in region]})


def test_shapley_properties_on_twelve_groups():
    records = random_regions(12, 4000, 1)
    table = hx.synergy_shapley(records, HELICES, by="region")
    assert len(table) == 12 and table.attrs["method"] == "exact" and "se" not in table
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(records, HELICES), abs=1e-10)
    assert table["share"].sum() == pytest.approx(1.0, abs=1e-9)
    for group, row in table.iterrows():
        assert row["T_alone"] == pytest.approx(hx.mutual_information(records[records["region"] == group], HELICES), abs=1e-10)


def test_symmetry_and_null_player():
    base = random_regions(4, 400, 2)
    twin = base[base["region"] == "R01"].assign(region="twin")  # the same table as R01
    records = pd.concat([base, twin], ignore_index=True)
    counted = hx.contingency_table(records, ["region", *HELICES])
    empty = counted.iloc[:2].assign(region="empty", count=0.0)  # a group with zero events
    counted = pd.concat([counted, empty], ignore_index=True)
    table = hx.synergy_shapley(counted, HELICES, by="region", weights="count")
    assert table.loc["twin", "shapley"] == pytest.approx(table.loc["R01", "shapley"], abs=1e-12)
    assert table.loc["empty", "shapley"] == 0.0 and table.loc["empty", "n_events"] == 0
    assert table.loc["empty", "T_alone"] == 0.0
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(records, HELICES), abs=1e-10)
    from_records = hx.synergy_shapley(records, HELICES, by="region")
    pd.testing.assert_frame_equal(table.drop(index="empty"), from_records, check_dtype=False, atol=1e-12, rtol=0)


def test_sampled_estimate_agrees_with_exact_values():
    records = random_regions(10, 3000, 3)
    exact = hx.synergy_shapley(records, HELICES, by="region")
    sampled = hx.synergy_shapley(records, HELICES, by="region", samples=3000, seed=5)
    assert sampled.attrs["method"] == "sampled" and sampled.attrs["samples"] == 3000
    assert (sampled["se"] > 0).all()
    z = (sampled["shapley"] - exact["shapley"]).abs() / sampled["se"]
    assert (z < 4).all(), z
    assert sampled["shapley"].sum() == pytest.approx(exact.attrs["T"], abs=1e-10)  # each order sums to T
    again = hx.synergy_shapley(records, HELICES, by="region", samples=3000, seed=5)
    pd.testing.assert_frame_equal(sampled, again)


def test_more_than_twenty_groups_are_sampled():
    records = random_regions(24, 3000, 4)
    table = hx.synergy_shapley(records, HELICES, by="region", seed=0)
    assert table.attrs["method"] == "sampled" and table.attrs["samples"] == hx.information.SHAPLEY_DEFAULT_SAMPLES
    assert len(table) == 24 and "se" in table
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(records, HELICES), abs=1e-10)


def test_twenty_groups_exact_against_the_worth_of_all_events():
    records = random_regions(20, 2000, 6)
    table = hx.synergy_shapley(records, HELICES, by="region")
    assert table.attrs["method"] == "exact"
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(records, HELICES), abs=1e-9)


def test_shapley_with_several_group_columns_and_bad_input():
    records = random_regions(4, 300, 7).assign(half=lambda d: np.where(d["knowledge"] == 1, "a", "b"))
    table = hx.synergy_shapley(records, ["industry", "government"], by=["region", "half"])
    assert table.index.names == ["region", "half"] and len(table) == 8
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(records, ["industry", "government"]), abs=1e-12)
    with pytest.raises(HelixDataError, match="samples"):
        hx.synergy_shapley(records, HELICES, by="region", samples=1)
    with pytest.raises(HelixDataError, match="pick one role"):
        hx.synergy_shapley(records, HELICES, by="knowledge")
    with pytest.raises(HelixDataError, match="by="):
        hx.synergy_shapley(records, HELICES, by=[])
    with pytest.raises(HelixDataError, match="seed"):
        hx.synergy_shapley(records, HELICES, by="region", samples=10, seed=-1)


def test_shapley_of_the_bundled_provinces(cordis):
    organisations, participations, events = cordis
    presence = hx.presence_table(participations, organisations, by="nuts2", assign="partners", events=events)
    table = hx.synergy_shapley(presence, HELICES, by="nuts2")
    assert len(table) == 13 and table.attrs["method"] == "exact"  # 12 provinces and the unplaced
    assert table["shapley"].sum() == pytest.approx(hx.mutual_information(presence, HELICES), abs=1e-10)
    decomposition = hx.decompose(presence, HELICES, by="nuts2")
    assert (table["n_events"] == decomposition["n"]).all()
    assert np.allclose(table["T_alone"], decomposition["T"], atol=1e-12)


# ------------------------------------------------------------------ T per region and year


def test_synergy_over_time_by_region_equals_each_region_alone():
    records = random_regions(5, 2000, 8)
    records["year"] = np.random.default_rng(9).integers(2014, 2021, len(records))
    records = records[~((records["region"] == "R02") & (records["year"] == 2017))]  # a gap
    for window in (1, 3):
        tidy = hx.synergy_over_time(records, HELICES, "year", window, by="region")
        assert list(tidy.columns) == ["region", "year", "n_events", "H", "T", "R", "T_mbit"]
        assert tidy["n_events"].dtype == np.int64
        expected_rows = 0
        for region, part in records.groupby("region"):
            mine = tidy[tidy["region"] == region].set_index("year")
            # every window (year - window, year] of the data's years in which the region has records
            years = [y for y in range(2014 + window - 1, 2021) if part["year"].between(y - window + 1, y).any()]
            assert list(mine.index) == years
            expected_rows += len(years)
            for year, row in mine.iterrows():
                inside = part[part["year"].between(year - window + 1, year)]
                assert row["n_events"] == len(inside)
                assert row["T"] == pytest.approx(hx.mutual_information(inside, HELICES), abs=1e-12)
            if window == 1:
                alone = hx.synergy_over_time(part, HELICES, "year")
                assert np.allclose(mine["T"], alone["T"], atol=1e-12) and (mine["n_events"] == alone["n"]).all()
        assert len(tidy) == expected_rows
    one = hx.synergy_over_time(records, HELICES, "year", by="region")
    assert not ((one["region"] == "R02") & (one["year"] == 2017)).any()
    row = one[(one["region"] == "R00") & (one["year"] == 2015)].iloc[0]
    part = records[(records["region"] == "R00") & (records["year"] == 2015)]
    assert row["T"] == pytest.approx(dit_t(part, HELICES), abs=1e-9) and row["T_mbit"] == pytest.approx(1000 * row["T"])


def test_synergy_over_time_by_province_on_the_bundled_data(cordis):
    organisations, participations, events = cordis
    presence = hx.presence_table(participations, organisations, by="nuts2", assign="partners", events=events,
                                 attributes=["year"])
    tidy = hx.synergy_over_time(presence, HELICES, "year", by="nuts2")
    assert tidy["n_events"].sum() == len(presence)
    assert set(tidy["nuts2"]) == set(presence["nuts2"])
    brainport = tidy[(tidy["nuts2"] == "NL41")].set_index("year")
    for year, row in brainport.iterrows():
        part = presence[(presence["nuts2"] == "NL41") & (presence["year"] == year)]
        assert row["n_events"] == len(part)
        assert row["T"] == pytest.approx(dit_t(part, HELICES), abs=1e-9)
    with pytest.raises(HelixDataError, match="pick one role"):
        hx.synergy_over_time(presence, HELICES, "year", by="knowledge")
    with pytest.raises(HelixDataError, match="pick one role"):
        hx.synergy_over_time(presence, HELICES, "year", by="year")
    assert math.isclose(tidy.attrs["base"], 2)
