"""T of 50,000,000 records: chunked Parquet reader and a Dask LocalCluster vs in-memory on 10,000,000.

``python -m benchmarks scale [--records N] [--memory-records M] [--keep]``

Generates (in chunks, memory-flat) two Parquet files of three small integer columns under /tmp:
``block.parquet`` (M records) and ``big.parquet`` (N records: the same M-record block repeated,
so both have the same distribution and the same T up to rounding), in row groups of 1,000,000.
Each variant runs in a fresh subprocess so that its peak resident memory (``ru_maxrss``) is its
own:

- chunked: ``helixnet.scale.count_records(big.parquet)`` then T on the counted table;
- dask: ``dask.dataframe.read_parquet(big.parquet)`` on a ``distributed.LocalCluster`` with two
  worker processes, ``helixnet.mutual_information`` on it (counted on the workers); peak memory
  of the client and of each worker;
- in-memory: ``pandas.read_parquet(block.parquet)`` and ``helixnet.mutual_information``;
- chunked on the block, to check that the chunked reader gives the in-memory value bit for bit.

Checks: chunked == dask (bit for bit) on N records, chunked == in-memory (bit for bit) on M
records, and T(N) == T(M) to 1e-12 (same distribution). The temporary files are deleted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

COLUMNS = ["u", "i", "g"]
ROW_GROUP = 1_000_000
PEAK_LIMIT_MIB = 1024


def _block(index: int, n: int) -> dict[str, np.ndarray]:
    """Records of chunk ``index`` of the block: university type, industry class, government level."""
    rng = np.random.default_rng(1000 + index)
    u = rng.integers(0, 4, n)
    i = (u + rng.integers(0, 3, n)) % 5
    noise = rng.random(n) < 0.4
    g = np.where(noise, rng.integers(0, 3, n), (u + i) % 3)
    return {"u": u, "i": i, "g": g}


def _write(path: Path, n_records: int, block_records: int) -> float:
    """Write ``n_records`` (the block repeated) in row groups of ROW_GROUP; seconds taken."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    start = time.perf_counter()
    schema = pa.schema([(c, pa.int64()) for c in COLUMNS])
    chunks_per_block = block_records // ROW_GROUP
    with pq.ParquetWriter(path, schema) as writer:
        for k in range(n_records // ROW_GROUP):
            columns = _block(k % chunks_per_block, ROW_GROUP)
            writer.write_table(pa.table(columns, schema=schema), row_group_size=ROW_GROUP)
    return time.perf_counter() - start


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _variant(name: str, path: str) -> dict:
    """Run one variant in this (fresh) process; its result as a dict."""
    import helixnet as hx

    baseline = _max_rss_mib()  # after importing helixnet, pandas, numpy, pyarrow
    out: dict = {"variant": name, "baseline_mib": baseline}
    start = time.perf_counter()
    if name == "chunked":
        table = hx.scale.count_records(path, COLUMNS, chunksize=ROW_GROUP, progress=False)
        out["count_s"] = time.perf_counter() - start
        out["T"] = hx.mutual_information(table, COLUMNS, weights="count")
        out["records"] = int(table.attrs["records"])
    elif name == "memory":
        import pandas as pd

        data = pd.read_parquet(path, columns=COLUMNS)
        out["read_s"] = time.perf_counter() - start
        t0 = time.perf_counter()
        out["T"] = hx.mutual_information(data, COLUMNS)
        out["measure_s"] = time.perf_counter() - t0
        out["records"] = len(data)
    elif name == "dask":
        import dask.dataframe as dd
        import distributed

        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit="4GiB"
        ) as cluster, distributed.Client(cluster) as client:
            client.run(importlib.import_module, "helixnet")  # each worker imports helixnet once (~2-4 s)
            out["startup_s"] = time.perf_counter() - start
            t0 = time.perf_counter()
            data = dd.read_parquet(path, columns=COLUMNS, split_row_groups=True)  # a partition per row group
            out["T"] = hx.mutual_information(data, COLUMNS)
            out["measure_s"] = time.perf_counter() - t0
            out["partitions"] = data.npartitions
            out["worker_peak_mib"] = sorted(client.run(_max_rss_mib).values())
        out["records"] = None
    else:
        raise SystemExit(f"unknown variant {name!r}")
    out["seconds"] = time.perf_counter() - start
    out["peak_mib"] = _max_rss_mib()
    return out


def _run(name: str, path: Path) -> dict:
    command = [sys.executable, "-m", "benchmarks", "scale", "--variant", name, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], check=False)
    if done.returncode != 0:
        raise RuntimeError(f"variant {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scale", description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000_000)
    parser.add_argument("--memory-records", type=int, default=10_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the Parquet files (printed)")
    parser.add_argument("--variant", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(_variant(*args.variant)))
        return 0
    if args.records % args.memory_records or args.memory_records % ROW_GROUP:
        parser.error(f"--records must be a multiple of --memory-records, itself a multiple of {ROW_GROUP:,}")

    folder = Path(tempfile.mkdtemp(prefix="helixnet-bench-scale-", dir="/tmp"))
    try:
        block, big = folder / "block.parquet", folder / "big.parquet"
        seconds = _write(block, args.memory_records, args.memory_records) + _write(big, args.records, args.memory_records)
        size = big.stat().st_size / 2**20
        print(
            f"generated {args.records:,} + {args.memory_records:,} records x {len(COLUMNS)} integer columns "
            f"in {seconds:.1f} s (big.parquet {size:.0f} MiB, row groups of {ROW_GROUP:,}); generator peak RSS "
            f"{_max_rss_mib():.0f} MiB"
        )
        chunked = _run("chunked", big)
        dask = _run("dask", big)
        memory = _run("memory", block)
        chunked_block = _run("chunked", block)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    n, m = args.records, args.memory_records
    print(f"T (bits): chunked {chunked['T']!r} | dask {dask['T']!r} | in-memory ({m:,}) {memory['T']!r}")
    print(
        f"chunked reader, {n:,} records: {chunked['seconds']:.1f} s "
        f"({n / chunked['seconds'] / 1e6:.1f} M records/s), peak RSS {chunked['peak_mib']:.0f} MiB "
        f"(of which {chunked['baseline_mib']:.0f} MiB is the interpreter with helixnet imported)"
    )
    print(
        f"dask LocalCluster (2 worker processes), {n:,} records in {dask['partitions']} partitions: "
        f"{dask['measure_s']:.1f} s (+ {dask['startup_s']:.1f} s cluster start-up and helixnet import on the workers), peak RSS client "
        f"{dask['peak_mib']:.0f} MiB, workers {', '.join(f'{w:.0f}' for w in dask['worker_peak_mib'])} MiB"
    )
    print(
        f"in-memory, {m:,} records: {memory['seconds']:.1f} s (read {memory['read_s']:.1f} s + T "
        f"{memory['measure_s']:.1f} s), peak RSS {memory['peak_mib']:.0f} MiB"
    )
    print(
        f"chunked reader, the same {m:,} records: {chunked_block['seconds']:.1f} s, peak RSS "
        f"{chunked_block['peak_mib']:.0f} MiB"
    )
    ok = True
    checks = [
        ("chunked == dask (bit for bit)", chunked["T"] == dask["T"]),
        ("chunked == in-memory on the same records (bit for bit)", chunked_block["T"] == memory["T"]),
        ("T(50M) == T(10M), same distribution (to 1e-12)", abs(chunked["T"] - memory["T"]) <= 1e-12 * max(1.0, abs(memory["T"]))),
        (f"chunked peak RSS < {PEAK_LIMIT_MIB} MiB", chunked["peak_mib"] < PEAK_LIMIT_MIB),
        (f"chunked records == {n:,}", chunked["records"] == n),
    ]
    for label, passed in checks:
        print(f"check {label}: {'ok' if passed else 'FAILED'}")
        ok &= passed
    return 0 if ok else 1
