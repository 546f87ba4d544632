"""Build ``ror_names.csv.gz``: normalised organisation names of ROR records -> their ROR types.

``python -m helixnet.helices_data.build_ror GIT_DIR [--dump-2021 DUMP_GIT_DIR] [--registry-extract EXTRACT_GIT_DIR]``

``GIT_DIR`` is the git directory of a snapshot of the ror-community/ror-records repository (ROR
data, CC0; the newest version of each record in its release folders is read, v1 and v2 schemas,
inactive records too: see :func:`helixnet.helices_data.build_lists.ror_json_records`). That
repository holds only the records added or changed since it began (about 50,000 of ROR's
110,000). ``DUMP_GIT_DIR``, a snapshot of KTH-Library/institutions, adds the other records of ROR's
full dump of 2021-09-23 with their names, aliases, acronyms and types (:func:`ror_dump_2021_records`;
needs the ``rdata`` package: ``pip install helixnet[tables]``): 77,700 records, among them the
acronyms CIRANO, SAEON, USAID. ``EXTRACT_GIT_DIR``, a snapshot of biocodellc/ror-parser (the
display name and types of every record of the 2021 dump, by country), adds the records whose
display name no record read so far bears (older display names, about 1,000: NIST, TSMC, Capital
One, Japan External Trade Organization, where the dump is not given). Every record gives its names: the display name, labels in other languages and aliases,
each as written and, where ROR appended a parenthesised country or qualifier ("Sony Group
(Japan)"), without it. Addresses name firms without their legal form ("Intel", "Schlumberger")
where ROR writes it ("Intel Corporation"): the names of records that ROR's types make firms
(:func:`helixnet.helices_data._ror.ror_record_decision` gives industry) are also kept without
their trailing company legal forms (the word class ``company-legal-form`` of the name rules: LTD,
INC, CORP, GMBH, AG, SA, CO, ...; "Samsung Electronics Co Ltd" -> SAMSUNG ELECTRONICS) where what
is left has two or more words, or one word of four or more letters, is not made of common English
words only ("Apple", "Exponent") and no record that is not a firm bears it as a name or acronym.
A common word that :data:`MIN_MULTINATIONAL_RECORDS` or more firm records bear (ROR files a
multinational once per country: "Shell", "Intel", "Nestle", "Total") is kept as a name, also
without the legal form.
Acronyms are kept only when no other record bears the same string as an acronym or name, when
they have three or more letters and are not common English words (one-word names that are common
words, "Access", are left out too); a name of three or more letters that other records bear as
their acronym gets their types too ("UBC" names a firm and abbreviates the University of British
Columbia: no decision). (Keeping an acronym that several records bear where all of
them give the same helix was measured and left out: of the CORDIS short names it newly decided,
39 % of those of three letters and 74 % of the longer ones agreed with the activity type: "IST",
"ISIS", "INTA" name other organisations there.) Names in scripts other than Latin are left
out (the rule normaliser would reduce them to nothing or to the Latin words around them). Every name is normalised with
:func:`helixnet.helices.normalise_name_for_rules` (rebuild the table when that changes).

The table has two columns: ``name`` (normalised) and ``types``, the ROR types of the records that
bear the name as one-letter codes (:data:`TYPE_CODES`), the types of one record sorted together
("EU": education and funder) and different records' type sets joined by ``|`` ("C|E": a company
and a university bear the name; :func:`helixnet.helices.classify_names` decides nothing then). A
government record whose own names the name rules read as a research body, and as nothing else, gets
the code ``R`` too ("GRU", CSIRO), a nonprofit record whose names they read as an association or
society the code ``S`` ("NS", YMCA) (:func:`records_read_by_the_rules`), so that its acronym decides
as its names do.

A second table, ``ror_country_names.csv.gz`` (:func:`ror_country_table`), holds the names and
acronyms that records of several countries bear (the acronyms "IRD", "NIH", "CAS", shared and so
left out above; "Ministry of Defense"), with the types of each country's records: columns
``name``, ``country`` (ISO 3166-1, the record's first location) and ``types``. A name whose
bearers are all in one country, or include one of unknown country, is not in it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from .._letters import without_accents
from ._ror import CIVIL_BODY, RESEARCH_BODY, ROR_RESEARCH, ror_record_decision
from .build_lists import common_english_words, git_blobs, git_listing, ror_json_records

HERE = Path(__file__).parent
OUTPUT = HERE / "ror_names.csv.gz"
COUNTRY_OUTPUT = HERE / "ror_country_names.csv.gz"
TYPE_CODES = {"education": "E", "facility": "F", "archive": "A", "company": "C", "government": "G",
              "healthcare": "H", "nonprofit": "N", "funder": "U", "other": "O"}
MIN_ACRONYM_LETTERS = 3
MIN_STRIPPED_LETTERS = 4  # a firm's name without its legal form, as one word ("PSE AG" is not kept as PSE)
MIN_MULTINATIONAL_RECORDS = 5  # firm records (one per country) that make a common word a multinational's name
TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def is_latin(name: str) -> bool:
    return not any(ch.isalpha() and not ch.isascii() for ch in without_accents(name))


def record_names(record: dict) -> tuple[list[str], list[str]]:
    """(names, acronyms) of a ROR record in the v2 or v1 schema."""
    if "names" in record:
        names = [n["value"] for n in record["names"] if set(n.get("types", [])) & {"ror_display", "label", "alias"}]
        acronyms = [n["value"] for n in record["names"] if "acronym" in n.get("types", [])]
    else:
        names = [record.get("name", "")] + [x.get("label", "") for x in record.get("labels", [])] + list(record.get("aliases", []))
        acronyms = list(record.get("acronyms", []))
    return [n for n in names if n], [a for a in acronyms if a]


def without_legal_form(name: str, english: set[str]) -> str | None:
    """A normalised firm name without its trailing legal forms, where what is left names the firm alone."""
    from ..helices import trailing_legal_forms

    stripped = trailing_legal_forms().sub("", name)
    if stripped == name or not stripped:
        return None
    words = stripped.split()
    if len(words) == 1 and sum(ch.isalpha() for ch in stripped) < MIN_STRIPPED_LETTERS:
        return None
    if set(words) <= english:  # "Apple Inc", "Exponent Inc", "General Electric"
        return None
    return stripped


def ror_extract_records(git_dir: Path, known_names: set[str]):
    """Records (v1 schema: name and types) of a by-country ROR extract whose display name is not in ``known_names``."""
    for text in git_blobs(git_dir, git_listing(git_dir, "data/")):
        for record in json.loads(text):
            if record["name"] not in known_names:
                yield {"name": record["name"], "types": record["types"], "country": {"country_code": record.get("country_code")}}


#: The ROR data dump of 2021-09-23 (Zenodo record 5534443) as the R package KTH-Library/institutions
#: ships it, tidied into tables (``data-raw/ror.R``): the commit and path of that file.
DUMP_2021_COMMIT = "11487ae2188c67954e221cdd4f9b8f31a3e31685"
DUMP_2021_PATH = "data/ror.rda"


def ror_record_ids(git_dir: Path) -> set[str]:
    """The ids of every record of a ror-records snapshot, withdrawn ones included ("0123abc45")."""
    return {p.rsplit("/", 1)[1][: -len(".json")] for p in git_listing(git_dir) if p.endswith(".json") and p.count("/") >= 1}


def ror_dump_2021_records(git_dir: Path, known_ids: set[str]) -> list[dict]:
    """Records of the ROR dump of 2021 in a snapshot of KTH-Library/institutions (``DUMP_2021_PATH``
    at ``DUMP_2021_COMMIT``, R data, read with the ``rdata`` package of the ``tables`` extra) whose id
    is not in ``known_ids`` (the records ror-records holds in a newer version, or withdrew); see
    :func:`dump_tables_records`."""
    import rdata

    raw = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "blob", f"{DUMP_2021_COMMIT}:{DUMP_2021_PATH}"],
                         check=True, capture_output=True).stdout
    with warnings.catch_warnings():  # tibbles are read as the data frames they are
        warnings.filterwarnings("ignore", message="Missing constructor for R class")
        tables = rdata.conversion.convert(rdata.parser.parse_data(raw))["ror"]
    return dump_tables_records(tables, known_ids)


def dump_tables_records(tables: dict[str, pd.DataFrame], known_ids: set[str]) -> list[dict]:
    """v1-schema records (id, name, aliases, acronyms, types, country) of the tidy tables of a ROR
    dump (``ror_orgs`` with id, name, country_code; ``ror_aliases``, ``ror_acronyms``, ``ror_types``
    with id and one value a row), except those whose id ("https://ror.org/0123abc45") ends in one of ``known_ids``."""
    orgs = tables["ror_orgs"]
    keep = ~orgs["id"].str.rsplit("/", n=1).str[1].isin(known_ids)
    children = {column: tables[f"ror_{column}"].groupby("id")[column].agg(list).to_dict() for column in ("aliases", "acronyms", "types")}
    return [{"id": ror_id, "name": name, "aliases": children["aliases"].get(ror_id, []), "acronyms": children["acronyms"].get(ror_id, []),
             "types": children["types"].get(ror_id, []), "country": {"country_code": country}}
            for ror_id, name, country in zip(orgs["id"][keep], orgs["name"][keep], orgs["country_code"][keep])]


def record_types(record: dict) -> str:
    return "".join(sorted({TYPE_CODES.get(t.lower(), "O") for t in record.get("types", [])})) or "O"


# Offices, councils, agencies, foundations and programmes of research fund it more often than they do
# it (Office of Naval Research, Russian Foundation for Basic Research): their acronyms stay as they were.
# Research done, not a kind of institution ("Institute of Certified Public Accountants" is none).
RESEARCH_WORK = re.compile(r"\b(?:RESEARCH|RES|INVESTIGA\w*|RECHERCHES?|RICERCA|RICERCHE|PESQUISAS?|ONDERZOEK|LABORATOR\w*|LABS?)\b"
                           r"|FORSCHUNG|FORSKNING|TUTKIMU|BADAN")
# Learned societies, unions and charities are civil (the labelling guide), whatever they study.
LEARNED_BODY = re.compile(r"\b(?:SOCIETY|SOCIETE|SOCIEDAD|SOCIEDADE|SOCIETA|UNION|FEDERATION|ACADEMY|ACADEMIE|ACADEMIA|AKADEMIE|"
                          r"CHARITY|CHARITABLE|TRUST)\b")
FUNDING_BODY = re.compile(r"\b(?:OFFICES?|FOUNDATIONS?|FUNDS?|COUNCILS?|AGENCY|AGENCIES|PROGRAMM?E?S?|ACTIVITY|CONSEJO|CONSELHO|"
                          r"CONSEIL|CONSIGLIO|AGENCIA|AGENCE|AGENZIA|FUNDACAO|FUNDACION|FONDAZIONE|FONDS|FONDO|FUNDO)\b")


def records_read_by_the_rules(normalised: list[str], types: list[str], records: list[int]) -> dict[int, str]:
    """The code to add to each ROR record whose type leaves the decision to the name rules but whose
    own names the rules read one way, and no other, so that its acronyms and variants decide as its
    names do. :data:`RESEARCH_BODY` (knowledge): a government record named as a research body
    ("Commonwealth Scientific and Industrial Research Organisation": CSIRO), a nonprofit record
    named for its research ("Midwest Research Institute": MRIGlobal) and not as a learned society,
    union or charity. :data:`CIVIL_BODY` (civil): another nonprofit record named as an association,
    society or federation ("Young Men's Christian Association": YMCA). Ministries and agencies stay
    government; offices, councils, agencies, foundations and programmes of research are left out, as
    they fund research more often than they do it."""
    from ..helices import name_rule_helices

    funding, research, learned = set(), set(), set()
    for name, number in zip(normalised, records):
        if FUNDING_BODY.search(name):
            funding.add(number)
        if RESEARCH_WORK.search(name):
            research.add(number)
        if LEARNED_BODY.search(name):
            learned.add(number)
    wanted: dict[int, tuple[str, str]] = {}  # record -> (the helix its names must say, the code)
    for name, codes, number in zip(normalised, types, records):
        if "G" in codes and not set(codes) & set("EF") and ROR_RESEARCH.search(name) and number not in funding:
            wanted[number] = ("knowledge", RESEARCH_BODY)
        elif codes == "N" and number in research and number not in funding | learned:
            wanted[number] = ("knowledge", RESEARCH_BODY)
        elif codes == "N":
            wanted[number] = ("civil", CIVIL_BODY)
    entries = [i for i, number in enumerate(records) if number in wanted and normalised[i]]
    unique = pd.Series(sorted({normalised[i] for i in entries}), dtype=object)
    helix_of = dict(zip(unique, name_rule_helices(unique))) if len(unique) else {}
    said: dict[int, set[str]] = defaultdict(set)
    for i in entries:
        said[records[i]].add(helix_of[normalised[i]])
    return {number: code for number, (helix, code) in wanted.items()
            if helix in said[number] and said[number] <= {helix, None}}


def record_country(record: dict) -> str | None:
    """The ISO country code of a ROR record (v2 or v1 schema), None where it has none."""
    locations = record.get("locations") or []
    if locations:
        return (locations[0].get("geonames_details") or {}).get("country_code")
    return (record.get("country") or {}).get("country_code")


def _record_entries(records) -> tuple[list[str], list[int], list[str], list[int], dict[int, str]]:
    """(normalised names, their record numbers, normalised acronyms, their record numbers, each
    record's type codes with the codes of :func:`records_read_by_the_rules`) of ROR records."""
    from ..helices import normalise_name_for_rules

    raw_names: list[str] = []
    raw_types: list[str] = []
    raw_records: list[int] = []
    raw_acronyms: list[str] = []
    acronym_records: list[int] = []
    record_codes: dict[int, str] = {}
    for number, record in enumerate(records):
        types = record_codes[number] = record_types(record)
        names, acronyms = record_names(record)
        variants = set(names) | {TRAILING_PARENTHESIS.sub("", n) for n in names}
        for name in variants:
            if name and is_latin(name):
                raw_names.append(name)
                raw_types.append(types)
                raw_records.append(number)
        for acronym in set(acronyms):
            if is_latin(acronym):
                raw_acronyms.append(acronym)
                acronym_records.append(number)
    normalised = normalise_name_for_rules(pd.Series(raw_names, dtype=object)).tolist()
    for number, code in records_read_by_the_rules(normalised, raw_types, raw_records).items():
        record_codes[number] = "".join(sorted(record_codes[number] + code))
    acronyms = normalise_name_for_rules(pd.Series(raw_acronyms, dtype=object)).tolist()
    return normalised, raw_records, acronyms, acronym_records, record_codes


def ror_name_table(records, english: set[str], entries=None) -> pd.DataFrame:
    from ..helices import trailing_legal_forms

    normalised, raw_records, acronyms, acronym_records, record_codes = entries or _record_entries(records)
    name_types: dict[str, set[str]] = defaultdict(set)
    acronym_types: dict[str, set[str]] = defaultdict(set)
    acronym_bearers: dict[str, int] = defaultdict(int)
    raw_types = [record_codes[number] for number in raw_records]
    acronym_record_types = [record_codes[number] for number in acronym_records]
    is_firm = [bool(name) and ror_record_decision(types, name)[0] == "industry" for name, types in zip(normalised, raw_types)]
    # A common word that many firm records bear, alone or before a legal form, is a multinational's
    # name ("Shell", "Intel Corporation", "Nestle"): kept, unlike other common words.
    firm_records: dict[str, set[int]] = defaultdict(set)
    for name, firm, number in zip(normalised, is_firm, raw_records):
        if firm:
            firm_records[name].add(number)
            firm_records[trailing_legal_forms().sub("", name)].add(number)
    multinational = {name for name, numbers in firm_records.items()
                     if name in english and len(numbers) >= MIN_MULTINATIONAL_RECORDS}
    common = english - multinational
    firm_keys: dict[str, set[str]] = defaultdict(set)
    for name, types, firm in zip(normalised, raw_types, is_firm):
        if name and name not in common:  # a one-word name that is a common word ("Access") says little
            name_types[name].add(types)
        if firm:
            stripped = without_legal_form(name, common)
            if stripped is not None:
                firm_keys[stripped].add(types)
    for acronym, types in zip(acronyms, acronym_record_types):
        if acronym:
            acronym_bearers[acronym] += 1
            acronym_types[acronym].add(types)
    for acronym, type_sets in acronym_types.items():
        letters = sum(ch.isalpha() for ch in acronym)
        if (acronym_bearers[acronym] == 1 and acronym not in name_types and letters >= MIN_ACRONYM_LETTERS
                and acronym not in english):
            name_types[acronym] = type_sets
        elif acronym in name_types and letters >= MIN_ACRONYM_LETTERS:
            # one record's name, others' acronym ("UBC": a firm, and the University of British Columbia)
            name_types[acronym] = name_types[acronym] | type_sets
    # Firm names without their legal form, where no record that is not a firm bears them.
    for stripped, type_sets in firm_keys.items():
        bearers = type_sets | name_types.get(stripped, set()) | acronym_types.get(stripped, set())
        if all(ror_record_decision(types, stripped)[0] == "industry" for types in bearers):
            name_types[stripped] = bearers
    table = pd.DataFrame({"name": list(name_types), "types": ["|".join(sorted(t)) for t in name_types.values()]})
    return table.sort_values("name", kind="stable").reset_index(drop=True)


def ror_country_table(records, english: set[str], entries=None) -> pd.DataFrame:
    """Names and acronyms that records of several countries bear ("IRD", "NIH", "CAS"), per
    country: columns name, country, types (of the records of that country, as in
    ``ror_names.csv.gz``). An address's country then tells which record it names. Acronyms need
    three or more letters and no common English word, as in :func:`ror_name_table`."""
    normalised, raw_records, acronyms, acronym_records, record_codes = entries or _record_entries(records)
    countries = [record_country(record) for record in records]
    bearers: dict[str, set[int]] = defaultdict(set)
    for name, number in zip(normalised, raw_records):
        if name and name not in english:
            bearers[name].add(number)
    for acronym, number in zip(acronyms, acronym_records):
        if acronym and sum(ch.isalpha() for ch in acronym) >= MIN_ACRONYM_LETTERS and acronym not in english:
            bearers[acronym].add(number)
    rows = []
    for key, numbers in bearers.items():
        by_country: dict[str | None, set[int]] = defaultdict(set)
        for number in numbers:
            by_country[countries[number]].add(number)
        if len(by_country) < 2 or None in by_country:  # one country, or a bearer of unknown country
            continue
        rows += [(key, country, "|".join(sorted({record_codes[n] for n in members}))) for country, members in by_country.items()]
    return pd.DataFrame(rows, columns=["name", "country", "types"]).sort_values(["name", "country"], kind="stable").reset_index(drop=True)


def write_csv_gz(table: pd.DataFrame, path: Path) -> int:
    """Write ``table`` as gzipped CSV (atomically); the number of bytes written."""
    # mtime=0: the same table gives the same bytes.
    data = gzip.compress(table.to_csv(index=False).encode("utf-8"), compresslevel=9, mtime=0)
    with atomic_write(path, "wb", encoding=None) as handle:
        handle.write(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.build_ror")
    parser.add_argument("ror", type=Path, help="git directory of a ror-community/ror-records snapshot")
    parser.add_argument("--dump-2021", type=Path, help="git directory of a KTH-Library/institutions snapshot (the ROR dump of 2021)")
    parser.add_argument("--registry-extract", type=Path, help="git directory of a biocodellc/ror-parser snapshot")
    args = parser.parse_args(argv)
    records = list(ror_json_records(args.ror))
    if args.dump_2021 is not None:
        records += ror_dump_2021_records(args.dump_2021, ror_record_ids(args.ror))
    if args.registry_extract is not None:
        known = {name for record in records for name in record_names(record)[0]}
        records += ror_extract_records(args.registry_extract, known)
    english = common_english_words()
    entries = _record_entries(records)
    table = ror_name_table(records, english, entries)
    size = write_csv_gz(table, OUTPUT)
    print(f"{OUTPUT.name}: {len(table)} names, {table['types'].str.contains('|', regex=False).sum()} ambiguous, {size} bytes")
    by_country = ror_country_table(records, english, entries)
    size = write_csv_gz(by_country, COUNTRY_OUTPUT)
    print(f"{COUNTRY_OUTPUT.name}: {len(by_country)} names per country, {size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
