"""The one-page report and the map of the Dutch Horizon 2020 ecosystem (bundled CORDIS data).

Writes report.html and map.html into the current folder; both open offline in any browser.
"""

import helixnet as hx

organisations, participations, events = hx.datasets.load_cordis_nl()
G = hx.collaboration_graph(participations, organisations, weighting="fractional")
clusters = hx.clusters(G, seed=1)
betweenness = hx.centrality(G, "betweenness", progress=False)["betweenness"]

map_page = hx.ecosystem_map(G, "map.html", clusters=clusters, size=betweenness, title="Dutch partners in Horizon 2020")
report = hx.report(participations, organisations, events, "report.html", n_boot=200, progress=False)
print(f"map.html: {map_page.n_nodes:,} organisations, {map_page.n_edges:,} ties")
print(f"report.html: {len(report.html) / 1e6:.1f} MB")
