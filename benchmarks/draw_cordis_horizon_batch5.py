"""Draw the organisation names of the fifth held-out batch (cordis_horizon_batch5.csv).

Reads the Horizon Europe (2021-2027) CORDIS ``organization.xlsx``, as the 81 workbook parts that
mjarmak/funding-search-engine kept under ``src/test/resources/data/projects/split/`` (the whole
workbook at that commit is not in the snapshot), from a ``fetch`` mirror with
``git show <commit>:<path>``. Takes the distinct organisations (by ``organisationID``) of Austria,
Finland, Poland and Portugal, drops every name already in a labelled file or among the H2020 names
the rules were developed on, and draws per country and activityType with ``random_state=2029``.

The activityType is used for the stratification only: ``draw`` prints the batch **without** it
(``cordis_activity_type`` empty, ``helix`` and ``note`` empty for the hand labels), so that the
names can be labelled blind; ``fill`` writes the activityType into the labelled file afterwards,
by ``organisationID``. No classifier is run.

Needs ``openpyxl`` (``pip install openpyxl``; not a helixnet dependency, only this script reads
.xlsx).

Usage::

    python -m benchmarks.draw_cordis_horizon_batch5 draw [MIRROR_ROOT] > cordis_horizon_batch5.csv
    python -m benchmarks.draw_cordis_horizon_batch5 fill [MIRROR_ROOT]   # after labelling
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd

from ._common import ROOT, SHARED_DATA, labelled_files

BATCH = ROOT / "tests/data/helix_evaluation/cordis_horizon_batch5.csv"
LABELLED = labelled_files(BATCH)
STACKED_DUMP = SHARED_DATA / "raw" / "spaghetti_odfest2017" / "stacked_dump.csv"
REPO = "mjarmak/funding-search-engine"
# The last commit holding the split parts (the next one, 35f218e, deletes them).
COMMIT = "e9fbc240057db084c632c304cea982b0dc059349"
PARTS = [f"src/test/resources/data/projects/split/organization_{i}.xlsx" for i in range(1, 82)]
COUNTRIES = ("AT", "FI", "PL", "PT")
# The evaluation set's 9 HES, 9 REC, 14 PRC, 9 PUB, 9 OTH per country (50), scaled by 5/4 to
# 250 in all: 45, 45, 70, 45, 45; the unit that does not divide by four goes to one country each.
PER_STRATUM = {
    "AT": {"HES": 12, "REC": 11, "PRC": 17, "PUB": 11, "OTH": 11},
    "FI": {"HES": 11, "REC": 12, "PRC": 17, "PUB": 11, "OTH": 11},
    "PL": {"HES": 11, "REC": 11, "PRC": 18, "PUB": 12, "OTH": 11},
    "PT": {"HES": 11, "REC": 11, "PRC": 18, "PUB": 11, "OTH": 12},
}
SEED = 2029
COLUMNS = ["text", "helix", "source", "source_detail", "note", "cordis_activity_type"]


def repair_mac_roman(name: str) -> str:
    """Undo UTF-8 read as Mac Roman (how stacked_dump.csv's accented names arrive); else unchanged."""
    try:
        return name.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def organisations(mirror_root: Path) -> pd.DataFrame:
    """Distinct organisations (first row per organisationID) of the four countries."""
    git_dir = next((mirror_root / REPO.replace("/", "+")).glob("repo*"))
    frames = []
    for path in PARTS:
        blob = subprocess.run(["git", "-C", str(git_dir), "show", f"{COMMIT}:{path}"], capture_output=True, check=True).stdout
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Workbook contains no default style"
            part = pd.read_excel(io.BytesIO(blob), dtype=str).fillna("")
        part["path"] = path
        frames.append(part[["organisationID", "name", "country", "activityType", "path"]])
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["country"].isin(COUNTRIES) & (rows["organisationID"] != "") & (rows["name"].str.strip() != "")]
    return rows.drop_duplicates("organisationID", keep="first").sort_values("organisationID").reset_index(drop=True)


def excluded_names() -> set[str]:
    """Texts of every labelled file and the H2020 names of the rules' development, casefolded."""
    names: set[str] = set()
    for path in LABELLED:
        names |= {t.strip().casefold() for t in pd.read_csv(path, dtype=str, keep_default_na=False)["text"]}
    dump = pd.read_csv(STACKED_DUMP, dtype=str, keep_default_na=False, usecols=["name"])["name"]
    names |= {n.strip().casefold() for n in dump}
    names |= {repair_mac_roman(n).strip().casefold() for n in dump}
    return names


def draw(mirror_root: Path) -> pd.DataFrame:
    orgs = organisations(mirror_root)
    key = orgs["name"].str.strip().str.casefold()
    seen = key.isin(excluded_names())
    fresh = orgs[~seen]
    # Different organisationIDs with one name: keep the first, so that texts stay unique.
    fresh = fresh[~fresh["name"].str.strip().str.casefold().duplicated(keep="first")]
    print(f"{len(orgs)} distinct organisations of {', '.join(COUNTRIES)}; {int(seen.sum())} dropped as already "
          f"labelled or among the H2020 names; {len(orgs) - int(seen.sum()) - len(fresh)} more as repeated names; "
          f"{len(fresh)} left", file=sys.stderr)
    print(pd.crosstab(fresh["country"], fresh["activityType"]).to_string(), file=sys.stderr)
    picks = []
    for country, wanted in PER_STRATUM.items():
        for activity, n in wanted.items():
            pool = fresh[(fresh["country"] == country) & (fresh["activityType"] == activity)]
            if len(pool) < n:
                print(f"{country} {activity}: only {len(pool)} of {n}", file=sys.stderr)
            picks.append(pool.sample(min(n, len(pool)), random_state=SEED))
    batch = pd.concat(picks).sample(frac=1, random_state=SEED).reset_index(drop=True)
    return pd.DataFrame({
        "text": batch["name"].str.strip(),
        "helix": "",
        "source": "cordis",
        "source_detail": batch["country"] + " " + batch["organisationID"] + " " + REPO + "@" + COMMIT + ":" + batch["path"],
        "note": "",
        "cordis_activity_type": "",  # filled by `fill`, after labelling
    })[COLUMNS]


def fill(mirror_root: Path) -> None:
    """Write the activityType into the labelled batch by organisationID (run after labelling)."""
    batch = pd.read_csv(BATCH, dtype=str, keep_default_na=False)
    if (batch["helix"] == "").any():
        raise SystemExit("label every row before filling in the activityType")
    orgs = organisations(mirror_root).set_index("organisationID")
    ids = batch["source_detail"].str.split(" ").str[1]
    batch["cordis_activity_type"] = ids.map(orgs["activityType"])
    batch.to_csv(BATCH, index=False, lineterminator="\n")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "draw"
    mirror = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/work/.mirror")
    if command == "draw":
        draw(mirror).to_csv(sys.stdout, index=False, lineterminator="\n")
    elif command == "fill":
        fill(mirror)
    else:
        raise SystemExit(f"unknown command {command!r}: use draw or fill")
