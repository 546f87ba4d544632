"""The maps in a real browser: Debian's headless Chromium driven by Playwright.

Every request the page makes is intercepted and counted (only the page itself may load), the
console is watched for errors, the data-driven names are checked to show as text, search and
filters are used through the page's own controls, and screenshots are saved under
test-artifacts/ (gitignored) to be looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import helixnet as hx

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
XSS_IMG = '<img src=x onerror="window.__owned=1">'
XSS_SCRIPT = "</script><script>window.__owned=2</script>"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def dutch():
    data = hx.datasets.load_cordis_nl()
    G = hx.collaboration_graph(data.participations, data.organisations)
    # Two organisations get names that would run script if they were ever parsed as HTML.
    # One is an isolated organisation (drawn apart from the others, so that the mouse can hover
    # it alone), the other a hub.
    isolate = next(n for n in G if G.degree(n) == 0)
    hub = max(G, key=G.degree)
    G.nodes[isolate]["name"] = XSS_IMG
    G.nodes[hub]["name"] = XSS_SCRIPT
    return G, isolate, hub


class Page:
    """A map opened from a file:// URL with every request routed through a counter."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1300, "height": 850})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())
        # Poll from Python: the page's CSP forbids the eval that wait_for_function relies on.
        for _ in range(1500):
            if self.page.evaluate("window.__helixnetReady !== undefined"):
                break
            self.page.wait_for_timeout(20)
        else:
            raise AssertionError("the map never signalled that it was drawn")

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)


@pytest.fixture(scope="module")
def dutch_page(browser, dutch, tmp_path_factory):
    G, _, _ = dutch
    path = tmp_path_factory.mktemp("maps") / "dutch.html"
    hx.ecosystem_map(G, path, title="Dutch H2020 collaboration")
    page = Page(browser, path)
    yield page
    page.page.close()


def test_loads_without_errors_or_requests(dutch_page):
    assert dutch_page.errors == []
    assert len(dutch_page.requests) == 1  # the page itself, nothing else
    assert dutch_page.js("window.__owned") is None
    assert dutch_page.js("window.__helixnetReady") < 10_000


def test_page_holds_every_node_and_edge(dutch_page, dutch):
    G, _, _ = dutch
    counts = dutch_page.js("[__helixnet.nodes.length, __helixnet.edges.length, __helixnet.network.body.nodeIndices.length, __helixnet.network.body.edgeIndices.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges(), G.number_of_nodes(), G.number_of_edges()]


def test_hostile_names_show_as_text_and_run_nothing(dutch_page, dutch):
    G, img_node, script_node = dutch
    p = dutch_page
    assert p.js("__helixnet.search('onerror')") == [XSS_IMG]
    assert p.page.locator("#hx-results li").first.text_content() == XSS_IMG
    # The tooltip: hover the node where the canvas draws it.
    index = list(G).index(img_node)
    p.js("i => __helixnet.select(i)", index)
    assert p.page.locator("#hx-details h2").text_content() == XSS_IMG
    p.js("i => __helixnet.network.moveTo({position: __helixnet.network.getPositions([i])[i], scale: 3, animation: false})", index)
    pos = p.js("i => __helixnet.network.canvasToDOM(__helixnet.network.getPositions([i])[i])", index)
    box = p.page.locator("#hx-network").bounding_box()
    p.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    p.page.wait_for_selector("#hx-tooltip:not([hidden])", timeout=5000)
    assert p.page.locator("#hx-tooltip .hx-tip-title").text_content() == XSS_IMG
    assert ["helix", G.nodes[img_node]["helix"]] in p.js("() => [...document.querySelectorAll('#hx-tooltip td')].map(td => td.textContent).reduce((a, t, i) => (i % 2 ? a[a.length - 1].push(t) : a.push([t]), a), [])")
    assert p.js("__helixnet.search('</script>')") == [XSS_SCRIPT]
    assert XSS_SCRIPT in p.page.locator("#hx-results").text_content()
    assert p.js("window.__owned") is None
    assert p.js("document.querySelectorAll('img').length") == 0
    assert p.js("document.querySelectorAll('script').length") == 3
    assert p.errors == []


def test_search_finds_and_focuses_a_node(dutch_page, dutch):
    G, _, _ = dutch
    p = dutch_page
    names = {n: G.nodes[n].get("name") for n in G}
    expected = sorted(str(v) for v in names.values() if v and "delft" in str(v).lower())
    found = p.js("__helixnet.search('delft')")
    assert sorted(found) == expected and expected
    p.page.locator("#hx-search").fill("TECHNISCHE UNIVERSITEIT DELFT")
    p.page.locator("#hx-search").press("Enter")
    p.page.wait_for_timeout(400)
    target = next(n for n, v in names.items() if v == "TECHNISCHE UNIVERSITEIT DELFT")
    index = list(G).index(target)
    assert p.js("__helixnet.network.getSelectedNodes()") == [index]
    assert p.js("__helixnet.highlighted()") == index
    # Neighbourhood highlight: everything but the node and its neighbours is faded.
    assert p.js("__helixnet.faded()") == G.number_of_nodes() - 1 - G.degree(target)
    assert p.page.locator("#hx-details h3").text_content() == f"Connected to ({G.degree(target)})"


def test_filters_hide_the_others(dutch_page, dutch):
    G, _, _ = dutch
    p = dutch_page
    nodes = list(G)
    p.page.locator('input[data-filter="helix"][data-code="1"]').uncheck()  # industry
    keep = {n for n in G if G.nodes[n]["helix"] != "industry"}
    hidden = p.js("__helixnet.nodes.get({filter: n => n.hidden === true}).map(n => n.id)")
    assert sorted(hidden) == sorted(i for i, n in enumerate(nodes) if n not in keep)
    counts = p.js("__helixnet.visibleCounts()")
    assert counts == {"nodes": len(keep), "edges": G.subgraph(keep).number_of_edges()}
    # vis-network itself draws only the visible ones.
    assert p.js("__helixnet.network.body.nodeIndices.length") == len(keep)
    assert p.js("__helixnet.network.body.edgeIndices.length") == G.subgraph(keep).number_of_edges()
    p.page.locator("#hx-filters fieldset").first.locator("button", has_text="none").click()
    assert p.js("__helixnet.visibleCounts()") == {"nodes": 0, "edges": 0}
    p.page.locator("#hx-filters fieldset").first.locator("button", has_text="all").click()
    assert p.js("__helixnet.visibleCounts()") == {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    assert "Showing 2,061 of 2,061" in p.page.locator("#hx-status").text_content()


def _looks_like_a_picture(path: Path) -> None:
    from matplotlib.image import imread

    image = imread(path)
    rgb = (image[..., :3] * 255).astype(np.uint32)
    packed = np.unique((rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2])
    colours = np.column_stack([packed >> 16, (packed >> 8) & 255, packed & 255])
    assert len(colours) > 50  # not blank: nodes of several helix colours, edges, labels
    for colour in ("#0072B2", "#E69F00", "#009E73"):
        rgb = np.array([int(colour[i: i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(colours.astype(int) - rgb).sum(axis=1) < 30).any(), colour


def test_screenshots(browser, dutch, dutch_page, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    p = dutch_page
    p.js("() => { __helixnet.search(''); __helixnet.clear(); __helixnet.network.fit(); }")
    assert p.js("__helixnet.faded()") == 0
    p.page.wait_for_timeout(300)
    shot = ARTIFACTS / "map_nl.png"
    p.page.screenshot(path=shot)
    _looks_like_a_picture(shot)
    # The overview of the same graph, with one cluster opened.
    G, _, _ = dutch
    clusters = hx.clusters(G, seed=1)
    path = tmp_path / "overview.html"
    m = hx.overview_map(G, clusters, path, title="Dutch H2020: clusters")
    q = Page(browser, path)
    assert q.errors == [] and len(q.requests) == 1
    assert q.js("__helixnet.nodes.length") == m.n_nodes == clusters.nunique()
    q.js("__helixnet.select(0)")
    q.page.wait_for_timeout(400)
    assert q.page.locator("#hx-details ol li").count() == min(1000, int((clusters == clusters.value_counts().index[0]).sum()))
    # Search among members opens the member's cluster.
    assert q.js("__helixnet.search('UNIVERSITEIT TWENTE')")[0] == "UNIVERSITEIT TWENTE"
    q.page.locator("#hx-search").press("Enter")
    q.page.wait_for_timeout(400)
    assert q.page.locator("#hx-details li.hx-found").text_content() == "UNIVERSITEIT TWENTE"
    twente = next(n for n in G if G.nodes[n].get("name") == "UNIVERSITEIT TWENTE")
    label = str(clusters[twente])
    assert q.js("__helixnet.data.info[__helixnet.network.getSelectedNodes()[0]][0][1]") == label
    q.js("__helixnet.network.fit()")
    q.page.wait_for_timeout(300)
    shot = ARTIFACTS / "overview_nl.png"
    q.page.screenshot(path=shot)
    _looks_like_a_picture(shot)
    q.page.close()


def test_supply_and_collaboration_layers_in_the_browser(browser, tmp_path):
    import networkx as nx

    M = nx.MultiDiGraph()
    for node, helix in [("u", "knowledge"), ("a", "industry"), ("b", "industry"), ("g", "government")]:
        M.add_node(node, name=node.upper(), helix=helix)
    M.add_edge("u", "a", layer="collaboration", weight=2.0)
    M.add_edge("g", "u", layer="collaboration", weight=1.0)
    M.add_edge("b", "a", layer="supply", volume=3.0)
    path = tmp_path / "layers.html"
    hx.ecosystem_map(M, path, layer="both")
    p = Page(browser, path)
    assert p.errors == [] and len(p.requests) == 1
    arrows = p.js("__helixnet.edges.get().map(e => [e.from, e.to, e.arrows || null])")
    assert sorted(arrows, key=str) == sorted([[0, 1, None], [0, 3, None], [2, 1, "to"]], key=str)
    assert "supply" in p.page.locator("#hx-legend").text_content()
    p.page.close()


# --------------------------------------------------------------------------------------------
# The test handle, labels on the map, export, the WebGL renderer
# --------------------------------------------------------------------------------------------


def _boxes_overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def test_summary_handle(dutch_page, dutch):
    G, _, _ = dutch
    p = dutch_page
    p.js("() => { __helixnet.search(''); __helixnet.clear(); __helixnet.fit(); }")
    summary = p.js("__helixnet.summary()")
    assert set(summary) == {"nodes", "edges", "renderer", "labelsShown", "readyMs", "map", "cluster"}
    assert summary["map"] == "organisations" and summary["cluster"] is None
    assert summary["nodes"] == G.number_of_nodes() and summary["edges"] == G.number_of_edges()
    assert summary["renderer"] == "canvas"
    assert 0 < summary["readyMs"] == p.js("window.__helixnetReady")
    assert summary["labelsShown"] == len(p.js("__helixnet.labels()")) > 20


def test_labels_never_overlap_lead_by_size_and_grow_with_zoom(dutch_page, dutch):
    G, _, hub = dutch
    p = dutch_page
    p.js("() => { __helixnet.clear(); __helixnet.fit(); }")
    p.page.wait_for_timeout(300)
    labels = p.js("__helixnet.labels()")
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            assert not _boxes_overlap(labels[i], labels[j]), (labels[i], labels[j])
    # The strongest organisation (the hub, with the hostile name) is labelled, as text.
    hub_index = list(G).index(hub)
    mine = [b for b in labels if b["i"] == hub_index]
    assert mine and mine[0]["text"] == XSS_SCRIPT[:31] + "\u2026"
    # Zooming in on the middle labels more of the organisations that were in the middle.
    box = p.page.locator("#hx-network").bounding_box()
    w, h = box["width"], box["height"]
    middle = p.js("([w, h]) => __helixnet.data.nodes.map(n => n.id).filter(i => { const q = __helixnet.toScreen(i); return q.x > w / 4 && q.x < 3 * w / 4 && q.y > h / 4 && q.y < 3 * h / 4; })", [w, h])
    before = len({b["i"] for b in labels} & set(middle))
    p.js("() => { const n = __helixnet.network; n.moveTo({scale: n.getScale() * 2, animation: false}); }")
    p.page.wait_for_timeout(400)
    after_labels = p.js("__helixnet.labels()")
    after = len({b["i"] for b in after_labels} & set(middle))
    assert after > before
    for i in range(len(after_labels)):
        for j in range(i + 1, len(after_labels)):
            assert not _boxes_overlap(after_labels[i], after_labels[j])
    # A shortened label shows the full name on hover (as text).
    target = next(b for b in after_labels if b["text"].endswith("\u2026"))
    p.page.mouse.move(box["x"] + (target["x0"] + target["x1"]) / 2, box["y"] + target["y1"] - 3)
    p.page.wait_for_selector("#hx-tooltip:not([hidden])", timeout=5000)
    assert p.page.locator("#hx-tooltip .hx-tip-title").text_content() == p.js("i => __helixnet.data.names[i]", target["i"])
    assert p.js("window.__owned") is None
    p.js("() => __helixnet.fit()")


def test_colour_switch(browser, dutch, tmp_path):
    G, _, _ = dutch
    clusters = hx.clusters(G, seed=1)
    path = tmp_path / "clusters.html"
    hx.ecosystem_map(G, path, clusters=clusters)
    p = Page(browser, path)
    assert p.errors == [] and len(p.requests) == 1
    helix_colours = p.js("__helixnet.nodes.get().map(n => n.color)")
    assert helix_colours == p.js("__helixnet.data.colorings.helix")
    p.page.locator('input[name="hx-color"][value="cluster"]').check()
    assert p.js("__helixnet.nodes.get().map(n => n.color)") == p.js("__helixnet.data.colorings.cluster")
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=ARTIFACTS / "map_nl_clusters.png")
    p.page.close()


def test_png_and_svg_of_the_view(dutch_page, tmp_path):
    import base64

    p = dutch_page
    p.js("() => { __helixnet.clear(); __helixnet.fit(); }")
    p.page.wait_for_timeout(300)
    url = p.js("__helixnet.png()")
    assert url.startswith("data:image/png;base64,")
    shot = tmp_path / "view.png"
    shot.write_bytes(base64.b64decode(url.split(",", 1)[1]))
    _looks_like_a_picture(shot)
    with p.page.expect_download() as download:
        p.page.locator("#hx-save-png").click()
    assert download.value.suggested_filename == "helixnet-map.png"
    svg = p.js("__helixnet.svg()")
    # Parsed back by the browser: circles and lines drawn, every label a text node, no script.
    parsed = p.js("""s => { const d = new DOMParser().parseFromString(s, 'image/svg+xml');
        return [d.querySelectorAll('circle').length, d.querySelectorAll('line').length,
                [...d.querySelectorAll('text')].map(t => t.textContent), d.querySelectorAll('script,foreignObject,img').length]; }""", svg)
    circles, lines, texts, active = parsed
    assert circles > 1000 and lines > 1000 and active == 0
    assert sorted(texts) == sorted(b["text"] for b in p.js("__helixnet.labels()"))
    assert XSS_SCRIPT[:31] + "\u2026" in texts and "<script>" not in svg
    assert len(p.requests) == 1 and p.js("window.__owned") is None


def _page_errors(page: Page) -> list[str]:
    # Chromium's software GL reports readPixels stalls (sigma's hover picking) as warnings.
    return [e for e in page.errors if "GL Driver Message" not in e]


def _settled_position(page: Page, index: int, moved_from: dict | None = None) -> dict:
    """Where node ``index`` is drawn once the camera rests; with ``moved_from``, only after the
    camera has left that position (a zoom may start a moment after the click that asks for it)."""
    if moved_from is not None:
        for _ in range(100):
            if page.js("i => __helixnet.toScreen(i)", index) != moved_from:
                break
            page.page.wait_for_timeout(100)
        else:
            raise AssertionError("the camera never moved")
    # Three equal readings 100 ms apart: on a busy machine one frame can take longer than a poll,
    # so two equal readings may fall inside one slow frame of a moving camera.
    readings: list[dict] = []
    for _ in range(100):
        page.page.wait_for_timeout(100)
        readings = [*readings[-2:], page.js("i => __helixnet.toScreen(i)", index)]
        if len(readings) == 3 and readings[0] == readings[1] == readings[2]:
            return readings[-1]
    raise AssertionError("the camera never came to rest")


@pytest.fixture(scope="module")
def webgl_page(browser, dutch, tmp_path_factory):
    G, _, _ = dutch
    path = tmp_path_factory.mktemp("maps") / "dutch_webgl.html"
    hx.ecosystem_map(G, path, title="Dutch H2020 collaboration", renderer="webgl")
    page = Page(browser, path)
    yield page
    page.page.close()


def test_webgl_map_loads_safely_with_every_node(webgl_page, dutch):
    G, _, _ = dutch
    p = webgl_page
    assert _page_errors(p) == [] and len(p.requests) == 1
    summary = p.js("__helixnet.summary()")
    assert summary["renderer"] == "webgl"
    assert summary["nodes"] == G.number_of_nodes() and summary["edges"] == G.number_of_edges()
    assert summary["labelsShown"] > 20 and summary["readyMs"] > 0
    assert p.js("[__helixnet.sigma.getGraph().order, __helixnet.sigma.getGraph().size]") == [G.number_of_nodes(), G.number_of_edges()]
    labels = p.js("__helixnet.labels()")
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            assert not _boxes_overlap(labels[i], labels[j])


def test_webgl_hostile_names_hover_search_details(webgl_page, dutch):
    G, img_node, _ = dutch
    p = webgl_page
    assert p.js("__helixnet.search('onerror')") == [XSS_IMG]
    assert p.page.locator("#hx-results li").first.text_content() == XSS_IMG
    index = list(G).index(img_node)
    p.js("i => __helixnet.select(i)", index)
    assert p.page.locator("#hx-details h2").text_content() == XSS_IMG
    box = p.page.locator("#hx-network").bounding_box()
    for _ in range(5):  # a busy machine may still move the camera after it seemed at rest: aim again
        pos = _settled_position(p, index)  # after the camera's move to the node
        p.page.mouse.move(box["x"] + 2, box["y"] + 2)
        p.page.mouse.move(box["x"] + pos["x"] + 0.5, box["y"] + pos["y"] + 0.5)
        try:
            p.page.wait_for_selector("#hx-tooltip:not([hidden])", timeout=2000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        raise AssertionError("hovering the selected node never showed its tooltip")
    assert p.page.locator("#hx-tooltip .hx-tip-title").text_content() == XSS_IMG
    p.js("() => { __helixnet.clear(); __helixnet.fit(); }")
    _settled_position(p, index)
    assert XSS_SCRIPT[:31] + "\u2026" in [b["text"] for b in p.js("__helixnet.labels()")]
    assert p.js("window.__owned") is None
    assert p.js("document.querySelectorAll('img').length") == 0
    assert p.js("document.querySelectorAll('script').length") == 3
    assert _page_errors(p) == []


def test_webgl_filters_and_png(webgl_page, dutch, tmp_path):
    import base64

    G, _, _ = dutch
    p = webgl_page
    p.js("() => __helixnet.clear()")  # no selection left by an earlier test on this page
    p.page.locator('input[data-filter="helix"][data-code="1"]').uncheck()  # industry
    keep = {n for n in G if G.nodes[n]["helix"] != "industry"}
    assert p.js("__helixnet.summary()")["nodes"] == len(keep)
    assert p.js("__helixnet.drawnCounts()") == {"nodes": len(keep), "edges": G.subgraph(keep).number_of_edges()}
    hidden = p.js("__helixnet.data.nodes.map(n => n.id).filter(i => __helixnet.sigma.getNodeDisplayData(String(i)).hidden)")
    assert sorted(hidden) == sorted(i for i, n in enumerate(G) if n not in keep)
    p.page.locator('input[data-filter="helix"][data-code="1"]').check()
    assert p.js("__helixnet.summary()")["nodes"] == G.number_of_nodes()
    p.js("() => __helixnet.fit()")
    _settled_position(p, 0)
    shot = tmp_path / "webgl.png"
    shot.write_bytes(base64.b64decode(p.js("__helixnet.png()").split(",", 1)[1]))
    _looks_like_a_picture(shot)
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=ARTIFACTS / "map_nl_webgl.png")


@pytest.mark.parametrize("renderer", ["canvas", "webgl"])
def test_geo_map_draws_every_placed_organisation_and_filters_by_region(browser, dutch, tmp_path, renderer):
    G, _, _ = dutch
    path = tmp_path / f"geo_{renderer}.html"
    hx.ecosystem_map(G, path, title="Dutch H2020 by place", layout="geo", renderer=renderer)
    nodes = list(G)
    placed = [i for i, v in enumerate(nodes) if "latitude" in G.nodes[v]]
    assert len(placed) > 800
    p = Page(browser, path)
    try:
        assert _page_errors(p) == [] and len(p.requests) == 1
        # Every placed organisation is drawn, the unplaced ones are behind their check box.
        ties = G.subgraph([nodes[i] for i in placed]).number_of_edges()
        assert p.js("__helixnet.drawnCounts()") == {"nodes": len(placed), "edges": ties}
        p.js("() => __helixnet.fit()")
        p.page.wait_for_timeout(400)
        box = p.page.locator("#hx-network").bounding_box()
        screen = p.js("ix => ix.map(i => __helixnet.toScreen(i))", placed)
        assert all(-1 <= s["x"] <= box["width"] + 1 and -1 <= s["y"] <= box["height"] + 1 for s in screen)
        # North is up: Groningen's university above Maastricht's.
        north = next(i for i in placed if G.nodes[nodes[i]].get("name") == "RIJKSUNIVERSITEIT GRONINGEN")
        south = next(i for i in placed if G.nodes[nodes[i]].get("name") == "UNIVERSITEIT MAASTRICHT")
        assert screen[placed.index(north)]["y"] < screen[placed.index(south)]["y"]
        # The region filter: "none", then Zuidoost-Noord-Brabant (Brainport) only.
        p.page.locator('fieldset[data-group="region"] button', has_text="none").click()
        assert p.js("__helixnet.summary()")["nodes"] == 0
        region = p.js("__helixnet.data.filters.find(g => g.name === 'region')")
        code = next(it["code"] for it in region["items"] if it["label"] == "Zuidoost-Noord-Brabant")
        brainport = [nodes[i] for i in placed if G.nodes[nodes[i]].get("region_name") == "Zuidoost-Noord-Brabant"]
        assert len(brainport) > 30
        first = placed[[nodes[i] for i in placed].index(brainport[0])]
        start = p.js("i => __helixnet.toScreen(i)", first)
        p.page.locator(f'input[data-filter="region"][data-code="{code}"]').check()
        assert p.js("__helixnet.drawnCounts()") == {"nodes": len(brainport), "edges": G.subgraph(brainport).number_of_edges()}
        # ... and the map zooms to it: every Brainport organisation on screen, spread over most
        # of the view, where the whole country's view held them in a small patch.
        ix = [placed[[nodes[i] for i in placed].index(v)] for v in brainport]

        def spread(points):
            return max(max(q["x"] for q in points) - min(q["x"] for q in points),
                       max(q["y"] for q in points) - min(q["y"] for q in points))

        before = spread([screen[placed.index(i)] for i in ix])
        _settled_position(p, first, moved_from=start)
        after = p.js("ix => ix.map(i => __helixnet.toScreen(i))", ix)
        assert all(-1 <= s["x"] <= box["width"] + 1 and -1 <= s["y"] <= box["height"] + 1 for s in after)
        assert spread(after) > 3 * before
        assert spread(after) > 0.5 * min(box["width"], box["height"])
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=ARTIFACTS / f"map_nl_geo_brainport_{renderer}.png")
        assert _page_errors(p) == []
    finally:
        p.page.close()


def test_overview_drill_down_to_a_clusters_members_and_back(browser, dutch, tmp_path):
    G, _, hub = dutch
    clusters = hx.clusters(G, seed=1)
    path = tmp_path / "overview_drill.html"
    m = hx.overview_map(G, clusters, path, title="Dutch H2020: clusters", drill_members=150)
    data = __import__("json").loads(m.html.split('id="helixnet-data">', 1)[1].split("</script>", 1)[0])
    p = Page(browser, path)
    try:
        assert p.errors == [] and len(p.requests) == 1
        # Click the hub's cluster where the canvas draws it.
        label = str(clusters[hub])
        c = next(i for i, rows in enumerate(data["info"]) if rows[0][1] == label)
        p.js("c => __helixnet.network.moveTo({position: __helixnet.network.getPositions([c])[c], scale: 1.5, animation: false})", c)
        p.page.wait_for_timeout(200)
        pos = p.js("c => __helixnet.toScreen(c)", c)
        box = p.page.locator("#hx-network").bounding_box()
        p.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        p.page.wait_for_timeout(500)
        summary = p.js("__helixnet.summary()")
        members = [n for n in G if str(clusters[n]) == label]
        assert summary["map"] == "members" and summary["cluster"] == c
        assert summary["nodes"] == min(150, len(members)) and summary["labelsShown"] > 5
        assert p.page.locator("#hx-back").is_visible()
        # The drawn ties are ties of G between members of that cluster, the strongest among them.
        shown = p.js("__helixnet.shown()")
        by_name = {G.nodes[n].get("name", n): n for n in members}
        ties = {frozenset((by_name[shown["names"][a]], by_name[shown["names"][b]])) for a, b in shown["ties"]}
        inside = G.subgraph(by_name[name] for name in shown["names"])
        assert ties and all(inside.has_edge(*sorted(t, key=str)) for t in ties)
        strongest = max(inside.edges(data="weight"), key=lambda e: e[2])
        assert frozenset(strongest[:2]) in ties
        # The hostile hub name is a shortened label drawn as text, nothing ran.
        assert XSS_SCRIPT[:31] + "\u2026" in [b["text"] for b in p.js("__helixnet.labels()")]
        assert p.js("window.__owned") is None and p.js("document.querySelectorAll('img').length") == 0
        ARTIFACTS.mkdir(exist_ok=True)
        p.page.screenshot(path=ARTIFACTS / "overview_nl_members.png")
        # Back to the clusters.
        p.page.locator("#hx-back").click()
        p.page.wait_for_timeout(300)
        summary = p.js("__helixnet.summary()")
        assert summary["map"] == "clusters" and summary["cluster"] is None and summary["nodes"] == clusters.nunique()
        assert not p.page.locator("#hx-back").is_visible()
        assert p.js("document.querySelectorAll('#hx-drill').length") == 0
        assert p.errors == []
    finally:
        p.page.close()


@pytest.mark.parametrize("renderer", ["canvas", "webgl"])
def test_geo_map_draws_region_outlines_under_the_nodes_without_a_request(browser, dutch, tmp_path, renderer):
    import io

    from PIL import Image

    G, _, _ = dutch
    hits, reference = {}, []
    # Dutch organisations: drawn by default; then the control, a page without them, is checked
    # at the same places (the first page's outlines).
    for outlines in (None, False):
        path = tmp_path / f"outlines_{renderer}_{outlines}.html"
        hx.ecosystem_map(G, path, layout="geo", renderer=renderer, outlines=outlines)
        p = Page(browser, path)
        try:
            assert _page_errors(p) == [] and len(p.requests) == 1
            p.page.locator('fieldset[data-group="helix"] button', has_text="none").click()  # only the outlines remain
            assert p.js("__helixnet.summary()")["nodes"] == 0
            p.page.wait_for_timeout(400)
            data = p.js("__helixnet.data")
            # layout -> screen from two nodes far apart (the view's own transform, per axis)
            ends = [min(range(len(G)), key=lambda i: data["nodes"][i]["x"] + data["nodes"][i]["y"]),
                    max(range(len(G)), key=lambda i: data["nodes"][i]["x"] + data["nodes"][i]["y"])]
            a, b = (p.js("i => __helixnet.toScreen(i)", i) for i in ends)
            na, nb = (data["nodes"][i] for i in ends)
            sx, sy = (b["x"] - a["x"]) / (nb["x"] - na["x"]), (b["y"] - a["y"]) / (nb["y"] - na["y"])
            shot = np.asarray(Image.open(io.BytesIO(p.page.locator("#hx-network").screenshot())).convert("L"))
            if outlines is None:
                reference = data["outlines"]
            else:
                assert data["outlines"] == []
            sampled = found = 0
            for region in reference:
                for ring in region["rings"]:
                    for k in range(0, len(ring), 20):
                        x = a["x"] + sx * (ring[k] - na["x"])
                        y = a["y"] + sy * (ring[k + 1] - na["y"])
                        if not (4 <= x < shot.shape[1] - 4 and 4 <= y < shot.shape[0] - 4):
                            continue
                        sampled += 1
                        found += shot[int(y) - 2:int(y) + 3, int(x) - 2:int(x) + 3].min() < 235
            assert sampled > 100
            hits[outlines] = found / sampled
            # The saved SVG draws the same rings where the picture has them.
            paths = p.js("""s => [...new DOMParser().parseFromString(s, 'image/svg+xml').querySelectorAll('path.hx-outlines')]
                            .map(e => e.getAttribute('d'))""", p.js("__helixnet.svg()"))
            if outlines is None:
                assert len(paths) == 1
                starts = [tuple(map(float, m.split())) for m in re.findall(r"M([-\d.]+ [-\d.]+)", paths[0])]
                rings = [ring for region in reference for ring in region["rings"]]
                assert len(starts) == len(rings)
                for (x, y), ring in zip(starts, rings):
                    assert abs(x - (a["x"] + sx * (ring[0] - na["x"]))) < 1.5
                    assert abs(y - (a["y"] + sy * (ring[1] - na["y"]))) < 1.5
            else:
                assert paths == []
            if outlines is None:
                ARTIFACTS.mkdir(exist_ok=True)
                p.page.screenshot(path=ARTIFACTS / f"map_nl_geo_outlines_{renderer}.png")
            assert _page_errors(p) == [] and len(p.requests) == 1
        finally:
            p.page.close()
    assert hits[None] > 0.9 and hits[False] < 0.05, hits



def _map_in_a_frame(browser, path: Path, page_html: str, width_later: bool) -> tuple[list[str], dict, int]:
    """Open ``page_html`` in a frame 900 px wide (``width_later``: of no width for its first 1.5 s); the page
    errors, the map's drawn canvas box and its number of labels."""
    import html as html_module

    start = "0" if width_later else "900px"
    path.write_text(
        f'<!DOCTYPE html><html><body><iframe id="f" style="width:{start};height:600px;border:0" sandbox="allow-scripts" '
        f'srcdoc="{html_module.escape(page_html, quote=True)}"></iframe>'
        "<script>setTimeout(function () { document.getElementById('f').style.width = '900px'; }, 1500);</script>"
        "</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    frame = page.frame_locator("#f")
    for _ in range(500):
        if frame.locator("body").get_attribute("data-helixnet-ready") == "1" and page.evaluate(
                "document.getElementById('f').getBoundingClientRect().width") == 900:
            break
        page.wait_for_timeout(20)
    else:
        raise AssertionError(f"the map in the frame was never drawn; errors: {errors}")
    page.wait_for_timeout(500)
    box = frame.locator("#hx-network canvas").first.bounding_box()
    labels = next(f for f in page.frames if f != page.main_frame).evaluate("__helixnet.summary().labelsShown")
    page.close()
    return errors, box or {}, labels


@pytest.mark.parametrize("renderer", ["canvas", "webgl"])
def test_map_in_a_frame_that_has_no_width_yet_draws_when_it_gets_one(browser, dutch, tmp_path, renderer):
    # A report's maps are frames of a long page, and a frame can run its script before the page
    # has laid it out: the map must wait for its size, not fail ("Sigma: Container has no width").
    G, _, _ = dutch
    page_html = hx.ecosystem_map(G, title="Dutch H2020 collaboration", renderer=renderer).html
    errors, box, labels = _map_in_a_frame(browser, tmp_path / "later.html", page_html, width_later=True)
    _, box_at_once, labels_at_once = _map_in_a_frame(browser, tmp_path / "at_once.html", page_html, width_later=False)
    assert errors == []
    assert box["width"] == box_at_once["width"] > 400  # drawn at the frame's width, not at none
    # and labelled as a frame that had its size at once (vis-network fits the first picture to the
    # size it then has, so its zoom, and a label or two, may differ)
    assert labels_at_once > 20 and abs(labels - labels_at_once) <= 0.1 * labels_at_once
