"""The synthesis on real corpora: the bundled example and a 1,000-paper uniform random sample of arXiv cs 2025.

Every number, method name and benchmark name in every synthesis sentence must occur
in an abstract the sentence cites (tests/synthesis_check.py); in the example, every
named group is true of every paper under it, and every benchmark two or more of a
theme's papers name is named.
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
from reportgen.model import Paper
from reportgen.render.jsonout import render_json
from reportgen.summarize import facts, synthesis
from tests.conftest import CORPUS, load_json
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


def test_example_groups_are_true_of_every_paper_under_them(example_build: Path) -> None:
    """Every named group's papers are about its phrase (in the title, or twice in the abstract); each is said with its count."""
    data = load_json(example_build / "survey.json")
    papers = {p["id"]: Paper(id=p["id"], title=p["title"], abstract=p["abstract"]) for p in data["papers"]}
    groups = 0
    for theme in data["themes"]:
        said = " ".join(s["text"] for s in theme["synthesis"]["statements"] if s["part"] == "approach")
        for d in theme["synthesis"]["directions"]:
            if d["phrase"] is None:
                continue
            groups += 1
            about = synthesis._carriers(d["phrase"].lower(), d["paper_ids"], papers)
            assert about == d["paper_ids"], (theme["label"], d["phrase"])
            assert f"{d['phrase']} ({len(d['paper_ids'])} papers)" in said
            assert all(c["clause"] in papers[c["paper_id"]].abstract for c in d["contributions"])
    assert groups >= 5


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
    assert {"approach", "state", "time", "evaluation", "open"} <= parts
    assert {s["part"] for s in data["overview"]} == {"sizes", "growth", "shared"}
