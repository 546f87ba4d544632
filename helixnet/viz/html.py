"""Interactive HTML maps of an ecosystem: one self-contained file, offline, safe, fast.

pyvis builds the vis-network node and edge records; helixnet owns the page (the template in
``helixnet/viz/templates/``). vis-network's JavaScript and CSS are inlined from the copy that
ships inside the pyvis wheel, so a map makes no network request at all, and a Content Security
Policy in the page forbids any: scripts run only if their SHA-256 hash is the one written in the
page, and nothing may be fetched.

Names and every tooltip field come from outside data, so the page treats them as text only: the
data travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped (``\\u003c``...), is read with ``JSON.parse``, and is shown through ``textContent``
(tooltips, search results, details) or drawn on the canvas (labels). No data string ever reaches
``innerHTML``.

Positions are computed in Python with igraph (seeded, so the same graph and seed give the same
picture); physics is off beyond ``PHYSICS_MAX_NODES`` nodes, so the browser only draws.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import logging
import math
import os
import random
import re
from collections.abc import Hashable, Mapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from .._files import atomic_write
from .._graph import clusters_by_node, igraph_from_edges, require_graph
from .._validate import HELICES, check_scalar, examples, require_helices, xy_positions
from ..errors import HelixDataError

logger = logging.getLogger("helixnet")

__all__ = [
    "CLUSTER_COLORS",
    "HELIX_COLORS",
    "PHYSICS_MAX_NODES",
    "WEBGL_MIN_NODES",
    "WEBGL_MIN_TIES",
    "HelixMap",
    "ecosystem_map",
    "overview_map",
]

#: Fixed colour per helix (Okabe-Ito palette, readable with the common colour-vision deficiencies).
HELIX_COLORS: dict[str, str] = {
    "knowledge": "#0072B2",
    "industry": "#E69F00",
    "government": "#009E73",
    "civil": "#CC79A7",
    "unknown": "#999999",
}

#: Colours of the 20 largest clusters (or categories); the others are drawn in ``OTHER_COLOR``.
CLUSTER_COLORS: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#9edae5", "#dbdb8d", "#393b79",
)
OTHER_COLOR = "#c8c8c8"

#: Graphs with more nodes than this are drawn with physics off (positions fixed from the layout).
PHYSICS_MAX_NODES = 300

#: ``renderer="auto"`` draws with WebGL (sigma.js) from this many nodes, or ``WEBGL_MIN_TIES`` ties.
WEBGL_MIN_NODES = 3000
WEBGL_MIN_TIES = 10000
_WEBGL_VERSION = "sigma 3.0.3, graphology 0.25.4"
_RENDERERS = ("auto", "canvas", "webgl")

_COLLAB_EDGE = {"color": "#8d99ae", "opacity": 0.45}
_SUPPLY_EDGE = {"color": "#b5472f", "opacity": 0.75}
_LAYERS = ("collaboration", "supply", "both")
_LAYOUTS = ("auto", "clusters", "fr", "drl", "kk", "circle")


# --------------------------------------------------------------------------------------------
# The returned object
# --------------------------------------------------------------------------------------------


class HelixMap:
    """A map page: ``.html`` (the whole page as a string), ``.save(path)``, and display in Jupyter.

    In a notebook (Jupyter, VS Code, Colab) the map shows itself as an ``<iframe srcdoc=...>``
    holding the page, so it needs no file and no server.

    Attributes
    ----------
    html : str
        The self-contained page.
    n_nodes, n_edges : int
        Nodes and edges drawn in the page.
    kind : {"ecosystem", "overview", "report"}
        The function that made the page.
    title : str
        The page title, also the title of the notebook's frame.
    height : int
        Height of the notebook's frame in pixels (default 650).

    Examples
    --------
    >>> page = HelixMap("<!DOCTYPE html><title>t</title>", n_nodes=0, n_edges=0, kind="ecosystem", title="t")
    >>> page.kind, "<iframe srcdoc=" in page._repr_html_()
    ('ecosystem', True)
    """

    def __init__(self, html: str, *, n_nodes: int, n_edges: int, kind: str, title: str, height: int = 650):
        self.html = html
        self.n_nodes = n_nodes
        self.n_edges = n_edges
        self.kind = kind
        self.title = title
        self.height = height

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` (UTF-8; missing directories are created) and return the path.

        Written atomically: an existing page is replaced only by a complete one; a failure raises
        :class:`~helixnet.errors.HelixOutputError` and leaves it as it was.
        """
        path = Path(path)
        if path.suffix.lower() not in (".html", ".htm"):
            raise HelixDataError(f"a map is an HTML page: save it to a path ending in .html, got {str(path)!r}.")
        with atomic_write(path, make_parents=True) as handle:
            handle.write(self.html)
        return path

    def _repr_html_(self) -> str:
        srcdoc = _html.escape(self.html, quote=True)
        return (
            f'<iframe srcdoc="{srcdoc}" title="{_html.escape(self.title, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<HelixMap {self.kind}: {self.n_nodes} nodes, {self.n_edges} edges, {len(self.html):,} characters>"


# --------------------------------------------------------------------------------------------
# Assets and page assembly
# --------------------------------------------------------------------------------------------


def _version_key(path: Path) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", path.parent.name)
    return tuple(int(n) for n in numbers)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str, str]:
    """vis-network's JS and CSS from the pyvis wheel (the newest copy there), and its version."""
    import pyvis

    base = Path(pyvis.__file__).parent
    found = sorted(base.glob("templates/lib/vis-*/vis-network.min.js"), key=_version_key) or sorted(
        base.glob("lib/vis-*/vis-network.min.js"), key=_version_key
    )
    if not found:  # pragma: no cover - a broken pyvis install
        raise RuntimeError(f"no vis-network copy found inside pyvis at {base}; reinstall pyvis>=0.3.2.")
    js_path = found[-1]
    js = js_path.read_text(encoding="utf-8")
    css = js_path.with_name("vis-network.css").read_text(encoding="utf-8")
    # Both are inlined in <script>/<style>: make sure they cannot close their element early.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css, js_path.parent.name


@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON safe to put inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    """A vendored script from ``viz/assets`` (see SOURCE.md there), ready to inline."""
    text = (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")
    text = re.sub(r"//[#@] sourceMappingURL=\S*", "", text)
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _render_page(data: dict, *, title: str, subtitle: str, renderer: str = "canvas") -> str:
    if renderer == "webgl":
        lib_js = _asset("graphology.umd.min.js") + "\n;\n" + _asset("sigma.min.js")
        lib_css, lib_version = "", _WEBGL_VERSION
    else:
        lib_js, lib_css, lib_version = _vis_assets()
    data = dict(data, renderer=renderer)
    app_js = "\n".join(_template(name) for name in ("outlines.js", f"view_{renderer}.js", "map.js"))
    app_css = _template("map.css")
    csp = (
        "default-src 'none'; "
        f"script-src {_sha256(lib_js)} {_sha256(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    values = {
        "csp": _html.escape(csp, quote=True),
        "title": _html.escape(title),
        "subtitle": _html.escape(subtitle),
        "lib_version": _html.escape(lib_version),
        "lib_css": lib_css,
        "app_css": app_css,
        "data": _json_for_script(data),
        "lib_js": lib_js,
        "app_js": app_js,
    }
    # One pass, so that text substituted in is never scanned for markers again.
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _template("map.html"))


# --------------------------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------------------------


def _node_helices(G: nx.Graph, nodes: list[Hashable], what: str) -> np.ndarray:
    raw = pd.Series([G.nodes[n].get("helix", "unknown") for n in nodes], index=range(len(nodes)), dtype=object)
    raw = raw.where(raw.notna(), "unknown")
    try:
        require_helices(raw, "helix", f"{what}: node attribute")
    except HelixDataError as error:
        bad = raw[~raw.isin(HELICES)]
        raise HelixDataError(
            f"{error} Nodes with such labels: {examples([nodes[i] for i in bad.index])}."
        ) from None
    codes = pd.Categorical(raw, categories=list(HELICES)).codes
    return codes.astype(np.int64)


def _numeric_by_node(values: Any, nodes: list[Hashable], what: str, name: str) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        raise HelixDataError(
            f"{what}: {name} is a DataFrame; pick one column, e.g. {name}=table['{values.columns[0]}'] "
            "(pass the whole table as measures= to show it in the tooltips)."
        )
    series = values if isinstance(values, pd.Series) else pd.Series(dict(values), dtype=object)
    missing = [n for n in nodes if n not in series.index]
    if missing:
        raise HelixDataError(f"{what}: {name} has no value for {len(missing)} node(s), e.g. {examples(missing)}.")
    picked = series.reindex(pd.Index(nodes, dtype=object))
    numbers = pd.to_numeric(picked, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers)
    if bad.any():
        raise HelixDataError(
            f"{what}: {name} has non-numeric, NaN or infinite value(s) {examples(picked[bad].tolist())} "
            f"for node(s) {examples([nodes[i] for i in np.flatnonzero(bad)])}; give a finite number per node."
        )
    return numbers


def _size_values(G: nx.Graph, nodes: list[Hashable], size: Any, what: str) -> tuple[np.ndarray, str]:
    if size is None or (isinstance(size, str) and size == "degree"):
        return np.array([G.degree(n) for n in nodes], dtype=float), "degree"
    if isinstance(size, str) and size == "strength":
        strength = np.array([G.degree(n, weight="weight") for n in nodes], dtype=float)
        bad = ~np.isfinite(strength) | (strength < 0)
        if bad.any():
            raise HelixDataError(
                f"{what}: size='strength' sums the 'weight' of each node's ties, and the ties of "
                f"{examples([nodes[i] for i in np.flatnonzero(bad)])} carry negative, NaN or infinite weights; "
                "fix those edge weights (finite numbers >= 0) or pass size='degree'."
            )
        return strength, "strength"
    if isinstance(size, str):
        have = [n for n in nodes if size in G.nodes[n]]
        if not have:
            raise HelixDataError(
                f"{what}: size={size!r} is neither 'degree', 'strength' nor a node attribute of this "
                "graph; pass one of those or a Series node -> value."
            )
        series = pd.Series({n: G.nodes[n].get(size, np.nan) for n in nodes}, dtype=object)
        return _numeric_by_node(series, nodes, what, f"node attribute {size!r}"), size
    if isinstance(size, (pd.Series, Mapping, pd.DataFrame)):
        label = str(size.name) if isinstance(size, pd.Series) and size.name is not None else "size"
        return _numeric_by_node(size, nodes, what, "size"), label
    raise HelixDataError(
        f"{what}: size must be 'degree', 'strength', a node attribute name, or a Series/mapping "
        f"node -> number; got {type(size).__name__}."
    )


def _scale(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``lo + (hi - lo) * sqrt((v - min) / (max - min))``: area grows linearly with the value."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    vmin, vmax = float(values.min()), float(values.max())
    if vmax <= vmin:
        return np.full(values.shape, (lo + hi) / 2)
    return lo + (hi - lo) * np.sqrt((values - vmin) / (vmax - vmin))


def _text(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "n/a"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.4g}"
    return str(value)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _label(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --------------------------------------------------------------------------------------------
# Graph to arrays, layout
# --------------------------------------------------------------------------------------------


def _edge_weight(data: Mapping, edge: tuple, what: str) -> float:
    """The drawn weight of a tie: its ``weight``, else ``volume``, else ``count``, else 1.

    A value that is there but is not a finite number >= 0 is refused rather than replaced: the
    map would otherwise show a tie of another strength than the data give it.
    """
    for key in ("weight", "volume", "count"):
        value = data.get(key)
        if value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number >= 0):
            raise HelixDataError(
                f"{what}: the tie {edge[0]!r} - {edge[1]!r} has {key}={value!r}; tie {key}s must be finite "
                "numbers >= 0. Fix or remove that edge attribute."
            )
        return number
    return 1.0


def _edge_table(G: nx.Graph, index: dict[Hashable, int], layer: str, what: str) -> pd.DataFrame:
    """One row per drawn tie: src, dst (positions), weight, count, layer, directed.

    Edges without a ``layer`` attribute belong to "collaboration" in an undirected graph and to
    "supply" in a directed one. A collaboration tie is undirected: stored in both directions or
    several times, it is drawn once with the largest weight. Parallel supply edges (same supplier
    and customer) are drawn once with their weights and counts summed.
    """
    if layer not in _LAYERS:
        raise HelixDataError(f"{what}: layer must be one of {', '.join(map(repr, _LAYERS))}, got {layer!r}.")
    default_layer = "supply" if G.is_directed() else "collaboration"
    if G.is_multigraph():
        items = G.edges(keys=False, data=True)
    else:
        items = G.edges(data=True)
    src, dst, weight, count, layers = [], [], [], [], []
    for u, w, data in items:
        kind = data.get("layer", default_layer)
        if kind not in ("collaboration", "supply"):
            kind = str(kind)
        if layer != "both" and kind != layer:
            continue
        src.append(index[u])
        dst.append(index[w])
        weight.append(_edge_weight(data, (u, w), what))
        c = data.get("count")
        count.append(float(c) if c is not None and not _is_missing(c) else np.nan)
        layers.append(kind)
    table = pd.DataFrame({"src": src, "dst": dst, "weight": weight, "count": count, "layer": layers})
    if table.empty:
        table["directed"] = pd.Series(dtype=bool)
        return table
    table["directed"] = G.is_directed() & (table["layer"] != "collaboration")
    undirected = ~table["directed"]
    lo = np.minimum(table["src"], table["dst"])
    hi = np.maximum(table["src"], table["dst"])
    table.loc[undirected, "src"] = lo[undirected]
    table.loc[undirected, "dst"] = hi[undirected]
    keys = ["src", "dst", "layer", "directed"]
    if table.duplicated(keys).any():
        und = table[undirected].groupby(keys, sort=False, as_index=False).agg(weight=("weight", "max"), count=("count", "max"))
        dirs = table[~undirected].groupby(keys, sort=False, as_index=False).agg(weight=("weight", "sum"), count=("count", "sum"))
        table = pd.concat([und, dirs], ignore_index=True)[["src", "dst", "weight", "count", "layer", "directed"]]
    return table.reset_index(drop=True)


@contextmanager
def _igraph_rng(seed: int):
    """igraph draws from Python's ``random`` by default: use a private seeded generator instead."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _component_layout(k: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, method: str, rng: np.random.Generator) -> np.ndarray:
    if k == 1:
        return np.zeros((1, 2))
    if k == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    g = igraph_from_edges(k, src, dst)
    if method == "auto":
        method = "kk" if k <= 100 else ("fr" if k <= 5000 else "drl")
    start = rng.uniform(-1, 1, size=(k, 2)) * math.sqrt(k)
    weights = None
    if len(w):
        med = float(np.median(w)) or 1.0
        weights = np.clip(w / med, 0.1, 10.0).tolist()
    if method == "fr":
        layout = g.layout_fruchterman_reingold(weights=weights, seed=start.tolist(), niter=500, grid="auto")
    elif method == "drl":
        layout = g.layout_drl(weights=weights, seed=start.tolist())
    elif method == "kk":
        layout = g.layout_kamada_kawai(seed=start.tolist())
    else:  # circle
        layout = g.layout_circle()
    xy = np.asarray(layout.coords, dtype=float)
    return xy


def _layout(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, method: str, seed: int,
            footprint: np.ndarray | None = None, strip_isolates: bool = True) -> np.ndarray:
    """Positions for ``n`` nodes: each connected component laid out on its own, then packed.

    ``footprint`` is the room (radius in px) each node needs, 20 by default. A component is
    scaled to a disc of radius ``1.5 * sqrt(sum of footprint**2)`` (so its nodes fill about
    half of it); components are packed in rows below the largest one, largest first. With
    ``strip_isolates``, nodes without ties are not given a shelf slot each but packed densely
    in a strip below the others (:func:`_strip`).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    footprint = np.full(n, 20.0) if footprint is None else np.asarray(footprint, dtype=float)
    area = footprint ** 2
    spacing = float(np.median(footprint)) * 2
    adjacency = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    n_comp, labels = connected_components(adjacency, directed=False)
    rng = np.random.default_rng(seed)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n_comp + 1))
    sizes = np.diff(bounds)
    comp_area = np.bincount(labels, weights=area, minlength=n_comp)
    by_size = sorted(range(n_comp), key=lambda c: (-comp_area[c], -sizes[c], c))
    if strip_isolates and n_comp > 1 and (sizes == 1).any() and (sizes > 1).any():
        single = sizes[labels] == 1
        inner = np.flatnonzero(~single)
        remap = np.full(n, -1, dtype=np.int64)
        remap[inner] = np.arange(len(inner))
        xy = np.zeros((n, 2))
        xy[inner] = _layout(len(inner), remap[src], remap[dst], w, method, seed, footprint[inner], False)
        isolated = np.flatnonzero(single)
        xy[isolated] = _strip(xy[inner], footprint[inner], footprint[isolated])
        return xy - xy.mean(axis=0)
    edge_comp = labels[src] if len(src) else np.array([], dtype=int)
    edge_order = np.argsort(edge_comp, kind="stable")
    edge_bounds = np.searchsorted(edge_comp[edge_order], np.arange(n_comp + 1))
    local = np.empty(n, dtype=np.int64)
    local[order] = np.arange(n) - bounds[labels[order]]
    xy = np.zeros((n, 2))
    radius = np.zeros(n_comp)
    with _igraph_rng(seed):
        for c in by_size:
            members = order[bounds[c]: bounds[c + 1]]
            e = edge_order[edge_bounds[c]: edge_bounds[c + 1]]
            pos = _component_layout(len(members), local[src[e]], local[dst[e]], w[e], method, rng)
            pos = pos - np.median(pos, axis=0)
            dist = np.sqrt((pos ** 2).sum(axis=1))
            # Scale on the 90th percentile distance, so that a few far outliers do not squeeze
            # the core of the component.
            r = float(np.quantile(dist, 0.9)) if len(members) > 2 else float(dist.max())
            target = 1.5 * math.sqrt(comp_area[c]) if len(members) > 1 else 0.0
            if r > 0:
                pos = pos * (target / r)
            xy[members] = pos
            extent = float(np.sqrt((pos ** 2).sum(axis=1)).max()) + float(footprint[members].max())
            radius[c] = max(extent, 0.6 * math.sqrt(comp_area[c]))
    # Shelf packing: the largest component on top, then rows of the others, largest first, the
    # row width about the square root of the total occupied area (never narrower than the
    # largest component).
    diameters = 2 * radius + spacing * 0.3
    row_width = max(float(diameters.max()), math.sqrt(float((diameters ** 2).sum())) * 1.1)
    x = y = row_height = 0.0
    offsets = np.zeros((n_comp, 2))
    for rank, c in enumerate(by_size):
        d = diameters[c]
        if x > 0 and (x + d > row_width or rank == 1):
            x, y, row_height = 0.0, y + row_height, 0.0
        offsets[c] = (x + d / 2, y + d / 2)
        x += d
        row_height = max(row_height, d)
    if n_comp > 1:  # centre the giant over the rows below it
        giant = by_size[0]
        offsets[giant, 0] = max(row_width, diameters[giant]) / 2
    xy += offsets[labels]
    xy -= xy.mean(axis=0)
    return xy


def _strip(placed: np.ndarray, placed_room: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Positions for nodes without ties: a dense grid strip under the ``placed`` ones.

    The pitch is the largest ``room`` (so that nodes never touch, with no label room: labels
    are placed on the map by the page), the strip as wide as the placed nodes (or square when
    it would be taller than wide), one gap below them. Largest first, row by row.
    """
    pitch = float(room.max()) * 1.2
    top = float((placed[:, 1] + placed_room).max()) + 2 * pitch
    left = float((placed[:, 0] - placed_room).min())
    width = float((placed[:, 0] + placed_room).max()) - left
    per_row = max(1, int(width // pitch), math.ceil(math.sqrt(len(room))))
    rank = np.empty(len(room), dtype=np.int64)
    rank[np.argsort(-room, kind="stable")] = np.arange(len(room))
    row, col = np.divmod(rank, per_row)
    return np.column_stack([left + (col + 0.5) * pitch, top + (row + 0.5) * pitch])


def _separate_discs(xy: np.ndarray, radius: np.ndarray, gap: float, rounds: int = 60) -> np.ndarray:
    """Push discs apart until none overlaps (or ``rounds`` passes): each overlapping pair moves
    apart along the line between centres, the smaller disc by more."""
    from scipy.spatial import cKDTree

    xy = xy.astype(float).copy()
    reach = 2 * float(radius.max()) + gap
    for _ in range(rounds):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        delta = xy[b] - xy[a]
        dist = np.sqrt((delta ** 2).sum(axis=1))
        overlap = radius[a] + radius[b] + gap - dist
        hit = overlap > 1e-6
        if not hit.any():
            break
        a, b, delta, dist, overlap = a[hit], b[hit], delta[hit], dist[hit], overlap[hit]
        tiny = dist < 1e-9
        delta[tiny] = np.column_stack([np.cos(a[tiny] + b[tiny]), np.sin(a[tiny] + b[tiny])])
        dist[tiny] = 1.0
        unit = delta / dist[:, None]
        share_b = radius[a] ** 2 / (radius[a] ** 2 + radius[b] ** 2)
        move = np.zeros_like(xy)
        np.add.at(move, a, -unit * (overlap * (1 - share_b))[:, None])
        np.add.at(move, b, unit * (overlap * share_b)[:, None])
        xy += move * 0.6
    return xy


def _cluster_layout(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, codes: np.ndarray, method: str,
                    seed: int, footprint: np.ndarray) -> np.ndarray:
    """Each cluster in its own region: the cluster graph laid out first, members inside.

    The members of a cluster are laid out with their ties inside the cluster (:func:`_layout`,
    so a disc whose area follows their number), the cluster graph (weights: summed ties
    between clusters) is laid out with discs of those radii, overlaps between the discs are
    pushed apart, and each cluster's members are moved into its disc. Organisations without
    any tie go to the strip under the map.
    """
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    tied = np.flatnonzero(degree > 0)
    xy = np.zeros((n, 2))
    if len(tied):
        k = int(codes.max()) + 1
        order = tied[np.argsort(codes[tied], kind="stable")]
        bounds = np.searchsorted(codes[order], np.arange(k + 1))
        local = np.empty(n, dtype=np.int64)
        local[order] = np.arange(len(order)) - bounds[codes[order]]
        inside = codes[src] == codes[dst]
        e_order = np.flatnonzero(inside)[np.argsort(codes[src[inside]], kind="stable")]
        e_bounds = np.searchsorted(codes[src[e_order]], np.arange(k + 1))
        radius = np.zeros(k)
        for c in range(k):
            members = order[bounds[c]: bounds[c + 1]]
            if not len(members):
                continue
            e = e_order[e_bounds[c]: e_bounds[c + 1]]
            pos = _layout(len(members), local[src[e]], local[dst[e]], w[e], method, seed + c, footprint[members], False)
            pos -= (pos.max(axis=0) + pos.min(axis=0)) / 2
            xy[members] = pos
            radius[c] = float(np.sqrt((pos ** 2).sum(axis=1)).max() + footprint[members].max())
        used = np.flatnonzero(radius > 0)
        at = np.full(k, -1, dtype=np.int64)
        at[used] = np.arange(len(used))
        a, b = at[codes[src[~inside]]], at[codes[dst[~inside]]]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if len(lo):
            pairs = pd.DataFrame({"a": lo, "b": hi, "w": w[~inside]}).groupby(["a", "b"], sort=True)["w"].sum()
            ca, cb = pairs.index.get_level_values(0).to_numpy(), pairs.index.get_level_values(1).to_numpy()
            cw = pairs.to_numpy(dtype=float)
        else:
            ca = cb = np.array([], dtype=np.int64)
            cw = np.array([], dtype=float)
        centres = _layout(len(used), ca, cb, cw, "fr" if method in ("auto", "clusters") else method, seed,
                          radius[used], False)
        centres = _separate_discs(centres, radius[used], gap=float(np.median(footprint)))
        xy[tied] += centres[at[codes[tied]]]
    isolated = np.flatnonzero(degree == 0)
    if len(isolated):
        if len(tied):
            xy[isolated] = _strip(xy[tied], footprint[tied], footprint[isolated])
        else:
            xy[isolated] = _strip(np.zeros((1, 2)), np.zeros(1), footprint[isolated])
    return xy - xy.mean(axis=0)


def _separation(xy: np.ndarray, labels: np.ndarray) -> float:
    """Mean distance between members of one cluster over mean distance between members of
    different clusters (all pairs; below 1: clusters are compact and apart)."""
    from scipy.spatial.distance import pdist

    xy = np.asarray(xy, dtype=float)
    labels = np.asarray(labels)
    d = pdist(xy)
    i, j = np.triu_indices(len(xy), k=1)
    same = labels[i] == labels[j]
    if not same.any() or same.all():
        raise HelixDataError("separation needs at least one pair inside a cluster and one pair across clusters.")
    return float(d[same].mean() / d[~same].mean())


def _given_layout(layout: Any, nodes: list[Hashable], what: str) -> np.ndarray:
    if isinstance(layout, pd.DataFrame):
        if not {"x", "y"} <= set(layout.columns):
            raise HelixDataError(f"{what}: a layout DataFrame needs columns 'x' and 'y'; it has {examples(list(layout.columns), 8)}.")
        mapping = {k: (row[0], row[1]) for k, row in zip(layout.index, layout[["x", "y"]].to_numpy())}
    else:
        mapping = dict(layout)
    missing = [n for n in nodes if n not in mapping]
    if missing:
        raise HelixDataError(f"{what}: the layout has no position for {len(missing)} node(s), e.g. {examples(missing)}.")
    xy = xy_positions(mapping, nodes, what)
    if not np.isfinite(xy).all():
        raise HelixDataError(f"{what}: the layout has NaN or infinite positions; give finite x, y per node.")
    # Scale to about 40 px between neighbours on average.
    span = float(np.ptp(xy, axis=0).max()) or 1.0
    return (xy - xy.mean(axis=0)) * (40.0 * math.sqrt(len(nodes)) / span)


_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def _coordinates(G: nx.Graph, nodes: list[Hashable], table: pd.DataFrame | None, what: str) -> np.ndarray:
    """Latitude, longitude per node (NaN where unknown), from ``table`` (indexed by node, with
    ``latitude`` and ``longitude`` columns) or else from the node attributes; checked."""
    if table is not None:
        rows = table.reindex(pd.Index(nodes, dtype=object))
        raw = rows[["latitude", "longitude"]].to_numpy(dtype=object)
    else:
        raw = np.array([[G.nodes[v].get("latitude"), G.nodes[v].get("longitude")] for v in nodes], dtype=object)
    latlon = np.full((len(nodes), 2), np.nan)
    bad = []
    for i, pair in enumerate(raw):
        for k, value in enumerate(pair):
            if _is_missing(value):
                continue
            try:
                latlon[i, k] = float(value)
            except (TypeError, ValueError):
                bad.append(f"{nodes[i]!r}: {value!r}")
    if bad:
        raise HelixDataError(f"{what}: latitude/longitude must be numbers; {len(bad)} are not, e.g. {examples(bad)}.")
    outside = np.flatnonzero((np.abs(latlon[:, 0]) > 90) | (np.abs(latlon[:, 1]) > 180))
    if len(outside):
        raise HelixDataError(
            f"{what}: latitude must be within -90..90 and longitude within -180..180 (degrees); "
            f"{len(outside)} node(s) are not, e.g. {examples([nodes[i] for i in outside])}. Swapped columns?"
        )
    latlon[np.isnan(latlon).any(axis=1)] = np.nan  # half a place is no place
    return latlon


def _geo_layout(latlon: np.ndarray, footprint: np.ndarray, seed: int, what: str) -> tuple[np.ndarray, np.ndarray, Any]:
    """Positions of a geographic map, which nodes have a place, and the projection used
    (a function lat, lon arrays -> x, y positions in the same frame, for the region outlines).

    Equirectangular projection with x scaled by cos(mean latitude) (true shape at the map's
    middle latitude; no tiles, no request), north up, scaled to about 40 px between neighbours
    as for given positions. Organisations at the same coordinates (one city) are spread on a
    sunflower disc around it, largest first, rotated by a random angle from ``seed``; nodes
    without coordinates go to a strip under the map.
    """
    placed = ~np.isnan(latlon).any(axis=1)
    if not placed.any():
        raise HelixDataError(
            f"{what}: layout='geo' needs latitude and longitude for the organisations; none of the "
            f"{len(latlon)} nodes has both. Place them with helixnet.assign_regions (collaboration_graph copies "
            "the columns onto the nodes) or pass layout=DataFrame with latitude and longitude columns."
        )
    lat, lon = latlon[placed, 0], latlon[placed, 1]
    cos_mid = math.cos(math.radians(float(lat.mean())))

    def raw(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        return np.column_stack([np.radians(lon) * cos_mid, -np.radians(lat)])

    xy_placed = raw(lat, lon)
    span = float(np.ptp(xy_placed, axis=0).max()) or 1.0
    scale = 40.0 * math.sqrt(len(latlon)) / span
    xy = np.zeros((len(latlon), 2))
    xy[placed] = xy_placed * scale
    rng = np.random.default_rng(seed)
    where = np.flatnonzero(placed)
    _, group = np.unique(latlon[placed], axis=0, return_inverse=True)
    spacing = 0.9 * float(np.median(footprint))
    for g in np.flatnonzero(np.bincount(group.ravel()) > 1):
        members = where[group.ravel() == g]
        members = members[np.argsort(-footprint[members], kind="stable")]
        j = np.arange(len(members))
        angle = j * _GOLDEN_ANGLE + rng.uniform(0, 2 * math.pi)
        radius = spacing * np.sqrt(j)
        xy[members] += np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    if not placed.all():
        xy[~placed] = _strip(xy[placed], footprint[placed], footprint[~placed])
    shift = xy[placed].mean(axis=0)
    xy -= shift
    return xy, placed, lambda lat, lon: raw(np.asarray(lat), np.asarray(lon)) * scale - shift


@lru_cache(maxsize=1)
def _nl_region_outlines() -> tuple[tuple[str, tuple[np.ndarray, ...]], ...]:
    """The 35 Dutch labour-market regions (CBS 2025, CC BY 4.0; regions_data/SOURCE.md) as
    (name, rings of (lat, lon) rows), read from the bundled GeoJSON."""
    import gzip

    path = resources.files("helixnet") / "regions_data" / "nl_labour_market_regions_2025.geojson.gz"
    with path.open("rb") as handle:
        features = json.loads(gzip.decompress(handle.read()))["features"]
    out = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = tuple(np.asarray(ring, dtype=float)[:, ::-1] for polygon in polygons for ring in polygon)
        out.append((str(feature["properties"]["statnaam"]), rings))
    return tuple(out)


OUTLINES_SOURCE = "Region outlines: CBS labour-market regions 2025 (CC BY 4.0, Bron: CBS)"


def _outline_records(project: Any, placed_latlon: np.ndarray, outlines: bool | None) -> list[dict]:
    """The region outlines projected like the nodes: with ``outlines=True``, or by default when
    most of the placed organisations lie within the outlines' extent (a Dutch map)."""
    regions = _nl_region_outlines()
    if outlines is None:
        rows = np.vstack([ring for _, rings in regions for ring in rings])
        low, high = rows.min(axis=0), rows.max(axis=0)
        inside = ((placed_latlon >= low) & (placed_latlon <= high)).all(axis=1)
        outlines = bool(inside.mean() >= 0.5)
    if not outlines:
        return []
    records = []
    for name, rings in regions:
        paths = [np.round(project(ring[:, 0], ring[:, 1]), 1).ravel().tolist() for ring in rings]
        records.append({"name": name, "rings": paths})
    return records


def _positions(n: int, edges: pd.DataFrame, layout: Any, seed: int, nodes: list[Hashable], what: str,
               footprint: np.ndarray | None = None, cluster_codes: np.ndarray | None = None) -> np.ndarray:
    if isinstance(layout, str):
        if layout not in _LAYOUTS:
            raise HelixDataError(
                f"{what}: layout must be one of {', '.join(map(repr, _LAYOUTS + (('geo',) if what == 'ecosystem_map' else ())))}, "
                f"a mapping node -> (x, y) or a DataFrame with x and y columns; got {layout!r}."
            )
        src = edges["src"].to_numpy(dtype=np.int64)
        dst = edges["dst"].to_numpy(dtype=np.int64)
        keep = src != dst
        weight = edges["weight"].to_numpy(dtype=float)[keep]
        if layout == "clusters" or (layout == "auto" and cluster_codes is not None):
            if cluster_codes is None:
                raise HelixDataError(f"{what}: layout='clusters' needs clusters=...; pass helixnet.clusters(G).")
            room = np.full(n, 20.0) if footprint is None else np.asarray(footprint, dtype=float)
            return _cluster_layout(n, src[keep], dst[keep], weight, cluster_codes, "auto", seed, room)
        return _layout(n, src[keep], dst[keep], weight, layout, seed, footprint)
    if isinstance(layout, (Mapping, pd.DataFrame)):
        return _given_layout(layout, nodes, what)
    raise HelixDataError(f"{what}: layout must be a string, a mapping node -> (x, y) or a DataFrame; got {type(layout).__name__}.")


# --------------------------------------------------------------------------------------------
# Shared page data
# --------------------------------------------------------------------------------------------


def _vis_options(n_nodes: int, n_edges: int, physics: bool, seed: int) -> dict:
    big = n_edges > 20000 or n_nodes > 5000
    return {
        "autoResize": True,
        "physics": {
            "enabled": bool(physics),
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
        },
        "layout": {"improvedLayout": False, "randomSeed": int(seed)},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 1.5, "hoverWidth": 1},
    }


def _pyvis_records(n_nodes: list[dict], n_edges: list[dict], directed: bool) -> tuple[list[dict], list[dict]]:
    """Node and edge records built by pyvis (Network.add_node and pyvis.edge.Edge).

    Edges are appended through pyvis's ``Edge`` record directly: ``Network.add_edge`` checks
    every new edge against all earlier ones (quadratic), and the ties here are already unique.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(directed=directed, cdn_resources="in_line")
    for record in n_nodes:
        record = dict(record)
        node_id = record.pop("id")
        label = record.pop("label")
        shape = record.pop("shape", "dot")
        # pyvis keeps node ids in a list (a linear search per add_node): use its Node record directly.
        net.nodes.append(Node(node_id, shape, label=label, **record).options)
    for record in n_edges:
        record = dict(record)
        net.edges.append(Edge(record.pop("from"), record.pop("to"), directed=False, **record).options)
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _filter_group(name: str, title: str, labels: list[str], codes: np.ndarray, colors: list[str] | None, legend: bool,
                  off: list[int] | None = None) -> dict:
    counts = np.bincount(codes, minlength=len(labels)) if len(codes) else np.zeros(len(labels), int)
    items = [
        {"code": int(k), "label": labels[k], "count": int(counts[k]), "color": colors[k] if colors else None}
        for k in range(len(labels))
        if counts[k] > 0
    ]
    return {"name": name, "title": title, "items": items, "codes": codes.astype(int).tolist(), "legend": legend,
            "off": list(off or [])}


def _categorical(values: list[Any]) -> tuple[list[str], np.ndarray, list[str]]:
    """Labels (largest first), codes, colours (20 distinct, then grey)."""
    series = pd.Series([_text(v) if not _is_missing(v) else "n/a" for v in values], dtype=object)
    counts = series.value_counts(sort=False)
    labels = sorted(counts.index, key=lambda k: (-counts[k], k))
    lookup = {k: i for i, k in enumerate(labels)}
    codes = series.map(lookup).to_numpy(dtype=np.int64)
    colors = [CLUSTER_COLORS[i] if i < len(CLUSTER_COLORS) else OTHER_COLOR for i in range(len(labels))]
    return labels, codes, colors


# --------------------------------------------------------------------------------------------
# ecosystem_map
# --------------------------------------------------------------------------------------------


def ecosystem_map(
    G: nx.Graph,
    path: str | os.PathLike | None = None,
    *,
    color: str = "helix",
    size: str | pd.Series | Mapping[Hashable, float] | None = "degree",
    clusters: pd.Series | pd.DataFrame | Mapping[Hashable, Any] | None = None,
    measures: pd.DataFrame | None = None,
    layout: Literal["auto", "clusters", "fr", "drl", "kk", "circle", "geo"] | Mapping | pd.DataFrame = "auto",
    layer: Literal["collaboration", "supply", "both"] = "both",
    title: str | None = None,
    physics: bool | None = None,
    seed: int = 0,
    height: int = 650,
    renderer: Literal["auto", "canvas", "webgl"] = "auto",
    outlines: bool | None = None,
) -> HelixMap:
    """An interactive map of an ecosystem graph: one self-contained, offline HTML page.

    Each organisation is a node coloured by helix (or cluster, or any node attribute) and sized
    by a measure; the page has a legend, tooltips with the organisation's attributes and
    measures, search by name over all nodes, filters by helix and cluster (check boxes), and a
    click on a node highlights its neighbourhood and lists its details.

    Node radius (px at zoom 1) grows with the square root of the measure, so the disc's area is
    linear in it: ``r = 6 + 24 * sqrt((v - min v) / (max v - min v))``. Tie width likewise
    follows the tie's ``weight`` (or ``volume``, or ``count``; else 1) between 0.5 and 5 px.

    Parameters
    ----------
    G : networkx.Graph, DiGraph or MultiDiGraph
        Nodes with the attributes ``helix`` (missing means "unknown"), ``name`` (the label;
        the node id where missing) and any others (shown in the tooltips). Edges with
        ``weight``/``count``; an ``ecosystem`` graph's edges with ``layer``.
    path : str or path, optional
        Also write the page there.
    color : str
        ``"helix"`` (fixed palette :data:`HELIX_COLORS`), ``"cluster"`` (needs ``clusters``),
        or the name of a categorical node attribute. The 20 largest clusters/categories get
        distinct colours, the others grey.
    size : str, Series or mapping
        ``"degree"`` (default), ``"strength"`` (summed weight), a numeric node attribute, or a
        Series/mapping node -> number (e.g. a column of ``helixnet.centrality(G)``).
    clusters : Series, DataFrame or mapping, optional
        Cluster id per node (a Series, a mapping, or a DataFrame with a ``cluster`` column,
        such as :func:`helixnet.clusters` returns); adds a cluster filter and tooltip line.
        Nodes with a ``region_name`` (else ``nuts2``) attribute get a region filter too.
    measures : DataFrame, optional
        Indexed by node; every column is shown in the tooltips.
    layout : {"auto", "clusters", "fr", "drl", "kk", "circle"}, mapping or DataFrame
        igraph layout per connected component (``"auto"``: Kamada-Kawai up to 100 nodes,
        Fruchterman-Reingold up to 5,000, DrL beyond), components packed in rows, largest
        first, organisations without ties in a dense strip underneath. ``"clusters"`` (the
        ``"auto"`` choice when ``clusters`` is given) lays out the cluster graph first and each
        cluster's members inside its own disc. ``"geo"``: at the nodes' ``latitude`` and
        ``longitude`` attributes (as :func:`helixnet.assign_regions` gives them), projected
        equirectangularly, organisations of one place spread on a small disc (from ``seed``),
        those without coordinates in a strip under the map, hidden at first. Or given positions
        (mapping node -> (x, y), a DataFrame with ``x`` and ``y`` columns, or with ``latitude``
        and ``longitude`` columns for a geographic map).
    layer : {"both", "collaboration", "supply"}
        For an ecosystem with both layers: which ties to draw. Supply ties are drawn as
        arrows supplier -> customer in a different colour. Edges without a ``layer`` attribute
        are "collaboration" in an undirected graph and "supply" in a directed one.
    title : str, optional
        Page title (shown as text).
    physics : bool, optional
        vis-network physics; by default on only up to :data:`PHYSICS_MAX_NODES` nodes.
    seed : int
        Seed of the layout: the same graph and seed give the same positions.
    height : int
        Height in px of the notebook iframe.
    renderer : {"auto", "canvas", "webgl"}
        ``"canvas"``: vis-network on a 2D canvas; ``"webgl"``: sigma.js on WebGL (vendored,
        inlined), fluid with tens of thousands of nodes; ``"auto"``: WebGL from
        :data:`WEBGL_MIN_NODES` nodes or :data:`WEBGL_MIN_TIES` ties.
    outlines : bool, optional
        With ``layout="geo"``: draw the outlines of the 35 Dutch labour-market regions (CBS
        2025, bundled, CC BY 4.0) under the nodes, projected like them. By default they are
        drawn when most of the placed organisations lie within the Netherlands' extent.

    Returns
    -------
    HelixMap
        ``.html``, ``.save(path)``, and ``_repr_html_`` for notebooks.

    Raises
    ------
    HelixDataError
        Not a graph, empty graph, unknown helix labels, clusters missing for some nodes, a size
        measure missing or not numeric for some nodes, an unknown layout/layer/color.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("u1", name="University", helix="knowledge")
    >>> G.add_node("f1", name="Firm <b>&</b> Co", helix="industry")
    >>> G.add_node("g1", name="Province", helix="government")
    >>> G.add_edge("u1", "f1", weight=2.0, count=2)
    >>> G.add_edge("u1", "g1", weight=1.0, count=1)
    >>> m = ecosystem_map(G, title="A tiny ecosystem")
    >>> m.n_nodes, m.n_edges
    (3, 2)
    >>> "Firm <b>" in m.html, "Firm \\\\u003cb\\\\u003e" in m.html
    (False, True)
    >>> m._repr_html_().startswith("<iframe srcdoc=")
    True

    References
    ----------
    .. [1] vis-network, https://visjs.github.io/vis-network/docs/network/
    .. [2] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed placement",
       Software: Practice and Experience 21(11) (1991) 1129-1164.
    """
    what = "ecosystem_map"
    require_graph(G, what, multigraph=True)
    nodes = list(G)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    helix = _node_helices(G, nodes, what)
    size_values, size_name = _size_values(G, nodes, size, what)
    cluster = clusters_by_node(clusters, nodes, what) if clusters is not None else None
    if measures is not None:
        if not isinstance(measures, pd.DataFrame):
            raise HelixDataError(f"{what}: measures must be a DataFrame indexed by node, got {type(measures).__name__}.")
        measures = measures.reindex(pd.Index(nodes, dtype=object))
    if renderer not in _RENDERERS:
        raise HelixDataError(f"{what}: renderer must be one of {', '.join(map(repr, _RENDERERS))}, got {renderer!r}.")
    edges = _edge_table(G, index, layer, what)
    if renderer == "auto":
        renderer = "webgl" if n >= WEBGL_MIN_NODES or len(edges) >= WEBGL_MIN_TIES else "canvas"
    radius = _scale(size_values, 6.0, 30.0)
    cluster_codes = _categorical(cluster.tolist())[1] if cluster is not None else None
    geo_table = layout if isinstance(layout, pd.DataFrame) and {"latitude", "longitude"} <= set(layout.columns) else None
    placed = None
    outline_records: list[dict] = []
    check_scalar(outlines, f"{what}: outlines", bool, allow_none=True, fix="pass True, False or None (automatic)")
    if (isinstance(layout, str) and layout == "geo") or geo_table is not None:
        latlon = _coordinates(G, nodes, geo_table, what)
        xy, placed, project = _geo_layout(latlon, radius + 6.0, seed, what)
        outline_records = _outline_records(project, latlon[placed], outlines)
    elif outlines:
        raise HelixDataError(f"{what}: outlines=True draws region outlines on a geographic map; pass layout='geo' too.")
    else:
        xy = _positions(n, edges, layout, seed, nodes, what, footprint=radius + 6.0, cluster_codes=cluster_codes)
    if physics is None:
        physics = n <= PHYSICS_MAX_NODES and renderer == "canvas"
    tied = np.zeros(n, dtype=bool)
    ends = edges[["src", "dst"]].to_numpy(dtype=np.int64)
    tied[ends[ends[:, 0] != ends[:, 1]].ravel()] = True

    # Colours and filters.
    filters = []
    helix_colors = [HELIX_COLORS[h] for h in HELICES]
    if color == "helix":
        node_color = [helix_colors[k] for k in helix]
        legend = None
    elif color == "cluster":
        if cluster is None:
            raise HelixDataError(f"{what}: color='cluster' needs clusters=...; pass helixnet.clusters(G) or a mapping node -> cluster.")
        labels, codes, colors = _categorical(cluster.tolist())
        node_color = [colors[k] for k in codes]
        legend = None
    elif isinstance(color, str) and any(color in G.nodes[x] for x in nodes):
        labels, codes, colors = _categorical([G.nodes[x].get(color) for x in nodes])
        node_color = [colors[k] for k in codes]
        legend = _filter_group(color, f"Colour: {color}", labels, codes, colors, True)
        legend.pop("codes")
    else:
        raise HelixDataError(f"{what}: color must be 'helix', 'cluster' or a node attribute of the graph; got {color!r}.")
    filters.append(_filter_group("helix", "Helix", list(HELICES), helix, helix_colors, color == "helix"))
    if cluster is not None:
        c_labels, c_codes, c_colors = _categorical(cluster.tolist())
        filters.append(
            _filter_group("cluster", "Cluster", [f"cluster {x}" for x in c_labels], c_codes, c_colors, color == "cluster")
        )
    # Organisations without ties: a strip under the map, hidden at first when it would take
    # more than a third of the map's area or when they are most of the organisations (the
    # check box shows them, with their count).
    isolates_off = False
    if placed is None and (~tied).any() and tied.any():
        def area(points: np.ndarray) -> float:
            return float(np.prod(np.ptp(points, axis=0) + 2 * radius.max()))
        isolates_off = area(xy[~tied]) > area(xy) / 3 or (~tied).sum() > tied.sum()
    filters.append(_filter_group("ties", "Ties", ["with ties", "without ties"], (~tied).astype(np.int64), None, False,
                                 off=[1] if isolates_off else []))
    if placed is not None:  # a geographic map: the organisations without a place start hidden
        filters.append(_filter_group("place", "Place", ["placed", "no coordinates"], (~placed).astype(np.int64), None,
                                     False, off=[1]))
    region_key = next((k for k in ("region_name", "nuts2") if any(not _is_missing(G.nodes[v].get(k)) for v in nodes)), None)
    if region_key is not None:
        labels, codes, _ = _categorical([G.nodes[v].get(region_key) for v in nodes])
        labels = ["no region" if x == "n/a" else x for x in labels]
        filters.append(_filter_group("region", f"Region ({region_key})", labels, codes, None, False))

    # Tooltip rows per node: name, id, helix, cluster, size measure, other attributes, measures.
    info: list[list[list[str]]] = []
    names: list[str] = []
    measure_cols = list(measures.columns) if measures is not None else []
    measure_rows = measures.to_numpy(dtype=object) if measures is not None else None
    for i, node in enumerate(nodes):
        attrs = G.nodes[node]
        name = attrs.get("name")
        name = str(node) if _is_missing(name) or str(name).strip() == "" else str(name)
        names.append(name)
        rows = [["name", name], ["id", str(node)], ["helix", HELICES[helix[i]]]]
        if cluster is not None:
            rows.append(["cluster", _text(cluster.iloc[i])])
        rows.append([size_name, _text(size_values[i])])
        if size_name != "degree":
            rows.append(["degree", str(G.degree(node))])
        for key, value in attrs.items():
            if key in ("name", "helix", size_name) or _is_missing(value) or isinstance(value, (dict, list, tuple, set)):
                continue
            rows.append([str(key), _text(value)])
        if measure_rows is not None:
            for key, value in zip(measure_cols, measure_rows[i]):
                if str(key) != size_name:
                    rows.append([str(key), _text(value)])
        info.append(rows)

    node_records = [
        {"id": i, "label": _label(names[i]), "shape": "dot", "color": node_color[i], "size": round(float(radius[i]), 2),
         "x": round(float(xy[i, 0]), 1), "y": round(float(xy[i, 1]), 1)}
        for i in range(n)
    ]
    width = _scale(np.log1p(edges["weight"].to_numpy(dtype=float)), 0.5, 5.0)
    edge_records = []
    multilayer = edges["layer"].nunique() > 1 if len(edges) else False
    for j, (s, d, lay, directed) in enumerate(zip(edges["src"].tolist(), edges["dst"].tolist(), edges["layer"].tolist(), edges["directed"].tolist())):
        record = {"id": j, "from": s, "to": d, "width": round(float(width[j]), 2)}
        if directed:
            record.update({"arrows": "to", "color": dict(_SUPPLY_EDGE), "dashes": bool(multilayer)})
        else:
            record["color"] = dict(_COLLAB_EDGE)
        edge_records.append(record)
    node_records, edge_records = _pyvis_records(node_records, edge_records, directed=G.is_directed())

    title = title if title is not None else "Ecosystem map"
    layers_drawn = sorted(set(edges["layer"])) if len(edges) else []
    data = {
        "kind": "ecosystem",
        "nodes": node_records,
        "edges": edge_records,
        "edgeInfo": {
            "weight": [_text(x) for x in edges["weight"].tolist()],
            "count": [_text(x) if not _is_missing(x) else "" for x in edges["count"].tolist()],
            "layer": edges["layer"].tolist() if multilayer else [],
        },
        "info": info,
        "names": names,
        "filters": filters,
        "legend": legend,
        "edgeLegend": [{"label": k, "color": (_SUPPLY_EDGE if k == "supply" else _COLLAB_EDGE)["color"], "arrow": k == "supply"} for k in layers_drawn],
        "sizeNote": f"Node size: {size_name} ({_text(size_values.min())} to {_text(size_values.max())})",
        "options": _vis_options(n, len(edge_records), physics, seed),
        "physics": bool(physics),
        "labelOrder": np.lexsort((np.arange(n), -size_values)).tolist(),
        "outlines": outline_records,
        "outlinesNote": OUTLINES_SOURCE if outline_records else "",
        "colorings": ({"helix": [helix_colors[k] for k in helix], "cluster": [c_colors[k] for k in c_codes]}
                      if cluster is not None else None),
        "colorBy": color if cluster is not None and color in ("helix", "cluster") else None,
    }
    subtitle = f"{n:,} organisations, {len(edge_records):,} ties"
    page = _render_page(data, title=title, subtitle=subtitle, renderer=renderer)
    result = HelixMap(page, n_nodes=n, n_edges=len(edge_records), kind="ecosystem", title=title, height=height)
    if path is not None:
        result.save(path)
    logger.info("ecosystem_map: %d nodes, %d edges, %d characters", n, len(edge_records), len(page))
    return result


# --------------------------------------------------------------------------------------------
# overview_map
# --------------------------------------------------------------------------------------------


def _strongest_per_end(a: np.ndarray, b: np.ndarray, w: np.ndarray, per_end: int) -> np.ndarray:
    """Mask of the ties kept when each end keeps its ``per_end`` strongest (ties by index)."""
    keep = np.zeros(len(w), dtype=bool)
    if per_end <= 0 or not len(w):
        return keep
    ends = np.concatenate([a, b])
    tie = np.concatenate([np.arange(len(w)), np.arange(len(w))])
    order = np.lexsort((tie, -np.concatenate([w, w]), ends))
    sorted_ends = ends[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_ends, sorted_ends, side="left")
    keep[tie[order[rank < per_end]]] = True
    return keep


def _members_maps(src: np.ndarray, dst: np.ndarray, w: np.ndarray, c_codes: np.ndarray, cluster_members: list[list[int]],
                  strength: np.ndarray, max_members: int, ties_per_member: int, seed: int) -> dict | None:
    """Each cluster's own map for the overview's drill-down: positions of its strongest
    ``max_members`` members (igraph, as ``ecosystem_map`` lays out a graph) and the ties among
    them, each member keeping its ``ties_per_member`` strongest. Flat arrays indexed by member
    (x, y, radius; null for members not drawn) and the ties grouped by cluster."""
    if max_members <= 0:
        return None
    n = len(c_codes)
    shown = np.zeros(n, dtype=bool)
    for listed in cluster_members:
        shown[listed[:max_members]] = True
    inside = (c_codes[src] == c_codes[dst]) & (src != dst) & shown[src] & shown[dst]
    a, b, tw = src[inside], dst[inside], w[inside]
    keep = _strongest_per_end(a, b, tw, ties_per_member)
    a, b, tw = a[keep], b[keep], tw[keep]
    order = np.lexsort((b, a, c_codes[a]))
    a, b, tw = a[order], b[order], tw[order]
    tie_bounds = np.searchsorted(c_codes[a], np.arange(len(cluster_members) + 1))
    xy = np.full((n, 2), np.nan)
    radius = np.full(n, np.nan)
    for c, members_listed in enumerate(cluster_members):
        members = np.asarray(members_listed[:max_members], dtype=np.int64)
        if len(members) < 2:
            continue
        local = np.full(n, -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        lo, hi = tie_bounds[c], tie_bounds[c + 1]
        r = _scale(strength[members], 4.0, 20.0)
        xy[members] = _layout(len(members), local[a[lo:hi]], local[b[lo:hi]], tw[lo:hi], "auto", seed, r + 6.0)
        radius[members] = r
    width = _scale(np.log1p(tw), 0.5, 4.0)

    def rounded(values: np.ndarray) -> list:
        return [None if math.isnan(v) else round(v, 1) for v in values.tolist()]

    return {"maxMembers": int(max_members), "x": rounded(xy[:, 0]), "y": rounded(xy[:, 1]), "r": rounded(radius),
            "a": a.tolist(), "b": b.tolist(), "width": np.round(width, 2).tolist(), "weight": [_text(x) for x in tw.tolist()],
            "tieBounds": tie_bounds.tolist()}


def overview_map(
    G: nx.Graph,
    clusters: pd.Series | pd.DataFrame | Mapping[Hashable, Any],
    path: str | os.PathLike | None = None,
    *,
    backbone: int = 3,
    drill_members: int = 2000,
    layout: Literal["auto", "fr", "drl", "kk", "circle"] = "auto",
    title: str | None = None,
    seed: int = 0,
    height: int = 650,
) -> HelixMap:
    """An overview map for networks too big to draw node by node: one node per cluster.

    Each cluster is drawn as a pie of its helix mix (knowledge, industry, government, civil,
    unknown in the :data:`HELIX_COLORS`), with area proportional to its number of members
    (``r = 8 + 52 * sqrt((m - min m) / (max m - min m))``), labelled with its strongest member.
    Ties between clusters are the *backbone*: the inter-cluster weight
    ``W(a, b) = sum of w(u, v) over ties u in a, v in b`` is computed for every pair, and each
    cluster keeps its ``backbone`` strongest ties (a tie is drawn if either end keeps it).
    Clicking a cluster lists its members (strongest first, as text) in the side panel; search
    finds an organisation by name among all members and opens its cluster.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (node attributes ``helix``, ``name``; edge ``weight``).
    clusters : Series, DataFrame or mapping
        Cluster id per node (a DataFrame needs a ``cluster`` column, as
        :func:`helixnet.clusters` returns).
    path : str or path, optional
        Also write the page there.
    backbone : int
        Strongest inter-cluster ties kept per cluster (0 draws no ties).
    drill_members : int
        A click on a cluster opens its members' own map in the page (a "back" button returns):
        its ``drill_members`` strongest members, laid out in Python like ``ecosystem_map``,
        with the ties among them (each member's 5 strongest). 0 turns the drill-down off (the
        click then lists the members in the side panel only).
    layout : {"auto", "fr", "drl", "kk", "circle"}
        igraph layout of the cluster graph (weighted by the backbone ties).
    title : str, optional
    seed : int
    height : int
        Height in px of the notebook iframe.

    Returns
    -------
    HelixMap

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> for node, helix in [("a", "knowledge"), ("b", "industry"), ("c", "industry"), ("d", "government")]:
    ...     G.add_node(node, name=node.upper(), helix=helix)
    >>> G.add_edges_from([("a", "b"), ("c", "d"), ("b", "c")])
    >>> m = overview_map(G, {"a": 0, "b": 0, "c": 1, "d": 1})
    >>> m.n_nodes, m.n_edges
    (2, 1)

    References
    ----------
    .. [1] M. Á. Serrano, M. Boguñá and A. Vespignani, "Extracting the multiscale backbone of
       complex weighted networks", PNAS 106(16) (2009) 6483-6488 (the idea; here simply the top-k
       ties per cluster).
    """
    what = "overview_map"
    require_graph(G, what, multigraph=True)
    nodes = list(G)
    n = len(nodes)
    backbone = check_scalar(backbone, f"{what}: backbone (ties kept per cluster)", int, min_val=0)
    drill_members = check_scalar(drill_members, f"{what}: drill_members (members on a cluster's map)", int, min_val=0)
    index = {node: i for i, node in enumerate(nodes)}
    helix = _node_helices(G, nodes, what)
    cluster = clusters_by_node(clusters, nodes, what)
    c_labels, c_codes, _ = _categorical(cluster.tolist())
    k = len(c_labels)
    edges = _edge_table(G, index, "both", what)
    src = edges["src"].to_numpy(dtype=np.int64)
    dst = edges["dst"].to_numpy(dtype=np.int64)
    w = edges["weight"].to_numpy(dtype=float)
    strength = np.bincount(src, weights=w, minlength=n) + np.bincount(dst, weights=w, minlength=n)

    members = np.bincount(c_codes, minlength=k)
    mix_counts = np.zeros((k, len(HELICES)), dtype=np.int64)
    np.add.at(mix_counts, (c_codes, helix), 1)
    mix = mix_counts / members[:, None]

    # Inter-cluster weights and the backbone.
    from scipy.sparse import coo_matrix

    ca, cb = c_codes[src], c_codes[dst]
    between = ca != cb
    lo, hi = np.minimum(ca, cb)[between], np.maximum(ca, cb)[between]
    W = coo_matrix((w[between], (lo, hi)), shape=(k, k)).tocsr()
    W.sum_duplicates()
    ties_n = coo_matrix((np.ones(int(between.sum())), (lo, hi)), shape=(k, k)).tocsr()
    Wc = W.tocoo()
    pa, pb, pw = Wc.row.astype(np.int64), Wc.col.astype(np.int64), Wc.data
    keep = _strongest_per_end(pa, pb, pw, backbone)
    pa, pb, pw = pa[keep], pb[keep], pw[keep]
    counts = np.asarray(ties_n[pa, pb]).ravel() if len(pa) else np.array([])
    internal = np.bincount(ca[~between], minlength=k)

    backbone_edges = pd.DataFrame({"src": pa, "dst": pb, "weight": pw})
    radius = _scale(members.astype(float), 8.0, 60.0)
    xy = _positions(k, backbone_edges, layout, seed, list(range(k)), what, footprint=radius * 1.6 + 10.0)

    # Members, strongest first within each cluster.
    names = []
    for node in nodes:
        name = G.nodes[node].get("name")
        names.append(str(node) if _is_missing(name) or str(name).strip() == "" else str(name))
    member_order = np.lexsort((np.arange(n), -strength, c_codes))
    bounds = np.searchsorted(c_codes[member_order], np.arange(k + 1))
    cluster_members = [member_order[bounds[c]: bounds[c + 1]].tolist() for c in range(k)]

    info = []
    node_records = []
    for c in range(k):
        top = cluster_members[c][0]
        label = _label(names[top], 28) + (f" +{members[c] - 1}" if members[c] > 1 else "")
        rows = [["cluster", c_labels[c]], ["members", str(int(members[c]))]]
        for h, name in enumerate(HELICES):
            if mix_counts[c, h]:
                rows.append([name, f"{mix_counts[c, h]} ({100 * mix[c, h]:.0f}%)"])
        rows.append(["ties inside", str(int(internal[c]))])
        rows.append(["strongest member", names[top]])
        info.append(rows)
        node_records.append({"id": c, "label": label, "shape": "custom", "size": round(float(radius[c]), 2),
                             "x": round(float(xy[c, 0]), 1), "y": round(float(xy[c, 1]), 1)})
    width = _scale(np.log1p(pw), 1.0, 10.0)
    edge_records = [
        {"id": j, "from": int(a), "to": int(b), "width": round(float(width[j]), 2), "color": dict(_COLLAB_EDGE)}
        for j, (a, b) in enumerate(zip(pa.tolist(), pb.tolist()))
    ]
    node_records, edge_records = _pyvis_records(node_records, edge_records, directed=False)
    dominant = mix_counts.argmax(axis=1)
    helix_colors = [HELIX_COLORS[h] for h in HELICES]
    filters = [_filter_group("helix", "Largest helix in cluster", list(HELICES), dominant, helix_colors, True)]
    title = title if title is not None else "Ecosystem overview"
    data = {
        "kind": "overview",
        "nodes": node_records,
        "edges": edge_records,
        "edgeInfo": {"weight": [_text(x) for x in pw.tolist()], "count": [_text(x) for x in counts.tolist()], "layer": []},
        "info": info,
        "mix": np.round(mix, 4).tolist(),
        "mixColors": helix_colors,
        "helices": list(HELICES),
        "members": {
            "names": names,
            "helix": helix.tolist(),
            "cluster": c_codes.tolist(),
            "byCluster": cluster_members,
        },
        "names": [" / ".join([c_labels[c], _label(names[cluster_members[c][0]], 40)]) for c in range(k)],
        "filters": filters,
        "legend": None,
        "edgeLegend": [{"label": f"backbone: {backbone} strongest ties per cluster", "color": _COLLAB_EDGE["color"], "arrow": False}] if len(pw) else [],
        "sizeNote": f"Node size: members ({int(members.min())} to {int(members.max())}); pie: helix mix",
        "options": _vis_options(k, len(edge_records), False, seed),
        "physics": False,
        "labelOrder": np.lexsort((np.arange(k), -members)).tolist(),
        "drill": _members_maps(src, dst, w, c_codes, cluster_members, strength, drill_members, 5, seed),
        "drillOptions": _vis_options(min(n, drill_members), 0, False, seed),
    }
    subtitle = f"{k:,} clusters of {n:,} organisations, {len(edge_records):,} backbone ties ({len(edges):,} ties in all)"
    page = _render_page(data, title=title, subtitle=subtitle)
    result = HelixMap(page, n_nodes=k, n_edges=len(edge_records), kind="overview", title=title, height=height)
    if path is not None:
        result.save(path)
    logger.info("overview_map: %d clusters, %d backbone ties, %d characters", k, len(edge_records), len(page))
    return result
