"""Embedding on a Dask cluster (2 local worker processes) gives the local path's vectors and survey."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportgen.config import EmbeddingSettings, IngestSettings
from reportgen.embed import EmbeddingCache, embed_corpus
from reportgen.ingest import load_corpus
from tests.conftest import EXAMPLES, load_json, run_cli

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")
SOURCES = [
    str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:4]
]  # 52 papers of the example: the cluster path, not the model, is under test


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and 2 worker processes of one thread each, on this machine."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def test_cluster_vectors_match_local_ones(cluster, tmp_path: Path) -> None:
    from reportgen.embed.dask_cluster import dask_encoder

    corpus = load_corpus([Path(p) for p in SOURCES], IngestSettings())
    settings = EmbeddingSettings(block_size=8)
    local = embed_corpus(corpus, settings, EmbeddingCache(None))
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    remote = embed_corpus(corpus, settings, cache, encoder=dask_encoder(cluster.scheduler_address, settings))
    assert remote.ids == local.ids and remote.computed == len(corpus.papers)
    np.testing.assert_allclose(remote.vectors, local.vectors, atol=1e-5)
    again = embed_corpus(corpus, settings, cache, encoder=dask_encoder(cluster.scheduler_address, settings))
    assert again.computed == 0  # every block was committed to the cache as it came back


def test_build_with_scheduler_gives_the_local_survey(cluster, tmp_path: Path, cache_dir: Path) -> None:
    local = run_cli(  # the session's cache: these vectors are the example's, which other tests embed too
        "build", *SOURCES, "-o", str(tmp_path / "local"), "--format", "json", "--cache-dir", str(cache_dir), "-q"
    )
    remote = run_cli(
        "build",
        *SOURCES,
        "-o",
        str(tmp_path / "remote"),
        "--format",
        "json",
        "--cache-dir",
        str(tmp_path / "c2"),
        "--scheduler",
        cluster.scheduler_address,
        "-q",
    )
    assert local.returncode == 0 and remote.returncode == 0, local.stderr + remote.stderr
    mine, theirs = load_json(tmp_path / "local" / "survey.json"), load_json(tmp_path / "remote" / "survey.json")
    assert [(t["label"], t["papers"]) for t in mine["themes"]] == [(t["label"], t["papers"]) for t in theirs["themes"]]


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        *SOURCES,
        "-o",
        str(tmp_path / "out"),
        "--format",
        "json",
        "--no-cache",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "-q",
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("error: embedding.scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    )
