"""Collaboration graphs against a brute-force projection written out here."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet import HelixDataError


def brute_force(participations: pd.DataFrame, weighting: str) -> dict[tuple[str, str], tuple[int, float]]:
    """Pairs per event by a loop over events: the definitions in the docstring, literally."""
    members = participations.drop_duplicates().groupby("event")["organisation"].apply(sorted)
    count: Counter = Counter()
    fractional: defaultdict = defaultdict(float)
    occurrences = Counter(participations.drop_duplicates()["organisation"])
    for orgs in members:
        for a, b in itertools.combinations(orgs, 2):
            count[a, b] += 1
            fractional[a, b] += 1 / (len(orgs) - 1)
    strength: Counter = Counter()
    for (a, b), c in count.items():
        strength[a] += c
        strength[b] += c
    m = sum(count.values())
    result = {}
    for (a, b), c in count.items():
        weight = {
            "count": c,
            "fractional": fractional[a, b],
            "association": 2 * m * c / (strength[a] * strength[b]),
            "cosine": c / math.sqrt(occurrences[a] * occurrences[b]),
            "jaccard": c / (occurrences[a] + occurrences[b] - c),
        }[weighting]
        result[a, b] = (c, weight)
    return result


participation_tables = st.lists(
    st.tuples(st.sampled_from([f"e{i}" for i in range(8)]), st.sampled_from([f"o{i:02d}" for i in range(12)])),
    min_size=1,
    max_size=60,
).map(lambda rows: pd.DataFrame(rows, columns=["event", "organisation"]))


@settings(max_examples=60, deadline=None)
@given(participation_tables, st.sampled_from(hx.WEIGHTINGS))
def test_edges_equal_brute_force(participations, weighting):
    edges = hx.collaboration_edges(participations, weighting=weighting)
    expected = brute_force(participations, weighting)
    got = {(s, t): (c, w) for s, t, c, w in edges.itertuples(index=False)}
    assert got.keys() == expected.keys()
    for pair, (count, weight) in expected.items():
        assert got[pair][0] == count
        assert got[pair][1] == pytest.approx(weight, rel=1e-12)
    assert (edges["source"] < edges["target"]).all()
    pairs = list(zip(edges["source"], edges["target"]))
    assert pairs == sorted(pairs)


@settings(max_examples=40, deadline=None)
@given(participation_tables, st.sampled_from(hx.WEIGHTINGS), st.integers(2, 6))
def test_size_filter_equals_brute_force_on_the_kept_events(participations, weighting, max_participants):
    unique = participations.drop_duplicates()
    sizes = unique.groupby("event")["organisation"].transform("size")
    kept = unique[sizes <= max_participants]
    if kept.empty:  # every event too big: refused, not an empty table
        with pytest.raises(HelixDataError, match="removes every event"):
            hx.collaboration_edges(participations, weighting=weighting, max_participants=max_participants)
        return
    edges = hx.collaboration_edges(participations, weighting=weighting, max_participants=max_participants)
    expected = brute_force(kept, weighting)
    got = {(s, t): (c, w) for s, t, c, w in edges.itertuples(index=False)}
    assert got.keys() == expected.keys()
    for pair, (count, weight) in expected.items():
        assert got[pair] == (count, pytest.approx(weight, rel=1e-12))
    assert edges.attrs["dropped_events"] == unique.loc[sizes > max_participants, "event"].nunique()
    assert edges.attrs["duplicates"] == len(participations) - len(unique)
    graph = hx.collaboration_graph(participations, weighting=weighting, max_participants=max_participants)
    assert set(graph.nodes) == set(kept["organisation"])  # organisations of dropped events only are gone


@settings(max_examples=30, deadline=None)
@given(participation_tables, st.sampled_from(hx.WEIGHTINGS))
def test_graph_matches_edge_table(participations, weighting):
    G = hx.collaboration_graph(participations, weighting=weighting)
    edges = hx.collaboration_edges(participations, weighting=weighting)
    assert set(G.nodes) == set(participations["organisation"])
    assert G.number_of_edges() == len(edges)
    for s, t, c, w in edges.itertuples(index=False):
        assert G.edges[s, t] == {"count": c, "weight": w}
    # The graph behaves like any networkx graph built the ordinary way.
    H = nx.Graph(**G.graph)
    H.add_nodes_from(G.nodes)
    H.add_edges_from((s, t, {"count": c, "weight": w}) for s, t, c, w in edges.itertuples(index=False))
    assert nx.utils.graphs_equal(G, H)


def test_fractional_ties_of_one_event_sum_to_one():
    p = pd.DataFrame({"event": ["e"] * 4, "organisation": list("abcd")})
    G = hx.collaboration_graph(p, weighting="fractional")
    assert all(G.degree(n, weight="weight") == pytest.approx(1.0) for n in G)


def test_node_attributes_and_isolates():
    p = pd.DataFrame({"event": ["e1", "e1", "e2"], "organisation": ["a", "b", "c"]})
    o = pd.DataFrame(
        {"organisation": ["a", "b", "c"], "name": ["A", None, "C"], "helix": ["knowledge", "industry", "government"], "country": ["NL", "NL", "BE"]}
    )
    G = hx.collaboration_graph(p, o)
    assert G.nodes["a"] == {"name": "A", "helix": "knowledge", "country": "NL"}
    assert "name" not in G.nodes["b"]  # unknown stays unknown, not NaN
    assert G.degree("c") == 0


def test_filters_years_size_country():
    p = pd.DataFrame(
        {
            "event": ["e1", "e1", "e2", "e2", "e2", "e3", "e3"],
            "organisation": ["a", "b", "a", "b", "c", "a", "d"],
            "year": [2015, 2015, 2018, 2018, 2018, 2020, 2020],
            "country": ["NL", "NL", "NL", "NL", "BE", "NL", "NL"],
        }
    )
    assert hx.collaboration_edges(p, years=(2014, 2016))[["source", "target"]].values.tolist() == [["a", "b"]]
    small = hx.collaboration_edges(p, max_participants=2)
    assert small.attrs["dropped_events"] == 1
    assert small[["source", "target", "count"]].values.tolist() == [["a", "b", 1], ["a", "d", 1]]
    nl = hx.collaboration_edges(p, country="NL")
    assert set(map(tuple, nl[["source", "target"]].values.tolist())) == {("a", "b"), ("a", "d")}


@settings(max_examples=40, deadline=None)
@given(participation_tables, st.integers(0, 7), st.sampled_from(["NL", "nl", "BE"]), st.sampled_from(hx.WEIGHTINGS))
def test_filtered_edges_equal_brute_force_on_the_kept_rows(participations, first_year, country, weighting):
    # Years and countries drawn from the ids, so that filters leave some ids out of the coded table.
    p = participations.assign(
        year=participations["event"].str[1:].astype(int) + 2010,
        country=np.where(participations["organisation"].str[-1:].astype(int) % 3 == 0, "BE", "NL"),
    )
    organisations = pd.DataFrame({"organisation": sorted(set(p["organisation"]) | {"unused"})}).merge(
        p.drop_duplicates("organisation")[["organisation", "country"]], how="left"
    )
    kept = p[(p["year"] >= 2010 + first_year) & (p["country"] == country.upper())][["event", "organisation"]]
    for table in (None, organisations):  # the country from the participations, then the organisations
        call = lambda: hx.collaboration_edges(  # noqa: E731
            p, weighting=weighting, years=(2010 + first_year, 2020), country=country, organisations=table
        )
        if kept.empty:
            with pytest.raises(HelixDataError):
                call()
            continue
        edges = call()
        expected = brute_force(kept, weighting)
        got = {(s, t): (c, w) for s, t, c, w in edges.itertuples(index=False)}
        assert got == {pair: (c, pytest.approx(w, rel=1e-12)) for pair, (c, w) in expected.items()}
        pairs = list(zip(edges["source"], edges["target"]))
        assert pairs == sorted(pairs)
        graph = hx.collaboration_graph(p, years=(2010 + first_year, 2020), country=country, organisations=table)
        assert set(graph.nodes) == set(kept["organisation"])  # filtered-out organisations are no nodes


digit_ids = st.integers(1, 4).flatmap(  # one width (sorted as integers) or any width (as text)
    lambda width: st.lists(st.text("0123456789", min_size=width, max_size=width) | st.text("0123456789", min_size=1, max_size=5), min_size=2, max_size=12, unique=True)
)


@settings(max_examples=40, deadline=None)
@given(digit_ids, st.lists(st.tuples(st.integers(0, 4), st.integers(0, 11)), min_size=1, max_size=40))
def test_number_ids_sort_as_text(ids, rows):
    p = pd.DataFrame([(f"e{e}", ids[o % len(ids)]) for e, o in rows], columns=["event", "organisation"])
    edges = hx.collaboration_edges(p)
    assert {(s, t): c for s, t, c, _ in edges.itertuples(index=False)} == {pair: c for pair, (c, _) in brute_force(p, "count").items()}
    pairs = list(zip(edges["source"], edges["target"]))
    assert pairs == sorted(pairs)  # as text: "10" before "9", "007" before "07"


@pytest.mark.parametrize("dtype", [object, "str", "string[python]", "string[pyarrow]", "category"])
def test_id_dtypes_give_one_edge_table(dtype):
    p = pd.DataFrame({"event": ["e2", "e2", "e1", "e1", "e1"], "organisation": ["z", "b", "b", "a", "z"]})
    edges = hx.collaboration_edges(p.astype(dtype), weighting="fractional")
    assert edges[["source", "target"]].values.tolist() == [["a", "b"], ["a", "z"], ["b", "z"]]
    assert edges["count"].tolist() == [1, 1, 2]
    assert edges["weight"].tolist() == [0.5, 0.5, 1.5]
    assert edges["source"].dtype == "str" and edges["target"].dtype == "str"  # one dtype whatever the input's


def test_integer_ids_become_their_decimal_strings():
    p = pd.DataFrame({"event": [7, 7, 8, 8], "organisation": [10, 9, 10, 9]})
    edges = hx.collaboration_edges(p)
    assert edges[["source", "target", "count"]].values.tolist() == [["10", "9", 2]]  # "10" < "9" as text


def test_repeated_participation_counts_once():
    p = pd.DataFrame({"event": ["e1", "e1", "e1"], "organisation": ["a", "b", "b"]})
    edges = hx.collaboration_edges(p)
    assert edges["count"].tolist() == [1]
    assert edges.attrs["duplicates"] == 1


def test_leading_zero_ids_survive():
    p = pd.DataFrame({"event": ["1", "1"], "organisation": ["00123", "123"]})
    assert hx.collaboration_edges(p)[["source", "target"]].values.tolist() == [["00123", "123"]]


def test_bipartite_graph():
    p = pd.DataFrame({"event": ["1", "1", "2"], "organisation": ["1", "b", "b"], "role": ["coordinator", "participant", "participant"]})
    events = pd.DataFrame({"event": ["1", "2"], "year": [2015, 2016]})
    B = hx.bipartite_graph(p, events=events)
    assert nx.is_bipartite(B)
    assert B.nodes["event:1"] == {"year": 2015, "event": "1", "bipartite": 1}
    assert B.nodes["1"]["bipartite"] == 0  # organisation "1" and event "1" stay apart
    assert B.edges["1", "event:1"]["role"] == "coordinator"
    projected = nx.bipartite.weighted_projected_graph(B, ["1", "b"])
    assert dict(projected.edges) == {("1", "b"): {"weight": 1}}


@pytest.mark.parametrize(
    "participations, kwargs, message",
    [
        (pd.DataFrame({"event": ["e"], "org": ["a"]}), {}, "no column 'organisation'"),
        (pd.DataFrame({"event": [], "organisation": []}), {}, "empty"),
        (pd.DataFrame({"event": ["e", None], "organisation": ["a", "b"]}), {}, "missing id"),
        (pd.DataFrame({"event": ["e", "e"], "organisation": [1.0, 2.0]}), {}, "leading zeros"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"]}), {"weighting": "pmi"}, "weighting must be one of"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"]}), {"years": (2014, 2020)}, "'year' column"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"], "year": ["x"]}), {"years": (2014, 2020)}, "non-numeric"),
        (pd.DataFrame({"event": ["e"], "organisation": ["a"]}), {"country": "NL"}, "'country' column"),
        (
            pd.DataFrame({"event": ["e"], "organisation": ["zz"]}),
            {"organisations": pd.DataFrame({"organisation": ["a"]})},
            "not in the organisations table: 'zz'",
        ),
        (
            pd.DataFrame({"event": ["e"], "organisation": ["a"]}),
            {"organisations": pd.DataFrame({"organisation": ["a", "a"]})},
            "repeats id",
        ),
        ([("e", "a")], {}, "must be a pandas DataFrame"),
    ],
)
def test_bad_input(participations, kwargs, message):
    with pytest.raises(HelixDataError, match=message):
        hx.collaboration_edges(participations, **kwargs)


def test_dutch_cordis_graph_matches_source_figures():
    organisations, participations, _ = hx.datasets.load_cordis_nl()
    G = hx.collaboration_graph(participations, organisations)
    # SOURCE.md: the Dutch co-participation graph has 5,883 distinct organisation pairs.
    assert G.number_of_edges() == 5883
    assert G.number_of_nodes() == participations["organisation"].nunique()
    assert np.isclose(sum(d["count"] for *_, d in G.edges(data=True)), hx.collaboration_edges(participations)["count"].sum())


def test_dask_projection_equals_pandas(dask_client):
    import dask.dataframe as dd

    organisations, participations, _ = hx.datasets.load_cordis_nl()
    participations = pd.concat([participations, participations.iloc[:50]])  # repeated rows collapse the same way
    distributed_table = dd.from_pandas(participations, npartitions=3)
    for weighting in hx.WEIGHTINGS:
        expected = hx.collaboration_edges(participations, weighting=weighting, max_participants=40)
        got = hx.collaboration_edges(distributed_table, weighting=weighting, max_participants=40)
        assert got[["source", "target", "count"]].equals(expected[["source", "target", "count"]])
        np.testing.assert_allclose(got["weight"], expected["weight"], rtol=1e-12)
        assert got.attrs == expected.attrs
    G_dask = hx.collaboration_graph(distributed_table, organisations)
    assert G_dask.number_of_nodes() == participations["organisation"].nunique()
