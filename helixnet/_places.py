"""Names of countries and their subdivisions, shared by the address readers and the helix rules.

The readers step over a province printed after the city ("Suita, Osaka 5650871, Japan"); the helix
rules read a body named by a place and a policy area alone ("Environment Canada", "NSW Fisheries")
as a public body. Both compare names as :func:`place_key` writes them: case-folded words without
accents.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from ._letters import without_accents

# countries.csv: ISO 3166-1 alpha-2 code and the ISO short and official names, "|"-separated.
_COUNTRIES = Path(__file__).with_name("publications_data") / "countries.csv"
# Chinese subdivisions are named with their kind ("Guangdong Sheng", "Guangxi Zhuangzu Zizhiqu"), addresses without it.
_CHINESE_KIND = re.compile(r"(\s+(zhuangzu|huizu|uygur))?\s+(sheng|shi|zizhiqu|sar)$")


def place_key(name: str) -> str:
    """A name as places are compared: case-folded words without accents ("Région de Murcia" -> "region de murcia")."""
    return " ".join(re.findall(r"[^\W_]+", without_accents(name).casefold()))


@functools.cache
def country_names() -> dict[str, str]:
    """:func:`place_key` of the ISO short and official names of each country, and of its code -> the ISO code."""
    table: dict[str, str] = {}
    with _COUNTRIES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            for name in row["names"].split("|"):
                table[place_key(name)] = code
            table[code.casefold()] = code
    return table


@functools.cache
def subdivisions() -> frozenset[tuple[str, str]]:
    """(country, key) of the ISO 3166-2 subdivision names (``pycountry``; loaded on first need), with their variants:
    the English name where ISO has one ("Bayern", "Bavaria"), the name in brackets ("A Coruña [La Coruña]"), the name
    before an inverted kind ("Murcia, Región de"), either side of a "/", a Chinese name without its kind
    ("Guangdong Sheng"), and the English names ISO does not give (:func:`_english_subdivision_names`)."""
    import gettext

    import pycountry

    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
    keys = set()
    for subdivision in pycountry.subdivisions:
        full = re.sub(r"\s*\(.*?\)", "", subdivision.name)
        names = [re.sub(r"\s*\[.*", "", full), english.gettext(subdivision.name)]
        names += re.findall(r"\[([^\]]*?)(?:\s+[A-Z]{2}-[A-Z0-9]+)?\]", full)
        for variant in [part for whole in names for part in whole.split("/")]:
            keys.add((subdivision.country_code, _CHINESE_KIND.sub("", place_key(variant.split(",")[0]))))
    for country, name in _english_subdivision_names():
        keys.add((country, place_key(name)))
    return frozenset(keys)


def _english_subdivision_names() -> list[tuple[str, str]]:
    """(country, English name) of the ISO 3166-2 subdivisions whose English name ISO does not give ("Tuscany" for
    Toscana, "Lower Saxony" for Niedersachsen, "Catalonia", "Brittany"): the names marked "(eng)" among the other
    names of the ``iso3166-2`` package ("Tuscany (eng), Toscana (ita-tus)")."""
    from iso3166_2 import Subdivisions

    names = []
    for country, by_code in Subdivisions().all.items():
        for subdivision in by_code.values():
            other = subdivision.get("localOtherName") or ""
            names += [(country, name) for name in re.findall(r"(?:^|,\s*)([^,()]+?)\s*\(eng\)", other)]
    return names
