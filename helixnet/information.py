r"""Information-theoretic Triple Helix indicators: entropies, Leydesdorff's T, mutual redundancy.

Every measure here is a function of one contingency table: the joint counts of the chosen
columns. The table is built once (:func:`contingency`): each column is encoded to integer codes
(integer columns with a small non-negative range are used as they are, strings through Arrow's
dictionary encoding or :func:`pandas.factorize`), one pass over the records counts every cell of
the mixed-radix code of all columns (a small C kernel, :mod:`helixnet._kernels`; numpy's
:func:`numpy.bincount` where it was not compiled), and the entropy of every subset of the columns
is a sum over axes of that table. There is no group-by per subset and no Python loop over records.

``data`` is always a :class:`pandas.DataFrame`, either of *records* (one row per case) or of an
already counted table, whose counts (fractional counts allowed) sit in the column named by
``weights``. Both are the same thing to the functions: a row is a combination of values with a
weight (1 for plain records). ``data`` may also be a :class:`dask.dataframe.DataFrame`: it is
counted where it lies (:func:`helixnet.scale.dask_counts`) and the small counted table goes the
same exact path, with the same result (see the how-to "From pandas to a Dask cluster").

Sign conventions (Leydesdorff; McGill 1954; Yeung's I-measure; equal to
``dit.multivariate.coinformation``):

.. math::

    T(X_1, \dots, X_N) = \sum_{\emptyset \ne S \subseteq \{1..N\}} (-1)^{|S|+1} H(X_S)

so :math:`T_{xy} = H_x + H_y - H_{xy} \ge 0` and
:math:`T_{uig} = H_u + H_i + H_g - H_{ui} - H_{ug} - H_{ig} + H_{uig}`, whose negative values are
read as synergy. Mutual redundancy is :math:`R_N = (-1)^{N+1} T_N` (Leydesdorff & Ivanova 2014).
Entropies are in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from itertools import combinations
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from . import _parallel
from . import scale as _scale
from ._validate import (
    HELICES,
    check_scalar,
    check_seed,
    examples,
    is_dask,
    require_columns,
    require_one_spelling,
    require_frame,
    require_helices,
    require_ids,
    require_weights,
)
from .errors import HelixDataError, HelixWarning

try:
    from ._kernels import MAX_COLUMNS as _KERNEL_MAX_COLUMNS
    from ._kernels import count_cells as _count_cells
except ImportError:  # pragma: no cover - installed without a C compiler (the extension is optional)
    _count_cells, _KERNEL_MAX_COLUMNS = None, 0

__all__ = [
    "entropy",
    "mutual_information",
    "redundancy",
    "synergy_table",
    "krippendorff_interaction",
    "venn_table",
    "presence_table",
    "decompose",
    "rank_triads",
    "mutual_information_ci",
    "independence_test",
    "synergy_over_time",
    "contingency",
    "contingency_table",
]

logger = logging.getLogger("helixnet")

Missing = Literal["error", "category", "drop"]
Estimator = Literal["plugin", "miller-madow"]

#: Largest number of cells of a dense contingency table; beyond it the counts stay sparse.
DENSE_LIMIT = 1 << 24
#: Integer columns with values in [0, DIRECT_LIMIT) are used as codes without factorizing.
DIRECT_LIMIT = 1 << 16
#: Values at each end of a raw integer column that size it before the counting pass checks the rest.
RAW_SAMPLE = 2048
#: The counting pass runs on several cores when each gets at least this many records...
RECORDS_PER_THREAD = 1 << 18
#: ...and the table has at most this many cells (each core fills a table of its own).
THREADED_CELLS = 1 << 20

_LETTERS = {"U": "knowledge", "I": "industry", "G": "government"}
_MISSING_LABEL = np.nan


# --------------------------------------------------------------------------------------------
# Counting: records -> integer codes -> contingency table
# --------------------------------------------------------------------------------------------


class Encoded(NamedTuple):
    """Columns encoded to integer codes (the input of every count).

    ``codes[j]`` holds a code in ``range(sizes[j])`` per record, ``categories[j][code]`` is its
    label, ``weights`` the record weights (``None``: all 1), ``dropped`` how many records were
    dropped for missing values (``missing="drop"``). ``sampled``: raw integer columns were sized
    from a sample of their values (``encode(sample_raw=True)``); until a counting pass has found
    every value in range, ``codes[j] < sizes[j]`` is not known to hold.
    """

    columns: list[Hashable]
    codes: list[np.ndarray]
    sizes: list[int]
    categories: list[pd.Index]
    weights: np.ndarray | None
    dropped: int
    sampled: bool = False

    @property
    def total(self) -> float:
        """Number of records, or the sum of the weights."""
        return float(len(self.codes[0])) if self.weights is None else float(self.weights.sum())


def _encode_column(series: pd.Series, sample_raw: bool = False) -> tuple[np.ndarray, pd.Index, bool]:
    """Integer codes (-1 = missing), category labels, and whether the codes are raw values.

    ``sample_raw``: size a raw integer column by the maximum of its first and last
    :data:`RAW_SAMPLE` values only; for :func:`_encode_and_count`, whose counting pass checks
    the rest.
    """
    dtype = series.dtype
    if dtype == np.bool_:
        return series.to_numpy().view(np.int8), pd.Index([False, True]), True
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        values = series.to_numpy()
        if len(values):
            probe = values
            if sample_raw and len(values) > 2 * RAW_SAMPLE:
                probe = np.concatenate([values[:RAW_SAMPLE], values[-RAW_SAMPLE:]])
            # one pass: read as unsigned, negative values are huge, so the maximum checks both ends
            high = int(probe.view(f"u{probe.itemsize}").max())
            if high < DIRECT_LIMIT:
                return values, pd.RangeIndex(high + 1), True
    if isinstance(dtype, pd.CategoricalDtype):
        return series.array.codes, series.array.categories, False
    array = series.array
    if hasattr(array, "__arrow_array__") and not isinstance(dtype, pd.CategoricalDtype):
        try:
            import pyarrow as pa
            import pyarrow.compute as pc

            chunked = array.__arrow_array__()
            if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 0 and not pa.types.is_dictionary(
                chunked.type
            ):
                encoded = pc.dictionary_encode(chunked)
                dictionary = encoded.chunks[-1].dictionary
                indices = pa.chunked_array([c.indices for c in encoded.chunks]).combine_chunks()
                if indices.null_count:
                    indices = pc.fill_null(indices, -1)
                codes = indices.to_numpy(zero_copy_only=False)
                return codes, pd.Index(dictionary.to_pandas()), False
        except (ImportError, TypeError, ValueError, NotImplementedError, AttributeError):  # pragma: no cover
            pass
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, pd.Index(uniques), False


def _check_missing_option(missing: str) -> None:
    if missing not in ("error", "category", "drop"):
        raise HelixDataError(f"missing must be 'error', 'category' or 'drop', got {missing!r}.")


def encode(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    *,
    weights: Hashable | None = None,
    missing: Missing = "error",
    what: str = "data",
    sample_raw: bool = False,
) -> Encoded:
    """Encode ``columns`` of ``data`` to integer codes once (the hot path's first step).

    Integer (and boolean) columns whose values lie in ``[0, DIRECT_LIMIT)`` are used as codes
    directly; categorical columns give their codes; Arrow-backed strings are dictionary-encoded
    by Arrow; anything else goes through :func:`pandas.factorize`.

    ``missing``: ``"error"`` (default) raises :class:`HelixDataError` naming the column and rows;
    ``"category"`` makes missing a category of its own (label NaN); ``"drop"`` drops the records
    with a missing value in any of the columns and logs how many (``Encoded.dropped``).

    ``sample_raw`` is for :func:`_encode_and_count` only: when every column is integer, boolean or
    categorical, raw integer columns are then sized from a sample of their values, and the sizes
    hold only once every value was checked.
    """
    _check_missing_option(missing)
    codes: list[np.ndarray] = []
    sizes: list[int] = []
    categories: list[pd.Index] = []
    masks: list[np.ndarray | None] = []
    series = [data[column] for column in columns]
    hashed = sum(not _cheap_to_encode(s.dtype) for s in series)
    sample_raw = sample_raw and not hashed  # only where encoding again costs little
    if len(data) >= RECORDS_PER_THREAD and hashed > 1 and _parallel.cores() > 1:
        # Arrow's dictionary encoding of strings releases the GIL: one column per core
        encoded = list(_parallel.pool().map(lambda s: _encode_column(s, sample_raw), series))
    else:
        encoded = [_encode_column(s, sample_raw) for s in series]
    for column, (code, cats, raw) in zip(columns, encoded):
        require_one_spelling(cats, column, what)
        mask = None
        if not raw and code.dtype.kind == "i" and len(code) and code.min() < 0:
            mask = code < 0
        if mask is not None and missing == "error":
            rows = list(data.index[mask])
            raise HelixDataError(
                f"{what}: column {column!r} has {int(mask.sum())} missing value(s) at row(s) {examples(rows)}; "
                "fill them in, or pass missing='category' (missing becomes a category) or "
                "missing='drop' (those records are dropped and counted)."
            )
        if mask is not None and missing == "category":
            code = code.astype(np.intp, copy=True)
            code[mask] = len(cats)
            cats = cats.append(pd.Index([_MISSING_LABEL], dtype=object)) if len(cats) else pd.Index([_MISSING_LABEL])
            mask = None
        codes.append(code)
        sizes.append(max(len(cats), 1))
        categories.append(cats)
        masks.append(mask)
    w = None
    if weights is not None:
        w = require_weights(data[weights], weights, what)
    dropped = 0
    if missing == "drop" and any(m is not None for m in masks):
        bad = np.zeros(len(data), dtype=bool)
        for m in masks:
            if m is not None:
                bad |= m
        keep = ~bad
        dropped = int(bad.sum())
        codes = [c[keep] for c in codes]
        if w is not None:
            w = w[keep]
        logger.warning(
            "%s: dropped %d record(s) with a missing value in column(s) %s (missing='drop')",
            what,
            dropped,
            examples([c for c, m in zip(columns, masks) if m is not None]),
        )
        if len(codes[0]) == 0:
            raise HelixDataError(f"{what}: every record has a missing value in {examples(list(columns))}; nothing left.")
    return Encoded(list(columns), codes, sizes, categories, w, dropped, sampled=sample_raw)


def _compact(enc: Encoded) -> Encoded:
    """Drop categories that never occur (shrinks tables of raw integer codes)."""
    codes, sizes, cats = [], [], []
    for code, size, cat in zip(enc.codes, enc.sizes, enc.categories):
        present = np.bincount(code, minlength=size) > 0
        if present.all():
            codes.append(code)
            sizes.append(size)
            cats.append(cat)
            continue
        remap = np.cumsum(present) - 1
        codes.append(remap[code])
        sizes.append(int(present.sum()))
        cats.append(cat[present])
    return enc._replace(codes=codes, sizes=sizes, categories=cats)


def _radix(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    """Mixed-radix code of several code arrays (row-major, last column fastest), as int64."""
    code = codes[0].astype(np.int64, copy=True)
    for c, k in zip(codes[1:], sizes[1:]):
        code *= k
        code += c
    return code


def _signed_codes(codes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The code columns as contiguous arrays of one native signed integer type (the kernel's input)."""
    common = np.result_type(*codes)
    if common.kind == "u":
        common = np.dtype(f"i{min(2 * common.itemsize, 8)}")
    elif common.kind != "i":
        common = np.dtype(np.int64)
    return [np.ascontiguousarray(c, dtype=common) for c in codes]


def _kernel_counts_table(n_columns: int, weights: Any) -> bool:
    """Whether the C kernel counts this table: unweighted records of 2 to its maximum of columns."""
    return weights is None and _count_cells is not None and 2 <= n_columns <= _KERNEL_MAX_COLUMNS


def _kernel_counts(codes: Sequence[np.ndarray], shape: Sequence[int]) -> np.ndarray | None:
    """Flat int64 counts of every cell by the C kernel, or ``None`` if a code is out of its range.

    The kernel releases the GIL, so from :data:`RECORDS_PER_THREAD` records per core on, the
    records are split into one slice per core, each counted into a table of its own.
    """
    codes = _signed_codes(codes)
    cells = math.prod(shape)
    n = len(codes[0])

    def count(start: int, stop: int) -> tuple[int, np.ndarray]:
        table = np.zeros(cells, dtype=np.int64)
        return _count_cells([c[start:stop] for c in codes], shape, table), table

    # each slice fills a table of its own: only for tables small next to the records
    parts = _parallel.in_slices(count, n, RECORDS_PER_THREAD if cells <= THREADED_CELLS else max(n, 1))
    if max(first_bad for first_bad, _ in parts) >= 0:
        return None
    total = parts[0][1]
    for _, table in parts[1:]:
        total += table
    return total


def _dense_counts(enc: Encoded, axes: Sequence[int] | None = None) -> np.ndarray:
    """Dense table of counts over ``axes`` (default: all columns) in one pass over the records.

    Unweighted records of two or more columns go through the C kernel
    (:mod:`helixnet._kernels`), which reads each record once; otherwise (weights, one column,
    or an install without the compiled kernel) one :func:`numpy.bincount` over the mixed-radix
    code gives the same counts.
    """
    axes = list(range(len(enc.codes))) if axes is None else list(axes)
    shape = [enc.sizes[a] for a in axes]
    cells = math.prod(shape)
    codes = [enc.codes[a] for a in axes]
    if len(axes) == 1:
        flat = np.bincount(codes[0], weights=enc.weights, minlength=cells)
    elif _kernel_counts_table(len(axes), enc.weights):
        flat = _kernel_counts(codes, shape)
        if flat is None:  # encode() guarantees the ranges: a bug, not bad input
            raise RuntimeError("helixnet: a code out of range after encoding; please report this")
    else:
        flat = np.bincount(_radix(codes, shape), weights=enc.weights, minlength=cells)
    return flat.astype(float, copy=False).reshape(shape)


class _Sparse(NamedTuple):
    cells: np.ndarray  # (m, N) codes of the observed combinations
    counts: np.ndarray  # (m,)
    shape: tuple[int, ...]


def _sparse_counts(enc: Encoded) -> _Sparse:
    shape = tuple(enc.sizes)
    if math.prod(shape) < 2**62:
        code = _radix(enc.codes, shape)
        unique, inverse = np.unique(code, return_inverse=True)
        cells = np.column_stack(np.unravel_index(unique, shape)) if len(shape) > 1 else unique[:, None]
    else:
        stacked = np.column_stack([c.astype(np.int64) for c in enc.codes])
        cells, inverse = np.unique(stacked, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=enc.weights, minlength=len(cells)).astype(float)
    return _Sparse(cells.astype(np.int64), counts, shape)


def _count(enc: Encoded) -> np.ndarray | _Sparse:
    """Dense table when it fits in :data:`DENSE_LIMIT` cells, otherwise the observed cells."""
    if math.prod(enc.sizes) > DENSE_LIMIT:
        enc = _compact(enc)
    if math.prod(enc.sizes) <= DENSE_LIMIT:
        return _dense_counts(enc)
    return _sparse_counts(enc)


def _prepare(
    data: Any,
    columns: Hashable | Sequence[Hashable] | None,
    weights: Hashable | None,
    *,
    min_columns: int = 1,
    what: str = "data",
    extra: Sequence[Hashable] = (),
) -> list[Hashable]:
    """Validate ``data``/``columns``/``weights`` at the boundary; the list of columns."""
    require_frame(data, what)
    if columns is None:
        columns = [c for c in data.columns.tolist() if c != weights and c not in extra]
    elif isinstance(columns, (str, int)) or not isinstance(columns, Sequence):
        columns = [columns]
    columns = list(columns)
    if len(set(columns)) != len(columns):
        dup = sorted({str(c) for c in columns if columns.count(c) > 1})
        raise HelixDataError(f"{what}: column(s) {examples(dup)} are listed twice; list each column once.")
    require_columns(data, columns + list(extra) + ([weights] if weights is not None else []), what)
    if weights is not None and weights in columns:
        raise HelixDataError(
            f"{what}: the weights column {weights!r} is also listed among the columns; "
            "the counts cannot be a variable of the table."
        )
    if len(columns) < min_columns:
        raise HelixDataError(
            f"{what}: this measure needs at least {min_columns} column(s), got {len(columns)} "
            f"({examples(columns)}); pass columns=[...] with more variables."
        )
    return columns


def _check_base(base: float) -> float:
    if base == "e":
        return math.e
    base = check_scalar(base, "base", float, min_val=0, max_val=math.inf, include_boundaries="neither",
                        fix="Use 2 for bits, 'e' for nats.")
    if base == 1:
        raise HelixDataError(f"base must be a positive number other than 1 (2 for bits, e for nats), got {base!r}.")
    return float(base)


def _check_estimator(estimator: str) -> None:
    if estimator not in ("plugin", "miller-madow"):
        raise HelixDataError(f"estimator must be 'plugin' or 'miller-madow', got {estimator!r}.")


def contingency(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    missing: Missing = "error",
) -> tuple[np.ndarray, list[pd.Index]]:
    """The dense contingency table of ``columns``: counts and the category labels of each axis.

    The counting step of every measure in this module: records (or an already counted table with
    its counts in ``weights``) -> an ndarray of shape ``(k_1, ..., k_N)`` whose cell
    ``[c_1, ..., c_N]`` is the (weighted) number of records with values
    ``categories[0][c_1], ..., categories[N-1][c_N]``. Computed in one pass over the records
    from a mixed-radix code of the columns' integer codes. Raw integer columns with values in
    ``[0, 65536)`` keep their values as codes, so their axes may include categories that never
    occur (count 0), which changes no entropy.

    Parameters
    ----------
    data : pandas.DataFrame
        Records, or a counted table.
    columns : list of column names, optional
        Default: every column except ``weights``.
    weights : column name, optional
        Column holding the count (or weight) of each row; finite and >= 0.
    missing : {"error", "category", "drop"}
        What to do with missing values (see :func:`entropy`).

    Returns
    -------
    counts : numpy.ndarray of float
    categories : list of pandas.Index, one per column

    Raises
    ------
    HelixDataError
        If the table would have more than :data:`DENSE_LIMIT` cells even after unused categories
        are dropped (use :func:`contingency_table`, which keeps only observed combinations).

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> counts, cats = hx.contingency(pd.DataFrame({"a": ["x", "y", "x"], "b": [0, 1, 1]}))
    >>> counts
    array([[1., 1.],
           [0., 1.]])
    >>> list(cats[0]), list(cats[1])
    (['x', 'y'], [0, 1])
    """
    data, weights = _scale.counted(data, columns, weights, missing)  # dask: counted on the workers
    columns = _prepare(data, columns, weights)
    enc = encode(data, columns, weights=weights, missing=missing)
    if math.prod(enc.sizes) > DENSE_LIMIT:
        enc = _compact(enc)
    if math.prod(enc.sizes) > DENSE_LIMIT:
        raise HelixDataError(
            f"data: the contingency table of {examples(columns)} would have {math.prod(enc.sizes):,} cells "
            f"(more than {DENSE_LIMIT:,}); use helixnet.contingency_table, which keeps only the observed "
            "combinations."
        )
    return _dense_counts(enc), enc.categories


def contingency_table(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    missing: Missing = "error",
    name: str = "count",
) -> pd.DataFrame:
    """The observed combinations of ``columns`` with their count, as a DataFrame.

    One row per distinct combination of values that occurs (count > 0), the labels in the
    original columns and the (weighted) count in column ``name``. Every measure of this module
    accepts the result with ``weights=name`` and gives the same value as on the records, and
    tables of parts of the data (chunks, partitions) can be concatenated and summed with
    ``groupby(columns).sum()`` before measuring.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> records = pd.DataFrame({"a": ["x", "y", "x", "x"], "b": [0, 1, 1, 1]})
    >>> hx.contingency_table(records)
       a  b  count
    0  x  0    1.0
    1  x  1    2.0
    2  y  1    1.0
    >>> hx.mutual_information(hx.contingency_table(records), weights="count") == hx.mutual_information(records)
    True
    """
    data, weights = _scale.counted(data, columns, weights, missing)  # dask: counted on the workers
    columns = _prepare(data, columns, weights)
    if name in columns:
        raise HelixDataError(f"data: the count column name {name!r} is one of the columns; pass another name=.")
    enc = encode(data, columns, weights=weights, missing=missing)
    counts = _count(enc)
    if isinstance(counts, np.ndarray):
        flat = counts.ravel()
        nonzero = np.flatnonzero(flat)
        cells = np.column_stack(np.unravel_index(nonzero, counts.shape))
        values = flat[nonzero]
    else:
        keep = counts.counts > 0
        cells, values = counts.cells[keep], counts.counts[keep]
    out = {c: enc.categories[j].take(cells[:, j]) for j, c in enumerate(columns)}
    out[name] = values
    return pd.DataFrame({k: np.asarray(v) if not isinstance(v, pd.Index) else v for k, v in out.items()})


# --------------------------------------------------------------------------------------------
# Entropies of every subset, T by inclusion-exclusion
# --------------------------------------------------------------------------------------------


def _entropy_of_counts(counts: np.ndarray, base: float, estimator: str) -> float:
    """H = log n - sum(c log c)/n for counts c (zeros ignored), in ``base``; Miller-Madow adds (m-1)/2n."""
    c = counts[counts > 0]
    if c.size == 0:
        return 0.0
    # scaled by the largest count, so that tiny (subnormal) or huge fractional weights neither
    # underflow nor overflow; a count below 1e-308 of the largest is nothing next to it
    q = c / c.max()
    q = q[q > 0]
    m = float(q.sum())
    h = math.log(m) - float(np.dot(q, np.log(q))) / m
    h = max(h, 0.0)  # rounding can leave -1e-16 for a single cell
    if estimator == "miller-madow":
        h += (c.size - 1) / (2.0 * float(c.sum()))
    return float(h / math.log(base))


def _subset_entropies(table: np.ndarray | _Sparse, base: float, estimator: str) -> np.ndarray:
    """H of every subset of the axes, indexed by bit mask (bit j = axis j; H[0] = 0)."""
    if isinstance(table, _Sparse):
        return _subset_entropies_sparse(table, base, estimator)
    n_axes = table.ndim
    full = (1 << n_axes) - 1
    h = np.zeros(1 << n_axes)
    cache: dict[int, np.ndarray] = {full: table}
    # largest subsets first; each marginal is one axis-sum of a cached superset's marginal
    for mask in sorted(range(1, full), key=lambda m: -bin(m).count("1")):
        j = next(b for b in range(n_axes) if not mask >> b & 1)
        parent = mask | (1 << j)
        if parent not in cache:  # pragma: no cover - parents are always visited first
            raise RuntimeError("subset lattice out of order")
        position = bin(parent & ((1 << j) - 1)).count("1")
        cache[mask] = cache[parent].sum(axis=position)
    for mask in range(1, full + 1):
        h[mask] = _entropy_of_counts(cache[mask].ravel(), base, estimator)
    return h


def _subset_entropies_sparse(table: _Sparse, base: float, estimator: str) -> np.ndarray:
    n_axes = len(table.shape)
    h = np.zeros(1 << n_axes)
    for mask in range(1, 1 << n_axes):
        axes = [j for j in range(n_axes) if mask >> j & 1]
        shape = [table.shape[j] for j in axes]
        if len(axes) == n_axes:
            counts = table.counts
        elif math.prod(shape) <= DENSE_LIMIT:
            code = _radix([table.cells[:, j] for j in axes], shape)
            counts = np.bincount(code, weights=table.counts, minlength=math.prod(shape))
        elif math.prod(shape) < 2**62:
            code = _radix([table.cells[:, j] for j in axes], shape)
            _, inverse = np.unique(code, return_inverse=True)
            counts = np.bincount(inverse.ravel(), weights=table.counts)
        else:
            _, inverse = np.unique(table.cells[:, axes], axis=0, return_inverse=True)
            counts = np.bincount(inverse.ravel(), weights=table.counts)
        h[mask] = _entropy_of_counts(np.asarray(counts, dtype=float), base, estimator)
    return h


def _sign(mask: int) -> float:
    return 1.0 if bin(mask).count("1") % 2 else -1.0


def _t_from_entropies(h: np.ndarray) -> float:
    """T = sum over non-empty subsets of (-1)^(|S|+1) H(S)."""
    return float(sum(_sign(m) * h[m] for m in range(1, len(h))))


def _t_of_every_subset(h: np.ndarray, n_axes: int) -> np.ndarray:
    """T(S) for every subset S (zeta transform of the signed entropies), indexed by mask."""
    g = np.array([_sign(m) * h[m] if m else 0.0 for m in range(len(h))])
    for j in range(n_axes):
        bit = 1 << j
        for m in range(len(g)):
            if m & bit:
                g[m] += g[m ^ bit]
    return g


def _cheap_to_encode(dtype: Any) -> bool:
    """numpy integers and booleans (used as codes) and categoricals (which carry their codes)."""
    return (isinstance(dtype, np.dtype) and dtype.kind in "biu") or isinstance(dtype, pd.CategoricalDtype)


def _encode_and_count(
    data: pd.DataFrame, columns: Sequence[Hashable], weights: Hashable | None, missing: Missing
) -> tuple[Encoded, np.ndarray | _Sparse]:
    """:func:`encode` and :func:`_count` (what most measures need), one pass fewer for raw integers.

    Unweighted records of two or more integer, boolean or categorical columns are encoded with
    raw integer columns sized by the maximum of their first and last values only. The counting
    kernel checks every value against its column's size anyway: when none is out of range the
    sizes are exact (each maximum occurs in the sample), and the separate pass for the maximum is
    saved. Otherwise (a larger value elsewhere, or a negative one) the columns are encoded again
    with the full check, which costs little for these column types. (With other column types
    :func:`encode` sizes every column exactly, and the kernel finds nothing out of range.)
    """
    # missing="drop" is left out: dropping twice would report the dropped records twice
    if _kernel_counts_table(len(columns), weights) and missing != "drop":
        enc = encode(data, columns, missing=missing, sample_raw=True)
        if math.prod(enc.sizes) <= DENSE_LIMIT:
            flat = _kernel_counts(enc.codes, enc.sizes)
            if flat is not None:
                return enc._replace(sampled=False), flat.astype(float).reshape(enc.sizes)
        if not enc.sampled:  # sized exactly (e.g. string columns): no second encoding needed
            return enc, _count(enc)
    enc = encode(data, columns, weights=weights, missing=missing)
    return enc, _count(enc)


def _measure_input(data, columns, weights, missing, base, estimator, min_columns, count=False):
    """Checked columns, base and encoding of a measure's input; with ``count`` also its full table."""
    if is_dask(data):  # counted on the workers (helixnet.scale); the table goes the exact path below
        _check_base(base), _check_estimator(estimator)
        data, weights = _scale.counted(data, columns, weights, missing)
    columns = _prepare(data, columns, weights, min_columns=min_columns)
    base = _check_base(base)
    _check_estimator(estimator)
    if count:
        enc, table = _encode_and_count(data, columns, weights, missing)
        return columns, base, _scale.records_dropped(data, enc, columns), table
    enc = encode(data, columns, weights=weights, missing=missing)
    return columns, base, _scale.records_dropped(data, enc, columns)


def entropy(
    data: pd.DataFrame,
    columns: Hashable | Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> float:
    r"""Shannon entropy of the joint distribution of ``columns``.

    .. math:: H = -\sum_{c} p_c \log_b p_c, \qquad p_c = n_c / n

    over the cells :math:`c` of the contingency table (zero cells contribute nothing).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per record (categorical, string, boolean or integer columns), or a counted
        table with the counts in the column ``weights``.
    columns : column name or list of column names, optional
        The variables; default every column except ``weights``.
    weights : column name, optional
        Counts or weights per row (finite, >= 0; fractional allowed).
    base : float
        Logarithm base: 2 (bits, default), ``math.e`` (nats), 10.
    missing : {"error", "category", "drop"}
        Missing values raise :class:`HelixDataError` (default), become a category of their own,
        or drop the record (the number dropped is logged on the ``helixnet`` logger).
    estimator : {"plugin", "miller-madow"}
        ``"plugin"``: the maximum-likelihood estimate above. ``"miller-madow"``: adds the bias
        correction :math:`(m - 1) / (2 n \ln b)`, :math:`m` the number of non-empty cells
        and :math:`n` the number of records (sum of the weights).

    Returns
    -------
    float
        :math:`H \ge 0`.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> hx.entropy(pd.DataFrame({"x": ["a", "b", "a", "b"]}))
    1.0
    >>> hx.entropy(pd.DataFrame({"x": ["a", "b"], "n": [3, 1]}), "x", weights="n")  # doctest: +ELLIPSIS
    0.811...

    References
    ----------
    .. [1] C. E. Shannon, "A mathematical theory of communication", Bell System Technical
       Journal 27 (1948).
    .. [2] G. A. Miller, "Note on the bias of information estimates", in Information Theory in
       Psychology (1955), 95-100.
    """
    _, base, _, table = _measure_input(data, columns, weights, missing, base, estimator, 1, count=True)
    counts = table.ravel() if isinstance(table, np.ndarray) else table.counts
    return _entropy_of_counts(counts, base, estimator)


def _t_of_table(table: np.ndarray | _Sparse, base: float, estimator: str) -> float:
    return _t_from_entropies(_subset_entropies(table, base, estimator))


def _t_from_encoded(enc: Encoded, base: float, estimator: str) -> float:
    return _t_of_table(_count(enc), base, estimator)


def mutual_information(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> float:
    r"""Leydesdorff's T: mutual information in two, three or more dimensions (co-information).

    .. math:: T = \sum_{\emptyset \ne S \subseteq \{1..N\}} (-1)^{|S|+1} H(S)

    For two columns :math:`T_{xy} = H_x + H_y - H_{xy} \ge 0`; for three
    :math:`T_{uig} = H_u + H_i + H_g - H_{ui} - H_{ug} - H_{ig} + H_{uig}`, which can be negative:
    Leydesdorff reads negative :math:`T_{uig}` as synergy (reduction of uncertainty). Equal to
    ``dit.multivariate.coinformation``; pyitlib's ``information_interaction`` is :math:`-T` for
    three variables. For the positive-is-redundancy reading use :func:`redundancy`.

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`entropy`; at least two columns. With ``estimator="miller-madow"`` every
        subset entropy is corrected.

    Returns
    -------
    float
        T in units of ``base`` (bits by default), with the sign above (T < 0 = synergy for
        three variables).

    Examples
    --------
    XOR: each pair is independent, the three together are determined (dit's value, -1 bit):

    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> hx.mutual_information(xor)
    -1.0
    >>> hx.mutual_information(xor, ["x", "z"])
    0.0

    References
    ----------
    .. [1] W. J. McGill, "Multivariate information transmission", Psychometrika 19 (1954) 97-116.
    .. [2] L. Leydesdorff, "The mutual information of university-industry-government relations:
       an indicator of the Triple Helix dynamics", Scientometrics 58 (2003) 445-467.
    .. [3] R. W. Yeung, "A new outlook on Shannon's information measures", IEEE Transactions
       on Information Theory 37 (1991) 466-474.
    """
    _, base, _, table = _measure_input(data, columns, weights, missing, base, estimator, 2, count=True)
    return _t_of_table(table, base, estimator)


def redundancy(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> float:
    r"""Mutual redundancy :math:`R_N = (-1)^{N+1} T_N` (Leydesdorff & Ivanova 2014).

    :math:`R = T` in three dimensions and :math:`R = -T` in two and four, so that
    :math:`R < 0` is read as synergy (redundancy that reduces uncertainty) in every
    dimension, and :math:`R_2 = -T_{xy} \le 0`.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> hx.redundancy(xor)
    -1.0
    >>> hx.redundancy(pd.DataFrame({"x": [0, 1], "y": [0, 1]}))
    -1.0

    References
    ----------
    .. [1] L. Leydesdorff and I. A. Ivanova, "Mutual redundancies in interhuman communication
       systems: steps toward a calculus of processing meaning", Journal of the Association for
       Information Science and Technology 65 (2014) 386-399.
    """
    columns, base, _, table = _measure_input(data, columns, weights, missing, base, estimator, 2, count=True)
    return (-1.0) ** (len(columns) + 1) * _t_of_table(table, base, estimator)


def _unit(base: float) -> str:
    if base == 2:
        return "bit"
    if base == math.e:
        return "nat"
    if base == 10:
        return "hartley"
    return "unit"


def _label(columns: Sequence[Hashable], mask: int) -> str:
    return ",".join(str(c) for j, c in enumerate(columns) if mask >> j & 1)


def synergy_table(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> pd.DataFrame:
    r"""H and T of every non-empty subset of the columns, like th4's output.

    One row per subset S (index: the column names joined by ``","``), in the order of
    increasing size: ``size`` (|S|), ``H`` (joint entropy of S), ``T`` (co-information of S,
    :math:`\sum_{\emptyset \ne S' \subseteq S} (-1)^{|S'|+1} H(S')`, so ``T = H`` for a single
    column and :math:`T_{xy}` for pairs), ``R`` (:math:`(-1)^{|S|+1} T`), the same values in
    milli-units (``H_mbit``, ``T_mbit``, ``R_mbit`` in base 2; ``_mnat`` in base e) and ``n``
    (number of records or the sum of the weights). ``attrs["dropped"]`` counts records dropped
    with ``missing="drop"``.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> hx.synergy_table(xor)[["size", "H", "T", "T_mbit"]]  # doctest: +NORMALIZE_WHITESPACE
           size    H    T  T_mbit
    subset
    x         1  1.0  1.0  1000.0
    y         1  1.0  1.0  1000.0
    z         1  1.0  1.0  1000.0
    x,y       2  2.0  0.0     0.0
    x,z       2  2.0  0.0     0.0
    y,z       2  2.0  0.0     0.0
    x,y,z     3  2.0 -1.0 -1000.0
    """
    columns, base, enc, table = _measure_input(data, columns, weights, missing, base, estimator, 1, count=True)
    n_axes = len(columns)
    h = _subset_entropies(table, base, estimator)
    t = _t_of_every_subset(h, n_axes)
    masks = sorted(range(1, 1 << n_axes), key=lambda m: (bin(m).count("1"), [-(m >> j & 1) for j in range(n_axes)]))
    sizes = np.array([bin(m).count("1") for m in masks])
    unit = _unit(base)
    frame = pd.DataFrame(
        {
            "size": sizes,
            "H": h[masks],
            "T": t[masks],
            "R": (-1.0) ** (sizes + 1) * t[masks],
        },
        index=pd.Index([_label(columns, m) for m in masks], name="subset"),
    )
    for col in ("H", "T", "R"):
        frame[f"{col}_m{unit}"] = 1000.0 * frame[col]
    frame["n"] = enc.total
    frame.attrs.update(dropped=enc.dropped, base=base, estimator=estimator)
    return frame


# --------------------------------------------------------------------------------------------
# Krippendorff's I(ABC -> AB:AC:BC)
# --------------------------------------------------------------------------------------------


def _ipf_pairwise(table: np.ndarray, tol: float, max_iter: int) -> tuple[np.ndarray, int, float]:
    """Maximum-entropy table with the pairwise margins of ``table`` (iterative proportional fitting)."""
    n_axes = table.ndim
    pairs = list(combinations(range(n_axes), 2))
    total = table.sum()
    targets = {}
    for a, b in pairs:
        other = tuple(k for k in range(n_axes) if k not in (a, b))
        targets[(a, b)] = (other, table.sum(axis=other, keepdims=True))
    fit = np.full(table.shape, total / table.size)
    error = np.inf
    for iteration in range(1, max_iter + 1):
        for a, b in pairs:
            other, target = targets[(a, b)]
            current = fit.sum(axis=other, keepdims=True)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(current > 0, target / current, 0.0)
            fit *= ratio
        error = max(float(np.abs(fit.sum(axis=other, keepdims=True) - target).max()) for (other, target) in targets.values())
        if error <= tol * total:
            return fit, iteration, error / total
    return fit, max_iter, error / total


def krippendorff_interaction(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    tol: float = 1e-12,
    max_iter: int = 10_000,
) -> pd.Series:
    r"""Krippendorff's interaction information :math:`I(ABC \to AB{:}AC{:}BC)` beside T and R = I - T.

    :math:`I_{ABC \to AB:AC:BC} = H(\hat p) - H(p)`, where :math:`\hat p` is the
    maximum-entropy distribution with the same pairwise margins as the observed :math:`p`
    (found by iterative proportional fitting, the no-three-way-interaction log-linear model):
    the information in the data that no pairwise relation carries, always :math:`\ge 0`.
    Krippendorff (2009) shows that McGill's/Leydesdorff's :math:`T` conflates this
    interaction with redundancy from circularities; th.exe reports
    :math:`R = I - T` beside them. With more than three columns, :math:`\hat p` keeps every
    pairwise margin.

    Returns
    -------
    pandas.Series
        ``I``, ``T``, ``R`` (in units of ``base``), ``iterations`` of IPF and ``n``.

    Examples
    --------
    XOR's pairs are independent, so the maximum-entropy fit is uniform (3 bits) and the joint
    entropy is 2 bits:

    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> hx.krippendorff_interaction(xor)[["I", "T", "R"]]
    I    1.0
    T   -1.0
    R    2.0
    dtype: float64

    References
    ----------
    .. [1] K. Krippendorff, "Information of interactions in complex systems", International
       Journal of General Systems 38 (2009) 669-680.
    .. [2] K. Krippendorff, "Ross Ashby's information theory: a bit of history, some solutions
       to problems, and what we face today", International Journal of General Systems 38 (2009)
       189-212.
    .. [3] L. Leydesdorff, "Interaction information: linear and nonlinear interpretations",
       International Journal of General Systems 38 (2009) 681-685.
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, "plugin", 3)
    enc = _compact(enc)
    if math.prod(enc.sizes) > DENSE_LIMIT:
        raise HelixDataError(
            f"data: the table of {examples(columns)} has {math.prod(enc.sizes):,} cells, too many for iterative "
            "proportional fitting; merge categories first."
        )
    table = _dense_counts(enc)
    fit, iterations, error = _ipf_pairwise(table, tol, max_iter)
    if error > tol:
        logger.warning("krippendorff_interaction: IPF stopped after %d iterations with margin error %.3g", iterations, error)
    h_fit = _entropy_of_counts(fit.ravel(), base, "plugin")
    h = _subset_entropies(table, base, "plugin")
    t = _t_from_entropies(h)
    i = max(h_fit - h[-1], 0.0)
    return pd.Series({"I": i, "T": t, "R": i - t, "iterations": float(iterations), "n": enc.total})


# --------------------------------------------------------------------------------------------
# Relational data: Venn counts and presence of helices per event
# --------------------------------------------------------------------------------------------


def _venn_key(key: Any) -> frozenset[str]:
    names = set(HELICES)
    if isinstance(key, str):
        text = key.strip()
        for sep in ("+", "&", ",", "|", " "):
            if sep in text:
                parts = [p.strip().lower() for p in text.split(sep) if p.strip()]
                if all(p in names for p in parts):
                    return frozenset(parts)
                break
        if text.lower() in names:
            return frozenset([text.lower()])
        upper = text.upper()
        if upper and all(ch in _LETTERS for ch in upper) and len(set(upper)) == len(upper):
            return frozenset(_LETTERS[ch] for ch in upper)
    elif isinstance(key, (tuple, list, set, frozenset)):
        parts = [str(p).strip().lower() for p in key]
        parts = [_LETTERS.get(p.upper(), p) if len(p) == 1 else p for p in parts]
        if parts and all(p in ("knowledge", "industry", "government") for p in parts):
            return frozenset(parts)
    raise HelixDataError(
        f"venn_table: key {key!r} is not a Venn cell; use helix letters ('U', 'I', 'G', 'UI', 'UG', 'IG', "
        "'UIG') or names ('knowledge', 'knowledge+industry', ('industry', 'government'), ...)."
    )


def venn_table(counts: Mapping[Any, float], none: float = 0) -> pd.DataFrame:
    r"""The contingency table of three binary helix variables from the seven Venn counts.

    Co-authorship (relational) data are usually reported as Venn counts: the number of events
    with only university (U), only industry (I), only government (G) partners, with exactly
    U and I (UI), UG, IG, and with all three (UIG). Each count is one cell of the
    :math:`2 \times 2 \times 2` table of presence variables; ``none`` is the cell "000"
    (events with none of the three, e.g. only civil-society partners). Whether it is included
    changes T a lot, so it is explicit: default 0.

    Parameters
    ----------
    counts : mapping
        The seven cells, keyed by helix letters in any order (``"U"``, ``"IU"``, ``"UIG"``), by
        names (``"knowledge"``, ``"knowledge+industry"``) or by tuples of names. Every cell must be
        given exactly once (give 0 for empty cells). Values finite and >= 0.
    none : float
        Count of the cell with none of the three.

    Returns
    -------
    pandas.DataFrame
        Eight rows, columns ``knowledge``, ``industry``, ``government`` (0/1) and ``count``;
        pass it to the measures with ``weights="count"``.

    Examples
    --------
    >>> import helixnet as hx
    >>> table = hx.venn_table({"U": 10, "I": 5, "G": 2, "UI": 4, "UG": 3, "IG": 1, "UIG": 2}, none=0)
    >>> table
       knowledge  industry  government  count
    0          0         0           0    0.0
    1          0         0           1    2.0
    2          0         1           0    5.0
    3          0         1           1    1.0
    4          1         0           0   10.0
    5          1         0           1    3.0
    6          1         1           0    4.0
    7          1         1           1    2.0
    >>> round(1000 * hx.mutual_information(table, weights="count"), 1)  # millibits
    -138.2

    References
    ----------
    .. [1] L. Leydesdorff, "The mutual information of university-industry-government
       relations: an indicator of the Triple Helix dynamics", Scientometrics 58 (2003) 445-467.
    """
    if not isinstance(counts, Mapping):
        raise HelixDataError(f"venn_table: counts must be a mapping (dict) of the seven Venn cells, got {type(counts).__name__}.")
    cells: dict[frozenset[str], float] = {}
    for key, value in counts.items():
        cell = _venn_key(key)
        if cell in cells:
            raise HelixDataError(f"venn_table: the cell {'+'.join(sorted(cell))} is given twice (key {key!r}); give each cell once.")
        cells[cell] = value
    three = ("knowledge", "industry", "government")
    wanted = [frozenset(s) for k in (1, 2, 3) for s in combinations(three, k)]
    absent = ["".join(l for l, n in _LETTERS.items() if n in c) for c in wanted if c not in cells]
    if absent:
        raise HelixDataError(f"venn_table: cell(s) {examples(absent)} missing; give all seven (U, I, G, UI, UG, IG, UIG), 0 for empty ones.")
    rows = []
    for bits in range(8):
        present = tuple(h for j, h in enumerate(three) if bits >> (2 - j) & 1)
        value = none if not present else cells[frozenset(present)]
        rows.append((*(int(bits >> (2 - j) & 1) for j in range(3)), value))
    frame = pd.DataFrame(rows, columns=[*three, "count"])
    try:
        frame["count"] = frame["count"].astype(float)
    except (TypeError, ValueError):
        raise HelixDataError(f"venn_table: counts must be numbers, got {examples(frame['count'].tolist())}.") from None
    require_weights(frame["count"], "count", "venn_table")
    for col in three:
        frame[col] = frame[col].astype(np.int8)
    return frame


def _attach_event_attributes(frame: pd.DataFrame, events: pd.DataFrame, attributes: Sequence[str]) -> None:
    """Add the ``attributes`` columns of ``events`` to ``frame`` (indexed by event id), in place."""
    require_frame(events, "events")
    require_columns(events, ["event", *attributes], "events")
    ev = require_ids(events, "event", "events")
    dup = ev[ev.duplicated()]
    if len(dup):
        raise HelixDataError(f"events: event id(s) {examples(sorted(set(dup)))} appear twice; keep one row per event.")
    table = events[list(attributes)].set_axis(pd.Index(ev.to_numpy()), axis=0)
    missing_events = ~frame.index.isin(table.index)
    if missing_events.any():
        raise HelixDataError(
            f"events: {int(missing_events.sum())} event(s) of the participations are not in events: "
            f"{examples(list(frame.index[missing_events]))}; add them to the events table."
        )
    for a in attributes:
        frame[a] = table[a].reindex(frame.index).to_numpy()


def presence_table(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    helices: Sequence[str] = ("knowledge", "industry", "government"),
    include_none: bool = True,
    attributes: Sequence[str] = (),
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    r"""One row per event with a 0/1 column per helix: is at least one partner of that helix in it.

    The records of Leydesdorff's relational Triple Helix indicator: the joint distribution of
    the presence variables (e.g. knowledge, industry, government) over events (projects,
    papers). Events with none of the chosen helices (only civil-society or unknown partners)
    are the "000" cell; ``include_none`` says whether they are rows of the result. Their
    number is always reported: logged and in ``attrs["none_count"]``.

    Parameters
    ----------
    participations : pandas.DataFrame
        Columns ``event`` and ``organisation``, and ``helix`` if ``organisations`` is not given.
    organisations : pandas.DataFrame, optional
        Columns ``organisation`` (unique) and ``helix``; joined to the participations on
        ``organisation`` (it takes precedence over a ``helix`` column of the participations).
    helices : sequence of helix names
        The presence variables, from knowledge, industry, government, civil, unknown.
    include_none : bool
        Keep the events with none of ``helices`` (default) or leave them out.
    attributes : sequence of column names
        Event attributes to carry along (e.g. ``year``, ``programme``): taken from ``events`` if
        given (joined on ``event``), otherwise from ``participations``, where they must have one
        value per event.
    events : pandas.DataFrame, optional
        Event table with column ``event`` (unique) and the ``attributes``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``event``; one ``int8`` column per helix, then the attributes.
        ``attrs``: ``none_count`` (events with none of the helices), ``none_included``,
        ``n_events`` (all events in the participations).

    Raises
    ------
    HelixDataError
        Missing columns, unknown helix labels, participations pointing at organisations that the
        organisations table does not have, organisations listed twice with different helices,
        attributes that vary within an event.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> participations = pd.DataFrame({"event": ["p1", "p1", "p2", "p3"],
    ...                                "organisation": ["uni", "firm", "firm", "ngo"]})
    >>> organisations = pd.DataFrame({"organisation": ["uni", "firm", "ngo"],
    ...                               "helix": ["knowledge", "industry", "civil"]})
    >>> table = hx.presence_table(participations, organisations)
    >>> table  # doctest: +NORMALIZE_WHITESPACE
           knowledge  industry  government
    event
    p1             1         1           0
    p2             0         1           0
    p3             0         0           0
    >>> table.attrs["none_count"]
    1
    """
    if is_dask(participations):  # joined and grouped on the workers (helixnet.scale)
        return _scale.dask_presence_table(
            participations, organisations, helices=helices, include_none=include_none, attributes=attributes, events=events
        )
    what = "participations"
    require_frame(participations, what)
    require_columns(participations, ["event", "organisation"], what)
    helices = [helices] if isinstance(helices, str) else list(helices)
    if not helices or len(set(helices)) != len(helices) or any(h not in HELICES for h in helices):
        raise HelixDataError(
            f"presence_table: helices must be distinct names from {', '.join(HELICES)}, got {helices!r}."
        )
    attributes = [attributes] if isinstance(attributes, str) else list(attributes)
    event_ids = require_ids(participations, "event", what)
    org_ids = require_ids(participations, "organisation", what)
    if organisations is None:
        if "helix" not in participations.columns:
            raise HelixDataError(
                "participations has no column 'helix'; pass organisations= (columns organisation, helix) "
                "or add the helix of each participating organisation."
            )
        helix = participations["helix"]
        require_helices(helix, "helix", what)
        helix = helix.to_numpy()
    else:
        require_frame(organisations, "organisations")
        require_columns(organisations, ["organisation", "helix"], "organisations")
        ids = require_ids(organisations, "organisation", "organisations")
        require_helices(organisations["helix"], "helix", "organisations")
        registry = pd.DataFrame({"organisation": ids.to_numpy(), "helix": organisations["helix"].to_numpy()})
        registry = registry.drop_duplicates()
        conflicts = registry["organisation"][registry["organisation"].duplicated()]
        if len(conflicts):
            raise HelixDataError(
                f"organisations: organisation(s) {examples(sorted(set(conflicts)))} are listed with different "
                "helices; keep one row per organisation."
            )
        lookup = pd.Series(registry["helix"].to_numpy(), index=pd.Index(registry["organisation"].to_numpy()))
        position = lookup.index.get_indexer(org_ids.to_numpy())
        unknown = position < 0
        if unknown.any():
            bad = pd.unique(org_ids.to_numpy()[unknown])
            raise HelixDataError(
                f"participations: {int(unknown.sum())} participation(s) point at organisation(s) that organisations "
                f"does not have: {examples(list(bad))}; add them to organisations (helix 'unknown' if not known) "
                "or drop those participations."
            )
        helix = lookup.to_numpy()[position]
    event_codes, event_index = pd.factorize(event_ids.to_numpy())
    n_events = len(event_index)
    presence = {}
    for h in helices:
        hits = np.bincount(event_codes[helix == h], minlength=n_events) > 0
        presence[h] = hits.astype(np.int8)
    frame = pd.DataFrame(presence, index=pd.Index(event_index, name="event"))
    if attributes:
        if events is not None:
            _attach_event_attributes(frame, events, attributes)
        else:
            require_columns(participations, attributes, what)
            for a in attributes:
                values = participations[a]
                varying = values.groupby(event_codes).nunique(dropna=False) > 1
                if varying.any():
                    bad = list(event_index[varying.index[varying.to_numpy()]])
                    raise HelixDataError(
                        f"participations: column {a!r} has different values within event(s) {examples(bad)}; "
                        "an event attribute needs one value per event (pass events= with an event table)."
                    )
                first = np.full(n_events, -1)
                first[event_codes[::-1]] = np.arange(len(event_codes))[::-1]
                frame[a] = values.to_numpy()[first]
    none = frame[helices].sum(axis=1).to_numpy() == 0
    none_count = int(none.sum())
    if not include_none:
        frame = frame[~none]
    logger.info(
        "presence_table: %d event(s), %d with none of %s (%s)",
        n_events,
        none_count,
        "/".join(helices),
        "included" if include_none else "left out",
    )
    frame.attrs.update(none_count=none_count, none_included=bool(include_none), n_events=n_events)
    return frame


# --------------------------------------------------------------------------------------------
# Decomposition, triads, time
# --------------------------------------------------------------------------------------------


def _between(table: np.ndarray, base: float) -> float:
    """T0 for a table whose first axis is the group: sum_S sign(S) [H(S) + H(G) - H(S, G)]."""
    h = _subset_entropies(table, base, "plugin")  # bit 0 = group axis
    n_axes = table.ndim
    t0 = 0.0
    for mask in range(1, 1 << (n_axes - 1)):
        s = mask << 1
        t0 += _sign(mask) * (h[s] + h[1] - h[s | 1])
    return float(t0)


def _dense_or_fail(enc: Encoded, columns: Sequence[Hashable], what: str) -> tuple[np.ndarray, Encoded]:
    enc = _compact(enc) if math.prod(enc.sizes) > DENSE_LIMIT else enc
    if math.prod(enc.sizes) > DENSE_LIMIT:
        raise HelixDataError(
            f"{what}: the table of {examples(list(columns))} has {math.prod(enc.sizes):,} cells; merge categories "
            "or use fewer groups."
        )
    return _dense_counts(enc), enc


def decompose(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    by: Hashable | Sequence[Hashable],
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
) -> pd.DataFrame:
    r"""Decompose T over groups: :math:`T = T_0 + \sum_g (n_g / n) T_g`.

    For a partition of the records into groups g (regions, sectors, years), every subset
    entropy decomposes as :math:`H(S) = H_0(S) + \sum_g (n_g/n) H_g(S)` with the between-group
    term :math:`H_0(S) = H(S) + H(G) - H(S, G)` (Theil 1972); the same alternating sum gives
    :math:`T = T_0 + \sum_g (n_g/n) T_g` with
    :math:`T_0 = \sum_S (-1)^{|S|+1} H_0(S)`. The contribution of group g is
    :math:`(n_g/n) T_g`; groups whose contributions are more negative add more synergy.

    With several ``by`` columns the groups are their combinations; they are read as nested
    (``by=["country", "province"]``: provinces within countries), and ``attrs["between"]``
    splits :math:`T_0` by level: the term between countries, then
    :math:`\sum_c (n_c/n) T_{0,c}` between the provinces of each country; the levels sum to
    :math:`T_0`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (a MultiIndex for several ``by`` columns): ``n``, ``share``
        (:math:`n_g/n`), ``T`` (:math:`T_g`), ``contribution`` (:math:`(n_g/n) T_g`).
        ``attrs``: ``T`` (all records), ``T0`` (between groups), ``between`` (dict level ->
        term), ``dropped``.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> data = pd.concat([xor.assign(region="A"), xor.assign(z=xor.x, region="B")])
    >>> table = hx.decompose(data, ["x", "y", "z"], by="region")
    >>> table  # doctest: +NORMALIZE_WHITESPACE
            n  share    T  contribution
    region
    A       4    0.5 -1.0          -0.5
    B       4    0.5  0.0           0.0
    >>> bool(abs(table.attrs["T0"] + table["contribution"].sum() - table.attrs["T"]) < 1e-12)
    True

    References
    ----------
    .. [1] H. Theil, Statistical Decomposition Analysis, North-Holland, 1972.
    .. [2] L. Leydesdorff and M. Fritsch, "Measuring the knowledge base of regional innovation
       systems in Germany in terms of a Triple Helix dynamics", Research Policy 35 (2006)
       1538-1553.
    """
    by = [by] if isinstance(by, (str, int)) or not isinstance(by, Sequence) else list(by)
    if not by:
        raise HelixDataError("decompose: by= needs at least one grouping column.")
    data, weights = _scale.counted(data, columns, weights, missing, extra=by)  # dask: counted on the workers
    columns = _prepare(data, columns, weights, min_columns=2, extra=by)
    overlap = [c for c in by if c in columns]
    if overlap:
        raise HelixDataError(f"decompose: column(s) {examples(overlap)} are both measured and grouped by; pick one role.")
    base = _check_base(base)
    enc = _scale.records_dropped(data, encode(data, [*by, *columns], weights=weights, missing=missing), [*by, *columns])
    table, enc = _dense_or_fail(enc, [*by, *columns], "decompose")
    n_by = len(by)
    group_shape = table.shape[:n_by]
    flat = table.reshape(math.prod(group_shape), *table.shape[n_by:])
    n_g = flat.reshape(len(flat), -1).sum(axis=1)
    present = np.flatnonzero(n_g > 0)
    flat, n_g = flat[present], n_g[present]
    total = n_g.sum()
    whole = flat.sum(axis=0)
    t_all = _t_of_table(whole, base, "plugin")
    t_g = np.array([_t_of_table(g, base, "plugin") for g in flat])
    t0 = _between(flat, base)
    group_codes = np.unravel_index(present, group_shape)
    labels = [enc.categories[j].take(group_codes[j]) for j in range(n_by)]
    index = pd.Index(labels[0], name=by[0]) if n_by == 1 else pd.MultiIndex.from_arrays(labels, names=by)
    share = n_g / total
    integral = enc.weights is None or bool(np.all(n_g == np.round(n_g)))
    frame = pd.DataFrame(
        {"n": n_g.astype(np.int64) if integral else n_g, "share": share, "T": t_g, "contribution": share * t_g},
        index=index,
    )
    between: dict[str, float] = {}
    if n_by == 1:
        between[str(by[0])] = t0
    else:
        previous = None
        for level in range(1, n_by + 1):
            level_codes = np.column_stack(group_codes[:level])
            _, level_id = np.unique(level_codes, axis=0, return_inverse=True)
            level_id = level_id.ravel()
            level_table = np.zeros((level_id.max() + 1, *flat.shape[1:]))
            np.add.at(level_table, level_id, flat)
            if previous is None:
                between[str(by[0])] = _between(level_table, base)
            else:
                parent_of = np.zeros(level_id.max() + 1, dtype=np.int64)
                parent_of[level_id] = previous
                term = 0.0
                for parent in np.unique(parent_of):
                    children = level_table[parent_of == parent]
                    if len(children) > 1:
                        term += children.sum() / total * _between(children, base)
                between[str(by[level - 1])] = term
            previous = level_id
    frame.attrs.update(T=t_all, T0=t0, between=between, dropped=enc.dropped, base=base)
    return frame


def rank_triads(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> pd.DataFrame:
    r"""T for every triple of the columns, most synergetic (most negative T) first.

    Which three of many variables (e.g. technology classes, regions, size classes) carry the
    synergy: the columns are encoded once, each triad's table is one bincount.

    Returns
    -------
    pandas.DataFrame
        Index ``rank`` (1 = most negative T); columns ``a``, ``b``, ``c`` (the triad, in the
        order of ``columns``), ``T``, ``T_mbit`` (milli-units of ``base``).

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> data = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0], "w": [0, 0, 1, 1]})
    >>> hx.rank_triads(data)[["a", "b", "c", "T"]]  # doctest: +NORMALIZE_WHITESPACE
          a  b  c    T
    rank
    1     x  y  z -1.0
    2     y  z  w -1.0
    3     x  y  w  0.0
    4     x  z  w  0.0
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, estimator, 3)
    rows = []
    for a, b, c in combinations(range(len(columns)), 3):
        sub = enc._replace(
            codes=[enc.codes[k] for k in (a, b, c)],
            sizes=[enc.sizes[k] for k in (a, b, c)],
            categories=[enc.categories[k] for k in (a, b, c)],
        )
        rows.append((columns[a], columns[b], columns[c], _t_from_encoded(sub, base, estimator)))
    frame = pd.DataFrame(rows, columns=["a", "b", "c", "T"])
    frame = frame.sort_values("T", kind="stable").reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
    frame[f"T_m{_unit(base)}"] = 1000.0 * frame["T"]
    frame.attrs.update(dropped=enc.dropped, base=base, estimator=estimator)
    return frame


def synergy_over_time(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    time: Hashable = "year",
    window: int = 1,
    *,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> pd.DataFrame:
    r"""T (and R, H) per period or moving window, ready to plot.

    The records are counted once per period (one bincount with the period as an extra axis);
    a window of ``w`` periods sums the tables of the periods :math:`(t - w, t]` when ``time`` is
    numeric (years), or of ``w`` consecutive observed periods otherwise. Periods before the
    first full window are left out.

    Returns
    -------
    pandas.DataFrame
        Indexed by period (the window's last period): ``n``, ``H`` (joint entropy), ``T``,
        ``R`` (:math:`(-1)^{N+1} T`), ``T_mbit`` (milli-units of ``base``).

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> data = pd.concat([xor.assign(year=2020), xor.assign(z=xor.x, year=2021)])
    >>> hx.synergy_over_time(data, ["x", "y", "z"])[["n", "T"]]  # doctest: +NORMALIZE_WHITESPACE
          n    T
    year
    2020  4 -1.0
    2021  4  0.0
    """
    window = check_scalar(window, "synergy_over_time: window (periods)", int, min_val=1)
    if is_dask(data):  # counted on the workers (helixnet.scale), periods checked there
        periods = [time] if missing != "drop" else []
        data, weights = _scale.counted(data, columns, weights, missing, extra=[time], periods=periods)
    columns = _prepare(data, columns, weights, min_columns=2, extra=[time])
    if time in columns:
        raise HelixDataError(f"synergy_over_time: the time column {time!r} is also a measured column.")
    base = _check_base(base)
    _check_estimator(estimator)
    times = data[time]
    if times.isna().any() and missing != "drop":
        rows = list(data.index[times.isna().to_numpy()])
        raise HelixDataError(
            f"data: column {time!r} has {int(times.isna().sum())} missing period(s) at row(s) {examples(rows)}; "
            "fill them in or pass missing='drop'."
        )
    period_codes, periods = pd.factorize(times, sort=True, use_na_sentinel=True)
    frame_in = pd.DataFrame({"__period__": period_codes}, index=data.index)
    frame_in = pd.concat([frame_in, data[columns + ([weights] if weights is not None else [])]], axis=1)
    if missing == "drop":
        frame_in = frame_in[frame_in["__period__"] >= 0]
    enc = encode(frame_in, ["__period__", *columns], weights=weights, missing=missing)
    enc = _scale.records_dropped(data, enc, columns, among=data[time].notna().to_numpy())
    enc = enc._replace(sizes=[len(periods), *enc.sizes[1:]], categories=[pd.Index(periods), *enc.categories[1:]])
    table, enc = _dense_or_fail(enc, [time, *columns], "synergy_over_time")
    periods = enc.categories[0]
    numeric = pd.api.types.is_numeric_dtype(periods.dtype)
    rows, labels = [], []
    for p, label in enumerate(periods):
        if numeric:
            inside = (periods > label - window) & (periods <= label)
            if window > 1 and label - window + 1 < periods.min():
                continue
        else:
            if p + 1 < window:
                continue
            inside = np.zeros(len(periods), dtype=bool)
            inside[p - window + 1 : p + 1] = True
        sub = table[np.asarray(inside)].sum(axis=0)
        n = sub.sum()
        if n == 0:
            continue
        h = _subset_entropies(sub, base, estimator)
        t = _t_from_entropies(h)
        rows.append((n, h[-1], t, (-1.0) ** (len(columns) + 1) * t))
        labels.append(label)
    out = pd.DataFrame(rows, columns=["n", "H", "T", "R"], index=pd.Index(labels, name=time))
    if enc.weights is None or _scale.from_records(data):
        out["n"] = out["n"].astype(np.int64)
    out[f"T_m{_unit(base)}"] = 1000.0 * out["T"]
    out.attrs.update(dropped=enc.dropped, base=base, estimator=estimator, window=window)
    return out


# --------------------------------------------------------------------------------------------
# Uncertainty: bootstrap, permutation test
# --------------------------------------------------------------------------------------------


def _progress(iterable, total: int, desc: str, progress: bool):
    if not progress:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)


def mutual_information_ci(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int | np.random.Generator | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
    progress: bool = True,
) -> pd.Series:
    r"""T with a percentile bootstrap confidence interval.

    Each bootstrap sample resamples the :math:`n` records with replacement, which is a
    multinomial draw of :math:`n` from the observed cell proportions: the replicates are drawn
    from the contingency table, so the cost does not grow with the number of records. Weights
    are read as frequencies (:math:`n` = their sum, rounded).

    Returns
    -------
    pandas.Series
        ``T`` (the estimate on the data), ``lower`` and ``upper`` (the percentile interval at
        ``level``), ``se`` (standard deviation of the replicates), ``bias``
        (mean of the replicates minus ``T``), ``n_boot``, ``level``.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> data = pd.DataFrame({"x": [0, 0, 1, 1] * 25, "y": [0, 1, 1, 1] * 25})
    >>> ci = hx.mutual_information_ci(data, n_boot=200, seed=1, progress=False)
    >>> bool(ci["lower"] <= ci["T"] <= ci["upper"])
    True

    References
    ----------
    .. [1] B. Efron and R. J. Tibshirani, An Introduction to the Bootstrap, Chapman & Hall, 1993.
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, estimator, 2)
    if not (0 < level < 1):
        raise HelixDataError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}.")
    n_boot = check_scalar(n_boot, "n_boot", int, min_val=1)
    rng = np.random.default_rng(check_seed(seed))
    enc = _compact(enc)
    table = _count(enc)
    estimate = _t_of_table(table, base, estimator)
    if isinstance(table, np.ndarray):
        flat = table.ravel()
        cells = np.flatnonzero(flat)
        counts = flat[cells]
    else:
        cells, counts = table.cells, table.counts
    n = int(round(counts.sum()))
    p = counts / counts.sum()
    replicates = np.empty(n_boot)
    for b in _progress(range(n_boot), n_boot, "bootstrap", progress):
        draw = rng.multinomial(n, p).astype(float)
        if isinstance(table, np.ndarray):
            sample = np.zeros(flat.size)
            sample[cells] = draw
            sample = sample.reshape(table.shape)
        else:
            sample = _Sparse(cells, draw, table.shape)
        replicates[b] = _t_of_table(sample, base, estimator)
    alpha = (1 - level) / 2
    lower, upper = np.quantile(replicates, [alpha, 1 - alpha])
    return pd.Series(
        {
            "T": estimate,
            "lower": float(lower),
            "upper": float(upper),
            "se": float(replicates.std(ddof=1)) if n_boot > 1 else float("nan"),
            "bias": float(replicates.mean() - estimate),
            "n_boot": float(n_boot),
            "level": float(level),
        }
    )


def independence_test(
    data: pd.DataFrame,
    columns: Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    n_perm: int = 1000,
    alternative: Literal["two-sided", "less", "greater"] = "two-sided",
    seed: int | np.random.Generator | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
    progress: bool = True,
) -> pd.Series:
    r"""Permutation test of T against the mutual independence of the columns.

    Each permutation shuffles every column but the first independently across the records,
    which keeps each column's distribution and destroys every relation among them; T is
    recomputed on each shuffle. The p-value is
    :math:`(1 + \#\{\text{permuted as extreme}\}) / (1 + \text{n\_perm})`, where "as extreme"
    is :math:`|T^*| \ge |T|` (``"two-sided"``), :math:`T^* \le T` (``"less"``: more synergy in
    three dimensions than chance) or :math:`T^* \ge T` (``"greater"``). Counted tables
    (``weights``) are expanded to records; their counts must be whole numbers.

    Returns
    -------
    pandas.Series
        ``T``, ``p_value``, ``null_mean``, ``null_sd`` (of the permuted T), ``n_perm``.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> data = pd.DataFrame({"x": [0, 1] * 50, "y": [0, 1] * 50})
    >>> result = hx.independence_test(data, n_perm=99, seed=0, progress=False)
    >>> float(result["p_value"])
    0.01

    References
    ----------
    .. [1] P. Good, Permutation, Parametric, and Bootstrap Tests of Hypotheses, Springer, 2005.
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, estimator, 2)
    if alternative not in ("two-sided", "less", "greater"):
        raise HelixDataError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}.")
    n_perm = check_scalar(n_perm, "n_perm", int, min_val=1)
    enc = _compact(enc)
    if enc.weights is not None:
        if not np.all(enc.weights == np.round(enc.weights)):
            raise HelixDataError(
                f"independence_test: the weights column {weights!r} has fractional counts; a permutation test "
                "needs whole numbers of records."
            )
        repeat = enc.weights.astype(np.int64)
        enc = enc._replace(codes=[np.repeat(c, repeat) for c in enc.codes], weights=None)
    rng = np.random.default_rng(seed)
    observed = _t_from_encoded(enc, base, estimator)
    null = np.empty(n_perm)
    for b in _progress(range(n_perm), n_perm, "permutations", progress):
        shuffled = enc._replace(codes=[enc.codes[0], *(rng.permutation(c) for c in enc.codes[1:])])
        null[b] = _t_from_encoded(shuffled, base, estimator)
    eps = 1e-12 * max(1.0, abs(observed))
    if alternative == "two-sided":
        extreme = np.abs(null) >= abs(observed) - eps
    elif alternative == "less":
        extreme = null <= observed + eps
    else:
        extreme = null >= observed - eps
    return pd.Series(
        {
            "T": observed,
            "p_value": (1 + int(extreme.sum())) / (1 + n_perm),
            "null_mean": float(null.mean()),
            "null_sd": float(null.std(ddof=1)) if n_perm > 1 else float("nan"),
            "n_perm": float(n_perm),
        }
    )
