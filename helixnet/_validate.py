"""Boundary checks shared by all public functions.

Each check raises :class:`~helixnet.errors.HelixDataError` with the column, a few offending
values and the fix, so that no public function ever leaks a raw pandas ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import HelixDataError

HELICES = ("knowledge", "industry", "government", "civil", "unknown")

_SHOW = 5


def examples(values: Iterable[Any], n: int = _SHOW) -> str:
    """A few values for an error message: ``'a', 'b', 'c' (and 12 more)``."""
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:n])
    if len(values) > n:
        shown += f" (and {len(values) - n} more)"
    return shown


def is_dask(data: Any) -> bool:
    """Whether ``data`` is a dask collection (DataFrame, Series), without importing dask."""
    return type(data).__module__.startswith("dask.")


def require_frame(data: Any, what: str) -> pd.DataFrame:
    """``data`` must be a non-empty DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise HelixDataError(
            f"{what} must be a pandas DataFrame, got {type(data).__name__}; "
            "read files with helixnet.read_participations / read_organisations first."
        )
    if len(data) == 0:
        raise HelixDataError(f"{what} is empty (0 rows); pass a table with at least one row.")
    return data


def require_columns(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Every name in ``columns`` must be a column of ``data``."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise HelixDataError(
            f"{what} has no column {examples(missing)}; it has {examples(list(data.columns), 12)}. "
            "Rename the columns or pass a column mapping, e.g. columns={'projectID': 'event'}."
        )


def require_ids(data: pd.DataFrame, column: str, what: str) -> pd.Series:
    """The ids in ``column`` as strings, with no missing value.

    Numbers are refused where they would lose leading zeros only if they came in as floats;
    integer ids become their decimal string.
    """
    ids = data[column]
    missing = ids.isna()
    if missing.any():
        rows = list(data.index[missing.to_numpy()])
        raise HelixDataError(
            f"{what}: column {column!r} has {int(missing.sum())} missing id(s) at row(s) "
            f"{examples(rows)}; fill them in or drop those rows before passing the table."
        )
    if pd.api.types.is_float_dtype(ids):
        raise HelixDataError(
            f"{what}: column {column!r} holds floating-point numbers ({examples(ids.head(3))}), "
            "so ids such as '00123' may already have lost their leading zeros; read the file "
            "with helixnet.read_* (ids are read as strings) or dtype=str."
        )
    as_text = ids.astype(str)
    empty = as_text.str.strip() == ""
    if empty.any():
        rows = list(data.index[empty.to_numpy()])
        raise HelixDataError(
            f"{what}: column {column!r} has empty id(s) at row(s) {examples(rows)}; "
            "every row needs an id."
        )
    return as_text


def require_helices(values: pd.Series, column: str, what: str) -> None:
    """Every helix label must be one of the vocabulary's."""
    bad = sorted(set(values.dropna().unique()) - set(HELICES))
    if bad:
        raise HelixDataError(
            f"{what}: column {column!r} has unknown helix label(s) {examples(bad)}; "
            f"use one of {', '.join(HELICES)} (helixnet.classify_helix assigns them)."
        )
    if values.isna().any():
        rows = list(values.index[values.isna().to_numpy()])
        raise HelixDataError(
            f"{what}: column {column!r} is missing at row(s) {examples(rows)}; "
            "use 'unknown' where the helix is not known."
        )


def require_weights(values: pd.Series, column: str, what: str) -> np.ndarray:
    """Weights must be finite numbers >= 0."""
    numbers = pd.to_numeric(values, errors="coerce")
    not_numbers = numbers.isna() & values.notna()
    if not_numbers.any():
        raise HelixDataError(
            f"{what}: column {column!r} has non-numeric value(s) "
            f"{examples(values[not_numbers].unique())}; weights must be numbers."
        )
    array = numbers.to_numpy(dtype=float)
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        rows = list(values.index[bad])
        raise HelixDataError(
            f"{what}: column {column!r} has negative, NaN or infinite value(s) "
            f"{examples(array[bad])} at row(s) {examples(rows)}; weights must be finite and >= 0."
        )
    with np.errstate(over="ignore"):
        total = array.sum()
    if not np.isfinite(total):
        raise HelixDataError(
            f"{what}: the weights in column {column!r} add up to more than the largest float "
            f"(the largest is {array.max():.3g}); divide them by a common factor, which changes no measure."
        )
    return array


def organisations_by_id(organisations: pd.DataFrame) -> pd.DataFrame:
    """The organisations table indexed by its (string, unique) ``organisation`` ids."""
    require_frame(organisations, "organisations")
    require_columns(organisations, ["organisation"], "organisations")
    ids = require_ids(organisations, "organisation", "organisations")
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].unique()
        raise HelixDataError(
            f"organisations: column 'organisation' repeats id(s) {examples(repeated)}; "
            "each organisation must appear once (helixnet.read_organisations merges identical rows)."
        )
    return organisations.set_index(ids)
