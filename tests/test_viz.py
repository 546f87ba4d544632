"""Maps and figures without a browser: page structure, data safety, counts, layout, errors.

The browser tests are in test_maps_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet.errors import HelixDataError

DATA_RE = re.compile(r'<script type="application/json" id="helixnet-data">(.*?)</script>', re.S)
HELICES = ["knowledge", "industry", "government", "civil", "unknown"]


def page_data(page: str) -> dict:
    block = DATA_RE.search(page).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    return json.loads(block)


def small_graph(seed: int = 0, n: int = 30, p: float = 0.12) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    G = nx.relabel_nodes(G, {i: f"org{i:03d}" for i in G})
    for node in G:
        G.nodes[node]["name"] = f"Organisation {node}"
        G.nodes[node]["helix"] = HELICES[int(rng.integers(0, 5))]
        G.nodes[node]["country"] = "NL"
    for u, v in G.edges():
        c = int(rng.integers(1, 6))
        G.edges[u, v].update(count=c, weight=float(c))
    return G


def drawn_ties(data: dict) -> set[tuple[str, str]]:
    ids = [dict(rows)["id"] for rows in data["info"]]
    return {tuple(sorted((ids[e["from"]], ids[e["to"]]))) for e in data["edges"]}


# --------------------------------------------------------------------------------------------
# The page: self-contained, no remote link, scripts allowed only by hash
# --------------------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag of a page, parsed as a browser does (script bodies are raw text)."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_has_no_remote_resource_and_inlines_vis_network():
    page = hx.ecosystem_map(small_graph(), title="Test").html
    tags = Tags(page).tags
    for tag, attrs in tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert name not in attrs, (tag, attrs)
    # A grep as well, over the whole text: no src/href attribute pointing anywhere remote.
    for attribute, value in re.findall(r'\b(src|href)\s*=\s*["\']?([^"\'\s>]*)', page, flags=re.I):
        assert not value.lower().startswith(("http", "//")), (attribute, value)
    assert not [t for t, _ in tags if t in ("link", "iframe", "img", "object", "embed", "base")]
    # Three script elements: the data (not executed), vis-network, the app.
    scripts = [attrs for t, attrs in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "helixnet-data"}, {}, {}]
    assert "vis.Network" in page and "vis-network" in page


def test_content_security_policy_allows_exactly_the_inlined_scripts():
    page = hx.ecosystem_map(small_graph()).html
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    hashes = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert len(scripts) == 2 and hashes == allowed
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


NASTY = [
    '<img src=x onerror="window.__owned=1">',
    "</script><script>window.__owned=2</script>",
    "Fish & Chips <b>B.V.</b>",
    "\u2028line\u2029 separators",
    "O'Brien \"quoted\" `tick` ${x}",
]


def test_names_travel_as_escaped_json_and_round_trip():
    G = small_graph()
    nodes = list(G)
    for node, name in zip(nodes, NASTY):
        G.nodes[node]["name"] = name
    G.nodes[nodes[5]]["city"] = "<svg onload=alert(1)>"
    page = hx.ecosystem_map(G).html
    for name in NASTY[:3]:
        assert name not in page
    assert "<svg onload" not in page and "<img src=x" not in page
    data = page_data(page)
    assert data["names"][:5] == NASTY
    assert ["city", "<svg onload=alert(1)>"] in data["info"][5]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(min_size=1, max_size=25), min_size=2, max_size=6, unique=True))
def test_any_name_round_trips_and_never_opens_markup(names):
    G = nx.path_graph(len(names))
    nx.set_node_attributes(G, {i: {"name": name, "helix": "industry"} for i, name in enumerate(names)})
    page = hx.ecosystem_map(G).html
    data = page_data(page)
    shown = [name if name.strip() else str(i) for i, name in enumerate(names)]
    assert data["names"] == shown
    assert [t for t, _ in Tags(page).tags].count("script") == 3
    block = DATA_RE.search(page).group(1)
    assert "<" not in block and ">" not in block and "&" not in block


def test_app_script_never_uses_html_sinks():
    from importlib import resources

    for name in ("map.js", "view_canvas.js", "view_webgl.js"):
        js = resources.files("helixnet.viz").joinpath("templates", name).read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in js, (name, sink)


def test_webgl_page_inlines_sigma_and_graphology_and_allows_only_them():
    page = hx.ecosystem_map(small_graph(), renderer="webgl").html
    tags = Tags(page).tags
    assert [attrs for t, attrs in tags if t == "script"] == [{"type": "application/json", "id": "helixnet-data"}, {}, {}]
    for tag, attrs in tags:
        assert not {"src", "href", "action", "srcset", "data"} & set(attrs), (tag, attrs)
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    hashes = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert hashes == set(re.findall(r"'sha256-([^']+)'", csp))
    assert "graphology" in scripts[0] and "WebGL" in scripts[0] and "vis.Network" not in page
    assert "sourceMappingURL" not in page
    assert page_data(page)["renderer"] == "webgl"


def test_vendored_scripts_match_their_recorded_checksums_and_licences():
    from importlib import resources

    assets = resources.files("helixnet.viz").joinpath("assets")
    source = assets.joinpath("SOURCE.md").read_text()
    for name, licence in (("sigma.min.js", "LICENSE-sigma.txt"), ("graphology.umd.min.js", "LICENSE-graphology.txt")):
        digest = hashlib.sha256(assets.joinpath(name).read_bytes()).hexdigest()
        assert f"`{name}`" in source and digest in source, name
        assert "Permission is hereby granted" in assets.joinpath(licence).read_text()


def test_renderer_is_chosen_by_size():
    assert page_data(hx.ecosystem_map(small_graph()).html)["renderer"] == "canvas"
    big = nx.empty_graph(hx.viz.html.WEBGL_MIN_NODES)
    assert page_data(hx.ecosystem_map(big, layout="circle").html)["renderer"] == "webgl"
    assert page_data(hx.ecosystem_map(small_graph(), renderer="webgl").html)["renderer"] == "webgl"
    assert page_data(hx.ecosystem_map(big, layout="circle", renderer="canvas").html)["renderer"] == "canvas"
    with pytest.raises(HelixDataError, match="renderer must be one of"):
        hx.ecosystem_map(small_graph(), renderer="svg")


# --------------------------------------------------------------------------------------------
# Nodes, edges, colours, sizes
# --------------------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 40), p=st.floats(0.0, 0.3))
def test_every_node_and_edge_is_drawn_once(seed, n, p):
    G = small_graph(seed, n, p)
    m = hx.ecosystem_map(G, seed=seed)
    data = page_data(m.html)
    assert m.n_nodes == len(data["nodes"]) == G.number_of_nodes()
    assert m.n_edges == len(data["edges"]) == G.number_of_edges()
    assert drawn_ties(data) == {tuple(sorted(e)) for e in G.edges()}
    xy = np.array([[v["x"], v["y"]] for v in data["nodes"]])
    assert np.isfinite(xy).all()


def test_helix_colours_legend_counts_and_sizes():
    G = small_graph(3, 40, 0.1)
    degree = dict(G.degree())
    data = page_data(hx.ecosystem_map(G).html)
    ids = [dict(rows)["id"] for rows in data["info"]]
    for node_id, record in zip(ids, data["nodes"]):
        assert record["color"] == hx.HELIX_COLORS[G.nodes[node_id]["helix"]]
    helix_filter = data["filters"][0]
    counts = Counter(G.nodes[x]["helix"] for x in G)
    assert {it["label"]: it["count"] for it in helix_filter["items"]} == dict(counts)
    # Radius 6 + 24 sqrt((d - min) / (max - min)): check against the formula.
    lo, hi = min(degree.values()), max(degree.values())
    for node_id, record in zip(ids, data["nodes"]):
        expected = 6 + 24 * math.sqrt((degree[node_id] - lo) / (hi - lo))
        assert record["size"] == pytest.approx(expected, abs=0.01)


def test_size_from_series_and_measures_in_tooltips():
    G = small_graph(1)
    score = pd.Series({node: float(i) for i, node in enumerate(G)}, name="betweenness")
    measures = pd.DataFrame({"betweenness": score, "z": -score})
    data = page_data(hx.ecosystem_map(G, size=score, measures=measures).html)
    sizes = [v["size"] for v in data["nodes"]]
    assert sizes == sorted(sizes) and sizes[0] == 6 and sizes[-1] == 30
    rows = dict(data["info"][2])
    assert rows["betweenness"] == "2" and rows["z"] == "-2" and rows["country"] == "NL"
    assert "Node size: betweenness" in data["sizeNote"]


def test_cluster_colours_and_filter_from_a_dataframe():
    G = small_graph(2, 30, 0.15)
    table = pd.DataFrame({"cluster": [i % 3 for i in range(30)]}, index=list(G))
    data = page_data(hx.ecosystem_map(G, clusters=table, color="cluster").html)
    group = data["filters"][1]
    assert group["name"] == "cluster" and sorted(it["count"] for it in group["items"]) == [10, 10, 10]
    # Nodes of one cluster share one colour, and the colour is the legend's.
    by_cluster = defaultdict(set)
    for code, record in zip(group["codes"], data["nodes"]):
        by_cluster[code].add(record["color"])
    assert all(len(c) == 1 for c in by_cluster.values())
    assert {it["code"]: it["color"] for it in group["items"]} == {k: next(iter(v)) for k, v in by_cluster.items()}


def test_real_clusters_series_accepted():
    G = small_graph(4, 40, 0.1)
    found = hx.clusters(G, seed=1)
    data = page_data(hx.ecosystem_map(G, clusters=found).html)
    assert sum(it["count"] for it in data["filters"][1]["items"]) == G.number_of_nodes()


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


def test_layout_is_deterministic_for_a_seed_and_changes_with_it():
    G = small_graph(5, 60, 0.06)
    a = page_data(hx.ecosystem_map(G, seed=7).html)["nodes"]
    b = page_data(hx.ecosystem_map(G, seed=7).html)["nodes"]
    c = page_data(hx.ecosystem_map(G, seed=8).html)["nodes"]
    assert [(v["x"], v["y"]) for v in a] == [(v["x"], v["y"]) for v in b]
    assert [(v["x"], v["y"]) for v in a] != [(v["x"], v["y"]) for v in c]


def test_components_do_not_overlap():
    G = nx.disjoint_union_all([nx.complete_graph(8), nx.cycle_graph(12), nx.path_graph(5), nx.empty_graph(6)])
    data = page_data(hx.ecosystem_map(G, layout="fr").html)
    xy = np.array([[v["x"], v["y"]] for v in data["nodes"]])
    boxes = []
    for comp in nx.connected_components(G):
        pts = xy[sorted(comp)]
        boxes.append((pts.min(0), pts.max(0)))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            (a0, a1), (b0, b1) = boxes[i], boxes[j]
            overlap = (a0 < b1).all() and (b0 < a1).all()
            assert not overlap


def test_isolates_go_to_a_compact_strip_under_the_map():
    G = nx.disjoint_union(nx.cycle_graph(40), nx.empty_graph(30))
    data = page_data(hx.ecosystem_map(G, layout="fr").html)
    xy = np.array([[v["x"], v["y"]] for v in data["nodes"]])
    tied, alone = xy[:40], xy[40:]
    assert alone[:, 1].min() > tied[:, 1].max()  # under the others
    area = np.prod(np.ptp(alone, axis=0) + 30) / np.prod(np.ptp(xy, axis=0) + 30)
    assert area < 1 / 3
    ties = next(g for g in data["filters"] if g["name"] == "ties")
    assert ties["codes"] == [0] * 40 + [1] * 30 and ties["off"] == []
    assert {it["label"]: it["count"] for it in ties["items"]} == {"with ties": 40, "without ties": 30}


def test_many_isolates_start_hidden_behind_their_check_box():
    G = nx.disjoint_union(nx.path_graph(10), nx.empty_graph(2000))
    data = page_data(hx.ecosystem_map(G, layout="fr", renderer="canvas").html)
    ties = next(g for g in data["filters"] if g["name"] == "ties")
    assert ties["off"] == [1]
    assert {it["label"]: it["count"] for it in ties["items"]} == {"with ties": 10, "without ties": 2000}


def test_isolates_start_hidden_when_they_are_most_organisations_though_their_strip_is_small():
    # 300 tied organisations and 320 without ties: the strip takes under 3 % of the map's area,
    # but a map of mostly unconnected dots says little; they start hidden, with their count.
    G = nx.disjoint_union(nx.random_regular_graph(3, 300, seed=1), nx.empty_graph(320))
    data = page_data(hx.ecosystem_map(G, layout="fr", renderer="canvas").html)
    xy = np.array([[v["x"], v["y"]] for v in data["nodes"]])
    assert np.prod(np.ptp(xy[300:], axis=0)) < np.prod(np.ptp(xy, axis=0)) / 10
    ties = next(g for g in data["filters"] if g["name"] == "ties")
    assert ties["off"] == [1]
    assert {it["label"]: it["count"] for it in ties["items"]} == {"with ties": 300, "without ties": 320}


def test_separation_by_hand():
    from helixnet.viz.html import _separation

    xy = np.array([[0, 0], [0, 1], [10, 0], [10, 1]], dtype=float)
    between = (10 + 10 + 2 * math.sqrt(101)) / 4
    assert _separation(xy, np.array(["a", "a", "b", "b"])) == pytest.approx(1 / between)
    with pytest.raises(HelixDataError):
        _separation(xy, np.array([0, 1, 2, 3]))


def planted_clusters(seed: int, k: int = 5, size: int = 16) -> tuple[nx.Graph, dict]:
    G = nx.planted_partition_graph(k, size, 0.5, 0.02, seed=seed)
    nx.set_node_attributes(G, "industry", "helix")
    return G, {node: node // size for node in G}


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 1000))
def test_cluster_layout_puts_each_cluster_in_its_own_region(seed):
    from helixnet.viz.html import _separation

    G, cluster = planted_clusters(seed)
    codes = np.array([cluster[n] for n in G])
    tied = np.array([G.degree(n) > 0 for n in G])
    by_cluster = page_data(hx.ecosystem_map(G, clusters=cluster, seed=seed).html)
    plain = page_data(hx.ecosystem_map(G, layout="fr", seed=seed).html)
    a = np.array([[v["x"], v["y"]] for v in by_cluster["nodes"]])
    b = np.array([[v["x"], v["y"]] for v in plain["nodes"]])
    assert _separation(a[tied], codes[tied]) < 0.5
    assert _separation(a[tied], codes[tied]) < _separation(b[tied], codes[tied])
    # Colour switch: both colourings are in the page.
    assert by_cluster["colorBy"] == "helix" and set(by_cluster["colorings"]) == {"helix", "cluster"}


def test_given_positions_are_used_up_to_scale():
    G = nx.path_graph(3)
    pos = {0: (0.0, 0.0), 1: (1.0, 0.0), 2: (3.0, 0.0)}
    data = page_data(hx.ecosystem_map(G, layout=pos).html)
    x = [v["x"] for v in data["nodes"]]
    assert (x[1] - x[0]) / (x[2] - x[0]) == pytest.approx(1 / 3, abs=1e-3)


def test_physics_only_for_small_graphs():
    assert page_data(hx.ecosystem_map(small_graph(0, 20)).html)["options"]["physics"]["enabled"] is True
    big = nx.empty_graph(hx.PHYSICS_MAX_NODES + 1)
    assert page_data(hx.ecosystem_map(big).html)["options"]["physics"]["enabled"] is False


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------


def two_layer_graph() -> nx.MultiDiGraph:
    M = nx.MultiDiGraph()
    for node, helix in [("u", "knowledge"), ("a", "industry"), ("b", "industry"), ("c", "industry")]:
        M.add_node(node, name=node.upper(), helix=helix)
    # A collaboration tie stored in both directions, one stored once.
    M.add_edge("u", "a", layer="collaboration", weight=2.0, count=2)
    M.add_edge("a", "u", layer="collaboration", weight=2.0, count=2)
    M.add_edge("u", "b", layer="collaboration", weight=1.0, count=1)
    # Supply: b -> a twice (two products), c -> b.
    M.add_edge("b", "a", layer="supply", volume=3.0)
    M.add_edge("b", "a", layer="supply", volume=4.0)
    M.add_edge("c", "b", layer="supply", volume=1.0)
    return M


@pytest.mark.parametrize("layer, expected", [
    ("collaboration", {("A", "U", False), ("B", "U", False)}),
    ("supply", {("B", "A", True), ("C", "B", True)}),
    ("both", {("A", "U", False), ("B", "U", False), ("B", "A", True), ("C", "B", True)}),
])
def test_layers_are_drawn_as_chosen(layer, expected):
    data = page_data(hx.ecosystem_map(two_layer_graph(), layer=layer).html)
    names = data["names"]
    got = set()
    for e in data["edges"]:
        a, b = names[e["from"]], names[e["to"]]
        directed = e.get("arrows") == "to"
        got.add((a, b, True) if directed else (*sorted((a, b)), False))
    assert got == expected
    if layer == "both":
        j = next(i for i, e in enumerate(data["edges"]) if names[e["from"]] == "B" and names[e["to"]] == "A")
        assert data["edgeInfo"]["weight"][j] == "7"  # parallel supply edges add up
        assert data["edges"][j]["dashes"] is True and data["edgeInfo"]["layer"][j] == "supply"


# --------------------------------------------------------------------------------------------
# The returned object
# --------------------------------------------------------------------------------------------


def test_save_and_notebook_display(tmp_path):
    m = hx.ecosystem_map(small_graph(), tmp_path / "a" / "map.html")
    assert (tmp_path / "a" / "map.html").read_text(encoding="utf-8") == m.html
    assert m.save(tmp_path / "b.html").read_text(encoding="utf-8") == m.html
    frame = m._repr_html_()
    srcdoc = re.fullmatch(r'<iframe srcdoc="([^"]*)" .*</iframe>', frame, flags=re.S).group(1)
    assert html.unescape(srcdoc) == m.html
    assert 'sandbox="allow-scripts"' in frame
    with pytest.raises(HelixDataError, match=r"\.html"):
        m.save(tmp_path / "map.png")


# --------------------------------------------------------------------------------------------
# Overview
# --------------------------------------------------------------------------------------------


def brute_force_backbone(G, cluster, k):
    between = defaultdict(float)
    for u, v, d in G.edges(data=True):
        a, b = cluster[u], cluster[v]
        if a != b:
            between[tuple(sorted((a, b)))] += d.get("weight", 1.0)
    keep = set()
    for c in set(cluster.values()):
        ties = sorted(((w, pair) for pair, w in between.items() if c in pair), key=lambda t: -t[0])
        # Ties of equal weight: any of them may be kept; compare the kept weights per cluster.
        keep.update(pair for _, pair in ties[:k])
    return between, keep


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000), k=st.integers(1, 4))
def test_overview_clusters_mix_and_backbone(seed, k):
    G = small_graph(seed, 60, 0.08)
    rng = np.random.default_rng(seed)
    # Distinct weights, so that the top-k ties are unique.
    for i, (u, v) in enumerate(G.edges()):
        G.edges[u, v]["weight"] = 1.0 + i * 0.01 + rng.random() * 1e-3
    cluster = {node: int(rng.integers(0, 6)) for node in G}
    m = hx.overview_map(G, cluster, backbone=k)
    data = page_data(m.html)
    labels = [dict(rows)["cluster"] for rows in data["info"]]
    members = data["members"]
    assert sum(len(x) for x in members["byCluster"]) == G.number_of_nodes()
    for c, label in enumerate(labels):
        mine = [node for node in G if str(cluster[node]) == label]
        assert len(members["byCluster"][c]) == len(mine)
        counts = Counter(G.nodes[node]["helix"] for node in mine)
        assert data["mix"][c] == pytest.approx([counts[h] / len(mine) for h in HELICES], abs=1e-4)
    between, keep = brute_force_backbone(G, cluster, k)
    drawn = {tuple(sorted((int(labels[e["from"]]), int(labels[e["to"]])))) for e in data["edges"]}
    assert drawn == keep
    for j, e in enumerate(data["edges"]):
        pair = tuple(sorted((int(labels[e["from"]]), int(labels[e["to"]]))))
        assert float(data["edgeInfo"]["weight"][j]) == pytest.approx(between[pair], rel=1e-3)


def test_overview_members_strongest_first():
    G = nx.star_graph(4)
    nx.set_node_attributes(G, "industry", "helix")
    data = page_data(hx.overview_map(G, {n: 0 for n in G}).html)
    assert data["members"]["byCluster"][0][0] == 0  # the hub
    assert data["nodes"][0]["label"].endswith("+4")


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_bad_input_is_named():
    G = small_graph()
    nodes = list(G)
    with pytest.raises(HelixDataError, match="networkx graph"):
        hx.ecosystem_map(pd.DataFrame())
    with pytest.raises(HelixDataError, match="no nodes"):
        hx.ecosystem_map(nx.Graph())
    bad = G.copy()
    bad.nodes[nodes[0]]["helix"] = "academia"
    with pytest.raises(HelixDataError, match="academia"):
        hx.ecosystem_map(bad)
    with pytest.raises(HelixDataError, match="1 node.s. of the graph have no cluster"):
        hx.ecosystem_map(G, clusters={n: 0 for n in nodes[1:]})
    with pytest.raises(HelixDataError, match="'cluster' column"):
        hx.ecosystem_map(G, clusters=pd.DataFrame({"community": 0}, index=nodes))
    with pytest.raises(HelixDataError, match="mapping node -> cluster"):
        hx.ecosystem_map(G, clusters=[0] * len(nodes))
    with pytest.raises(HelixDataError, match="have no cluster"):
        hx.ecosystem_map(G, clusters=pd.Series([np.nan] + [0] * (len(nodes) - 1), index=nodes))
    with pytest.raises(HelixDataError, match="no value for 1 node"):
        hx.ecosystem_map(G, size=pd.Series(1.0, index=nodes[1:]))
    with pytest.raises(HelixDataError, match="non-numeric"):
        hx.ecosystem_map(G, size=pd.Series(["big"] + [1.0] * (len(nodes) - 1), index=nodes))
    with pytest.raises(HelixDataError, match="pick one column"):
        hx.ecosystem_map(G, size=pd.DataFrame({"a": 1.0}, index=nodes))
    with pytest.raises(HelixDataError, match="neither 'degree'"):
        hx.ecosystem_map(G, size="eigenvector")
    with pytest.raises(HelixDataError, match="layout must be one of"):
        hx.ecosystem_map(G, layout="spring")
    with pytest.raises(HelixDataError, match="no position"):
        hx.ecosystem_map(G, layout={nodes[0]: (0, 0)})
    with pytest.raises(HelixDataError, match="layer must be"):
        hx.ecosystem_map(G, layer="trade")
    with pytest.raises(HelixDataError, match="needs clusters"):
        hx.ecosystem_map(G, color="cluster")
    with pytest.raises(HelixDataError, match="color must be"):
        hx.ecosystem_map(G, color="sector")
    with pytest.raises(HelixDataError, match="backbone"):
        hx.overview_map(G, {n: 0 for n in nodes}, backbone=-1)


# --------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------


def _inside(point, centre, r=1.0):
    return math.hypot(point[0] - centre[0], point[1] - centre[1]) < r


def test_venn_counts_sit_in_their_cells():
    fig = hx.venn_figure({"100": 11, "010": 12, "001": 13, "110": 21, "101": 22, "011": 23, "111": 31})
    ax = fig.axes[0]
    centres = [p.center for p in ax.patches]
    cells = {"11": "100", "12": "010", "13": "001", "21": "110", "22": "101", "23": "011", "31": "111"}
    seen = set()
    for text in ax.texts:
        if text.get_text() in cells:
            code = cells[text.get_text()]
            inside = "".join("1" if _inside(text.get_position(), c) else "0" for c in centres)
            assert inside == code
            seen.add(code)
    assert seen == set(hx.VENN_CELLS)


@settings(max_examples=20, deadline=None)
@given(rows=st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_venn_from_a_presence_table_counts_like_brute_force(rows):
    table = pd.DataFrame(rows, columns=["knowledge", "industry", "government"])
    fig = hx.venn_figure(table)
    texts = [t.get_text() for t in fig.axes[0].texts]
    counts = Counter("".join("1" if b else "0" for b in row) for row in rows)
    shown = sorted(int(t) for t in texts if t.isdigit())
    assert shown == sorted(counts.get(cell, 0) for cell in hx.VENN_CELLS)
    note = next(t for t in texts if "events with at least one" in t)
    assert note.endswith(f"; {counts.get('000', 0)} with none (cell 000)")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_venn_accepts_helixnet_tables():
    letters = {"U": 10, "I": 5, "G": 2, "UI": 4, "UG": 3, "IG": 1, "UIG": 2}
    a = [t.get_text() for t in hx.venn_figure(hx.venn_table(letters, none=7)).axes[0].texts]
    b = [t.get_text() for t in hx.venn_figure(letters).axes[0].texts]
    assert a[:7] == b[:7] and "7 with none" in a[-1] and "with none" not in b[-1]


def test_figures_save_png_and_svg(tmp_path):
    t = pd.DataFrame({"year": [2014, 2015, 2016], "T": [-1.0, -2.0, -0.5], "lower": [-1.5, -2.4, -1.0], "upper": [-0.6, -1.5, 0.1]})
    fig = hx.synergy_over_time_figure(t, tmp_path / "s.png")
    assert (tmp_path / "s.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    hx.synergy_over_time_figure(t, tmp_path / "s.svg")
    assert b"<svg" in (tmp_path / "s.svg").read_bytes()[:400]
    band = fig.axes[0].collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(-2.4) and band[:, 1].max() == pytest.approx(0.1)
    with pytest.raises(HelixDataError, match=r"\.png"):
        hx.venn_figure({"100": 1}, tmp_path / "v.jpg")


def test_synergy_over_time_output_and_decompose_output_plot_as_they_are():
    xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    data = pd.concat([xor.assign(year=2020, region="A"), xor.assign(z=xor.x, year=2021, region="B")])
    over_time = hx.synergy_over_time(data, ["x", "y", "z"])
    fig = hx.synergy_over_time_figure(over_time)
    assert fig.axes[0].lines[0].get_ydata().tolist() == over_time["T"].tolist()
    table = hx.decompose(data, ["x", "y", "z"], by="region")
    fig = hx.decomposition_figure(table)
    widths = [float(p.get_width()) for p in fig.axes[0].patches]
    assert widths == pytest.approx([*table["contribution"], table.attrs["T0"]])
    total_line = [line for line in fig.axes[0].lines if line.get_linestyle() == "--"][0]
    assert total_line.get_xdata()[0] == pytest.approx(table.attrs["T"])


def test_mixing_matrix_cells_and_bad_tables():
    m = pd.DataFrame([[1.5, 2.0], [0.25, 4.0]], index=["knowledge", "industry"], columns=["knowledge", "industry"])
    fig = hx.mixing_matrix_figure(m)
    assert [t.get_text() for t in fig.axes[0].texts] == ["1.5", "2", "0.25", "4"]
    assert fig.axes[0].images[0].get_array().tolist() == m.to_numpy().tolist()
    with pytest.raises(HelixDataError, match="non-empty DataFrame"):
        hx.mixing_matrix_figure(pd.DataFrame())
    with pytest.raises(HelixDataError, match="no column for T"):
        hx.synergy_over_time_figure(pd.DataFrame({"year": [1], "H": [0.1]}))
    with pytest.raises(HelixDataError, match="both a lower and an upper"):
        hx.synergy_over_time_figure(pd.DataFrame({"year": [1], "T": [0.1], "lower": [0.0]}), lower="lower")
    with pytest.raises(HelixDataError, match="no contribution column"):
        hx.decomposition_figure(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(HelixDataError, match="unknown cell"):
        hx.venn_figure({"1000": 3})
    with pytest.raises(HelixDataError, match="no column 'government'"):
        hx.venn_figure(pd.DataFrame({"knowledge": [1], "industry": [0]}))
    with pytest.raises(HelixDataError, match=">= 0"):
        hx.venn_figure({"100": -1})


def test_dollar_signs_in_names_are_drawn_as_written():
    """Names from outside data reach axis labels: mathtext must not parse (or fail on) them."""
    import io as _io

    hostile = ["$\\undefined$", "R&D $$ unit", "$x^$"]
    matrix = pd.DataFrame(np.arange(9).reshape(3, 3), index=hostile, columns=hostile)
    fig = hx.mixing_matrix_figure(matrix)
    fig.savefig(_io.BytesIO(), format="png")  # drawn again after the call returned
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == hostile
    rng = np.random.default_rng(3)
    records = pd.DataFrame({"knowledge": rng.integers(0, 2, 300), "industry": rng.integers(0, 2, 300),
                            "government": rng.integers(0, 2, 300), "group": rng.choice(hostile, 300)})
    table = hx.decompose(records, ["knowledge", "industry", "government"], by="group")
    fig = hx.decomposition_figure(table)
    fig.savefig(_io.BytesIO(), format="svg")
    shown = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels() + ax.get_xticklabels()}
    assert set(hostile) <= shown


# ---- geographic layout (layout="geo") and the region filter ----


def _geo_graph() -> nx.Graph:
    """Five places (one with three organisations), one organisation without coordinates."""
    places = {"ams": (52.37, 4.89), "ein": (51.44, 5.48), "gro": (53.22, 6.57), "maa": (50.85, 5.69)}
    G = nx.Graph()
    rows = [("a1", "ams"), ("a2", "ams"), ("a3", "ams"), ("e1", "ein"), ("g1", "gro"), ("m1", "maa")]
    for node, place in rows:
        lat, lon = places[place]
        G.add_node(node, name=node, helix="industry", latitude=lat, longitude=lon, region_name=place)
    G.add_node("x", name="nowhere", helix="knowledge")
    G.add_edges_from([("a1", "e1"), ("e1", "g1"), ("a2", "m1")])
    return G


def test_geo_layout_projects_coordinates_and_spreads_one_place_on_a_small_disc():
    G = _geo_graph()
    data = page_data(hx.ecosystem_map(G, layout="geo").html)
    xy = {node: np.array([v["x"], v["y"]]) for node, v in zip(G, data["nodes"])}
    lat0 = math.radians(np.mean([G.nodes[v]["latitude"] for v in G if "latitude" in G.nodes[v]]))
    # Single organisations sit exactly at their projected place: x ~ lon cos(mean lat), y ~ -lat,
    # one scale for both axes (rounded to 0.1 px in the page).
    singles = ["e1", "g1", "m1"]
    proj = {v: np.array([math.radians(G.nodes[v]["longitude"]) * math.cos(lat0), -math.radians(G.nodes[v]["latitude"])]) for v in singles}
    scale = np.linalg.norm(xy["g1"] - xy["m1"]) / np.linalg.norm(proj["g1"] - proj["m1"])
    for a in singles:
        for b in singles:
            assert np.allclose(xy[a] - xy[b], scale * (proj[a] - proj[b]), atol=0.3)
    assert xy["g1"][1] < xy["m1"][1]  # north is up
    # Amsterdam's three: distinct points within a few node sizes of Amsterdam's projection.
    ams = [xy[v] for v in ("a1", "a2", "a3")]
    centre = xy["e1"] + scale * (np.array([math.radians(4.89) * math.cos(lat0), -math.radians(52.37)]) - proj["e1"])
    assert len({tuple(p) for p in ams}) == 3
    assert max(np.linalg.norm(p - centre) for p in ams) < 60
    # The organisation without coordinates: in a strip under the map, hidden at first.
    assert xy["x"][1] > max(p[1] for v, p in xy.items() if v != "x")
    place = next(g for g in data["filters"] if g["name"] == "place")
    assert place["codes"] == [0, 0, 0, 0, 0, 0, 1] and place["off"] == [1]
    region = next(g for g in data["filters"] if g["name"] == "region")
    assert {it["label"]: it["count"] for it in region["items"]} == {"ams": 3, "ein": 1, "gro": 1, "maa": 1, "no region": 1}


def test_geo_layout_is_deterministic_by_seed_and_takes_a_table():
    G = _geo_graph()
    one = page_data(hx.ecosystem_map(G, layout="geo", seed=3).html)["nodes"]
    again = page_data(hx.ecosystem_map(G, layout="geo", seed=3).html)["nodes"]
    other = page_data(hx.ecosystem_map(G, layout="geo", seed=4).html)["nodes"]
    assert one == again and one != other
    table = pd.DataFrame({v: {"latitude": G.nodes[v].get("latitude"), "longitude": G.nodes[v].get("longitude")} for v in G}).T
    H = nx.Graph(G)
    for v in H:
        H.nodes[v].pop("latitude", None)
        H.nodes[v].pop("longitude", None)
    assert page_data(hx.ecosystem_map(H, layout=table, seed=3).html)["nodes"] == one


def test_geo_layout_bad_coordinates_are_refused():
    G = _geo_graph()
    G.nodes["a1"]["latitude"] = 152.0
    with pytest.raises(HelixDataError, match=r"latitude must be within -90\.\.90.*'a1'"):
        hx.ecosystem_map(G, layout="geo")
    G.nodes["a1"]["latitude"] = "north"
    with pytest.raises(HelixDataError, match="must be numbers.*'a1': 'north'"):
        hx.ecosystem_map(G, layout="geo")
    with pytest.raises(HelixDataError, match="none of the 3 nodes.*assign_regions"):
        hx.ecosystem_map(nx.path_graph(3), layout="geo")


def test_collaboration_graph_carries_the_places_of_the_bundled_organisations():
    data = hx.datasets.load_cordis_nl()
    G = hx.collaboration_graph(data.participations, data.organisations)
    orgs = data.organisations.set_index("organisation")
    placed = orgs[orgs["latitude"].notna()]
    assert len(placed) > 800
    for node in placed.index[:50]:
        attrs = G.nodes[node]
        assert (attrs["latitude"], attrs["longitude"], attrs["nuts3"]) == tuple(placed.loc[node, ["latitude", "longitude", "nuts3"]])


def test_overview_members_maps_hold_each_clusters_strongest_members_and_their_strongest_ties():
    G = nx.Graph()
    rng = np.random.default_rng(5)
    # Two clusters of 12 and 8 organisations, dense inside, a few ties across; weights distinct.
    members = {v: (0 if v < 12 else 1) for v in range(20)}
    for u in range(20):
        G.add_node(u, name=f"org {u}", helix="industry")
    pairs = [(u, v) for u in range(20) for v in range(u + 1, 20) if members[u] == members[v] or rng.random() < 0.1]
    for k, (u, v) in enumerate(pairs):
        G.add_edge(u, v, weight=float(rng.permutation(len(pairs))[k] + 1))
    data = page_data(hx.overview_map(G, members, drill_members=10).html)
    drill = data["drill"]
    by_cluster = data["members"]["byCluster"]
    strength = dict(G.degree(weight="weight"))
    for c, listed in enumerate(by_cluster):
        assert [strength[v] for v in listed] == sorted((strength[v] for v in listed), reverse=True)
        drawn = [v for v in listed if drill["x"][v] is not None]
        assert drawn == listed[:10]
        ties = list(zip(drill["a"][drill["tieBounds"][c]: drill["tieBounds"][c + 1]], drill["b"][drill["tieBounds"][c]: drill["tieBounds"][c + 1]]))
        inside = G.subgraph(drawn)
        # Brute force: a tie is kept when it is among the 5 strongest inside ties of either end.
        def top5(v):
            return {frozenset((v, u)) for u, _ in sorted(inside[v].items(), key=lambda kv: -kv[1]["weight"])[:5]}
        expected = set().union(*(top5(v) for v in drawn))
        assert {frozenset(t) for t in ties} == expected
    assert hx.overview_map(G, members, drill_members=0).html.count('"drill":null') == 1


def test_regional_synergy_figure_bars_bands_and_bad_tables():
    table = pd.DataFrame(
        {"contribution": [-3.0, 0.5, -0.25], "T": [-9.0, 1.0, -2.0], "lower": [-12.0, -1.0, np.nan], "upper": [-6.0, 2.5, np.nan]},
        index=["NL41 Noord-Brabant", "NL32 Noord-Holland", "NL$34 Zeeland"],
    )
    table.attrs = {"T": -4.0, "T0": -1.25}
    fig = hx.regional_synergy_figure(table, unit="mbit")
    contribution, own = fig.axes
    assert [float(p.get_width()) for p in contribution.patches] == [-3.0, 0.5, -0.25, -1.25]  # T0 last, grey
    assert [float(p.get_width()) for p in own.patches] == [-9.0, 1.0, -2.0]
    bands = own.collections[0].get_segments()  # one band per region that has one: NaN draws none
    assert [tuple(map(float, segment[:, 0])) for segment in bands] == [(-12.0, -6.0), (-1.0, 2.5)]
    assert [t.get_text() for t in contribution.get_yticklabels()][-2:] == ["NL$34 Zeeland", "between regions (T0)"]
    with pytest.raises(HelixDataError, match="columns contribution and T"):
        hx.regional_synergy_figure(table.drop(columns="T"))
    with pytest.raises(HelixDataError, match="NL32 Noord-Holland"):
        hx.regional_synergy_figure(table.assign(T=[1.0, np.nan, 0.0]))


# ---- region outlines on a geographic map ----


def _lonlat_projection(G: nx.Graph, data: dict):
    """The page's layout -> an independent fit of x = s lon cos(lat0) + tx, y = -s lat + ty from
    two organisations that sit alone at their place (no spreading), checked on all such."""
    nodes = list(G)
    placed = [i for i, v in enumerate(nodes) if "latitude" in G.nodes[v]]
    lat0 = math.radians(np.mean([G.nodes[nodes[i]]["latitude"] for i in placed]))
    where = [(G.nodes[nodes[i]]["latitude"], G.nodes[nodes[i]]["longitude"]) for i in placed]
    alone = [i for i, p in zip(placed, where) if where.count(p) == 1]

    def raw(lat, lon):
        return np.column_stack([np.radians(lon) * math.cos(lat0), -np.radians(lat)])

    src = raw(*np.array([where[placed.index(i)] for i in alone]).T)
    dst = np.array([[data["nodes"][i]["x"], data["nodes"][i]["y"]] for i in alone])
    scale = np.linalg.norm(dst[0] - dst[-1]) / np.linalg.norm(src[0] - src[-1])
    shift = (dst - scale * src).mean(axis=0)
    assert np.allclose(dst, scale * src + shift, atol=0.3)  # the fit holds for every lone organisation
    return lambda lat, lon: scale * raw(lat, lon) + shift, alone


def test_dutch_geo_map_draws_the_labour_market_regions_projected_like_the_nodes():
    import gzip
    from importlib import resources

    from matplotlib.path import Path as Polygon

    data_nl = hx.datasets.load_cordis_nl()
    G = hx.collaboration_graph(data_nl.participations, data_nl.organisations)
    data = page_data(hx.ecosystem_map(G, layout="geo").html)
    outlines = data["outlines"]
    assert len(outlines) == 35 and "CBS" in data["outlinesNote"] and "CC BY 4.0" in data["outlinesNote"]
    # Every vertex of the bundled GeoJSON is where an independent projection fitted on the
    # nodes puts it (0.1 px rounding in the page).
    project, alone = _lonlat_projection(G, data)
    raw = gzip.decompress((resources.files("helixnet") / "regions_data" / "nl_labour_market_regions_2025.geojson.gz").read_bytes())
    features = json.loads(raw)["features"]
    for feature, drawn in zip(features, outlines):
        assert drawn["name"] == feature["properties"]["statnaam"]
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [np.array(ring) for polygon in polygons for ring in polygon]
        assert len(rings) == len(drawn["rings"])
        for ring, flat in zip(rings, drawn["rings"]):
            assert np.allclose(np.array(flat).reshape(-1, 2), project(ring[:, 1], ring[:, 0]), atol=0.15)
    # And the lone organisations fall inside the outline of their own labour-market region.
    polygons = {o["name"]: [Polygon(np.array(r).reshape(-1, 2)) for r in o["rings"]] for o in outlines}
    nodes = list(G)
    checked = [i for i in alone if G.nodes[nodes[i]].get("labour_market_region") in polygons]
    inside = [i for i in checked
              if any(p.contains_point((data["nodes"][i]["x"], data["nodes"][i]["y"])) for p in polygons[G.nodes[nodes[i]]["labour_market_region"]])]
    assert len(checked) > 100 and len(inside) >= 0.95 * len(checked)


def test_outlines_only_on_dutch_or_when_asked_and_only_on_geo_maps():
    G = _geo_graph()  # Dutch places
    assert len(page_data(hx.ecosystem_map(G, layout="geo").html)["outlines"]) == 35
    assert page_data(hx.ecosystem_map(G, layout="geo", outlines=False).html)["outlines"] == []
    abroad = nx.relabel_nodes(G, {v: v for v in G})
    for v in abroad:
        if "latitude" in abroad.nodes[v]:
            abroad.nodes[v]["latitude"] -= 12.0  # Spain, roughly
    assert page_data(hx.ecosystem_map(abroad, layout="geo").html)["outlines"] == []
    assert page_data(hx.ecosystem_map(abroad, layout="geo").html)["outlinesNote"] == ""
    assert len(page_data(hx.ecosystem_map(abroad, layout="geo", outlines=True).html)["outlines"]) == 35
    with pytest.raises(HelixDataError, match="outlines=True.*layout='geo'"):
        hx.ecosystem_map(G, outlines=True)
    with pytest.raises(HelixDataError, match="outlines"):
        hx.ecosystem_map(G, layout="geo", outlines="yes")
