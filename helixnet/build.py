"""Collaboration graphs: organisations tied by the events they share.

Every projection is a sparse incidence product: with ``B`` the organisation x event
incidence matrix (1 where the organisation takes part in the event), ``C = B D B^T`` holds in
``C[i, j]`` the (weighted) number of events that ``i`` and ``j`` share, where the diagonal
matrix ``D`` carries the weighting scheme. There is no Python loop over events.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Hashable
from typing import Any, Literal, NamedTuple, overload

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _validate as v
from ._countries import iso_country, iso_country_codes
from ._counting import encode_column
from ._gc import paused_gc
from .errors import HelixDataError, HelixWarning

__all__ = ["collaboration_edges", "collaboration_graph", "bipartite_graph", "WEIGHTINGS"]

logger = logging.getLogger("helixnet")

_upper_cooccurrences: Callable[..., tuple[bytearray, bytearray, bytearray, bytearray | None]] | None  # None where not compiled
try:
    from ._kernels import upper_cooccurrences as _upper_cooccurrences
except ImportError:  # pragma: no cover - installed without a C compiler (the extension is optional)
    _upper_cooccurrences = None

DaskDataFrame = Any  # dask.dataframe.DataFrame, without importing dask
Weighting = Literal["count", "fractional", "association", "cosine", "jaccard"]
WEIGHTINGS: tuple[str, ...] = ("count", "fractional", "association", "cosine", "jaccard")

# Node attributes copied from the organisations table onto graph nodes, when present.
_NODE_COLUMNS = ("name", "helix", "country", "region", "city", "size", "employees", "sector", "rule",
                 "nuts1", "nuts2", "nuts3", "region_name", "labour_market_region", "latitude", "longitude")


@overload
def _select_participations(participations: pd.DataFrame, organisations: pd.DataFrame | None, *, years: tuple[int, int] | None,
                           max_participants: int | None, country: str | None, collapse: Literal[True] = True) -> pd.DataFrame: ...
@overload
def _select_participations(participations: pd.DataFrame, organisations: pd.DataFrame | None, *, years: tuple[int, int] | None,
                           max_participants: int | None, country: str | None, collapse: Literal[False]) -> _CodedTable: ...
def _select_participations(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None,
    *,
    years: tuple[int, int] | None,
    max_participants: int | None,
    country: str | None,
    collapse: bool = True,
) -> pd.DataFrame | _CodedTable:
    """Validate and filter the participations; return ``event``/``organisation`` as strings
    (coded with ``collapse=False``).

    Repeated (event, organisation) rows collapse to one participation; how many did is
    logged and kept in ``attrs["duplicates"]``. With ``collapse=False`` the repeats (and
    ``max_participants``) are left to the caller, and the ids come back coded
    (:class:`_CodedTable`): the projection collapses the repeats on the incidence matrix
    (:func:`_incidence`), and each id string is hashed once, by one ``factorize``.
    """
    v.require_frame(participations, "participations")
    v.require_columns(participations, ["event", "organisation"], "participations")
    participations = v.plain_frame(participations, "participations")
    if collapse:
        table = pd.DataFrame(
            {
                "event": v.require_ids(participations, "event", "participations"),
                "organisation": v.require_ids(participations, "organisation", "participations"),
            }
        )
        org_ids = None
    else:
        event_codes, event_ids = _coded_ids(participations, "event", "participations")
        org_codes, org_ids = _coded_ids(participations, "organisation", "participations")
        table = pd.DataFrame({"event": event_codes, "organisation": org_codes}, index=participations.index, copy=False)
    if organisations is not None:
        known = v.organisations_by_id(organisations)
        if "helix" in known.columns:
            v.require_helices(known["helix"].dropna(), "helix", "organisations")
        if org_ids is None:
            unknown = ~table["organisation"].isin(known.index)
        else:  # each distinct id looked up once; every one of them occurs in the table here
            unknown_ids = ~org_ids.isin(known.index)
            unknown = pd.Series(unknown_ids[table["organisation"].to_numpy()], index=table.index)
        if unknown.any():
            missing = table.loc[unknown, "organisation"].unique() if org_ids is None else org_ids[unknown_ids]
            raise HelixDataError(
                f"participations: {len(missing)} organisation id(s) in column 'organisation' are not "
                f"in the organisations table: {v.examples(missing)}; add them to the organisations "
                "table (helix 'unknown' if need be) or drop those participations explicitly."
            )
    if years is not None:
        if "year" not in participations.columns:
            raise HelixDataError(
                "participations: years=... needs a 'year' column; add the event year "
                "(e.g. participations.merge(events[['event', 'year']], on='event'))."
            )
        year = v.year_numbers(participations["year"], "year", "participations").to_numpy()
        if np.isnan(year).any():
            raise HelixDataError(
                "participations: column 'year' is missing at row(s) "
                f"{v.examples(list(participations.index[np.isnan(year)]))}; fill them in "
                "or filter those rows before selecting a year range."
            )
        inside = (year >= years[0]) & (year <= years[1])
        if not inside.any():
            raise HelixDataError(
                f"participations: no participation has a year in years=({years[0]}, {years[1]}); the data span "
                f"{int(year.min())}-{int(year.max())}. Pass a range inside it."
            )
        table = table[inside]
    if country is not None:
        if organisations is not None and "country" in organisations.columns:
            countries = v.organisations_by_id(organisations)["country"]
            names = table["organisation"] if org_ids is None else pd.Series(org_ids.take(table["organisation"].to_numpy()), index=table.index)
            found = names.map(countries)
        elif "country" in participations.columns:
            found = participations.loc[table.index, "country"]
        else:
            raise HelixDataError(
                "country=... needs a 'country' column in the organisations or the participations table."
            )
        # Country codes compare without case or surrounding spaces ("nl" is "NL"), and the EU's
        # EL and UK as ISO's GR and GB, whichever of the two the data and the argument use.
        codes = iso_country_codes(found)
        keep = (codes == _wanted_country(country)).fillna(False).to_numpy(dtype=bool)
        if not keep.any():
            raise HelixDataError(
                f"country={country!r}: no organisation in the data has that country; the data have "
                f"{v.examples(sorted(codes.dropna().unique()), 8)}. Pass one of those."
            )
        table = table[keep]
    if not collapse:
        return _CodedTable(table, event_ids, org_ids)
    before = len(table)
    table = table.drop_duplicates(["event", "organisation"])
    duplicates = before - len(table)
    if duplicates:
        logger.info("collapsed %d repeated (event, organisation) participations", duplicates)
    size = table.groupby("event")["organisation"].transform("size")
    if max_participants is not None:
        dropped = table.loc[size > max_participants, "event"].nunique()
        if dropped == table["event"].nunique():
            raise HelixDataError(
                f"max_participants={max_participants} removes every event (the smallest has {int(size.min())} "
                "participants); pass a larger max_participants or None."
            )
        table = table[size <= max_participants]
        size = size[size <= max_participants]
        logger.info("dropped %d events with more than %d participants", dropped, max_participants)
        table.attrs["dropped_events"] = int(dropped)
    table.attrs["duplicates"] = int(duplicates)
    if len(size):
        _warn_large_events(int(size.max()), max_participants)
    return table


#: An event whose members would be tied by more than this many ties gets a HelixWarning that
#: names ``max_participants`` (5,000 members make 12.5 million ties, ~6 GB as a graph).
LARGE_EVENT_TIES = 1_000_000


def _warn_large_events(largest: int, max_participants: int | None) -> None:
    ties = largest * (largest - 1) // 2
    if ties > LARGE_EVENT_TIES:
        warnings.warn(
            f"the largest event has {largest:,} participants and alone makes {ties:,} ties (more than "
            f"{LARGE_EVENT_TIES:,}); such events tie everyone to everyone and can exhaust memory. Pass "
            "max_participants=... to leave them out (see the docs on choosing it).",
            HelixWarning,
            stacklevel=4,
        )


def _wanted_country(country: str) -> str:
    """The ``country=`` argument as an ISO code (``"UK"`` is ``"GB"``), the translation logged."""
    wanted = iso_country(country)
    if wanted != country.strip().upper():
        logger.info("country=%r: compared as the ISO 3166-1 code %r (the EU writes %s)", country, wanted, country.strip().upper())
    return wanted


def _check_filters(years: Any, max_participants: Any, country: Any) -> tuple[tuple[int, int] | None, int | None, str | None]:
    """The filters' types and ranges, the same for the pandas and Dask paths."""
    years = v.check_year_range(years)
    max_participants = v.check_scalar(max_participants, "max_participants", int, min_val=2, allow_none=True,
                                      fix="An event needs 2 participants to make a tie; pass None to keep every event.")
    country = v.check_scalar(country, "country", str, allow_none=True)
    return years, max_participants, country


class _CodedTable(NamedTuple):
    """Participations whose ``event`` and ``organisation`` columns are integer codes into
    ``event_ids`` and ``organisation_ids`` (distinct ids in order of first appearance; filters may
    have removed some of them from the table)."""

    table: pd.DataFrame
    event_ids: pd.Index
    organisation_ids: pd.Index


def _coded_ids(data: pd.DataFrame, column: str, what: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of the ids in ``column`` and the distinct ids as strings, checked as
    :func:`helixnet._validate.require_ids` checks them.

    Text ids are hashed once and checked on their distinct values only (a missing id shows as
    code -1); anything wrong, and any other dtype, goes through ``require_ids``, which raises its
    message or turns the ids into strings first.
    """
    ids = data[column]
    if isinstance(ids.dtype, pd.StringDtype):
        codes, uniques, _ = encode_column(ids)  # Arrow's dictionary_encode: int32 codes, no copy to int64
        # Empty after str.strip(), without making the stripped strings.
        if not (codes < 0).any() and not ((uniques.str.len() == 0) | uniques.str.isspace()).any():
            # The ids come out in the default string dtype, as require_ids gives them (string[python] too).
            return codes, uniques if uniques.dtype == "str" else uniques.astype("str")
    return pd.factorize(v.require_ids(data, column, what), sort=False)


def _sorted_codes(codes: np.ndarray, ids: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """The codes renumbered into the used ids sorted: ``pd.factorize(ids[codes], sort=True)``,
    with only the distinct ids sorted and no string hashed again."""
    used = np.bincount(codes, minlength=len(ids)) > 0
    if not used.all():
        codes, ids = (np.cumsum(used) - 1)[codes], ids[used]
    arrow = _arrow_strings(ids)
    if arrow is None:
        order = ids.argsort()
    else:
        import pyarrow as pa  # pandas imported it already to hold these ids
        import pyarrow.compute as pc

        width = pc.min_max(pc.binary_length(arrow)).as_py()  # None, None when there are no ids
        if 0 < (width["min"] or 0) == width["max"] <= 18 and pc.all(pc.ascii_is_decimal(arrow)).as_py():
            # Numbers written with one width (PICs, registry numbers) sort as text as they do as
            # integers: an integer argsort instead of string comparisons, a seventh of the time
            # (unstable: the ids are distinct, and it takes a fifth of the stable sort's time).
            order = np.argsort(pc.cast(arrow, pa.int64()).to_numpy())
        else:
            order = np.asarray(pc.sort_indices(arrow))
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return rank[codes], pd.Index(_take_ids(ids, order), copy=False)


def _arrow_strings(ids: pd.Index) -> Any:
    """The Arrow storage (``pyarrow.ChunkedArray``) of text ids in pandas' default string dtype,
    else None."""
    if isinstance(ids.dtype, pd.StringDtype) and ids.dtype.storage == "pyarrow":
        return ids.array.__arrow_array__()
    return None


def _take_ids(ids: pd.Index, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | pd.Index:
    """``ids.take(codes)``; on Arrow strings straight through Arrow's ``take`` (pandas' own
    wrapper added a fifth to its time, on 800,000 codes), same dtype and values."""
    arrow = _arrow_strings(ids)
    if arrow is None:
        return ids.take(codes)
    import pyarrow.compute as pc

    return pd.array(pc.take(arrow, codes), dtype=ids.dtype)


def _incidence(table: pd.DataFrame | _CodedTable, max_participants: int | None = None) -> tuple[sp.csr_matrix, pd.Index, np.ndarray, dict]:
    """Organisation x event incidence matrix (int32 0/1), the sorted organisation ids, the event
    sizes, and ``info`` (``duplicates``; ``dropped_events`` if ``max_participants`` is given).

    Repeated (event, organisation) rows are summed by the sparse constructor and set back to 1,
    so each id string is hashed once (by ``factorize``). Organisations left without an event by
    ``max_participants`` are no longer rows.
    """
    if isinstance(table, _CodedTable):
        org_codes, org_ids = _sorted_codes(table.table["organisation"].to_numpy(), table.organisation_ids)
        event_codes, n_events = table.table["event"].to_numpy(), len(table.event_ids)
        table = table.table
    else:
        org_codes, org_ids = _sorted_codes(*pd.factorize(table["organisation"], sort=False))
        event_codes, _ = pd.factorize(table["event"])
        n_events = int(event_codes.max()) + 1 if len(event_codes) else 0
    # int32: the counts are whole numbers, and the product moves half the bytes of float64.
    incidence = sp.csr_matrix(
        (np.ones(len(table), dtype=np.int32), (org_codes, event_codes)), shape=(len(org_ids), n_events)
    )
    incidence.sum_duplicates()  # also sorts each row's events: the fractional product is then symmetric
    duplicates = len(table) - incidence.nnz
    if duplicates:
        logger.info("collapsed %d repeated (event, organisation) participations", duplicates)
        incidence.data[:] = 1
    info: dict = {"duplicates": int(duplicates)}
    event_sizes = np.bincount(incidence.indices, minlength=n_events)
    if max_participants is not None:
        too_big = event_sizes > max_participants
        info["dropped_events"] = dropped = int(too_big.sum())
        logger.info("dropped %d events with more than %d participants", dropped, max_participants)
        present = event_sizes > 0  # events a years or country filter emptied have none
        if dropped and too_big[present].all():
            raise HelixDataError(
                f"max_participants={max_participants} removes every event (the smallest has {int(event_sizes[present].min())} "
                "participants); pass a larger max_participants or None."
            )
        if dropped:
            incidence.data[too_big[incidence.indices]] = 0
            incidence.eliminate_zeros()
            event_sizes = np.where(too_big, 0, event_sizes)
            active = np.diff(incidence.indptr) > 0
            incidence, org_ids = incidence[active], org_ids[active]
    if len(event_sizes):
        _warn_large_events(int(event_sizes.max()), max_participants)
    return incidence, org_ids, event_sizes, info


def collaboration_edges(
    participations: pd.DataFrame | DaskDataFrame,
    *,
    weighting: Weighting = "count",
    organisations: pd.DataFrame | None = None,
    years: tuple[int, int] | None = None,
    max_participants: int | None = None,
    country: str | None = None,
) -> pd.DataFrame:
    r"""Ties between organisations that share events, as an edge table.

    With :math:`B` the organisation x event incidence matrix, the number of events that
    organisations :math:`i` and :math:`j` share is :math:`c_{ij} = (B B^T)_{ij}`, and
    :math:`w_i = (B B^T)_{ii}` is the number of events of :math:`i`. The weight of a tie:

    - ``"count"``: :math:`c_{ij}`;
    - ``"fractional"`` (Newman 2001): each event :math:`e` with :math:`n_e` participants adds
      :math:`1/(n_e - 1)`, i.e. :math:`(B\,\mathrm{diag}(1/(n_e-1))\,B^T)_{ij}`, so every
      organisation's ties from one event sum to 1;
    - ``"association"`` (association strength as VOSviewer normalises a network, van Eck &
      Waltman 2009): :math:`2m\,c_{ij}/(k_i k_j)` with :math:`k_i = \sum_{j \ne i} c_{ij}`
      the total link strength of :math:`i` and :math:`m = \frac12 \sum_i k_i`: observed over
      expected ties;
    - ``"cosine"`` (Salton): :math:`c_{ij}/\sqrt{w_i w_j}`;
    - ``"jaccard"``: :math:`c_{ij}/(w_i + w_j - c_{ij})`.

    Parameters
    ----------
    participations : DataFrame or dask.dataframe.DataFrame
        Columns ``event`` and ``organisation`` (string ids); ``year`` if ``years`` is given,
        ``country`` if ``country`` is given and no organisations table has one. A dask
        DataFrame is projected where it lies (pairs per event in each partition, reduced by a
        groupby), for tables bigger than one machine's memory.
    weighting : {"count", "fractional", "association", "cosine", "jaccard"}
    organisations : DataFrame, optional
        If given, every participation must point at one of its ``organisation`` ids.
    years : (int, int), optional
        Keep only events whose ``year`` lies in this closed range.
    max_participants : int, optional
        Drop events with more than this many participants (their count is logged and kept in
        ``attrs["dropped_events"]``).
    country : str, optional
        Keep only organisations of this country (ties among them): an ISO 3166-1 alpha-2
        code, compared without case; the EU's ``"UK"`` and ``"EL"`` are the same as ``"GB"``
        and ``"GR"``, in the argument and in the data.

    Returns
    -------
    DataFrame
        ``source``, ``target`` (organisation ids, ``source < target``), ``count`` (shared
        events) and ``weight``, sorted by source and target.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["e1", "e1", "e1", "e2", "e2"],
    ...                   "organisation": ["a", "b", "c", "a", "b"]})
    >>> collaboration_edges(p, weighting="fractional")
      source target  count  weight
    0      a      b      2     1.5
    1      a      c      1     0.5
    2      b      c      1     0.5

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
       networks, and centrality", Physical Review E 64 (2001) 016132.
    .. [2] N. J. van Eck and L. Waltman, "How to normalize cooccurrence data? An analysis of some
       well-known similarity measures", Journal of the American Society for Information Science and
       Technology 60(8) (2009) 1635-1651.
    """
    ties = _project(participations, weighting, organisations, years=years, max_participants=max_participants, country=country)
    # The ids stay in their own (Arrow string) storage: no Python objects made.
    edges = pd.DataFrame(
        {
            "source": _take_ids(ties.organisations, ties.rows),
            "target": _take_ids(ties.organisations, ties.cols),
            "count": ties.counts,
            "weight": ties.weights,
        },
        copy=False,  # the arrays are this call's own: no need to copy them into one block
    )
    edges.attrs.update(ties.info)
    return edges


def _upper_triangle(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and values above the diagonal of a symmetric matrix, sorted by (row, column).

    Not by sorting each row (``sort_indices`` cost more than the product it follows): the entries
    below the diagonal, turned to CSC by scipy's counting sort, are the entries above it in row
    order, each row's columns ascending.
    """
    n = matrix.shape[0]
    rows = np.repeat(np.arange(n, dtype=matrix.indices.dtype), np.diff(matrix.indptr))
    below = np.flatnonzero(matrix.indices < rows)
    # Row i of the lower triangle starts at the first kept entry at or after row i's start.
    lower_indptr = np.searchsorted(below, matrix.indptr)
    lower = sp.csr_matrix((matrix.data.take(below), matrix.indices.take(below), lower_indptr), shape=matrix.shape)
    upper = lower.tocsc()  # column j of the lower triangle = row j of the upper one
    upper_rows = np.repeat(np.arange(n, dtype=upper.indices.dtype), np.diff(upper.indptr))
    return upper_rows, upper.indices, upper.data


class _Ties(NamedTuple):
    """The upper triangle of a projection: integer codes into ``organisations``."""

    organisations: pd.Index
    rows: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    weights: np.ndarray
    info: dict


def _project(participations, weighting: str, organisations: pd.DataFrame | None, **filters) -> _Ties:
    v.check_scalar(weighting, "weighting", str, choices=WEIGHTINGS)
    filters["years"], filters["max_participants"], filters["country"] = _check_filters(**filters)
    if _is_dask(participations):
        return _project_dask(participations, weighting, organisations, **filters)
    max_participants = filters.pop("max_participants")
    table = _select_participations(participations, organisations, max_participants=None, collapse=False, **filters)
    incidence, org_ids, event_sizes, info = _incidence(table, max_participants)
    share = _fractional_share(event_sizes) if weighting == "fractional" else None
    rows, cols, counts, fractional = _upper_products(incidence, share)
    # Each organisation's events: the diagonal of B @ B.T (B is 0/1 with summed duplicates).
    occurrences = np.diff(incidence.indptr).astype(counts.dtype, copy=False)
    weight = _weigh(weighting, rows, cols, counts, fractional, occurrences)
    info["weighting"] = weighting
    return _Ties(org_ids, rows, cols, counts.astype(np.int64), weight, info)


def _upper_products(incidence: sp.csr_matrix, share: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Rows, columns and counts above the diagonal of ``B @ B.T`` sorted by (row, column), and
    with ``share`` (one value per event) the same entries of ``B diag(share) B.T``.

    The compiled kernel computes only those entries, already in order (one pass, no full product
    and no triangle cut out of it afterwards); scipy's product and :func:`_upper_triangle` give
    the same arrays, bit for bit, where it was not compiled or the matrix needs 64-bit indices.
    """
    if _upper_cooccurrences is not None and incidence.indices.dtype == np.int32 and incidence.indptr.dtype == np.int32:
        by_event = incidence.tocsc()  # B.T in CSR: each event's organisations ascending
        found = _upper_cooccurrences(
            incidence.indptr, incidence.indices, by_event.indptr.astype(np.int32, copy=False),
            by_event.indices.astype(np.int32, copy=False), share,
        )
        upper_rows, upper_cols, upper_counts = (np.frombuffer(column, dtype=np.int32) for column in found[:3])
        sums = None if found[3] is None else np.frombuffer(found[3], dtype=np.float64)
        return upper_rows, upper_cols, upper_counts, sums
    rows, cols, counts = _upper_triangle((incidence @ incidence.T).tocsr())
    fractional = None
    if share is not None:
        # Same sparsity pattern as the counts (every shared event has n_e >= 2), same order.
        fractional = _upper_triangle((incidence.astype(np.float64) @ sp.diags(share) @ incidence.T).tocsr())[2]
    return rows, cols, counts, fractional


def _fractional_share(event_sizes: np.ndarray) -> np.ndarray:
    """1/(n_e - 1) per event; 0 for a single-participant event, which makes no tie."""
    with np.errstate(divide="ignore"):
        return np.where(event_sizes > 1, 1.0 / (event_sizes - 1), 0.0)


def _weigh(
    weighting: str, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray, fractional: np.ndarray | None, occurrences: np.ndarray
) -> np.ndarray:
    """Tie weights under ``weighting`` from the shared-event counts and each node's events."""
    if weighting == "count":
        weight = counts
    elif weighting == "fractional":
        if fractional is None:  # _project computes it for this weighting: a bug, not bad input
            raise RuntimeError("helixnet: fractional weights missing; please report this")
        weight = fractional
    elif weighting == "association":
        n = len(occurrences)
        strength = np.bincount(rows, counts, n) + np.bincount(cols, counts, n)
        weight = counts.sum() * 2 * counts / (strength[rows] * strength[cols])
    elif weighting == "cosine":
        weight = counts / np.sqrt(occurrences[rows] * occurrences[cols])
    else:
        weight = counts / (occurrences[rows] + occurrences[cols] - counts)
    return np.asarray(weight, dtype=float)


_is_dask = v.is_dask  # one check for the whole package (helixnet._validate)


def _project_dask(participations, weighting: str, organisations: pd.DataFrame | None, *, years, max_participants, country) -> _Ties:
    """The projection of a dask DataFrame: pairs per event in each partition, reduced by a groupby.

    The participations are shuffled so that each event lies in one partition; each partition
    projects its events with the same sparse product as the pandas path, and the pair counts
    (and fractional sums) are added up over partitions. Counts equal the pandas path exactly;
    fractional weights to the last bits of a float sum in another order.
    """
    import dask

    v.require_columns(participations, ["event", "organisation"], "participations")
    columns = ["event", "organisation"] + [c for c in ("year", "country") if c in participations.columns]
    table = participations[columns]
    if years is not None and "year" not in table.columns:
        raise HelixDataError("participations: years=... needs a 'year' column.")
    # The same checks as the pandas path, counted on the workers.
    n_rows, missing_event, missing_org, empty_event, empty_org, missing_year = dask.compute(
        table.shape[0], table["event"].isna().sum(), table["organisation"].isna().sum(),
        (table["event"].astype(str).str.strip() == "").sum(), (table["organisation"].astype(str).str.strip() == "").sum(),
        table["year"].isna().sum() if years is not None else 0,
    )
    if n_rows == 0:
        raise HelixDataError("participations is empty (0 rows); pass a table with at least one row.")
    for column, missing, empty in (("event", missing_event, empty_event), ("organisation", missing_org, empty_org)):
        if missing:
            raise HelixDataError(
                f"participations: column {column!r} has {int(missing)} missing id(s); fill them in or drop those rows."
            )
        if empty:
            raise HelixDataError(
                f"participations: column {column!r} has {int(empty)} empty id(s); every row needs an id."
            )
        if pd.api.types.is_float_dtype(table[column].dtype):
            raise HelixDataError(
                f"participations: column {column!r} holds floating-point numbers, so ids such as '00123' may have "
                "lost their leading zeros; read the files with dtype=str."
            )
    if years is not None:
        if missing_year:
            raise HelixDataError(
                f"participations: column 'year' is missing in {int(missing_year)} row(s); fill them in "
                "or filter those rows before selecting a year range."
            )
        year = table["year"]
        if pd.api.types.is_datetime64_any_dtype(year.dtype):
            warnings.warn("participations: column 'year' holds dates; their calendar years are used.", HelixWarning, stacklevel=4)
            year = year.dt.year
        elif not pd.api.types.is_numeric_dtype(year.dtype):
            year = year.map_partitions(pd.to_numeric, errors="raise", meta=("year", float))
        table = table[(year >= years[0]) & (year <= years[1])]
    table = table.assign(event=table["event"].astype(str), organisation=table["organisation"].astype(str))
    if organisations is not None:
        known = v.organisations_by_id(organisations)
        if "helix" in known.columns:
            v.require_helices(known["helix"].dropna(), "helix", "organisations")
        missing = table.loc[~table["organisation"].isin(set(known.index)), "organisation"].unique().compute()
        if len(missing):
            raise HelixDataError(
                f"participations: {len(missing)} organisation id(s) in column 'organisation' are not in the "
                f"organisations table: {v.examples(missing)}; add them or drop those participations explicitly."
            )
    if country is not None:
        wanted = _wanted_country(country)
        if organisations is not None and "country" in organisations.columns:
            countries = iso_country_codes(v.organisations_by_id(organisations)["country"])
            table = table[table["organisation"].map(countries, meta=("organisation", "object")) == wanted]
        elif "country" in table.columns:
            table = table[(iso_country_codes(table["country"]) == wanted).fillna(False)]
        else:
            raise HelixDataError("country=... needs a 'country' column in the organisations or the participations table.")
    table = table[["event", "organisation"]]
    before = table.shape[0]
    table = table.drop_duplicates()
    events_together = table.shuffle("event", method="tasks")

    def keep_small(part: pd.DataFrame) -> pd.DataFrame:
        if max_participants is None:
            return part
        return part[part.groupby("event")["organisation"].transform("size") <= max_participants]

    kept = events_together.map_partitions(keep_small, meta=table._meta)

    def partition_pairs(part: pd.DataFrame) -> pd.DataFrame:
        if part.empty:
            return pd.DataFrame({"source": pd.Series(dtype=str), "target": pd.Series(dtype=str), "count": pd.Series(dtype=np.int64), "fractional": pd.Series(dtype=float)})
        incidence, ids, sizes, _ = _incidence(part)
        rows, cols, counts, fractional = _upper_products(incidence, _fractional_share(sizes))
        return pd.DataFrame({"source": ids.take(rows), "target": ids.take(cols), "count": counts.astype(np.int64), "fractional": fractional})

    meta = partition_pairs(pd.DataFrame({"event": pd.Series(dtype=str), "organisation": pd.Series(dtype=str)}))
    pairs = kept.map_partitions(partition_pairs, meta=meta).groupby(["source", "target"]).sum()
    occurrences_by_org = kept.groupby("organisation").size()
    n_before, n_after, n_events_before, n_events_kept, pair_table, occurrence_table = dask.compute(
        before, table.shape[0], table["event"].nunique(), kept["event"].nunique(), pairs, occurrences_by_org
    )
    if n_events_kept == 0:
        raise HelixDataError(
            "the filters (years=..., country=..., max_participants=...) remove every event; "
            f"years={years}, country={country!r}, max_participants={max_participants}. Widen them or pass None."
        )
    org_ids = pd.Index(occurrence_table.index.astype(str)).sort_values()
    occurrences = occurrence_table.reindex(org_ids).to_numpy(dtype=float)
    pair_table = pair_table.reset_index()
    rows = org_ids.get_indexer(pair_table["source"])
    cols = org_ids.get_indexer(pair_table["target"])
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    counts = pair_table["count"].to_numpy(dtype=np.int64)[order]
    fractional = pair_table["fractional"].to_numpy(dtype=float)[order]
    info = {"duplicates": int(n_before - n_after), "weighting": weighting}
    if max_participants is not None:
        info["dropped_events"] = int(n_events_before - n_events_kept)
    weight = _weigh(weighting, rows, cols, counts, fractional, occurrences)
    return _Ties(org_ids, rows, cols, counts, weight, info)


def _node_attributes(nodes: np.ndarray, organisations: pd.DataFrame | None) -> dict[Hashable, dict]:
    if organisations is None:
        return {node: {} for node in nodes}
    table = v.organisations_by_id(organisations)
    columns = [c for c in _NODE_COLUMNS if c in table.columns]
    records = table.loc[nodes, columns]
    # NaN means "not known": leave the attribute out rather than store a float NaN.
    return {
        node: {k: val for k, val in row.items() if not (isinstance(val, float) and np.isnan(val)) and val is not pd.NA}
        for node, row in zip(nodes, records.to_dict("records"))
    }


def collaboration_graph(
    participations: pd.DataFrame | DaskDataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    weighting: Weighting = "count",
    years: tuple[int, int] | None = None,
    max_participants: int | None = None,
    country: str | None = None,
) -> nx.Graph:
    """The collaboration graph of organisations, as a networkx Graph.

    Nodes are organisation ids with the attributes ``name``, ``helix``, ``country``,
    ``region``, ``city`` and the places of :func:`helixnet.assign_regions` (``nuts1`` to
    ``nuts3``, ``region_name``, ``labour_market_region``, ``latitude``, ``longitude``), those
    the organisations table has; every organisation with a
    participation is a node, also one that shares no event with another. Edges carry ``count``
    (shared events) and ``weight`` (see :func:`collaboration_edges` for the weighting schemes
    and the filters).

    Parameters
    ----------
    participations, organisations, weighting, years, max_participants, country
        As in :func:`collaboration_edges`; the organisations table also gives the node
        attributes.

    Returns
    -------
    networkx.Graph
        One node per organisation with a participation, one edge per pair that shares an event.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["e1", "e1", "e2"], "organisation": ["a", "b", "c"]})
    >>> o = pd.DataFrame({"organisation": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                   "helix": ["knowledge", "industry", "government"]})
    >>> G = collaboration_graph(p, o)
    >>> G.number_of_nodes(), G.number_of_edges(), G.nodes["a"]["helix"], G.edges["a", "b"]["count"]
    (3, 1, 'knowledge', 1)
    """
    ties = _project(participations, weighting, organisations, years=years, max_participants=max_participants, country=country)
    nodes = ties.organisations.tolist()
    G = nx.Graph(**ties.info)
    G.add_nodes_from(_node_attributes(nodes, organisations).items())
    # Fill the adjacency the way networkx stores an undirected edge (one attribute dict shared
    # by both directions) without add_edge's per-call checks; each node's id is the same str
    # object everywhere, so its hash is computed once. The garbage collector is paused because
    # its passes over ~800k fresh dicts would cost more than the loop itself.
    neighbours = [G._adj[node] for node in nodes]
    with paused_gc():
        for row, col, count, weight in zip(ties.rows.tolist(), ties.cols.tolist(), ties.counts.tolist(), ties.weights.tolist()):
            data = {"count": count, "weight": weight}
            neighbours[row][nodes[col]] = data
            neighbours[col][nodes[row]] = data
    return G


def bipartite_graph(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    *,
    event_prefix: str = "event:",
) -> nx.Graph:
    """The two-mode graph of organisations and the events they take part in.

    Organisation nodes keep their ids and have ``bipartite=0``; event nodes are named
    ``event_prefix + event id`` (so that an event id can never collide with an organisation id),
    have ``bipartite=1`` and the attribute ``event`` with the plain id, plus the columns of
    ``events``. Each participation is an edge carrying the participation's other columns
    (``role``, ``amount``, ...).

    Parameters
    ----------
    participations : DataFrame
        Columns ``event`` and ``organisation`` (string ids); other columns become edge attributes.
    organisations : DataFrame, optional
        If given, every participation must point at one of its ``organisation`` ids; its columns
        become attributes of the organisation nodes.
    events : DataFrame, optional
        Column ``event`` (unique ids) and the attributes of the event nodes.
    event_prefix : str
        Put before every event id to name its node (default ``"event:"``).

    Returns
    -------
    networkx.Graph
        Organisation nodes (``bipartite=0``), event nodes (``bipartite=1``), one edge per
        participation.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["e1", "e1"], "organisation": ["a", "b"], "role": ["coordinator", "participant"]})
    >>> B = bipartite_graph(p)
    >>> sorted(B.nodes), B.edges["a", "event:e1"]["role"]
    (['a', 'b', 'event:e1'], 'coordinator')
    """
    participations = v.plain_frame(v.require_frame(participations, "participations"), "participations")
    table = _select_participations(participations, organisations, years=None, max_participants=None, country=None)
    extra = [c for c in participations.columns if c not in ("event", "organisation")]
    G = nx.Graph()
    orgs = table["organisation"].unique()
    G.add_nodes_from((node, {**attrs, "bipartite": 0}) for node, attrs in _node_attributes(orgs, organisations).items())
    event_ids = table["event"].unique()
    event_attrs: dict[str, dict] = {e: {} for e in event_ids}
    if events is not None:
        v.require_columns(events, ["event"], "events")
        known = events.assign(event=v.require_ids(events, "event", "events")).drop_duplicates("event").set_index("event")
        for event, row in known.reindex(event_ids).iterrows():
            event_attrs[event] = {k: val for k, val in row.items() if pd.notna(val)}
    G.add_nodes_from((event_prefix + e, {**attrs, "event": e, "bipartite": 1}) for e, attrs in event_attrs.items())
    rows = participations.loc[table.index, extra].to_dict("records") if extra else [{}] * len(table)
    G.add_edges_from(
        (org, event_prefix + event, {k: val for k, val in row.items() if pd.notna(val)})
        for org, event, row in zip(table["organisation"], table["event"], rows)
    )
    return G
