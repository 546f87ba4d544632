"""Maps in headless Chromium: time until the network is drawn and interactive.

Two inputs: the bundled Dutch network (about 2,000 organisations) through ``ecosystem_map``,
and the full Horizon 2020 network (about 36,000 organisations) through ``overview_map``, each
side by side with pyvis's default output of the same graph (``Network(cdn_resources="in_line")``
so that vis-network is in the page; physics on, as pyvis defaults). pyvis's page still links
bootstrap from a CDN: those requests are aborted (the benchmark runs offline) and counted.

"Interactive" for helixnet is ``window.__helixnetReady``: the first ``afterDrawing`` event of
vis-network, after which the page responds (positions are fixed, physics off). For pyvis it is
the end of stabilisation (``stabilizationIterationsDone``: the loading bar goes away) and
``stabilized`` (the layout stops moving), within a limit (``--limit``, default 60 s). Times are
``performance.now()`` of the page (ms since navigation start), median of ``--repeat`` loads.

All 35,871 H2020 organisations with their backbone ties are drawn as well, by the WebGL
renderer (sigma.js), the canvas renderer (vis-network) and pyvis: time until ready, and a drag
of the map by 300 px in 10 mouse steps (from the press to the frame after the release).

Run: ``python -m benchmarks maps [--repeat 3] [--limit 60] [--skip-h2020-pyvis] [--only-full]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import pandas as pd

import helixnet as hx

from ._common import H2020_TABLE, timed

CHROMIUM = "/usr/bin/chromium"
# --disable-gpu: no GPU here; WebGL runs in software (ANGLE on SwiftShader's Vulkan, the renderer
# string is printed) and the compositor is software too, which reads every WebGL canvas back per
# frame. ``--gl-flags "--use-gl=angle --use-angle=swiftshader-webgl"`` measures the other setup.
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HOOK = """<script>
(function () {
  function hook() {
    if (typeof network === "undefined" || !network) { return setTimeout(hook, 5); }
    // Told through the console too: a page frozen by physics cannot be asked afterwards.
    network.once("afterDrawing", function () { window.__benchDrawn = performance.now(); console.log("bench drawn " + window.__benchDrawn); });
    network.once("stabilizationIterationsDone", function () { window.__benchStabilising = performance.now(); console.log("bench stabilising " + window.__benchStabilising); });
    network.once("stabilized", function () { window.__benchStabilized = performance.now(); console.log("bench stabilized " + window.__benchStabilized); });
  }
  hook();
})();
</script>
"""
HELIX = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government", "OTH": "civil"}


def _mib(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.1f} MiB"


def pyvis_default(G: nx.Graph, path: Path, *, quadratic_ok: bool) -> float:
    """pyvis's default page of G: Network(...).from_nx(G), physics on; returns build seconds.

    ``from_nx`` checks each new edge against all earlier ones (quadratic in the edges); for the
    full H2020 graph that cannot finish, so there (``quadratic_ok=False``) the same records are
    appended directly, which is what from_nx would produce.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    start = time.perf_counter()
    net = Network(height="800px", width="100%", cdn_resources="in_line")
    H = G.copy()
    if quadratic_ok:
        net.from_nx(H)
    else:
        for node, data in H.nodes(data=True):
            attrs = {k: v for k, v in data.items() if isinstance(v, (str, int, float))}
            attrs.setdefault("size", 10)
            net.nodes.append(Node(node, "dot", label=str(node), color="#97c2fc", **attrs).options)
            net.node_ids.append(node)
        for u, v, data in H.edges(data=True):
            net.edges.append(Edge(u, v, width=data.get("weight", 1)).options)
    seconds = time.perf_counter() - start
    page = net.generate_html()
    page = page.replace("</body>", HOOK + "</body>")
    path.write_text(page, encoding="utf-8")
    return seconds


def open_page(browser, path: Path, *, ours: bool, limit_s: float) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    remote: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url == path.as_uri():
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    told: dict[str, float] = {}

    def console(message) -> None:
        parts = message.text.split()
        if len(parts) == 3 and parts[0] == "bench":
            told[parts[1]] = float(parts[2])

    page.on("console", console)
    wall = time.perf_counter()
    result: dict = {"remote_requests": remote, "errors": errors}
    try:
        page.goto(path.as_uri(), timeout=limit_s * 1000, wait_until="commit")
        if ours:
            # helixnet's page forbids eval by its CSP, which wait_for_function's polling needs:
            # poll from here instead (evaluate goes through the debugger protocol). The figure
            # is the page's own timestamp, so the polling interval does not enter it.
            deadline = time.perf_counter() + limit_s
            while page.evaluate("window.__helixnetReady === undefined"):
                if time.perf_counter() > deadline:
                    raise TimeoutError("window.__helixnetReady never set")
                time.sleep(0.02)
            result["interactive_ms"] = page.evaluate("window.__helixnetReady")
            # Interactive means it answers: a search over all names right after.
            t = time.perf_counter()
            page.evaluate("__helixnet.search('univ').length")
            result["search_ms"] = (time.perf_counter() - t) * 1000
        else:
            # Only listen (wait_for_timeout delivers the console events): pyvis's physics can
            # freeze the page, and a question to a frozen page never returns.
            deadline = time.perf_counter() + limit_s
            while "stabilized" not in told:
                if time.perf_counter() > deadline:
                    raise TimeoutError("not stabilised")
                page.wait_for_timeout(100)
            result["stabilising_ms"] = told.get("stabilising")
            result["stabilized_ms"] = told["stabilized"]
            result["interactive_ms"] = result["stabilized_ms"]
    except Exception as error:  # noqa: BLE001 - a timeout is a result here
        result["timeout"] = f"not done within {limit_s:.0f} s ({type(error).__name__})"
        result["drawn_ms"] = told.get("drawn")
        result["stabilising_ms"] = told.get("stabilising")
    result["wall_s"] = time.perf_counter() - wall
    page.close(run_before_unload=False)
    return result


def measure(browser, path: Path, *, ours: bool, repeat: int, limit_s: float) -> dict:
    runs = [open_page(browser, path, ours=ours, limit_s=limit_s) for _ in range(repeat)]
    done = [r for r in runs if "interactive_ms" in r]
    summary = dict(runs[-1])
    if done:
        summary["interactive_ms"] = statistics.median(r["interactive_ms"] for r in done)
        summary["wall_s"] = statistics.median(r["wall_s"] for r in done)
    summary["runs"] = len(runs)
    return summary


def describe(label: str, r: dict, size: str) -> str:
    parts = [f"{label}: file {size}"]
    if "timeout" in r:
        parts.append(r["timeout"])
        if r.get("stabilising_ms"):
            parts.append(f"stabilisation iterations done at {r['stabilising_ms'] / 1000:.2f} s")
        elif "drawn_ms" in r:
            parts.append("first drawn " + (f"at {r['drawn_ms'] / 1000:.2f} s" if r["drawn_ms"] else "never"))
    else:
        if "stabilising_ms" in r:
            parts.append(f"loading bar gone at {r['stabilising_ms'] / 1000:.2f} s")
            parts.append(f"stabilised at {r['stabilized_ms'] / 1000:.2f} s")
        else:
            parts.append(f"interactive at {r['interactive_ms'] / 1000:.2f} s")
            parts.append(f"search answered in {r['search_ms']:.0f} ms")
        parts.append(f"(wall {r['wall_s']:.2f} s, median of {r['runs']})")
    parts.append(f"remote requests tried: {len(r['remote_requests'])}")
    if r["errors"]:
        parts.append(f"page errors: {len(r['errors'])}")
    return " | ".join(parts)


def load_h2020_graph() -> tuple[nx.Graph, pd.DataFrame]:
    raw = pd.read_csv(H2020_TABLE, dtype=str, usecols=["rcn", "pic", "type", "country"])
    participations = raw.rename(columns={"rcn": "event", "pic": "organisation"})[["event", "organisation"]]
    orgs = raw.drop_duplicates("pic").rename(columns={"pic": "organisation"})
    organisations = pd.DataFrame({
        "organisation": orgs["organisation"],
        "name": orgs["organisation"],  # the table has no names: the PIC stands in
        "helix": orgs["type"].map(HELIX).fillna("unknown"),
        "country": orgs["country"],
    })
    return hx.collaboration_graph(participations, organisations), organisations


def drag_ms(browser, path: Path, *, limit_s: float, show_all: bool = False) -> dict:
    """Open a helixnet map, then drag the map by 300 px in 10 mouse steps: wall time from the
    press to the frame drawn after the release (playwright waits for each step to be handled).
    ``show_all``: first tick every filter (organisations without ties start hidden when they are
    most of the map), so that every organisation is drawn during the drag."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri() else r.abort())
    page.goto(path.as_uri(), timeout=limit_s * 1000, wait_until="commit")
    deadline = time.perf_counter() + limit_s
    while page.evaluate("window.__helixnetReady === undefined"):
        if time.perf_counter() > deadline:
            page.close()
            return {"timeout": f"not ready within {limit_s:.0f} s"}
        time.sleep(0.02)
    if show_all:
        page.evaluate("__helixnet.data.filters.forEach(g => g.items.forEach(it => __helixnet.setFilter(g.name, it.code, true)))")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    summary = page.evaluate("__helixnet.summary()")
    box = page.locator("#hx-network").bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    page.wait_for_timeout(300)
    page.mouse.move(x, y)
    start = time.perf_counter()
    page.mouse.down()
    steps = 0
    while steps < 10 and time.perf_counter() - start < limit_s:  # a slow page stops the drag at the limit
        steps += 1
        page.mouse.move(x + 30 * steps, y + 12 * steps)
    page.mouse.up()
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    drag = (time.perf_counter() - start) * 1000
    page.close()
    if steps < 10:
        return {"summary": summary, "timeout": f"{steps} of 10 drag steps in {drag / 1000:.0f} s"}
    return {"summary": summary, "drag_ms": drag}


def webgl_renderer(browser) -> str:
    """The WebGL implementation Chromium runs with these flags (software here: SwiftShader)."""
    page = browser.new_page()
    name = page.evaluate("""() => {
      const gl = document.createElement("canvas").getContext("webgl");
      if (!gl) { return "no WebGL"; }
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    }""")
    page.close()
    return name


class _Lines(list):
    """Lines of a report, printed as they come (a long run shows its progress)."""

    def append(self, line: str) -> None:
        print(line, flush=True)
        super().append(line)


def h2020_full_maps(browser, h2020: nx.Graph, out: Path, *, limit_s: float, repeat: int) -> list[str]:
    """All H2020 organisations with their backbone ties (disparity filter, alpha 0.05): the
    WebGL map, the canvas (vis-network) map and pyvis's default page of the same graph."""
    lines = _Lines()
    backbone_s, B = timed(lambda: hx.backbone(h2020, alpha=0.05, keep_isolates=True))
    lines.append(f"H2020 backbone: {B.number_of_nodes():,} nodes, {B.number_of_edges():,} ties (alpha 0.05, {backbone_s:.1f} s)")
    webgl_s, _ = timed(lambda: hx.ecosystem_map(B, out / "h2020_webgl.html", title="H2020", renderer="webgl"))
    canvas_s, _ = timed(lambda: hx.ecosystem_map(B, out / "h2020_canvas.html", title="H2020", renderer="canvas"))
    lines.append(f"build (layout included): webgl map {webgl_s:.1f} s, canvas map {canvas_s:.1f} s")
    pyvis_s = pyvis_default(B, out / "h2020_backbone_pyvis.html", quadratic_ok=False)
    lines.append(f"build: pyvis records + write {pyvis_s:.1f} s")
    for label, name in (("webgl", "h2020_webgl.html"), ("canvas", "h2020_canvas.html")):
        r = measure(browser, out / name, ours=True, repeat=repeat, limit_s=limit_s)
        line = describe(f"H2020 backbone, helixnet {label}", r, _mib(out / name))
        for show_all, what in ((False, "as opened"), (True, "every organisation shown")):
            drags = [drag_ms(browser, out / name, limit_s=limit_s, show_all=show_all) for _ in range(repeat)]
            done = [d["drag_ms"] for d in drags if "drag_ms" in d]
            result = f"{statistics.median(done):.0f} ms (median of {len(done)}; runs {', '.join(f'{d:.0f}' for d in done)})" if done else drags[-1]["timeout"]
            line += f" | 10-step drag, {what}: {result}, summary {drags[-1].get('summary')}"
        lines.append(line)
    peer = measure(browser, out / "h2020_backbone_pyvis.html", ours=False, repeat=1, limit_s=limit_s)
    if "timeout" in peer:  # pyvis's page is frozen by its physics: a drag cannot start
        peer["timeout"] += "; no drag possible"
    lines.append(describe("H2020 backbone, pyvis default", peer, _mib(out / "h2020_backbone_pyvis.html")))
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks maps")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60.0)
    parser.add_argument("--skip-h2020-pyvis", action="store_true")
    parser.add_argument("--only-full", action="store_true", help="only the H2020 backbone maps (webgl, canvas, pyvis)")
    parser.add_argument("--gl-flags", default="", help="extra Chromium flags, e.g. '--use-gl=angle --use-angle=swiftshader-webgl'")
    args = parser.parse_args(argv)
    ARGS.extend(args.gl_flags.split())

    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="helixnet-bench-maps-"))
    if args.only_full:
        graph_s, (h2020, _) = timed(load_h2020_graph)
        print(f"H2020 network: {h2020.number_of_nodes():,} nodes, {h2020.number_of_edges():,} edges (built in {graph_s:.1f} s)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            print(f"Chromium flags: {' '.join(ARGS)} | WebGL: {webgl_renderer(browser)}")
            h2020_full_maps(browser, h2020, out, limit_s=args.limit, repeat=args.repeat)
            browser.close()
        print(f"pages kept in {out}")
        return 0
    data = hx.datasets.load_cordis_nl()
    dutch = hx.collaboration_graph(data.participations, data.organisations)
    print(f"Dutch network: {dutch.number_of_nodes():,} nodes, {dutch.number_of_edges():,} edges")
    build_s, dutch_map = timed(lambda: hx.ecosystem_map(dutch, out / "dutch_helixnet.html", title="Dutch H2020"), repeat=2)
    pyvis_build_s = pyvis_default(dutch, out / "dutch_pyvis.html", quadratic_ok=True)
    print(f"build: helixnet ecosystem_map {build_s:.2f} s (layout included) | pyvis from_nx + write {pyvis_build_s:.2f} s")

    print("H2020 network: building ...", flush=True)
    graph_s, (h2020, _) = timed(load_h2020_graph)
    print(f"H2020 network: {h2020.number_of_nodes():,} nodes, {h2020.number_of_edges():,} edges (built in {graph_s:.1f} s)")
    clusters_s, clusters = timed(lambda: hx.clusters(h2020, seed=1))
    overview_s, _ = timed(lambda: hx.overview_map(h2020, clusters, out / "h2020_overview.html", title="H2020 overview"))
    print(f"build: helixnet clusters {clusters_s:.1f} s ({clusters.nunique():,} clusters), overview_map {overview_s:.1f} s")
    if not args.skip_h2020_pyvis:
        h_pyvis_s = pyvis_default(h2020, out / "h2020_pyvis.html", quadratic_ok=False)
        print(f"build: pyvis records + write for H2020 {h_pyvis_s:.1f} s (from_nx itself is quadratic in the edges)")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print(f"Chromium flags: {' '.join(ARGS)} | WebGL: {webgl_renderer(browser)}")
        ours = measure(browser, out / "dutch_helixnet.html", ours=True, repeat=args.repeat, limit_s=args.limit)
        peer = measure(browser, out / "dutch_pyvis.html", ours=False, repeat=1, limit_s=args.limit)
        print(describe("Dutch, helixnet ecosystem_map", ours, _mib(out / "dutch_helixnet.html")))
        print(describe("Dutch, pyvis default", peer, _mib(out / "dutch_pyvis.html")))
        if "timeout" not in peer and "timeout" not in ours:
            print(f"Dutch: helixnet interactive {peer['interactive_ms'] / ours['interactive_ms']:.1f}x sooner than pyvis stabilises")
        big = measure(browser, out / "h2020_overview.html", ours=True, repeat=args.repeat, limit_s=args.limit)
        print(describe("H2020, helixnet overview_map", big, _mib(out / "h2020_overview.html")))
        if not args.skip_h2020_pyvis:
            big_peer = measure(browser, out / "h2020_pyvis.html", ours=False, repeat=1, limit_s=args.limit)
            print(describe("H2020, pyvis default (every node)", big_peer, _mib(out / "h2020_pyvis.html")))
        h2020_full_maps(browser, h2020, out, limit_s=args.limit, repeat=args.repeat)
        browser.close()
    goals = [("Dutch map interactive < 3 s", ours.get("interactive_ms", 1e12) < 3000),
             ("H2020 overview interactive < 10 s", big.get("interactive_ms", 1e12) < 10000)]
    for label, ok in goals:
        print(f"goal {label}: {'met' if ok else 'MISSED'}")
    print(f"pages kept in {out}")
    return 0
