"""Build the word lists of helices_data from data: firm brands and short names (CORDIS) and university acronyms (ROR).

``python -m helixnet.helices_data.build_lists [--ror GIT_DIR]``

Firm brands (``firm_brands.csv``): the distinctive leading words of the names of CORDIS private
for-profit organisations (activityType PRC; held-out countries excluded). A word is a brand when

- it leads the names of at least ``MIN_ORGANISATIONS`` PRC organisations in at least
  ``MIN_COUNTRIES`` countries (after an optional given name: "Robert Bosch GmbH");
- it leads at least 90 % of the names it occurs in (generic words such as POWER, AIR, MICRO
  occur inside names too);
- at most one organisation with it is not PRC, and at least 85 % are PRC;
- no name rule matches it alone, it has at least three characters and it is not a common
  English word (lower-case entries of /usr/share/dict/words, Debian's ``wamerican``: ALPHA,
  ORANGE, FORD are dropped; proper nouns such as Siemens are kept);
- no ROR record other than a company bears it as an acronym (:func:`non_firm_acronyms`; with
  ``--ror``): "ARS" names the Agricultural Research Service in addresses, "UCB" two
  universities. Without ``--ror`` the brand lists are left as they are.

Firm brands from ROR (``firm_brands_ror.csv``, with ``--ror``): CORDIS holds few of the large
non-European firms whose laboratories publish (Microsoft, Google). The leading word of the
display names of ROR records of type company (after ROR's appended country, "Microsoft
(United States)", is cut) is a brand when at least ``MIN_ORGANISATIONS`` company records lead with
it, at least 90 % of the ROR records whose names contain it are companies (a word of
universities' or institutes' names is no brand), no name rule matches it alone, it is not a
common English word unless twice as many companies lead with it (GOOGLE), no ROR record other
than a company bears it as an acronym (UTC: United Technologies, and the Université de Technologie de
Compiègne) and at most one CORDIS university or research organisation
(HES, REC) has it in its name.

CORDIS short names (``cordis_short_names.csv``): the ``shortName`` of CORDIS organisations
(held-out countries excluded) that is one acronym-like word ("LSE", "TRAGSA"), where every
organisation bearing it is HES or REC (knowledge) or every one is PRC (industry), with three or
more letters for knowledge and five or more for industry, not a common English word, not a ROR
name or acronym (the ROR lookup decides those, or knows them to be ambiguous) and decided by no
name rule. Where ROR knows a short name too, CORDIS and ROR agree on 84 to 91 % of the knowledge
short names of three to five letters, and on 93 % or more of the industry ones of five letters
or more, but on 38 to 57 % of industry short names of three or four letters and 44 to 75 % of
government ones: those are left out.

University acronyms (``university_acronyms.csv``): acronyms of ROR records of type education (from
a snapshot of the ror-community/ror-records repository, MIT licence, given with ``--ror``), and
the all-capital leading word of their display names ("TU Wien", "KU Leuven", "ETH Zurich"), kept
when at least one bearer is of type education and at least 80 % of the ROR organisations that
bear them are universities or their institutes (``_bearer_vote``: education records, and
facilities named with the acronym, "ETH Phenomics Center"; not "ETH Zürich Foundation"), they have three or more
letters (two-letter leading words when at least three universities share them: TU, KU), they are
not common English words, nor Web of Science abbreviations of words unless three universities bear
them (HIST is History in "Nat Hist Museum"; KU stays), no name rule matches them, they are no firm
brand (nor a CORDIS brand left out for a ROR acronym: AECOM), and no CORDIS organisation
that is not HES or REC has them as a word where the rules leave it undecided (the acronyms
themselves aside) or call it government or civil ("Città metropolitana": CITTA is no acronym there). Without ``--ror`` the acronym list is left as it is.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from ._ror import wos_short_forms
from ._cordis import HELD_OUT_COUNTRIES, cordis_organisations

HERE = Path(__file__).parent
MIN_ORGANISATIONS = 2
MIN_COUNTRIES = 2
KNOWLEDGE_SHARE = 0.8  # of the ROR organisations bearing an acronym (ETH Zurich Foundation, MIT Sea Grant are not)
KNOWLEDGE_TYPES = {"education", "facility", "healthcare", "archive"}  # and funder besides one of these
BRAND_COMPANY_SHARE = 0.9  # of the ROR records whose names contain a brand word
_ROR_COUNTRY = re.compile(r"\s*\([^()]*\)\s*$")


def common_english_words(path: Path = Path("/usr/share/dict/words")) -> set[str]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; install Debian's wamerican (apt-get install wamerican).")
    return {w.strip().upper() for w in path.read_text(encoding="utf-8", errors="ignore").split() if w.strip().islower()}


def _rule_free(words: list[str], strict: bool = False) -> list[bool]:
    """Which words no name rule decides alone (``strict``: no rule, brand, ROR name or acronym at all)."""
    from ..helices import classify_names

    result = classify_names(words, method="rules")  # the model is not a rule
    if strict:  # the shipped short-name list itself aside
        return result["rule"].isin(["none", "cordis:short-name"]).tolist()
    return (result["rule"].eq("none") | result["rule"].str.startswith("name:firm-brand") | result["rule"].str.startswith("ror:") |
            result["rule"].eq("name:university-acronym")).tolist()


def firm_brands(organisations: pd.DataFrame, english: set[str]) -> pd.DataFrame:
    from ..helices import BRAND_LEAD_WORDS, normalise_name_for_rules

    tokens = normalise_name_for_rules(organisations["name"]).str.split()
    rows = []
    for i, (words, activity, country) in enumerate(zip(tokens, organisations["activityType"], organisations["country"])):
        lead = 1 if len(words) > 1 and words[0] in BRAND_LEAD_WORDS else 0
        for j, word in enumerate(dict.fromkeys(words)):
            rows.append((word, j == lead, activity, country, i))
    table = pd.DataFrame(rows, columns=["word", "leads", "activity", "country", "organisation"])
    per_word = table.groupby("word").agg(
        organisations=("organisation", "nunique"),
        prc=("activity", lambda a: int((a == "PRC").sum())),
        leading=("leads", "sum"),
    )
    leading_prc = table[table["leads"] & table["activity"].eq("PRC")].groupby("word").agg(
        prc_leading=("organisation", "nunique"), countries=("country", "nunique"))
    per_word = per_word.join(leading_prc, how="inner")
    keep = (
        (per_word["prc_leading"] >= MIN_ORGANISATIONS)
        & (per_word["countries"] >= MIN_COUNTRIES)
        & (per_word["leading"] >= 0.9 * per_word["organisations"])
        & (per_word["organisations"] - per_word["prc"] <= 1)
        & (per_word["prc"] >= 0.85 * per_word["organisations"])
        & (per_word.index.str.len() >= 3)
        & ~per_word.index.str.fullmatch(r"\d+")
        & ~per_word.index.isin(english)
    )
    brands = per_word[keep]
    brands = brands[_rule_free(list(brands.index))]
    out = brands.reset_index()[["word", "prc_leading", "countries"]]
    out.columns = ["brand", "organisations", "countries"]
    return out.sort_values(["organisations", "brand"], ascending=[False, True], kind="stable").reset_index(drop=True)


def git_listing(git_dir: Path, under: str = "") -> list[str]:
    """The paths of the files of a snapshot's HEAD (git directory, no work tree), under a folder if given."""
    # -z: paths as they are (spaces, non-ASCII letters), one per NUL
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "HEAD", "--name-only", *([under] if under else [])],
                             check=True, capture_output=True, text=True).stdout
    return [p for p in listing.split("\0") if p]


def git_blobs(git_dir: Path, paths: list[str]):
    """The contents (bytes) of files of a snapshot's HEAD, in the order of ``paths``, read in one git
    process; files the snapshot lacks (a snapshot may leave out its largest files) are left out."""
    batch = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                           input="".join(f"HEAD:{p}\n" for p in paths).encode(), check=True, capture_output=True).stdout
    position = 0
    while position < len(batch):
        header_end = batch.index(b"\n", position)
        if batch[position:header_end].endswith(b" missing"):
            position = header_end + 1
            continue
        size = int(batch[position:header_end].split()[2])
        yield batch[header_end + 1: header_end + 1 + size]
        position = header_end + 2 + size


def ror_json_records(git_dir: Path):
    """The newest version of every ROR record of a ror-records snapshot that is not withdrawn, as parsed JSON.

    Inactive records (organisations that closed or merged: GNS Science, IMARES) are kept: older
    addresses still name them; their acronyms are dropped, since an acronym outlives its
    organisation (a dozen Greek TEIs, merged in 2019, bear "TEI"). Withdrawn records (duplicates,
    records made in error) are not kept.
    """
    listing = git_listing(git_dir)

    def version_key(path: str) -> tuple[tuple[int, ...], bool]:
        # Releases from v1.45 carry a v1-schema copy of each record in v1/; the v2 record (with funder) wins.
        return tuple(int(x) for x in re.findall(r"\d+", path.split("/")[0])), "/v1/" not in path

    newest: dict[str, str] = {}
    for path in sorted((p for p in listing if p.endswith(".json") and p.count("/") >= 1), key=version_key):
        newest[path.rsplit("/", 1)[1]] = path
    for body in git_blobs(git_dir, list(newest.values())):
        try:
            record = json.loads(body)
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("status", "active") == "withdrawn":
            continue
        if record.get("status") == "inactive" and "names" in record:  # v2 schema
            record["names"] = [n for n in record["names"] if "acronym" not in n.get("types", [])]
        elif record.get("status") == "inactive":
            record["acronyms"] = []
        yield record


def ror_records(git_dir: Path):
    """(types, acronyms, display names) of the ROR records of a ror-records snapshot (v1 and v2 schemas; see :func:`ror_json_records`)."""
    for record in ror_json_records(git_dir):
        types = [t.lower() for t in record.get("types", [])]
        if "names" in record:
            acronyms = [n["value"] for n in record["names"] if "acronym" in n.get("types", [])]
            display = [n["value"] for n in record["names"] if "ror_display" in n.get("types", []) or "label" in n.get("types", [])]
        else:
            acronyms = list(record.get("acronyms", []))
            display = [record.get("name", "")] + [x.get("label", "") for x in record.get("labels", [])]
        yield types, acronyms, display


def _bearer_vote(types: list[str], word: str, display_words: set[str]) -> bool:
    """Does a ROR record bearing ``word`` say it is a university's?

    Education records say yes (besides funder, facility, healthcare, archive: ETH Zurich is
    education and funder); facilities, hospitals and archives named with the word say yes ("ETH
    Phenomics Center", "MIT Media Lab": the university's institutes); every other bearer says no
    ("ETH Zürich Foundation", "UBS Optimus Foundation", a firm).
    """
    return bool(types) and set(types) <= KNOWLEDGE_TYPES | {"funder"} and ("education" in types or word in display_words)


def university_acronyms(records: list, english: set[str], brands: set[str], cordis: pd.DataFrame) -> pd.DataFrame:
    from ..helices import normalise_name_for_rules

    bearers: dict[str, list[bool]] = defaultdict(list)
    educational: set[str] = set()
    leading_word: dict[str, bool] = {}
    for types, acronyms, display in records:
        words = set()
        for a in acronyms:
            norm = normalise_name_for_rules(pd.Series([a])).iat[0]
            if norm and " " not in norm:
                words.add(norm)
        for name in display:
            first = name.split(" ")[0] if name else ""
            if 2 <= len(first) <= 4 and first.isalpha() and first.isupper() and len(name.split()) > 1:
                words.add(first)
                leading_word.setdefault(first, True)
        display_words = {w for name in display for w in re.split(r"[^A-Z0-9]+", name.upper()) if w}
        for w in words:
            bearers[w].append(_bearer_vote(types, w, display_words))
            if "education" in types:
                educational.add(w)
    # words of CORDIS names that are not universities or research organisations, where no rule
    # but an acronym of the shipped list decides them (else that list would vouch for itself:
    # Estonian "amet", Italian "legale") or where they are public or civil bodies: their names
    # are common words ("Città metropolitana", "Associazione dei comuni"). Firms' names are not
    # counted: the German "mit" of "Gesellschaft mit beschränkter Haftung" is no clash.
    from ..helices import classify_names

    others = cordis.loc[~cordis["activityType"].isin(["HES", "REC"]), "name"].reset_index(drop=True)
    abbreviations = set(wos_short_forms().values())
    decided = classify_names(others, method="rules")
    clashing = decided["rule"].isin(["none", "name:university-acronym"]) | decided["helix"].isin(["government", "civil"])
    cordis_words = {w for name in normalise_name_for_rules(others[clashing.to_numpy()]) for w in name.split()}
    rows = []
    for word, flags in bearers.items():
        if sum(flags) < KNOWLEDGE_SHARE * len(flags) or word not in educational:
            continue
        if len(word) < 3 and not (leading_word.get(word) and len(flags) >= 3 and len(word) == 2):
            continue
        if word in english or word in brands or word in cordis_words or word.isdigit():
            continue
        if word in abbreviations and len(flags) < 3:  # "Nat Hist Museum": Web of Science's History, not an acronym
            continue
        rows.append((word, len(flags)))
    table = pd.DataFrame(rows, columns=["acronym", "universities"])
    table = table[_rule_free(table["acronym"].tolist())]
    return table.sort_values(["universities", "acronym"], ascending=[False, True], kind="stable").reset_index(drop=True)


def non_firm_acronyms(records: list) -> frozenset[str]:
    """The acronyms (normalised) that ROR records other than companies bear: no firm's brand
    (ARS: the Agricultural Research Service; UCB: two universities; IMA: institutes)."""
    from ..helices import normalise_name_for_rules

    return frozenset(normalise_name_for_rules(pd.Series(
        [a for types, acronyms, _ in records if "company" not in types for a in acronyms], dtype=object)))


def ror_firm_brands(records: list, english: set[str], cordis: pd.DataFrame) -> pd.DataFrame:
    """Brands from the display names of ROR company records (see the module docstring)."""
    from ..helices import BRAND_LEAD_WORDS, normalise_name_for_rules

    other_acronyms = non_firm_acronyms(records)
    owners, companies, raw = [], [], []
    for i, (types, _, display) in enumerate(records):
        for d in display:
            if d:
                owners.append(i)
                companies.append("company" in types)
                raw.append(_ROR_COUNTRY.sub("", d))
    names = normalise_name_for_rules(pd.Series(raw, dtype=object)).tolist()
    leading: dict[str, int] = defaultdict(int)
    containing: dict[str, dict[int, bool]] = defaultdict(dict)
    led: set[int] = set()
    for owner, company, name in zip(owners, companies, names):
        words = name.split()
        for w in words:
            containing[w][owner] = company
        if company and owner not in led and words:  # the first display name of a company
            led.add(owner)
            lead = 1 if len(words) > 1 and words[0] in BRAND_LEAD_WORDS else 0
            if len(words) > lead:
                leading[words[lead]] += 1
    knowledge_names = cordis.loc[cordis["activityType"].isin(["HES", "REC"]), "name"]
    knowledge_words = pd.Series([w for name in normalise_name_for_rules(knowledge_names) for w in set(name.split())]).value_counts()
    rows = []
    for word, n in leading.items():
        flags = list(containing[word].values())
        if n < MIN_ORGANISATIONS or sum(flags) < BRAND_COMPANY_SHARE * len(flags):
            continue
        # an English word only when twice as many companies lead with it (GOOGLE, not ABLE or TOTAL)
        if word in english and n < 2 * MIN_ORGANISATIONS:
            continue
        if len(word) < 3 or word.isdigit() or word in other_acronyms or knowledge_words.get(word, 0) > 1:
            continue
        rows.append((word, n, len(flags)))
    table = pd.DataFrame(rows, columns=["brand", "companies", "records"])
    table = table[_rule_free(table["brand"].tolist())]
    return table.sort_values(["companies", "brand"], ascending=[False, True], kind="stable").reset_index(drop=True)


def ror_company_sites(english: set[str]) -> pd.DataFrame:
    """ROR company names that lead a corporate research site ("Ericsson Res", "Bosch Research").

    The names of ``ror_names.csv.gz`` that the ROR lookup alone decides as industry, at least three
    letters long, with a word that is not a common English word (ROR has companies named "Able" or
    "Research Applications"; a one-word name is a common word there only where it names a
    multinational, "Shell") and no university or research word of their own.
    """
    from ._ror import ROR_RESEARCH, ROR_UNIVERSITY, ror_decisions, ror_names

    names = pd.Series(sorted(ror_names()), dtype=object)
    helix, _ = ror_decisions(names, abbreviations=False)
    # One common word is in ror_names only as a multinational's name ("Shell": build_ror).
    rows = [name for name, h in zip(names, helix)
            if h == "industry" and len(name.replace(" ", "")) >= 3 and (" " not in name or not set(name.split()) <= english)
            and ROR_UNIVERSITY.search(name) is None and ROR_RESEARCH.search(name) is None]
    return pd.DataFrame({"company": rows})


#: CORDIS activity types of the short names kept, and the least number of letters per helix.
SHORT_NAME_HELIX = {"HES": "knowledge", "REC": "knowledge", "PRC": "industry"}
SHORT_NAME_MIN_LETTERS = {"knowledge": 3, "industry": 5}


def cordis_short_names(organisations: pd.DataFrame, english: set[str]) -> pd.DataFrame:
    """Acronym-like CORDIS short names of one helix ("LSE", "TRAGSA"), see the module docstring."""
    from ..helices import normalise_name_for_rules
    from ._ror import ror_names

    frame = organisations[organisations["shortName"].notna()]
    frame = pd.DataFrame({"short_name": normalise_name_for_rules(frame["shortName"]).to_numpy(),
                          "helix": frame["activityType"].map(SHORT_NAME_HELIX).to_numpy()})
    frame = frame[frame["short_name"].str.fullmatch(r"[A-Z0-9]+") & frame["short_name"].str.contains(r"[A-Z]")]
    per_name = frame.groupby("short_name").agg(helices=("helix", lambda h: h.nunique(dropna=False)), helix=("helix", "first"),
                                               organisations=("helix", "size"))
    letters = per_name.index.str.count(r"[A-Z]")
    keep = (per_name["helices"].eq(1) & per_name["helix"].notna()
            & (letters >= per_name["helix"].map(SHORT_NAME_MIN_LETTERS).fillna(99))
            & ~per_name.index.isin(english) & ~per_name.index.isin(list(ror_names())))
    table = per_name[keep].reset_index()[["short_name", "helix", "organisations"]]
    return table[_rule_free(table["short_name"].tolist(), strict=True)].reset_index(drop=True)


def write_list(path: Path, text: str) -> None:
    """Write one list file whole or not at all (an interrupted build leaves the old list)."""
    with atomic_write(path, "w") as handle:
        handle.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helixnet.helices_data.build_lists")
    parser.add_argument("--ror", type=Path, help="git directory of a ror-community/ror-records snapshot")
    args = parser.parse_args(argv)
    english = common_english_words()
    cordis = cordis_organisations()
    records = list(ror_records(args.ror)) if args.ror is not None else None
    candidates = firm_brands(cordis, english)
    brands = candidates
    if records is not None:
        brands = candidates[~candidates["brand"].isin(non_firm_acronyms(records))].reset_index(drop=True)
        header = (f"# Built by python -m helixnet.helices_data.build_lists from CORDIS H2020 organisation names "
                  f"(activityType PRC; countries {', '.join(HELD_OUT_COUNTRIES)} held out; Source: CORDIS, (c) European Union), "
                  "acronyms of ROR records other than companies left out (ROR data CC0).\n")
        write_list(HERE / "firm_brands.csv", header + brands.to_csv(index=False))
        print(f"firm_brands.csv: {len(brands)} brands")
    short_names = cordis_short_names(cordis, english)
    header = (f"# Built by python -m helixnet.helices_data.build_lists from CORDIS H2020 organisation short names "
              f"(countries {', '.join(HELD_OUT_COUNTRIES)} held out). Source: CORDIS, (c) European Union.\n")
    write_list(HERE / "cordis_short_names.csv", header + short_names.to_csv(index=False))
    print(f"cordis_short_names.csv: {len(short_names)} short names")
    sites = ror_company_sites(english)
    header = ("# Built by python -m helixnet.helices_data.build_lists from ror_names.csv.gz (ROR data CC0): company names "
              "that lead corporate research sites, common English words and research words left out.\n")
    text = header + sites.to_csv(index=False)
    with atomic_write(HERE / "ror_company_sites.csv.gz", "wb", encoding=None) as handle:
        handle.write(gzip.compress(text.encode("ascii"), mtime=0))  # mtime=0: the same list gives the same bytes
    print(f"ror_company_sites.csv.gz: {len(sites)} company names")
    if records is not None:
        # a word that is a brand and a university's acronym (AECOM) is neither
        acronyms = university_acronyms(records, english, set(candidates["brand"]), cordis)
        header = ("# Built by python -m helixnet.helices_data.build_lists from ROR records (ror-community/ror-records, "
                  "MIT licence; ROR data CC0) of type education.\n")
        write_list(HERE / "university_acronyms.csv", header + acronyms.to_csv(index=False))
        print(f"university_acronyms.csv: {len(acronyms)} acronyms")
        ror_brands = ror_firm_brands(records, english, cordis)
        ror_brands = ror_brands[~ror_brands["brand"].isin(brands["brand"])]
        header = ("# Built by python -m helixnet.helices_data.build_lists from ROR records (ror-community/ror-records, "
                  "MIT licence; ROR data CC0) of type company; brands already in firm_brands.csv left out.\n")
        write_list(HERE / "firm_brands_ror.csv", header + ror_brands.to_csv(index=False))
        print(f"firm_brands_ror.csv: {len(ror_brands)} brands")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
