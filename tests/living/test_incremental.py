"""A living-survey run on a state that holds a fit: new papers are placed in its themes, no refit, no model.

A fast companion of tests/living/test_site.py (which runs the real model and fit end to end):
the vectors are put in the state's embedding cache beforehand, so the run loads no
model and fits nothing, and every other stage (summaries, charts, pages, state) is real.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from reportgen import embed
from reportgen.config import Settings
from reportgen.living import lineage
from reportgen.model import Theme, ThemeSet
from reportgen.pipeline import fit_key, run_site

TOPICS = ("graph neural networks for molecules", "speech recognition with transformers", "robot grasping from vision")


def write_corpus(path: Path, n: int) -> list[dict]:
    rows = [
        {
            "id": f"2501.{i:05}",
            "title": f"Paper {i} on {TOPICS[i % 3]}",
            "abstract": f"We study {TOPICS[i % 3]}. Case {i} improves accuracy by {i % 7 + 1}.5%.",
        }
        for i in range(n)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def seed_state(state: Path, rows: list[dict], fitted: int, settings: Settings) -> None:
    """Vectors for every row (cached), and a fit of the first `fitted` rows into the three topics."""
    mid = embed.model_id(settings.embedding)
    rng = np.random.default_rng(0)
    vectors = {}
    for i, row in enumerate(rows):
        v = np.zeros(384, dtype=np.float32)
        v[i % 3] = 1.0
        v += rng.normal(scale=0.05, size=384).astype(np.float32)
        vectors[embed.EmbeddingCache.key(mid, f"{row['title']}. {row['abstract']}")] = v / np.linalg.norm(v)
    embed.EmbeddingCache(state / "embeddings.sqlite").put(vectors)
    ids = [r["id"] for r in rows[:fitted]]
    themes = ThemeSet(
        themes=tuple(
            Theme(
                id=t + 1,
                label=TOPICS[t].title(),
                slug=TOPICS[t].replace(" ", "-"),
                keywords=tuple(TOPICS[t].split()),
                paper_ids=tuple(ids[t::3]),
            )
            for t in range(3)
        ),
        outliers=(),
        coords={pid: (float(i % 3), float(i)) for i, pid in enumerate(ids)},
    )
    fit = lineage.FitState(
        key=fit_key(settings, mid),
        papers=tuple(sorted(ids)),
        themes=themes,
        note=lineage.FitNote(refitted=True, reason="first build"),
    )
    (state / lineage.FIT_FILE).write_bytes(lineage.fit_bytes(fit))
    (state / lineage.STATE_FILE).write_bytes(lineage.state_bytes(None, lineage.snapshot(themes, tuple(ids), 4)))


def test_new_papers_are_placed_without_a_model_or_a_fit(tmp_path: Path) -> None:
    settings = Settings()
    state = tmp_path / "state"
    state.mkdir()
    rows = write_corpus(tmp_path / "corpus.jsonl", 33)
    seed_state(state, rows, fitted=30, settings=settings)
    result = run_site([tmp_path / "corpus.jsonl"], settings, tmp_path / "site", state_dir=state)
    assert result.embedded == 0
    theme_of = result.report.themes.theme_of()
    for i in range(30, 33):
        assert theme_of[rows[i]["id"]] == i % 3 + 1  # joined the theme of its topic
    changes = (tmp_path / "site" / "docs" / "changes.md").read_text(encoding="utf-8")
    assert (
        "kept the themes of the last fit, with no refit: 3 new papers placed in the existing themes (3 by nearest theme centre, 0 to Other)"
        in changes
    )
    stored = lineage.read_fit(state)
    assert stored is not None and len(stored.papers) == 30 and sum(t.size for t in stored.themes.themes) == 33

    again = run_site(
        [tmp_path / "corpus.jsonl"], settings, tmp_path / "site2", state_dir=state
    )  # unchanged corpus: same pages
    first = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "site2"): p.read_bytes() for p in (tmp_path / "site2").rglob("*") if p.is_file()}
    assert again.embedded == 0 and first == second
