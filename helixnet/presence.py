r"""Events x helices: which helices take part in each event, and how much.

The records of Leydesdorff's relational Triple Helix indicators. Every function here starts from
the same join of participations (``event``, ``organisation``) with the organisation registry
(``organisation``, ``helix``), :func:`participation_helices`, and counts it one way:

- :func:`presence_table`: one row per event, 0/1 per helix (pandas, or a Dask DataFrame through
  :func:`dask_presence_table`);
- :func:`fractional_presence_table`: per event the share of its partners in each helix;
- :func:`helix_participations`: the participations with helix and a whole or fractional weight;
- :func:`helix_counts`: events per helix, by whole or fractional counting;
- :func:`venn_counts` and :func:`venn_table`: the seven Venn cells and the 2x2x2 table they make.

Events without a partner of the chosen helices
----------------------------------------------
An event none of whose partners is of the chosen helices (only civil-society or unknown
partners) is the "000" cell; so is an event that has no participation at all, e.g. a paper
without an address, when an ``events`` table lists it. Every function here counts both the
same way: in the "none" cell, with their numbers reported (``attrs["none_count"]``,
``attrs["no_participants"]``).

Events in several regions
-------------------------
``presence_table(..., by="nuts2")`` groups the events by an attribute of their organisations.
A project with partners in several regions is counted as ``assign`` says: once, in its
coordinator's region, with all its partners (``"coordinator"``); once per region among its
partners, with that region's own partners only (``"partners"``, the regional view, in which
every participation lies in exactly one row); or once per such region with all its partners
(``"participating"``). Rows whose region is not known are never dropped: they form the group
``"unplaced"``, with their number and reasons in ``attrs`` (or ``unplaced="error"`` raises).
The decomposition :math:`T = T_0 + \sum_g (n_g/N) T_g` of :func:`helixnet.decompose` holds over
the rows of each view (with ``"partners"`` and ``"participating"``, N counts event-region rows).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from itertools import combinations, product
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._validate import (
    HELICES,
    examples,
    is_dask,
    require_columns,
    require_frame,
    require_helices,
    require_ids,
    require_weights,
    unknown_helix_message,
)
from .errors import HelixDataError

__all__ = [
    "presence_table",
    "dask_presence_table",
    "fractional_presence_table",
    "helix_participations",
    "helix_counts",
    "venn_counts",
    "venn_table",
]

logger = logging.getLogger("helixnet")

DaskDataFrame = Any  # dask.dataframe.DataFrame, without importing dask

_VENN_LETTERS = ("U", "I", "G", "UI", "UG", "IG", "UIG", "none")


Counting = Literal["whole", "fractional"]


Assign = Literal["coordinator", "partners", "participating"]


_LETTERS = {"U": "knowledge", "I": "industry", "G": "government"}


def helix_lookup(organisations: pd.DataFrame) -> pd.Series:
    """The helix of each organisation, indexed by its string id: the registry side of every join.

    Rows repeated with the same helix are one organisation (merged, and the number logged); an
    organisation listed with two different helices is refused.
    """
    require_frame(organisations, "organisations")
    require_columns(organisations, ["organisation", "helix"], "organisations")
    ids = require_ids(organisations, "organisation", "organisations")
    require_helices(organisations["helix"], "helix", "organisations")
    registry = pd.DataFrame({"organisation": ids.to_numpy(), "helix": organisations["helix"].to_numpy(dtype=object)})
    unique = registry.drop_duplicates()
    conflicts = unique["organisation"][unique["organisation"].duplicated()]
    if len(conflicts):
        raise HelixDataError(
            f"organisations: organisation(s) {examples(sorted(set(conflicts)))} are listed with different "
            "helices; keep one row per organisation."
        )
    if len(unique) < len(registry):
        logger.info("organisations: %d repeated row(s) with the same helix merged", len(registry) - len(unique))
    return pd.Series(unique["helix"].to_numpy(dtype=object), index=pd.Index(unique["organisation"].to_numpy()), name="helix")


def participation_helices(
    participations: pd.DataFrame, organisations: pd.DataFrame | None = None, what: str = "participations"
) -> pd.DataFrame:
    """The participations with string ids and the helix of each row: the one join of this module.

    The helix comes from ``organisations`` (:func:`helix_lookup`) where it is given, which takes
    precedence over a ``helix`` column of the participations; otherwise from that column.
    """
    require_frame(participations, what)
    require_columns(participations, ["event", "organisation"], what)
    table = participations.copy()
    table["event"] = require_ids(table, "event", what)
    table["organisation"] = require_ids(table, "organisation", what)
    if organisations is None:
        if "helix" not in table.columns:
            raise HelixDataError(
                f"{what} has no column 'helix'; pass organisations= (columns organisation, helix) "
                "or add the helix of each participating organisation."
            )
        require_helices(table["helix"], "helix", what)
        return table
    lookup = helix_lookup(organisations)
    position = lookup.index.get_indexer(table["organisation"].to_numpy())
    unknown = position < 0
    if unknown.any():
        bad = pd.unique(table["organisation"].to_numpy()[unknown])
        raise HelixDataError(
            f"{what}: {int(unknown.sum())} participation(s) point at organisation(s) that organisations "
            f"does not have: {examples(list(bad))}; add them to organisations (helix 'unknown' if not known) "
            "or drop those participations."
        )
    table["helix"] = lookup.to_numpy()[position]
    return table


def _check_helices(helices: str | Sequence[str]) -> list[str]:
    helices = [helices] if isinstance(helices, str) else list(helices)
    if not helices or len(set(helices)) != len(helices) or any(h not in HELICES for h in helices):
        raise HelixDataError(f"helices must be distinct names from {', '.join(HELICES)}, got {helices!r}.")
    return helices


def _event_ids(events: pd.DataFrame | Sequence[str]) -> pd.Index:
    """The ids of an events table (or a list of ids), unique."""
    if isinstance(events, pd.DataFrame):
        require_frame(events, "events")
        require_columns(events, ["event"], "events")
        ids = require_ids(events, "event", "events")
    else:
        ids = pd.Series(list(events), dtype=object).astype(str)
    return pd.Index(ids.unique())


def helix_participations(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    counting: Counting = "whole",
) -> pd.DataFrame:
    r"""The participations with each organisation's helix and a counting weight.

    The table :func:`helixnet.presence_table` and the other measures consume (``event``,
    ``organisation``, ``helix``), plus ``weight``:

    - ``counting="whole"``: :math:`w = 1` for every (paper, organisation);
    - ``counting="fractional"``: :math:`w = n_{p,o} / n_p`, the organisation's share of the
      paper's distinct addresses (the ``fraction`` column of :func:`read_publications`; if the
      table has none, :math:`1 / \text{number of organisations on the paper}`). The weights
      of a paper sum to 1.

    Parameters
    ----------
    participations, organisations
        As in :func:`helixnet.presence_table`.
    counting : {"whole", "fractional"}
        The weight of each participation, as above.

    Returns
    -------
    DataFrame
        ``event``, ``organisation``, ``helix`` and ``weight``, one row per participation.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["p1", "p1", "p2"], "organisation": ["a", "b", "a"],
    ...                   "fraction": [2 / 3, 1 / 3, 1.0]})
    >>> o = pd.DataFrame({"organisation": ["a", "b"], "helix": ["knowledge", "industry"]})
    >>> helix_participations(p, o, counting="fractional")[["event", "helix", "weight"]].round(3).values.tolist()
    [['p1', 'knowledge', 0.667], ['p1', 'industry', 0.333], ['p2', 'knowledge', 1.0]]

    References
    ----------
    .. [1] A. Perianes-Rodriguez, L. Waltman and N. J. van Eck, "Constructing bibliometric networks:
       a comparison between full and fractional counting", Journal of Informetrics 10(4) (2016)
       1178-1195.
    """
    if counting not in ("whole", "fractional"):
        raise HelixDataError(f"counting must be 'whole' or 'fractional', got {counting!r}.")
    table = participation_helices(participations, organisations)
    if counting == "whole":
        weight = np.ones(len(table))
    elif "fraction" in table.columns:
        weight = require_weights(table["fraction"], "fraction", "participations")
    else:
        weight = 1.0 / table.groupby("event")["organisation"].transform("size").to_numpy(dtype=float)
    keep = [c for c in table.columns if c not in ("weight",)]
    result = table[keep].copy()
    result["weight"] = weight
    return result.reset_index(drop=True)


def fractional_presence_table(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    helices: Sequence[str] = ("knowledge", "industry", "government"),
) -> pd.DataFrame:
    r"""Fractional counting of the presence table: per paper, the share of its addresses per helix.

    The whole-counting presence table (:func:`helixnet.presence_table`) has a 0/1 column per
    helix; here each column holds :math:`n_{p,h} / n_p`, the share of paper :math:`p`'s distinct
    addresses in helix :math:`h`, and ``other`` the share of the remaining helices (civil,
    unknown, or those not chosen), so that each row sums to 1. Column sums are the fractional
    output counts per helix.

    Parameters
    ----------
    participations, organisations, helices
        As in :func:`helixnet.presence_table`; a ``fraction`` column of the participations (as
        :func:`helixnet.read_publications` writes it) gives the organisations' shares (see
        :func:`helix_participations`).

    Returns
    -------
    DataFrame
        Indexed by ``event``, one column per helix in ``helices`` and ``other``.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["p1", "p1", "p2"], "organisation": ["a", "b", "c"],
    ...                   "fraction": [0.75, 0.25, 1.0]})
    >>> o = pd.DataFrame({"organisation": ["a", "b", "c"], "helix": ["knowledge", "industry", "civil"]})
    >>> fractional_presence_table(p, o).to_dict("index")
    {'p1': {'knowledge': 0.75, 'industry': 0.25, 'government': 0.0, 'other': 0.0}, 'p2': {'knowledge': 0.0, 'industry': 0.0, 'government': 0.0, 'other': 1.0}}

    References
    ----------
    .. [1] A. Perianes-Rodriguez, L. Waltman and N. J. van Eck, "Constructing bibliometric networks:
       a comparison between full and fractional counting", Journal of Informetrics 10(4) (2016)
       1178-1195.
    """
    helices = _check_helices(helices)
    table = helix_participations(participations, organisations, counting="fractional")
    table["column"] = table["helix"].where(table["helix"].isin(helices), "other")
    shares = table.pivot_table(index="event", columns="column", values="weight", aggfunc="sum", fill_value=0.0, sort=False)
    shares = shares.reindex(columns=[*helices, "other"], fill_value=0.0).astype(float)
    shares.columns.name = None
    return shares


def helix_counts(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    counting: Counting = "whole",
) -> pd.DataFrame:
    r"""Papers per helix, by whole or fractional counting.

    Whole counting: :math:`N_h` = the number of papers with at least one address of helix
    :math:`h` (a paper counts once for each helix present, so the column sums to more than the
    number of papers when papers are shared). Fractional counting:
    :math:`N_h = \sum_p n_{p,h} / n_p`, summing to the number of papers with an address.

    Parameters
    ----------
    participations, organisations
        As in :func:`helixnet.presence_table`.
    counting : {"whole", "fractional"}
        Whole counting (default) or fractional counting, as above.

    Returns
    -------
    DataFrame
        Indexed by helix (knowledge, industry, government, civil, unknown), columns ``papers``
        and ``share`` (of the papers with an address).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["p1", "p1", "p2"], "organisation": ["a", "b", "a"],
    ...                   "fraction": [0.5, 0.5, 1.0]})
    >>> o = pd.DataFrame({"organisation": ["a", "b"], "helix": ["knowledge", "industry"]})
    >>> helix_counts(p, o)["papers"].tolist(), helix_counts(p, o, counting="fractional")["papers"].tolist()
    ([2.0, 1.0, 0.0, 0.0, 0.0], [1.5, 0.5, 0.0, 0.0, 0.0])

    References
    ----------
    .. [1] A. Perianes-Rodriguez, L. Waltman and N. J. van Eck, "Constructing bibliometric networks:
       a comparison between full and fractional counting", Journal of Informetrics 10(4) (2016)
       1178-1195.
    """
    table = helix_participations(participations, organisations, counting=counting)
    if counting == "whole":
        papers = table.drop_duplicates(["event", "helix"]).groupby("helix").size().astype(float)
    else:
        papers = table.groupby("helix")["weight"].sum()
    papers = papers.reindex(list(HELICES), fill_value=0.0)
    n = table["event"].nunique()
    result = pd.DataFrame({"papers": papers, "share": papers / n if n else np.nan})
    result.index.name = "helix"
    return result


def venn_counts(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    events: pd.DataFrame | Sequence[str] | None = None,
) -> pd.Series:
    r"""The seven Venn counts of a set of papers, plus the papers with none of the three helices.

    Each paper lies in exactly one cell, by which of knowledge (U), industry (I) and
    government (G) are present among its addresses: ``U``, ``I``, ``G`` (one helix only),
    ``UI``, ``UG``, ``IG`` (exactly two), ``UIG`` (all three), and ``none`` (only civil or
    unknown addresses). A paper counts once whatever the number of its addresses (each cell
    is a count of papers, so whole and fractional counting give the same cells; they differ
    in :func:`helix_counts`).

    Pass the result to :func:`helixnet.venn_table` for the information measures:
    ``hx.venn_table(counts.drop("none"), none=counts["none"])``.

    Parameters
    ----------
    participations, organisations : DataFrame
        As for :func:`helixnet.presence_table`.
    events : DataFrame or sequence of ids, optional
        All the papers (e.g. the ``events`` of :func:`read_publications`). Papers without any
        address are then counted in ``none`` (they show none of the three helices; their number
        is in ``attrs["no_participants"]``), as :func:`presence_table` counts them; without
        ``events`` only papers with an address count.

    Returns
    -------
    pandas.Series
        Index ``U, I, G, UI, UG, IG, UIG, none``, integer counts.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"event": ["p1", "p1", "p2", "p3", "p3", "p3", "p4"],
    ...                   "organisation": ["u", "f", "u", "u", "f", "g", "c"]})
    >>> o = pd.DataFrame({"organisation": ["u", "f", "g", "c"],
    ...                   "helix": ["knowledge", "industry", "government", "civil"]})
    >>> venn_counts(p, o).to_dict()
    {'U': 1, 'I': 0, 'G': 0, 'UI': 1, 'UG': 0, 'IG': 0, 'UIG': 1, 'none': 1}

    References
    ----------
    .. [1] H. W. Park, H. D. Hong and L. Leydesdorff, "A comparison of the knowledge-based
       innovation systems in the economies of South Korea and the Netherlands using Triple Helix
       indicators", Scientometrics 65(1) (2005) 3-27.
    """
    table = participation_helices(participations, organisations)
    letters = {"knowledge": 1, "industry": 2, "government": 4}
    bits = table["helix"].map(letters).fillna(0).to_numpy(dtype=np.int64)
    codes, event_ids = pd.factorize(table["event"])
    cell = np.zeros(len(event_ids), dtype=np.int64)
    np.bitwise_or.at(cell, codes, bits)  # the set of helices present on each paper, as 3 bits
    per_event = pd.Series(cell, index=event_ids)
    order = [1, 2, 4, 3, 5, 6, 7, 0]  # U, I, G, UI, UG, IG, UIG, none
    counts = pd.Series(np.bincount(cell, minlength=8)[order], index=list(_VENN_LETTERS)).astype(int)
    no_participants = 0
    if events is not None:
        listed = _event_ids(events)
        _require_listed(pd.Index(per_event.index), listed)
        no_participants = int((~listed.isin(per_event.index)).sum())
        counts["none"] += no_participants
    counts.attrs["no_participants"] = no_participants
    counts.name = "papers"
    return counts


def presence_cells(table: pd.DataFrame, columns: Sequence[str], what: str = "presence table") -> tuple[dict[str, int], int]:
    """Events per cell of a presence table: ``({"100": n, "010": n, ..., "111": n}, none)``.

    Not in ``__all__``: the one place that turns presence rows into cell counts, used by
    :func:`helixnet.venn_figure`. A cell is a code of one 0/1 digit per column (``"110"``: the
    first two present, the third absent), counted over the rows (weighted by a ``count`` column
    when the table has one). ``none`` is the count of the all-zero cell, or, when the table has
    no such row, its ``attrs["none_count"]`` (a :func:`presence_table` without the events with
    none of the helices).

    Parameters
    ----------
    table : DataFrame
        One row per event (or per cell, with ``count``), a 0/1 or True/False column per name of
        ``columns``.
    columns : sequence of str
        The presence columns, in the order of the digits of the cell codes.
    what : str
        The caller's name for the error messages.

    Returns
    -------
    (dict, int)
        The count of every code but the all-zero one, in the order of ``itertools.product``
        (first column slowest), and the count of the all-zero code.

    Examples
    --------
    >>> t = pd.DataFrame({"knowledge": [1, 1, 0, 0], "industry": [1, 0, 0, 1]})
    >>> presence_cells(t, ["knowledge", "industry"])
    ({'01': 1, '10': 1, '11': 1}, 1)
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise HelixDataError(
            f"{what}: the presence table has no column {examples(missing)}; it needs one 0/1 column per set "
            f"({', '.join(columns)}) and optionally a 'count' column; it has {examples(list(table.columns), 10)}."
        )
    try:
        bits = table[list(columns)].astype(float).to_numpy()
    except (TypeError, ValueError):
        raise HelixDataError(f"{what}: the columns {', '.join(columns)} must hold 0/1 or True/False.") from None
    if not np.isin(bits, (0.0, 1.0)).all():
        raise HelixDataError(f"{what}: the columns {', '.join(columns)} must hold only 0/1 or True/False (no NaN).")
    weights = np.ones(len(table))
    if "count" in table.columns:
        weights = pd.to_numeric(table["count"], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(weights).all() or (weights < 0).any():
            raise HelixDataError(f"{what}: column 'count' must hold finite numbers >= 0.")
    codes = ["".join("1" if b else "0" for b in row) for row in bits.astype(bool)]
    totals = pd.Series(weights).groupby(pd.Series(codes, dtype=object)).sum()
    all_codes = ["".join(digits) for digits in product("01", repeat=len(columns))]
    counts = {code: int(round(totals.get(code, 0))) for code in all_codes[1:]}
    none = int(round(totals.get(all_codes[0], 0)))
    if not none and table.attrs.get("none_count") is not None:  # a presence_table without them
        none = int(table.attrs["none_count"])
    return counts, none


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


def venn_table(
    counts: Mapping[Any, float], none: float = 0, *, cells: Literal["exclusive", "overlapping"] = "exclusive"
) -> pd.DataFrame:
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
    cells : {"exclusive", "overlapping"}
        ``"exclusive"`` (default): each count is one cell ("UI" = U and I but not G).
        ``"overlapping"``: the counts as many papers report them, each including its supersets
        ("U" = all events with U, "UI" = all with U and I, UIG among them); they are turned into
        exclusive cells by inclusion-exclusion (:math:`UI_x = UI - UIG`,
        :math:`U_x = U - UI - UG + UIG`, ...), and counts no real data can give (an intersection
        larger than one of its sets) are refused.

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

    The same events counted as overlapping sets (U includes UI, UG and UIG, ...):

    >>> overlapping = {"U": 19, "I": 12, "G": 8, "UI": 6, "UG": 5, "IG": 3, "UIG": 2}
    >>> hx.venn_table(overlapping, cells="overlapping").equals(table)
    True

    References
    ----------
    .. [1] L. Leydesdorff, "The mutual information of university-industry-government
       relations: an indicator of the Triple Helix dynamics", Scientometrics 58 (2003) 445-467.
    """
    if not isinstance(counts, Mapping):
        raise HelixDataError(f"venn_table: counts must be a mapping (dict) of the seven Venn cells, got {type(counts).__name__}.")
    cells_given: dict[frozenset[str], float] = {}
    for key, value in counts.items():
        cell = _venn_key(key)
        if cell in cells_given:
            raise HelixDataError(f"venn_table: the cell {'+'.join(sorted(cell))} is given twice (key {key!r}); give each cell once.")
        cells_given[cell] = value
    three = ("knowledge", "industry", "government")
    wanted = [frozenset(s) for k in (1, 2, 3) for s in combinations(three, k)]
    absent = ["".join(l for l, n in _LETTERS.items() if n in c) for c in wanted if c not in cells_given]
    if absent:
        raise HelixDataError(f"venn_table: cell(s) {examples(absent)} missing; give all seven (U, I, G, UI, UG, IG, UIG), 0 for empty ones.")
    if cells not in ("exclusive", "overlapping"):
        raise HelixDataError(f"venn_table: cells must be 'exclusive' or 'overlapping', got {cells!r}.")
    if cells == "overlapping":
        cells_given = _exclusive_cells(cells_given)
    rows = []
    for bits in range(8):
        present = tuple(h for j, h in enumerate(three) if bits >> (2 - j) & 1)
        value = none if not present else cells_given[frozenset(present)]
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



def _exclusive_cells(overlapping: dict[frozenset[str], float]) -> dict[frozenset[str], float]:
    """Exclusive Venn cells from overlapping set counts by inclusion-exclusion; impossible counts refused."""
    try:
        given = {cell: float(value) for cell, value in overlapping.items()}
    except (TypeError, ValueError):
        raise HelixDataError(f"venn_table: counts must be numbers, got {examples(list(overlapping.values()))}.") from None
    letters = {name: letter for letter, name in _LETTERS.items()}
    exclusive = {}
    for cell in given:
        # the events in exactly `cell`: sum over the supersets S of cell of (-1)^(|S|-|cell|) n(S)
        exclusive[cell] = sum((-1) ** (len(other) - len(cell)) * n for other, n in given.items() if cell <= other)
    impossible = sorted(("".join(letters[h] for h in sorted(c, key=list(letters).index)), v) for c, v in exclusive.items() if v < 0)
    if impossible:
        shown = ", ".join(f"{name} = {value:g}" for name, value in impossible)
        raise HelixDataError(
            f"venn_table: these overlapping counts are impossible: the exclusive cell(s) {shown} would be negative "
            "(an intersection such as UI or UIG is larger than one of its sets); check the counts, or pass "
            "cells='exclusive' if they already are one cell each."
        )
    return exclusive

def _event_attributes(events: pd.DataFrame, attributes: Sequence[str]) -> pd.DataFrame:
    """The ``attributes`` columns of an events table, indexed by (unique, string) event id."""
    require_frame(events, "events")
    require_columns(events, ["event", *attributes], "events")
    ev = require_ids(events, "event", "events")
    dup = ev[ev.duplicated()]
    if len(dup):
        raise HelixDataError(f"events: event id(s) {examples(sorted(set(dup)))} appear twice; keep one row per event.")
    return events[list(attributes)].set_axis(pd.Index(ev.to_numpy(), name="event"), axis=0)


def _require_listed(event_ids: pd.Index, listed: pd.Index) -> None:
    """Every event of the participations must be in the events table."""
    missing = ~event_ids.isin(listed)
    if missing.any():
        raise HelixDataError(
            f"events: {int(missing.sum())} event(s) of the participations are not in events: "
            f"{examples(list(event_ids[missing]))}; add them to the events table (or pass the events of the same read)."
        )


def presence_table(
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    helices: Sequence[str] = ("knowledge", "industry", "government"),
    include_none: bool = True,
    attributes: Sequence[str] = (),
    events: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    assign: Assign = "coordinator",
    unplaced: Literal["group", "error"] = "group",
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
    by : column name or list of column names, optional
        Organisation attributes that group the events, e.g. ``"nuts2"`` or ``"nuts3"`` (the
        columns :func:`helixnet.assign_regions` gives), ``"country"``, a size class: taken from
        ``organisations`` (one value per organisation), else from the participations. The
        result gets these columns, ready for ``hx.decompose(table, helices, by="nuts2")``,
        :func:`helixnet.synergy_shapley` and ``hx.synergy_over_time(..., by="nuts2")``. A
        missing or empty value is an unplaced organisation.
    assign : {"coordinator", "partners", "participating"}
        How an event with partners in several groups is counted (see "Events in several
        regions" in the module notes):

        - ``"coordinator"`` (default): one row per event, in the group of its coordinator
          (participations with ``role`` "coordinator", as CORDIS has them), with the presence of
          all its partners;
        - ``"partners"``: the regional view, one row per event and group among its partners,
          with the presence of that group's own partners only (every participation lies in
          exactly one row);
        - ``"participating"``: one row per event and group among its partners, with the
          presence of all the event's partners (each region's events, whole).
    unplaced : {"group", "error"}
        Rows whose group is not known (a coordinator or partners without a value in ``by``, no
        coordinator among the participations, coordinators in different groups, events
        without participations) are counted in a group labelled ``"unplaced"`` (default; their
        number and reasons in ``attrs["unplaced"]`` and ``attrs["unplaced_reasons"]``, counted
        before ``include_none=False`` leaves rows out), or raise :class:`HelixDataError`
        (``"error"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``event``; one ``int8`` column per helix, then the ``by`` columns and the
        attributes. ``attrs``: ``none_count`` (rows with none of the helices), ``none_included``,
        ``n_events`` (all events in the participations). With ``by``, also ``by``, ``assign``,
        ``n_rows`` (with ``"partners"`` and ``"participating"`` an event has one row per group,
        so its id repeats in the index), ``unplaced`` and ``unplaced_reasons``.

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

    Grouped by a region of the organisations, each event in its coordinator's region or seen
    from each region's own partners:

    >>> participations["role"] = ["coordinator", "participant", "coordinator", "coordinator"]
    >>> organisations["nuts2"] = ["NL41", "NL33", None]
    >>> hx.presence_table(participations, organisations, by="nuts2")  # doctest: +NORMALIZE_WHITESPACE
           knowledge  industry  government     nuts2
    event
    p1             1         1           0      NL41
    p2             0         1           0      NL33
    p3             0         0           0  unplaced
    >>> hx.presence_table(participations, organisations, by="nuts2", assign="partners")  # doctest: +NORMALIZE_WHITESPACE
           knowledge  industry  government     nuts2
    event
    p1             0         1           0      NL33
    p1             1         0           0      NL41
    p2             0         1           0      NL33
    p3             0         0           0  unplaced

    References
    ----------
    .. [1] L. Leydesdorff, "The mutual information of university-industry-government relations: an
       indicator of the Triple Helix dynamics", Scientometrics 58(2) (2003) 445-467.
    """
    if by is not None and is_dask(participations):
        raise HelixDataError(
            "presence_table: by= groups the events of pandas participations; pass participations.compute() "
            "(a dask DataFrame brought into memory), or leave out by=."
        )
    if is_dask(participations):  # joined and grouped on the workers
        return dask_presence_table(
            participations, organisations, helices=helices, include_none=include_none, attributes=attributes, events=events
        )
    what = "participations"
    helices = _check_helices(helices)
    attributes = [attributes] if isinstance(attributes, str) else list(attributes)
    table = participation_helices(participations, organisations, what)
    helix = table["helix"].to_numpy()
    event_codes, event_index = pd.factorize(table["event"].to_numpy())
    no_participants = 0
    if events is not None:
        listed = _event_ids(events)
        _require_listed(pd.Index(event_index), listed)
        extra = listed[~listed.isin(event_index)]
        no_participants = len(extra)
        event_index = np.concatenate([np.asarray(event_index, dtype=object), extra.to_numpy(dtype=object)])
    n_events = len(event_index)
    presence = {}
    for h in helices:
        hits = np.bincount(event_codes[helix == h], minlength=n_events) > 0
        presence[h] = hits.astype(np.int8)
    frame = pd.DataFrame(presence, index=pd.Index(event_index, name="event"))
    if attributes:
        if events is not None:
            values = _event_attributes(events, attributes)
            for a in attributes:
                frame[a] = values[a].reindex(frame.index).to_numpy()
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
    frame.attrs["no_participants"] = no_participants
    if by is not None:
        grouped = _grouped_presence(
            frame, table, participations, organisations, event_codes, by=by, assign=assign, unplaced=unplaced,
            helices=helices, attributes=attributes,
        )
        return _finish_presence(grouped, helices, include_none, n_events=n_events)
    return _finish_presence(frame, helices, include_none)


UNPLACED = "unplaced"


def _blank_as_missing(values: pd.Series) -> pd.Series:
    """Missing and empty (or all-space) text values as NA: an organisation without a region."""
    values = pd.Series(values.to_numpy(dtype=object), index=values.index)
    blank = values.map(lambda v: isinstance(v, str) and not v.strip())
    return values.mask(blank.to_numpy(dtype=bool))


def _participation_groups(
    table: pd.DataFrame, participations: pd.DataFrame, organisations: pd.DataFrame | None, by: list[str]
) -> pd.DataFrame:
    """The ``by`` values of each participation's organisation (NA where not known), row-aligned with ``table``."""
    if organisations is not None and all(c in organisations.columns for c in by):
        ids = require_ids(organisations, "organisation", "organisations")
        registry = pd.DataFrame({"organisation": ids.to_numpy(), **{c: _blank_as_missing(organisations[c]).to_numpy() for c in by}})
        unique = registry.drop_duplicates()
        conflicts = unique["organisation"][unique["organisation"].duplicated()]
        if len(conflicts):
            raise HelixDataError(
                f"organisations: organisation(s) {examples(sorted(set(conflicts)))} are listed with different values of "
                f"{examples(by)}; keep one row per organisation."
            )
        lookup = unique.set_index("organisation")
        position = lookup.index.get_indexer(table["organisation"].to_numpy())
        if (position < 0).any():  # participation_helices checked the ids already when organisations has the helices
            bad = pd.unique(table["organisation"].to_numpy()[position < 0])
            raise HelixDataError(
                f"participations: organisation(s) {examples(list(bad))} are not in organisations, so their "
                f"{examples(by)} is not known; add them to organisations (an empty value for an unknown region)."
            )
        return lookup.iloc[position].reset_index(drop=True)
    if all(c in participations.columns for c in by):
        return pd.DataFrame({c: _blank_as_missing(participations[c]).to_numpy() for c in by})
    where = "organisations" if organisations is not None else "participations"
    absent = [c for c in by if c not in (organisations.columns if organisations is not None else participations.columns)]
    raise HelixDataError(
        f"presence_table: by= names column(s) {examples(absent)} that {where} does not have; pass organisations= with "
        "those columns (helixnet.assign_regions gives nuts1, nuts2, nuts3; helixnet.datasets.load_cordis_nl has them), "
        "or add them to the participations."
    )


def _grouped_presence(
    frame: pd.DataFrame,
    table: pd.DataFrame,
    participations: pd.DataFrame,
    organisations: pd.DataFrame | None,
    event_codes: np.ndarray,
    *,
    by: str | Sequence[str],
    assign: str,
    unplaced: str,
    helices: list[str],
    attributes: list[str],
) -> pd.DataFrame:
    """The event presence ``frame`` turned into rows per group of the organisations (``presence_table(by=)``)."""
    by = [by] if isinstance(by, str) else list(by)
    if not by or len(set(by)) != len(by):
        raise HelixDataError(f"presence_table: by= needs one or more distinct column names, got {by!r}.")
    if assign not in ("coordinator", "partners", "participating"):
        raise HelixDataError(f"presence_table: assign must be 'coordinator', 'partners' or 'participating', got {assign!r}.")
    if unplaced not in ("group", "error"):
        raise HelixDataError(f"presence_table: unplaced must be 'group' or 'error', got {unplaced!r}.")
    clash = [c for c in by if c in helices or c in attributes]
    if clash:
        raise HelixDataError(f"presence_table: column(s) {examples(clash)} are both in by= and among the helices or attributes; pick one role.")
    values = _participation_groups(table, participations, organisations, by)
    # group id per participation: placed combinations 0..G-1 in sorted order, G = unplaced
    codes, uniques = [], []
    for c in by:
        code, unique = pd.factorize(values[c], sort=True, use_na_sentinel=True)
        if (unique.astype(str) == UNPLACED).any():
            raise HelixDataError(
                f"presence_table: column {c!r} has a group named {UNPLACED!r}, the label of the organisations without "
                "one; rename that group."
            )
        codes.append(code)
        uniques.append(unique)
    placed = np.all([c >= 0 for c in codes], axis=0)
    stacked = np.column_stack([c[placed] for c in codes]) if placed.any() else np.empty((0, len(by)), dtype=np.int64)
    combos, inverse = np.unique(stacked, axis=0, return_inverse=True)
    n_groups = len(combos)
    group = np.full(len(table), n_groups, dtype=np.int64)
    group[placed] = inverse.ravel()
    labels = {c: np.append(uniques[j].to_numpy(dtype=object)[combos[:, j]], UNPLACED) for j, c in enumerate(by)}

    n_all = len(frame)  # events with participations come first, then those only in the events table
    n_with = int(event_codes.max()) + 1 if len(event_codes) else 0
    reasons: dict[str, int] = {}
    what = "/".join(by)
    if assign == "coordinator":
        if "role" not in participations.columns:
            raise HelixDataError(
                "presence_table: assign='coordinator' needs the column 'role' of the participations (CORDIS: "
                "'coordinator' / 'participant'); add it, or pass assign='partners' (each region's own partners) "
                "or assign='participating'."
            )
        role = participations["role"]
        is_coordinator = (role.notna() & role.astype(str).str.strip().str.lower().eq("coordinator")).to_numpy()
        where = event_codes[is_coordinator]
        n_coordinators = np.bincount(where, minlength=n_all)
        low = np.full(n_all, n_groups, dtype=np.int64)
        high = np.full(n_all, -1, dtype=np.int64)
        np.minimum.at(low, where, group[is_coordinator])
        np.maximum.at(high, where, group[is_coordinator])
        row_group = np.where((n_coordinators > 0) & (low == high), low, n_groups)
        has_participants = np.arange(n_all) < n_with
        reasons = {
            f"coordinator without {what}": int(((n_coordinators > 0) & (high == n_groups)).sum()),
            "coordinators in different groups": int(((n_coordinators > 0) & (low != high) & (high < n_groups)).sum()),
            "no coordinator among the participations": int(((n_coordinators == 0) & has_participants).sum()),
        }
        row_event = np.arange(n_all)
        result = frame.copy()
    else:
        pair = event_codes.astype(np.int64) * (n_groups + 1) + group
        pairs, pair_of = np.unique(pair, return_inverse=True)
        pair_of = pair_of.ravel()
        row_event = np.concatenate([pairs // (n_groups + 1), np.arange(n_with, n_all)])
        row_group = np.concatenate([pairs % (n_groups + 1), np.full(n_all - n_with, n_groups)])
        result = frame.iloc[row_event].copy()
        if assign == "partners":  # each row: the presence of that group's own partners
            helix = table["helix"].to_numpy()
            for h in helices:
                hits = np.bincount(pair_of[helix == h], minlength=len(row_event)) > 0
                result[h] = hits.astype(np.int8)
        reasons = {f"partners without {what}": int((pairs % (n_groups + 1) == n_groups).sum())}
    reasons["no participations"] = n_all - n_with
    reasons = {k: v for k, v in reasons.items() if v}
    n_unplaced = int((row_group == n_groups).sum())
    if n_unplaced and unplaced == "error":
        deciding = ~placed & (is_coordinator if assign == "coordinator" else True)
        unknown = pd.unique(table["organisation"].to_numpy()[deciding])
        shown = "; ".join(f"{k}: {v}" for k, v in reasons.items())
        fix = "; pass assign='partners' for events without a coordinator among the participations" if (
            "no coordinator among the participations" in reasons) else ""
        raise HelixDataError(
            f"presence_table: {n_unplaced} row(s) have no {what} ({shown}); organisations without one: "
            f"{examples(list(unknown))}. Place them (helixnet.assign_regions){fix}; or pass unplaced='group' to count "
            f"those rows in a group {UNPLACED!r}."
        )
    position = len(helices)
    for c in by:
        result.insert(position, c, labels[c][row_group])
        position += 1
    result.attrs = dict(frame.attrs)
    result.attrs.update(by=by[0] if len(by) == 1 else by, assign=assign, n_rows=len(result), unplaced=n_unplaced,
                        unplaced_reasons=reasons)
    if n_unplaced:
        logger.info("presence_table: %d row(s) in the group %r (%s)", n_unplaced, UNPLACED, reasons)
    return result


def _finish_presence(
    frame: pd.DataFrame, helices: list[str], include_none: bool, n_events: int | None = None
) -> pd.DataFrame:
    """Count (and keep or leave out) the rows with none of ``helices``; log and record it."""
    n_events = len(frame) if n_events is None else n_events
    no_participants = frame.attrs.get("no_participants", 0)
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
    frame.attrs.update(
        none_count=none_count, none_included=bool(include_none), n_events=n_events, no_participants=no_participants
    )
    return frame


def _presence_chunk(
    frame: pd.DataFrame, helices: list[str], lookup: pd.Series | None, attributes: list[str], partition_info=None
) -> pd.DataFrame:
    """Per event of one partition: 0/1 per helix and the position of the event's first row."""
    if lookup is not None:
        position = lookup.index.get_indexer(frame["organisation"].to_numpy())
        helix = lookup.to_numpy()[np.maximum(position, 0)]
        helix = np.where(position >= 0, helix, None)
    else:
        helix = frame["helix"].to_numpy()
    part = 0 if partition_info is None else partition_info["number"]
    out = pd.DataFrame({"event": frame["event"].to_numpy()})
    for h in helices:
        out[h] = (helix == h).astype(np.int8)
    out["_first"] = (np.int64(part) << 40) + np.arange(len(frame), dtype=np.int64)
    for a in attributes:
        out[a] = frame[a].to_numpy()
    return out


def dask_presence_table(
    participations: DaskDataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    helices: Sequence[str] = ("knowledge", "industry", "government"),
    include_none: bool = True,
    attributes: Sequence[str] = (),
    events: pd.DataFrame | None = None,
    compute: bool = True,
) -> pd.DataFrame | DaskDataFrame:
    r""":func:`helixnet.presence_table` of dask participations: the helix of each participation
    (a join with the organisation registry, broadcast to the workers) and, per event, whether
    any of its partners has each helix (a ``groupby("event").max()`` on the cluster).

    :math:`x_h(e) = \max_{(e, o) \in P} [\operatorname{helix}(o) = h]` for each helix :math:`h`.

    With ``compute=True`` (what :func:`helixnet.presence_table` does on dask input) the result
    is the pandas table of the in-memory path, equal to it row for row (events in order of first
    appearance) with the same ``attrs``. With ``compute=False`` it stays a lazy dask DataFrame
    indexed by event (in no particular order; no ``attrs``: the count of events with none of the
    helices is the ``0...0`` cell of its contingency table), to pass on to the measures when
    there are too many events for one machine. Attributes from the participations (not an
    ``events`` table) need ``compute=True``.

    Parameters
    ----------
    participations : dask.dataframe.DataFrame
        Columns ``event``, ``organisation``, and ``helix`` if ``organisations`` is not given.
    organisations, helices, include_none, attributes, events
        As in :func:`helixnet.presence_table` (``organisations`` and ``events`` are pandas).
    compute : bool
        Bring the table back as pandas (default) or leave it on the cluster.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        With ``compute=True`` the table of :func:`helixnet.presence_table`; otherwise a lazy dask
        DataFrame indexed by event, one ``int8`` column per helix, then the attributes.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import helixnet as hx
    >>> p = pd.DataFrame({"event": ["p1", "p1", "p2", "p3"], "organisation": ["uni", "firm", "firm", "ngo"]})
    >>> orgs = pd.DataFrame({"organisation": ["uni", "firm", "ngo"], "helix": ["knowledge", "industry", "civil"]})
    >>> hx.presence_table(dd.from_pandas(p, npartitions=2), orgs).equals(hx.presence_table(p, orgs))
    True
    """
    import dask

    what = "participations"
    if not is_dask(participations) or not hasattr(participations, "columns"):
        raise HelixDataError(f"dask_presence_table needs a dask DataFrame, got {type(participations).__name__}.")
    require_columns(participations, ["event", "organisation"], what)
    helices = _check_helices(helices)
    attributes = [attributes] if isinstance(attributes, str) else list(attributes)
    if attributes and events is None and not compute:
        raise HelixDataError("dask_presence_table: attributes from the participations need compute=True (or pass events=).")
    lookup = None
    if organisations is None:
        if "helix" not in participations.columns:
            raise HelixDataError(
                "participations has no column 'helix'; pass organisations= (columns organisation, helix) "
                "or add the helix of each participating organisation."
            )
    else:
        lookup = helix_lookup(organisations)
    from_participations = attributes if events is None else []
    table = participations[["event", "organisation", *(["helix"] if lookup is None else []), *from_participations]]
    for column in ("event", "organisation"):
        if pd.api.types.is_float_dtype(table[column].dtype):
            raise HelixDataError(
                f"{what}: column {column!r} holds floating-point numbers, so ids such as '00123' may already have "
                "lost their leading zeros; read the file with helixnet.read_* (ids are read as strings) or dtype=str."
            )
    table = table.assign(event=table["event"].astype(str).where(~table["event"].isna()),
                         organisation=table["organisation"].astype(str).where(~table["organisation"].isna()))
    # one pass for every check
    checks: dict[str, Any] = {
        "rows": table.shape[0],
        "missing_event": table["event"].isna().sum(),
        "missing_org": table["organisation"].isna().sum(),
        "empty_event": (table["event"].str.strip() == "").sum(),
        "empty_org": (table["organisation"].str.strip() == "").sum(),
    }
    if lookup is None:
        checks["labels"] = table["helix"].dropna().unique()
        checks["missing_helix"] = table["helix"].isna().sum()
    else:
        unknown = ~table["organisation"].isin(list(lookup.index))
        checks["unknown"] = unknown.sum()
        checks["unknown_ids"] = table.loc[unknown, "organisation"].unique()
    for a in from_participations:
        pairs = table[["event", a]].drop_duplicates()
        counts = pairs.groupby("event").size()
        checks[f"varying:{a}"] = counts[counts > 1].index.to_series()
    (checks,) = dask.compute(checks)
    if checks["rows"] == 0:
        raise HelixDataError(f"{what} is empty (0 rows); pass a table with at least one row.")
    for column, kind in (("event", "missing"), ("organisation", "missing"), ("event", "empty"), ("organisation", "empty")):
        n = int(checks[f"{kind}_{'org' if column == 'organisation' else 'event'}"])
        if n:
            raise HelixDataError(
                f"{what}: column {column!r} has {n} {kind} id(s); fill them in or drop those rows before passing the table."
            )
    if lookup is None:
        bad = sorted(set(checks["labels"]) - set(HELICES), key=str)
        if bad:
            raise HelixDataError(unknown_helix_message(bad, "helix", what))
        if checks["missing_helix"]:
            raise HelixDataError(
                f"{what}: column 'helix' is missing in {int(checks['missing_helix'])} row(s); use 'unknown' where the helix is not known."
            )
    else:
        if checks["unknown"]:
            raise HelixDataError(
                f"participations: {int(checks['unknown'])} participation(s) point at organisation(s) that organisations "
                f"does not have: {examples(sorted(checks['unknown_ids']))}; add them to organisations "
                "(helix 'unknown' if not known) or drop those participations."
            )
    for a in from_participations:
        varying = checks[f"varying:{a}"]
        if len(varying):
            raise HelixDataError(
                f"participations: column {a!r} has different values within event(s) {examples(sorted(varying.index))}; "
                "an event attribute needs one value per event (pass events= with an event table)."
            )
    meta = _presence_chunk(table._meta, helices, lookup, from_participations)
    rows = table.map_partitions(_presence_chunk, helices, lookup, from_participations, meta=meta)
    aggregations = {**{h: "max" for h in helices}, "_first": "min", **{a: "first" for a in from_participations}}
    presence = rows.groupby("event").agg(aggregations)
    if not compute:
        presence = presence.drop(columns="_first")
        if not include_none:
            presence = presence[presence[helices].sum(axis=1) > 0]
        if events is not None and attributes:
            presence = presence.join(_event_attributes(events, attributes), how="left")
        return presence
    frame = presence.compute().sort_values("_first")
    frame = frame.drop(columns="_first")
    frame.index = pd.Index(frame.index.to_numpy(), name="event")
    if events is not None:
        listed = _event_ids(events)
        _require_listed(frame.index, listed)
        extra = listed[~listed.isin(frame.index)]
        if len(extra):
            zeros = pd.DataFrame(0, index=pd.Index(extra, name="event"), columns=helices, dtype=frame[helices[0]].dtype)
            frame = pd.concat([frame, zeros])
        frame.attrs["no_participants"] = len(extra)
        if attributes:
            values = _event_attributes(events, attributes)
            for a in attributes:
                frame[a] = values[a].reindex(frame.index).to_numpy()
    return _finish_presence(frame, helices, include_none)
