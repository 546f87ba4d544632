"""Build ``wos_abbreviations.csv``, the word abbreviations of Web of Science addresses learnt from
real Web of Science exports aligned with ROR names, and ``ror_wos_forms.csv.gz``, the ROR names
written so.

``python -m helixnet.helices_data.build_wos_abbreviations [WOS_DIR] [--snapshot GIT_DIR ...]``

Web of Science prints addresses with standard word abbreviations ("Natl Oceanog Ctr" for
National Oceanography Centre). Clarivate publishes its list on a help page without a licence, so
the table is derived from data instead: every comma-separated part of the C1 and RP addresses
of the Web of Science files in ``WOS_DIR`` (default ``tests/data/real``, the exports of other
projects listed with their licences in its ``SOURCES.md``), and of the Web of Science exports
(plain text or tab-delimited, found by their first bytes) in snapshots of other projects'
repositories (``--snapshot``, git directories; the shipped table used the eleven listed in
:data:`SNAPSHOTS`, whose exports hold 670,000 address parts), but the last two (city, country) is
normalised and aligned word by word with the ROR names of ``ror_names.csv.gz`` that have the same
number of words and the same initials, where each address word equals the ROR word or is an
abbreviation of it (same first letter, its letters in order, shorter). Where every aligned ROR
name gives an abbreviated word the same full word, the part is evidence for that pair
("NATL OCEANOG CTR": NATIONAL -> NATL, OCEANOGRAPHY -> OCEANOG, CENTRE -> CTR). A pair is kept
when two or more distinct address parts support it, or one part supports it and the abbreviation
is a cut of the full word that keeps four or more letters and at least half of them
(OCEANOGRAPHIC -> OCEANOG; not UNIVERSITATSKLINIKUM -> UNIV, from "Univ Heidelberg" read as the
university hospital), and more parts show it than show the word written in full (AUSTRALIAN is
no AUSTRALIA, OCEANS no OCEAN, though a few addresses read so). Parts of one word
(acronyms, places) are not used: they align with too many names. Short ROR words (three letters or
fewer) may be left out by the address ("Max Delbruck Ctr Mol Med" for Max Delbrück Center for
Molecular Medicine); a word left out by two or more parts is kept with an empty abbreviation.

Columns: ``word`` (full, normalised), ``abbreviation``, ``support`` (distinct address parts),
``example`` (one of them).

``ror_wos_forms.csv.gz`` holds the Web of Science form of the names of ``ror_names.csv.gz``
("NATL OCEANOG CTR" for National Oceanography Centre: each word written as its best supported
abbreviation, the left-out words dropped, :func:`helixnet.helices_data._ror.wos_form`) with the types of every ROR name
that gives it, where that form has two or more words and some name gives it abbreviated. Same
columns as ``ror_names.csv.gz`` (types of several names joined by "|"); rebuild it when either
input changes. An address is looked up by its own form: Web of Science abbreviates some words in
one decade and not in another ("Bureau Land Management", "Bur Land Management"), and both sides
written alike meet. A form that names of two kinds give decides nothing (:func:`helixnet.helices_data._ror.ror_decision`).
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from ._ror import short_forms, wos_form
from .build_ror import write_csv_gz

HERE = Path(__file__).parent
OUTPUT = HERE / "wos_abbreviations.csv"
FORMS_OUTPUT = HERE / "ror_wos_forms.csv.gz"
DEFAULT_WOS_DIR = HERE.parents[1] / "tests" / "data" / "real"
MIN_SUPPORT = 2
MIN_CUT_LETTERS = 4
MAX_DROPPED_LETTERS = 3
_AUTHORS = re.compile(r"^\[[^\]]*\]\s*")


#: The repository snapshots whose Web of Science exports the shipped tables were learnt from:
#: none of them gave a row of the held-out evaluation set (tests/data/helix_evaluation).
SNAPSHOTS: tuple[str, ...] = (
    "jpruiz84/ScientoPy", "caimiao0714/TrafficSafetyReviewRmarkdown", "PRIMAFF-WAKAMATSU/PICESWG49_bibliometrix", "globe2060org/data-availability-review2025", "tonyhungry/Umbrella-Review",
    "glauberbalthazar83/PoultryBibliometric", "OVazquezVillegas/SDG-Repository",
    "milensys/Pluriversal---Ontology---Sustainability-_-Corpus-2005-2023",
    "GabrielNakamura/Decolonizing_expertise", "oliviergimenez/capture-recapture-review",
    "jyoshimi/scientometrics",
)
_WOS_START = re.compile(r"^\ufeff?(?:FN |PT J|PT\t)")


def snapshot_wos_exports(git_dir: Path) -> list[str]:
    """The texts of the Web of Science exports (.txt, .isi, .ciw, .tsv files that start like one and
    hold addresses) of a repository snapshot's HEAD."""
    from .build_lists import git_blobs, git_listing

    paths = [p for p in git_listing(git_dir) if re.search(r"\.(?:txt|isi|ciw|tsv)$", p, re.IGNORECASE)]
    texts = (blob.decode("utf-8", errors="replace") for blob in git_blobs(git_dir, paths))
    return [t for t in texts if _WOS_START.match(t[:20]) and ("\nC1 " in t or "\tC1\t" in t.split("\n", 1)[0])]


def wos_address_parts(text: str) -> list[str]:
    """Organisation parts (all comma-separated parts but city and country) of a WoS export's addresses."""
    from ..publications import split_wos_addresses

    text = text.removeprefix("\ufeff")
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
        readings = [reading for key in keys for full in by_initials.get(key, [])
                    for reading in [(full, r) for r in _readings(words, full)]]
        # A word written in full counts too, (word, word): against it an abbreviation must win.
        pairs_per_reading = [{(f, w or "") for f, w in zip(full, r)} for full, r in readings]
        if not pairs_per_reading:
            continue
        # Only pairs on which every reading agrees (the part is read one way).
        for pair in set.intersection(*pairs_per_reading):
            evidence[pair].add(part)
    return evidence


def abbreviation_table(evidence: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    """The kept pairs (see the module docstring), sorted by word."""
    written_in_full = {word: len(parts) for (word, abbreviation), parts in evidence.items() if word == abbreviation}
    rows = []
    for (word, abbreviation), parts in evidence.items():
        strong = len(parts) >= MIN_SUPPORT
        cut = (len(abbreviation) >= max(MIN_CUT_LETTERS, len(word) / 2)) and word.startswith(abbreviation)
        if word != abbreviation and (strong or cut) and len(parts) > written_in_full.get(word, 0):
            rows.append((word, abbreviation, len(parts), min(parts)))
    table = pd.DataFrame(rows, columns=["word", "abbreviation", "support", "example"])
    return table.sort_values(["word", "abbreviation"]).reset_index(drop=True)


def wos_forms(table: pd.DataFrame, abbreviations: pd.DataFrame) -> pd.DataFrame:
    """The Web of Science forms of the names of a ROR name table (see the module docstring)."""
    short = short_forms(abbreviations)
    forms: dict[str, set[str]] = defaultdict(set)
    abbreviated: set[str] = set()
    for name, types in zip(table["name"], table["types"]):
        form = wos_form(name, short)
        if " " in form:
            forms[form].update(types.split("|"))
            if form != name:
                abbreviated.add(form)
    kept = sorted((form, "|".join(sorted(forms[form]))) for form in abbreviated)
    return pd.DataFrame(kept, columns=["name", "types"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.build_wos_abbreviations")
    parser.add_argument("wos", type=Path, nargs="?", default=DEFAULT_WOS_DIR, help="folder of Web of Science exports (wos_*)")
    parser.add_argument("--snapshot", type=Path, action="append", default=[],
                        help="git directory of a repository snapshot whose Web of Science exports are read too (repeatable)")
    args = parser.parse_args(argv)
    texts = [path.read_text(encoding="utf-8-sig", errors="replace") for path in sorted(args.wos.glob("wos_*"))]
    texts += [text for git_dir in args.snapshot for text in snapshot_wos_exports(git_dir)]
    parts = [p for text in texts for p in wos_address_parts(text)]
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
