"""Static figures with matplotlib: Venn diagram of helix presence, synergy over time, the helix
mixing matrix, the decomposition of T by group.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot (so nothing is
shown, no global figure state is kept, and any backend works headless) and, given ``path``,
saves it as PNG, SVG or PDF by the path's suffix.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._files import atomic_write
from .._validate import examples
from ..errors import HelixDataError
from ..presence import presence_cells
from .html import HELIX_COLORS

__all__ = [
    "venn_figure", "synergy_over_time_figure", "mixing_matrix_figure", "decomposition_figure", "regional_synergy_figure",
    "VENN_CELLS",
]

#: The seven cells of a three-set Venn diagram, as presence codes of (A, B, C).
VENN_CELLS = ("100", "010", "001", "110", "101", "011", "111")

_SUFFIXES = (".png", ".svg", ".pdf")

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _text_as_written(draw):
    """Draw with matplotlib's mathtext off: names and labels come from outside data, and a ``$``
    in them ("$x^$", "R&D $$") must show as written, not be parsed (or fail) as TeX."""

    @functools.wraps(draw)
    def plain(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return plain


def _new_figure(width: float, height: float) -> Figure:
    """A pyplot-free figure; matplotlib is imported here, on first use, not with helixnet."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _save(fig: Figure, path: str | os.PathLike | None, what: str) -> Figure:
    if path is None:
        return fig
    path = Path(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise HelixDataError(f"{what}: save to a path ending in {', '.join(_SUFFIXES)}; got {str(path)!r}.")
    with atomic_write(path, "wb", make_parents=True) as handle:
        fig.savefig(handle, format=path.suffix.lower()[1:], dpi=150, bbox_inches="tight")
    return fig


def _pick(frame: pd.DataFrame, wanted: str | None, aliases: Sequence[str], what: str, role: str, required: bool = True) -> str | None:
    if wanted is not None:
        if wanted not in frame.columns:
            raise HelixDataError(f"{what}: no column {wanted!r} for {role}; the table has {examples(list(frame.columns), 10)}.")
        return wanted
    for name in aliases:
        if name in frame.columns:
            return name
    if required:
        raise HelixDataError(
            f"{what}: no column for {role}; expected one of {examples(list(aliases), 10)}, the table has "
            f"{examples(list(frame.columns), 10)}. Rename the column or pass its name."
        )
    return None


# --------------------------------------------------------------------------------------------
# Venn
# --------------------------------------------------------------------------------------------


_LETTER_POSITION = {"U": 0, "I": 1, "G": 2}


def _cell_key(key: Any) -> str:
    """``"110"`` stays; Leydesdorff's letters ``"UI"`` (U, I, G = the three sets) become ``"110"``."""
    key = str(key)
    if key and set(key) <= set("UIG") and len(set(key)) == len(key):
        bits = ["0", "0", "0"]
        for letter in key:
            bits[_LETTER_POSITION[letter]] = "1"
        return "".join(bits)
    return key


def _venn_counts(data: Any, labels: Sequence[str], what: str) -> tuple[dict[str, int], int | None]:
    if isinstance(data, pd.DataFrame):
        return presence_cells(data, labels, what)
    if isinstance(data, (Mapping, pd.Series)):
        mapping = {_cell_key(k): v for k, v in dict(data).items()}
        unknown = [k for k in mapping if k not in (*VENN_CELLS, "000")]
        if unknown:
            raise HelixDataError(f"{what}: unknown cell key(s) {examples(unknown)}; use the presence codes {', '.join(VENN_CELLS)} (and '000').")
        counts = {}
        for cell in VENN_CELLS:
            value = mapping.get(cell, 0)
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise HelixDataError(f"{what}: the count for cell {cell!r} is not a number: {value!r}.") from None
            if not math.isfinite(number) or number < 0:
                raise HelixDataError(f"{what}: the count for cell {cell!r} must be finite and >= 0, got {value!r}.")
            counts[cell] = int(round(number))
        none = mapping.get("000")
        return counts, (int(round(float(none))) if none is not None else None)
    raise HelixDataError(
        f"{what}: pass counts per cell (a mapping such as {{'100': 12, '110': 4, ...}}) or a presence table "
        f"(one row per event, 0/1 columns {', '.join(labels)}); got {type(data).__name__}."
    )


@_text_as_written
def venn_figure(
    data: Mapping[str, int] | pd.Series | pd.DataFrame,
    path: str | os.PathLike | None = None,
    *,
    labels: Sequence[str] = ("knowledge", "industry", "government"),
    colors: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Three-set Venn diagram of events by helix presence, with the count in each of the 7 cells.

    Cell ``"110"`` counts the events with the first two sets present and the third absent, and
    so on. Events with none of the three (cell ``"000"``) cannot be drawn inside the circles;
    their number is written under the diagram when known.

    Parameters
    ----------
    data : mapping, Series or DataFrame
        Counts per cell keyed by presence code (``"100"``, ..., ``"111"``, optional ``"000"``)
        or by letters as for :func:`helixnet.venn_table` (``"U"``, ``"UI"``, ``"UIG"``, ...,
        U, I, G being the three sets in order); or a presence table (as
        :func:`helixnet.presence_table` or :func:`helixnet.venn_table` return it): one row per
        event with a 0/1 (or bool) column per set named as in ``labels``, optionally a
        ``count`` column (then each row stands for ``count`` events); the table's
        ``attrs["none_count"]`` is used for cell 000 when no row has none of the three.
    path : str or path, optional
        Save as PNG, SVG or PDF (by suffix).
    labels : three str
        The set names, in the order of the presence code. Default knowledge, industry,
        government (Leydesdorff's U, I, G).
    colors : three colours, optional
        Default: the helix colours of :data:`helixnet.HELIX_COLORS` for helix labels.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = venn_figure({"100": 5, "010": 9, "001": 1, "110": 7, "101": 2, "011": 1, "111": 3, "000": 4})
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    ['1', '1', '2', '3', '5', '7', '9']
    """
    what = "venn_figure"
    labels = list(labels)
    if len(labels) != 3:
        raise HelixDataError(f"{what}: labels must name exactly three sets, got {len(labels)}: {examples(labels)}.")
    counts, none = _venn_counts(data, labels, what)
    if colors is None:
        colors = [HELIX_COLORS.get(label, c) for label, c in zip(labels, ("#0072B2", "#E69F00", "#009E73"))]
    from matplotlib.patches import Circle

    fig = _new_figure(5.2, 5.0)
    ax = fig.add_subplot()
    r = 1.0
    d = 0.62  # centre offset: the three circles overlap pairwise and all together
    centres = [(-d, d / math.sqrt(3)), (d, d / math.sqrt(3)), (0.0, -2 * d / math.sqrt(3))]
    for (x, y), color in zip(centres, colors):
        ax.add_patch(Circle((x, y), r, facecolor=color, edgecolor=color, alpha=0.28, linewidth=2))
    # Label positions: each cell's point lies inside exactly its sets.
    cx = np.array(centres)
    positions = {
        "100": cx[0] + (cx[0] - cx.mean(0)) * 0.85,
        "010": cx[1] + (cx[1] - cx.mean(0)) * 0.85,
        "001": cx[2] + (cx[2] - cx.mean(0)) * 0.85,
        "110": (cx[0] + cx[1]) / 2 + (((cx[0] + cx[1]) / 2) - cx.mean(0)) * 0.75,
        "101": (cx[0] + cx[2]) / 2 + (((cx[0] + cx[2]) / 2) - cx.mean(0)) * 0.75,
        "011": (cx[1] + cx[2]) / 2 + (((cx[1] + cx[2]) / 2) - cx.mean(0)) * 0.75,
        "111": cx.mean(0),
    }
    for cell, (x, y) in positions.items():
        ax.text(x, y, str(counts[cell]), ha="center", va="center", fontsize=13, fontweight="bold" if cell == "111" else "normal")
    for (x, y), label, color in zip(centres, labels, colors):
        offset = np.array([x, y]) / max(math.hypot(x, y), 1e-9) * (r + 0.22)
        ax.text(x + offset[0] * 0.55, y + offset[1], label, ha="center", va="center", fontsize=12, color=color, fontweight="bold")
    total = sum(counts.values())
    note = f"{total:,} events with at least one of the three"
    if none is not None:
        note += f"; {none:,} with none (cell 000)"
    ax.text(0, -2 * d / math.sqrt(3) - r - 0.45, note, ha="center", va="top", fontsize=9, color="#444")
    ax.set_xlim(-d - r - 0.5, d + r + 0.5)
    ax.set_ylim(-2 * d / math.sqrt(3) - r - 0.7, d / math.sqrt(3) + r + 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return _save(fig, path, what)


# --------------------------------------------------------------------------------------------
# Synergy over time
# --------------------------------------------------------------------------------------------


@_text_as_written
def synergy_over_time_figure(
    table: pd.DataFrame,
    path: str | os.PathLike | None = None,
    *,
    period: str | None = None,
    value: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    unit: str = "bits",
    title: str | None = None,
) -> Figure:
    """Synergy T over time, with its confidence band.

    Negative T_uig is synergy (a reduction of uncertainty); the zero line is drawn and the axis
    says which sign is which.

    Parameters
    ----------
    table : DataFrame
        One row per period, e.g. :func:`helixnet.synergy_over_time` (indexed by period, with
        ``T``) joined with the ``lower``/``upper`` of :func:`helixnet.mutual_information_ci`
        per period. Columns (found by name unless given): the period (``period``, ``year``,
        ``window``, or the index), the value (``T``, ``T_uig``, ``value``), and optionally
        the band (``lower``/``upper``, ``ci_low``/``ci_high``, ``T_low``/``T_high``).
    path : str or path, optional
        Save as PNG, SVG or PDF.
    period, value, lower, upper : str, optional
        Column names, when not one of the defaults.
    unit : str
        Unit written on the axis (the values are plotted as given; helixnet's measures are in
        bits, their ``T_mbit`` columns in millibits).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2014, 2015, 2016], "T": [-12.0, -15.5, -9.1],
    ...                   "ci_low": [-14.0, -18.0, -12.0], "ci_high": [-10.0, -13.0, -6.5]})
    >>> fig = synergy_over_time_figure(t)
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [-12.0, -15.5, -9.1]
    """
    what = "synergy_over_time_figure"
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise HelixDataError(f"{what}: pass a non-empty DataFrame with one row per period (e.g. from helixnet.synergy_over_time).")
    frame = table.reset_index() if period is None and not any(c in table.columns for c in ("period", "year", "window")) else table
    period_col = _pick(frame, period, ("period", "year", "window", "index", *frame.columns[:1]), what, "the period")
    value_col = _pick(frame, value, ("T", "T_uig", "value", "t", "synergy"), what, "T")
    low_col = _pick(frame, lower, ("lower", "ci_low", "T_low", "ci_lower", "low"), what, "the lower bound", required=lower is not None)
    high_col = _pick(frame, upper, ("upper", "ci_high", "T_high", "ci_upper", "high"), what, "the upper bound", required=upper is not None)
    if (low_col is None) != (high_col is None):
        raise HelixDataError(f"{what}: the confidence band needs both a lower and an upper column; found only {low_col or high_col!r}.")
    frame = frame.sort_values(period_col)
    x = frame[period_col].to_numpy()
    y = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).all():
        raise HelixDataError(f"{what}: column {value_col!r} holds no numbers.")
    fig = _new_figure(7, 4)
    ax = fig.add_subplot()
    ax.plot(x, y, marker="o", color="#0072B2", label=f"T ({value_col})")
    if low_col is not None:
        lo = pd.to_numeric(frame[low_col], errors="coerce").to_numpy(dtype=float)
        hi = pd.to_numeric(frame[high_col], errors="coerce").to_numpy(dtype=float)
        ax.fill_between(x, lo, hi, color="#0072B2", alpha=0.2, linewidth=0, label="confidence band")
    ax.axhline(0, color="#444", linewidth=0.8)
    ax.set_xlabel(str(period_col))
    ax.set_ylabel(f"T ({unit}); below 0 = synergy")
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return _save(fig, path, what)


# --------------------------------------------------------------------------------------------
# Mixing matrix
# --------------------------------------------------------------------------------------------


@_text_as_written
def mixing_matrix_figure(
    matrix: pd.DataFrame,
    path: str | os.PathLike | None = None,
    *,
    title: str | None = None,
    annotate: bool = True,
    cmap: str = "Blues",
    fmt: str = "{:.3g}",
) -> Figure:
    """Heat map of a helix mixing matrix (rows: from helix, columns: to helix).

    Parameters
    ----------
    matrix : DataFrame
        Square or rectangular table of numbers, rows and columns labelled (e.g. by helix).
    path : str or path, optional
        Save as PNG, SVG or PDF.
    title : str, optional
    annotate : bool
        Write each cell's value.
    cmap : str
        matplotlib colour map.
    fmt : str
        Format of the written values.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[10, 4], [4, 20]], index=["knowledge", "industry"], columns=["knowledge", "industry"])
    >>> fig = mixing_matrix_figure(m)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['10', '4', '4', '20']
    """
    what = "mixing_matrix_figure"
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise HelixDataError(f"{what}: pass a non-empty DataFrame (e.g. from helixnet.mixing_matrix).")
    values = matrix.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).all():
        raise HelixDataError(f"{what}: the matrix holds no numbers.")
    fig = _new_figure(1.2 + 1.1 * values.shape[1], 1.0 + 0.9 * values.shape[0])
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in matrix.columns], rotation=30, ha="right")
    ax.set_yticks(range(values.shape[0]), [str(i) for i in matrix.index])
    if annotate:
        finite = values[np.isfinite(values)]
        mid = (finite.min() + finite.max()) / 2 if finite.size else 0
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                text = "" if math.isnan(v) else fmt.format(v)
                ax.text(j, i, text, ha="center", va="center", color="white" if v > mid else "black", fontsize=10)
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_xlabel(matrix.columns.name or "to")
    ax.set_ylabel(matrix.index.name or "from")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return _save(fig, path, what)


# --------------------------------------------------------------------------------------------
# Decomposition
# --------------------------------------------------------------------------------------------

_BETWEEN = ("between", "T0", "t0", "between-group", "between groups")


@_text_as_written
def decomposition_figure(
    table: pd.DataFrame,
    path: str | os.PathLike | None = None,
    *,
    contribution: str | None = None,
    unit: str = "bits",
    title: str | None = None,
) -> Figure:
    """Bar chart of the decomposition of T over groups: T = T0 + sum_g (n_g / N) T_g.

    Each bar is a group's contribution (n_g / N) T_g; the between-group term T0 is a bar of
    its own (grey) when the table has it; the total T is drawn as a line.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`helixnet.decompose`: indexed by group (or with a ``group``
        column), with ``contribution`` (:math:`(n_g/n) T_g`; another name can be given) or
        else ``T`` and ``n`` (the contribution is then ``n / sum(n) * T``). The between-group
        term T0 is ``table.attrs["T0"]`` (as decompose sets it) or a row named ``between`` or
        ``T0``; the total drawn is ``table.attrs["T"]`` when given, else the sum of the bars.
    path : str or path, optional
        Save as PNG, SVG or PDF.
    contribution : str, optional
        Name of the contribution column.
    unit : str
        Unit on the axis.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"contribution": [-3.0, -1.5, 0.5]}, index=["Noord-Brabant", "Utrecht", "between"])
    >>> fig = decomposition_figure(d)
    >>> [float(round(p.get_width(), 2)) for p in fig.axes[0].patches]
    [-3.0, -1.5, 0.5]
    """
    what = "decomposition_figure"
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise HelixDataError(f"{what}: pass a non-empty DataFrame (e.g. from helixnet.decompose).")
    frame = table.set_index("group") if "group" in table.columns else table
    col = _pick(frame, contribution, ("contribution", "weighted_T", "T_contribution"), what, "the contribution", required=False)
    if col is None:
        if {"T", "n"} <= set(frame.columns):
            groups = ~frame.index.astype(str).isin(_BETWEEN)
            n = pd.to_numeric(frame["n"], errors="coerce")
            values = pd.to_numeric(frame["T"], errors="coerce") * n / n[groups].sum()
            values[~groups] = pd.to_numeric(frame["T"], errors="coerce")[~groups]
        else:
            raise HelixDataError(
                f"{what}: no contribution column (contribution, weighted_T, share) and no T and n columns to "
                f"compute it from; the table has {examples(list(frame.columns), 10)}."
            )
    else:
        values = pd.to_numeric(frame[col], errors="coerce")
    if values.isna().any():
        raise HelixDataError(f"{what}: missing or non-numeric contribution for group(s) {examples(list(values.index[values.isna()]))}.")
    if "T0" in table.attrs and not any(str(i) in _BETWEEN for i in values.index):
        values = pd.concat([values, pd.Series([float(table.attrs["T0"])], index=["between (T0)"])])
    labels = [" / ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in values.index]
    between = np.array([label in _BETWEEN or label == "between (T0)" for label in labels])
    fig = _new_figure(7, 0.9 + 0.38 * len(values))
    ax = fig.add_subplot()
    colors = ["#999999" if b else ("#0072B2" if v < 0 else "#D55E00") for b, v in zip(between, values)]
    ax.barh(range(len(values)), values.to_numpy(dtype=float), color=colors)
    ax.set_yticks(range(len(values)), labels)
    ax.invert_yaxis()
    total = float(values.sum())
    ax.axvline(0, color="#444", linewidth=0.8)
    if "T" in table.attrs:
        total = float(table.attrs["T"])
    ax.axvline(total, color="#222", linestyle="--", linewidth=1, label=f"T = {total:.4g} {unit}")
    ax.set_xlabel(f"contribution to T ({unit}); below 0 = synergy")
    ax.legend(frameon=False, loc="best")
    ax.grid(axis="x", alpha=0.3)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return _save(fig, path, what)


@_text_as_written
def regional_synergy_figure(
    table: pd.DataFrame,
    path: str | os.PathLike | None = None,
    *,
    unit: str = "bits",
    title: str | None = None,
) -> Figure:
    """Two panels per region: its contribution (n_g / N) T_g to T, and its own T_g with a band.

    Parameters
    ----------
    table : DataFrame
        Indexed by region label (drawn top to bottom in this order), with ``contribution``,
        ``T`` (the region's own T) and, optionally, ``lower`` and ``upper`` (its confidence
        band; NaN draws no band). ``table.attrs["T0"]`` adds the between-region term to the
        left panel and ``table.attrs["T"]`` draws the total as a dashed line.
    path : str or path, optional
        Save as PNG, SVG or PDF.
    unit : str
        Unit of the values, on the axes.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"contribution": [-3.0, 0.5], "T": [-9.0, 1.0],
    ...                       "lower": [-12.0, -1.0], "upper": [-6.0, 2.5]},
    ...                      index=["NL41 Noord-Brabant", "NL32 Noord-Holland"])
    >>> fig = regional_synergy_figure(table, unit="mbit")
    >>> [float(p.get_width()) for p in fig.axes[1].patches]
    [-9.0, 1.0]
    """
    what = "regional_synergy_figure"
    if not isinstance(table, pd.DataFrame) or table.empty or not {"contribution", "T"} <= set(table.columns):
        raise HelixDataError(f"{what}: pass a non-empty DataFrame with columns contribution and T (one row per region).")
    labels = [str(i) for i in table.index]
    contribution = pd.to_numeric(table["contribution"], errors="coerce").to_numpy(dtype=float)
    own = pd.to_numeric(table["T"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(contribution).any() or np.isnan(own).any():
        raise HelixDataError(f"{what}: missing or non-numeric contribution or T for region(s) {examples(labels)}.")
    between = "T0" in table.attrs
    if between:
        labels_left, contribution = [*labels, "between regions (T0)"], np.append(contribution, float(table.attrs["T0"]))
    else:
        labels_left = labels
    fig = _new_figure(11, 1.2 + 0.26 * len(labels_left))
    left, right = fig.subplots(1, 2, sharey=True)  # one row per region across both panels
    colors = ["#0072B2" if value < 0 else "#D55E00" for value in contribution]
    if between:
        colors[-1] = "#999999"
    left.barh(range(len(contribution)), contribution, color=colors)
    left.set_yticks(range(len(labels_left)), labels_left, fontsize=8)
    left.set_xlabel(f"contribution (n_g/N) T_g ({unit}); below 0 = synergy")
    if "T" in table.attrs:
        total = float(table.attrs["T"])
        left.axvline(total, color="#222", linestyle="--", linewidth=1, label=f"T = {total:.2f} {unit}")
        left.legend(frameon=False, loc="best", fontsize=8)
    right.barh(range(len(own)), own, color=["#0072B2" if value < 0 else "#D55E00" for value in own], alpha=0.75)
    if {"lower", "upper"} <= set(table.columns):
        lower = pd.to_numeric(table["lower"], errors="coerce").to_numpy(dtype=float)
        upper = pd.to_numeric(table["upper"], errors="coerce").to_numpy(dtype=float)
        banded = ~(np.isnan(lower) | np.isnan(upper))
        rows = np.arange(len(own))[banded]
        right.hlines(rows, lower[banded], upper[banded], color="#222", linewidth=1.2, label="95% band")
        if banded.any():
            right.legend(frameon=False, loc="best", fontsize=8)
    right.set_xlabel(f"the region's own T_g ({unit})")
    left.invert_yaxis()  # shared: once for both
    for ax in (left, right):
        ax.axvline(0, color="#444", linewidth=0.8)
        ax.grid(axis="x", alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path, what)
