"""Clusters (communities) and the centralities of and within them.

:func:`clusters` finds communities with Leiden or Louvain on igraph; the other functions take
its result (node -> cluster id) and work on sparse matrices, never a dense N x N matrix.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Hashable
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _validate as v
from ._graph import clusters_by_node, require_graph, to_igraph, to_sparse
from ._validate import HELICES
from .errors import HelixDataError

__all__ = ["clusters", "cluster_roles", "cluster_profile", "cluster_graph", "CLUSTER_ROLES"]

logger = logging.getLogger("helixnet")

#: Guimerà & Amaral's roles: code -> name.
CLUSTER_ROLES: dict[str, str] = {
    "R1": "ultra-peripheral",
    "R2": "peripheral",
    "R3": "non-hub connector",
    "R4": "non-hub kinless",
    "R5": "provincial hub",
    "R6": "connector hub",
    "R7": "kinless hub",
}


def clusters(
    G: nx.Graph,
    method: Literal["leiden", "louvain"] = "leiden",
    resolution: float = 1.0,
    seed: int | None = None,
    *,
    weight: str | None = "weight",
) -> pd.Series:
    r"""Communities of ``G`` that maximise modularity, numbered by decreasing size.

    Both methods maximise the (weighted) modularity with resolution :math:`\gamma`:

    .. math:: Q = \frac{1}{2m} \sum_{ij} \Big(A_{ij} - \gamma \frac{k_i k_j}{2m}\Big) \delta(c_i, c_j),

    ``"leiden"`` with igraph's ``community_leiden(objective_function="modularity")``, iterated
    until the partition no longer changes; ``"louvain"`` with igraph's
    ``community_multilevel``. A directed graph is clustered as undirected (the weights of
    reciprocal ties add up). Cluster 0 is the largest; equal sizes are ordered by their first
    node in ``G``'s node order. The same ``seed`` gives the same result (igraph's random
    generator is seeded for the call and restored afterwards).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    method : {"leiden", "louvain"}
    resolution : float
        :math:`\gamma > 0`; larger gives more, smaller clusters.
    seed : int, optional
        Seed of the random node orders.
    weight : str or None
        Edge attribute with tie strengths; None counts each tie 1.

    Returns
    -------
    pandas.Series
        Named ``"cluster"``, indexed by node, integer ids; ``attrs`` has ``modularity``,
        ``method``, ``resolution``, ``seed`` and ``sizes``.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.union(nx.complete_graph(4), nx.complete_graph(range(4, 7)))
    >>> G.add_edge(0, 4)
    >>> found = hx.clusters(G, seed=1)
    >>> found.tolist()
    [0, 0, 0, 0, 1, 1, 1]
    >>> round(found.attrs["modularity"], 3)
    0.355

    References
    ----------
    .. [1] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden: guaranteeing
       well-connected communities", Scientific Reports 9 (2019) 5233.
    .. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
       communities in large networks", Journal of Statistical Mechanics (2008) P10008.
    .. [3] M. E. J. Newman, "Modularity and community structure in networks", PNAS 103(23) (2006)
       8577-8582.
    """
    require_graph(G)
    if method not in ("leiden", "louvain"):
        raise HelixDataError(f"method must be 'leiden' or 'louvain', got {method!r}.")
    v.check_scalar(resolution, "resolution", float, min_val=0, max_val=np.inf, include_boundaries="neither")
    v.check_seed(seed)
    g, nodes = to_igraph(G, weight)
    if g.is_directed():
        g.to_undirected(mode="collapse", combine_edges={"weight": "sum"} if weight is not None else None)
        logger.info("clusters: directed graph clustered as undirected")
    w = "weight" if weight is not None else None
    import igraph as ig  # imported where used (see helixnet.network.to_igraph)

    previous = random
    ig.set_random_number_generator(random.Random(seed))
    try:
        if method == "leiden":
            part = g.community_leiden(objective_function="modularity", weights=w, resolution=resolution, n_iterations=-1)
        else:
            part = g.community_multilevel(weights=w, resolution=resolution)
    finally:
        ig.set_random_number_generator(previous)
    membership = np.asarray(part.membership, dtype=np.int64)
    membership = _renumber(membership)
    modularity = float(g.modularity(membership.tolist(), weights=w, resolution=resolution)) if g.ecount() else 0.0
    result = pd.Series(membership, index=pd.Index(nodes, name="node"), name="cluster")
    result.attrs.update(
        modularity=modularity,
        method=method,
        resolution=resolution,
        seed=seed,
        sizes=np.bincount(membership).tolist(),
    )
    logger.info("%s: %d clusters, modularity %.4f", method, membership.max() + 1, modularity)
    return result


def _renumber(membership: np.ndarray) -> np.ndarray:
    """Cluster ids by decreasing size, ties by first appearance."""
    sizes = np.bincount(membership)
    first = np.full(len(sizes), len(membership))
    np.minimum.at(first, membership, np.arange(len(membership)))
    order = np.lexsort((first, -sizes))
    order = order[sizes[order] > 0]
    new = np.empty(len(sizes), dtype=np.int64)
    new[order] = np.arange(len(order))
    return new[membership]


def _membership(G: nx.Graph, found: Any, nodes: list[Hashable]) -> tuple[np.ndarray, list[Hashable]]:
    """Codes 0..c-1 per node (``nodes`` order) and the cluster labels."""
    aligned = clusters_by_node(found, nodes)
    try:
        codes, labels = pd.factorize(aligned, sort=True)
    except TypeError:
        codes, labels = pd.factorize(aligned)
    return codes.astype(np.int64), list(labels)


def cluster_roles(G: nx.Graph, clusters: pd.Series, *, weight: str | None = None) -> pd.DataFrame:
    r"""Within-cluster degree z-score, participation coefficient and Guimerà-Amaral role.

    With :math:`k_{is}` the ties of node :math:`i` into cluster :math:`s` (weights summed if
    ``weight``), :math:`k_i = \sum_s k_{is}` and :math:`s_i` the cluster of :math:`i`:

    .. math::

        z_i = \frac{k_{i s_i} - \bar k_{s_i}}{\sigma_{s_i}}, \qquad
        P_i = 1 - \sum_s \Big(\frac{k_{is}}{k_i}\Big)^2,

    where :math:`\bar k_s` and :math:`\sigma_s` are the mean and (population) standard deviation
    of :math:`k_{j s}` over the members :math:`j` of :math:`s` (z = 0 where
    :math:`\sigma_s = 0`; P = 0 for an isolated node). Roles: hubs have :math:`z \ge 2.5`;
    non-hubs are R1 ultra-peripheral (:math:`P \le 0.05`), R2 peripheral
    (:math:`0.05 < P \le 0.62`), R3 non-hub connector (:math:`0.62 < P \le 0.80`), R4 non-hub
    kinless (:math:`P > 0.80`); hubs are R5 provincial (:math:`P \le 0.30`), R6 connector
    (:math:`0.30 < P \le 0.75`), R7 kinless (:math:`P > 0.75`).

    :math:`k_{is}` is the sparse product :math:`AH` (adjacency times the node x cluster
    indicator), so memory grows with the ties, not with :math:`N^2`. A directed graph is read
    as undirected (a tie in either direction; reciprocal arcs count once, or with their weights
    added when ``weight`` is given). Self-loops are ignored.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    clusters : pandas.Series
        Node -> cluster, e.g. from :func:`clusters`; every node of ``G`` needs one.
    weight : str or None
        Edge attribute to weigh the ties; None (default, as in the paper) counts them.

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``cluster``, ``degree`` (:math:`k_i`), ``within_degree``
        (:math:`k_{is_i}`), ``z``, ``participation``, ``role`` (R1-R7), ``role_name``.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.star_graph(20)
    >>> G.add_edge(20, 21); G.add_edge(21, 22)
    >>> parts = {n: 0 for n in range(20)} | {20: 1, 21: 1, 22: 1}
    >>> roles = hx.cluster_roles(G, parts)
    >>> round(float(roles.loc[0, "z"]), 3), roles.loc[0, "role"]
    (4.359, 'R5')

    References
    ----------
    .. [1] R. Guimerà and L. A. N. Amaral, "Functional cartography of complex metabolic networks",
       Nature 433 (2005) 895-900.
    """
    require_graph(G)
    A, nodes = to_sparse(G, weight, symmetric=True)
    if weight is None:
        A.data[:] = 1.0  # reciprocal arcs of a directed graph are one tie
    code, labels = _membership(G, clusters, nodes)
    n, c = len(nodes), len(labels)
    H = sp.csr_matrix((np.ones(n), (np.arange(n), code)), shape=(n, c))
    K = sp.csr_matrix(A @ H)
    degree = np.asarray(K.sum(axis=1)).ravel()
    within = np.asarray(K[np.arange(n), code]).ravel()
    squares = K.copy()
    squares.data **= 2
    with np.errstate(divide="ignore", invalid="ignore"):
        participation = np.where(degree > 0, 1 - np.asarray(squares.sum(axis=1)).ravel() / degree**2, 0.0)
    count = np.bincount(code, minlength=c)
    mean = np.bincount(code, weights=within, minlength=c) / count
    var = np.bincount(code, weights=within**2, minlength=c) / count - mean**2
    sd = np.sqrt(np.clip(var, 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd[code] > 1e-12, (within - mean[code]) / sd[code], 0.0)
    participation = np.clip(participation, 0.0, 1.0)
    hub = z >= 2.5
    role = np.where(
        hub,
        np.select([participation <= 0.30, participation <= 0.75], ["R5", "R6"], "R7"),
        np.select([participation <= 0.05, participation <= 0.62, participation <= 0.80], ["R1", "R2", "R3"], "R4"),
    )
    weight_kind = float if weight is not None else np.int64
    return pd.DataFrame(
        {
            "cluster": [labels[i] for i in code],
            "degree": degree.astype(weight_kind),
            "within_degree": within.astype(weight_kind),
            "z": z,
            "participation": participation,
            "role": role,
            "role_name": [CLUSTER_ROLES[r] for r in role],
        },
        index=pd.Index(nodes, name="node"),
    )


def _quotient(G: nx.Graph, clusters: pd.Series, weight: str | None) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray, list, list, np.ndarray, sp.csr_matrix]:
    A, nodes = to_sparse(G, weight)
    code, labels = _membership(G, clusters, nodes)
    n, c = len(nodes), len(labels)
    H = sp.csr_matrix((np.ones(n), (np.arange(n), code)), shape=(n, c))
    Q = sp.csr_matrix(H.T @ A @ H)
    B = A.copy()
    B.data[:] = 1.0
    counts = sp.csr_matrix(H.T @ B @ H)
    return A, Q, code, labels, nodes, np.bincount(code, minlength=c), counts


def cluster_profile(
    G: nx.Graph,
    clusters: pd.Series,
    attribute: str = "helix",
    *,
    weight: str | None = "weight",
    top: int = 3,
) -> pd.DataFrame:
    r"""Per cluster: size, helix mix and its entropy, internal and external tie weight, leaders.

    - ``size``; ``<value>`` and ``share_<value>`` for each value of the node ``attribute``
      (helices in the canonical order, then other values sorted);
    - ``entropy``: :math:`H = -\sum_h p_h \log_2 p_h` bits of the mix (0: one helix only);
    - ``internal_weight``: summed weight of the ties inside the cluster (each tie once);
      ``external_weight``: of the ties with exactly one end in it; ``internal_share`` =
      internal / (internal + external);
    - ``leaders``: the ``top`` nodes with the highest within-cluster strength (ties of the node
      inside its cluster), and ``leader_names`` from the node attribute ``name`` if present.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    clusters : pandas.Series
        Node -> cluster, e.g. from :func:`clusters`.
    attribute : str
        Node attribute to profile; every node needs it.
    weight : str or None
        Edge attribute with tie strengths; None counts ties.
    top : int
        How many leading nodes to list.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph([("u", "f"), ("f", "g"), ("g", "h")])
    >>> nx.set_node_attributes(G, {"u": "knowledge", "f": "industry", "g": "government", "h": "government"}, "helix")
    >>> profile = hx.cluster_profile(G, {"u": 0, "f": 0, "g": 1, "h": 1})
    >>> profile[["size", "entropy", "internal_weight", "external_weight"]].values.tolist()
    [[2.0, 1.0, 1.0, 1.0], [2.0, 0.0, 1.0, 1.0]]
    """
    require_graph(G)
    top = v.check_scalar(top, "top", int, min_val=0)
    A, Q, code, labels, nodes, sizes, _ = _quotient(G, clusters, weight)
    c = len(labels)
    values = []
    for u in nodes:
        value = G.nodes[u].get(attribute)
        if value is None or (isinstance(value, float) and np.isnan(value)):
            raise HelixDataError(
                f"node {u!r} has no {attribute!r} attribute; every node needs one "
                "(use 'unknown' for an unknown helix)."
            )
        values.append(value)
    kinds = sorted(set(values), key=lambda x: (HELICES.index(x) if x in HELICES else len(HELICES), str(x)))
    kind_code = np.array([kinds.index(x) for x in values])
    mix = np.zeros((c, len(kinds)))
    np.add.at(mix, (code, kind_code), 1)
    share = mix / sizes[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.nansum(np.where(share > 0, share * np.log2(share), 0.0), axis=1)
    diagonal = Q.diagonal()
    out_sum = np.asarray(Q.sum(axis=1)).ravel()
    in_sum = np.asarray(Q.sum(axis=0)).ravel()
    if G.is_directed():
        internal = diagonal
        external = out_sum + in_sum - 2 * diagonal
    else:
        internal = diagonal / 2
        external = out_sum - diagonal
    table = pd.DataFrame({"size": sizes.astype(float)}, index=pd.Index(labels, name="cluster"))
    for k, kind in enumerate(kinds):
        table[str(kind)] = mix[:, k].astype(np.int64)
    for k, kind in enumerate(kinds):
        table[f"share_{kind}"] = share[:, k]
    table["entropy"] = entropy + 0.0
    table["internal_weight"] = internal
    table["external_weight"] = external
    with np.errstate(divide="ignore", invalid="ignore"):
        table["internal_share"] = np.where(internal + external > 0, internal / (internal + external), np.nan)
    # within-cluster strength: sum of A[i, j] over j in the same cluster (both directions if directed)
    coo = sp.coo_matrix(A)
    inside = code[coo.row] == code[coo.col]
    strength = np.bincount(coo.row[inside], weights=coo.data[inside], minlength=len(nodes))
    if G.is_directed():
        strength += np.bincount(coo.col[inside], weights=coo.data[inside], minlength=len(nodes))
    order = np.lexsort((np.arange(len(nodes)), -strength, code))
    leaders: list[list] = [[] for _ in range(c)]
    for i in order:
        if len(leaders[code[i]]) < top:
            leaders[code[i]].append(nodes[i])
    table["leaders"] = leaders
    if any("name" in G.nodes[u] for u in nodes):
        table["leader_names"] = [[G.nodes[u].get("name", u) for u in group] for group in leaders]
    return table


def cluster_graph(G: nx.Graph, clusters: pd.Series, *, weight: str | None = "weight") -> nx.Graph:
    r"""The quotient graph: one node per cluster, ties between clusters with summed weights.

    The tie between clusters :math:`a \ne b` has ``weight`` :math:`W_{ab} = (H^T A H)_{ab}`
    (the summed weight of the ties between their members) and ``count``, the number of those
    ties. Nodes carry ``size`` and ``internal_weight``. Directed in, directed out. Rank the
    clusters with e.g. :func:`helixnet.centrality` on the result.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    clusters : pandas.Series
        Node -> cluster, e.g. from :func:`clusters`.
    weight : str or None
        Edge attribute to sum; None counts ties (then ``weight`` equals ``count``).

    Returns
    -------
    networkx.Graph or networkx.DiGraph

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> Q = hx.cluster_graph(G, {"a": 0, "b": 0, "c": 1, "d": 1}, weight=None)
    >>> list(Q.edges(data=True))
    [(0, 1, {'weight': 2.0, 'count': 2})]
    """
    require_graph(G)
    _, Q, _, labels, _, sizes, counts = _quotient(G, clusters, weight)
    directed = G.is_directed()
    out = nx.DiGraph() if directed else nx.Graph()
    diagonal = Q.diagonal()
    for k, label in enumerate(labels):
        out.add_node(label, size=int(sizes[k]), internal_weight=float(diagonal[k] if directed else diagonal[k] / 2))
    Qc = sp.coo_matrix(Q)
    Cc = sp.csr_matrix(counts)
    for a, b, w in zip(Qc.row, Qc.col, Qc.data):
        if a == b or (not directed and a > b):
            continue
        out.add_edge(labels[a], labels[b], weight=float(w), count=int(Cc[a, b]))
    return out
