"""Readers and writers.

Readers take a path (CSV, or Parquet by its extension) or a DataFrame, map the user's column
names onto helixnet's (``columns={"projectID": "event"}``), read every id as a string (so
``"00123"`` stays ``"00123"``), validate, and return the documented tables. Writers put a graph
into the formats Gephi (GEXF, GraphML) and VOSviewer (map and network files) open.
"""

from __future__ import annotations

import csv
import logging
import math
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from . import _validate as v
from ._countries import iso_country_column
from ._files import atomic_write, atomic_write_group
from .errors import HelixDataError, HelixWarning

__all__ = [
    "read_cordis",
    "read_organisations",
    "read_participations",
    "read_table",
    "write_gexf",
    "write_graphml",
    "write_vosviewer",
]

logger = logging.getLogger("helixnet")

PathOrFrame: TypeAlias = str | os.PathLike | pd.DataFrame

_NUMERIC_ORGANISATION_COLUMNS = ("size", "employees")



class CollaborationData(NamedTuple):
    """Organisations, participations and events, as every helixnet reader returns them."""

    organisations: pd.DataFrame
    participations: pd.DataFrame
    events: pd.DataFrame


def read_table(source: PathOrFrame, *, sep: str | None = None, encoding: str = "utf-8", what: str = "table") -> pd.DataFrame:
    """A CSV or Parquet file (or a DataFrame, copied) with every column read as text.

    CSV: the separator is sniffed unless ``sep`` is given; empty fields are missing values, and
    nothing else is ("NA" stays the text "NA"). A file that is not valid ``encoding`` gives a
    :class:`HelixDataError` naming the byte offset and the fix.

    Parameters
    ----------
    source : path or DataFrame
        A ``.csv`` (or other delimited text) or ``.parquet`` file, or a DataFrame.
    sep : str, optional
        The CSV separator; sniffed from the file when not given.
    encoding : str
        The text encoding of a CSV file (default ``"utf-8"``).
    what : str
        The name of the table in error messages.

    Returns
    -------
    DataFrame
        Every column as text (``string`` or ``object`` dtype), missing values only where a field is
        empty.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "organisations.csv")
    ...     with open(path, "w", encoding="utf-8") as handle:
    ...         _ = handle.write("organisation;name\\n00123;NA\\n")
    ...     table = read_table(path)
    >>> table["organisation"].tolist(), table["name"].tolist()
    (['00123'], ['NA'])
    """
    v.check_scalar(sep, "sep", str, allow_none=True)
    if isinstance(source, pd.DataFrame):
        return v.plain_frame(source, what).copy()
    if not isinstance(source, (str, os.PathLike)):
        raise HelixDataError(f"{what}: expected a file path or a pandas DataFrame, got {type(source).__name__}.")
    path = Path(source)
    if not path.exists():
        raise HelixDataError(f"{what}: no such file {str(path)!r}.")
    if path.is_dir():
        raise HelixDataError(f"{what}: {str(path)!r} is a directory; pass the path of a CSV or Parquet file in it.")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise HelixDataError(f"{what}: {str(path)!r} is empty (0 bytes); export the table again or pass another file.")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise HelixDataError(
            f"{what}: {str(path)!r} is an Excel workbook (or another zip file), not a CSV; save it as CSV "
            "(UTF-8) in Excel, or read it with pandas.read_excel and pass the DataFrame."
        )
    if path.suffix.lower() in (".parquet", ".pq") or head.startswith(b"PAR1"):
        try:
            return v.plain_frame(pd.read_parquet(path), what)
        except (OSError, ValueError, ImportError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise HelixDataError(f"{what}: {str(path)!r} could not be read as Parquet ({type(error).__name__}: {error}).") from None
    encoding = _without_bom(encoding)
    if sep is None:
        sep = _sniff_separator(path, encoding, what)
    options: dict[str, Any] = {"sep": sep, "dtype": str, "keep_default_na": False, "na_values": [""], "encoding": encoding}
    try:
        header = pd.read_csv(path, header=None, nrows=1, **options).iloc[0].tolist()
        repeated = sorted({str(c) for c in header if header.count(c) > 1})
        if repeated:
            raise HelixDataError(
                f"{what}: {str(path)!r} has more than one column named {v.examples(repeated)}; rename or "
                "delete the extra column(s) so that each name is used once."
            )
        return pd.read_csv(path, **options)
    except pd.errors.EmptyDataError:
        raise HelixDataError(f"{what}: {str(path)!r} has no columns (only blank lines); pass a table with a header row.") from None
    except UnicodeDecodeError as error:
        raise HelixDataError(
            f"{what}: {str(path)!r} is not valid {encoding} (byte {error.start}: {error.object[error.start:error.start + 8]!r}); "
            "pass the file's encoding, e.g. encoding='latin-1' or 'cp1252'."
        ) from None
    except pd.errors.ParserError as error:
        raise HelixDataError(f"{what}: {str(path)!r} could not be parsed as CSV: {error}") from None


_SEPARATORS = (",", ";", "\t", "|")


def _sniff_separator(path: Path, encoding: str, what: str) -> str:
    """The separator among , ; tab | that splits the header and the next lines into the same
    number of fields (most fields wins); a single column when none does.

    csv.Sniffer is not used: on a one-column or pipe-separated file it picks a letter.
    """
    import csv

    try:
        with open(path, encoding=encoding, newline="") as handle:
            lines = [line for _, line in zip(range(50), handle)]
    except UnicodeDecodeError:
        return ","  # the reader reports the bad byte with its offset
    best, best_fields = ",", 1
    for candidate in _SEPARATORS:
        counts = {len(row) for row in csv.reader(lines[: max(2, len(lines) - 1)], delimiter=candidate) if row}
        if len(counts) == 1 and (fields := counts.pop()) > best_fields:
            best, best_fields = candidate, fields
    if best_fields == 1:
        # One column: a separator that occurs nowhere, so that no line is split.
        unused = [c for c in _SEPARATORS if not any(c in line for line in lines)]
        best = unused[0] if unused else ","
        logger.debug("%s: no separator found in %s; read as one column", what, path)
    return best


def _rename(table: pd.DataFrame, columns: Mapping[str, str] | None, what: str) -> pd.DataFrame:
    if not columns:
        return table
    v.require_columns(table, list(columns), what)
    return table.rename(columns=dict(columns))


def _numbers(table: pd.DataFrame, column: str, what: str, *, decimal_comma: bool = False) -> pd.Series:
    """Numbers of a text column; with ``decimal_comma``, "," is the decimal mark where the column uses it.

    CORDIS exports have written both "1000,5" and "779463.75": "," is read as the decimal mark
    only in a column that has a value with a comma; "." is then a thousands separator only in
    values grouped like one ("1.234.567,8"). Elsewhere "." is the decimal mark.
    """
    text = table[column]
    if decimal_comma and not pd.api.types.is_numeric_dtype(text):
        text = text.astype(object).str.strip()
        if text.str.contains(r"\d,\d*$", regex=True, na=False).any():
            thousands = text.str.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d*)?", na=False)
            text = text.where(~thousands, text.str.replace(".", "", regex=False))
            text = text.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() & table[column].notna()
    if bad.any():
        raise HelixDataError(
            f"{what}: column {column!r} has non-numeric value(s) {v.examples(table.loc[bad, column].unique())} "
            f"at row(s) {v.examples(list(table.index[bad]))}; fix them or leave the field empty."
        )
    infinite = np.isinf(numbers.to_numpy(dtype=float))
    if infinite.any():
        raise HelixDataError(
            f"{what}: column {column!r} has infinite value(s) {v.examples(table.loc[infinite, column].unique())} "
            f"at row(s) {v.examples(list(table.index[infinite]))} ('inf', or beyond the largest float such as 1e400); "
            "fix them or leave the field empty."
        )
    return numbers


def _dates(table: pd.DataFrame, column: str, what: str) -> pd.Series:
    """Dates (ISO, as CORDIS writes them); a text that is not a date is an error, not NaT."""
    dates = pd.to_datetime(table[column], errors="coerce", format="mixed")
    bad = dates.isna() & table[column].notna()
    if bad.any():
        raise HelixDataError(
            f"{what}: column {column!r} has value(s) that are not dates: {v.examples(table.loc[bad, column].unique())} "
            f"at row(s) {v.examples(list(table.index[bad]))}; write them as YYYY-MM-DD or leave the field empty."
        )
    return dates


def read_organisations(
    source: PathOrFrame,
    *,
    columns: Mapping[str, str] | None = None,
    sep: str | None = None,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read and check an organisations table.

    Parameters
    ----------
    source : path or DataFrame
        CSV or Parquet file, or a DataFrame.
    columns : mapping, optional
        The user's column names onto helixnet's, e.g. ``{"pic": "organisation"}``.
    sep, encoding
        As in :func:`read_table`.

    Returns
    -------
    DataFrame
        One row per organisation: ``organisation`` (string id, unique) and the other columns
        as given; ``helix``, where present, checked against the vocabulary; ``size`` and
        ``employees`` as numbers; ``country`` with the EU's ``EL`` and ``UK`` written as ISO
        3166-1's ``GR`` and ``GB`` (how many, in ``attrs["country_codes_changed"]``). Rows that
        repeat an id with identical attributes are merged (the count is logged and kept in
        ``attrs["merged_duplicates"]``); rows that repeat an id with different attributes are an
        error.

    Examples
    --------
    >>> import pandas as pd
    >>> o = read_organisations(pd.DataFrame({"pic": ["00123", "00123"], "name": ["A", "A"]}),
    ...                        columns={"pic": "organisation"})
    >>> o["organisation"].tolist(), o.attrs["merged_duplicates"]
    (['00123'], 1)
    """
    what = "organisations"
    table = _rename(v.require_frame(read_table(source, sep=sep, encoding=encoding, what=what), what), columns, what)
    v.require_columns(table, ["organisation"], what)
    table["organisation"] = v.require_ids(table, "organisation", what)
    if "helix" in table.columns:
        v.require_helices(table["helix"], "helix", what)
    for column in _NUMERIC_ORGANISATION_COLUMNS:
        if column in table.columns:
            table[column] = _numbers(table, column, what)
    country_codes_changed = iso_country_column(table, what)
    before = len(table)
    table = table.drop_duplicates()
    merged = before - len(table)
    conflicting = table["organisation"][table["organisation"].duplicated()].unique()
    if len(conflicting):
        raise HelixDataError(
            f"{what}: id(s) {v.examples(conflicting)} appear more than once with different attributes "
            "(column 'organisation' must be unique); keep one row per organisation or give them distinct ids."
        )
    if merged:
        logger.info("organisations: merged %d repeated identical rows", merged)
    table = table.reset_index(drop=True)
    table.attrs["merged_duplicates"] = merged
    table.attrs["country_codes_changed"] = country_codes_changed
    return table


def read_participations(
    source: PathOrFrame,
    organisations: pd.DataFrame | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    sep: str | None = None,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read and check a participations table (who took part in which event).

    Parameters
    ----------
    source : path or DataFrame
        CSV or Parquet file, or a DataFrame, with (after ``columns`` renaming) the columns
        ``event`` and ``organisation``, and optionally ``role``, ``year``, ``amount``.
    organisations : DataFrame, optional
        If given, every participation must point at one of its organisations.
    columns : mapping, optional
        The user's column names onto helixnet's, e.g. ``{"projectID": "event"}``.
    sep, encoding
        As in :func:`read_table`.

    Returns
    -------
    DataFrame
        ``event`` and ``organisation`` as strings, ``year`` and ``amount`` as numbers,
        ``country`` (where given) in ISO 3166-1 codes as :func:`read_organisations` writes it,
        other columns as given. Nothing is dropped: a repeated (event, organisation) pair stays,
        and the graph builders count it once.

    Examples
    --------
    >>> import pandas as pd
    >>> p = read_participations(pd.DataFrame({"projectID": [1, 1], "pic": ["007", "42"]}),
    ...                         columns={"projectID": "event", "pic": "organisation"})
    >>> p["event"].tolist(), p["organisation"].tolist()
    (['1', '1'], ['007', '42'])
    """
    what = "participations"
    table = _rename(v.require_frame(read_table(source, sep=sep, encoding=encoding, what=what), what), columns, what)
    v.require_columns(table, ["event", "organisation"], what)
    for column in ("event", "organisation"):
        table[column] = v.require_ids(table, column, what)
    if "year" in table.columns:
        table["year"] = v.year_numbers(table["year"], "year", what)
    country_codes_changed = iso_country_column(table, what)
    if "amount" in table.columns:
        table["amount"] = _numbers(table, "amount", what)
    if "amount" in table.columns:
        negative = table["amount"] < 0
        if negative.any():
            raise HelixDataError(
                f"{what}: column 'amount' has negative value(s) {v.examples(table.loc[negative, 'amount'].unique())} "
                f"at row(s) {v.examples(list(table.index[negative]))}; amounts must be >= 0."
            )
    if organisations is not None:
        known = set(v.require_ids(organisations, "organisation", "organisations"))
        unknown = ~table["organisation"].isin(known)
        if unknown.any():
            raise HelixDataError(
                f"{what}: {int(table.loc[unknown, 'organisation'].nunique())} organisation id(s) are not in the "
                f"organisations table: {v.examples(table.loc[unknown, 'organisation'].unique())}; add them "
                "(helix 'unknown' if need be) or remove those participations."
            )
    table = table.reset_index(drop=True)
    table.attrs["country_codes_changed"] = country_codes_changed
    return table


# The official CORDIS organization.csv columns, onto helixnet's.
_CORDIS_COLUMNS = {
    "projectID": "event",
    "projectAcronym": "acronym",
    "organisationID": "organisation",
    "name": "name",
    "shortName": "short_name",
    "activityType": "activity_type",
    "SME": "sme",
    "city": "city",
    "country": "country",
    "nutsCode": "region",
    "postCode": "post_code",
    "role": "role",
    "ecContribution": "amount",
    "netEcContribution": "net_amount",
    "totalCost": "total_cost",
}
_CORDIS_PROJECT_COLUMNS = {
    "id": "event",
    "acronym": "acronym",
    "title": "title",
    "status": "status",
    "startDate": "start_date",
    "endDate": "end_date",
    "totalCost": "total_cost",
    "ecMaxContribution": "ec_max_contribution",
    "frameworkProgramme": "programme",
    "legalBasis": "legal_basis",
    "topics": "topics",
}
_ORGANISATION_ATTRIBUTES = (
    "name", "short_name", "activity_type", "sme", "country", "city", "region", "nuts_code", "post_code",
)


def read_cordis(
    organizations: PathOrFrame,
    projects: PathOrFrame | None = None,
    *,
    encoding: str = "utf-8",
    sep: str = ";",
) -> CollaborationData:
    """Read the official CORDIS export (Horizon 2020, Horizon Europe).

    Parameters
    ----------
    organizations : path or DataFrame
        CORDIS ``organization.csv``: ``;``-separated, quoted text fields that may hold ``;``
        and line breaks, decimal commas in the money columns (``ecContribution`` etc.).
        Money is read with "," as the decimal mark where a column uses it ("1000,5"), else
        with "." ("779463.75"). The older layout (``cordis-fp7organizations.csv``,
        ``cordis-h2020organizations.csv``, the FP1-FP6 files: ``projectRcn``, ..., the
        organisation's id in ``id``) is read too; where an export has no organisation ids at all
        (FP1-FP3), an organisation is known by its name and country (``"NAME|FR"``, and
        ``organisations.attrs["organisation_ids"]`` is ``"name|country"``).
    projects : path or DataFrame, optional
        CORDIS ``project.csv``, for the events' title, dates, year and programme.
    encoding : str
        The files' encoding.
    sep : str
        The field separator (``";"`` in the official export; ``","`` for a file re-saved as
        comma-separated, ``"\\t"`` for the tab-separated FP1-FP3 files). A file whose header is
        split by another separator is an error naming it.

    Returns
    -------
    CollaborationData
        ``(organisations, participations, events)``. Organisations get ``helix``, ``rule`` and ``confidence``
        from :func:`helixnet.classify_helix` (``activityType`` first, then the name) and
        ``region`` (and ``nuts_code``) from ``nutsCode``, ``post_code`` from ``postCode``, for
        :func:`helixnet.assign_regions`. ``country`` is ISO 3166-1 alpha-2, as in every
        helixnet table: CORDIS's ``EL`` (Greece) and ``UK`` are written ``GR`` and ``GB``
        (how many organisations, in ``organisations.attrs["country_codes_changed"]``, e.g.
        ``{"UK->GB": 2}``); Kosovo's ``XK`` stays. NUTS codes keep Eurostat's ``EL`` and
        ``UK`` prefixes (``EL303``), which :func:`helixnet.assign_regions` expects. An
        organisation listed with different names in different projects keeps its most frequent
        attributes (how many were reconciled is in ``organisations.attrs["reconciled"]``).

    Examples
    --------
    >>> import io
    >>> text = ('projectID;projectAcronym;organisationID;name;activityType;country;city;nutsCode;role;ecContribution\\n'
    ...         '101;"AB;C";00042;"Univ; of X";HES;NL;Delft;NL333;coordinator;1000,5\\n'
    ...         '101;"AB;C";77;"Y B.V.";PRC;NL;Eindhoven;NL414;participant;\\n')
    >>> data = read_cordis(pd.read_csv(io.StringIO(text), sep=";", dtype=str))
    >>> data.participations[["event", "organisation", "amount"]].values.tolist()
    [['101', '00042', 1000.5], ['101', '77', nan]]
    >>> data.organisations[["organisation", "helix", "region"]].values.tolist()
    [['00042', 'knowledge', 'NL333'], ['77', 'industry', 'NL414']]
    """
    from .helices import classify_helix

    what = "CORDIS organization.csv"
    _check_cordis_separator(organizations, ["projectID"], what, sep, encoding)
    raw = v.require_frame(_read_cordis_table(organizations, sep, encoding, what), what)
    if "organisationID" not in raw.columns and "projectRcn" in raw.columns and "id" in raw.columns:
        # The older layout (cordis-fpNorganizations.csv, cordis-h2020organizations.csv before 2021)
        # calls the organisation's id "id".
        raw = raw.rename(columns={"id": "organisationID"})
    _require_cordis_columns(raw, ["projectID", "organisationID"], what, sep)
    raw, ids_from = _cordis_organisation_ids(raw, what)
    table = raw.rename(columns={k: val for k, val in _CORDIS_COLUMNS.items() if k in raw.columns})
    if "region" in table.columns:  # kept under its own name too, for helixnet.assign_regions
        table["nuts_code"] = table["region"]
    for column in ("event", "organisation"):
        table[column] = v.require_ids(table, column, what)
    # CORDIS writes Greece EL and the United Kingdom UK; the country column holds ISO codes.
    country_codes_changed = iso_country_column(table, what, count="organisation")
    for column in ("amount", "net_amount", "total_cost"):
        if column in table.columns:
            table[column] = _numbers(table, column, what, decimal_comma=True)

    attributes = [c for c in _ORGANISATION_ATTRIBUTES if c in table.columns]
    # The most frequent spelling of each attribute per organisation (exports repeat them per project).
    organisations = (
        table[["organisation", *attributes]]
        .groupby("organisation", sort=False)
        .agg(lambda s: s.mode().iloc[0] if s.notna().any() else np.nan)
        .reset_index()
    )
    reconciled = int((table[["organisation", *attributes]].drop_duplicates()["organisation"].duplicated()).sum())
    classified = classify_helix(organisations, activity_type="activity_type")
    organisations.insert(1, "helix", classified["helix"].to_numpy())
    organisations.insert(2, "rule", classified["rule"].to_numpy())
    organisations.insert(3, "confidence", classified["confidence"].to_numpy())
    organisations.attrs["reconciled"] = reconciled
    organisations.attrs["country_codes_changed"] = country_codes_changed
    organisations.attrs["organisation_ids"] = ids_from

    keep = [c for c in ("event", "organisation", "role", "amount", "net_amount", "total_cost") if c in table.columns]
    participations = table[keep].reset_index(drop=True)

    if projects is None:
        events = pd.DataFrame({"event": participations["event"].unique()})
    else:
        what = "CORDIS project.csv"
        _check_cordis_separator(projects, ["id"], what, sep, encoding)
        raw_projects = v.require_frame(_read_cordis_table(projects, sep, encoding, what), what)
        _require_cordis_columns(raw_projects, ["id"], what, sep)
        events = raw_projects.rename(columns={k: val for k, val in _CORDIS_PROJECT_COLUMNS.items() if k in raw_projects.columns})
        events = events[[c for c in _CORDIS_PROJECT_COLUMNS.values() if c in events.columns]].copy()
        events["event"] = v.require_ids(events, "event", what)
        for column in ("total_cost", "ec_max_contribution"):
            if column in events.columns:
                events[column] = _numbers(events, column, what, decimal_comma=True)
        for column in ("start_date", "end_date"):
            if column in events.columns:
                events[column] = _dates(events, column, what)
        if "start_date" in events.columns:
            events.insert(1, "year", events["start_date"].dt.year.astype("Int64"))
        unknown = ~participations["event"].isin(events["event"])
        if unknown.any():
            raise HelixDataError(
                f"{what}: {participations.loc[unknown, 'event'].nunique()} project id(s) of organization.csv are "
                f"missing from project.csv: {v.examples(participations.loc[unknown, 'event'].unique())}; "
                "use the project.csv of the same export."
            )
        if "year" in events.columns:
            participations["year"] = participations["event"].map(events.set_index("event")["year"])
    return CollaborationData(organisations, participations, events)


def _read_cordis_table(source: PathOrFrame, sep: str, encoding: str, what: str) -> pd.DataFrame:
    """:func:`read_table`, refusing a file whose rows have more or fewer fields than its header.

    pandas takes surplus leading fields of every row as the index, which would shift each value
    into the next column (the project id read as the organisation): that is an error here, as is
    a row the parser cannot split; both name the rows.
    """
    try:
        table = read_table(source, sep=sep, encoding=encoding, what=what)
    except HelixDataError as error:
        if "could not be parsed as CSV" in str(error) and isinstance(source, (str, os.PathLike)):
            _raise_on_ragged_rows(Path(source), sep, encoding, what)
        raise
    if isinstance(source, (str, os.PathLike)) and not isinstance(table.index, pd.RangeIndex):
        _raise_on_ragged_rows(Path(source), sep, encoding, what)
        raise HelixDataError(f"{what}: {str(source)!r} has rows with more fields than its header; correct them.")
    return table


def _without_bom(encoding: str) -> str:
    """UTF-8 read as utf-8-sig, which drops the byte-order mark Excel's "CSV UTF-8" export writes."""
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _raise_on_ragged_rows(path: Path, sep: str, encoding: str, what: str) -> None:
    """A HelixDataError naming the rows whose field count differs from the header's, if any."""
    import csv

    csv.field_size_limit(2**31 - 1)
    with open(path, encoding=_without_bom(encoding), newline="") as handle:
        reader = csv.reader(handle, delimiter=sep)
        header = next(reader, [])
        ragged = [(number, reader.line_num, len(row)) for number, row in enumerate(reader, start=1)
                  if row and len(row) != len(header)]
    if ragged:
        raise HelixDataError(
            f"{what}: {len(ragged)} row(s) of {str(path)!r} have another number of fields than the header's "
            f"{len(header)}: {v.examples([f'row {n} (ending on line {line}): {k} fields' for n, line, k in ragged])}. "
            f"A text field probably holds a '\"' that is not doubled or a {sep!r} outside quotes; correct those rows "
            "(inside a quoted field a quote is written \"\"), or download the export again."
        )


def _check_cordis_separator(source: PathOrFrame, needed: list[str], what: str, sep: str, encoding: str) -> None:
    """A file whose header is split by another separator than ``sep``: say which, before parsing.

    Parsed with the wrong separator, a text field holding ``sep`` further down makes the parser
    fail with a message about field counts (the FP1-FP3 exports are tab-separated and hold ";"
    in addresses); the header shows the separator at once.
    """
    if not isinstance(source, (str, os.PathLike)) or not Path(source).is_file():
        return
    try:
        with open(source, encoding=_without_bom(encoding)) as handle:
            header = handle.readline()
    except (UnicodeDecodeError, LookupError):
        return  # read_table names the encoding problem
    def split_by(separator: str) -> set[str]:
        return {name.strip().strip('"') for name in header.split(separator)}

    if all(c in split_by(sep) for c in needed):
        return
    for other in (",", ";", "\t"):
        if other != sep and all(c in split_by(other) for c in needed):
            raise HelixDataError(
                f"{what}: the file {str(source)!r} is separated by {other!r}, not {sep!r} (its header: "
                f"{header[:80].strip()!r}...); pass sep={other!r}."
            )


def _cordis_organisation_ids(raw: pd.DataFrame, what: str) -> tuple[pd.DataFrame, str]:
    """The organisation ids, or, where the export has none at all, name and country as the id.

    The CORDIS exports of the early framework programmes (FP1-FP3) leave the organisation id
    empty in every row; such an organisation is then known by its name and country (an
    organisation spelled two ways becomes two). An export with some ids missing is an error.
    """
    ids = raw["organisationID"]
    empty = ids.isna() | (ids.astype(str).str.strip() == "")
    if not empty.all():
        return raw, "organisationID"
    if "name" not in raw.columns or raw["name"].isna().any():
        raise HelixDataError(
            f"{what}: column 'organisationID' is empty in every row and some rows have no 'name' either, so "
            "the organisations cannot be told apart; use an export with organisation ids."
        )
    raw = raw.copy()
    country = raw["country"].fillna("") if "country" in raw.columns else ""
    raw["organisationID"] = raw["name"].str.strip() + "|" + country
    logger.info("%s: no organisation ids in the export; organisations are identified by name and country.", what)
    return raw, "name|country"


def _require_cordis_columns(raw: pd.DataFrame, needed: list[str], what: str, sep: str) -> None:
    missing = [c for c in needed if c not in raw.columns]
    if not missing:
        return
    header = " ".join(map(str, raw.columns))
    for other in (",", ";", "\t"):
        if other != sep and other in header and all(c in header for c in needed):
            raise HelixDataError(
                f"{what}: no column {v.examples(missing)}: the file is separated by {other!r}, not {sep!r}; "
                f"pass sep={other!r}."
            )
    raise HelixDataError(
        f"{what}: no column {v.examples(missing)} among {v.examples(list(raw.columns), 8)}; is this a CORDIS export? "
        f"The official files are separated by ';' (pass sep= for another separator)."
    )


def _clean_value(value: Any) -> Any:
    """A value GEXF and GraphML accept: str, int, float or bool; None for 'leave it out'."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (list, tuple, set)):
        return ";".join(str(x) for x in value)
    return str(value)


def _xml_graph(G: nx.Graph, what: str) -> nx.Graph:
    """:func:`_clean_graph`, then every text (ids, attribute values) without the characters XML
    1.0 forbids: each becomes U+FFFD (a carriage return, which XML reads back as a line break,
    becomes one), and how many texts were changed is reported by a
    :class:`HelixWarning` (networkx and Gephi cannot read a file that holds them)."""
    H = _clean_graph(G)
    changed = 0

    def safe(value: Any) -> Any:
        nonlocal changed
        if not isinstance(value, str):
            return value
        text, n = v.xml_safe(value)
        changed += n > 0
        return text

    def clean(data: dict) -> dict:
        return {safe(k): safe(x) for k, x in data.items()}

    cleaned = H.__class__()
    cleaned.graph.update(clean(H.graph))
    renamed = {node: safe(node) for node in H.nodes}
    if len(set(renamed.values())) < len(renamed):
        raise HelixDataError(
            f"{what}: node ids that differ only in characters XML forbids (control characters) would become one "
            "node; give the nodes distinct printable ids (nx.relabel_nodes)."
        )
    cleaned.add_nodes_from((renamed[n], clean(d)) for n, d in H.nodes(data=True))
    cleaned.add_edges_from((renamed[a], renamed[b], clean(d)) for a, b, d in H.edges(data=True))
    if changed:
        warnings.warn(
            f"{what}: {changed} text(s) (ids, names, attributes) held characters XML forbids (control characters); "
            "each such character was written as U+FFFD (a carriage return as a line break).",
            HelixWarning,
            stacklevel=3,
        )
    return cleaned


def _clean_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all plain str/int/float/bool (missing ones left out).

    An attribute that is an int on some nodes and a float on others becomes float everywhere,
    since both formats declare one type per attribute.
    """
    if not isinstance(G, nx.Graph):
        raise HelixDataError(f"expected a networkx graph, got {type(G).__name__}; build one with helixnet.collaboration_graph.")
    H = G.__class__()
    H.graph.update({k: c for k, c in ((k, _clean_value(x)) for k, x in G.graph.items()) if c is not None})
    H.add_nodes_from((str(n), {k: c for k, c in ((k, _clean_value(x)) for k, x in d.items()) if c is not None}) for n, d in G.nodes(data=True))
    H.add_edges_from(
        (str(a), str(b), {k: c for k, c in ((k, _clean_value(x)) for k, x in d.items()) if c is not None})
        for a, b, d in G.edges(data=True)
    )
    for items in (H.nodes(data=True), H.edges(data=True)):
        kinds: dict[str, set] = {}
        for *_, data in items:
            for key, value in data.items():
                kinds.setdefault(key, set()).add(type(value))
        mixed = {k for k, types in kinds.items() if types == {int, float}}
        text = {k for k, types in kinds.items() if len(types) > 1 and types != {int, float}}
        for *_, data in items:
            for key in mixed & data.keys():
                data[key] = float(data[key])
            for key in text & data.keys():
                data[key] = str(data[key])
    return H


def write_gexf(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write ``G`` as GEXF 1.2 for Gephi; attributes cleaned to what GEXF accepts.

    Characters XML forbids (control characters in names) are written as U+FFFD, with a
    :class:`~helixnet.errors.HelixWarning` that counts them. Written atomically: an existing file
    is replaced only by a complete one; a failure raises :class:`~helixnet.errors.HelixOutputError`
    and leaves it as it was.

    Parameters
    ----------
    G : networkx.Graph
        The graph, e.g. of :func:`helixnet.collaboration_graph`.
    path : str or os.PathLike
        The ``.gexf`` file to write.

    Returns
    -------
    None

    Examples
    --------
    >>> import os, tempfile
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=2.0)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_gexf(G, os.path.join(folder, "ties.gexf"))
    ...     nx.read_gexf(os.path.join(folder, "ties.gexf")).edges["a", "b"]["weight"]
    2.0
    """
    clean = _xml_graph(G, "write_gexf")
    with atomic_write(path, "wb") as handle:
        nx.write_gexf(clean, handle)


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write ``G`` as GraphML; attributes cleaned to what GraphML accepts.

    Characters XML forbids are written as U+FFFD, with a :class:`~helixnet.errors.HelixWarning`;
    written atomically, as :func:`write_gexf`.

    Parameters
    ----------
    G : networkx.Graph
        The graph.
    path : str or os.PathLike
        The ``.graphml`` file to write.

    Returns
    -------
    None

    Examples
    --------
    >>> import os, tempfile
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", helix="knowledge")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_graphml(G, os.path.join(folder, "ties.graphml"))
    ...     nx.read_graphml(os.path.join(folder, "ties.graphml")).nodes["a"]["helix"]
    'knowledge'
    """
    clean = _xml_graph(G, "write_graphml")
    with atomic_write(path, "wb") as handle:
        nx.write_graphml(clean, handle)


_VOSVIEWER_BREAKING = r"[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029\"]"


def write_vosviewer(
    G: nx.Graph,
    map_path: str | os.PathLike,
    network_path: str | os.PathLike,
    *,
    clusters: Mapping[Any, int] | pd.Series | None = None,
    weight: str = "weight",
    label: str = "name",
) -> None:
    """Write the VOSviewer map file (items) and network file (links) of ``G``.

    The map file is tab-separated with the columns ``id`` (1..n), ``label`` (the node's
    ``label`` attribute, else its id), ``description`` (the organisation id and helix),
    ``cluster`` (1-based, from ``clusters`` if given, else by helix) and ``weight<Links>`` and
    ``weight<Total link strength>``. The network file has one line ``id1 id2 weight`` per
    edge, with the weight rounded to 6 significant digits (VOSviewer expects positive numbers).

    The two files are written as a pair: both are replaced, or (on any failure, which raises
    :class:`~helixnet.errors.HelixOutputError`) neither.

    Parameters
    ----------
    G : networkx.Graph
        The graph; nodes with ``label``'s attribute and ``helix``, edges with ``weight``'s attribute.
    map_path, network_path : str or os.PathLike
        The map file (items) and the network file (links) to write.
    clusters : mapping or Series, optional
        Cluster per node (e.g. of :func:`helixnet.clusters`); default one cluster per helix.
    weight : str
        The edge attribute written as the link weight (default ``"weight"``).
    label : str
        The node attribute written as the label (default ``"name"``).

    Returns
    -------
    None

    Examples
    --------
    >>> import os, tempfile
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=0.5)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_vosviewer(G, os.path.join(folder, "map.txt"), os.path.join(folder, "network.txt"))
    ...     open(os.path.join(folder, "network.txt"), encoding="utf-8").read().split()
    ['1', '2', '0.5']
    """
    if not isinstance(G, nx.Graph):
        raise HelixDataError(f"write_vosviewer: expected a networkx graph, got {type(G).__name__}.")
    if G.number_of_nodes() == 0:
        raise HelixDataError("write_vosviewer: the graph has no nodes; there is nothing to map.")
    nodes = list(G.nodes)
    number = {node: i + 1 for i, node in enumerate(nodes)}
    if clusters is not None:
        cluster_of = dict(clusters)
        missing = [n for n in nodes if n not in cluster_of]
        if missing:
            raise HelixDataError(f"write_vosviewer: clusters has no entry for node(s) {v.examples(missing)}.")
        codes = {c: i + 1 for i, c in enumerate(sorted(set(cluster_of.values()), key=str))}
        cluster = [codes[cluster_of[n]] for n in nodes]
    else:
        order = {h: i + 1 for i, h in enumerate(v.HELICES)}
        cluster = [order.get(G.nodes[n].get("helix", "unknown"), len(order)) for n in nodes]
    strength = dict(G.degree(weight=weight))
    items = pd.DataFrame(
        {
            "id": [number[n] for n in nodes],
            "label": [str(G.nodes[n].get(label) or n) for n in nodes],
            "description": [f"{n} ({G.nodes[n].get('helix', 'unknown')})" for n in nodes],
            "cluster": cluster,
            "weight<Links>": [G.degree(n) for n in nodes],
            "weight<Total link strength>": [strength[n] for n in nodes],
        }
    )
    # A tab, line break or quote inside a name would shift or split VOSviewer's columns.
    for column in ("label", "description"):
        layout_safe = items[column].str.replace(_VOSVIEWER_BREAKING, " ", regex=True)
        changed = int((layout_safe != items[column]).sum())
        if changed:
            warnings.warn(f"write_vosviewer: {changed} {column}(s) held tabs, line breaks or quotes; written as spaces.",
                          HelixWarning, stacklevel=2)
        items[column] = layout_safe
    links = pd.DataFrame(
        [(number[a], number[b], float(f"{d.get(weight, 1.0):.6g}")) for a, b, d in G.edges(data=True)],
        columns=["id1", "id2", "weight"],
    )
    with atomic_write_group([map_path, network_path], newline="") as (map_file, network_file):
        items.to_csv(map_file, sep="\t", index=False, quoting=csv.QUOTE_NONE)
        links.to_csv(network_file, sep="\t", index=False, header=False)
