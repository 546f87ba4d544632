"""Bundled real data and generators.

``load_cordis_nl`` returns the Netherlands subset of the CORDIS Horizon 2020 participation data
(source: CORDIS, (c) European Union, CC BY 4.0; provenance in ``datasets/data/SOURCE.md``).
"""

from __future__ import annotations

from importlib import resources
from typing import Literal

import pandas as pd

from .._countries import iso_country_column
from ..errors import HelixDataError
from ..io import CollaborationData
from .synthetic import SYNTHETIC_NOTE, SyntheticEcosystem, synthetic_supply_chain

__all__ = [
    "CollaborationData",
    "load_cordis_nl",
    "CORDIS_ATTRIBUTION",
    "synthetic_supply_chain",
    "SyntheticEcosystem",
    "SYNTHETIC_NOTE",
]

CORDIS_ATTRIBUTION = (
    "Source: CORDIS - EU research projects under Horizon 2020 (2014-2020), "
    "(c) European Union, CC BY 4.0"
)


def _read(name: str, **kwargs) -> pd.DataFrame:
    with (resources.files(__package__) / "data" / name).open("rb") as handle:
        return pd.read_csv(handle, compression="gzip", dtype=str, keep_default_na=False, na_values=[""], **kwargs)


def _events() -> pd.DataFrame:
    raw = _read("nl_projects.csv.gz")
    events = pd.DataFrame(
        {
            "event": raw["projectRcn"],
            "year": pd.to_numeric(raw["startYear"]).astype("Int64"),
            "start_date": pd.to_datetime(raw["startDate"]),
            "end_date": pd.to_datetime(raw["endDate"]),
            "end_year": pd.to_numeric(raw["endYear"]).astype("Int64"),
            "duration_months": pd.to_numeric(raw["durationMonths"]).astype("Int64"),
            "programme": raw["programmeParts"],
            "ec_max_contribution": pd.to_numeric(raw["ecMaxContribution"]),
            "total_cost": pd.to_numeric(raw["totalCost"]),
            "n_countries": pd.to_numeric(raw["nCountries"]).astype("Int64"),
            "n_participants": pd.to_numeric(raw["nParticipants"]).astype("Int64"),
            "n_participants_nl": pd.to_numeric(raw["nParticipantsNL"]).astype("Int64"),
        }
    )
    return events


def _dutch_organisations() -> pd.DataFrame:
    return _read("nl_organisations.csv.gz").rename(
        columns={"organisationID": "organisation", "shortName": "short_name", "activityType": "activity_type"}
    )[["organisation", "name", "short_name", "activity_type", "country", "city"]]


def _stored_regions() -> pd.DataFrame:
    """The regions stored by ``python -m helixnet.datasets.place_organisations``."""
    table = _read("nl_organisation_regions.csv.gz").set_index("organisation")
    for column in table.columns:
        table[column] = table[column].astype(float if column in ("latitude", "longitude") else "string")
    return table


def load_cordis_nl(partners: Literal["nl", "all"] = "nl") -> CollaborationData:
    """The Dutch Horizon 2020 projects: organisations, participations and events.

    Real data from CORDIS: the 5,405 Horizon 2020 projects with at least one Dutch participant.
    Each organisation's helix comes from its CORDIS ``activityType`` (HES, REC -> knowledge;
    PRC -> industry; PUB -> government; OTH -> refined by name, else civil) through
    :func:`helixnet.classify_helix`, with the deciding rule in the column ``rule``.

    Parameters
    ----------
    partners : {"nl", "all"}
        ``"nl"``: the 2,061 Dutch organisations and their 9,092 participations.
        ``"all"``: every partner of those projects, of any country (18,757 organisations,
        62,294 participations).

    Returns
    -------
    CollaborationData
        A named tuple ``(organisations, participations, events)``:

        - organisations: ``organisation`` (CORDIS PIC, string), ``name`` (missing for
          organisations that joined after mid-2017), ``short_name``, ``helix``, ``rule``,
          ``activity_type``, ``country`` (ISO 3166-1 alpha-2: CORDIS's ``EL`` and ``UK`` as
          ``GR`` and ``GB``, counted in ``attrs["country_codes_changed"]``), ``city``, and the
          region from
          :func:`helixnet.assign_regions` (NUTS 2021): ``nuts1``, ``nuts2``, ``nuts3``,
          ``latitude``, ``longitude``, ``region_name``, ``region_rule``,
          ``labour_market_region`` (stored with the data by
          ``python -m helixnet.datasets.place_organisations``; other countries' partners are
          placed when loaded);
        - participations: ``event`` (CORDIS project rcn), ``organisation``, ``role``,
          ``amount`` (EC contribution, EUR), ``year`` (project start year);
        - events: ``event``, ``year``, ``start_date``, ``end_date``, ``programme``
          (``;``-joined programme parts), costs and participant counts.

    Examples
    --------
    >>> from helixnet.datasets import load_cordis_nl
    >>> organisations, participations, events = load_cordis_nl()
    >>> len(organisations), len(participations), len(events)
    (2061, 9092, 5405)
    >>> organisations["activity_type"].value_counts().to_dict()
    {'PRC': 1543, 'OTH': 280, 'REC': 109, 'PUB': 81, 'HES': 48}
    >>> organisations.loc[organisations["activity_type"] == "PRC", "helix"].unique().tolist()
    ['industry']
    """
    from ..helices import classify_helix
    from ..regions import assign_regions

    if partners not in ("nl", "all"):
        raise HelixDataError(f"partners must be 'nl' or 'all', got {partners!r}.")
    changed: dict[str, int] = {}  # the Dutch organisations' codes are all NL
    events = _events()
    year = events.set_index("event")["year"]

    dutch = _dutch_organisations()
    if partners == "nl":
        raw = _read("nl_participations.csv.gz")
        organisations = dutch
    else:
        raw = _read("nl_projects_all_participations.csv.gz")
        everyone = raw.drop_duplicates("organisationID").rename(
            columns={"organisationID": "organisation", "activityType": "activity_type"}
        )[["organisation", "name", "activity_type", "country"]]
        foreign = everyone[~everyone["organisation"].isin(dutch["organisation"])].copy()
        # The stored rows are CORDIS's as published (Greece EL, the United Kingdom UK); helixnet's
        # country column is ISO 3166-1, as read_cordis gives it.
        changed = iso_country_column(foreign, "load_cordis_nl", count="organisation")
        organisations = pd.concat([dutch, foreign], ignore_index=True)

    participations = pd.DataFrame(
        {
            "event": raw["projectRcn"],
            "organisation": raw["organisationID"],
            "role": raw["role"],
            "amount": pd.to_numeric(raw["ecContribution"]),
        }
    )
    participations["year"] = participations["event"].map(year)

    classified = classify_helix(organisations, activity_type="activity_type")
    organisations.insert(2, "helix", classified["helix"])
    organisations.insert(3, "rule", classified["rule"])
    # CORDIS's H2020 tables of this vintage carry no postcode or NUTS code: the Dutch
    # organisations are placed by their city, once, and stored (placing them here took 0.6 s);
    # the other countries' partners have only a country and are placed (unplaced) here.
    placed = _stored_regions()
    others = organisations.loc[~organisations["organisation"].isin(placed.index), ["organisation", "country"]]
    if len(others):
        placed = pd.concat([placed, assign_regions(others, nuts_version=2021)])
    organisations = organisations.join(placed, on="organisation")
    organisations.attrs["source"] = CORDIS_ATTRIBUTION
    organisations.attrs["country_codes_changed"] = changed
    return CollaborationData(organisations.reset_index(drop=True), participations, events)
