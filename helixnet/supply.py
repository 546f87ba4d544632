r"""Supply chains: who sells to whom, how exposed each firm is, and how a demand shock travels.

A supply-chain graph is a :class:`networkx.DiGraph` with an edge ``supplier -> customer`` for
every trade relation; the edge attribute ``volume`` is the value (or number) of the sales on it.
Nodes carry the organisation attributes ``name``, ``helix``, ``region`` and, where known,
``employees`` and ``final_demand`` (sales to buyers outside the graph: consumers, export, firms
not in the data). Cycles are allowed everywhere.

Every measure works on integer arrays taken once from the graph: sparse matrices
(scipy.sparse), a breadth-first search in C for the tiers, igraph's Lengauer-Tarjan dominator
tree for criticality, word-parallel bit sets over the condensation of the graph for the reach.
There is no Python loop over edges in any measure (reading the edges out of the networkx graph
is one pass, done by networkx).

The model of :func:`propagate_shock`, in short: a firm that loses a share :math:`x_c` of its
sales cuts its purchases from every supplier by the share :math:`d\,x_c`; a supplier's relative
sales loss is the volume-weighted sum of its customers' cuts plus the direct drop of its own
final demand:

.. math:: x = (1 - r) \circ s + d\,W x,

with :math:`W_{ic} = v_{ic}/S_i` (:math:`S_i` the total sales of :math:`i`) and :math:`r_i =
\sum_c W_{ic}` the share of :math:`i`'s sales that goes to customers in the graph. The
docstring of :func:`propagate_shock` proves that every loss lies in :math:`[0, \max s]`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _validate as v
from ._gc import paused_gc
from .errors import HelixDataError, HelixWarning

__all__ = [
    "supply_chain_graph",
    "supply_measures",
    "propagate_shock",
    "ShockResult",
    "summarise_shock",
    "shock_by_region",
    "REGION_LEVELS",
    "ecosystem",
]

logger = logging.getLogger("helixnet")

# Organisation columns copied onto supply-chain nodes, when present.
_NODE_COLUMNS = ("name", "helix", "country", "region", "city", "size", "employees", "sector", "final_demand")
# Node attributes that must be numbers >= 0 where given.
_NUMERIC_NODE = ("employees", "final_demand")


# --------------------------------------------------------------------------------------------
# building the graph
# --------------------------------------------------------------------------------------------


def _nonnegative_or_missing(values: pd.Series, column: str, what: str) -> pd.Series:
    """Numbers >= 0, or missing (NaN = not known); anything else is an error."""
    numbers = pd.to_numeric(values, errors="coerce")
    not_numbers = numbers.isna() & values.notna()
    if not_numbers.any():
        raise HelixDataError(
            f"{what}: column {column!r} has non-numeric value(s) {v.examples(values[not_numbers].unique())} "
            f"for {v.examples(values.index[not_numbers])}; give numbers, or leave the cell empty where unknown."
        )
    array = numbers.to_numpy(dtype=float)
    bad = ~np.isnan(array) & (~np.isfinite(array) | (array < 0))
    if bad.any():
        raise HelixDataError(
            f"{what}: column {column!r} has negative or infinite value(s) {v.examples(array[bad])} "
            f"for {v.examples(values.index[bad])}; it must be a number >= 0 (empty where unknown)."
        )
    return pd.Series(array, index=values.index, name=column)


def _organisation_table(organisations: pd.DataFrame) -> pd.DataFrame:
    table = v.organisations_by_id(organisations)
    if "helix" in table.columns:
        v.require_helices(table["helix"], "helix", "organisations")
    for column in _NUMERIC_NODE:
        if column in table.columns:
            table[column] = _nonnegative_or_missing(table[column], column, "organisations")
    return table


def supply_chain_graph(
    edges: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    supplier: str = "supplier",
    customer: str = "customer",
    volume: str | None = None,
) -> nx.DiGraph:
    """The supply-chain graph: an edge ``supplier -> customer`` per trade relation.

    Each edge carries ``volume``: the sum of the column ``volume`` over the rows of that
    supplier-customer pair (sales value, quantities, ...), or, with ``volume=None``, the number
    of rows of the pair (1 per relation when each relation is one row). Repeated pairs are
    merged this way and their number is logged and kept in ``G.graph["duplicates"]``. Cycles
    (two firms that supply each other, longer loops) are kept. Nodes are the firms that appear
    in ``edges``, with the columns ``name``, ``helix``, ``country``, ``region``, ``city``,
    ``size``, ``employees``, ``sector`` and ``final_demand`` of ``organisations`` (those it has;
    a missing value is left out, never stored as NaN).

    Parameters
    ----------
    edges : DataFrame
        One row per supply relation (or per delivery), with a supplier id and a customer id.
    organisations : DataFrame, optional
        ``organisation`` (unique string id) and attributes; if given, every firm in ``edges``
        must be in it. ``employees`` and ``final_demand`` must be numbers >= 0 (empty where not
        known). ``final_demand`` is the part of a firm's sales that goes to buyers outside the
        graph, in the same unit as ``volume``; :func:`propagate_shock` needs it for a direct
        shock at a firm that also sells to firms in the graph.
    supplier, customer : str
        The columns of ``edges`` with the two firm ids.
    volume : str, optional
        The column with the sales volume of each row (finite, >= 0).

    Returns
    -------
    networkx.DiGraph
        With ``G.graph["volume"]`` (the column used, or ``"count"``) and
        ``G.graph["duplicates"]`` (rows merged into an earlier pair).

    Raises
    ------
    HelixDataError
        A missing column, a missing id, negative, NaN or infinite volumes, a firm that supplies
        itself, a firm missing from ``organisations``, bad ``employees`` or ``final_demand``.

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"supplier": ["s1", "s2", "s2", "s2"],
    ...                       "customer": ["oem", "oem", "s1", "s1"],
    ...                       "sales": [10.0, 5.0, 2.0, 1.0]})
    >>> G = supply_chain_graph(edges, volume="sales")
    >>> sorted(G.edges(data="volume"))
    [('s1', 'oem', 10.0), ('s2', 'oem', 5.0), ('s2', 's1', 3.0)]
    >>> G.graph["duplicates"]
    1
    """
    what = "supply edges"
    v.require_frame(edges, what)
    v.require_columns(edges, [supplier, customer] + ([volume] if volume is not None else []), what)
    sellers = v.require_ids(edges, supplier, what)
    buyers = v.require_ids(edges, customer, what)
    if volume is not None:
        amounts = v.require_weights(edges[volume], volume, what)
    else:
        amounts = np.ones(len(edges))
    itself = sellers.to_numpy() == buyers.to_numpy()
    if itself.any():
        rows = list(edges.index[itself])
        raise HelixDataError(
            f"{what}: {int(itself.sum())} row(s) where a firm supplies itself ({supplier} == {customer}), "
            f"e.g. {v.examples(sellers[itself].unique())} at row(s) {v.examples(rows)}; drop these rows "
            "(deliveries inside one firm are not supply relations) or give the plants their own ids."
        )
    m = len(edges)
    codes, firms = pd.factorize(pd.concat([sellers, buyers], ignore_index=True), sort=True)
    n = len(firms)
    src, dst = codes[:m].astype(np.int64), codes[m:].astype(np.int64)
    pair_codes, pairs = pd.factorize(src * n + dst)
    totals = np.bincount(pair_codes, weights=amounts, minlength=len(pairs))
    duplicates = m - len(pairs)
    if duplicates:
        logger.info("supply_chain_graph: merged %d repeated supplier-customer row(s) into their pair", duplicates)
    src, dst = pairs // n, pairs % n

    nodes = firms.tolist()
    columns: dict[str, pd.Series] = {}
    if organisations is not None:
        table = _organisation_table(organisations)
        position = table.index.get_indexer(firms)
        unknown = firms[position < 0]
        if len(unknown):
            raise HelixDataError(
                f"{what}: {len(unknown)} firm id(s) in columns {supplier!r}/{customer!r} are not in the "
                f"organisations table: {v.examples(unknown)}; add them to the organisations table "
                "(helix 'unknown' if need be) or drop their rows explicitly."
            )
        columns = {c: table[c].iloc[position] for c in _NODE_COLUMNS if c in table.columns}

    G = nx.DiGraph(volume=volume if volume is not None else "count", duplicates=int(duplicates))
    values = totals.astype(np.int64).tolist() if volume is None else totals.tolist()
    with paused_gc():
        G.add_nodes_from(nodes)
        node_data = [G._node[node] for node in nodes]
        for column, series in columns.items():
            # NaN means "not known": leave the attribute out rather than store a float NaN.
            known = series.notna().to_numpy()
            for i, value in zip(np.flatnonzero(known).tolist(), series[known].tolist()):
                node_data[i][column] = value
        # Fill the adjacency the way networkx stores a directed edge (one attribute dict
        # shared by the successor and predecessor maps) without add_edge's per-call checks.
        succ = [G._succ[node] for node in nodes]
        pred = [G._pred[node] for node in nodes]
        for a, b, amount in zip(src.tolist(), dst.tolist(), values):
            data = {"volume": amount}
            succ[a][nodes[b]] = data
            pred[b][nodes[a]] = data
    return G


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


# --------------------------------------------------------------------------------------------
# arrays out of a graph
# --------------------------------------------------------------------------------------------


class _Arrays(NamedTuple):
    """A supply-chain graph as integer codes: firm ``nodes[src[k]]`` sells ``volume[k]`` to ``nodes[dst[k]]``."""

    nodes: pd.Index
    src: np.ndarray
    dst: np.ndarray
    volume: np.ndarray

    @property
    def n(self) -> int:
        return len(self.nodes)


def _arrays(G: Any, what: str = "G") -> _Arrays:
    if not isinstance(G, nx.DiGraph) or G.is_multigraph():
        raise HelixDataError(
            f"{what} must be a networkx DiGraph (supplier -> customer), got {type(G).__name__}; "
            "build it with helixnet.supply_chain_graph(edges, organisations)."
        )
    if G.number_of_nodes() == 0:
        raise HelixDataError(f"{what} has no firms; build it from a non-empty edge table.")
    nodes = pd.Index(list(G))
    m = G.number_of_edges()
    succ = G._succ
    with paused_gc():
        # One pass over networkx's adjacency; falls back to the slow path (for a precise
        # message) if a volume is not a number.
        index = {node: i for i, node in enumerate(succ)}
        degree = np.fromiter(map(len, succ.values()), np.int64, count=len(index))
        src = np.repeat(np.arange(len(index), dtype=np.int64), degree)
        dst = np.fromiter((index[w] for nbrs in succ.values() for w in nbrs), np.int64, count=m)
        try:
            volume = np.fromiter((d.get("volume", 1.0) for nbrs in succ.values() for d in nbrs.values()), float, count=m)
            raw = None
        except (TypeError, ValueError):
            raw = pd.Series([d.get("volume", 1.0) for nbrs in succ.values() for d in nbrs.values()], dtype=object)
    if raw is None:
        raw = pd.Series(volume, dtype=object) if not np.isfinite(volume).all() or (volume < 0).any() else None
    if raw is not None:
        volume = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(volume) | (volume < 0)
    if bad.any():
        where = [(nodes[a], nodes[b]) for a, b in zip(src[bad][:5], dst[bad][:5])]
        raise HelixDataError(
            f"{what}: edge attribute 'volume' has negative, NaN, infinite or non-numeric value(s) "
            f"{v.examples((raw if raw is not None else pd.Series(volume))[bad].tolist())} on edge(s) {v.examples(where)}; volumes must be finite "
            "numbers >= 0 (remove the attribute to count 1 per edge)."
        )
    loops = src == dst
    if loops.any():
        raise HelixDataError(
            f"{what}: {int(loops.sum())} firm(s) supply themselves (self-loop), e.g. "
            f"{v.examples(nodes[src[loops]].tolist())}; remove these edges "
            "(G.remove_edges_from(nx.selfloop_edges(G)))."
        )
    return _Arrays(nodes, src, dst, volume)


def _node_numbers(G: nx.DiGraph, nodes: pd.Index, attribute: str) -> np.ndarray:
    """A numeric node attribute (NaN where missing), validated as >= 0."""
    values = pd.Series(nx.get_node_attributes(G, attribute), dtype=object)
    values = values.reindex(nodes)
    if values.isna().all():
        return np.full(len(nodes), np.nan)
    return _nonnegative_or_missing(values, attribute, "G (node attribute)").to_numpy()


def _node_labels(G: nx.DiGraph, nodes: pd.Index, attribute: str) -> pd.Series:
    values = pd.Series(nx.get_node_attributes(G, attribute), dtype=object).reindex(nodes)
    return values


# --------------------------------------------------------------------------------------------
# measures
# --------------------------------------------------------------------------------------------


def _row_stats(rows: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Per row: number of entries, sum, largest value, sum of squares."""
    count = np.bincount(rows, minlength=n)
    total = np.bincount(rows, weights=values, minlength=n)
    largest = np.zeros(n)
    np.maximum.at(largest, rows, values)
    squares = np.bincount(rows, weights=values * values, minlength=n)
    return count, total, largest, squares


def _tiers(a: _Arrays, sinks: np.ndarray) -> np.ndarray:
    """Shortest number of supply steps from each firm to a firm without customers (NaN if none)."""
    if len(sinks) == 0:
        return np.full(a.n, np.nan)
    upstream = sp.csr_array((np.ones(len(a.src)), (a.dst, a.src)), shape=(a.n, a.n))
    from scipy.sparse import (
        csgraph,  # imported where used: it loads scipy.linalg (~0.15 s)
    )

    distance = csgraph.dijkstra(upstream, directed=True, indices=sinks, unweighted=True, min_only=True)
    return np.where(np.isfinite(distance), distance, np.nan)


def _condensation_levels(k: int, parent: np.ndarray, child: np.ndarray) -> np.ndarray:
    """Longest path (in edges) from each node of a DAG to a node without children."""
    by_child = sp.csr_array((np.ones(len(child), dtype=np.int8), (child, parent)), shape=(k, k))
    remaining = np.bincount(parent, minlength=k)
    level = np.zeros(k, dtype=np.int64)
    frontier = np.flatnonzero(remaining == 0)
    depth = 0
    while frontier.size:
        level[frontier] = depth
        parents = by_child[frontier].indices if frontier.size < k else by_child.indices
        touched, times = np.unique(parents, return_counts=True)
        remaining[touched] -= times
        frontier = touched[remaining[touched] == 0]
        depth += 1
    return level


def _reach(n: int, src: np.ndarray, dst: np.ndarray, *, progress: bool, desc: str, memory: int = 2**28) -> np.ndarray:
    """The number of firms reachable from each firm along ``src -> dst`` edges (itself excluded).

    Exact, by bit sets over the condensation: strongly connected components are collapsed
    (every member reaches the same firms), the components are processed from the sinks up
    by longest-path level, and a component's set is its members OR the sets of its children.
    Firms are handled in blocks of bits so that the sets take at most ``memory`` bytes.
    """
    if len(src) == 0:
        return np.zeros(n, dtype=np.int64)
    graph = sp.csr_array((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    from scipy.sparse import csgraph

    k, component = csgraph.connected_components(graph, directed=True, connection="strong")
    cs, cd = component[src], component[dst]
    between = cs != cd
    key = np.unique(cs[between].astype(np.int64) * k + cd[between])
    parent, child = key // k, key % k
    level = _condensation_levels(k, parent, child)
    order = np.lexsort((parent, level[parent]))
    parent, child = parent[order], child[order]
    bounds = np.searchsorted(level[parent], np.arange(1, int(level.max()) + 2))

    words = max(1, min((n + 63) // 64, memory // (8 * k)))
    block = 64 * words
    batch = max(1, 2**23 // words)  # edges per gather: at most 64 MiB of bit sets at once
    counts = np.zeros(k, dtype=np.int64)
    starts = range(0, n, block)
    iterator = starts
    if progress and len(starts) > 1:
        from tqdm.auto import tqdm

        iterator = tqdm(starts, desc=desc, unit="block")
    for lo in iterator:
        hi = min(n, lo + block)
        sets = np.zeros((k, (hi - lo + 63) // 64), dtype=np.uint64)
        firms = np.arange(lo, hi)
        np.bitwise_or.at(sets, (component[firms], (firms - lo) // 64), np.left_shift(np.uint64(1), ((firms - lo) % 64).astype(np.uint64)))
        for e0, e1 in zip(bounds[:-1], bounds[1:]):
            for b0 in range(int(e0), int(e1), batch):
                b1 = min(int(e1), b0 + batch)
                p = parent[b0:b1]
                first = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
                sets[p[first]] |= np.bitwise_or.reduceat(sets[child[b0:b1]], first, axis=0)
        counts += np.bitwise_count(sets).sum(axis=1, dtype=np.int64)
    return counts[component] - 1


def _criticality(a: _Arrays, sinks: np.ndarray) -> np.ndarray:
    """Firms that lose every path to a final customer when this firm disappears.

    In the reversed graph (customer -> supplier) with a root that points at every final
    customer, firm ``j`` loses every path to a final customer without firm ``i`` exactly when
    every path from the root to ``j`` passes through ``i``: ``i`` dominates ``j``. The
    criticality of ``i`` is the size of its subtree in the dominator tree, minus itself.
    """
    import igraph

    n = a.n
    if len(sinks) == 0:
        return np.zeros(n, dtype=np.int64)
    root = n
    heads = np.concatenate([a.dst, np.full(len(sinks), root)])
    tails = np.concatenate([a.src, sinks])
    g = igraph.Graph(n=n + 1, edges=np.column_stack([heads, tails]).tolist(), directed=True)
    idom = np.array(g.dominator(root, mode="out"), dtype=float)
    reached = np.flatnonzero(~np.isnan(idom) & (idom >= 0))
    parent = idom[reached].astype(np.int64)
    tree = sp.csr_array((np.ones(len(reached), dtype=np.int8), (parent, reached)), shape=(n + 1, n + 1))
    from scipy.sparse import csgraph

    order = csgraph.breadth_first_order(tree, root, directed=True, return_predecessors=False)
    up = np.full(n + 1, -1, dtype=np.int64)
    up[reached] = parent
    up_list = up.tolist()
    size = [1] * (n + 1)
    for node in order[:0:-1].tolist():  # children before parents, root left out
        size[up_list[node]] += size[node]
    return np.asarray(size[:n], dtype=np.int64) - 1


def supply_measures(G: nx.DiGraph, *, progress: bool = True) -> pd.DataFrame:
    r"""Position, exposure and criticality of every firm in a supply-chain graph.

    With :math:`v_{ic}` the volume that firm :math:`i` sells to customer :math:`c`,
    :math:`S_i = \sum_c v_{ic}` (sales in the graph) and :math:`P_i = \sum_s v_{si}`
    (purchases in the graph):

    - ``tier``: the fewest supply steps from the firm to a *final customer* (a firm with no
      customer in the graph): 0 for final customers, 1 for their direct suppliers, ...
      **NaN** for a firm from which no final customer can be reached (all its sales go round a
      cycle of firms that sell only to each other);
    - ``upstream_reach``: the number of firms with a supply path *to* the firm (direct and
      indirect suppliers); ``downstream_reach``: the number of firms the firm reaches (direct
      and indirect customers); the firm itself is not counted, also on a cycle;
    - ``n_customers``, ``n_suppliers``, ``sales`` (:math:`S_i`), ``purchases`` (:math:`P_i`);
    - ``top_customer_share``: :math:`\max_c v_{ic} / S_i`;
    - ``hhi_customers``: the Herfindahl index :math:`\sum_c (v_{ic}/S_i)^2` (1: one customer,
      :math:`1/k`: :math:`k` equal customers); ``hhi_suppliers``: :math:`\sum_s (v_{si}/P_i)^2`.
      The three are NaN where the firm has no customers (suppliers) or their volume is 0; they
      are shares of the sales *in the graph* (``final_demand`` is not a customer);
    - ``criticality``: the number of other firms that lose every path to a final customer if
      this firm disappears. Firm :math:`i` cuts :math:`j` off exactly when :math:`i` dominates
      :math:`j` in the reversed graph rooted at a super-sink that points at every final
      customer; the criticality is the size of :math:`i`'s subtree in that dominator tree
      (Lengauer & Tarjan 1979, igraph) minus one. A final customer's criticality counts the
      suppliers whose every chain ends at it. Firms with NaN tier have criticality 0.

    Cost: the tiers are one breadth-first search, the criticality one dominator tree, the
    concentration measures sums over the edge arrays. The reach is exact: strongly connected
    components are collapsed, and word-parallel bit sets are propagated level by level over the
    condensation (time about edges x firms / 64 word operations, memory capped at 256 MiB of
    bit sets).

    Parameters
    ----------
    G : networkx.DiGraph
        Supplier -> customer, edge attribute ``volume`` (1 where missing); see
        :func:`supply_chain_graph`.
    progress : bool
        A progress bar over the blocks of the reach computation (big graphs only).

    Returns
    -------
    DataFrame
        Indexed by firm (``organisation``), one column per measure, in the order above.

    Examples
    --------
    A diamond: ``a`` sells to ``b`` and ``c``, both sell to the OEM ``d``.

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b", {"volume": 3}), ("a", "c", {"volume": 1}),
    ...                 ("b", "d", {"volume": 1}), ("c", "d", {"volume": 1})])
    >>> m = supply_measures(G)
    >>> m[["tier", "upstream_reach", "downstream_reach", "criticality"]]  # doctest: +NORMALIZE_WHITESPACE
                  tier  upstream_reach  downstream_reach  criticality
    organisation
    a              2.0               0                 3            0
    b              1.0               1                 1            0
    c              1.0               1                 1            0
    d              0.0               3                 0            3
    >>> m.loc["a", ["top_customer_share", "hhi_customers"]].tolist()
    [0.75, 0.625]

    References
    ----------
    .. [1] T. Lengauer and R. E. Tarjan, "A fast algorithm for finding dominators in a flowgraph",
       ACM Transactions on Programming Languages and Systems 1(1) (1979) 121-141.
    .. [2] O. C. Herfindahl, "Concentration in the steel industry", PhD thesis, Columbia University
       (1950).
    """
    with paused_gc():
        return _supply_measures(G, progress)


def _supply_measures(G: nx.DiGraph, progress: bool) -> pd.DataFrame:
    a = _arrays(G)
    n = a.n
    n_customers, sales, top, squares_out = _row_stats(a.src, a.volume, n)
    n_suppliers, purchases, _, squares_in = _row_stats(a.dst, a.volume, n)
    sinks = np.flatnonzero(n_customers == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        top_share = np.where(sales > 0, top / sales, np.nan)
        hhi_out = np.where(sales > 0, squares_out / sales**2, np.nan)
        hhi_in = np.where(purchases > 0, squares_in / purchases**2, np.nan)
    result = pd.DataFrame(
        {
            "tier": _tiers(a, sinks),
            "upstream_reach": _reach(n, a.dst, a.src, progress=progress, desc="upstream reach"),
            "downstream_reach": _reach(n, a.src, a.dst, progress=progress, desc="downstream reach"),
            "n_customers": n_customers,
            "n_suppliers": n_suppliers,
            "sales": sales,
            "purchases": purchases,
            "top_customer_share": top_share,
            "hhi_customers": hhi_out,
            "hhi_suppliers": hhi_in,
            "criticality": _criticality(a, sinks),
        },
        index=pd.Index(a.nodes, name="organisation"),
    )
    return result


# --------------------------------------------------------------------------------------------
# shocks
# --------------------------------------------------------------------------------------------


@dataclass
class ShockResult:
    """The outcome of :func:`propagate_shock`.

    Attributes
    ----------
    firms : DataFrame
        Indexed by firm: ``shock`` (the direct drop of its final demand, 0 if not shocked),
        ``relative_loss`` (:math:`x_i`), ``sales`` (total sales :math:`S_i`, NaN if unknown),
        ``sales_loss`` (:math:`x_i S_i`), ``employees``, ``jobs_at_risk``
        (:math:`x_i \\cdot` employees, NaN where employees are unknown), ``helix``, ``region``.
    by_region, by_helix : DataFrame
        :func:`summarise_shock` of ``firms`` by ``region`` and by ``helix``.
    rounds : int
        Propagation rounds used (0 for ``method="solve"``).
    converged : bool
        Whether the last round added at most ``tol`` to every loss (always True for "solve").
    damping : float
        The damping the losses were propagated with.
    info : dict
        ``method``, ``tol`` and ``shocked`` (the number of shocked firms).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_edge("t1", "oem", volume=30.0)
    >>> result = propagate_shock(G, {"oem": 0.2}, damping=0.5)
    >>> isinstance(result, ShockResult), result.info["shocked"], float(result.firms.loc["t1", "relative_loss"])
    (True, 1, 0.1)
    """

    firms: pd.DataFrame
    by_region: pd.DataFrame
    by_helix: pd.DataFrame
    rounds: int
    converged: bool
    damping: float
    info: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        hit = int((self.firms["relative_loss"] > 0).sum())
        jobs = float(np.nansum(self.firms["jobs_at_risk"]))
        return (
            f"ShockResult({hit} of {len(self.firms)} firms lose sales, {jobs:,.0f} jobs at risk, "
            f"damping={self.damping}, rounds={self.rounds}, converged={self.converged})"
        )


def _shock_vector(shock: Any, nodes: pd.Index) -> np.ndarray:
    if isinstance(shock, Mapping):
        series = pd.Series(dict(shock), dtype=object)
    elif isinstance(shock, pd.Series):
        series = shock.astype(object)
    else:
        raise HelixDataError(
            f"shock must be a dict or pandas Series firm -> relative drop in demand, got {type(shock).__name__}, "
            "e.g. {'OEM A': 0.3}."
        )
    if len(series) == 0:
        raise HelixDataError("shock names no firm; give at least one firm and its drop in demand, e.g. {'OEM A': 0.3}.")
    if not series.index.is_unique:
        raise HelixDataError(f"shock names firm(s) {v.examples(series.index[series.index.duplicated()].unique())} twice; give each firm once.")
    unknown = [key for key in series.index if key not in nodes]
    if unknown:
        raise HelixDataError(
            f"shock: {len(unknown)} firm(s) are not in the supply-chain graph: {v.examples(unknown)}; "
            f"use node ids of G (e.g. {v.examples(nodes[:3].tolist())}); ids are strings."
        )
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) | (numbers < 0) | (numbers > 1)
    if bad.any():
        raise HelixDataError(
            f"shock: value(s) {v.examples(series[bad].tolist())} for firm(s) {v.examples(series.index[bad].tolist())} "
            "are not in [0, 1]; a shock is the relative drop in demand (0.3 = 30 % less), not a percentage."
        )
    s = np.zeros(len(nodes))
    s[nodes.get_indexer(pd.Index(series.index, dtype=object))] = numbers
    return s


def propagate_shock(
    G: nx.DiGraph,
    shock: Mapping[Hashable, float] | pd.Series,
    *,
    rounds: int | None = None,
    damping: float = 1.0,
    tol: float = 1e-12,
    method: Literal["iterate", "solve"] = "iterate",
    max_rounds: int = 100_000,
) -> ShockResult:
    r"""Pass a drop in demand upstream through the supply chain, to convergence.

    **The model.** Firm :math:`i` sells :math:`v_{ic}` to each customer :math:`c` in the graph
    and :math:`f_i` to buyers outside it (node attribute ``final_demand``; taken as 0 for a
    firm with customers in the graph when it is not given). Its total sales are
    :math:`S_i = \sum_c v_{ic} + f_i`; :math:`W_{ic} = v_{ic}/S_i` is the share of its sales
    that goes to :math:`c`, and :math:`r_i = \sum_c W_{ic} \le 1` the share that goes to
    customers in the graph (:math:`r_i = 0` for a final customer, whose sales are all final
    demand). The shock :math:`s_i \in [0, 1]` is the relative drop of firm :math:`i`'s final
    demand. A firm that loses the share :math:`x_c` of its sales cuts its purchases from each
    supplier by the share :math:`d\,x_c`, where the damping :math:`d \in (0, 1]` says how much
    of a customer's loss reaches its suppliers (:math:`d = 1`: purchases fall in proportion to
    sales, fixed input coefficients as in Leontief's model). The relative sales loss
    :math:`x_i` of firm :math:`i` is then

    .. math:: x_i = (1 - r_i)\,s_i + d \sum_c W_{ic}\,x_c,
              \qquad x = b + d\,W x,\quad b = (1 - r) \circ s,

    its absolute loss is :math:`x_i S_i`, and its jobs at risk are :math:`x_i` times its
    ``employees`` (employment taken as proportional to sales). The result is the least
    non-negative solution, the limit of the rounds

    .. math:: x^{(0)} = b, \qquad x^{(k+1)} = b + d\,W x^{(k)},
              \qquad\text{i.e.}\quad x^{(k)} = \sum_{t=0}^{k} (dW)^t b,

    where round :math:`t` is the loss that has travelled :math:`t` supply steps upstream.

    **Bounded.** Let :math:`m = \max_i s_i \le 1`. If :math:`0 \le x \le m` then
    :math:`0 \le b_i + d \sum_c W_{ic} x_c \le (1 - r_i) m + d\,r_i\,m \le m`, so every round
    stays in :math:`[0, m]`: no firm loses a larger share of its sales than the largest direct
    shock, and on each edge a supplier loses :math:`d\,x_c\,v_{ic} \le v_{ic}`, never more than
    it sold to the shrinking customer.

    **Converges, also on cycles.** The rounds increase (:math:`W \ge 0`, :math:`b \ge 0`) and
    are bounded by :math:`m`, so they converge for every graph and every :math:`d \in (0, 1]`.
    When the spectral radius of :math:`dW` is below 1 (always when :math:`d < 1`, since every
    row sum of :math:`W` is :math:`r_i \le 1`; and on any acyclic graph, where :math:`W` is
    nilpotent and the rounds stop after the longest chain) the limit is the unique solution
    :math:`(I - dW)^{-1} b`. With :math:`d = 1` and a group of firms that sell only to each
    other the solution is not unique; the least one gives those firms the loss they receive
    from outside the group, which is 0.

    **Linear.** Every round is linear in :math:`s`, so the loss is: :math:`x(\alpha s) =
    \alpha\,x(s)` and :math:`x(s + s') = x(s) + x(s')` (within [0, 1]). Nothing is clipped.

    Parameters
    ----------
    G : networkx.DiGraph
        Supplier -> customer with edge attribute ``volume`` (1 where missing) and node
        attributes ``employees``, ``final_demand``, ``helix``, ``region`` where known.
    shock : dict or Series
        Firm -> relative drop of its final demand, in [0, 1]: ``{"OEM A": 0.3}``. A shocked
        firm must sell something outside the graph (:math:`r_i < 1`): a final customer, or a
        firm with a positive ``final_demand``.
    rounds : int, optional
        Stop after this many rounds (1: direct suppliers of the shocked firms only); by default
        iterate until a round adds at most ``tol`` to every loss (at most ``max_rounds``, with a
        :class:`~helixnet.HelixWarning` if that is not enough).
    max_rounds : int
        The most rounds when ``rounds`` is not given (default 100000).
    damping : float in (0, 1]
    tol : float
    method : {"iterate", "solve"}
        ``"solve"`` solves :math:`(I - dW)x = b` directly (scipy.sparse.linalg.spsolve); it
        needs a unique solution (see above), ``rounds`` does not apply.

    Returns
    -------
    ShockResult
        ``firms`` (per firm), ``by_region``, ``by_helix``, ``rounds``, ``converged``.

    Raises
    ------
    HelixDataError
        Unknown firms in the shock, values outside [0, 1] or not numbers, a shock at a firm
        that sells only to firms in the graph, damping outside (0, 1], bad volumes, self-supply,
        negative ``employees`` or ``final_demand``.

    Examples
    --------
    A line ``t2 -> t1 -> oem``: ``t1`` sells a quarter of its output outside the graph.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("oem", employees=1000, region="Brainport", helix="industry")
    >>> G.add_node("t1", employees=100, final_demand=10.0, region="Brainport", helix="industry")
    >>> G.add_node("t2", employees=40, region="Germany", helix="industry")
    >>> G.add_edge("t1", "oem", volume=30.0)
    >>> G.add_edge("t2", "t1", volume=8.0)
    >>> result = propagate_shock(G, {"oem": 0.2}, damping=0.5)
    >>> result.firms[["relative_loss", "sales_loss", "jobs_at_risk"]]  # doctest: +NORMALIZE_WHITESPACE
                  relative_loss  sales_loss  jobs_at_risk
    organisation
    oem                  0.2000         NaN         200.0
    t1                   0.0750         3.0           7.5
    t2                   0.0375         0.3           1.5
    >>> result.rounds, result.converged
    (2, True)
    >>> result.by_region["jobs_at_risk"].round(6).to_dict()
    {'Brainport': 207.5, 'Germany': 1.5}

    References
    ----------
    .. [1] W. Leontief, Input-Output Economics, 2nd edition, Oxford University Press (1986).
    .. [2] D. Acemoglu, V. M. Carvalho, A. Ozdaglar and A. Tahbaz-Salehi, "The network origins of
       aggregate fluctuations", Econometrica 80(5) (2012) 1977-2016.
    """
    with paused_gc():
        return _propagate_shock(G, shock, rounds=rounds, damping=damping, tol=tol, method=method, max_rounds=max_rounds)


def _propagate_shock(G, shock, *, rounds, damping, tol, method, max_rounds) -> ShockResult:
    a = _arrays(G)
    n = a.n
    damping = float(v.check_scalar(damping, "damping", float, min_val=0, max_val=1, include_boundaries="right",
                                   fix="1 passes a customer's whole loss on."))
    if method not in ("iterate", "solve"):
        raise HelixDataError(f"method must be 'iterate' or 'solve', got {method!r}.")
    if rounds is not None:
        if method == "solve":
            raise HelixDataError("rounds=... applies to method='iterate' only; 'solve' gives the converged loss.")
        v.check_scalar(rounds, "rounds", int, min_val=0, fix="Pass None to iterate to convergence.")
    s = _shock_vector(shock, a.nodes)

    final = _node_numbers(G, a.nodes, "final_demand")
    network_sales = np.bincount(a.src, weights=a.volume, minlength=n)
    has_customers = np.bincount(a.src, minlength=n) > 0
    total = network_sales + np.nan_to_num(final, nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(total > 0, network_sales / total, 0.0)
        share = np.where(total[a.src] > 0, a.volume / total[a.src], 0.0)
    closed = (s > 0) & (network_sales > 0) & ~(np.nan_to_num(final, nan=0.0) > 0)
    if closed.any():
        raise HelixDataError(
            f"shock at firm(s) {v.examples(a.nodes[closed].tolist())} that sell only to firms in the graph "
            "(no final_demand), so a drop in their final demand changes nothing; shock their customers "
            "instead, or give them a node attribute / organisations column 'final_demand' (their sales "
            "outside the graph, in the unit of 'volume')."
        )
    W = sp.csr_array((share, (a.src, a.dst)), shape=(n, n))
    b = (1.0 - r) * s

    used, converged = 0, True
    if method == "solve":
        from scipy.sparse.linalg import MatrixRankWarning, spsolve

        with warnings.catch_warnings():
            warnings.simplefilter("error", MatrixRankWarning)
            try:
                x = spsolve(sp.csc_array(sp.eye_array(n) - damping * W), b)
            except (MatrixRankWarning, RuntimeError) as error:
                raise HelixDataError(
                    "method='solve': I - dW is singular (damping 1 and a group of firms that sell only to "
                    f"each other); use method='iterate', which gives the least solution ({error})."
                ) from None
        x = np.atleast_1d(np.asarray(x, dtype=float))
    else:
        limit = max_rounds if rounds is None else int(rounds)
        x = b.copy()
        term = b
        converged = False
        while True:
            following = damping * (W @ term) if term.any() else term
            if not following.any():
                converged = True
                break
            if used == limit:
                converged = bool(following.max() <= tol)
                break
            term = following
            x += term
            used += 1
            if term.max() <= tol:
                converged = True
                break
        if rounds is None and not converged:
            warnings.warn(
                f"propagate_shock: not converged after {used} rounds (last round added {term.max():.2e}); "
                "raise max_rounds or use damping < 1.",
                HelixWarning,
                stacklevel=3,
            )
    logger.info("propagate_shock: %d rounds, converged=%s", used, converged)

    sales = np.where(has_customers | ~np.isnan(final), total, np.nan)
    employees = _node_numbers(G, a.nodes, "employees")
    firms = pd.DataFrame(
        {
            "shock": s,
            "relative_loss": x,
            "sales": sales,
            "sales_loss": x * sales,
            "employees": employees,
            "jobs_at_risk": x * employees,
            "helix": _node_labels(G, a.nodes, "helix").to_numpy(),
            "region": _node_labels(G, a.nodes, "region").to_numpy(),
        },
        index=pd.Index(a.nodes, name="organisation"),
    )
    return ShockResult(
        firms=firms,
        by_region=summarise_shock(firms, "region"),
        by_helix=summarise_shock(firms, "helix"),
        rounds=used,
        converged=bool(converged),
        damping=damping,
        info={"method": method, "tol": tol, "shocked": int((s > 0).sum())},
    )


def summarise_shock(firms: pd.DataFrame | ShockResult, by: str | list[str] = "region") -> pd.DataFrame:
    """Sum the losses of :func:`propagate_shock` by group (region, helix, tier, sector, ...).

    Columns: ``firms``, ``firms_hit`` (relative loss > 0), ``employees`` and ``jobs_at_risk``
    (sums over firms whose employees are known), ``sales`` and ``sales_loss`` (sums over firms
    whose sales are known) and ``relative_loss`` = sales_loss / sales of the group. A missing
    group label counts as ``"unknown"``.

    Parameters
    ----------
    firms : DataFrame or ShockResult
        ``ShockResult.firms``, possibly joined with more columns (e.g. ``supply_measures``).
    by : str or list of str
        The column(s) to group by.

    Returns
    -------
    DataFrame
        One row per group (index: the ``by`` column(s)), the columns above.

    Examples
    --------
    >>> import pandas as pd
    >>> firms = pd.DataFrame({"relative_loss": [0.5, 0.0, 0.1], "sales": [10.0, 5.0, None],
    ...                       "sales_loss": [5.0, 0.0, None], "employees": [10, 4, 20],
    ...                       "jobs_at_risk": [5.0, 0.0, 2.0], "region": ["A", "A", None]})
    >>> summary = summarise_shock(firms, "region")
    >>> summary[["firms", "firms_hit", "jobs_at_risk", "sales_loss", "relative_loss"]]  # doctest: +NORMALIZE_WHITESPACE
             firms  firms_hit  jobs_at_risk  sales_loss  relative_loss
    region
    A            2          1           5.0         5.0       0.333333
    unknown      1          1           2.0         NaN            NaN
    """
    if isinstance(firms, ShockResult):
        firms = firms.firms
    columns = [by] if isinstance(by, str) else list(by)
    v.require_frame(firms, "firms")
    v.require_columns(firms, columns + ["relative_loss", "sales", "sales_loss", "employees", "jobs_at_risk"], "firms")
    keys = firms[columns].astype(object).where(firms[columns].notna(), "unknown")
    table = pd.DataFrame(
        {
            "firms": 1,
            "firms_hit": (firms["relative_loss"] > 0).astype(int),
            "employees": pd.to_numeric(firms["employees"], errors="coerce"),
            "jobs_at_risk": pd.to_numeric(firms["jobs_at_risk"], errors="coerce"),
            "sales": pd.to_numeric(firms["sales"], errors="coerce"),
            "sales_loss": pd.to_numeric(firms["sales_loss"], errors="coerce"),
        },
        index=firms.index,
    )
    grouped = table.groupby([keys[c] for c in columns]).sum(min_count=1)
    grouped[["employees", "jobs_at_risk", "sales", "sales_loss"]] = grouped[
        ["employees", "jobs_at_risk", "sales", "sales_loss"]
    ].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        grouped["relative_loss"] = np.where(grouped["sales"] > 0, grouped["sales_loss"] / grouped["sales"], np.nan)
    grouped.index.names = columns
    return grouped


#: The levels :func:`shock_by_region` sums over: columns of :func:`helixnet.assign_regions`.
REGION_LEVELS: tuple[str, ...] = ("nuts1", "nuts2", "nuts3", "labour_market_region")
#: The row of :func:`shock_by_region` for firms without a region at the level asked for.
UNPLACED = "unplaced"


def shock_by_region(
    result: ShockResult | pd.DataFrame,
    regions: pd.DataFrame,
    level: str = "nuts3",
    *,
    id_column: str = "organisation",
    nuts_version: int = 2021,
) -> pd.DataFrame:
    """Sum the losses of :func:`propagate_shock` by NUTS region or Dutch labour-market region.

    Each firm of the result is looked up in ``regions`` (the table of
    :func:`helixnet.assign_regions`, or any organisations table with the same columns, such as
    the synthetic generator's) and its losses are added to its region at ``level``. Firms that
    ``regions`` does not list, or lists without a region at that level (unplaced, split between
    regions, abroad), are summed in one row ``"unplaced"``: counted, never dropped, so the rows
    always add up to the whole result.

    Parameters
    ----------
    result : ShockResult or DataFrame
        The result of :func:`propagate_shock`, or its ``firms`` table.
    regions : DataFrame
        Organisation -> region: indexed by organisation id, or with the ids in ``id_column``;
        with the column ``level``.
    level : {"nuts1", "nuts2", "nuts3", "labour_market_region"}
    id_column : str
        Column of ``regions`` with the organisation ids, when they are not its index.
    nuts_version : {2016, 2021, 2024}
        NUTS version of the codes, for the region names.

    Returns
    -------
    DataFrame
        Indexed by region (index named ``level``), the ``"unplaced"`` row last: ``name`` (the
        NUTS name, or the labour-market region's own name), and the columns of
        :func:`summarise_shock` (``firms``, ``firms_hit``, ``employees``, ``jobs_at_risk``,
        ``sales``, ``sales_loss``, ``relative_loss``). Other rows sorted by jobs at risk, most
        first.

    Raises
    ------
    HelixDataError
        An unknown ``level``, ``regions`` without that column or with duplicate ids.

    Examples
    --------
    >>> import networkx as nx
    >>> import pandas as pd
    >>> G = nx.DiGraph()
    >>> G.add_node("oem", employees=1000, final_demand=100.0)
    >>> G.add_node("t1", employees=100)
    >>> G.add_node("t2", employees=40)
    >>> G.add_edge("t1", "oem", volume=30.0)
    >>> G.add_edge("t2", "oem", volume=10.0)
    >>> result = propagate_shock(G, {"oem": 0.2})
    >>> regions = pd.DataFrame({"nuts3": ["NL414", "NL414", None]}, index=["oem", "t1", "t2"])
    >>> shock_by_region(result, regions, "nuts3")[["name", "firms", "jobs_at_risk"]]  # doctest: +NORMALIZE_WHITESPACE
                                name  firms  jobs_at_risk
    nuts3
    NL414     Zuidoost-Noord-Brabant      2         220.0
    unplaced                    <NA>      1           8.0
    """
    from .regions import nuts_regions

    firms = result.firms if isinstance(result, ShockResult) else result
    v.require_frame(firms, "result")
    if level not in REGION_LEVELS:
        raise HelixDataError(f"level must be one of {list(REGION_LEVELS)}, got {level!r}.")
    v.require_frame(regions, "regions")
    if id_column in regions.columns:
        regions = regions.set_index(id_column)
    v.require_columns(regions, [level], "regions")
    if not regions.index.is_unique:
        raise HelixDataError(
            f"regions lists organisation(s) {v.examples(regions.index[regions.index.duplicated()].unique())} "
            "more than once; give one row per organisation (helixnet.assign_regions does)."
        )
    region_of = regions[level].astype(object).where(regions[level].notna(), None).to_dict()
    keys = pd.Series([region_of.get(firm) for firm in firms.index], index=firms.index, dtype=object)
    missing = int((~firms.index.isin(regions.index)).sum())
    if missing:
        logger.info("shock_by_region: %d of %d firms are not in regions; summed as %r", missing, len(firms), UNPLACED)
    keys = keys.where(keys.notna(), UNPLACED)
    table = summarise_shock(firms.assign(_region=keys.to_numpy()), "_region")
    table.index.name = level
    placed = table.drop(index=UNPLACED, errors="ignore").sort_values("jobs_at_risk", ascending=False, kind="stable")
    table = pd.concat([placed, table.loc[[UNPLACED]]]) if UNPLACED in table.index else placed
    if level == "labour_market_region":
        names = pd.Series(table.index, index=table.index).where(table.index != UNPLACED)
    else:
        names = pd.Series(table.index.map(nuts_regions(nuts_version)["name"].to_dict()), index=table.index)
    table.insert(0, "name", names.astype("string"))
    return table


# --------------------------------------------------------------------------------------------
# both layers
# --------------------------------------------------------------------------------------------


def ecosystem(collaboration: nx.Graph | None = None, supply: nx.DiGraph | None = None) -> nx.MultiDiGraph:
    """Collaboration and supply in one graph: a MultiDiGraph with a ``layer`` on every edge.

    - a collaboration tie ``u - v`` (undirected) becomes **two** edges, ``u -> v`` and
      ``v -> u``, each with ``layer="collaboration"``, key ``"collaboration"`` and the tie's
      attributes (``weight``, ``count``), so that successors, predecessors and directed
      algorithms see collaboration as mutual; count ties with
      ``G.graph["collaboration_ties"]``, not with the number of edges;
    - a supply edge ``supplier -> customer`` stays one edge with ``layer="supply"``, key
      ``"supply"`` and its ``volume``.

    Nodes are the union of both graphs' nodes; their attributes are merged (the collaboration
    graph's value wins where both give a different one; such conflicts are logged and counted
    in ``G.graph["attribute_conflicts"]``), plus ``layers``: ``"collaboration"``,
    ``"supply"`` or ``"collaboration+supply"``. One layer back:
    ``nx.subgraph_view(G, filter_edge=lambda u, v, k: k == "supply")``.

    Parameters
    ----------
    collaboration : networkx.Graph, optional
        Undirected (e.g. :func:`helixnet.collaboration_graph`).
    supply : networkx.DiGraph, optional
        Supplier -> customer (e.g. :func:`supply_chain_graph`).

    Returns
    -------
    networkx.MultiDiGraph
        Both layers, as above.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("uni", "oem", {"weight": 2.0, "count": 2})])
    >>> S = nx.DiGraph([("t1", "oem", {"volume": 5.0})])
    >>> E = ecosystem(collaboration=C, supply=S)
    >>> sorted(E.edges(keys=True))
    [('oem', 'uni', 'collaboration'), ('t1', 'oem', 'supply'), ('uni', 'oem', 'collaboration')]
    >>> E.nodes["oem"]["layers"], E.graph["collaboration_ties"]
    ('collaboration+supply', 1)
    """
    if collaboration is None and supply is None:
        raise HelixDataError("ecosystem needs collaboration=..., supply=... or both.")
    if collaboration is not None and (not isinstance(collaboration, nx.Graph) or collaboration.is_directed()):
        raise HelixDataError(
            f"collaboration must be an undirected networkx Graph, got {type(collaboration).__name__}; "
            "build it with helixnet.collaboration_graph(participations, organisations)."
        )
    if supply is not None and (not isinstance(supply, nx.DiGraph) or not supply.is_directed()):
        raise HelixDataError(
            f"supply must be a networkx DiGraph (supplier -> customer), got {type(supply).__name__}; "
            "build it with helixnet.supply_chain_graph(edges, organisations)."
        )
    E = nx.MultiDiGraph()
    layers: dict[Hashable, set[str]] = {}
    conflicts = 0
    for name, graph in (("collaboration", collaboration), ("supply", supply)):
        if graph is None:
            continue
        for node, attrs in graph.nodes(data=True):
            layers.setdefault(node, set()).add(name)
            if node in E:
                known = E.nodes[node]
                for key, value in attrs.items():
                    if key not in known:
                        known[key] = value
                    elif not _same(known[key], value):
                        conflicts += 1
            else:
                E.add_node(node, **attrs)
    for node, names in layers.items():
        E.nodes[node]["layers"] = "+".join(sorted(names))
    if conflicts:
        logger.warning("ecosystem: %d node attribute(s) differ between the layers; kept the collaboration values", conflicts)
    if collaboration is not None:
        for a, b, data in collaboration.edges(data=True):
            E.add_edge(a, b, key="collaboration", **{**data, "layer": "collaboration"})
            E.add_edge(b, a, key="collaboration", **{**data, "layer": "collaboration"})
    if supply is not None:
        for a, b, data in supply.edges(data=True):
            E.add_edge(a, b, key="supply", **{**data, "layer": "supply"})
    E.graph.update(
        layers=[name for name, graph in (("collaboration", collaboration), ("supply", supply)) if graph is not None],
        collaboration_ties=collaboration.number_of_edges() if collaboration is not None else 0,
        supply_edges=supply.number_of_edges() if supply is not None else 0,
        attribute_conflicts=conflicts,
    )
    return E


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) or (_missing(a) and _missing(b))
    except (TypeError, ValueError):
        return False
