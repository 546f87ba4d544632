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
from collections.abc import Hashable, Sequence
from itertools import combinations
from typing import Literal

import numpy as np
import pandas as pd

from . import _counting
from . import scale as _scale
from ._counting import (
    Encoded,
    Missing,
    Sparse,
    compact,
    dense_counts,
    encode,
    encode_and_count,
    from_records,
    prepare_columns,
    radix,
    records_dropped,
    table_of,
)
from ._validate import check_scalar, check_seed, examples, is_dask
from .errors import HelixDataError

__all__ = [
    "entropy",
    "mutual_information",
    "redundancy",
    "synergy_table",
    "krippendorff_interaction",
    "decompose",
    "rank_triads",
    "mutual_information_ci",
    "independence_test",
    "synergy_over_time",
    "synergy_shapley",
    "contingency",
    "contingency_table",
]

logger = logging.getLogger("helixnet")

Estimator = Literal["plugin", "miller-madow"]


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
        If the table would have more than :data:`_counting.DENSE_LIMIT` cells even after unused categories
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
    columns = prepare_columns(data, columns, weights)
    enc = encode(data, columns, weights=weights, missing=missing)
    if math.prod(enc.sizes) > _counting.DENSE_LIMIT:
        enc = compact(enc)
    if math.prod(enc.sizes) > _counting.DENSE_LIMIT:
        raise HelixDataError(
            f"data: the contingency table of {examples(columns)} would have {math.prod(enc.sizes):,} cells "
            f"(more than {_counting.DENSE_LIMIT:,}); use helixnet.contingency_table, which keeps only the observed "
            "combinations."
        )
    return dense_counts(enc), enc.categories


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

    Parameters
    ----------
    data, columns, weights, missing
        As in :func:`entropy`.
    name : str
        Name of the count column (default ``"count"``).

    Returns
    -------
    pandas.DataFrame
        The value columns and ``name``, one row per combination that occurs.

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
    columns = prepare_columns(data, columns, weights)
    if name in columns:
        raise HelixDataError(f"data: the count column name {name!r} is one of the columns; pass another name=.")
    enc = encode(data, columns, weights=weights, missing=missing)
    counts = table_of(enc)
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


def _subset_entropies(table: np.ndarray | Sparse, base: float, estimator: str) -> np.ndarray:
    """H of every subset of the axes, indexed by bit mask (bit j = axis j; H[0] = 0)."""
    if isinstance(table, Sparse):
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


def _subset_entropies_sparse(table: Sparse, base: float, estimator: str) -> np.ndarray:
    n_axes = len(table.shape)
    h = np.zeros(1 << n_axes)
    for mask in range(1, 1 << n_axes):
        axes = [j for j in range(n_axes) if mask >> j & 1]
        shape = [table.shape[j] for j in axes]
        if len(axes) == n_axes:
            counts = table.counts
        elif math.prod(shape) <= _counting.DENSE_LIMIT:
            code = radix([table.cells[:, j] for j in axes], shape)
            counts = np.bincount(code, weights=table.counts, minlength=math.prod(shape))
        elif math.prod(shape) < 2**62:
            code = radix([table.cells[:, j] for j in axes], shape)
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


def _measure_input(data, columns, weights, missing, base, estimator, min_columns, count=False):
    """Checked columns, base and encoding of a measure's input; with ``count`` also its full table."""
    if is_dask(data):  # counted on the workers (helixnet.scale); the table goes the exact path below
        _check_base(base), _check_estimator(estimator)
        data, weights = _scale.counted(data, columns, weights, missing)
    columns = prepare_columns(data, columns, weights, min_columns=min_columns)
    base = _check_base(base)
    _check_estimator(estimator)
    if count:
        enc, table = encode_and_count(data, columns, weights, missing)
        return columns, base, records_dropped(data, enc, columns), table
    enc = encode(data, columns, weights=weights, missing=missing)
    return columns, base, records_dropped(data, enc, columns)


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
    .. [1] C. E. Shannon, "A mathematical theory of communication", Bell System Technical Journal 27
       (1948) 379-423.
    .. [2] G. A. Miller, "Note on the bias of information estimates", in H. Quastler (ed.),
       Information Theory in Psychology, Free Press (1955) 95-100.
    """
    _, base, _, table = _measure_input(data, columns, weights, missing, base, estimator, 1, count=True)
    counts = table.ravel() if isinstance(table, np.ndarray) else table.counts
    return _entropy_of_counts(counts, base, estimator)


def _t_of_table(table: np.ndarray | Sparse, base: float, estimator: str) -> float:
    return _t_from_entropies(_subset_entropies(table, base, estimator))


def _t_from_encoded(enc: Encoded, base: float, estimator: str) -> float:
    return _t_of_table(table_of(enc), base, estimator)


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

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`mutual_information`.

    Returns
    -------
    float
        :math:`R_N` in units of ``base``; :math:`R < 0` is synergy in every dimension.

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

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`entropy`.

    Returns
    -------
    pandas.DataFrame
        One row per subset of the columns, with the columns described above.

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

    References
    ----------
    .. [1] W. J. McGill, "Multivariate information transmission", Psychometrika 19 (1954) 97-116.
    .. [2] L. Leydesdorff, "The mutual information of university-industry-government relations: an
       indicator of the Triple Helix dynamics", Scientometrics 58(2) (2003) 445-467.
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

    Parameters
    ----------
    data, columns, weights, base, missing
        As in :func:`mutual_information`.
    tol : float
        Iterative proportional fitting stops when every pairwise margin of the fit is within
        ``tol`` (relative to the total count) of the observed one.
    max_iter : int
        Most fitting iterations; if the fit has not converged by then, a warning is logged on the
        ``helixnet`` logger and ``I`` is that of the last fit.

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
    enc = compact(enc)
    if math.prod(enc.sizes) > _counting.DENSE_LIMIT:
        raise HelixDataError(
            f"data: the table of {examples(columns)} has {math.prod(enc.sizes):,} cells, too many for iterative "
            "proportional fitting; merge categories first."
        )
    table = dense_counts(enc)
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
    enc = compact(enc) if math.prod(enc.sizes) > _counting.DENSE_LIMIT else enc
    if math.prod(enc.sizes) > _counting.DENSE_LIMIT:
        raise HelixDataError(
            f"{what}: the table of {examples(list(columns))} has {math.prod(enc.sizes):,} cells; merge categories "
            "or use fewer groups."
        )
    return dense_counts(enc), enc


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

    Parameters
    ----------
    data, weights, base, missing
        As in :func:`entropy`.
    columns : list of column names
        The variables of :math:`T` (at least two).
    by : column name or list of column names
        The grouping column(s); several are nested levels, the outermost first.

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
    .. [1] H. Theil, Statistical Decomposition Analysis, North-Holland (1972).
    .. [2] L. Leydesdorff and M. Fritsch, "Measuring the knowledge base of regional innovation
       systems in Germany in terms of a Triple Helix dynamics", Research Policy 35 (2006) 1538-1553.
    """
    by = [by] if isinstance(by, (str, int)) or not isinstance(by, Sequence) else list(by)
    if not by:
        raise HelixDataError("decompose: by= needs at least one grouping column.")
    data, weights = _scale.counted(data, columns, weights, missing, extra=by)  # dask: counted on the workers
    columns = prepare_columns(data, columns, weights, min_columns=2, extra=by)
    overlap = [c for c in by if c in columns]
    if overlap:
        raise HelixDataError(f"decompose: column(s) {examples(overlap)} are both measured and grouped by; pick one role.")
    base = _check_base(base)
    enc = records_dropped(data, encode(data, [*by, *columns], weights=weights, missing=missing), [*by, *columns])
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

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`entropy`; at least three columns.

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

    References
    ----------
    .. [1] W. J. McGill, "Multivariate information transmission", Psychometrika 19 (1954) 97-116.
    .. [2] L. Leydesdorff, "The mutual information of university-industry-government relations: an
       indicator of the Triple Helix dynamics", Scientometrics 58(2) (2003) 445-467.
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
    by: Hashable | Sequence[Hashable] | None = None,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
    estimator: Estimator = "plugin",
) -> pd.DataFrame:
    r"""T (and R, H) per period or moving window, ready to plot; per group with ``by``.

    The records are counted once per period (one bincount with the period as an extra axis);
    a window of ``w`` periods sums the tables of the periods :math:`(t - w, t]` when ``time`` is
    numeric (years), or of ``w`` consecutive observed periods otherwise. Periods before the
    first full window are left out.

    With ``by`` (e.g. ``by="nuts2"`` on a :func:`helixnet.presence_table` grouped by region) the
    same is done within each group, counted in the same single pass (the group as one more
    axis), and the result is one tidy table of every group and period in which the group has
    records.

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`mutual_information`.
    by : column name or list of column names, optional
        Group the records by these columns and measure each group's periods (see above).
    time : column name
        The period of each record (default ``"year"``).
    window : int
        Periods per window (default 1: every period on its own).

    Returns
    -------
    pandas.DataFrame
        Without ``by``: indexed by period (the window's last period): ``n``, ``H`` (joint
        entropy), ``T``, ``R`` (:math:`(-1)^{N+1} T`), ``T_mbit`` (milli-units of ``base``).
        With ``by``: a tidy table, one row per group and period: the ``by`` column(s), the
        ``time`` column, ``n_events``, ``H``, ``T``, ``R``, ``T_mbit``.

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
    >>> both = pd.concat([data.assign(region="A"), data.assign(region="B").iloc[:4]])
    >>> hx.synergy_over_time(both, ["x", "y", "z"], by="region")  # doctest: +NORMALIZE_WHITESPACE
      region  year  n_events    H    T    R  T_mbit
    0      A  2020         4  2.0 -1.0 -1.0 -1000.0
    1      A  2021         4  2.0  0.0  0.0     0.0
    2      B  2020         4  2.0 -1.0 -1.0 -1000.0

    References
    ----------
    .. [1] L. Leydesdorff, "The mutual information of university-industry-government relations: an
       indicator of the Triple Helix dynamics", Scientometrics 58(2) (2003) 445-467.
    """
    window = check_scalar(window, "synergy_over_time: window (periods)", int, min_val=1)
    by = [] if by is None else _group_columns(by, "synergy_over_time")
    if is_dask(data):  # counted on the workers (helixnet.scale), periods checked there
        periods = [time] if missing != "drop" else []
        data, weights = _scale.counted(data, columns, weights, missing, extra=[*by, time], periods=periods)
    columns = prepare_columns(data, columns, weights, min_columns=2, extra=[*by, time])
    if time in columns:
        raise HelixDataError(f"synergy_over_time: the time column {time!r} is also a measured column.")
    overlap = [c for c in by if c in columns or c == time]
    if overlap:
        raise HelixDataError(
            f"synergy_over_time: column(s) {examples(overlap)} are both grouped by and measured (or the time); pick one role."
        )
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
    frame_in = pd.concat([data[by], frame_in, data[columns + ([weights] if weights is not None else [])]], axis=1)
    if missing == "drop":
        frame_in = frame_in[frame_in["__period__"] >= 0]
    enc = encode(frame_in, [*by, "__period__", *columns], weights=weights, missing=missing)
    enc = records_dropped(data, enc, [*by, *columns], among=data[time].notna().to_numpy())
    axis = len(by)  # the period axis, after the group axes
    enc = enc._replace(
        sizes=[*enc.sizes[:axis], len(periods), *enc.sizes[axis + 1 :]],
        categories=[*enc.categories[:axis], pd.Index(periods), *enc.categories[axis + 1 :]],
    )
    table, enc = _dense_or_fail(enc, [*by, time, *columns], "synergy_over_time")
    periods = enc.categories[axis]
    whole = enc.weights is None or from_records(data)
    if not by:
        out = _over_periods(table, periods, window, base, estimator, len(columns))
        out.index = pd.Index(out.pop("label").to_list(), name=time)
        if whole:
            out["n"] = out["n"].astype(np.int64)
    else:
        group_shape = table.shape[:axis]
        flat = table.reshape(math.prod(group_shape), *table.shape[axis:])
        parts = []
        for g in np.flatnonzero(flat.reshape(len(flat), -1).sum(axis=1) > 0):
            part = _over_periods(flat[g], periods, window, base, estimator, len(columns))
            codes = np.unravel_index(g, group_shape)
            for j, column in enumerate(by):
                part.insert(j, column, [enc.categories[j][codes[j]]] * len(part))
            parts.append(part)
        out = pd.concat(parts, ignore_index=True).rename(columns={"label": time, "n": "n_events"})
        if whole:
            out["n_events"] = out["n_events"].astype(np.int64)
    out[f"T_m{_unit(base)}"] = 1000.0 * out["T"]
    out.attrs.update(dropped=enc.dropped, base=base, estimator=estimator, window=window)
    return out


def _over_periods(table: np.ndarray, periods: pd.Index, window: int, base: float, estimator: str, n_columns: int) -> pd.DataFrame:
    """``label`` (the window's last period), n, H, T, R of each window of a table whose first axis is the period."""
    numeric = pd.api.types.is_numeric_dtype(periods.dtype)
    rows = []
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
        rows.append((label, n, h[-1], t, (-1.0) ** (n_columns + 1) * t))
    return pd.DataFrame(rows, columns=["label", "n", "H", "T", "R"])


def _group_columns(by: Hashable | Sequence[Hashable], what: str) -> list[Hashable]:
    """``by`` as a non-empty list of distinct column names."""
    by = [by] if isinstance(by, (str, int)) or not isinstance(by, Sequence) else list(by)
    if not by or len(set(by)) != len(by):
        raise HelixDataError(f"{what}: by= needs one or more distinct grouping columns, got {by!r}.")
    return by


# --------------------------------------------------------------------------------------------
# Shapley values of groups in T
# --------------------------------------------------------------------------------------------

#: Largest number of groups whose Shapley values :func:`synergy_shapley` computes exactly (2**k subsets).
SHAPLEY_EXACT_LIMIT = 20

#: Permutations drawn by :func:`synergy_shapley` beyond :data:`SHAPLEY_EXACT_LIMIT` groups when ``samples`` is not given.
SHAPLEY_DEFAULT_SAMPLES = 1000

#: Marginal cells (tables x cells of all their marginals) of one vectorised T pass: bounds the
#: memory of the exact and sampled Shapley values (about 32 MiB per temporary array).
_BATCH_CELLS = 1 << 22

#: Largest total count whose c log c values are looked up rather than computed.
_LOOKUP_LIMIT = 1 << 24


def _marginal_map(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The 0/1 matrix from the cells of a table of ``shape`` to the cells of all its marginals, and signs.

    Column block S (a non-empty subset of the axes) of ``table.reshape(m, -1) @ matrix`` holds the
    marginal table of S; ``signs`` gives each column the sign :math:`(-1)^{|S|+1}` of its subset.
    """
    cells = math.prod(shape)
    index = np.indices(shape).reshape(len(shape), cells)
    blocks, signs = [], []
    for mask in range(1, 1 << len(shape)):
        axes = [j for j in range(len(shape)) if mask >> j & 1]
        sizes = [shape[j] for j in axes]
        block = np.zeros((cells, math.prod(sizes)))
        block[np.arange(cells), radix([index[j] for j in axes], sizes)] = 1.0
        blocks.append(block)
        signs.append(np.full(block.shape[1], _sign(mask)))
    return np.hstack(blocks), np.concatenate(signs)


def _marginal_cells(shape: Sequence[int]) -> int:
    """Cells of all the marginal tables of a table of ``shape`` (the columns of :func:`_marginal_map`)."""
    return math.prod(k + 1 for k in shape) - 1


def _xlogx_lookup(tables: np.ndarray) -> np.ndarray | None:
    """c log c for c = 0, 1, ..., n (the total count) when every count is a whole number and n is not huge."""
    total = float(tables.sum())
    if total > _LOOKUP_LIMIT or not np.array_equal(tables, np.round(tables)):
        return None
    c = np.arange(int(total) + 1, dtype=float)
    return c * np.log(np.where(c > 0, c, 1.0))


def _t_of_tables(tables: np.ndarray, base: float, lookup: np.ndarray | None = None) -> np.ndarray:
    r"""T of each table along the first axis of ``tables`` (shape ``(m, k_1, ..., k_N)``), vectorised.

    Every marginal of every table is one matrix product; since the signs of the non-empty subsets
    sum to 1, :math:`T = \log n - \sum_S (-1)^{|S|+1} \sum_{c \in S} c \log c \, / \, n`.
    ``lookup`` (:func:`_xlogx_lookup`) replaces the logarithms of whole counts by a table look-up.
    """
    m = tables.shape[0]
    matrix, signs = _marginal_map(tables.shape[1:])
    marginals = tables.reshape(m, -1) @ matrix
    n = tables.reshape(m, -1).sum(axis=1)
    if lookup is not None:  # sums of whole numbers below 2**53 are exact in float64
        xlogx = lookup[np.rint(marginals).astype(np.int64)]
    else:
        xlogx = marginals * np.log(np.where(marginals > 0, marginals, 1.0))
    safe = np.where(n > 0, n, 1.0)
    return np.where(n > 0, np.log(safe) - (xlogx @ signs) / safe, 0.0) / math.log(base)


def _subset_worths(tables: np.ndarray, base: float) -> np.ndarray:
    """v(S) = T of the summed tables of every subset S of the groups, indexed by bit mask (bit g = group g).

    The summed tables come from a subset-sum (zeta) transform over the bit masks: the sums over
    the low bits once, then one vectorised T pass per value of the high bits (low sums + that
    high sum), so memory stays at one batch.
    """
    k, shape = tables.shape[0], tables.shape[1:]
    flat = tables.reshape(k, -1)
    cells = flat.shape[1]
    low = min(k, max(0, int(math.log2(max(1, _BATCH_CELLS // _marginal_cells(shape))))))

    def subset_sums(part: np.ndarray) -> np.ndarray:
        sums = np.zeros((1 << len(part), cells))
        for j, row in enumerate(part):
            sums[1 << j : 2 << j] = sums[: 1 << j] + row
        return sums

    low_sums, high_sums = subset_sums(flat[:low]), subset_sums(flat[low:])
    lookup = _xlogx_lookup(tables)
    worth = np.empty(1 << k)
    for high, extra in enumerate(high_sums):
        worth[high << low : (high + 1) << low] = _t_of_tables((low_sums + extra).reshape(-1, *shape), base, lookup)
    return worth


def _exact_shapley(tables: np.ndarray, base: float) -> np.ndarray:
    r"""phi_g = sum over S without g of |S|! (k-|S|-1)! / k! [v(S + g) - v(S)]."""
    k = tables.shape[0]
    worth = _subset_worths(tables, base)
    log_k = math.lgamma(k + 1)
    weight = np.array([math.exp(math.lgamma(s + 1) + math.lgamma(k - s) - log_k) for s in range(k)] + [0.0])
    weight_of = weight[np.bitwise_count(np.arange(1 << k, dtype=np.int64))]
    values = np.empty(k)
    for g in range(k):
        # masks as (higher bits, bit g, lower bits): [:, 0] the sets without g, [:, 1] the same sets with g
        pairs = worth.reshape(-1, 2, 1 << g)
        values[g] = float(np.sum(weight_of.reshape(-1, 2, 1 << g)[:, 0] * (pairs[:, 1] - pairs[:, 0])))
    return values


def _sampled_shapley(tables: np.ndarray, base: float, samples: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard error of each group's marginal contribution over ``samples`` random orders."""
    k, shape = tables.shape[0], tables.shape[1:]
    flat = tables.reshape(k, -1)
    contributions = np.empty((samples, k))
    batch = max(1, _BATCH_CELLS // (k * _marginal_cells(shape)))
    lookup = _xlogx_lookup(tables)
    for start in range(0, samples, batch):
        b = min(batch, samples - start)
        orders = np.argsort(rng.random((b, k)), axis=1)
        prefix = np.cumsum(flat[orders], axis=1)  # the events of the first 1, 2, ..., k groups of each order
        worth = _t_of_tables(prefix.reshape(b * k, *shape), base, lookup).reshape(b, k)
        marginal = np.diff(worth, axis=1, prepend=0.0)
        block = np.empty((b, k))
        np.put_along_axis(block, orders, marginal, axis=1)
        contributions[start : start + b] = block
    return contributions.mean(axis=0), contributions.std(axis=0, ddof=1) / math.sqrt(samples)


def synergy_shapley(
    data: pd.DataFrame,
    columns: Sequence[Hashable],
    by: Hashable | Sequence[Hashable],
    *,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
    weights: Hashable | None = None,
    base: float = 2,
    missing: Missing = "error",
) -> pd.DataFrame:
    r"""Each group's Shapley value in T: how much of the synergy of all events each region brings.

    The worth of a set :math:`S` of groups (regions) is :math:`v(S) = T` of the events of those
    groups together, :math:`v(\emptyset) = 0`; group :math:`g`'s Shapley value is its marginal
    contribution averaged over every order in which the groups can join,

    .. math:: \phi_g = \sum_{S \subseteq K \setminus \{g\}} \frac{|S|!\,(k - |S| - 1)!}{k!}
              \bigl(v(S \cup \{g\}) - v(S)\bigr) ,

    so that the values sum to T of all events (efficiency), groups with the same table get the
    same value (symmetry) and a group without events gets 0. Unlike the contribution
    :math:`(n_g/n) T_g` of :func:`decompose`, it also shares out the between-group term
    :math:`T_0` (the synergy or redundancy that arises only when the groups' events are pooled).

    Exact for up to :data:`SHAPLEY_EXACT_LIMIT` (20) groups: one contingency table per group
    (one counting pass), the summed table of every one of the :math:`2^k` subsets by a
    subset-sum transform over the bit masks, T of all of them in vectorised entropy passes, then
    the Shapley weights. Beyond 20 groups (or with ``samples``) the values are estimated from
    ``samples`` random orders (each order's contributions sum to T exactly, so the estimates
    do too), with the standard error of each in ``se``.

    Parameters
    ----------
    data : pandas.DataFrame
        Records (e.g. ``hx.presence_table(..., by="nuts2")``) or a counted table (``weights``).
    columns : list of column names
        The measured variables, e.g. ``["knowledge", "industry", "government"]``.
    by : column name or list of column names
        The groups (regions); several columns give their combinations.
    samples : int, optional
        Estimate from this many random orders (at least 2). Default: exact up to 20 groups,
        :data:`SHAPLEY_DEFAULT_SAMPLES` (1,000) orders beyond.
    seed : int or numpy.random.Generator, optional
        Random state of the sampled estimate.
    weights, base, missing
        As in :func:`entropy`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``shapley`` (:math:`\phi_g`, units of ``base``), ``share``
        (:math:`\phi_g / T`, NaN when :math:`T = 0`), ``T_alone`` (:math:`v(\{g\})`, the group's
        own T), ``n_events``, and ``se`` when sampled. ``attrs``: ``T`` (all events),
        ``method`` (``"exact"`` or ``"sampled"``), ``samples``, ``base``, ``dropped``.
        Sort with ``.sort_values("shapley")`` for a ranking (most synergy first).

    Examples
    --------
    Region A's events are XOR (T = -1 bit), region B's have z = x:

    >>> import pandas as pd
    >>> import helixnet as hx
    >>> xor = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 1, 0, 1], "z": [0, 1, 1, 0]})
    >>> data = pd.concat([xor.assign(region="A"), xor.assign(z=xor.x, region="B")])
    >>> table = hx.synergy_shapley(data, ["x", "y", "z"], by="region")
    >>> table.round(4)  # doctest: +NORMALIZE_WHITESPACE
            shapley   share  T_alone  n_events
    region
    A       -0.6556  2.1063     -1.0         4
    B        0.3444 -1.1063      0.0         4
    >>> round(table.attrs["T"], 4), round(float(table["shapley"].sum()), 4), table.attrs["method"]
    (-0.3113, -0.3113, 'exact')

    The values differ from the contributions :math:`(n_g/n) T_g` of :func:`decompose` (-0.5 and
    0): the Shapley value also shares out the between-region term :math:`T_0` (+0.19 bit here).

    References
    ----------
    .. [1] L. S. Shapley, "A value for n-person games", in H. W. Kuhn and A. W. Tucker (eds.),
       Contributions to the Theory of Games II, Princeton University Press (1953) 307-317.
    .. [2] J. Castro, D. Gomez and J. Tejada, "Polynomial calculation of the Shapley value based
       on sampling", Computers & Operations Research 36 (2009) 1726-1730.
    """
    by = _group_columns(by, "synergy_shapley")
    if samples is not None:
        samples = check_scalar(samples, "synergy_shapley: samples", int, min_val=2,
                               fix="Pass None for the exact values (up to 20 groups).")
    seed = check_seed(seed)
    data, weights = _scale.counted(data, columns, weights, missing, extra=by)  # dask: counted on the workers
    columns = prepare_columns(data, columns, weights, min_columns=2, extra=by)
    overlap = [c for c in by if c in columns]
    if overlap:
        raise HelixDataError(f"synergy_shapley: column(s) {examples(overlap)} are both measured and grouped by; pick one role.")
    base = _check_base(base)
    enc = records_dropped(data, encode(data, [*by, *columns], weights=weights, missing=missing), [*by, *columns])
    enc = compact(enc)
    n_by = len(by)
    present, group_of = np.unique(radix(enc.codes[:n_by], enc.sizes[:n_by]), return_inverse=True)
    shape = enc.sizes[n_by:]
    cells = math.prod(shape)
    if cells > _counting.DENSE_LIMIT // 16:
        raise HelixDataError(
            f"synergy_shapley: the table of {examples(columns)} has {cells:,} cells per group; merge categories "
            "or measure fewer columns."
        )
    k = len(present)
    cell = radix(enc.codes[n_by:], shape)
    tables = np.bincount(group_of.ravel() * cells + cell, weights=enc.weights, minlength=k * cells)
    tables = tables.astype(float).reshape(k, *shape)
    if samples is None and k > SHAPLEY_EXACT_LIMIT:
        samples = SHAPLEY_DEFAULT_SAMPLES
        logger.info("synergy_shapley: %d groups, more than %d: estimated from %d random orders", k,
                    SHAPLEY_EXACT_LIMIT, samples)
    if samples is None:
        values, se = _exact_shapley(tables, base), None
    else:
        values, se = _sampled_shapley(tables, base, samples, np.random.default_rng(seed))
    t_all = float(_t_of_tables(tables.sum(axis=0)[None], base)[0])
    n_g = tables.reshape(k, -1).sum(axis=1)
    codes = np.unravel_index(present, enc.sizes[:n_by])
    labels = [enc.categories[j].take(codes[j]) for j in range(n_by)]
    index = pd.Index(labels[0], name=by[0]) if n_by == 1 else pd.MultiIndex.from_arrays(labels, names=by)
    integral = enc.weights is None or bool(np.all(n_g == np.round(n_g)))
    frame = pd.DataFrame(
        {
            "shapley": values,
            "share": values / t_all if t_all != 0 else np.nan,
            "T_alone": _t_of_tables(tables, base),
            "n_events": n_g.astype(np.int64) if integral else n_g,
        },
        index=index,
    )
    if se is not None:
        frame["se"] = se
    frame.attrs.update(T=t_all, method="exact" if se is None else "sampled", samples=samples, base=base, dropped=enc.dropped)
    return frame


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

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`mutual_information`.
    n_boot : int
        Number of bootstrap replicates (default 1000).
    level : float
        Confidence level, strictly between 0 and 1 (default 0.95).
    seed : int, numpy.random.Generator or None
        Seed of the replicates, for reproducible intervals.
    progress : bool
        Show a progress bar over the replicates.

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
    .. [1] B. Efron and R. J. Tibshirani, An Introduction to the Bootstrap, Chapman & Hall (1993).
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, estimator, 2)
    if not (0 < level < 1):
        raise HelixDataError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}.")
    n_boot = check_scalar(n_boot, "n_boot", int, min_val=1)
    rng = np.random.default_rng(check_seed(seed))
    enc = compact(enc)
    table = table_of(enc)
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
        sample: np.ndarray | Sparse
        if isinstance(table, np.ndarray):
            dense = np.zeros(flat.size)
            dense[cells] = draw
            sample = dense.reshape(table.shape)
        else:
            sample = Sparse(cells, draw, table.shape)
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

    Parameters
    ----------
    data, columns, weights, base, missing, estimator
        As in :func:`mutual_information`.
    n_perm : int
        Number of permutations (default 1000).
    alternative : {"two-sided", "less", "greater"}
        Which permuted values count as extreme (see above).
    seed : int, numpy.random.Generator or None
        Seed of the permutations, for reproducible p-values.
    progress : bool
        Show a progress bar over the permutations.

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
    .. [1] P. Good, Permutation, Parametric, and Bootstrap Tests of Hypotheses, Springer (2005).
    """
    columns, base, enc = _measure_input(data, columns, weights, missing, base, estimator, 2)
    if alternative not in ("two-sided", "less", "greater"):
        raise HelixDataError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}.")
    n_perm = check_scalar(n_perm, "n_perm", int, min_val=1)
    enc = compact(enc)
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
