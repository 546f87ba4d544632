"""Boundary checks shared by all public functions.

Each check raises :class:`~helixnet.errors.HelixDataError` with the column, a few offending
values and the fix, so that no public function ever leaks a raw pandas ``KeyError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Hashable

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


def require_columns(data: pd.DataFrame, columns: Sequence[Hashable], what: str) -> None:
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
    floats = ids.map(lambda x: isinstance(x, (float, np.floating))) if ids.dtype == object else None
    if floats is not None and floats.any():
        rows = list(data.index[floats.to_numpy(dtype=bool)])
        raise HelixDataError(
            f"{what}: column {column!r} mixes text ids with floating-point number(s) {examples(ids[floats].unique())} "
            f"at row(s) {examples(rows)}, which would become ids such as '123.0'; read the file with "
            "helixnet.read_* (ids are read as strings) or dtype=str."
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
    """Every helix label must be one of the vocabulary's.

    The rule, the same for tables and graphs, pandas and Dask: labels are compared exactly;
    one that differs only in case or spaces ("Industry", " industry") is refused with the
    one-line fix, never normalised silently and never counted as a sixth helix.
    """
    bad = sorted(set(values.dropna().unique()) - set(HELICES), key=str)
    if bad:
        raise HelixDataError(unknown_helix_message(bad, column, what))
    if values.isna().any():
        rows = list(values.index[values.isna().to_numpy()])
        raise HelixDataError(
            f"{what}: column {column!r} is missing at row(s) {examples(rows)}; "
            "use 'unknown' where the helix is not known."
        )


def require_weights(values: pd.Series, column: Hashable, what: str) -> np.ndarray:
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
    if total == 0:
        raise HelixDataError(
            f"{what}: the weights in column {column!r} are all 0, so there is nothing to count; "
            "give the counts of the cells (or leave out the weights to count records)."
        )
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


# --------------------------------------------------------------------------------------------
# Scalars (one check for every numeric, boolean and choice argument)
# --------------------------------------------------------------------------------------------

_KIND_NAMES = {int: "a whole number", float: "a number", str: "a string", bool: "True or False"}


def check_scalar(
    value: Any,
    name: str,
    kind: type | tuple[type, ...] = int,
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: str = "both",
    choices: Sequence[Any] | None = None,
    allow_none: bool = False,
    fix: str = "",
) -> Any:
    """Check one scalar argument and return it (numpy scalars as Python ones).

    ``kind`` is ``int`` (whole numbers, numpy integers too; ``True`` is refused, it is not a
    count), ``float`` (any real number, ints included; NaN refused), ``str`` or ``bool``, or a
    tuple of them. ``min_val``/``max_val`` bound it, inclusive or not as ``include_boundaries``
    says ("both", "left", "right", "neither"); ``choices`` lists the allowed values. ``fix`` is
    appended to the message (e.g. "pass None for the automatic choice").

    Examples
    --------
    >>> check_scalar(3, "n_boot", int, min_val=1)
    3
    >>> check_scalar(True, "n_boot", int, min_val=1)
    Traceback (most recent call last):
    ...
    helixnet.errors.HelixDataError: n_boot must be a whole number >= 1, got True (bool).
    """
    if value is None and allow_none:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    bounds = []
    low_closed = include_boundaries in ("both", "left")
    high_closed = include_boundaries in ("both", "right")
    if min_val is not None:
        bounds.append(f"{'>=' if low_closed else '>'} {min_val:g}")
    if max_val is not None:
        bounds.append(f"{'<=' if high_closed else '<'} {max_val:g}")
    expected = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
    if bounds:
        expected += " " + " and ".join(bounds)
    if choices is not None:
        expected = "one of " + ", ".join(repr(c) for c in choices)

    def fail() -> HelixDataError:
        shown = f"{value!r} ({type(value).__name__})" if not isinstance(value, str) else repr(value)
        if isinstance(value, str) and any(k in (int, float) for k in kinds) and str not in kinds:
            shown += " (text; pass a number, not a string)"
        if value is None:
            shown = "None"
        return HelixDataError(f"{name} must be {expected}, got {shown}." + (f" {fix}" if fix else ""))

    ok = False
    for k in kinds:
        if k is bool and isinstance(value, (bool, np.bool_)):
            value, ok = bool(value), True
        elif k is int and isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
            value, ok = int(value), True
        elif k is float and isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
            if isinstance(value, (float, np.floating)) and np.isnan(value):
                break
            value, ok = (float(value) if isinstance(value, (float, np.floating)) else int(value)), True
        elif k is str and isinstance(value, str):
            ok = True
        if ok:
            break
    if not ok:
        raise fail()
    if choices is not None and value not in choices:
        raise fail()
    if min_val is not None and (value < min_val or (value == min_val and not low_closed)):
        raise fail()
    if max_val is not None and (value > max_val or (value == max_val and not high_closed)):
        raise fail()
    return value


def check_year_range(years: Any, name: str = "years") -> tuple[int, int] | None:
    """``years`` as a closed ``(first, last)`` pair of whole years, first <= last."""
    if years is None:
        return None
    if isinstance(years, (str, bytes)) or not isinstance(years, Sequence) or len(years) != 2:
        raise HelixDataError(
            f"{name} must be a pair (first, last) of years, got {years!r}; for one year pass ({years!r}, {years!r})."
            if isinstance(years, (int, np.integer)) and not isinstance(years, bool)
            else f"{name} must be a pair (first, last) of years, e.g. (2014, 2020); got {years!r}."
        )
    first = check_scalar(years[0], f"{name}[0]", int)
    last = check_scalar(years[1], f"{name}[1]", int)
    if first > last:
        raise HelixDataError(
            f"{name}=({first}, {last}) is reversed: the first year is after the last, so no event could be kept; "
            f"pass {name}=({last}, {first})."
        )
    return first, last


# --------------------------------------------------------------------------------------------
# Helix labels: one rule for tables, graphs, pandas and Dask
# --------------------------------------------------------------------------------------------


def _helix_fix(bad: Iterable[Any]) -> str:
    """The fix for unknown helix labels: lower-case them when that is all they need."""
    near = [b for b in bad if isinstance(b, str) and b.strip().lower() in HELICES]
    if near:
        return (
            f" {examples(near)} differ from the vocabulary only in case or spaces; labels are not "
            "normalised silently (a sixth helix would appear): lower-case and strip them first, "
            "e.g. table['helix'] = table['helix'].str.strip().str.lower()."
        )
    return " (helixnet.classify_helix assigns them)."


def unknown_helix_message(bad: Sequence[Any], column: str, what: str) -> str:
    """The message for labels outside the vocabulary (shared by the pandas, Dask and graph paths)."""
    return (
        f"{what}: column {column!r} has unknown helix label(s) {examples(bad)}; "
        f"use one of {', '.join(HELICES)}." + _helix_fix(bad)
    )


def require_graph_helices(G: Any, nodes: Sequence[Any], attribute: str, what: str) -> None:
    """A graph's ``helix`` node attribute is checked like a table's ``helix`` column.

    Nodes without the attribute are left to the caller (some treat them as 'unknown').
    """
    if attribute != "helix":
        return
    values = pd.Series([G.nodes[n].get(attribute) for n in nodes], dtype=object)
    bad_mask = values.notna() & ~values.isin(HELICES)
    if bad_mask.any():
        bad = sorted(set(map(str, values[bad_mask])))
        raise HelixDataError(
            f"{what}: node attribute 'helix' has unknown label(s) {examples(bad)} on node(s) "
            f"{examples([nodes[int(i)] for i in np.flatnonzero(bad_mask.to_numpy())])}; use one of {', '.join(HELICES)}."
            + _helix_fix(bad).replace("table['helix'] = table['helix'].str.strip().str.lower()",
                                      "nx.set_node_attributes(G, {n: h.strip().lower() for n, h in G.nodes(data='helix')}, 'helix')")
        )


# --------------------------------------------------------------------------------------------
# Text that leaves helixnet: XML files, terminals, spreadsheets, tab-separated files
# --------------------------------------------------------------------------------------------

# Characters XML 1.0 forbids (C0 controls except tab, newline, carriage return; U+FFFE/U+FFFF;
# lone surrogates), which make a GEXF or GraphML file unreadable by networkx and Gephi.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 forbids (each replaced by U+FFFD), and how many.

    A carriage return is not forbidden, but XML parsers read it back as a line break (line-end
    normalisation), so it is written as one here and counted.
    """
    lines, n_cr = re.subn("\r\n?", "\n", text)
    cleaned, n = _XML_ILLEGAL.subn("\ufffd", lines)
    return cleaned, n + n_cr


def terminal_safe(text: Any) -> str:
    """``text`` for printing: control characters (escape sequences, bells, ...) shown escaped."""
    return _TERMINAL_CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection guidance).

    Text that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    single quote; numbers are left alone (a negative number is not text).
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def undo_spreadsheet_safe(value: Any) -> Any:
    """The value :func:`spreadsheet_safe` was given: its added leading quote taken off again."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def spreadsheet_safe_frame(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell, index label and column name made :func:`spreadsheet_safe`."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(spreadsheet_safe)
    out.index = out.index.map(spreadsheet_safe)
    out.columns = out.columns.map(spreadsheet_safe)
    return out


def finite_values(values: Any, name: str, what: str) -> np.ndarray:
    """Numbers that must all be finite (no NaN, no infinity), e.g. tie weights used as sizes."""
    array = np.asarray(values, dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        raise HelixDataError(
            f"{what}: {name} has {int(bad.sum())} NaN or infinite value(s); give every tie a finite weight "
            "(G.edges[u, v]['weight'] = ...) or pass weight=None."
        )
    return array


def check_seed(seed: Any, name: str = "seed") -> Any:
    """A seed: None, a whole number >= 0, or a numpy Generator (returned unchanged)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    return check_scalar(seed, name, int, min_val=0, fix="Pass None for a fresh random state or a numpy Generator.")


def year_numbers(values: pd.Series, column: str, what: str) -> pd.Series:
    """Years as numbers (float, NaN where missing) from numbers, numeric text or dates.

    Dates (``datetime64`` columns, or ``datetime.date`` objects) become their calendar year,
    a documented repair reported by a :class:`~helixnet.errors.HelixWarning`: read as numbers
    they would be nanoseconds since 1970 and no year filter would keep anything. Text that is
    not a number, and years with a fraction, are refused.
    """
    import warnings

    from .errors import HelixWarning

    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        warnings.warn(f"{what}: column {column!r} holds dates; their calendar years are used "
                      f"({int(values.notna().sum())} value(s)).", HelixWarning, stacklevel=3)
        return values.dt.year.astype(float)
    if values.dtype == object and values.map(lambda x: hasattr(x, "year") and hasattr(x, "month")).any():
        dates = values.map(lambda x: x.year if hasattr(x, "year") and hasattr(x, "month") else x)
        warnings.warn(f"{what}: column {column!r} holds dates; their calendar years are used.", HelixWarning, stacklevel=3)
        values = dates
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    not_numbers = numbers.isna() & values.notna()
    if not_numbers.any():
        raise HelixDataError(
            f"{what}: column {column!r} has non-numeric value(s) that are not years: {examples(values[not_numbers].unique())} "
            f"at row(s) {examples(list(values.index[not_numbers.to_numpy()]))}; give whole years such as 2020 "
            "or leave the field empty."
        )
    fraction = numbers.notna() & ((numbers % 1 != 0) | ~np.isfinite(numbers))
    if fraction.any():
        raise HelixDataError(
            f"{what}: column {column!r} has year(s) that are not whole numbers: {examples(numbers[fraction].unique())}; "
            "give whole years such as 2020."
        )
    return numbers


def plain_frame(data: pd.DataFrame, what: str) -> pd.DataFrame:
    """``data`` with distinct column names and a unique index.

    Two columns of one name are refused (which one is meant cannot be known); a repeated
    index carries no data in helixnet's tables, so it is replaced by 0..n-1 (rows are matched
    by position, never by label).
    """
    columns = pd.Index(data.columns)
    if not columns.is_unique:
        repeated = list(dict.fromkeys(columns[columns.duplicated()]))
        raise HelixDataError(
            f"{what} has more than one column named {examples(repeated)}; rename or drop the extra "
            "column(s) so that each name is used once."
        )
    if not data.index.is_unique:
        return data.reset_index(drop=True)
    return data


def require_one_spelling(categories: pd.Index, column: Hashable, what: str) -> None:
    """The categories of a column must not hold one number written two ways ("1" and "1.0", 1 and "1").

    Counted as two categories, they would split one value in two and change every entropy.
    """
    if len(categories) < 2 or pd.api.types.is_numeric_dtype(categories.dtype) or pd.api.types.is_bool_dtype(categories.dtype):
        return
    values = pd.Series(categories, dtype=object)
    as_text = values.map(lambda x: x.strip() if isinstance(x, str) else x)
    numbers = pd.to_numeric(as_text.where(as_text.map(lambda x: isinstance(x, (str, int, float, np.number)) and not isinstance(x, bool))),
                            errors="coerce")
    spelled = values[numbers.notna()].groupby(numbers[numbers.notna()].to_numpy()).agg(list)
    clashes = [group for group in spelled if len(group) > 1]
    if clashes:
        raise HelixDataError(
            f"{what}: column {column!r} writes one value in more than one way: "
            f"{'; '.join(' and '.join(repr(x) for x in group) for group in clashes[:3])}; counted as different "
            f"categories they would change the result. Make them one spelling, e.g. data[{column!r}] = "
            f"pd.to_numeric(data[{column!r}])."
        )


def xy_positions(mapping: Any, nodes: Sequence[Any], what: str) -> np.ndarray:
    """Given layout positions as an n x 2 float array; text or short positions are refused."""
    try:
        return np.array([np.asarray(mapping[n], dtype=float).reshape(-1)[:2] for n in nodes]).reshape(len(nodes), 2)
    except (TypeError, ValueError):
        bad = []
        for n in nodes:
            try:
                if np.asarray(mapping[n], dtype=float).size < 2:
                    bad.append(n)
            except (TypeError, ValueError):
                bad.append(n)
        raise HelixDataError(
            f"{what}: the layout positions of node(s) {examples(bad)} are not two numbers "
            f"(e.g. {mapping[bad[0]]!r}); give (x, y) as numbers per node."
        ) from None
