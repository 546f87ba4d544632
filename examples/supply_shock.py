"""A drop in world-market demand at one OEM, passed up a SYNTHETIC Brainport-like supply chain.

The data are generated (helixnet.datasets.synthetic.synthetic_supply_chain): made-up firms,
not real ones. Run: python examples/supply_shock.py
"""

from __future__ import annotations

import helixnet as hx
from helixnet.datasets.synthetic import synthetic_supply_chain


def main() -> None:
    data = synthetic_supply_chain(seed=1)
    print(data.organisations.attrs["source"])
    G = hx.supply_chain_graph(data.supply, data.organisations, volume="volume")
    print(f"supply chain: {G.number_of_nodes()} firms, {G.number_of_edges()} supply edges")

    measures = hx.supply_measures(G, progress=False)
    print("\nmost critical firms (firms that lose every path to a final customer without them):")
    print(measures.sort_values("criticality", ascending=False).head(6)[["tier", "upstream_reach", "criticality", "hhi_customers"]])

    result = hx.propagate_shock(G, {"SYN-OEM-1": 0.3}, damping=0.8)
    print(f"\nSYN-OEM-1 sells 30 % less abroad (damping 0.8): {result}")
    print("\nby region:")
    print(result.by_region[["firms", "firms_hit", "employees", "jobs_at_risk", "relative_loss"]].round(3))
    print("\nby labour-market region (the synthetic firms sit in real Dutch towns):")
    by_labour = hx.shock_by_region(result, data.organisations, "labour_market_region")
    print(by_labour[["firms", "employees", "jobs_at_risk", "relative_loss"]].head(6).round(3))
    exposed = result.firms.join(measures["tier"]).query("shock == 0")
    print("\nsuppliers hit hardest (share of their sales lost):")
    print(exposed.sort_values("relative_loss", ascending=False).head(8)[["region", "tier", "relative_loss", "jobs_at_risk"]].round(3))
    print("\nby tier:")
    print(hx.summarise_shock(exposed.assign(tier=exposed["tier"].astype("Int64")), "tier")[["firms", "jobs_at_risk", "relative_loss"]].round(3))

    collaboration = hx.collaboration_graph(data.participations, data.organisations)
    E = hx.ecosystem(collaboration=collaboration, supply=G)
    print(f"\necosystem: {E.number_of_nodes()} organisations, {E.graph['collaboration_ties']} collaboration ties, "
          f"{E.graph['supply_edges']} supply edges")


if __name__ == "__main__":
    main()
