"""The synthesis on real corpora: the bundled example and a 1,000-paper uniform random sample of arXiv cs 2025.

Every number, method name and benchmark name in every synthesis sentence must occur
in an abstract the sentence cites (tests/synthesis_check.py); in the example, every
sub-direction of three or more papers and every benchmark two or more of a theme's
papers name must be named.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import pytest

from reportgen import pipeline
from reportgen.config import Settings
from reportgen.render.jsonout import render_json
from reportgen.summarize import facts, synthesis
from tests.conftest import CORPUS, EXAMPLES, load_json
from tests.synthesis_check import report_problems

pytestmark = pytest.mark.slow
SAMPLE_SIZE, SAMPLE_SEED = 1000, 2025


def _benchmarks_named(data: dict) -> list[str]:
    """Benchmarks two or more of a theme's papers name, missing from its evaluation sentence."""
    abstracts = {p["id"]: p["abstract"] for p in data["papers"]}
    missing = []
    for theme in data["themes"]:
        evaluation = " ".join(s["text"] for s in theme["synthesis"]["statements"] if s["part"] == "evaluation")
        found = facts.usage({pid: facts.benchmarks_in(abstracts[pid]) for pid in theme["papers"]})
        missing += [
            f"{theme['label']}: {name}" for name, pids in found.values() if len(pids) >= 2 and name not in evaluation
        ]
    return missing


def test_example_synthesis_is_traceable(example_build: Path) -> None:
    data = load_json(example_build / "survey.json")
    assert all(t["synthesis"]["statements"] for t in data["themes"]) and data["overview"]
    assert report_problems(data) == []
    assert _benchmarks_named(data) == []


def test_example_synthesis_names_every_big_sub_direction(example_build: Path, cache_dir: Path) -> None:
    """Recompute each theme's groups from its vectors: every group of 3+ papers is named, with its count."""
    timer = pipeline.Timer(pipeline.SilentReporter())
    found = pipeline.analyse([EXAMPLES], Settings(), cache_dir=cache_dir, timer=timer)
    vectors, themes = found.vectors, found.themes
    data = load_json(example_build / "survey.json")
    by_id = dict(zip(vectors.ids, vectors.vectors))
    built = {t["id"]: t for t in data["themes"]}
    assert [t.paper_ids for t in themes.themes] == [tuple(built[t.id]["papers"]) for t in themes.themes]
    for theme in themes.themes:
        syn = built[theme.id]["synthesis"]
        text = " ".join(s["text"] for s in syn["statements"] if s["part"] == "directions")
        named = {frozenset(d["paper_ids"]): d["phrase"] for d in syn["directions"]}
        for group in synthesis._groups(theme.paper_ids, by_id):
            if len(group) >= synthesis.MIN_DIRECTION:
                phrase = named.get(frozenset(group))
                assert phrase and f"{phrase} ({len(group)} papers" in text, (theme.label, group)


@pytest.fixture(scope="session")
def arxiv_uniform_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 records drawn uniformly (seeded) from the whole shared corpus."""
    corpus = Path(
        os.environ.get("REPORTGEN_CORPUS", CORPUS)
    )  # a worktree beside the checkout can point at the shared copy
    if not corpus.is_file():
        pytest.skip(f"{corpus} not present (set REPORTGEN_CORPUS)")
    with gzip.open(corpus, "rt", encoding="utf-8") as source:
        lines = source.readlines()
    chosen = sorted(random.Random(SAMPLE_SEED).sample(range(len(lines)), SAMPLE_SIZE))
    path = tmp_path_factory.mktemp("sample") / "arxiv-1000.jsonl"
    path.write_text("".join(lines[i] for i in chosen), encoding="utf-8")
    return path


def test_arxiv_sample_synthesis_is_traceable(arxiv_uniform_sample: Path, cache_dir: Path) -> None:
    """The real pipeline in-process (no subprocess time limit on a loaded machine), checked through survey.json's form."""
    settings = Settings()  # the real model, exact vectors (as fast as float32 since the kernels are pinned)
    timer = pipeline.Timer(pipeline.SilentReporter())
    found = pipeline.analyse([arxiv_uniform_sample], settings, cache_dir=cache_dir, timer=timer)
    corpus, vectors, themes = found.corpus, found.vectors, found.themes
    report = pipeline.build_report(corpus, vectors, themes, settings, timer=timer)
    data = json.loads(render_json(report, settings))
    assert len(data["papers"]) >= SAMPLE_SIZE - 10 and len(data["themes"]) >= 5
    assert report_problems(data) == []
    assert _benchmarks_named(data) == []
    parts = {s["part"] for t in data["themes"] for s in t["synthesis"]["statements"]}
    assert {"directions", "time", "evaluation", "results", "open"} <= parts
    assert {s["part"] for s in data["overview"]} == {"sizes", "growth", "shared"}
