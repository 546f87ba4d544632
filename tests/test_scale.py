"""Counting past one machine: dask DataFrames on a two-worker LocalCluster and chunked files,
checked equal (bit for bit) to the in-memory path on the same records."""

from __future__ import annotations

import gzip
import logging
import tracemalloc

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet import HelixDataError

COLUMNS = ["u", "i", "g"]


def random_records(seed: int, n: int, *, missing: bool = True) -> pd.DataFrame:
    """Records with every kind of column the encoder treats differently."""
    rng = np.random.default_rng(seed)
    u = rng.choice(np.array(["uni", "college", "lab", None], dtype=object) if missing else ["uni", "college", "lab"], n)
    return pd.DataFrame(
        {
            "u": pd.array(u, dtype="str"),  # Arrow-backed strings (dictionary encoding)
            "i": rng.integers(0, 5, n),  # small non-negative integers (raw codes)
            "g": pd.Categorical(rng.choice(["city", "state", "eu"], n), categories=["eu", "state", "city", "none"]),
            "big": rng.integers(-3, 3, n) * 100_000,  # negative and large integers (factorized)
            "flag": rng.random(n) < 0.3,  # booleans
            "region": rng.choice(["north", "south", "east"], n),
            "year": rng.integers(2015, 2020, n),
            "w": rng.integers(0, 4, n),
        }
    )


records_args = st.tuples(st.integers(0, 10_000), st.integers(1, 300), st.integers(1, 7), st.booleans())


def assert_same_float(a: float, b: float) -> None:
    assert a == b or (np.isnan(a) and np.isnan(b)), (a, b)


# --------------------------------------------------------------------------------------------
# dask DataFrames
# --------------------------------------------------------------------------------------------


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records_args, st.sampled_from(["category", "drop"]))
def test_tables_on_dask_equal_pandas(dask_client, args, missing):
    """Random records, random partitions: H and T of every subset, decompositions, T over time."""
    seed, n, npartitions, with_missing = args
    data = random_records(seed, n, missing=with_missing)
    if missing == "drop" and data["u"].isna().all():
        return
    ddf = dd.from_pandas(data, npartitions=npartitions)
    cols = ["u", "i", "g", "big", "flag"]
    got, want = hx.synergy_table(ddf, cols, missing=missing), hx.synergy_table(data, cols, missing=missing)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs
    got = hx.decompose(ddf, COLUMNS, by=["region", "flag"], missing=missing)
    want = hx.decompose(data, COLUMNS, by=["region", "flag"], missing=missing)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs
    got = hx.synergy_over_time(ddf, COLUMNS, window=2, missing=missing)
    want = hx.synergy_over_time(data, COLUMNS, window=2, missing=missing)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


@pytest.mark.parametrize("missing", ["category", "drop"])
def test_every_measure_on_dask_equals_pandas(dask_client, missing):
    data = random_records(42, 3000)
    ddf = dd.from_pandas(data, npartitions=7)
    cols = ["u", "i", "g", "big", "flag"]
    for fn in (hx.entropy, hx.mutual_information, hx.redundancy):
        assert_same_float(fn(ddf, COLUMNS, missing=missing), fn(data, COLUMNS, missing=missing))
    assert_same_float(
        hx.mutual_information(ddf, cols, missing=missing, estimator="miller-madow", base=10),
        hx.mutual_information(data, cols, missing=missing, estimator="miller-madow", base=10),
    )
    pd.testing.assert_frame_equal(hx.rank_triads(ddf, cols, missing=missing), hx.rank_triads(data, cols, missing=missing))
    pd.testing.assert_series_equal(
        hx.krippendorff_interaction(ddf, COLUMNS, missing=missing), hx.krippendorff_interaction(data, COLUMNS, missing=missing)
    )
    # the bootstrap draws from the table's cells in order: the very same replicates
    pd.testing.assert_series_equal(
        hx.mutual_information_ci(ddf, COLUMNS, missing=missing, n_boot=30, seed=3, progress=False),
        hx.mutual_information_ci(data, COLUMNS, missing=missing, n_boot=30, seed=3, progress=False),
    )
    counts, cats = hx.contingency(ddf, cols, missing=missing)
    expected_counts, expected_cats = hx.contingency(data, cols, missing=missing)
    np.testing.assert_array_equal(counts, expected_counts)
    for got, want in zip(cats, expected_cats):
        pd.testing.assert_index_equal(got, want)
    pd.testing.assert_frame_equal(
        hx.contingency_table(ddf, cols, missing=missing), hx.contingency_table(data, cols, missing=missing)
    )


def test_measures_on_a_dask_counted_table_and_weights(dask_client):
    data = random_records(7, 5000)
    ddf = dd.from_pandas(data, npartitions=6)
    # whole-number weights add up exactly, so the values are equal bit for bit
    assert hx.mutual_information(ddf, COLUMNS, weights="w", missing="category") == hx.mutual_information(
        data, COLUMNS, weights="w", missing="category"
    )
    pd.testing.assert_frame_equal(
        hx.decompose(ddf, COLUMNS, by=["region", "flag"], weights="w", missing="category"),
        hx.decompose(data, COLUMNS, by=["region", "flag"], weights="w", missing="category"),
    )
    # a counted table on dask counts again: same as counting once
    counted = hx.contingency_table(data, COLUMNS, missing="category")
    assert hx.mutual_information(
        dd.from_pandas(counted, npartitions=3), COLUMNS, weights="count", missing="category"
    ) == pytest.approx(hx.mutual_information(data, COLUMNS, missing="category"), abs=1e-15)
    # the default columns are every column but the weights
    small = data[["u", "i", "w"]].dropna()
    assert hx.mutual_information(dd.from_pandas(small, npartitions=2), weights="w") == hx.mutual_information(small, weights="w")
    # dask_counts itself: per-partition counts add up to the records' table
    table = hx.scale.dask_counts(ddf, COLUMNS, missing="category")
    assert table["count"].sum() == len(data)
    expected = data.groupby(COLUMNS, observed=True).size()  # the cells without a missing value
    got = table.dropna().set_index(COLUMNS)["count"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()


def test_dropped_records_are_counted_in_records(dask_client, caplog):
    data = random_records(11, 3000)
    n_missing = int(data["u"].isna().sum())
    assert n_missing > 0
    ddf = dd.from_pandas(data, npartitions=4)
    table = hx.synergy_table(ddf, COLUMNS, missing="drop")
    assert table.attrs["dropped"] == n_missing == hx.synergy_table(data, COLUMNS, missing="drop").attrs["dropped"]
    assert table["n"].iloc[0] == len(data) - n_missing


def test_independence_test_on_dask_has_the_same_statistic(dask_client):
    data = random_records(5, 400, missing=False)
    ddf = dd.from_pandas(data, npartitions=3)
    got = hx.independence_test(ddf, ["u", "i"], n_perm=50, seed=1, progress=False)
    want = hx.independence_test(data, ["u", "i"], n_perm=50, seed=1, progress=False)
    assert got["T"] == want["T"]
    assert 0 < got["p_value"] <= 1


def test_dask_errors_name_the_column(dask_client):
    data = random_records(3, 200, missing=False)
    data.loc[17, "u"] = None
    ddf = dd.from_pandas(data, npartitions=3)
    with pytest.raises(HelixDataError, match=r"column 'u' has 1 missing value\(s\) at row\(s\) 17"):
        hx.mutual_information(ddf, COLUMNS)
    with pytest.raises(HelixDataError, match="no column 'nope'"):
        hx.mutual_information(ddf, ["u", "nope"])
    with pytest.raises(HelixDataError, match="listed twice"):
        hx.mutual_information(ddf, ["u", "u"], missing="category")
    with pytest.raises(HelixDataError, match="also listed among the columns"):
        hx.mutual_information(ddf, ["u", "w"], weights="w", missing="category")
    with pytest.raises(HelixDataError, match="base must be"):
        hx.mutual_information(ddf, COLUMNS, base=1, missing="category")
    bad = data.assign(w=data["w"].astype(float))
    bad.loc[5, "w"] = -1.0
    with pytest.raises(HelixDataError, match=r"column 'w' has negative"):
        hx.entropy(dd.from_pandas(bad, npartitions=2), "i", weights="w")
    years = data.assign(year=data["year"].astype(float))
    years.loc[3, "year"] = np.nan
    with pytest.raises(HelixDataError, match="missing period"):
        hx.synergy_over_time(dd.from_pandas(years, npartitions=2), ["i", "g"], missing="category")
    # with missing="drop" the record without a period is left out, as in memory
    pd.testing.assert_frame_equal(
        hx.synergy_over_time(dd.from_pandas(years, npartitions=2), ["i", "g"], missing="drop"),
        hx.synergy_over_time(years, ["i", "g"], missing="drop"),
    )
    with pytest.raises(HelixDataError, match="is empty"):
        hx.mutual_information(dd.from_pandas(data.iloc[:0], npartitions=1), ["i", "g"])
    with pytest.raises(HelixDataError, match="needs a dask DataFrame"):
        hx.scale.dask_counts(data, COLUMNS)
    with pytest.raises(HelixDataError, match="missing must be"):
        hx.scale.dask_counts(ddf, COLUMNS, missing="ignore")


# presence tables ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cordis():
    return hx.datasets.load_cordis_nl(partners="all")


def test_presence_table_on_dask_equals_pandas(dask_client, cordis):
    organisations, participations, events = cordis
    ddf = dd.from_pandas(participations, npartitions=5)
    # helix from the registry, attributes taken from the participations (one year per event)
    got = hx.presence_table(ddf, organisations, attributes=["year"])
    want = hx.presence_table(participations, organisations, attributes=["year"])
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs and want.attrs["none_count"] > 0
    # helix from the participations, four helices, the "000" events left out, attributes from events
    with_helix = participations.merge(organisations[["organisation", "helix"]], on="organisation")
    helices = ["knowledge", "industry", "government", "civil"]
    kwargs = dict(helices=helices, include_none=False, attributes=["programme"], events=events)
    got = hx.presence_table(dd.from_pandas(with_helix, npartitions=4), **kwargs)
    want = hx.presence_table(with_helix, **kwargs)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs
    # T over the events, the presence table left on the cluster, equals the in-memory T
    lazy = hx.dask_presence_table(ddf, organisations, include_none=False, compute=False)
    expected = hx.presence_table(participations, organisations, include_none=False)
    assert hx.mutual_information(lazy) == hx.mutual_information(expected)


def test_dask_presence_table_errors(dask_client, cordis):
    organisations, participations, _ = cordis
    small = participations.iloc[:300]
    ddf = dd.from_pandas(small, npartitions=2)
    with pytest.raises(HelixDataError, match="does not have"):
        hx.presence_table(ddf, organisations.iloc[5:])
    with pytest.raises(HelixDataError, match="no column 'helix'"):
        hx.presence_table(ddf)
    with pytest.raises(HelixDataError, match="unknown helix label"):
        hx.presence_table(dd.from_pandas(small.assign(helix="firm"), npartitions=2))
    with pytest.raises(HelixDataError, match="helices must be"):
        hx.presence_table(ddf, organisations, helices=["knowledge", "firms"])
    varying = small.assign(year=np.arange(len(small)))
    with pytest.raises(HelixDataError, match="different values within event"):
        hx.presence_table(dd.from_pandas(varying, npartitions=2), organisations, attributes=["year"])
    missing_ids = small.assign(event=small["event"].where(np.arange(len(small)) != 4))
    with pytest.raises(HelixDataError, match="column 'event' has 1 missing id"):
        hx.presence_table(dd.from_pandas(missing_ids, npartitions=2), organisations)
    floats = small.assign(organisation=np.arange(len(small), dtype=float))
    with pytest.raises(HelixDataError, match="floating-point"):
        hx.presence_table(dd.from_pandas(floats, npartitions=2), organisations)
    with pytest.raises(HelixDataError, match="need compute=True"):
        hx.dask_presence_table(ddf, organisations, attributes=["year"], compute=False)


# --------------------------------------------------------------------------------------------
# Files in chunks
# --------------------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records_args)
def test_count_records_csv_equals_in_memory(tmp_path_factory, args):
    seed, n, chunk, with_missing = args
    data = random_records(seed, n, missing=with_missing)
    path = tmp_path_factory.mktemp("csv") / "records.csv"
    data.to_csv(path, index=False)
    cols = ["u", "i", "g", "big", "flag"]
    table = hx.scale.count_records(path, cols, chunksize=chunk * 7, missing="category", progress=False)
    memory = pd.read_csv(path, dtype=str)  # the in-memory equivalent: ids and codes as text
    assert table.attrs["records"] == n
    assert hx.mutual_information(table, COLUMNS, weights="count", missing="category") == hx.mutual_information(
        memory, COLUMNS, missing="category"
    )
    pd.testing.assert_frame_equal(
        hx.synergy_table(table, cols, weights="count", missing="category").drop(columns="n"),
        hx.synergy_table(memory, cols, missing="category").drop(columns="n"),
    )
    pd.testing.assert_frame_equal(
        hx.contingency_table(table, cols, weights="count", missing="category"),
        hx.contingency_table(memory, cols, missing="category"),
    )


def test_count_records_parquet_equals_in_memory(tmp_path):
    data = random_records(1, 20_000)
    data["g"] = data["g"].astype(str)
    path = tmp_path / "records.parquet"
    data.to_parquet(path, row_group_size=3000)
    table = hx.scale.count_records(path, COLUMNS + ["big"], chunksize=2500, missing="category", progress=False)
    memory = pd.read_parquet(path)
    assert table.attrs["records"] == len(data) == table["count"].sum()
    for cols in (COLUMNS, ["i", "big"], ["u", "g", "big"]):
        assert hx.mutual_information(table, cols, weights="count", missing="category") == hx.mutual_information(
            memory, cols, missing="category"
        )
    pd.testing.assert_frame_equal(
        hx.decompose(table, ["u", "i"], by="g", weights="count", missing="category").drop(columns="n"),
        hx.decompose(memory, ["u", "i"], by="g", missing="category").drop(columns="n"),
    )
    # weights, several files read as one, dictionary-encoded (categorical) columns
    two = [tmp_path / "a.parquet", tmp_path / "b.parquet"]
    data.iloc[:7000].to_parquet(two[0])
    data.iloc[7000:].assign(i=lambda d: d["i"].astype("category")).to_parquet(two[1])
    both = hx.scale.count_records(two, ["i", "g"], weights="w", chunksize=4096, progress=False)
    assert hx.mutual_information(both, weights="count") == pytest.approx(hx.mutual_information(data, ["i", "g"], weights="w"), abs=1e-14)


def test_count_records_compressed_csv_with_options(tmp_path):
    data = random_records(2, 3000, missing=False)
    path = tmp_path / "records.csv.gz"
    with gzip.open(path, "wt", encoding="latin-1") as handle:
        data.to_csv(handle, index=False, sep=";")
    table = hx.scale.count_records(path, ["u", "region"], weights="w", chunksize=500, sep=";", encoding="latin-1", progress=True)
    assert hx.mutual_information(table, weights="count") == hx.mutual_information(
        pd.read_csv(path, sep=";", dtype={"u": str, "region": str, "w": float}), ["u", "region"], weights="w"
    )
    # missing values in a file: an error naming the column, or kept for the measure
    data.loc[100, "u"] = None
    plain = tmp_path / "missing.csv"
    data.to_csv(plain, index=False)
    with pytest.raises(HelixDataError, match=r"column 'u' has 1 missing value"):
        hx.scale.count_records(plain, ["u", "i"], chunksize=400, progress=False)
    table = hx.scale.count_records(plain, ["u", "i"], chunksize=400, missing="drop", progress=False)
    assert hx.synergy_table(table, weights="count", missing="drop")["n"].iloc[0] == len(data) - 1


def test_count_records_errors(tmp_path):
    data = random_records(4, 50)
    path = tmp_path / "records.csv"
    data.to_csv(path, index=False)
    with pytest.raises(HelixDataError, match="no such file"):
        hx.scale.count_records(tmp_path / "absent.csv", ["u"])
    with pytest.raises(HelixDataError, match="check the column names"):
        hx.scale.count_records(path, ["u", "nope"], progress=False)
    with pytest.raises(HelixDataError, match="chunksize"):
        hx.scale.count_records(path, ["u"], chunksize=0)
    with pytest.raises(HelixDataError, match="contingency_table"):
        hx.scale.count_records(data, ["u"])
    with pytest.raises(HelixDataError, match="format must be"):
        hx.scale.count_records(path, ["u"], format="xlsx")
    with pytest.raises(HelixDataError, match="listed twice"):
        hx.scale.count_records(path, ["u", "u"])
    parquet = tmp_path / "records.parquet"
    data.to_parquet(parquet)
    with pytest.raises(HelixDataError, match="no column 'nope'"):
        hx.scale.count_records(parquet, ["u", "nope"], progress=False)
    empty = tmp_path / "empty.csv"
    empty.write_text("u,i\n")
    with pytest.raises(HelixDataError, match="hold no records"):
        hx.scale.count_records(empty, ["u", "i"], progress=False)


def test_count_records_memory_stays_flat(tmp_path):
    """Ten times the records, the same peak memory: only a chunk and the table are held."""
    rng = np.random.default_rng(0)
    n = 400_000
    table = pa.table({"u": rng.integers(0, 4, n), "i": rng.integers(0, 6, n), "g": rng.integers(0, 3, n)})
    small, big = tmp_path / "small.parquet", tmp_path / "big.parquet"
    pq.write_table(table.slice(0, n // 10), small, row_group_size=20_000)
    pq.write_table(table, big, row_group_size=20_000)
    peaks = []
    for path in (small, big):
        tracemalloc.start()
        counted = hx.scale.count_records(path, ["u", "i", "g"], chunksize=20_000, progress=False)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert counted["count"].sum() == pq.ParquetFile(path).metadata.num_rows
    assert peaks[1] < 1.5 * peaks[0], peaks
    whole = table.to_pandas()
    assert hx.mutual_information(counted, weights="count") == hx.mutual_information(whole)


def test_count_records_on_dask(dask_client, tmp_path):
    data = random_records(9, 4000, missing=False)
    data["g"] = data["g"].astype(str)
    path = tmp_path / "records.parquet"
    data.to_parquet(path, row_group_size=1000)
    ddf = dd.read_parquet(path)
    assert ddf.npartitions >= 1
    table = hx.scale.count_records(ddf, COLUMNS)
    assert hx.mutual_information(table, weights="count") == hx.mutual_information(pd.read_parquet(path), COLUMNS)


def test_count_records_logs(tmp_path, caplog):
    path = tmp_path / "records.csv"
    random_records(4, 50, missing=False).to_csv(path, index=False)
    with caplog.at_level(logging.INFO, logger="helixnet"):
        hx.scale.count_records(path, ["u", "i"], progress=False)
    assert "50 record(s)" in caplog.text
