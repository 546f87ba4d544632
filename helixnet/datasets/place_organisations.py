"""Store the regions of the bundled Dutch organisations, so that loading them places nothing.

Run from the repository root after a change to :mod:`helixnet.regions` or its tables::

    python -m helixnet.datasets.place_organisations

It writes ``data/nl_organisation_regions.csv.gz``: :func:`helixnet.assign_regions` (NUTS 2021)
of the organisations in ``data/nl_organisations.csv.gz``, one row per organisation.
:func:`helixnet.datasets.load_cordis_nl` joins that file; ``tests/test_regions.py`` checks that
it still equals a fresh placement.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from .._files import atomic_write
from ..regions import assign_regions

#: The stored file, next to the organisations it places.
REGIONS_FILE = "nl_organisation_regions.csv.gz"
NUTS_VERSION = 2021


def place_dutch_organisations(organisations: pd.DataFrame) -> pd.DataFrame:
    """The regions of the bundled Dutch organisations, as stored (``organisation`` a column)."""
    placed = assign_regions(
        organisations[["organisation", "country", "city"]], nuts_version=NUTS_VERSION
    )
    return placed.reset_index()


def main() -> None:
    from . import _dutch_organisations

    path = Path(str(resources.files(__package__) / "data" / REGIONS_FILE))
    table = place_dutch_organisations(_dutch_organisations())
    with atomic_write(path, "wb") as handle:
        table.to_csv(handle, index=False, compression={"method": "gzip", "mtime": 0})
    print(f"{len(table)} organisations, {int(table['nuts3'].notna().sum())} with a NUTS-3 region -> {path}")


if __name__ == "__main__":
    main()
