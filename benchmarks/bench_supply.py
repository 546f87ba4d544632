"""Supply-chain measures and shock propagation on a generated chain of 100,000 firms and
1,000,000 supply edges (``python -m benchmarks supply [n_firms n_edges]``).

The chain is GENERATED (tiers growing upstream, 80 % of edges to the tier just above, the
rest skipping tiers, 2 % back edges that make cycles, big customers preferred; lognormal
volumes and employees). Peers, in the same process on the same graph, results checked equal:

- tier: ``networkx.multi_source_dijkstra_path_length`` on the reversed graph from the final
  customers (whole graph);
- reach: ``networkx.descendants`` / ``ancestors`` per firm on a sample of firms, the time
  scaled to all firms (doing all 100,000 would take hours);
- criticality: ``networkx.immediate_dominators`` on the reversed graph with a super-sink
  (whole graph), subtree sizes by a loop;
- concentration (HHI, top share): a loop over networkx's adjacency (whole graph);
- propagate_shock: the rounds ``x <- b + d W x`` by a loop over the edges in Python, as
  many rounds as helixnet used (whole graph).
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pandas as pd

import helixnet as hx

from ._common import max_rss_mib, report, timed, traced_peak


def generated_chain(n_firms: int = 100_000, n_edges: int = 1_000_000, *, tiers: int = 8, back_share: float = 0.02, seed: int = 0):
    """A GENERATED supply chain: (edges, organisations) tables. Not real data."""
    rng = np.random.default_rng(seed)
    weights = 2.0 ** np.arange(tiers)  # tier sizes double upstream
    tier = rng.choice(tiers, size=n_firms, p=weights / weights.sum())
    tier[:10] = 0  # at least ten OEMs
    tier = np.sort(tier)
    first = np.searchsorted(tier, np.arange(tiers + 1))
    m = int(n_edges * 1.15)
    supplier = rng.integers(first[1], n_firms, size=m)
    seller_tier = tier[supplier]
    step = np.where(rng.random(m) < 0.8, 1, rng.integers(1, tiers, size=m))
    buyer_tier = np.maximum(seller_tier - step, 0)
    back = rng.random(m) < back_share
    buyer_tier = np.where(back, np.minimum(seller_tier + 1, tiers - 1), buyer_tier)
    size = first[buyer_tier + 1] - first[buyer_tier]
    customer = first[buyer_tier] + np.minimum((size * rng.random(m) ** 3).astype(np.int64), size - 1)
    ok = supplier != customer
    _, keep = np.unique(supplier[ok] * n_firms + customer[ok], return_index=True)
    keep = np.sort(keep)[:n_edges]
    s, c = supplier[ok][keep], customer[ok][keep]
    ids = np.char.add("f", np.char.zfill(np.arange(n_firms).astype(str), 6))
    edges = pd.DataFrame({"supplier": ids[s], "customer": ids[c], "volume": rng.lognormal(3, 1.5, len(s))})
    organisations = pd.DataFrame(
        {
            "organisation": ids,
            "helix": "industry",
            "region": rng.choice(["Brainport", "Rest of Netherlands", "Germany", "Rest of world"], n_firms),
            "employees": np.round(rng.lognormal(3, 1.2, n_firms)),
        }
    )
    return edges, organisations


# ---------------------------------------------------------------- straightforward networkx peers


def nx_tiers(G: nx.DiGraph) -> dict:
    finals = [n for n in G if G.out_degree(n) == 0]
    return nx.multi_source_dijkstra_path_length(G.reverse(copy=False), finals, weight=None)


def nx_criticality(G: nx.DiGraph) -> dict:
    root = ("super-sink",)
    R = G.reverse(copy=True)
    R.add_edges_from((root, n) for n in G if G.out_degree(n) == 0)
    idom = nx.immediate_dominators(R, root)
    children: dict = {}
    for node, dom in idom.items():
        if node != root:
            children.setdefault(dom, []).append(node)
    order, stack = [], [root]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(children.get(node, []))
    size = dict.fromkeys([*idom, root], 1)
    for node in reversed(order):
        if node != root:
            size[idom[node]] += size[node]
    return {n: size.get(n, 1) - 1 for n in G}


def nx_concentration(G: nx.DiGraph) -> dict:
    result = {}
    for node, customers in G.adjacency():
        volumes = [d.get("volume", 1.0) for d in customers.values()]
        sales = sum(volumes)
        result[node] = (max(volumes) / sales, sum((v / sales) ** 2 for v in volumes)) if sales > 0 else (np.nan, np.nan)
    return result


def python_shock(G: nx.DiGraph, shock: dict, damping: float, rounds: int) -> dict:
    sales = {n: sum(d.get("volume", 1.0) for d in G[n].values()) + G.nodes[n].get("final_demand", 0.0) for n in G}
    b = {n: 0.0 for n in G}
    for n, s in shock.items():
        b[n] = (1 - (sales[n] - G.nodes[n].get("final_demand", 0.0)) / sales[n] if sales[n] else 1.0) * s
    x, term = dict(b), dict(b)
    for _ in range(rounds):
        following = dict.fromkeys(G, 0.0)
        for supplier, customer, volume in G.edges(data="volume", default=1.0):
            if term[customer]:
                following[supplier] += damping * volume / sales[supplier] * term[customer]
        for n, value in following.items():
            x[n] += value
        term = following
    return x


def main(argv: list[str]) -> int:
    n_firms = int(argv[0]) if argv else 100_000
    n_edges = int(argv[1]) if len(argv) > 1 else 1_000_000
    sample = 50  # networkx needs ~1 s per firm here

    gen_s, (edges, organisations) = timed(lambda: generated_chain(n_firms, n_edges))
    print(f"GENERATED chain: {edges['supplier'].nunique() + 0:,} firms that sell, {len(edges):,} supply edges ({gen_s:.1f} s)")
    build_s, G = timed(lambda: hx.supply_chain_graph(edges, organisations, volume="volume"))
    print(f"supply_chain_graph: {G.number_of_nodes():,} firms, {G.number_of_edges():,} edges, {build_s:.2f} s")

    measures_s, measures = timed(lambda: hx.supply_measures(G, progress=False))
    measures_mib, _ = traced_peak(lambda: hx.supply_measures(G, progress=False))
    print(f"supply_measures: {measures_s:.2f} s, peak traced memory {measures_mib:,.0f} MiB")
    # The parts of that call, timed one by one (private helpers, same code path):
    from helixnet import supply as S

    with S._no_gc():
        arrays_s, a = timed(lambda: S._arrays(G))
        sinks = np.flatnonzero(np.bincount(a.src, minlength=a.n) == 0)
        tier_s, _ = timed(lambda: S._tiers(a, sinks))
        reach_s, _ = timed(lambda: (S._reach(a.n, a.dst, a.src, progress=False, desc=""), S._reach(a.n, a.src, a.dst, progress=False, desc="")))
        critical_s, _ = timed(lambda: S._criticality(a, sinks))
        conc_s, _ = timed(lambda: (S._row_stats(a.src, a.volume, a.n), S._row_stats(a.dst, a.volume, a.n)))
    print(f"  of which: edge arrays out of networkx {arrays_s:.2f} s, tiers {tier_s:.2f} s, reach (both) {reach_s:.2f} s, "
          f"criticality {critical_s:.2f} s, concentration {conc_s:.3f} s")

    oems = [n for n in G if G.out_degree(n) == 0][:10]
    shock = {oem: 0.3 for oem in oems}
    shock_s, result = timed(lambda: hx.propagate_shock(G, shock))
    shock_mib, _ = traced_peak(lambda: hx.propagate_shock(G, shock))
    print(f"propagate_shock (10 OEMs -30 %, damping 1): {shock_s:.2f} s, {result.rounds} rounds, "
          f"converged={result.converged}, peak traced memory {shock_mib:,.0f} MiB; {result}")
    damped_s, damped = timed(lambda: hx.propagate_shock(G, shock, damping=0.5))
    print(f"propagate_shock (damping 0.5): {damped_s:.2f} s, {damped.rounds} rounds")
    print(f"process peak RSS so far: {max_rss_mib():,.0f} MiB")

    print("\npeers (networkx / plain Python) on the same graph:")
    peer_s, tiers = timed(lambda: nx_tiers(G))
    ours = measures["tier"]
    assert all(ours[n] == tiers[n] for n in tiers) and ours.isna().sum() == G.number_of_nodes() - len(tiers)
    report("tier (arrays + BFS)", arrays_s + tier_s, "nx.multi_source_dijkstra_path_length", peer_s)

    rng = np.random.default_rng(1)
    picked = [G_nodes for G_nodes in rng.choice(np.array(list(G), dtype=object), size=sample, replace=False)]
    start = time.perf_counter()
    down = {n: len(nx.descendants(G, n)) for n in picked}
    up = {n: len(nx.ancestors(G, n)) for n in picked}
    reach_sample_s = time.perf_counter() - start
    assert all(measures.loc[n, "downstream_reach"] == down[n] and measures.loc[n, "upstream_reach"] == up[n] for n in picked)
    scaled = reach_sample_s * G.number_of_nodes() / sample
    print(f"reach: networkx descendants+ancestors on {sample} firms took {reach_sample_s:.2f} s (equal to ours); "
          f"scaled to all {G.number_of_nodes():,} firms: {scaled:,.0f} s")
    report("upstream+downstream reach (arrays + bit sets; peer scaled from a sample)", arrays_s + reach_s, "nx.descendants/ancestors", scaled)

    peer_s, critical = timed(lambda: nx_criticality(G))
    assert all(measures.loc[n, "criticality"] == critical[n] for n in G)
    report("criticality (arrays + dominator tree)", arrays_s + critical_s, "nx.immediate_dominators", peer_s)

    peer_s, concentration = timed(lambda: nx_concentration(G))
    top = pd.Series({n: c[0] for n, c in concentration.items()})
    hhi = pd.Series({n: c[1] for n, c in concentration.items()})
    np.testing.assert_allclose(measures["top_customer_share"].reindex(top.index), top, rtol=1e-12)
    np.testing.assert_allclose(measures["hhi_customers"].reindex(hhi.index), hhi, rtol=1e-12)
    report("concentration (arrays + sums)", arrays_s + conc_s, "Python loop over adjacency", peer_s)

    peer_s, x = timed(lambda: python_shock(G, shock, 1.0, result.rounds))
    np.testing.assert_allclose(result.firms["relative_loss"], pd.Series(x).reindex(result.firms.index), atol=1e-9)
    report("propagate_shock", shock_s, "Python rounds over edges", peer_s)
    print("(helixnet times above include reading the edge arrays out of the networkx graph)")
    print(f"process peak RSS: {max_rss_mib():,.0f} MiB")
    return 0
