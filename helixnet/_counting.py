"""Counting: records -> integer codes -> contingency table (the machinery of every measure).

Each column is encoded to integer codes once (integer columns with a small non-negative range
are used as they are, strings through Arrow's dictionary encoding or :func:`pandas.factorize`),
one pass over the records counts every cell of the mixed-radix code of all columns (a small C
kernel, :mod:`helixnet._kernels`; numpy's :func:`numpy.bincount` where it was not compiled), and
the result is a dense table, or the observed cells when the dense table would be too big.

Private: the measures (:mod:`helixnet.information`), the presence tables
(:mod:`helixnet.presence`) and the out-of-core counting (:mod:`helixnet.scale`) share it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from . import _parallel
from ._validate import examples, require_columns, require_frame, require_one_spelling, require_weights
from .errors import HelixDataError

_count_cells: Callable[..., int] | None  # None where the kernel was not compiled
try:
    from ._kernels import MAX_COLUMNS as _KERNEL_MAX_COLUMNS
    from ._kernels import count_cells as _count_cells
except ImportError:  # pragma: no cover - installed without a C compiler (the extension is optional)
    _count_cells, _KERNEL_MAX_COLUMNS = None, 0

logger = logging.getLogger("helixnet")

Missing = Literal["error", "category", "drop"]

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


MISSING_LABEL = np.nan


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



def encode_column(series: pd.Series, sample_raw: bool = False) -> tuple[np.ndarray, pd.Index, bool]:
    """Integer codes (-1 = missing), category labels, and whether the codes are raw values.

    ``sample_raw``: size a raw integer column by the maximum of its first and last
    :data:`RAW_SAMPLE` values only; for :func:`encode_and_count`, whose counting pass checks
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



def check_missing_option(missing: str) -> None:
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

    ``sample_raw`` is for :func:`encode_and_count` only: when every column is integer, boolean or
    categorical, raw integer columns are then sized from a sample of their values, and the sizes
    hold only once every value was checked.
    """
    check_missing_option(missing)
    codes: list[np.ndarray] = []
    sizes: list[int] = []
    categories: list[pd.Index] = []
    masks: list[np.ndarray | None] = []
    series = [data[column] for column in columns]
    hashed = sum(not cheap_to_encode(s.dtype) for s in series)
    sample_raw = sample_raw and not hashed  # only where encoding again costs little
    if len(data) >= RECORDS_PER_THREAD and hashed > 1 and _parallel.cores() > 1:
        # Arrow's dictionary encoding of strings releases the GIL: one column per core
        encoded = list(_parallel.pool().map(lambda s: encode_column(s, sample_raw), series))
    else:
        encoded = [encode_column(s, sample_raw) for s in series]
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
            cats = cats.append(pd.Index([MISSING_LABEL], dtype=object)) if len(cats) else pd.Index([MISSING_LABEL])
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



def compact(enc: Encoded) -> Encoded:
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



def radix(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    """Mixed-radix code of several code arrays (row-major, last column fastest), as int64."""
    code = codes[0].astype(np.int64, copy=True)
    for c, k in zip(codes[1:], sizes[1:]):
        code *= k
        code += c
    return code



def signed_codes(codes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The code columns as contiguous arrays of one native signed integer type (the kernel's input)."""
    common = np.result_type(*codes)
    if common.kind == "u":
        common = np.dtype(f"i{min(2 * common.itemsize, 8)}")
    elif common.kind != "i":
        common = np.dtype(np.int64)
    return [np.ascontiguousarray(c, dtype=common) for c in codes]



def kernel_counts_table(n_columns: int, weights: Any) -> bool:
    """Whether the C kernel counts this table: unweighted records of 2 to its maximum of columns."""
    return weights is None and _count_cells is not None and 2 <= n_columns <= _KERNEL_MAX_COLUMNS



def kernel_counts(codes: Sequence[np.ndarray], shape: Sequence[int]) -> np.ndarray | None:
    """Flat int64 counts of every cell by the C kernel, or ``None`` if a code is out of its range.

    The kernel releases the GIL, so from :data:`RECORDS_PER_THREAD` records per core on, the
    records are split into one slice per core, each counted into a table of its own.
    """
    count_cells = _count_cells
    if count_cells is None:  # callers ask kernel_counts_table first: a bug, not bad input
        raise RuntimeError("helixnet: kernel_counts called without the compiled kernel; please report this")
    codes = signed_codes(codes)
    cells = math.prod(shape)
    n = len(codes[0])

    def count(start: int, stop: int) -> tuple[int, np.ndarray]:
        table = np.zeros(cells, dtype=np.int64)
        return count_cells([c[start:stop] for c in codes], shape, table), table

    # each slice fills a table of its own: only for tables small next to the records
    parts = _parallel.in_slices(count, n, RECORDS_PER_THREAD if cells <= THREADED_CELLS else max(n, 1))
    if max(first_bad for first_bad, _ in parts) >= 0:
        return None
    total = parts[0][1]
    for _, table in parts[1:]:
        total += table
    return total



def dense_counts(enc: Encoded, axes: Sequence[int] | None = None) -> np.ndarray:
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
    elif kernel_counts_table(len(axes), enc.weights):
        counts = kernel_counts(codes, shape)
        if counts is None:  # encode() guarantees the ranges: a bug, not bad input
            raise RuntimeError("helixnet: a code out of range after encoding; please report this")
        flat = counts
    else:
        flat = np.bincount(radix(codes, shape), weights=enc.weights, minlength=cells)
    return flat.astype(float, copy=False).reshape(shape)



class Sparse(NamedTuple):
    cells: np.ndarray  # (m, N) codes of the observed combinations
    counts: np.ndarray  # (m,)
    shape: tuple[int, ...]



def sparse_counts(enc: Encoded) -> Sparse:
    shape = tuple(enc.sizes)
    if math.prod(shape) < 2**62:
        code = radix(enc.codes, shape)
        unique, inverse = np.unique(code, return_inverse=True)
        cells = np.column_stack(np.unravel_index(unique, shape)) if len(shape) > 1 else unique[:, None]
    else:
        stacked = np.column_stack([c.astype(np.int64) for c in enc.codes])
        cells, inverse = np.unique(stacked, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=enc.weights, minlength=len(cells)).astype(float)
    return Sparse(cells.astype(np.int64), counts, shape)



def table_of(enc: Encoded) -> np.ndarray | Sparse:
    """Dense table when it fits in :data:`DENSE_LIMIT` cells, otherwise the observed cells."""
    if math.prod(enc.sizes) > DENSE_LIMIT:
        enc = compact(enc)
    if math.prod(enc.sizes) <= DENSE_LIMIT:
        return dense_counts(enc)
    return sparse_counts(enc)



def prepare_columns(
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
    columns = resolve_columns(list(data.columns), columns, weights, extra, what)
    require_columns(data, columns + list(extra) + ([weights] if weights is not None else []), what)
    if len(columns) < min_columns:
        raise HelixDataError(
            f"{what}: this measure needs at least {min_columns} column(s), got {len(columns)} "
            f"({examples(columns)}); pass columns=[...] with more variables."
        )
    return columns



def cheap_to_encode(dtype: Any) -> bool:
    """numpy integers and booleans (used as codes) and categoricals (which carry their codes)."""
    return (isinstance(dtype, np.dtype) and dtype.kind in "biu") or isinstance(dtype, pd.CategoricalDtype)



def encode_and_count(
    data: pd.DataFrame, columns: Sequence[Hashable], weights: Hashable | None, missing: Missing
) -> tuple[Encoded, np.ndarray | Sparse]:
    """:func:`encode` and :func:`table_of` (what most measures need), one pass fewer for raw integers.

    Unweighted records of two or more integer, boolean or categorical columns are encoded with
    raw integer columns sized by the maximum of their first and last values only. The counting
    kernel checks every value against its column's size anyway: when none is out of range the
    sizes are exact (each maximum occurs in the sample), and the separate pass for the maximum is
    saved. Otherwise (a larger value elsewhere, or a negative one) the columns are encoded again
    with the full check, which costs little for these column types. (With other column types
    :func:`encode` sizes every column exactly, and the kernel finds nothing out of range.)
    """
    # missing="drop" is left out: dropping twice would report the dropped records twice
    if kernel_counts_table(len(columns), weights) and missing != "drop":
        enc = encode(data, columns, missing=missing, sample_raw=True)
        if math.prod(enc.sizes) <= DENSE_LIMIT:
            flat = kernel_counts(enc.codes, enc.sizes)
            if flat is not None:
                return enc._replace(sampled=False), flat.astype(float).reshape(enc.sizes)
        if not enc.sampled:  # sized exactly (e.g. string columns): no second encoding needed
            return enc, table_of(enc)
    enc = encode(data, columns, weights=weights, missing=missing)
    return enc, table_of(enc)


#: Marks a table counted by this module (its ``attrs``); the count column's name is the value.
COUNTED = "helixnet_counted"



def from_records(table: Any) -> bool:
    """Whether ``table`` was counted here from unweighted records (its counts are numbers of records)."""
    name = getattr(table, "attrs", {}).get(COUNTED)
    return name is not None and pd.api.types.is_integer_dtype(table[name].dtype)



def records_dropped(table: pd.DataFrame, enc: Any, columns: Sequence[Hashable], among: np.ndarray | None = None) -> Any:
    """``enc`` with ``dropped`` counted in records, for a table counted here (``missing="drop"``).

    The measures drop the rows of the counted table that carry a missing value; the number of
    records behind them is the sum of their counts. ``among``: only these rows count.
    """
    name = table.attrs.get(COUNTED)
    if name is None or not enc.dropped:
        return enc
    bad = table[list(columns)].isna().any(axis=1).to_numpy()
    if among is not None:
        bad = bad & among
    dropped = int(round(float(table[name].to_numpy()[bad].sum())))
    logger.info("the %d dropped row(s) of the counted table held %d record(s)", int(bad.sum()), dropped)
    return enc._replace(dropped=dropped)



def resolve_columns(
    available: Sequence[Hashable],
    columns: Hashable | Sequence[Hashable] | None,
    weights: Hashable | None,
    extra: Sequence[Hashable],
    what: str = "data",
) -> list[Hashable]:
    """The measured columns: ``columns`` as a list (default: all but ``weights`` and ``extra``), checked."""
    if columns is None:
        columns = [c for c in available if c != weights and c not in extra]
    elif isinstance(columns, (str, int)) or not isinstance(columns, Sequence):
        columns = [columns]
    columns = list(columns)
    if len(set(columns)) != len(columns):
        dup = sorted({str(c) for c in columns if columns.count(c) > 1})
        raise HelixDataError(f"{what}: column(s) {examples(dup)} are listed twice; list each column once.")
    if weights is not None and weights in columns:
        raise HelixDataError(
            f"{what}: the weights column {weights!r} is also listed among the columns; "
            "the counts cannot be a variable of the table."
        )
    return columns

