"""Graph conversions shared by the network measures, clusters, brokerage and the maps (private).

networkx graphs come in; integer edge arrays, igraph graphs and scipy CSR matrices go to the
algorithms, with the node list that maps results back to node ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import chain
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _parallel
from . import _validate as v
from .errors import HelixDataError

_masked_row_dots: Callable[..., None] | None  # None where the kernel was not compiled
try:
    from ._kernels import masked_row_dots as _masked_row_dots
except ImportError:  # pragma: no cover - installed without a C compiler (the extension is optional)
    _masked_row_dots = None

if TYPE_CHECKING:
    import igraph as ig

#: Wanted entries of a masked product per thread (each entry is one merge of two sorted rows).
ENTRIES_PER_THREAD = 1 << 14


def require_graph(G: Any, what: str = "G", *, allow_empty: bool = False, multigraph: bool = False) -> None:
    """``G`` must be a networkx graph with at least one node; simple (Graph or DiGraph) unless ``multigraph``."""
    if not isinstance(G, nx.Graph):
        raise HelixDataError(
            f"{what} must be a networkx graph (Graph or DiGraph), got {type(G).__name__}; build one with "
            "helixnet.collaboration_graph or networkx."
        )
    if G.is_multigraph() and not multigraph:
        raise HelixDataError(
            f"{what} is a networkx {type(G).__name__}; helixnet needs a simple graph. Collapse "
            "parallel edges first (e.g. sum their weights into one edge: nx.Graph(G) keeps one)."
        )
    if not allow_empty and G.number_of_nodes() == 0:
        raise HelixDataError(f"{what} has no nodes; pass a graph with at least one node.")



def edge_arrays(
    G: nx.Graph, attributes: Sequence[str | None] = ()
) -> tuple[list[Hashable], np.ndarray, np.ndarray, list[np.ndarray]]:
    """Nodes (in ``G``'s order), integer source and target arrays, and one float array per
    edge attribute (an edge without the attribute counts 1, as in networkx).

    Each undirected edge appears once (as ``src <= dst``). The adjacency dictionaries are read
    with C-level iterators (``map`` over ``chain``), about 5x faster than ``G.edges(data=...)``
    on the H2020 graph. Attributes are checked to be finite and >= 0.
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    adj = G._adj  # networkx's adjacency (successors for a DiGraph): read-only use
    n_entries = sum(map(len, adj.values()))
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(nodes))
    src = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    dst = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())), dtype=np.int64, count=n_entries)
    keep = None if G.is_directed() else src <= dst
    if keep is not None:
        src, dst = src[keep], dst[keep]
    values = []
    for name in attributes:
        if name is None:
            values.append(np.ones(len(src)))
            continue
        array = None
        for getter in (itemgetter(name), methodcaller("get", name, 1.0)):  # fast path: all present
            raw = map(getter, chain.from_iterable(nbrs.values() for nbrs in adj.values()))
            try:
                array = np.fromiter(raw, dtype=float, count=n_entries)
                break
            except KeyError:
                continue
            except (TypeError, ValueError):
                break
        if array is not None and keep is not None:
            array = array[keep]
        if array is None or (array.size and (~np.isfinite(array) | (array < 0)).any()):
            listed = [
                (u, w, d.get(name, 1.0)) for u, w, d in G.edges(data=True)
            ]
            numbers = pd.to_numeric(pd.Series([x[2] for x in listed], dtype=object), errors="coerce")
            bad = (numbers.isna() | ~np.isfinite(numbers.fillna(0)) | (numbers < 0)).to_numpy()
            shown = [x[2] for x, b in zip(listed, bad) if b]
            where = [(x[0], x[1]) for x, b in zip(listed, bad) if b]
            raise HelixDataError(
                f"edge attribute {name!r} has negative, NaN, infinite or non-numeric value(s) "
                f"{v.examples(list(dict.fromkeys(map(str, shown))))} on edge(s) {v.examples(where)}; "
                "weights must be finite numbers >= 0 (or pass weight=None to ignore them)."
            )
        values.append(array)
    return nodes, src, dst, values



def igraph_from_edges(n: int, src: np.ndarray, dst: np.ndarray, *, directed: bool = False) -> ig.Graph:
    """An igraph graph with vertices ``0..n-1`` and the edges ``src[i] - dst[i]``."""
    import igraph as ig  # imported where used: it takes ~0.6 s (with its plotting back end)

    # A list of tuples is the edge list igraph converts fastest (faster than a 2-column array).
    return ig.Graph(n=n, edges=list(zip(np.asarray(src).tolist(), np.asarray(dst).tolist())), directed=directed)


def to_igraph(
    G: nx.Graph, weight: str | None = "weight", *, distance: str | None = None
) -> tuple[ig.Graph, list[Hashable]]:
    """An igraph copy of ``G`` built from integer edge arrays, and the node list.

    Vertex ``i`` of the igraph graph is ``nodes[i]``. With ``weight`` the edges carry
    ``es["weight"]`` (missing values count 1), with ``distance`` also ``es["distance"]``.
    Self-loops are kept; use the node list to map results back.
    """
    require_graph(G)
    nodes, src, dst, (w, dist) = edge_arrays(G, [weight, distance])
    g = igraph_from_edges(len(nodes), src, dst, directed=G.is_directed())
    if weight is not None:
        g.es["weight"] = w.tolist()
    if distance is not None:
        g.es["distance"] = dist.tolist()
    return g, nodes



def to_sparse(
    G: nx.Graph, weight: str | None = "weight", *, symmetric: bool | None = None
) -> tuple[sp.csr_matrix, list[Hashable]]:
    """The (weighted) adjacency matrix of ``G`` as CSR, and the node list.

    For an undirected graph (or ``symmetric=True``) both ``A[i, j]`` and ``A[j, i]`` hold the
    weight of the tie; for a directed one ``A[i, j]`` is the weight of ``i -> j``. Self-loops
    are dropped. ``weight=None`` gives a 0/1 matrix.
    """
    require_graph(G)
    nodes, src, dst, (w,) = edge_arrays(G, [weight])
    keep = src != dst
    src, dst, w = src[keep], dst[keep], w[keep]
    n = len(nodes)
    if symmetric is None:
        symmetric = not G.is_directed()
    if symmetric:
        src, dst, w = np.r_[src, dst], np.r_[dst, src], np.r_[w, w]
    matrix = sp.csr_matrix((w, (src, dst)), shape=(n, n))
    matrix.sum_duplicates()
    return matrix, nodes



def masked_product(
    left: sp.csr_matrix, right: sp.csr_matrix, mask: sp.csr_matrix, *, budget: float = 3e7
) -> sp.csr_matrix:
    """``(left @ right)`` kept only where ``mask`` is non-zero (and the product too).

    The full product of a big collaboration graph does not fit in memory (the H2020 graph's
    ``A @ A`` has 2.5e8 non-zeros). Two ways, whichever is estimated faster:

    - the compiled kernel (:mod:`helixnet._kernels`): each wanted entry is a merge of a row of
      ``left`` and a column of ``right``, the entries spread over the cores; it wins where the
      product is dense and the mask sparse (structural holes: 3.4 times faster on H2020);
    - scipy on row blocks whose multiply work (sum over the block's non-zeros of the matching
      row lengths of ``right``) stays under ``budget``, each block masked before the next; it
      wins where ``right`` is sparse (brokerage's group-filtered products).
    """
    left, right, mask = sp.csr_matrix(left), sp.csr_matrix(right), sp.csr_matrix(mask, copy=True)
    mask.eliminate_zeros()
    mask.sum_duplicates()
    right_rows = np.diff(right.indptr).astype(np.float64)
    if _masked_row_dots is not None:
        right_t = sp.csr_matrix(right.T)
        rows = np.repeat(np.arange(mask.shape[0], dtype=np.int64), np.diff(mask.indptr))
        cols = mask.indices.astype(np.int64)
        merge_steps = float(np.diff(left.indptr)[rows].sum() + np.diff(right_t.indptr)[cols].sum())
        products = float(np.bincount(left.indices, minlength=right.shape[0]) @ right_rows)
        # costs measured on the H2020 graph: ~2 ns a merge step, ~13 ns a scipy product, ~100 ns
        # to mask an entry
        if 2 * merge_steps < 13 * products + 100 * len(rows):
            return masked_product_by_merges(left, right_t, mask, rows, cols)
    n_rows = left.shape[0]
    work = left.astype(bool).astype(np.float64) @ right_rows if left.nnz else np.zeros(n_rows)
    cumulative = np.cumsum(work)
    bounds = [0]
    while bounds[-1] < n_rows:
        start = bounds[-1]
        base = cumulative[start - 1] if start else 0.0
        stop = int(np.searchsorted(cumulative, base + budget, side="right"))
        bounds.append(min(max(stop, start + 1), n_rows))
    pattern = mask.astype(bool).astype(left.dtype)
    blocks = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        block = left[start:stop] @ right
        blocks.append(sp.csr_matrix(block.multiply(pattern[start:stop])))
    if not blocks:
        return sp.csr_matrix(mask.shape, dtype=left.dtype)
    return sp.csr_matrix(sp.vstack(blocks, format="csr"))



def kernel_csr(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """indptr, indices (int64, sorted within rows) and data (float64) of a CSR matrix, for the kernel."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    matrix.sum_duplicates()  # also sorts the indices
    return matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), matrix.data



def masked_product_by_merges(
    left: sp.csr_matrix, right_t: sp.csr_matrix, mask: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray
) -> sp.csr_matrix:
    """``(left @ right_t.T)`` at the positions ``rows, cols`` of ``mask``'s non-zeros, by the kernel."""
    row_dots = _masked_row_dots
    if row_dots is None:  # callers check for the kernel first: a bug, not bad input
        raise RuntimeError("helixnet: masked_product_by_merges called without the compiled kernel; please report this")
    left_arrays, right_arrays = kernel_csr(left), kernel_csr(right_t)
    values = np.empty(len(rows))

    def merge(start: int, stop: int) -> None:
        row_dots(*left_arrays, *right_arrays, rows[start:stop], cols[start:stop], values[start:stop])

    _parallel.in_slices(merge, len(rows), ENTRIES_PER_THREAD)
    result = sp.csr_matrix((values, mask.indices.copy(), mask.indptr.copy()), shape=mask.shape)
    result.eliminate_zeros()
    return result

def clusters_by_node(clusters: Any, nodes: Sequence[Hashable], what: str = "clusters") -> pd.Series:
    """The cluster id of each of ``nodes`` (positional index), from a Series, mapping or DataFrame.

    Accepts what :func:`helixnet.clusters` returns (a Series node -> cluster, or a DataFrame with
    a ``cluster`` column) and plain dicts. Every node needs one cluster; entries for nodes that
    are not in ``nodes`` are ignored.
    """
    if isinstance(clusters, pd.DataFrame):
        if "cluster" not in clusters.columns:
            raise HelixDataError(
                f"{what}: clusters is a DataFrame without a 'cluster' column (it has "
                f"{v.examples(list(clusters.columns), 8)}); pass helixnet.clusters(G) or a Series node -> cluster id."
            )
        mapping = clusters["cluster"]
    elif isinstance(clusters, pd.Series):
        mapping = clusters
    elif isinstance(clusters, Mapping):
        mapping = pd.Series(dict(clusters), dtype=object)
    else:
        raise HelixDataError(
            f"{what}: clusters must be a mapping node -> cluster id, a Series indexed by node or a "
            f"DataFrame with a 'cluster' column; got {type(clusters).__name__}."
        )
    if not mapping.index.is_unique:
        dup = mapping.index[mapping.index.duplicated()].unique()
        raise HelixDataError(f"{what}: clusters lists node(s) {v.examples(list(dup))} more than once; give one cluster per node.")
    nodes = list(nodes)
    values = mapping.reindex(pd.Index(nodes, dtype=object) if not isinstance(mapping.index, pd.MultiIndex) else nodes)
    missing = values.isna().to_numpy()
    if missing.any():
        bad = [nodes[i] for i in np.flatnonzero(missing)]
        raise HelixDataError(
            f"{what}: {int(missing.sum())} node(s) of the graph have no cluster: {v.examples(bad)}; compute the "
            "clusters on this same graph (helixnet.clusters(G)) or give every node a cluster id."
        )
    return pd.Series(values.to_numpy(), index=range(len(nodes)))
