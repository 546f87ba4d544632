"""The ROR lookup of helix classification: ROR ror_names (normalised) -> ROR types -> helix.

Shared by :mod:`helixnet.helices` (the lookup) and the scripts that build its tables
(``build_ror``, ``build_lists``). The tables are built by ``python -m helixnet.helices_data.build_ror``
and ``build_lists``; see :mod:`helixnet.helices` for how the lookup is used.
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib import resources

import numpy as np
import pandas as pd

#: ROR type codes of ``ror_names.csv.gz`` (see ``helixnet.helices_data.build_ror``), in the order
#: in which the types of one record decide: education before funder (ETH Zurich is both), a
#: facility before government (public research institutes), nonprofit before funder (foundations).
ROR_TYPES = {"E": "education", "F": "facility", "A": "archive", "C": "company", "G": "government",
             "H": "healthcare", "N": "nonprofit", "U": "funder", "O": "other"}
#: Not ROR types: the codes ``build_ror`` adds to a government or nonprofit record whose own names the
#: name rules read as a research body (CSIRO, MRIGlobal), and to a nonprofit record whose names they
#: read as an association or society (YMCA); its other names and acronyms are knowledge, or civil, too.
RESEARCH_BODY = "R"
CIVIL_BODY = "S"
ROR_UNIVERSITY = re.compile(r"\b(?:UNIV|ACADEM|AKADEM|ACCADEM)")
# German, Dutch, Nordic and Finnish write research words inside compounds (MATERIALFORSCHUNG); the
# Web of Science forms of ROR names abbreviate them (RES, INST, LAB, SCI).
ROR_RESEARCH = re.compile(r"\b(?:RES|INST|LAB|SCI|ACAD)\b|\b(?:RESEARCH|RECHERCHE|RECERCA|INVESTIGA|RICERCA|PESQUISA|BADAN|SCIEN|ACADEM|AKADEM|ACCADEM|OSSERVATOR)"
                           r"|INSTITU|INSTYTUT|ISTITUT|FORSCHUNG|ONDERZOEK|FORSKNING|TUTKIMU|WISSENSCHAFT|LABORATOR|OBSERVATOR|STERNWARTE")
#: Museums, libraries, archives, galleries, zoos and botanic gardens, and hospitals: ROR types them
#: "government" or "archive"; Triple Helix studies do not follow one convention for
#: them, so the lookup leaves them to the rules.
ROR_CULTURAL_OR_CARE = re.compile(
    r"\b(?:MUSE[EOU]|MUZE|LIBRAR|BIBLIOT|KNIHOVN|ARCHIEF|ARKIV|ARQUIV|ARCHIW|GALLER|GALERI|PINACOTE|KUNSTHAL|ZOO\b|"
    r"ZOOLOGISCHER GARTEN|BOTANIC|BOTANISCHER|JARDIN|HOSPITAL|HOPITA|OSPEDAL|CLINIC|ZIEKENHUI|SZPITAL|SAIRAALA|SJUKHUS|"
    r"SYKEHUS|SYGEHUS|HOSP\b|CLIN\b)|MUSEUM|MUSEET|BIBLIOTHE|BIBLIOTEK|ARCHIV|KLINIK|KRANKENHAUS")


def ror_record_decision(types: str, name: str) -> tuple[str | None, str]:
    """(helix or None, ROR type) of one ROR record's type codes for a normalised name.

    Where ROR's type and Triple Helix practice part, the record decides nothing and the rules
    (and the model) decide: ROR "archive" (archives, museums, libraries), "government" bodies
    whose name says research or names a museum, library, gallery or hospital, and funders that
    ROR gives another type as well.
    """
    for code in "EFACGHNUO":
        if code not in types:
            continue
        kind = ROR_TYPES[code]
        if code in "EF":  # facilities: research facilities and infrastructures, research libraries among them
            return "knowledge", kind
        if code == "A":
            return None, kind
        if code == "C":
            return "industry", kind
        if code == "G" and RESEARCH_BODY in types:  # a public research body named by its acronym: CSIRO
            return "knowledge", "government-research-body"
        if code == "G":  # research institutes (INSERM), museums, libraries, hospitals: the rules decide
            return (None if ROR_RESEARCH.search(name) or ROR_CULTURAL_OR_CARE.search(name) else "government"), kind
        if code == "H":  # hospitals: only university hospitals here; the rules decide the rest
            return ("knowledge" if ROR_UNIVERSITY.search(name) else None), kind
        if code == "N" and RESEARCH_BODY in types:  # a research nonprofit named by its acronym: MRIGlobal
            return "knowledge", "nonprofit-research-body"
        if code == "N" and CIVIL_BODY in types:  # an association named by its acronym: YMCA
            return "civil", "nonprofit-civil-body"
        if code == "N":  # research nonprofits (MRIGlobal, Bioversity) and charities alike: the rules decide
            return None, kind
        if code == "U":  # OpenAlex and ROR call many universities funders; the rules decide them
            return (None if types != "U" or ROR_UNIVERSITY.search(name) else "government"), kind
        return None, kind
    return None, "other"


@functools.cache
def ror_table(filename: str) -> dict[str, str]:
    """A ROR name table of helices_data: normalised name -> type codes."""
    raw = resources.files("helixnet.helices_data").joinpath(filename).read_bytes()
    # Plain splitting (five times faster than read_csv): normalised names and type codes hold no comma or quote.
    lines = gzip.decompress(raw).decode("ascii").splitlines()
    return dict(line.split(",") for line in lines[1:])


def ror_names() -> dict[str, str]:
    """``ror_names.csv.gz``: normalised ROR name -> type codes (built by ``helixnet.helices_data.build_ror``)."""
    return ror_table("ror_names.csv.gz")


def short_forms(abbreviations: pd.DataFrame) -> dict[str, str]:
    """Word -> its best-supported Web of Science abbreviation ("" for a word WoS leaves out); a
    word that is more often the abbreviation of others stays as it is (MED, for MEDICINE and
    MEDICAL, is not left out; D, for d' and a few names, is)."""
    ranked = abbreviations.assign(support=abbreviations["support"].astype(int))
    best = ranked.sort_values("support", ascending=False, kind="stable").drop_duplicates("word")
    as_abbreviation = ranked.groupby("abbreviation")["support"].sum()
    best = best[best["support"].to_numpy() >= as_abbreviation.reindex(best["word"]).fillna(0).to_numpy()]
    return dict(zip(best["word"], best["abbreviation"].fillna("")))


def wos_form(name: str, short: dict[str, str]) -> str:
    """A normalised name with every word written as Web of Science writes it (the left-out words dropped)."""
    words = name.split()
    return " ".join(filter(None, map(short.get, words, words)))  # C-level loops: it runs once per name looked up


@functools.cache
def wos_short_forms() -> dict[str, str]:
    """``wos_abbreviations.csv``: word -> its Web of Science abbreviation ("" for a word left out)."""
    with resources.files("helixnet.helices_data").joinpath("wos_abbreviations.csv").open("r", encoding="utf-8") as handle:
        return short_forms(pd.read_csv(handle, dtype=str, keep_default_na=False))


def ror_decision(name: str, lookup: dict[str, str], forms: dict[str, str]) -> tuple[str | None, str | None]:
    """(helix, ROR type) of one normalised name where every ROR record bearing it gives the same
    helix; ``forms`` (``ror_wos_forms.csv.gz``, or empty) are looked up by the name's own Web of
    Science form."""
    record_types = lookup.get(name)
    if record_types is None and forms:
        record_types = forms.get(wos_form(name, wos_short_forms()))
    return agreed_decision(record_types, name)


def agreed_decision(record_types: str | None, name: str) -> tuple[str | None, str | None]:
    """(helix, ROR type) of the records a name's type codes stand for ("C|E": two records), where
    every record gives the same helix; (None, None) otherwise or for None."""
    if record_types is None:
        return None, None
    decisions = [ror_record_decision(types, name) for types in record_types.split("|")]
    if len({h for h, _ in decisions}) == 1 and decisions[0][0] is not None:
        return decisions[0]
    return None, None


@functools.cache
def ror_country_names() -> dict[tuple[str, str], str]:
    """``ror_country_names.csv.gz``: (normalised name, ISO country) -> type codes of the records
    of that country, for names and acronyms that records of several countries bear (``build_ror``)."""
    raw = resources.files("helixnet.helices_data").joinpath("ror_country_names.csv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("ascii").splitlines()
    return {(name, country): types for name, country, types in (line.split(",") for line in lines[1:])}


def ror_decisions(unique_names: pd.Series, abbreviations: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(helix, rule) of the ROR lookup for distinct normalised names; None where ROR does not decide.

    A name decides only when every ROR record bearing it gives the same helix
    (:func:`ror_record_decision`); the rule is ``"ror:<type>"`` of the first record. With
    ``abbreviations``, the Web of Science forms of the names (``ror_wos_forms.csv.gz``) are looked up too.
    """
    helix = np.full(len(unique_names), None, dtype=object)
    rule = np.full(len(unique_names), None, dtype=object)
    lookup = ror_names()
    forms = ror_table("ror_wos_forms.csv.gz") if abbreviations else {}
    for i, name in enumerate(unique_names.tolist()):
        h, kind = ror_decision(name, lookup, forms)
        if h is not None:
            helix[i], rule[i] = h, f"ror:{kind}"
    return helix, rule


@functools.cache
def ror_company_sites() -> frozenset[str]:
    """``ror_company_sites.csv.gz``: ROR company names that may lead a research site (``build_lists``)."""
    raw = resources.files("helixnet.helices_data").joinpath("ror_company_sites.csv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("ascii").splitlines()
    return frozenset(line for line in lines[2:] if line)
