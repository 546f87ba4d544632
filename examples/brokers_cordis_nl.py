"""The ten strongest brokers between helices in the Dutch Horizon 2020 network.

Brokerage by helix (Gould & Fernandez roles, as R's sna::brokerage): a broker between helices
mediates an open two-path i -> j -> k where not all three organisations share a helix, i.e.
every role but coordinator (total - coordinator).

    python examples/brokers_cordis_nl.py
"""

from __future__ import annotations

import pandas as pd

import helixnet as hx


def main() -> pd.DataFrame:
    data = hx.datasets.load_cordis_nl(partners="nl")
    G = hx.collaboration_graph(data.participations, data.organisations)
    roles = hx.brokerage(G, "helix", stats=True)
    roles["between_helices"] = roles["total"] - roles["coordinator"]
    names = data.organisations.set_index("organisation")["name"]
    top = roles.sort_values("between_helices", ascending=False).head(10)
    table = pd.DataFrame(
        {
            "name": names.reindex(top.index).to_numpy(),
            "helix": top["helix"],
            "between_helices": top["between_helices"],
            "itinerant": top["itinerant"],
            "representative": top["representative"],
            "gatekeeper": top["gatekeeper"],
            "liaison": top["liaison"],
            "z_total": top["z_total"].round(1),
        }
    )
    print(f"Dutch H2020 network: {G.number_of_nodes():,} organisations, {G.number_of_edges():,} ties")
    print("Ten strongest brokers between helices (open two-paths not all within one helix):")
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(table.to_string())
    print(hx.datasets.CORDIS_ATTRIBUTION)
    return table


if __name__ == "__main__":
    main()
