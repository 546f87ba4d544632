r"""Past one machine: counting records in chunks from files, or where they lie on a Dask cluster.

Every information measure is a function of a contingency table (the joint counts of the chosen
columns), and every measure accepts an already counted table (one row per combination of
values, the count in a column passed as ``weights=``). So the only step whose cost grows with
the number of records is the counting, and this module runs it out of core:

- :func:`count_records` reads a CSV or Parquet file (or several) in chunks and adds up the
  counts of each chunk: memory holds one chunk and the table of distinct combinations, never
  the records, so it stays flat as the file grows.
- :func:`dask_counts` counts a :class:`dask.dataframe.DataFrame` partition by partition on the
  workers and adds the partial tables up in a tree; only the small table comes back. The
  functions of :mod:`helixnet.information` call it themselves when ``data`` is a dask
  DataFrame, so ``hx.mutual_information(dask_frame, ["u", "i", "g"])`` just works.

The per-event helix presence table of dask participations is built on the cluster too, by
:func:`helixnet.presence.dask_presence_table`.

What equals what: the partial tables are added up in the order of the chunks (partitions), with
``groupby(sort=False)``, so every column's categories come out in the order of their first
appearance in the records, which is the order the in-memory path encodes them in. The measures
therefore see the very same table, cell for cell, and give bit-for-bit the same floats as on the
records in memory (T, H, Krippendorff's I, decompositions, even the bootstrap replicates for a
given seed). The exceptions: fractional ``weights`` are summed in another order (equal to the
last bits), and :func:`helixnet.independence_test` permutes records in another order (same T,
a p-value from the same null distribution but another random stream).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ._counting import COUNTED, check_missing_option, resolve_columns
from ._validate import check_scalar, examples, is_dask, require_columns, require_weights
from .errors import HelixDataError

__all__ = ["count_records", "dask_counts"]

logger = logging.getLogger("helixnet")

DaskDataFrame = Any  # dask.dataframe.DataFrame, without importing dask
PathLike = str | os.PathLike
Missing = Literal["error", "category", "drop"]

#: Partial tables added up per node of the reduction tree.
SPLIT_EVERY = 8


# --------------------------------------------------------------------------------------------
# Counting one chunk, adding counted chunks up
# --------------------------------------------------------------------------------------------


def _count_name(columns: Sequence[Hashable], name: str) -> str:
    while name in columns:
        name = f"_{name}"
    return name


def _check_missing(frame: pd.DataFrame, columns: Sequence[Hashable], what: str, periods: bool = False) -> None:
    """Raise like the in-memory path (column, count, row labels) on a missing value in ``columns``."""
    for column in columns:
        mask = frame[column].isna().to_numpy()
        if mask.any():
            rows = list(frame.index[mask])
            if periods:
                raise HelixDataError(
                    f"data: column {column!r} has {int(mask.sum())} missing period(s) at row(s) {examples(rows)}; "
                    "fill them in or pass missing='drop'."
                )
            raise HelixDataError(
                f"{what}: column {column!r} has {int(mask.sum())} missing value(s) at row(s) {examples(rows)}; "
                "fill them in, or pass missing='category' (missing becomes a category) or "
                "missing='drop' (those records are dropped and counted)."
            )


def _count_chunk(
    frame: pd.DataFrame,
    columns: list[Hashable],
    weights: Hashable | None,
    name: str,
    missing: Missing,
    what: str = "data",
    periods: Sequence[Hashable] = (),
) -> pd.DataFrame:
    """The counted table of one chunk: distinct combinations in order of first appearance.

    Missing values stay a group of their own (``dropna=False``) unless ``missing="error"``; the
    measures then treat them as they do on records (a category, or dropped and counted).
    """
    if missing == "error":
        _check_missing(frame, columns, what)
    if periods:
        _check_missing(frame, periods, what, periods=True)
    keys = [frame[c] for c in columns]
    if weights is None:
        grouped = frame.groupby(keys, sort=False, dropna=False, observed=True).size()
    else:
        w = pd.Series(require_weights(frame[weights], weights, what), index=frame.index)
        grouped = w.groupby(keys, sort=False, dropna=False, observed=True).sum()
    grouped.index.names = columns
    return grouped.rename(name).reset_index()


def _add_counts(parts: Sequence[pd.DataFrame], columns: list[Hashable], name: str) -> pd.DataFrame:
    """Sum counted tables, keeping the order of first appearance (parts in record order)."""
    parts = [p for p in parts if len(p)] or list(parts[:1])
    if len(parts) == 1:
        return parts[0]
    frame = pd.concat(parts, ignore_index=True)
    return frame.groupby(columns, sort=False, dropna=False, observed=True)[name].sum().reset_index()


def _finish(table: pd.DataFrame, name: str, source: str) -> pd.DataFrame:
    if len(table) == 0:
        raise HelixDataError(f"{source} is empty (0 records); pass a table with at least one row.")
    table.attrs[COUNTED] = name
    return table


# --------------------------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------------------------


def _tree(parts: list, keys: list[Hashable], name: str, split_every: int = SPLIT_EVERY):
    """Add delayed counted tables up in order, ``split_every`` at a time."""
    import dask

    add = dask.delayed(_add_counts, pure=True)
    while len(parts) > 1:
        parts = [add(parts[i : i + split_every], keys, name) for i in range(0, len(parts), split_every)]
    return parts[0]


def dask_counts(
    data: DaskDataFrame,
    columns: Hashable | Sequence[Hashable] | None = None,
    *,
    weights: Hashable | None = None,
    missing: Missing = "error",
    name: str = "count",
    extra: Sequence[Hashable] = (),
    periods: Sequence[Hashable] = (),
) -> pd.DataFrame:
    r"""The counted table of a dask DataFrame's ``columns``, counted on the workers.

    Each partition is counted with ``groupby(columns, sort=False, dropna=False).size()`` (or the
    sum of ``weights``) where it lies; the partial tables are added up in partition order in a
    tree of ``groupby().sum()`` steps, and only the table of distinct combinations comes back
    to this process:

    .. math:: n(x_1, \dots, x_N) = \sum_{\text{partitions } k} n_k(x_1, \dots, x_N)

    The measures of :mod:`helixnet.information` call this themselves on dask input; the result
    is what they accept with ``weights=name`` and, because the combinations come out in the
    order of first appearance, it gives the same floats as the records in memory.

    Parameters
    ----------
    data : dask.dataframe.DataFrame
        Records (one row per case), or a counted table with its counts in ``weights``.
    columns : column name or list of column names, optional
        Default: every column except ``weights`` and ``extra``.
    weights : column name, optional
        Counts or weights per row (finite, >= 0).
    missing : {"error", "category", "drop"}
        ``"error"`` raises :class:`HelixDataError` naming the column and rows (checked on the
        workers); otherwise missing values are kept as a combination of their own, and the
        measure makes them a category or drops them (counting the records dropped).
    name : str
        Name of the count column (prefixed with ``_`` if it is one of the columns).
    extra : sequence of column names
        Columns counted too (grouping or time columns), never defaulted into ``columns``.
    periods : sequence of column names
        Columns that may not be missing whatever ``missing`` says (time periods).

    Returns
    -------
    pandas.DataFrame
        ``extra``, then ``columns``, then the count; ``attrs["helixnet_counted"]`` names the
        count column.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import helixnet as hx
    >>> records = pd.DataFrame({"u": [1, 1, 0, 1], "i": [0, 1, 1, 0]})
    >>> hx.scale.dask_counts(dd.from_pandas(records, npartitions=2))
       u  i  count
    0  1  0      2
    1  1  1      1
    2  0  1      1
    >>> hx.mutual_information(dd.from_pandas(records, npartitions=2)) == hx.mutual_information(records)
    True
    """
    import dask

    check_missing_option(missing)
    if not is_dask(data) or not hasattr(data, "columns"):
        raise HelixDataError(f"dask_counts needs a dask DataFrame, got {type(data).__name__}.")
    columns = resolve_columns(list(data.columns), columns, weights, extra)
    keys = [*extra, *columns]
    require_columns(data, keys + ([weights] if weights is not None else []), "data")
    if not keys:
        raise HelixDataError("data: no columns to count; pass columns=[...].")
    name = _count_name(keys, name)
    frame = data[keys + ([weights] if weights is not None else [])]
    count = dask.delayed(_count_chunk, pure=True)
    parts = [count(part, keys, weights, name, missing, "data", list(periods)) for part in frame.to_delayed()]
    if not parts:
        raise HelixDataError("data is empty (no partitions); pass a table with at least one row.")
    table = _tree(parts, keys, name).compute()
    return _finish(table, name, "data")


def counted(
    data: Any,
    columns: Hashable | Sequence[Hashable] | None,
    weights: Hashable | None,
    missing: Missing,
    *,
    extra: Sequence[Hashable] = (),
    periods: Sequence[Hashable] = (),
) -> tuple[Any, Hashable | None]:
    """The hook of :mod:`helixnet.information`: a dask DataFrame becomes its counted table.

    Anything else passes through unchanged. Returns ``(data, weights)`` for the measure.
    """
    if not is_dask(data):
        return data, weights
    table = dask_counts(data, columns, weights=weights, missing=missing, extra=extra, periods=periods)
    return table, table.attrs[COUNTED]


# --------------------------------------------------------------------------------------------
# Files in chunks
# --------------------------------------------------------------------------------------------


def _file_format(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in ("csv", "parquet"):
            raise HelixDataError(f"format must be 'csv' or 'parquet', got {fmt!r}.")
        return fmt
    suffixes = [s.lower() for s in path.suffixes]
    return "parquet" if any(s in (".parquet", ".pq", ".parq") for s in suffixes) else "csv"


def _parquet_chunks(path: Path, read: list[Hashable], chunksize: int, bar) -> Iterable[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as handle:
        names = handle.schema_arrow.names
        absent = [c for c in read if c not in names]
        if absent:
            raise HelixDataError(f"{path}: no column {examples(absent)}; it has {examples(names, 12)}.")
        for batch in handle.iter_batches(batch_size=chunksize, columns=read):
            # dictionary columns are counted by value (each batch has its own dictionary)
            arrays = [a.dictionary_decode() if pa.types.is_dictionary(a.type) else a for a in batch.columns]
            chunk = pa.RecordBatch.from_arrays(arrays, names=batch.schema.names).to_pandas()
            if bar is not None:
                bar.update(len(chunk))
            yield chunk


def _csv_chunks(path: Path, read: list[Hashable], chunksize: int, dtype: Any, weights, bar, read_csv: dict) -> Iterable[pd.DataFrame]:
    if dtype is None:
        dtype = {c: str for c in read if c != weights}
        if weights is not None:
            dtype[weights] = float
    compression = read_csv.pop("compression", "infer")
    if compression == "infer":
        compression = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd", ".zip": "zip"}.get(path.suffix.lower())
    with open(path, "rb") as raw:
        try:
            reader = pd.read_csv(raw, usecols=read, dtype=dtype, chunksize=chunksize, compression=compression, **read_csv)
        except ValueError as error:
            if "Usecols" in str(error) or "usecols" in str(error):
                raise HelixDataError(f"{path}: {error}; check the column names (and sep=).") from None
            raise
        with reader:
            position = 0
            for chunk in reader:
                if bar is not None:
                    now = raw.tell()
                    bar.update(now - position)
                    position = now
                yield chunk
            if bar is not None:
                bar.update(max(bar.total - position, 0) if bar.total else 0)


def count_records(
    source: PathLike | Sequence[PathLike] | DaskDataFrame,
    columns: Sequence[Hashable],
    *,
    weights: Hashable | None = None,
    missing: Missing = "error",
    chunksize: int = 1_000_000,
    format: Literal["csv", "parquet"] | None = None,
    dtype: Any = None,
    name: str = "count",
    progress: bool = True,
    **read_csv: Any,
) -> pd.DataFrame:
    r"""Count the distinct combinations of ``columns`` in files too big for memory, chunk by chunk.

    .. math:: n(x_1, \dots, x_N) = \sum_{\text{chunks } k} n_k(x_1, \dots, x_N)

    Each chunk of ``chunksize`` records is counted with ``groupby(sort=False)`` and added to the
    running table of distinct combinations, so memory holds one chunk (only ``columns`` and
    ``weights`` are read) and that table, never the records: it stays flat as the file grows.
    The result is what every information measure accepts with ``weights=name``, and gives the
    same value as the records read whole (see the module notes for what equals what).

    Parameters
    ----------
    source : path, list of paths, or dask.dataframe.DataFrame
        CSV (also ``.csv.gz`` etc.) or Parquet files, read in turn as one table; a dask
        DataFrame is counted on its workers (:func:`dask_counts`).
    columns : list of column names
        The variables.
    weights : column name, optional
        Counts or weights per row (finite, >= 0).
    missing : {"error", "category", "drop"}
        ``"error"`` raises on a missing value (naming the column and rows of the chunk);
        otherwise missing values stay a combination of their own, for the measure's ``missing=``.
    chunksize : int
        Records per chunk (Parquet: per batch).
    format : {"csv", "parquet"}, optional
        Default: from the file name (``.parquet``/``.pq`` is Parquet, anything else CSV).
    dtype : optional
        CSV only: passed to :func:`pandas.read_csv`. Default: the columns as text (ids keep
        leading zeros) and ``weights`` as float; the in-memory equivalent is
        ``pd.read_csv(path, dtype=str)``. Parquet columns keep their stored types (dictionary
        columns are counted by value).
    name : str
        Name of the count column.
    progress : bool
        A tqdm progress bar (bytes read for CSV, rows for Parquet).
    **read_csv
        Further options for :func:`pandas.read_csv` (``sep=";"``, ``encoding=``, ...).

    Returns
    -------
    pandas.DataFrame
        ``columns`` and the count column, one row per distinct combination, in order of first
        appearance; ``attrs["records"]`` is the number of records read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> records = pd.DataFrame({"u": ["a", "b", "a", "a"], "i": ["x", "x", "y", "x"]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "records.csv"
    >>> records.to_csv(path, index=False)
    >>> table = hx.scale.count_records(path, ["u", "i"], chunksize=2, progress=False)
    >>> table
       u  i  count
    0  a  x      2
    1  b  x      1
    2  a  y      1
    >>> hx.mutual_information(table, weights="count") == hx.mutual_information(records)
    True
    >>> import shutil; shutil.rmtree(path.parent)
    """
    check_missing_option(missing)
    if is_dask(source):
        return dask_counts(source, columns, weights=weights, missing=missing, name=name)
    if isinstance(source, pd.DataFrame):
        raise HelixDataError(
            "count_records reads files (or dask DataFrames); for a pandas DataFrame use helixnet.contingency_table "
            "or pass it to the measures directly."
        )
    chunksize = check_scalar(chunksize, "chunksize (records per chunk)", int, min_val=1)
    columns = resolve_columns([], columns, weights, ())
    if not columns:
        raise HelixDataError("count_records: pass columns=[...] (the variables to count).")
    paths = [Path(source)] if isinstance(source, (str, os.PathLike)) else [Path(p) for p in source]
    if not paths:
        raise HelixDataError("count_records: no files given.")
    for path in paths:
        if not path.is_file():
            raise HelixDataError(f"count_records: no such file {str(path)!r}.")
    name = _count_name(columns, name)
    read = columns + ([weights] if weights is not None else [])
    formats = [_file_format(p, format) for p in paths]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        if all(f == "parquet" for f in formats):
            import pyarrow.parquet as pq

            total = sum(pq.ParquetFile(p).metadata.num_rows for p in paths)
            bar = tqdm(total=total, desc="counting records", unit="rec", unit_scale=True, leave=False)
        else:
            bar = tqdm(total=sum(p.stat().st_size for p in paths), desc="counting records", unit="B", unit_scale=True, leave=False)
    table = None
    records = 0
    try:
        for path, fmt in zip(paths, formats):
            if fmt == "parquet":
                chunks = _parquet_chunks(path, read, chunksize, bar)
            else:
                chunks = _csv_chunks(path, read, chunksize, dtype, weights, bar, dict(read_csv))
            for chunk in chunks:
                records += len(chunk)
                part = _count_chunk(chunk, columns, weights, name, missing, str(path))
                table = part if table is None else _add_counts([table, part], columns, name)
    finally:
        if bar is not None:
            bar.close()
    if table is None or records == 0:
        raise HelixDataError(f"count_records: {examples([str(p) for p in paths])} hold no records.")
    table = _finish(table.reset_index(drop=True), name, "data")
    table.attrs["records"] = records
    logger.info("count_records: %d record(s) -> %d combination(s) of %s", records, len(table), examples(columns))
    return table
