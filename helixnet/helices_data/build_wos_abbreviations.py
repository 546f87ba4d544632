"""Build ``wos_abbreviations.csv``, the word abbreviations of Web of Science addresses learnt from
real Web of Science exports aligned with ROR names, and ``ror_wos_forms.csv.gz``, the ROR names
written so.

``python -m helixnet.helices_data.build_wos_abbreviations [WOS_DIR]``

Web of Science prints addresses with standard word abbreviations ("Natl Oceanog Ctr" for
National Oceanography Centre). Clarivate publishes its list on a help page without a licence, so
the table is derived from data instead: every comma-separated part of the C1 and RP addresses
of the Web of Science files in ``WOS_DIR`` (default ``tests/data/real``, the exports of other
projects listed with their licences in its ``SOURCES.md``) but the last two (city, country) is
normalised and aligned word by word with the ROR names of ``ror_names.csv.gz`` that have the same
number of words and the same initials, where each address word equals the ROR word or is an
abbreviation of it (same first letter, its letters in order, shorter). Where every aligned ROR
name gives an abbreviated word the same full word, the part is evidence for that pair
("NATL OCEANOG CTR": NATIONAL -> NATL, OCEANOGRAPHY -> OCEANOG, CENTRE -> CTR). A pair is kept
when two or more distinct address parts support it, or one part supports it and the abbreviation
is a cut of the full word that keeps four or more letters and at least half of them
(OCEANOGRAPHIC -> OCEANOG; not UNIVERSITATSKLINIKUM -> UNIV, from "Univ Heidelberg" read as the
university hospital). Parts of one word
(acronyms, places) are not used: they align with too many names. Short ROR words (three letters or
fewer) may be left out by the address ("Max Delbruck Ctr Mol Med" for Max Delbrück Center for
Molecular Medicine); a word left out by two or more parts is kept with an empty abbreviation.

Columns: ``word`` (full, normalised), ``abbreviation``, ``support`` (distinct address parts),
``example`` (one of them).

``ror_wos_forms.csv.gz`` holds the Web of Science form of the names of ``ror_names.csv.gz``
("NATL OCEANOG CTR" for National Oceanography Centre: for each word its best supported
abbreviation, the left-out words dropped) with the names' types, where that form has two or more
words, is no ROR name itself and every ROR name giving it has the same types (a form that two
kinds of records share is left out). Same columns as ``ror_names.csv.gz``; rebuild it when either
input changes.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from .build_ror import write_csv_gz

HERE = Path(__file__).parent
OUTPUT = HERE / "wos_abbreviations.csv"
FORMS_OUTPUT = HERE / "ror_wos_forms.csv.gz"
DEFAULT_WOS_DIR = HERE.parents[1] / "tests" / "data" / "real"
MIN_SUPPORT = 2
MIN_CUT_LETTERS = 4
MAX_DROPPED_LETTERS = 3
_AUTHORS = re.compile(r"^\[[^\]]*\]\s*")


def wos_address_parts(path: Path) -> list[str]:
    """Organisation parts (all comma-separated parts but city and country) of a WoS file's addresses."""
    from ..publications import split_wos_addresses

    text = path.read_text(encoding="utf-8-sig", errors="replace")
    addresses: list[str] = []
    lines = text.splitlines()
    if lines and "\t" in lines[0] and "C1" in lines[0].split("\t"):
        column = lines[0].split("\t").index("C1")
        for line in lines[1:]:
            fields = line.split("\t")
            if len(fields) > column and fields[column]:
                addresses += split_wos_addresses(fields[column])
    else:
        tag = ""
        for line in lines:
            tag = line[:2] if line[:2].strip() else tag
            if tag in ("C1", "RP") and len(line) > 3:
                addresses.append(line[3:])
    parts = []
    for address in addresses:
        address = _AUTHORS.sub("", address.strip()).split("(reprint author),")[-1]
        parts += [p.strip() for p in address.split(",")[:-2] if p.strip() and not any(ch.isdigit() for ch in p)]
    return parts


def _abbreviates(short: str, full: str) -> bool:
    if len(short) >= len(full) or short[0] != full[0]:
        return False
    letters = iter(full)
    return all(ch in letters for ch in short)


def _readings(words: list[str], full: list[str]) -> list[list[str | None]]:
    """Ways to read an address part's words as a ROR name's words: per ROR word, the address word
    it is written as, or None where the address leaves a short ROR word out ("FOR", "DE")."""
    if not words:
        return [[None] * len(full)] if all(len(f) <= MAX_DROPPED_LETTERS for f in full) else []
    if not full:
        return []
    found = []
    if words[0] == full[0] or _abbreviates(words[0], full[0]):
        found += [[words[0], *rest] for rest in _readings(words[1:], full[1:])]
    if len(full[0]) <= MAX_DROPPED_LETTERS:
        found += [[None, *rest] for rest in _readings(words, full[1:])]
    return found


def abbreviation_evidence(parts: list[str], ror_names: list[str]) -> dict[tuple[str, str], set[str]]:
    """(full word, abbreviation) -> the normalised address parts that show it; the abbreviation
    ``""`` stands for a word the addresses leave out."""
    from ..helices import normalise_name_for_rules

    def initials(words):
        return "".join(w[0] for w in words if len(w) > MAX_DROPPED_LETTERS)

    by_initials: dict[str, list[list[str]]] = defaultdict(list)
    for name in ror_names:
        words = name.split()
        by_initials[initials(words)].append(words)
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for part in set(normalise_name_for_rules(pd.Series(parts, dtype=object))):
        words = part.split()
        short = [i for i, w in enumerate(words) if len(w) <= MAX_DROPPED_LETTERS]
        if len(words) < 2 or len(short) > 6:  # one word (an acronym, a place) aligns with too much
            continue
        keys = set()
        for mask in range(2 ** len(short)):  # a short address word may stand for a long ROR word (CTR) or a short one
            dropped = {i for k, i in enumerate(short) if mask >> k & 1}
            keys.add("".join(w[0] for i, w in enumerate(words) if i not in dropped))
        readings = [reading for key in keys for full in by_initials.get(key, []) if full != words
                    for reading in [(full, r) for r in _readings(words, full)]]
        pairs_per_reading = [{(f, w or "") for f, w in zip(full, r) if w != f} for full, r in readings]
        if not pairs_per_reading:
            continue
        # Only pairs on which every reading agrees (the part is read one way).
        for pair in set.intersection(*pairs_per_reading):
            evidence[pair].add(part)
    return evidence


def abbreviation_table(evidence: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    """The kept pairs (see the module docstring), sorted by word."""
    rows = []
    for (word, abbreviation), parts in evidence.items():
        strong = len(parts) >= MIN_SUPPORT
        cut = (len(abbreviation) >= max(MIN_CUT_LETTERS, len(word) / 2)) and word.startswith(abbreviation)
        if strong or cut:
            rows.append((word, abbreviation, len(parts), min(parts)))
    table = pd.DataFrame(rows, columns=["word", "abbreviation", "support", "example"])
    return table.sort_values(["word", "abbreviation"]).reset_index(drop=True)


def short_forms(abbreviations: pd.DataFrame) -> dict[str, str]:
    """Word -> its best-supported Web of Science abbreviation ("" for a word WoS leaves out)."""
    ranked = abbreviations.assign(support=abbreviations["support"].astype(int))
    best = ranked.sort_values("support", ascending=False, kind="stable").drop_duplicates("word")
    return dict(zip(best["word"], best["abbreviation"].fillna("")))


def wos_form(name: str, short: dict[str, str]) -> str:
    """A normalised name as Web of Science writes it; "" where that is the name itself or one word."""
    form = " ".join(w for w in (short.get(w, w) for w in name.split()) if w)
    return form if form != name and len(form.split()) > 1 else ""


def wos_forms(table: pd.DataFrame, abbreviations: pd.DataFrame) -> pd.DataFrame:
    """The Web of Science forms of the names of a ROR name table (see the module docstring)."""
    short = short_forms(abbreviations)
    forms: dict[str, set[str]] = defaultdict(set)
    for name, types in zip(table["name"], table["types"]):
        form = wos_form(name, short)
        if form:
            forms[form].add(types)
    known = set(table["name"])
    kept = sorted((form, types.pop()) for form, types in forms.items() if len(types) == 1 and form not in known)
    return pd.DataFrame(kept, columns=["name", "types"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.build_wos_abbreviations")
    parser.add_argument("wos", type=Path, nargs="?", default=DEFAULT_WOS_DIR, help="folder of Web of Science exports")
    args = parser.parse_args(argv)
    parts = [p for path in sorted(args.wos.glob("wos_*")) for p in wos_address_parts(path)]
    ror_table = pd.read_csv(HERE / "ror_names.csv.gz", dtype=str, keep_default_na=False)
    table = abbreviation_table(abbreviation_evidence(parts, ror_table["name"].tolist()))
    with atomic_write(OUTPUT, "w") as handle:
        table.to_csv(handle, index=False)
    forms = wos_forms(ror_table, table)
    write_csv_gz(forms, FORMS_OUTPUT)
    print(f"{OUTPUT.name}: {len(table)} abbreviations from {len(parts)} address parts; {FORMS_OUTPUT.name}: {len(forms)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
