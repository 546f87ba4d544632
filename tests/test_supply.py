"""Supply-chain measures and shocks against hand-computed chains and brute-force oracles."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet import HelixDataError
from helixnet.datasets.synthetic import SYNTHETIC_NOTE, synthetic_supply_chain

# ------------------------------------------------------------------ oracles written out here


def brute_measures(G: nx.DiGraph) -> pd.DataFrame:
    """Every measure by its definition, with networkx searches and plain loops."""
    finals = {n for n in G if G.out_degree(n) == 0}

    def reaches_final(graph: nx.DiGraph, node) -> bool:
        return node in finals or any(f in finals for f in nx.descendants(graph, node))

    rows = {}
    for node in G:
        lengths = [nx.shortest_path_length(G, node, f) for f in finals if nx.has_path(G, node, f)]
        out = [d.get("volume", 1.0) for _, _, d in G.out_edges(node, data=True)]
        inc = [d.get("volume", 1.0) for _, _, d in G.in_edges(node, data=True)]
        sales, purchases = sum(out), sum(inc)
        without = G.copy()
        without.remove_node(node)
        cut = sum(1 for j in G if j != node and reaches_final(G, j) and not reaches_final(without, j))
        rows[node] = {
            "tier": float(min(lengths)) if lengths else math.nan,
            "upstream_reach": len(nx.ancestors(G, node)),
            "downstream_reach": len(nx.descendants(G, node)),
            "n_customers": len(out),
            "n_suppliers": len(inc),
            "sales": float(sales),
            "purchases": float(purchases),
            "top_customer_share": max(out) / sales if sales > 0 else math.nan,
            "hhi_customers": sum((x / sales) ** 2 for x in out) if sales > 0 else math.nan,
            "hhi_suppliers": sum((x / purchases) ** 2 for x in inc) if purchases > 0 else math.nan,
            "criticality": cut,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def assert_measures_equal(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    expected = expected.loc[got.index, got.columns]
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False, rtol=1e-12)


def shock_matrix(G: nx.DiGraph):
    """W, r and the node order, from the docstring's definitions, by loops."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    W = np.zeros((len(nodes), len(nodes)))
    total = np.zeros(len(nodes))
    for i, node in enumerate(nodes):
        out = {c: d.get("volume", 1.0) for c, d in G[node].items()}
        total[i] = sum(out.values()) + G.nodes[node].get("final_demand", 0.0)
        for c, vol in out.items():
            W[i, index[c]] = vol / total[i] if total[i] > 0 else 0.0
    return nodes, W, W.sum(axis=1)


def line() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_edge("s2", "s1", volume=4.0)
    G.add_edge("s1", "oem", volume=10.0)
    return G


def diamond() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_edge("a", "b", volume=3.0)
    G.add_edge("a", "c", volume=1.0)
    G.add_edge("b", "d", volume=1.0)
    G.add_edge("c", "d", volume=1.0)
    G.nodes["b"]["final_demand"] = 1.0
    return G


def cycle() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_edge("a", "b", volume=2.0)
    G.add_edge("b", "a", volume=1.0)
    G.add_edge("b", "oem", volume=1.0)
    return G


# ------------------------------------------------------------------ measures, by hand


def test_line_measures_by_hand():
    m = hx.supply_measures(line(), progress=False)
    assert m["tier"].to_dict() == {"s2": 2.0, "s1": 1.0, "oem": 0.0}
    assert m["upstream_reach"].to_dict() == {"s2": 0, "s1": 1, "oem": 2}
    assert m["downstream_reach"].to_dict() == {"s2": 2, "s1": 1, "oem": 0}
    assert m["criticality"].to_dict() == {"s2": 0, "s1": 1, "oem": 2}
    assert m.loc["s1", "top_customer_share"] == 1.0 and m.loc["s1", "hhi_customers"] == 1.0
    assert math.isnan(m.loc["oem", "top_customer_share"]) and math.isnan(m.loc["s2", "hhi_suppliers"])
    assert m.loc["oem", "hhi_suppliers"] == 1.0
    assert m["sales"].to_dict() == {"s2": 4.0, "s1": 10.0, "oem": 0.0}


def test_diamond_measures_by_hand():
    m = hx.supply_measures(diamond(), progress=False)
    assert m["tier"].to_dict() == {"a": 2.0, "b": 1.0, "c": 1.0, "d": 0.0}
    assert m["upstream_reach"].to_dict() == {"a": 0, "b": 1, "c": 1, "d": 3}
    assert m["downstream_reach"].to_dict() == {"a": 3, "b": 1, "c": 1, "d": 0}
    # b and c are alternatives: neither alone cuts a off; d is the only final customer.
    assert m["criticality"].to_dict() == {"a": 0, "b": 0, "c": 0, "d": 3}
    assert m.loc["a", "top_customer_share"] == 0.75
    assert m.loc["a", "hhi_customers"] == pytest.approx(0.75**2 + 0.25**2)
    assert m.loc["d", "hhi_suppliers"] == pytest.approx(0.5)


def test_cycle_measures_by_hand():
    m = hx.supply_measures(cycle(), progress=False)
    assert m["tier"].to_dict() == {"a": 2.0, "b": 1.0, "oem": 0.0}
    assert m["upstream_reach"].to_dict() == {"a": 1, "b": 1, "oem": 2}
    assert m["downstream_reach"].to_dict() == {"a": 2, "b": 2, "oem": 0}
    assert m["criticality"].to_dict() == {"a": 0, "b": 1, "oem": 2}
    assert m.loc["b", "hhi_customers"] == 0.5


def test_closed_cycle_has_no_tier_and_no_criticality():
    G = nx.DiGraph([("x", "y"), ("y", "x"), ("z", "w")])
    m = hx.supply_measures(G, progress=False)
    assert math.isnan(m.loc["x", "tier"]) and math.isnan(m.loc["y", "tier"])
    assert m.loc["x", "criticality"] == 0 and m.loc["w", "criticality"] == 1
    assert m.loc["x", "downstream_reach"] == 1 and m.loc["x", "upstream_reach"] == 1
    assert m.loc["x", "sales"] == 1.0  # no volume attribute: 1 per edge


@st.composite
def supply_graphs(draw, max_nodes: int = 9):
    n = draw(st.integers(2, max_nodes))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=3 * n,
            unique=True,
        )
    )
    volumes = draw(st.lists(st.floats(0.1, 10.0), min_size=len(pairs), max_size=len(pairs)))
    G = nx.DiGraph()
    G.add_nodes_from(f"f{i}" for i in range(n))
    for (a, b), vol in zip(pairs, volumes):
        G.add_edge(f"f{a}", f"f{b}", volume=vol)
    final = draw(st.lists(st.one_of(st.none(), st.just(0.0), st.floats(0.1, 5.0)), min_size=n, max_size=n))
    for i, f in enumerate(final):
        if f is not None:
            G.nodes[f"f{i}"]["final_demand"] = f
    G.nodes["f0"]["final_demand"] = 1.0 + G.nodes["f0"].get("final_demand", 0.0)
    return G


@settings(max_examples=50, deadline=None)
@given(supply_graphs())
def test_measures_equal_brute_force(G):
    assert_measures_equal(hx.supply_measures(G, progress=False), brute_measures(G))


def test_reach_in_small_bit_blocks_equals_networkx():
    """Force many blocks of bits and batches (the path big graphs take)."""
    from helixnet.supply import _reach

    G = nx.gnp_random_graph(300, 0.02, seed=3, directed=True)
    src, dst = map(np.array, zip(*G.edges()))
    got = _reach(300, src, dst, progress=False, desc="", memory=8 * 2 * 150)
    assert got.tolist() == [len(nx.descendants(G, i)) for i in range(300)]


def test_measures_on_synthetic_region_equal_brute_force():
    data = synthetic_supply_chain(seed=2, tiers=(8, 20, 40))
    G = hx.supply_chain_graph(data.supply, data.organisations, volume="volume")
    assert not nx.is_directed_acyclic_graph(G)
    assert_measures_equal(hx.supply_measures(G, progress=False), brute_measures(G))


# ------------------------------------------------------------------ the shock model, by hand


def test_line_shock_by_hand():
    result = hx.propagate_shock(line(), {"oem": 0.5}, damping=0.5)
    assert result.firms["relative_loss"].to_dict() == {"s2": 0.125, "s1": 0.25, "oem": 0.5}
    assert result.firms.loc["s1", "sales_loss"] == 2.5 and result.firms.loc["s2", "sales_loss"] == 0.5
    assert math.isnan(result.firms.loc["oem", "sales"])  # a final customer's sales are not in the graph
    assert result.rounds == 2 and result.converged
    full = hx.propagate_shock(line(), {"oem": 0.5})
    assert full.firms["relative_loss"].tolist() == [0.5, 0.5, 0.5]


def test_diamond_shock_by_hand():
    G = diamond()
    x = hx.propagate_shock(G, {"d": 0.4}).firms["relative_loss"]
    # b sells half outside: 0.5 * 0.4; c all to d: 0.4; a: 0.75 * 0.2 + 0.25 * 0.4.
    assert x.to_dict() == pytest.approx({"a": 0.25, "b": 0.2, "c": 0.4, "d": 0.4})
    direct = hx.propagate_shock(G, {"b": 0.4}).firms["relative_loss"]
    assert direct.to_dict() == pytest.approx({"a": 0.15, "b": 0.2, "c": 0.0, "d": 0.0})


def test_cycle_shock_by_hand():
    result = hx.propagate_shock(cycle(), {"oem": 1.0}, damping=0.5)
    x = result.firms["relative_loss"]
    # x_b = 0.5 (0.5 x_a + 0.5), x_a = 0.5 x_b  =>  x_b = 2/7, x_a = 1/7.
    assert x["b"] == pytest.approx(2 / 7, abs=1e-11) and x["a"] == pytest.approx(1 / 7, abs=1e-11)
    assert result.converged and result.rounds > 5
    solved = hx.propagate_shock(cycle(), {"oem": 1.0}, damping=0.5, method="solve").firms["relative_loss"]
    np.testing.assert_allclose(solved, x, atol=1e-11)


def test_closed_cycle_gets_the_least_solution():
    G = nx.DiGraph([("x", "y"), ("y", "x"), ("z", "w")])
    result = hx.propagate_shock(G, {"w": 0.5})
    assert result.firms["relative_loss"].to_dict() == {"x": 0.0, "y": 0.0, "z": 0.5, "w": 0.5}
    with pytest.raises(HelixDataError, match="final_demand"):
        hx.propagate_shock(G, {"x": 0.5})
    G.nodes["x"]["final_demand"] = 1.0  # now x sells half outside: x = 0.5 s + 0.5 x_y, x_y = x
    x = hx.propagate_shock(G, {"x": 1.0}).firms["relative_loss"]
    assert x["x"] == pytest.approx(1.0, abs=1e-10) and x["y"] == pytest.approx(1.0, abs=1e-10)


def test_rounds_truncate_the_series():
    G = line()
    assert hx.propagate_shock(G, {"oem": 0.5}, rounds=1).firms["relative_loss"].to_dict() == {"s2": 0.0, "s1": 0.5, "oem": 0.5}
    zero = hx.propagate_shock(G, {"oem": 0.5}, rounds=0)
    assert zero.rounds == 0 and not zero.converged
    assert hx.propagate_shock(G, {"oem": 0.5}, rounds=2).converged


def test_jobs_and_summaries():
    G = line()
    G.nodes["oem"].update(employees=1000, region="Brainport", helix="industry")
    G.nodes["s1"].update(employees=50, region="Brainport", helix="industry")
    G.nodes["s2"].update(region="Germany", helix="industry")  # employees unknown
    result = hx.propagate_shock(G, {"oem": 0.2}, damping=0.5)
    assert result.firms["jobs_at_risk"].to_dict() == pytest.approx({"oem": 200.0, "s1": 5.0, "s2": math.nan}, nan_ok=True)
    region = result.by_region
    assert region.loc["Brainport", "jobs_at_risk"] == pytest.approx(205.0)
    assert region.loc["Brainport", "employees"] == 1050.0
    assert math.isnan(region.loc["Germany", "jobs_at_risk"])
    assert region.loc["Germany", "sales_loss"] == pytest.approx(0.05 * 4.0)
    assert result.by_helix.loc["industry", "firms_hit"] == 3
    assert "jobs at risk" in repr(result)
    both = hx.summarise_shock(result, ["region", "helix"])
    assert both.loc[("Brainport", "industry"), "firms"] == 2


# ------------------------------------------------------------------ the shock model, random graphs


@st.composite
def shocked_graphs(draw):
    G = draw(supply_graphs())
    nodes, W, r = shock_matrix(G)
    allowed = [n for n, share in zip(nodes, r) if share < 1 - 1e-12]
    chosen = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3, unique=True))
    shock = {n: draw(st.floats(0.0, 1.0)) for n in chosen}
    damping = draw(st.sampled_from([0.3, 0.7, 0.95, 1.0]))
    return G, shock, damping


@settings(max_examples=50, deadline=None)
@given(shocked_graphs())
def test_shock_is_bounded_and_solves_the_model(case):
    G, shock, damping = case
    result = hx.propagate_shock(G, shock, damping=damping)
    assert result.converged
    nodes, W, r = shock_matrix(G)
    x = result.firms["relative_loss"].reindex(nodes).to_numpy()
    s = np.array([shock.get(n, 0.0) for n in nodes])
    assert (x >= 0).all() and (x <= max(s) + 1e-12).all()
    b = (1 - r) * s
    np.testing.assert_allclose(x, b + damping * W @ x, atol=1e-6)
    if damping < 1:
        np.testing.assert_allclose(x, np.linalg.solve(np.eye(len(nodes)) - damping * W, b), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(shocked_graphs(), st.floats(0.0, 1.0))
def test_shock_is_linear(case, alpha):
    G, shock, damping = case
    assume(damping < 1 or nx.is_directed_acyclic_graph(G))
    base = hx.propagate_shock(G, shock, damping=damping).firms["relative_loss"]
    scaled = hx.propagate_shock(G, {k: alpha * v for k, v in shock.items()}, damping=damping).firms["relative_loss"]
    np.testing.assert_allclose(scaled, alpha * base, atol=1e-10)
    first, *rest = shock
    if rest:
        part1 = hx.propagate_shock(G, {first: shock[first]}, damping=damping).firms["relative_loss"]
        part2 = hx.propagate_shock(G, {k: shock[k] for k in rest}, damping=damping).firms["relative_loss"]
        np.testing.assert_allclose(part1 + part2, base, atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(shocked_graphs())
def test_shock_converges_on_cycles_with_full_damping(case):
    G, shock, _ = case
    G.add_edge("f0", "f1", volume=1.0) if not G.has_edge("f0", "f1") else None
    G.add_edge("f1", "f0", volume=1.0) if not G.has_edge("f1", "f0") else None
    nodes, _, r = shock_matrix(G)
    allowed = {n for n, share in zip(nodes, r) if share < 1 - 1e-12}
    shock = {n: value for n, value in shock.items() if n in allowed} or {"f0": 0.8}
    result = hx.propagate_shock(G, shock, damping=1.0)
    assert result.converged
    x = result.firms["relative_loss"]
    assert (x >= 0).all() and (x <= max(shock.values()) + 1e-12).all()


# ------------------------------------------------------------------ building the graph


def test_graph_from_tables():
    edges = pd.DataFrame({"from": ["s1", "s2", "s2", "s2"], "to": ["oem", "oem", "s1", "s1"], "v": [10.0, 5.0, 2.0, 1.0]})
    orgs = pd.DataFrame(
        {
            "organisation": ["oem", "s1", "s2", "uni"],
            "name": ["OEM", "S1", "S2", "Uni"],
            "helix": ["industry", "industry", "industry", "knowledge"],
            "region": ["Brainport", None, "Germany", "Brainport"],
            "employees": [1000, 20, None, 3000],
        }
    )
    G = hx.supply_chain_graph(edges, orgs, supplier="from", customer="to", volume="v")
    assert sorted(G) == ["oem", "s1", "s2"]
    assert G.edges["s2", "s1"]["volume"] == 3.0 and G.graph["duplicates"] == 1
    assert G.nodes["oem"] == {"name": "OEM", "helix": "industry", "region": "Brainport", "employees": 1000.0}
    assert "region" not in G.nodes["s1"] and "employees" not in G.nodes["s2"]
    counted = hx.supply_chain_graph(edges, supplier="from", customer="to")
    assert counted.edges["s2", "s1"]["volume"] == 2 and counted.graph["volume"] == "count"


@pytest.mark.parametrize(
    "edges, kwargs, match",
    [
        (pd.DataFrame({"supplier": ["a"], "customer": ["b"], "v": [-1.0]}), {"volume": "v"}, "negative"),
        (pd.DataFrame({"supplier": ["a"], "customer": ["b"], "v": [np.nan]}), {"volume": "v"}, "NaN"),
        (pd.DataFrame({"supplier": ["a", "b"], "customer": ["a", "c"]}), {}, "supplies itself"),
        (pd.DataFrame({"seller": ["a"], "customer": ["b"]}), {}, "no column 'supplier'"),
        (pd.DataFrame({"supplier": ["a"], "customer": ["b"]}), {"volume": "sales"}, "no column 'sales'"),
        (pd.DataFrame({"supplier": ["a", None], "customer": ["b", "c"]}), {}, "missing id"),
        (pd.DataFrame({"supplier": [], "customer": []}), {}, "empty"),
        ([("a", "b")], {}, "DataFrame"),
    ],
)
def test_bad_edges(edges, kwargs, match):
    with pytest.raises(HelixDataError, match=match):
        hx.supply_chain_graph(edges, **kwargs)


@pytest.mark.parametrize(
    "orgs, match",
    [
        (pd.DataFrame({"organisation": ["a"]}), "not in the organisations table"),
        (pd.DataFrame({"organisation": ["a", "b"], "employees": [10, -3]}), "negative"),
        (pd.DataFrame({"organisation": ["a", "b"], "employees": [10, "many"]}), "non-numeric"),
        (pd.DataFrame({"organisation": ["a", "b"], "final_demand": [1.0, -1.0]}), "final_demand"),
        (pd.DataFrame({"organisation": ["a", "b"], "helix": ["industry", "firm"]}), "unknown helix"),
        (pd.DataFrame({"organisation": ["a", "a", "b"]}), "repeats"),
        (pd.DataFrame({"id": ["a", "b"]}), "no column 'organisation'"),
    ],
)
def test_bad_organisations(orgs, match):
    edges = pd.DataFrame({"supplier": ["a"], "customer": ["b"]})
    with pytest.raises(HelixDataError, match=match):
        hx.supply_chain_graph(edges, orgs)


@pytest.mark.parametrize(
    "graph, shock, kwargs, match",
    [
        (line(), {"nobody": 0.3}, {}, "not in the supply-chain graph"),
        (line(), {"oem": 1.5}, {}, r"not in \[0, 1\]"),
        (line(), {"oem": -0.1}, {}, r"not in \[0, 1\]"),
        (line(), {"oem": float("nan")}, {}, r"not in \[0, 1\]"),
        (line(), {"oem": "a lot"}, {}, r"not in \[0, 1\]"),
        (line(), {}, {}, "names no firm"),
        (line(), [("oem", 0.3)], {}, "dict or pandas Series"),
        (line(), {"s1": 0.3}, {}, "sell only to firms in the graph"),
        (line(), {"oem": 0.3}, {"damping": 0.0}, "damping"),
        (line(), {"oem": 0.3}, {"damping": 1.5}, "damping"),
        (line(), {"oem": 0.3}, {"rounds": -1}, "rounds"),
        (line(), {"oem": 0.3}, {"method": "solve", "rounds": 3}, "rounds"),
        (line(), {"oem": 0.3}, {"method": "magic"}, "method"),
        (nx.DiGraph([("a", "b", {"volume": -2.0})]), {"b": 0.3}, {}, "negative"),
        (nx.DiGraph([("a", "b", {"volume": float("nan")})]), {"b": 0.3}, {}, "NaN"),
        (nx.DiGraph([("a", "b", {"volume": "lots"})]), {"b": 0.3}, {}, "non-numeric"),
        (nx.DiGraph([("a", "b"), ("b", "b")]), {"b": 0.3}, {}, "supply themselves"),
        (nx.Graph([("a", "b")]), {"b": 0.3}, {}, "DiGraph"),
        (nx.DiGraph(), {"b": 0.3}, {}, "no firms"),
    ],
)
def test_bad_shock_input(graph, shock, kwargs, match):
    with pytest.raises(HelixDataError, match=match):
        hx.propagate_shock(graph, shock, **kwargs)


def test_bad_employees_on_graph_and_bad_graph_for_measures():
    G = line()
    G.nodes["s1"]["employees"] = -5
    with pytest.raises(HelixDataError, match="employees"):
        hx.propagate_shock(G, {"oem": 0.3})
    with pytest.raises(HelixDataError, match="supply themselves"):
        hx.supply_measures(nx.DiGraph([("a", "a")]), progress=False)
    with pytest.raises(HelixDataError, match="DiGraph"):
        hx.supply_measures(nx.MultiDiGraph([("a", "b")]), progress=False)


def test_solve_refuses_a_singular_system():
    G = nx.DiGraph([("x", "y"), ("y", "x"), ("z", "w")])
    with pytest.raises(HelixDataError, match="singular"):
        hx.propagate_shock(G, {"w": 0.5}, method="solve")


def test_shock_accepts_a_series():
    x = hx.propagate_shock(line(), pd.Series({"oem": 0.5}), damping=0.5).firms["relative_loss"]
    assert x["s2"] == 0.125


# ------------------------------------------------------------------ ecosystem and synthetic data


def test_ecosystem_layers():
    C = nx.Graph()
    C.add_node("uni", helix="knowledge")
    C.add_node("oem", helix="industry", name="OEM")
    C.add_edge("uni", "oem", weight=2.0, count=2)
    S = line()
    S.nodes["oem"]["name"] = "Other name"
    E = hx.ecosystem(collaboration=C, supply=S)
    assert isinstance(E, nx.MultiDiGraph)
    assert E.number_of_edges() == 2 + 2
    assert E.edges["uni", "oem", "collaboration"] == {"weight": 2.0, "count": 2, "layer": "collaboration"}
    assert E.edges["oem", "uni", "collaboration"]["layer"] == "collaboration"
    assert E.edges["s1", "oem", "supply"] == {"volume": 10.0, "layer": "supply"}
    assert not E.has_edge("oem", "s1")
    assert E.nodes["oem"]["layers"] == "collaboration+supply" and E.nodes["s2"]["layers"] == "supply"
    assert E.nodes["oem"]["name"] == "OEM" and E.graph["attribute_conflicts"] == 1
    assert E.graph["collaboration_ties"] == 1 and E.graph["supply_edges"] == 2
    only = hx.ecosystem(supply=S)
    assert {d["layer"] for *_, d in only.edges(data=True)} == {"supply"}
    with pytest.raises(HelixDataError, match="needs"):
        hx.ecosystem()
    with pytest.raises(HelixDataError, match="undirected"):
        hx.ecosystem(collaboration=S)
    with pytest.raises(HelixDataError, match="DiGraph"):
        hx.ecosystem(supply=C)


def test_synthetic_region_is_seeded_labelled_and_usable():
    a, b, c = synthetic_supply_chain(seed=5), synthetic_supply_chain(seed=5), synthetic_supply_chain(seed=6)
    pd.testing.assert_frame_equal(a.supply, b.supply)
    assert not a.supply.equals(c.supply)
    for table in a:
        assert table.attrs["source"].startswith(SYNTHETIC_NOTE)
    orgs = a.organisations
    assert orgs["organisation"].str.startswith("SYN-").all() and orgs["name"].str.endswith("(synthetic)").all()
    assert set(orgs["helix"]) == {"industry", "knowledge", "government"}
    assert (orgs.loc[orgs["helix"] == "industry", "region"] == "Brainport").mean() > 0.3
    G = hx.supply_chain_graph(a.supply, orgs, volume="volume")
    collaboration = hx.collaboration_graph(a.participations, orgs)
    E = hx.ecosystem(collaboration=collaboration, supply=G)
    assert {"knowledge", "government"} <= {d.get("helix") for _, d in E.nodes(data=True)}
    oems = orgs.loc[orgs["tier"] == 0, "organisation"].tolist()
    result = hx.propagate_shock(G, {oem: 0.3 for oem in oems})
    assert result.converged and result.firms["relative_loss"].max() <= 0.3 + 1e-12
    assert result.by_region.loc["Brainport", "jobs_at_risk"] > 0
    with pytest.raises(HelixDataError):
        synthetic_supply_chain(tiers=(3, 4), in_region=(0.5,))


# ------------------------------------------------------------------ shocks by region


def brute_shock_by_region(firms: pd.DataFrame, region_of: dict, unplaced: str = "unplaced") -> dict:
    """Region -> sums over its firms, with plain loops (NaN skipped; all NaN -> NaN)."""
    out: dict = {}
    for firm, row in firms.iterrows():
        key = region_of.get(firm)
        key = unplaced if key is None or (isinstance(key, float) and math.isnan(key)) else key
        sums = out.setdefault(key, {"firms": 0, "firms_hit": 0, "employees": [], "jobs_at_risk": [], "sales": [], "sales_loss": []})
        sums["firms"] += 1
        sums["firms_hit"] += int(row["relative_loss"] > 0)
        for column in ("employees", "jobs_at_risk", "sales", "sales_loss"):
            if not math.isnan(row[column]):
                sums[column].append(row[column])
    for sums in out.values():
        for column in ("employees", "jobs_at_risk", "sales", "sales_loss"):
            sums[column] = math.fsum(sums[column]) if sums[column] else math.nan
        sums["relative_loss"] = sums["sales_loss"] / sums["sales"] if sums["sales"] > 0 else math.nan
    return out


@pytest.mark.parametrize("seed", range(6))
def test_shock_by_region_equals_brute_force_on_random_firms(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    ids = [f"f{i}" for i in range(n)]
    loss = np.where(rng.random(n) < 0.3, 0.0, rng.random(n))
    sales = np.where(rng.random(n) < 0.2, np.nan, rng.lognormal(2, 1, n))
    employees = np.where(rng.random(n) < 0.2, np.nan, rng.integers(1, 500, n).astype(float))
    firms = pd.DataFrame(
        {"relative_loss": loss, "sales": sales, "sales_loss": loss * sales, "employees": employees,
         "jobs_at_risk": loss * employees},
        index=pd.Index(ids, name="organisation"),
    )
    codes = np.array(["NL414", "NL332", "NL333", "DE111", None], dtype=object)
    # some firms missing from the table, some without a region, and organisations that are no firm
    listed = [f for f in ids if rng.random() < 0.85] + ["uni-1", "gov-1"]
    regions = pd.DataFrame({"organisation": listed, "nuts3": rng.choice(codes, len(listed))})
    region_of = dict(zip(regions["organisation"], regions["nuts3"]))

    table = hx.shock_by_region(firms, regions, "nuts3")
    expected = brute_shock_by_region(firms, region_of)
    assert set(table.index) == set(expected)
    for region, sums in expected.items():
        for column, value in sums.items():
            got = table.loc[region, column]
            assert (math.isnan(value) and pd.isna(got)) or got == pytest.approx(value, rel=1e-12, abs=1e-12), (region, column)
    assert int(table["firms"].sum()) == n  # nothing dropped
    if "unplaced" in table.index:
        assert table.index[-1] == "unplaced" and pd.isna(table.loc["unplaced", "name"])
    placed = table.drop(index="unplaced", errors="ignore")["jobs_at_risk"].fillna(-1).to_numpy()
    assert (np.diff(placed) <= 0).all()
    named = table.drop(index="unplaced", errors="ignore")
    assert named["name"].tolist() == [hx.nuts_regions(2021).loc[code, "name"] for code in named.index]


def test_shock_by_region_on_the_synthetic_region():
    data = synthetic_supply_chain(seed=3)
    orgs = data.organisations
    G = hx.supply_chain_graph(data.supply, orgs, volume="volume")
    oems = orgs.loc[orgs["tier"] == 0, "organisation"].tolist()
    result = hx.propagate_shock(G, {oem: 0.25 for oem in oems}, damping=0.9)
    firms = result.firms
    in_graph = orgs.set_index("organisation").loc[firms.index]
    for level in hx.REGION_LEVELS:
        table = hx.shock_by_region(result, orgs, level)
        assert int(table["firms"].sum()) == len(firms)
        for column in ("jobs_at_risk", "sales_loss", "employees"):
            assert table[column].sum() == pytest.approx(firms[column].sum())
        expected = brute_shock_by_region(firms, in_graph[level].astype(object).where(in_graph[level].notna(), None).to_dict())
        assert table["jobs_at_risk"].to_dict() == pytest.approx({k: s["jobs_at_risk"] for k, s in expected.items()})
    by_nuts3 = hx.shock_by_region(result, orgs, "nuts3")
    # the synthetic "Brainport" is NUTS-3 NL414 exactly; the rest of the world has no NUTS code
    assert by_nuts3.loc["NL414", "jobs_at_risk"] == pytest.approx(result.by_region.loc["Brainport", "jobs_at_risk"])
    assert by_nuts3.loc["unplaced", "firms"] == (in_graph["region"] == "Rest of world").sum()
    assert by_nuts3.loc["NL414", "name"] == "Zuidoost-Noord-Brabant"
    by_nuts2 = hx.shock_by_region(result, orgs, "nuts2")
    assert by_nuts2.loc["NL41", "jobs_at_risk"] >= by_nuts3.loc["NL414", "jobs_at_risk"]
    by_labour = hx.shock_by_region(result, orgs, "labour_market_region")
    assert by_labour.loc["unplaced", "firms"] == (in_graph["country"] != "NL").sum()
    assert "Zuidoost-Brabant" in by_labour.index and by_labour.loc["Zuidoost-Brabant", "name"] == "Zuidoost-Brabant"
    # a ShockResult and its firms table give the same
    pd.testing.assert_frame_equal(by_nuts3, hx.shock_by_region(firms, orgs.set_index("organisation"), "nuts3"))


def test_shock_by_region_bad_input():
    firms = pd.DataFrame({"relative_loss": [0.1], "sales": [1.0], "sales_loss": [0.1], "employees": [1.0],
                          "jobs_at_risk": [0.1]}, index=["a"])
    regions = pd.DataFrame({"organisation": ["a"], "nuts3": ["NL414"]})
    with pytest.raises(HelixDataError, match="level must be one of"):
        hx.shock_by_region(firms, regions, "province")
    with pytest.raises(HelixDataError, match="no column 'nuts2'"):
        hx.shock_by_region(firms, regions, "nuts2")
    with pytest.raises(HelixDataError, match="more than once"):
        hx.shock_by_region(firms, pd.concat([regions, regions]), "nuts3")
    with pytest.raises(HelixDataError):
        hx.shock_by_region(firms, "not a table", "nuts3")


def test_synthetic_places_are_real_and_seeded():
    a, b = synthetic_supply_chain(seed=4), synthetic_supply_chain(seed=4)
    pd.testing.assert_frame_equal(a.organisations, b.organisations)
    orgs = a.organisations
    dutch = orgs[orgs["country"] == "NL"]
    assert set(dutch["region"]) == {"Brainport", "Rest of Netherlands"} and len(dutch) == orgs["region"].isin(["Brainport", "Rest of Netherlands"]).sum()
    assert ((orgs["region"] == "Brainport") == (orgs["nuts3"] == "NL414")).all()
    # the place names lead assign_regions to the same NUTS-3 and labour-market regions
    again = hx.assign_regions(dutch[["organisation", "city", "country"]])
    assert again["nuts3"].tolist() == dutch["nuts3"].tolist()
    assert again["labour_market_region"].tolist() == dutch["labour_market_region"].tolist()
    assert dutch["latitude"].between(50.7, 53.6).all() and dutch["longitude"].between(3.3, 7.3).all()
    german = orgs[orgs["region"] == "Germany"]
    assert (german["country"] == "DE").all() and german["nuts3"].isin(hx.nuts_regions(2021).index).all()
    world = orgs[orgs["region"] == "Rest of world"]
    assert world["nuts3"].isna().all() and world["country"].isin(["US", "CN", "JP", "KR", "TW"]).all()
    assert orgs[["latitude", "longitude"]].notna().all().all()
