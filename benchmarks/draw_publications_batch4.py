"""Draw the organisation strings of the fourth held-out batch (publications_batch4.csv).

Reads Web of Science and Scopus exports of eight repositories of other projects from their git
snapshots (``fetch`` mirrors, ``git show <commit>:<path>``), takes the organisation string of each
address, drops strings already in a labelled file and strings with a university word, and draws
with ``random.Random(1201)``. Prints the candidates in draw order (more than needed: draws that are
no organisation are replaced by the next one while labelling) as CSV on stdout. No classifier is run.

Usage: ``python -m benchmarks.draw_publications_batch4 MIRROR_ROOT > candidates.csv``
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from helixnet.helices_data.build_wos_abbreviations import SNAPSHOTS
from helixnet.publications import parse_address
from ._common import ROOT, labelled_files

BATCH = ROOT / "tests/data/helix_evaluation/publications_batch4.csv"
# Every labelled file but this batch's own (its repositories and texts are the ones drawn here).
LABELLED = labelled_files(BATCH)
# (repository, commit, path, format)
EXPORTS: tuple[tuple[str, str, str, str], ...] = (
    ("arthur-82/biblioanalysis_bioinfo_hgm_2024", "29b5aa3ed69d342ea009bba81ebf3e4901418350", "savedrecs.txt", "wos"),
    ("wo1dnr5/wos-bibliometrics", "112133917391ebfb24cca131e02f778a86fa6bde", "savedrecs.txt", "wos"),
    ("wo1dnr5/wos-bibliometrics", "112133917391ebfb24cca131e02f778a86fa6bde", "savedrecs-2.txt", "wos"),
    ("wo1dnr5/wos-bibliometrics", "112133917391ebfb24cca131e02f778a86fa6bde", "savedrecs-3.txt", "wos"),
    ("SisonkeBiotik-Africa/Systematic-Review-Automation", "e69b5cdc893bcfae9b976a8447be7277d1bc6b6c", "savedrecs.txt", "wos"),
    ("JahmereJ/black-male-retention", "a82149b6d00a7bc9587f9d79bc92ebd5ab92b6b5", "savedrecs.txt", "wos"),
    ("Baig191192/Data", "8eef81d089a20b49f5abc0df3543222864d8ffa0", "savedrecs.ciw", "wos"),
    ("seinecle/Overlyde", "3064437271d3fb3d65b643ee23dcd82e4eae5176", "savedrecs.txt", "wos"),
    ("jinyi-kuang/SNA", "0dd548d78f0f080fe22d649419ca84874b8d5c11", "scopus.csv", "scopus"),
    ("massimoronchini/protocol_review", "4b5119334327adb2c99995a042f708e6014f331a", "scopus.csv", "scopus"),
)
EXTRA_USED = {"antonio1970/Bibliometric-Analysis-of-ELRR", "rian39/imaginaries", "eholdridge2/PitcherPlantViruses"}
UNIVERSITY_WORDS = re.compile(
    r"univ|university|universidad|universidade|universita|universitat|universite|\bcoll\b|college|"
    r"\bsch\b|school|\bfac\b|faculty|polytech|politecn|hochschule|inst tech",
    re.IGNORECASE,
)
REPO = re.compile(r"\b([A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9._-]*)")


def used_repositories() -> set[str]:
    """Every repository that some part of helixnet took data from."""
    used = set(SNAPSHOTS) | EXTRA_USED
    used |= set(REPO.findall((ROOT / "tests/data/real/SOURCES.md").read_text()))
    for path in LABELLED:
        for detail in pd.read_csv(path, dtype=str, keep_default_na=False)["source_detail"]:
            used |= set(re.findall(r"([^@\s:]+/[^@\s:]+)@", detail))
    manifest = Path("/tmp/readers_corpus/MANIFEST.jsonl")
    if manifest.exists():
        used |= {json.loads(line)["repo"] for line in manifest.read_text().splitlines() if line.strip()}
    return used


def wos_addresses(text: str) -> list[str]:
    """C1 and RP addresses of a plain-text Web of Science export, authors stripped."""
    out: list[str] = []
    field = ""
    for line in text.splitlines():
        if line[:2].strip() and line[2:3] == " ":
            field = line[:2]
            value = line[3:]
        elif line.startswith("   ") and field in ("C1", "RP"):
            value = line[3:]
        else:
            field = ""
            continue
        if field == "C1":
            out.append(re.sub(r"^\[[^\]]*\]\s*", "", value.strip()))
        elif field == "RP":
            for part in re.split(r";\s*(?=[^;]*\((?:reprint|corresponding) author\))", value):
                m = re.search(r"\((?:reprint|corresponding) author\),\s*(.*)", part)
                if m:
                    out.append(m.group(1).strip())
    return out


def organisation_strings(mirror_root: Path) -> pd.DataFrame:
    rows = []
    for repo, commit, path, fmt in EXPORTS:
        git_dir = next((mirror_root / repo.replace("/", "+")).glob("repo*"))
        blob = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{path}"], capture_output=True, check=True).stdout
        text = blob.decode("utf-8-sig", errors="replace")
        detail = f"{repo}@{commit}:{path}"
        if fmt == "wos":
            for address in wos_addresses(text):
                org, _, rest = address.partition(",")
                rows.append((org.strip(), "wos", detail, rest.strip().rstrip(".")))
        else:
            for affiliations in pd.read_csv(io.StringIO(text), dtype=str)["Affiliations"].dropna():
                for address in affiliations.split(";"):
                    address = address.strip()
                    org = parse_address(address, style="scopus").organisation
                    if org:
                        rows.append((org, "scopus", detail, address))
    frame = pd.DataFrame(rows, columns=["text", "source", "source_detail", "context"])
    return frame[frame.text != ""].drop_duplicates("text", keep="first").reset_index(drop=True)


def main(mirror_root: Path) -> None:
    used = used_repositories()
    assert not used & {repo for repo, *_ in EXPORTS}, used & {repo for repo, *_ in EXPORTS}
    strings = organisation_strings(mirror_root)
    labelled = set()
    for path in LABELLED:
        labelled |= {t.casefold() for t in pd.read_csv(path, dtype=str, keep_default_na=False)["text"]}
    fresh = strings[~strings.text.str.casefold().isin(labelled)]
    pool = fresh[~fresh.text.str.contains(UNIVERSITY_WORDS)].reset_index(drop=True)
    print(f"{len(strings)} distinct strings, {len(strings) - len(fresh)} already labelled, "
          f"{len(pool)} without university words", file=sys.stderr)
    order = random.Random(1201).sample(range(len(pool)), len(pool))
    writer = csv.writer(sys.stdout)
    writer.writerow(["draw", "text", "source", "source_detail", "context"])
    for draw, i in enumerate(order):
        row = pool.iloc[i]
        writer.writerow([draw, row.text, row.source, row.source_detail, row.context])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/.mirror"))
