"""Brokerage between groups (Gould & Fernandez), Krackhardt's E-I index, mixing and assortativity.

Groups are a node attribute (``helix`` by default). Brokerage is counted with sparse matrix
products (no Python loop over two-paths); the rest are sums over the edge arrays.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _validate as v
from ._graph import edge_arrays, masked_product, require_graph, to_sparse
from .errors import HelixDataError

__all__ = ["brokerage", "ei_index", "mixing_matrix", "assortativity", "BROKERAGE_ROLES"]

logger = logging.getLogger("helixnet")

#: Gould-Fernandez roles, in sna's order (w_I, w_O, b_IO, b_OI, b_O) plus the total.
BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "itinerant",
    "representative",
    "gatekeeper",
    "liaison",
    "total",
)


def _groups(G: nx.Graph, attribute: str, nodes: list[Hashable]) -> tuple[np.ndarray, list[Any]]:
    """Integer group code per node (in ``nodes`` order) and the group labels (sorted if possible)."""
    if not isinstance(attribute, str):
        raise HelixDataError(f"attribute must be the name of a node attribute, got {attribute!r}.")
    node_data = G.nodes
    missing = [u for u in nodes if node_data[u].get(attribute) is None or (isinstance(node_data[u].get(attribute), float) and np.isnan(node_data[u].get(attribute)))]
    if missing:
        raise HelixDataError(
            f"{len(missing)} node(s) have no {attribute!r} attribute: {v.examples(missing)}; set it "
            f"on every node (for helices use 'unknown' where it is not known), e.g. "
            f"nx.set_node_attributes(G, values, {attribute!r})."
        )
    v.require_graph_helices(G, nodes, attribute, "graph")
    values = pd.Series([node_data[u][attribute] for u in nodes], dtype=object)
    try:
        codes, labels = pd.factorize(values, sort=True)
    except TypeError:
        codes, labels = pd.factorize(values, sort=False)
    return codes.astype(np.int64), list(labels)


# --------------------------------------------------------------------------------------------
# brokerage
# --------------------------------------------------------------------------------------------


# Role (sna order: coordinator 0, itinerant 1, representative 2, gatekeeper 3, liaison 4) by
# 4 (a == b) + 2 (a == own) + (b == own); the entries 3, 5 and 6 cannot occur.
_ROLE_OF = np.array([4, 3, 2, 2, 1, 1, 0, 0], dtype=np.int64)


def _roles(a: np.ndarray, b: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Role index of a two-path whose ends are of groups ``a`` (from) and ``b`` (to), through a broker of group ``own``."""
    return _ROLE_OF[4 * (a == b) + 2 * (a == own) + (b == own)]


def _add_roles(counts: np.ndarray, broker: np.ndarray, role: np.ndarray, weight: np.ndarray) -> None:
    counts += np.bincount(broker * 5 + role, weights=weight, minlength=counts.size).reshape(counts.shape)


def _closed_undirected(A: sp.csr_matrix, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Per node and role (n x 5): ordered pairs (i, k) of adjacent neighbours of the node.

    Each triangle is found once via a degree ordering: orient every tie from the lower- to the
    higher-ranked end (rank by degree), giving a DAG ``O``; a triangle x < y < z has ties
    x->y, y->z, x->z. ``(O D_c O) * O`` counts, on tie x->z, the middle nodes y of group c,
    which credits brokers x and z; ``(O^T D_c O) * O`` counts, on tie y->z, the lowest nodes x
    of group c, which credits broker y. Both products do O(m^1.5) work at most, and the counts
    go straight to roles: no array of group pairs per node (n x groups^2), which grouping by
    hundreds of regions would make gigabytes.
    """
    n = A.shape[0]
    degree = np.diff(A.indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    coo = A.tocoo()
    up = rank[coo.row] < rank[coo.col]
    O = sp.csr_matrix((np.ones(int(up.sum())), (coo.row[up], coo.col[up])), shape=(n, n))
    OT = sp.csr_matrix(O.T)
    closed = np.zeros((n, 5))
    for c in range(n_groups):
        if not (group == c).any():
            continue
        right = sp.csr_matrix(sp.diags((group == c).astype(float)) @ O)
        # middle y in group c on tie x->z: brokers x (pair y, z) and z (pair x, y), both orders
        mid = masked_product(O, right, O).tocoo()
        x, z, cnt = mid.row, mid.col, mid.data
        for broker, other in ((x, group[z]), (z, group[x])):
            _add_roles(closed, broker, _roles(np.full(len(broker), c), other, group[broker]), cnt)
            _add_roles(closed, broker, _roles(other, np.full(len(broker), c), group[broker]), cnt)
        # lowest x in group c on tie y->z: broker y (pair x, z), both orders
        low = masked_product(OT, right, O).tocoo()
        y, z, cnt = low.row, low.col, low.data
        _add_roles(closed, y, _roles(np.full(len(y), c), group[z], group[y]), cnt)
        _add_roles(closed, y, _roles(group[z], np.full(len(y), c), group[y]), cnt)
    return closed


def _closed_directed(A: sp.csr_matrix, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Per node and role (n x 5): pairs i -> j -> k with i -> k, by the groups of i and k.

    For each group a, ``((A^T D_a A) * A)[j, k]`` counts the common in-neighbours of j and k in
    group a, on the ties j -> k.
    """
    n = A.shape[0]
    AT = sp.csr_matrix(A.T)
    closed = np.zeros((n, 5))
    for a in range(n_groups):
        if not (group == a).any():
            continue
        common = masked_product(AT, sp.csr_matrix(sp.diags((group == a).astype(float)) @ A), A).tocoo()
        j, k, cnt = common.row, common.col, common.data
        _add_roles(closed, j, _roles(np.full(len(j), a), group[k], group[j]), cnt)
    return closed


def _brokerage_counts(A: sp.csr_matrix, group: np.ndarray, n_groups: int, symmetric: bool) -> np.ndarray:
    """Role counts (n x 5, sna order) from a 0/1 adjacency matrix without self-loops.

    All two-paths i -> j -> k (i != k) per role, from the neighbours of j per group, less the
    closed ones: per node, sums over groups only, never an array of group pairs.
    """
    n = A.shape[0]
    H = sp.csr_matrix((np.ones(n), (np.arange(n), group)), shape=(n, n_groups))
    into = sp.csr_matrix(A.T) @ H  # in-neighbours of j per group
    out = A @ H  # out-neighbours of j per group
    mutual = sp.csr_matrix(A.multiply(A.T)) @ H  # i with i->j and j->i: the paths i -> j -> i, left out
    rows = np.arange(n)
    into_own, out_own, mutual_own = (np.asarray(m[rows, group]).ravel() for m in (into, out, mutual))
    into_all, out_all, mutual_all = (np.asarray(m.sum(axis=1)).ravel() for m in (into, out, mutual))
    same_groups = np.asarray(into.multiply(out).sum(axis=1)).ravel() - mutual_all  # a == b
    coordinator = into_own * out_own - mutual_own  # a == b == g(j)
    itinerant = same_groups - coordinator
    representative = into_own * (out_all - out_own)  # a == g(j) != b
    gatekeeper = out_own * (into_all - into_own)  # b == g(j) != a
    liaison = into_all * out_all - mutual_all - same_groups - representative - gatekeeper
    paths = np.column_stack([coordinator, itinerant, representative, gatekeeper, liaison])
    closed = _closed_undirected(A, group, n_groups) if symmetric else _closed_directed(A, group, n_groups)
    return np.rint(paths - closed)


def _brokerage_moments(sizes: np.ndarray, N: float, d: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """sna's expectations and variances: per broker group (G x 6) and for the graph (6,)."""
    n = sizes.astype(float)
    G = len(n)
    q = d**2 * (1 - d)
    r = d**3 * (1 - d) ** 3
    ebr = np.zeros((G, 6))
    vbr = np.zeros((G, 6))

    def choose2(x: np.ndarray | float) -> np.ndarray | float:
        return x * (x - 1) / 2

    for i in range(G):
        rest = np.delete(n, i)
        ebr[i, 0] = q * (n[i] - 1) * (n[i] - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - q) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * r
        ebr[i, 1] = q * np.sum(rest * (rest - 1))
        vbr[i, 1] = ebr[i, 1] * (1 - q) + 2 * np.sum(rest * (rest - 1) * (rest - 2)) * r
        ebr[i, 2] = q * (N - n[i]) * (n[i] - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - q) + 2 * ((n[i] - 1) * choose2(N - n[i]) + (N - n[i]) * choose2(n[i] - 1)) * r
        ebr[i, 3] = ebr[i, 2]
        vbr[i, 3] = vbr[i, 2]
        ebr[i, 4] = q * (np.sum(np.outer(rest, rest)) - np.sum(rest**2))
        vbr[i, 4] = ebr[i, 4] * (1 - q) + 4 * np.sum(rest * choose2(N - rest - n[i]) * r)
        ebr[i, 5] = q * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * r
    d3, d4, d5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    eg = np.zeros(6)
    vg = np.zeros(6)
    eg[0] = q * np.sum(n * (n - 1) * (n - 2))
    vg[0] = eg[0] * (1 - q) + np.sum(n * (n - 1) * (n - 2) * ((4 * n - 10) * d3 - 4 * (n - 3) * d4 + (n - 3) * d5))
    eg[1] = q * np.sum(n * (N - n) * (n - 1))
    x, y = n[:, None], n[None, :]
    vg[1] = eg[1] * (1 - q) + (
        np.sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * d3 + (N - x - 1) * d5))
        - np.sum(n * n * (n - 1) * ((4 * n - 6) * d3 + (N - n - 1) * d5))
    )
    eg[2] = q * np.sum(n * (N - n) * (n - 1))
    vg[2] = eg[2] * (1 - q) + np.sum(n * (N - n) * (n - 1) * ((N - 3) * d3 + (n - 2) * d5))
    eg[3] = eg[2]
    vg[3] = vg[2]
    eg[4] = q * (np.sum(x * y * (N - x - y)) - np.sum(n * n * (N - 2 * n)))
    vg[4] = eg[4] * (1 - q)
    # over ordered triples of distinct groups (i, j, k): one group i at a time, its pairs (j, k) at once
    nj, nk = n[:, None], n[None, :]
    distinct_jk = ~np.eye(G, dtype=bool)
    for i in range(G):
        terms = n[i] * nj * nk * (
            (4 * (N - nj) - 2 * (n[i] + nk + 1)) * d3
            - (4 * (N - nk) - 2 * (n[i] + nj + 1)) * d4
            + (N - (n[i] + nk + 1)) * d5
        )
        keep = distinct_jk.copy()
        keep[i, :] = keep[:, i] = False
        vg[4] += terms[keep].sum()
    eg[5] = q * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - q) + N * (N - 1) * (N - 2) * ((4 * N - 10) * d3 - 4 * (N - 3) * d4 + (N - 3) * d5)
    return ebr, vbr, eg, vg


def brokerage(G: nx.Graph, attribute: str = "helix", *, stats: bool = False) -> pd.DataFrame:
    r"""Gould & Fernandez brokerage roles per node, with the semantics of R's ``sna::brokerage``.

    Node :math:`j` brokers once for every ordered two-path :math:`i \to j \to k` with
    :math:`i \ne k` and no tie :math:`i \to k`. With :math:`g(\cdot)` the group (the node
    ``attribute``), the role of that two-path is

    ============== ========================== =============
    role           groups                     sna name
    ============== ========================== =============
    coordinator    g(i) = g(j) = g(k)         w_I
    itinerant      g(i) = g(k) != g(j)        w_O
    representative g(i) = g(j) != g(k)        b_IO
    gatekeeper     g(j) = g(k) != g(i)        b_OI
    liaison        g(i), g(j), g(k) distinct  b_O
    ============== ========================== =============

    and ``total`` is their sum. An undirected graph counts as a symmetric directed one, so an
    open triad i - j - k counts twice (i -> j -> k and k -> j -> i; a representative one way is
    a gatekeeper the other). Edge weights and self-loops are ignored. Brokerage *between*
    groups is ``total - coordinator``.

    The counts come from sparse products: with :math:`H` the node x group indicator,
    :math:`n^{in}_{ja} = (A^T H)_{ja}` and :math:`n^{out}_{jb} = (AH)_{jb}`, the two-paths
    through :math:`j` from group :math:`a` to group :math:`b` number
    :math:`n^{in}_{ja} n^{out}_{jb} - [a=b]\,|\{i \in a: i \leftrightarrow j\}| - c_{jab}`, where
    the closed two-paths :math:`c_{jab}` are counted on the ties only (see the module code).

    With ``stats=True`` the result also has, per role, ``expected_<role>``, ``sd_<role>`` and
    ``z_<role>`` under sna's null model (Gould & Fernandez 1989): every arc present
    independently with the density :math:`d = m / (N(N-1))` (:math:`m` arcs, an undirected tie
    being two), so a two-path is open with probability :math:`d^2(1-d)`; e.g. the expected
    coordinator count of a broker in a group of size :math:`n_g` is
    :math:`d^2(1-d)(n_g-1)(n_g-2)`. ``z = (observed - expected) / sd`` (NaN/inf where sd = 0,
    as in R). The graph-level observed, expected, sd and z (sna's ``*.gli``) are in
    ``result.attrs["graph"]`` (a dict of dicts by role).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute holding the group (``"helix"`` by default); every node needs one.
    stats : bool
        Add expected counts, standard deviations and z-scores.

    Returns
    -------
    pandas.DataFrame
        Indexed by node: the group (column named ``attribute``), then the role counts
        (integers), then the statistics when asked for.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.path_graph(["u", "i", "g"])
    >>> nx.set_node_attributes(G, {"u": "knowledge", "i": "industry", "g": "government"}, "helix")
    >>> hx.brokerage(G).loc["i", ["liaison", "total"]].tolist()
    [2, 2]

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to brokerage
       in transaction networks", Sociological Methodology 19 (1989) 89-126.
    .. [2] C. T. Butts, "Social network analysis with sna", Journal of Statistical Software 24(6)
       (2008) 1-51 (the R function ``brokerage``).
    """
    require_graph(G)
    A, nodes = to_sparse(G, None)
    A.data[:] = 1.0
    code, labels = _groups(G, attribute, nodes)
    n_groups = len(labels)
    counts = _brokerage_counts(A, code, n_groups, symmetric=not G.is_directed())
    counts = np.column_stack([counts, counts.sum(axis=1)]).astype(np.int64)
    table = pd.DataFrame(counts, columns=list(BROKERAGE_ROLES), index=pd.Index(nodes, name="node"))
    table.insert(0, attribute, [labels[c] for c in code])
    if stats:
        N = float(len(nodes))
        m = float(A.nnz)
        d = m / (N * (N - 1)) if N > 1 else 0.0
        sizes = np.bincount(code, minlength=n_groups)
        ebr, vbr, eg, vg = _brokerage_moments(sizes, N, d)
        expected = ebr[code]
        sd = np.sqrt(vbr[code])
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (counts - expected) / sd
            zg = (counts.sum(axis=0) - eg) / np.sqrt(vg)
        for k, role in enumerate(BROKERAGE_ROLES):
            table[f"expected_{role}"] = expected[:, k]
            table[f"sd_{role}"] = sd[:, k]
            table[f"z_{role}"] = z[:, k]
        table.attrs["graph"] = {
            role: {"observed": int(counts[:, k].sum()), "expected": float(eg[k]), "sd": float(np.sqrt(vg[k])), "z": float(zg[k])}
            for k, role in enumerate(BROKERAGE_ROLES)
        }
        table.attrs["density"] = d
    return table


# --------------------------------------------------------------------------------------------
# E-I index, mixing matrix, assortativity
# --------------------------------------------------------------------------------------------


def ei_index(
    G: nx.Graph,
    attribute: str = "helix",
    *,
    weight: str | None = None,
    level: Literal["node", "group", "graph"] = "node",
) -> pd.DataFrame:
    r"""Krackhardt & Stern's E-I index per node, per group or for the whole graph.

    .. math:: EI = \frac{E - I}{E + I}

    with :math:`E` the external ties (to another group) and :math:`I` the internal ones (same
    group), counted (or summed by ``weight``). +1: all ties leave the group; -1: all stay in.

    - ``level="node"``: the ties of each node (in and out for a directed graph);
    - ``level="group"``: the ties with at least one end in the group, each counted once
      (a tie between two groups is external to both);
    - ``level="graph"``: every tie once.

    A node or group without ties gets NaN. Self-loops are ignored.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute with the group.
    weight : str or None
        Edge attribute to sum instead of counting ties.
    level : {"node", "group", "graph"}

    Returns
    -------
    pandas.DataFrame
        Columns ``internal``, ``external``, ``ei`` (and the group for ``level="node"``),
        indexed by node, by group, or by the single label ``"graph"``.

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph([("u1", "u2"), ("u1", "f1")])
    >>> nx.set_node_attributes(G, {"u1": "knowledge", "u2": "knowledge", "f1": "industry"}, "helix")
    >>> hx.ei_index(G, level="graph")["ei"].item()
    0.0
    >>> hx.ei_index(G).loc["u1", "ei"].item()
    0.0

    References
    ----------
    .. [1] D. Krackhardt and R. N. Stern, "Informal networks and organizational crises: an
       experimental simulation", Social Psychology Quarterly 51(2) (1988) 123-140.
    """
    require_graph(G)
    if level not in ("node", "group", "graph"):
        raise HelixDataError(f"level must be 'node', 'group' or 'graph', got {level!r}.")
    nodes, src, dst, (w,) = edge_arrays(G, [weight])
    keep = src != dst
    src, dst, w = src[keep], dst[keep], w[keep]
    code, labels = _groups(G, attribute, nodes)
    n = len(nodes)
    internal = code[src] == code[dst]
    if level == "node":
        I = np.bincount(src, weights=w * internal, minlength=n) + np.bincount(dst, weights=w * internal, minlength=n)
        E = np.bincount(src, weights=w * ~internal, minlength=n) + np.bincount(dst, weights=w * ~internal, minlength=n)
        index = pd.Index(nodes, name="node")
    elif level == "group":
        k = len(labels)
        I = np.bincount(code[src], weights=w * internal, minlength=k)
        E = np.bincount(code[src], weights=w * ~internal, minlength=k) + np.bincount(code[dst], weights=w * ~internal, minlength=k)
        index = pd.Index(labels, name=attribute)
    else:
        I = np.array([float((w * internal).sum())])
        E = np.array([float((w * ~internal).sum())])
        index = pd.Index(["graph"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = np.where(E + I > 0, (E - I) / (E + I), np.nan)
    table = pd.DataFrame({"internal": I, "external": E, "ei": ei}, index=index)
    if level == "node":
        table.insert(0, attribute, [labels[c] for c in code])
    return table


def mixing_matrix(
    G: nx.Graph, attribute: str = "helix", *, weight: str | None = "weight", normalized: bool = False
) -> pd.DataFrame:
    r"""Tie weight between groups: rows the group of the source, columns of the target.

    :math:`e_{ab} = \sum_{i \in a, j \in b} w_{ij}`. As in networkx's
    ``attribute_mixing_matrix``, an undirected tie counts in both directions, so the matrix is
    symmetric and a tie inside a group adds twice its weight to the diagonal. ``normalized``
    divides by the total, giving Newman's :math:`e_{ab}` (a joint distribution).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute with the group.
    weight : str or None
        Edge attribute to sum; None counts ties.
    normalized : bool
        Divide by the grand total.

    Returns
    -------
    pandas.DataFrame
        Groups x groups (sorted labels, every group of a node present even without ties).

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph([("u1", "u2"), ("u1", "f1")])
    >>> nx.set_node_attributes(G, {"u1": "knowledge", "u2": "knowledge", "f1": "industry"}, "helix")
    >>> hx.mixing_matrix(G, weight=None).loc["knowledge"].tolist()
    [1.0, 2.0]

    References
    ----------
    .. [1] M. E. J. Newman, "Mixing patterns in networks", Physical Review E 67 (2003) 026126.
    """
    require_graph(G)
    nodes, src, dst, (w,) = edge_arrays(G, [weight])
    code, labels = _groups(G, attribute, nodes)
    k = len(labels)
    flat = code[src] * k + code[dst]
    matrix = np.bincount(flat, weights=w, minlength=k * k).reshape(k, k)
    if not G.is_directed():
        matrix = matrix + matrix.T
        # a self-loop is one tie: networkx counts it once
        loops = src == dst
        matrix -= np.bincount(flat[loops], weights=w[loops], minlength=k * k).reshape(k, k)
    if normalized:
        total = matrix.sum()
        matrix = matrix / total if total > 0 else matrix
    index = pd.Index(labels, name=attribute)
    return pd.DataFrame(matrix, index=index, columns=pd.Index(labels, name=f"{attribute} (target)"))


def assortativity(G: nx.Graph, attribute: str = "helix", *, weight: str | None = None) -> float:
    r"""Newman's attribute assortativity coefficient.

    .. math:: r = \frac{\sum_a e_{aa} - \sum_a a_a b_a}{1 - \sum_a a_a b_a}

    with :math:`e` the normalised mixing matrix (:func:`mixing_matrix`), :math:`a_a` its row
    and :math:`b_a` its column sums. 1 when every tie stays within its group, 0 for random
    mixing, negative when ties prefer other groups (NaN when all nodes share one group).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    attribute : str
        Node attribute with the group.
    weight : str or None
        Edge attribute to weigh the ties; None (default, as networkx) counts them.

    Returns
    -------
    float

    Examples
    --------
    >>> import networkx as nx
    >>> import helixnet as hx
    >>> G = nx.Graph([("u1", "u2"), ("f1", "f2")])
    >>> nx.set_node_attributes(G, {"u1": "knowledge", "u2": "knowledge", "f1": "industry", "f2": "industry"}, "helix")
    >>> hx.assortativity(G)
    1.0

    References
    ----------
    .. [1] M. E. J. Newman, "Mixing patterns in networks", Physical Review E 67 (2003) 026126.
    """
    e = mixing_matrix(G, attribute, weight=weight, normalized=True).to_numpy()
    if e.sum() == 0:
        raise HelixDataError("assortativity needs at least one tie; the graph has none.")
    a, b = e.sum(axis=1), e.sum(axis=0)
    expected = float(a @ b)
    if expected == 1.0:
        return float("nan")
    return float((np.trace(e) - expected) / (1 - expected))
