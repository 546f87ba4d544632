"""Country codes: ISO 3166-1 alpha-2 in every ``country`` column, and Eurostat's spelling for NUTS.

The EU writes two countries otherwise than ISO 3166-1: Greece as ``EL`` and the United Kingdom as
``UK`` (the EU's Interinstitutional Style Guide; CORDIS's ``country`` column and the NUTS codes,
``EL303``, ``UKI31``). ISO's codes are ``GR`` and ``GB``; ISO 3166-1 assigns neither ``EL`` nor
``UK`` to any country, so reading them as ``GR`` and ``GB`` is never ambiguous. Kosovo's ``XK`` is
a user-assigned code that the EU, ISO users and CORDIS share: it stays. Every other code in CORDIS's Horizon 2020 tables is already ISO.
"""

from __future__ import annotations

import logging

import pandas as pd

logger = logging.getLogger("helixnet")

#: The EU's (CORDIS's, Eurostat's) codes that differ from ISO 3166-1 alpha-2, onto ISO's.
EU_TO_ISO: dict[str, str] = {"EL": "GR", "UK": "GB"}
#: ISO codes onto the country prefix of Eurostat's NUTS codes and postcode table.
ISO_TO_EUROSTAT: dict[str, str] = {iso: eu for eu, iso in EU_TO_ISO.items()}


def iso_country(code: str) -> str:
    """One country code, compared as helixnet compares them: stripped, upper case, EU -> ISO."""
    code = code.strip().upper()
    return EU_TO_ISO.get(code, code)


def iso_country_codes(values):
    """:func:`iso_country` on a whole pandas or Dask series (missing values stay missing)."""
    return values.astype("string").str.strip().str.upper().replace(EU_TO_ISO)


def iso_country_column(table: pd.DataFrame, what: str, *, count: str | None = None) -> dict[str, int]:
    """Rewrite the EU codes of ``table["country"]`` as ISO 3166-1 codes, in place.

    Only values that are an EU code (``"UK"``, ``" el "``) change; any other value (an ISO code,
    a country name) stays as given. Returns how many rows changed per change (``{"UK->GB": 3}``),
    or how many distinct values of the column ``count`` among them (organisations, where a table
    repeats them), logged and meant for ``attrs["country_codes_changed"]``.
    """
    if "country" not in table.columns:
        return {}
    codes = table["country"].astype("string").str.strip().str.upper()
    changed: dict[str, int] = {}
    for eu, iso in EU_TO_ISO.items():
        rows = (codes == eu).fillna(False).to_numpy(dtype=bool)
        if rows.any():
            table.loc[rows, "country"] = iso
            changed[f"{eu}->{iso}"] = int(rows.sum() if count is None else table.loc[rows, count].nunique())
    if changed:
        logger.info(
            "%s: country codes written as ISO 3166-1 (%s %s)",
            what,
            ", ".join(f"{change}: {n}" for change, n in changed.items()),
            "rows" if count is None else f"distinct {count}s",
        )
    return changed
