"""Fixtures shared by several test files."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dask_client():
    """A distributed.LocalCluster with two workers (threads, for speed), shared by the session."""
    import distributed  # a test dependency: a missing one must fail, not skip
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client
