"""Reading the CORDIS H2020 organisation names that the firm list and the name model are built from.

Not used at run time: only by ``build_lists`` and ``train`` (which need the project's shared data).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .._countries import iso_country

#: Countries kept out of every list and model built here: their CORDIS names are in the
#: hand-labelled evaluation set (tests/data/helix_evaluation/README.md). ISO 3166-1 codes, which
#: CORDIS writes the same way (of its codes only UK and EL differ from ISO).
HELD_OUT_COUNTRIES: tuple[str, ...] = ("AT", "PT", "PL", "FI")


def stacked_dump_path() -> Path:
    """The ODFest 2017 H2020 node table (orgId, name, activityType, country).

    ``$HELIXNET_SHARED_DATA`` overrides where the shared data folder is.
    """
    here = Path(__file__).resolve()
    candidates = [Path(os.environ["HELIXNET_SHARED_DATA"])] if "HELIXNET_SHARED_DATA" in os.environ else []
    candidates += [parent / "shared" / "data" / "cordis_h2020_nl" for parent in here.parents]
    for folder in candidates:
        path = folder / "raw" / "spaghetti_odfest2017" / "stacked_dump.csv"
        if path.exists():
            return path
    raise FileNotFoundError("CORDIS stacked_dump.csv not found; set HELIXNET_SHARED_DATA to the cordis_h2020_nl folder.")


def repair_mac_roman(text: str) -> str:
    """Undo UTF-8 text that was decoded as Mac Roman, where the round trip works."""
    if not isinstance(text, str) or text.isascii():
        return text
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def cordis_organisations(*, held_out: tuple[str, ...] = HELD_OUT_COUNTRIES) -> pd.DataFrame:
    """Named CORDIS organisations (columns name, activityType, country), held-out countries removed.

    ``country`` is the ISO 3166-1 code (CORDIS's UK and EL as GB and GR, :func:`helixnet._countries.iso_country`),
    as ROR and every reader of helixnet write it, so that one country is one value wherever CORDIS
    and ROR names meet (the grouped cross-validation of ``train``). ``held_out`` is compared the same way.
    """
    raw = pd.read_csv(stacked_dump_path(), dtype=str, keep_default_na=False, na_values=[""],
                      usecols=["orgId", "name", "shortName", "activityType", "country"])
    raw = raw[raw["name"].notna() & raw["activityType"].notna()]
    raw["country"] = raw["country"].map(iso_country, na_action="ignore")
    raw = raw[~raw["country"].isin({iso_country(code) for code in held_out})].drop_duplicates("orgId")
    raw["name"] = raw["name"].map(repair_mac_roman)
    raw["shortName"] = raw["shortName"].map(repair_mac_roman)
    return raw.sort_values("orgId", kind="stable").reset_index(drop=True)
