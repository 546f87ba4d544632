"""Node centralities, structural holes and the backbone of a weighted graph.

The work runs on igraph (built from integer edge arrays, never ``igraph.Graph.from_networkx``)
or on scipy sparse matrices, and the results come back as DataFrames indexed by the networkx
node ids, so they join with the organisations table and with each other.

The private helpers :func:`to_igraph`, :func:`to_sparse` and :func:`masked_product` are
shared with :mod:`helixnet.clusters` and :mod:`helixnet.brokerage`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from tqdm.auto import tqdm

from . import _validate as v
from ._graph import edge_arrays, masked_product, require_graph, to_igraph, to_sparse
from .errors import HelixDataError

if TYPE_CHECKING:
    import igraph as ig

__all__ = [
    "centrality",
    "structural_holes",
    "backbone",
    "CENTRALITY_MEASURES",
    "BETWEENNESS_EXACT_MAX_NODES",
    "BETWEENNESS_DEFAULT_SAMPLES",
]

logger = logging.getLogger("helixnet")

CENTRALITY_MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "kcore",
)
#: Betweenness is exact on graphs with at most this many nodes, pivot-sampled above it.
BETWEENNESS_EXACT_MAX_NODES = 5000
#: The number of pivots (source nodes) sampled when betweenness is estimated.
BETWEENNESS_DEFAULT_SAMPLES = 500

# Above this many (sources x edges), betweenness runs in chunks of sources with a progress bar.
_CHUNKED_WORK = 5e8
# Sampled closeness: nodes with fewer pivots than this in their component are computed exactly.
_MIN_CLOSENESS_PIVOTS = 20


# --------------------------------------------------------------------------------------------
# centrality
# --------------------------------------------------------------------------------------------


def _check_measures(measures: str | Iterable[str] | None) -> list[str]:
    if measures is None:
        return list(CENTRALITY_MEASURES)
    if isinstance(measures, str):
        measures = [measures]
    measures = list(measures)
    unknown = [m for m in measures if m not in CENTRALITY_MEASURES]
    if unknown or not measures:
        raise HelixDataError(
            f"measures: unknown centrality measure(s) {v.examples(unknown)}; choose from "
            f"{', '.join(CENTRALITY_MEASURES)}."
        )
    return measures


def _pivots(n: int, samples: int | None, seed: int | None) -> np.ndarray | None:
    """The sorted pivots, or None for exact computation."""
    if samples is None:
        samples = BETWEENNESS_DEFAULT_SAMPLES if n > BETWEENNESS_EXACT_MAX_NODES else None
    if samples is None or samples >= n:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))


def _betweenness(
    g: ig.Graph,
    pivots: np.ndarray | None,
    distance: str | None,
    progress: bool,
) -> tuple[np.ndarray, int | None]:
    """Normalised betweenness and the number of pivots (None when exact)."""
    n = g.vcount()
    directed = g.is_directed()
    samples = None if pivots is None else len(pivots)
    weights = "distance" if distance is not None else None
    sources = np.arange(n) if pivots is None else pivots
    chunked = progress and len(sources) * max(g.ecount(), 1) > _CHUNKED_WORK
    if samples is None and not chunked:
        raw = np.asarray(g.betweenness(directed=directed, weights=weights), dtype=float)
    elif not chunked:
        raw = np.asarray(
            g.betweenness(directed=directed, weights=weights, sources=sources.tolist()), dtype=float
        )
    else:
        raw = np.zeros(n)
        for part in tqdm(np.array_split(sources, 20), desc="betweenness", unit="chunk", disable=not progress):
            if len(part):
                raw += g.betweenness(directed=directed, weights=weights, sources=part.tolist())
    if samples is not None:
        raw *= n / samples
    # igraph halves undirected counts (each pair once); normalise as networkx does.
    scale = (1.0 if directed else 2.0) / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return raw * scale, samples


def _closeness(g: ig.Graph, distance: str | None, pivots: np.ndarray | None = None, progress: bool = False) -> np.ndarray:
    """Closeness with the Wasserman-Faust correction for disconnected graphs (networkx's).

    With ``pivots`` (undirected graphs only) the sum of distances to each node is estimated
    from the pivots in its component (Eppstein & Wang 2004); nodes of components with fewer
    than ``_MIN_CLOSENESS_PIVOTS`` pivots get exact values.
    """
    n = g.vcount()
    weights = "distance" if distance is not None else None
    mode = "in" if g.is_directed() else "all"
    if g.is_directed():
        reach = np.asarray(g.neighborhood_size(order=n, mode="in"), dtype=float)
    else:
        membership = np.asarray(g.connected_components().membership)
        reach = np.bincount(membership)[membership].astype(float)
    if pivots is None or g.is_directed():
        raw = np.asarray(g.closeness(mode=mode, weights=weights, normalized=True), dtype=float)
    else:
        total = np.zeros(n)
        count = np.zeros(n)
        chunks = np.array_split(pivots, max(1, len(pivots) // 50))
        quiet = not progress or len(pivots) * max(g.ecount(), 1) < _CHUNKED_WORK
        for part in tqdm(chunks, desc="closeness", unit="chunk", disable=quiet):
            if not len(part):
                continue
            dist = np.asarray(g.distances(source=part.tolist(), weights=weights), dtype=float)
            finite = np.isfinite(dist)
            finite[np.arange(len(part)), part] = False  # a pivot's distance to itself
            total += np.where(finite, dist, 0.0).sum(axis=0)
            count += finite.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            estimated_sum = total * (reach - 1) / count
            raw = (reach - 1) / estimated_sum
        # too few pivots in the component for a stable estimate (unless they are all of it):
        # small components are cheap to do exactly
        exact = np.flatnonzero((count < np.minimum(_MIN_CLOSENESS_PIVOTS, reach - 1)) & (reach > 1))
        if len(exact):
            raw[exact] = g.closeness(vertices=exact.tolist(), mode=mode, weights=weights, normalized=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = raw * (reach - 1) / (n - 1) if n > 1 else np.zeros(n)
    return np.nan_to_num(out, nan=0.0)


def centrality(
    G: nx.Graph,
    measures: str | Iterable[str] | None = None,
    *,
    weight: str | None = "weight",
    distance: str | None = None,
    betweenness_samples: int | None = None,
    seed: int | None = None,
    progress: bool = True,
    backend: str | None = None,
) -> pd.DataFrame:
    r"""Degree, strength, betweenness, closeness, eigenvector, PageRank and k-core per node.

    All measures run on an igraph copy of ``G`` built from integer edge arrays; the values
    equal networkx's (same normalisations) so they can be compared directly:

    - ``degree``: number of neighbours :math:`k_i` (in + out for a directed graph);
    - ``strength``: :math:`s_i = \sum_j w_{ij}`, the summed tie weight;
    - ``betweenness``: :math:`b_v = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`,
      normalised by :math:`(n-1)(n-2)/2` (undirected) or :math:`(n-1)(n-2)` (directed), on
      shortest paths counted in hops (or in the edge attribute ``distance``). Exact when
      :math:`n \le` ``BETWEENNESS_EXACT_MAX_NODES`` (5,000); above, it is estimated from
      ``betweenness_samples`` pivots (default ``BETWEENNESS_DEFAULT_SAMPLES`` = 500) drawn
      uniformly without replacement, :math:`\hat b_v = \frac{n}{k} \sum_{s \in S}
      \delta_{s\bullet}(v)` with the single-source dependencies :math:`\delta` of Brandes
      (Brandes & Pich 2007). Pass ``betweenness_samples >= n`` for exact values on any graph.
      The number of pivots used (``None`` when exact) is in ``result.attrs["betweenness_samples"]``.
    - ``closeness``: :math:`c_v = \frac{r-1}{n-1} \cdot \frac{r-1}{\sum_u d(u, v)}` over the
      :math:`r` nodes that reach :math:`v` (Wasserman & Faust's correction, as networkx);
      incoming distances on a directed graph; 0 for an isolated node. Exact in the same cases
      as betweenness; above the limit, on an undirected graph, the distance sum is estimated
      from the same pivots, :math:`\widehat{\sum_u d(u,v)} = \frac{r-1}{k_v}
      \sum_{s \in S_v} d(s, v)` with :math:`S_v` the :math:`k_v` pivots in the component of
      :math:`v` (Eppstein & Wang 2004); nodes whose component holds fewer than 20 pivots get
      exact values.
      ``result.attrs["closeness_samples"]`` states the pivots (``None`` when exact); directed
      graphs always get exact closeness;
    - ``eigenvector``: the leading eigenvector of the weighted adjacency matrix (in-edges for a
      directed graph), scaled to unit Euclidean norm as networkx does. On a disconnected
      graph the vector concentrates on the component with the largest eigenvalue (nodes
      elsewhere get ~0), as in networkx; compute it per component if that matters;
    - ``pagerank``: PageRank with damping 0.85 on the weights (an undirected tie counts both
      ways);
    - ``kcore``: the core number, the largest :math:`k` such that the node is in a subgraph where
      every node has degree at least :math:`k` (unweighted).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The network; node ids become the index of the result.
    measures : str or list of str, optional
        Which columns to compute, from ``CENTRALITY_MEASURES``; all by default.
    weight : str or None
        Edge attribute with tie strengths, used by strength, eigenvector and PageRank (a missing
        value counts 1). ``None`` treats every tie as 1.
    distance : str or None
        Edge attribute used as path length by betweenness and closeness; ``None`` (default)
        counts hops. (Tie strengths are not lengths: pass e.g. an inverse weight.)
    betweenness_samples : int, optional
        Number of pivots for estimated betweenness (and closeness); ``None`` chooses as above.
    seed : int, optional
        Seed for drawing the pivots.
    progress : bool
        Show a progress bar while a long betweenness computation runs.
    backend : str, optional
        ``None`` (default): helixnet's igraph path. A networkx backend name instead
        (``"networkx"`` for networkx itself, ``"parallel"`` for nx-parallel on CPU cores,
        ``"cugraph"`` for nx-cugraph on GPUs): every measure is computed by networkx's own
        function, dispatched to that backend where the backend implements it and by networkx
        where it does not; ``result.attrs["backend"]`` says which ran each measure. nx-parallel
        implements ``betweenness_centrality`` among these measures; nx-cugraph implements
        betweenness, degree, eigenvector, PageRank and k-core (``core_number``). Sampled
        betweenness passes ``k=betweenness_samples`` and ``seed``. (nx-parallel 0.3, the
        release current when this was written, fails to import its betweenness with
        networkx 3.6; use it with a networkx release it supports.)

    Returns
    -------
    pandas.DataFrame
        Indexed by node, one column per measure.

    Raises
    ------
    HelixDataError
        For a non-graph, a multigraph, an empty graph, unknown measures, bad
        ``betweenness_samples`` or negative/NaN weights.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> table = hx.centrality(G, ["degree", "betweenness", "kcore"])
    >>> table["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    >>> table.loc["b", "degree"]
    np.int64(2)

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality", Journal of Mathematical
       Sociology 25(2) (2001) 163-177.
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks", International Journal
       of Bifurcation and Chaos 17(7) (2007) 2303-2318.
    .. [3] D. Eppstein and J. Wang, "Fast approximation of centrality", Journal of Graph Algorithms
       and Applications 8(1) (2004) 39-45.
    .. [4] S. Wasserman and K. Faust, Social Network Analysis: Methods and Applications, Cambridge
       University Press (1994).
    .. [5] S. Brin and L. Page, "The anatomy of a large-scale hypertextual web search engine",
       Computer Networks and ISDN Systems 30 (1998) 107-117.
    """
    measures = _check_measures(measures)
    require_graph(G)
    betweenness_samples = v.check_scalar(betweenness_samples, "betweenness_samples (number of pivots)", int, min_val=1,
                                         allow_none=True, fix="Pass None for the automatic choice.")
    v.check_seed(seed)
    if backend is not None:
        return _centrality_networkx(G, measures, weight, distance, betweenness_samples, seed, backend)
    g, nodes = to_igraph(G, weight, distance=distance)
    directed = g.is_directed()
    w = "weight" if weight is not None else None
    n = g.vcount()
    columns: dict[str, Any] = {}
    samples_used: int | None = None
    closeness_samples: int | None = None
    pivots = _pivots(n, betweenness_samples, seed)
    for measure in measures:
        if measure == "degree":
            columns[measure] = np.asarray(g.degree(), dtype=np.int64)
        elif measure == "strength":
            columns[measure] = np.asarray(g.strength(weights=w), dtype=float)
        elif measure == "betweenness":
            columns[measure], samples_used = _betweenness(g, pivots, distance, progress)
        elif measure == "closeness":
            columns[measure] = _closeness(g, distance, pivots, progress)
            closeness_samples = None if pivots is None or directed else len(pivots)
        elif measure == "eigenvector":
            if g.ecount() == 0:
                values = np.full(n, 1 / np.sqrt(n))
            else:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    values = np.abs(np.asarray(g.eigenvector_centrality(scale=True, weights=w)))
                for warning in caught:  # igraph warns on disconnected graphs: log it instead
                    logger.info("eigenvector centrality: %s", warning.message)
                norm = np.linalg.norm(values)
                values = values / norm if norm > 0 else values
            columns[measure] = values
        elif measure == "pagerank":
            columns[measure] = np.asarray(g.pagerank(directed=directed, damping=0.85, weights=w), dtype=float)
        elif measure == "kcore":
            columns[measure] = np.asarray(g.coreness(mode="all"), dtype=np.int64)
    table = pd.DataFrame(columns, index=pd.Index(nodes, name="node"))
    if "betweenness" in measures:
        table.attrs["betweenness_samples"] = samples_used
        if samples_used is not None:
            logger.info("betweenness estimated from %d of %d pivots (seed %s)", samples_used, n, seed)
    if "closeness" in measures:
        table.attrs["closeness_samples"] = closeness_samples
        if closeness_samples is not None:
            logger.info("closeness estimated from %d of %d pivots (seed %s)", closeness_samples, n, seed)
    return table


def _centrality_networkx(
    G: nx.Graph, measures: list[str], weight: str | None, distance: str | None, samples: int | None, seed: int | None, backend: str
) -> pd.DataFrame:
    """The measures of :func:`centrality` by networkx's functions, through its backend dispatch."""
    from networkx.utils.backends import backend_info

    installed = sorted(backend_info)
    if backend != "networkx" and backend not in installed:
        raise HelixDataError(
            f"backend={backend!r} is not an installed networkx backend (installed: {', '.join(installed) or 'none'}); "
            "pip install nx-parallel (backend 'parallel') or nx-cugraph (backend 'cugraph'), or use backend=None "
            "for helixnet's igraph path."
        )
    implemented = backend_info.get(backend, {}).get("functions", {})
    used: dict[str, str] = {}

    def run(measure: str, function, *args, **kwargs):
        name = function.__name__
        if name in implemented:
            used[measure] = backend
            return function(*args, backend=backend, **kwargs)
        used[measure] = "networkx"
        return function(*args, **kwargs)

    columns: dict[str, dict] = {}
    for measure in measures:
        if measure == "degree":
            columns[measure] = dict(G.degree())
            used[measure] = "networkx"
        elif measure == "strength":
            columns[measure] = dict(G.degree(weight=weight))
            used[measure] = "networkx"
        elif measure == "betweenness":
            k = samples if samples is not None and samples < G.number_of_nodes() else None
            columns[measure] = run(measure, nx.betweenness_centrality, G, k=k, weight=distance, seed=seed)
        elif measure == "closeness":
            columns[measure] = run(measure, nx.closeness_centrality, G, distance=distance)
        elif measure == "eigenvector":
            columns[measure] = run(measure, nx.eigenvector_centrality_numpy, G, weight=weight)
        elif measure == "pagerank":
            columns[measure] = run(measure, nx.pagerank, G, weight=weight, tol=1e-12, max_iter=10_000)
        elif measure == "kcore":
            columns[measure] = run(measure, nx.core_number, nx.Graph(G) if G.is_directed() else G)
    table = pd.DataFrame(columns).reindex(list(G.nodes))
    table.index.name = "node"
    table.attrs["backend"] = used
    return table


# --------------------------------------------------------------------------------------------
# structural holes
# --------------------------------------------------------------------------------------------


def structural_holes(G: nx.Graph, weight: str | None = None) -> pd.DataFrame:
    r"""Burt's effective size, efficiency and constraint per node, on sparse matrices.

    With the mutual tie weight :math:`a_{ij} = w_{ij} + w_{ji}` (each present tie counts 1 when
    ``weight`` is None), the proportional tie strength :math:`p_{ij} = a_{ij} / \sum_k a_{ik}`
    and the tie strength relative to the strongest :math:`m_{ij} = a_{ij} / \max_k a_{ik}`:

    .. math::

        \text{effective size}_i = \sum_{j \in N(i)} \Big(1 - \sum_{q \ne i, j} p_{iq} m_{jq}\Big),
        \qquad
        \text{constraint}_i = \sum_{j \in N(i)} \Big(p_{ij} + \sum_{q \ne i, j} p_{iq} p_{qj}\Big)^2,

    and efficiency is effective size over the number of neighbours :math:`|N(i)|`. The inner
    sums are the entries of :math:`PM^T` and :math:`PP` on the ties of the graph, computed in
    row blocks so no dense or full product matrix is formed. The values equal networkx's
    ``effective_size`` and ``constraint``; an isolated node gets NaN. Self-loops are ignored.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    weight : str or None
        Edge attribute with tie strengths; None (default) counts each tie 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``effective_size``, ``efficiency``, ``constraint``.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> table = hx.structural_holes(nx.star_graph(3))
    >>> table.loc[0].round(3).tolist()
    [3.0, 1.0, 0.333]

    References
    ----------
    .. [1] R. S. Burt, Structural Holes: The Social Structure of Competition, Harvard University
       Press (1992).
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures", Connections
       20(1) (1997) 35-38.
    """
    require_graph(G)
    adjacency, nodes = to_sparse(G, weight, symmetric=False)
    mutual = sp.csr_matrix(adjacency + adjacency.T)
    mutual.eliminate_zeros()
    row_sum = np.asarray(mutual.sum(axis=1)).ravel()
    row_max = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        P = sp.csr_matrix(sp.diags(np.where(row_sum > 0, 1 / row_sum, 0.0)) @ mutual)
        M = sp.csr_matrix(sp.diags(np.where(row_max > 0, 1 / row_max, 0.0)) @ mutual)
    degree = np.diff(mutual.indptr).astype(float)
    redundancy = masked_product(P, sp.csr_matrix(M.T), P)
    effective = degree - np.asarray(redundancy.sum(axis=1)).ravel()
    indirect = masked_product(P, P, P)
    total = sp.csr_matrix(P + indirect)
    total.data **= 2
    constraint = np.asarray(total.sum(axis=1)).ravel()
    isolated = degree == 0
    effective[isolated] = np.nan
    constraint[isolated] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        efficiency = effective / degree
    return pd.DataFrame(
        {"effective_size": effective, "efficiency": efficiency, "constraint": constraint},
        index=pd.Index(nodes, name="node"),
    )


# --------------------------------------------------------------------------------------------
# backbone
# --------------------------------------------------------------------------------------------


def backbone(G: nx.Graph, alpha: float = 0.05, *, weight: str = "weight", keep_isolates: bool = False) -> nx.Graph:
    r"""The disparity-filter backbone: the ties that are significant for at least one end.

    For a node :math:`i` with :math:`k_i` ties and strength :math:`s_i`, the null model spreads
    :math:`s_i` uniformly at random over its ties; the probability that a tie carries a share
    at least :math:`p_{ij} = w_{ij}/s_i` is

    .. math:: \alpha_{ij} = (1 - p_{ij})^{k_i - 1}.

    A tie is kept when :math:`\alpha_{ij} < \alpha` for either end (for a directed graph: the
    out-ties of :math:`i` or the in-ties of :math:`j`). A node with a single tie cannot judge
    it (:math:`\alpha = 1`), so such a tie stays only if its other end finds it significant.
    Kept edges carry their attributes plus ``alpha``, the smaller of the two p-values.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        A weighted graph.
    alpha : float
        Significance level, in (0, 1].
    weight : str
        Edge attribute with the tie weights (a missing value counts 1).
    keep_isolates : bool
        Keep the nodes that lose all their ties (default: drop them).

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Same type as ``G``, with node attributes copied.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("hub", f"n{i}", 1.0) for i in range(9)] + [("hub", "big", 50.0)])
    >>> sorted(hx.backbone(G, alpha=0.05).edges())
    [('hub', 'big')]

    References
    ----------
    .. [1] M. A. Serrano, M. Boguñá and A. Vespignani, "Extracting the multiscale backbone of
       complex weighted networks", PNAS 106(16) (2009) 6483-6488.
    """
    require_graph(G)
    alpha = v.check_scalar(alpha, "alpha", float, min_val=0, max_val=1, include_boundaries="right")
    nodes, src, dst, (w,) = edge_arrays(G, [weight])
    n = len(nodes)
    loops = src == dst
    if G.is_directed():
        s_out = np.bincount(src[~loops], weights=w[~loops], minlength=n)
        s_in = np.bincount(dst[~loops], weights=w[~loops], minlength=n)
        k_out = np.bincount(src[~loops], minlength=n)
        k_in = np.bincount(dst[~loops], minlength=n)
        a_src = _disparity(w, s_out[src], k_out[src])
        a_dst = _disparity(w, s_in[dst], k_in[dst])
    else:
        s = np.bincount(src[~loops], weights=w[~loops], minlength=n) + np.bincount(dst[~loops], weights=w[~loops], minlength=n)
        k = np.bincount(src[~loops], minlength=n) + np.bincount(dst[~loops], minlength=n)
        a_src = _disparity(w, s[src], k[src])
        a_dst = _disparity(w, s[dst], k[dst])
    p_value = np.minimum(a_src, a_dst)
    p_value[loops] = 1.0
    keep = p_value < alpha
    H = G.__class__()
    H.graph.update(G.graph)
    H.graph["backbone_alpha"] = alpha
    if keep_isolates:
        H.add_nodes_from(G.nodes(data=True))
    for i in np.flatnonzero(keep):
        a, b = nodes[src[i]], nodes[dst[i]]
        for node in (a, b):
            if node not in H:
                H.add_node(node, **G.nodes[node])
        H.add_edge(a, b, **G[a][b], alpha=float(p_value[i]))
    logger.info("backbone kept %d of %d ties at alpha=%g", int(keep.sum()), len(src), alpha)
    return H


def _disparity(w: np.ndarray, strength: np.ndarray, degree: np.ndarray) -> np.ndarray:
    """:math:`(1 - w/s)^{k-1}`, 1 where k <= 1 or s == 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(strength > 0, w / strength, 0.0)
        out = np.power(np.clip(1.0 - share, 0.0, 1.0), np.maximum(degree - 1, 0).astype(float))
    out[(degree <= 1) | (strength <= 0)] = 1.0
    return out
