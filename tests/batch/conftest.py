"""One small LocalCluster per test module (starting one takes seconds)."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(scope="module")
def dask_client():
    import dask
    from distributed import Client, LocalCluster

    from qtool.batch.executor import local_cluster_config

    with dask.config.set(local_cluster_config()):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()
