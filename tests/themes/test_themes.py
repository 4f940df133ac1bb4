"""The theme stage's own logic; the real BERTopic fit is exercised in tests/test_e2e.py."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from reportgen import codec
from reportgen.model import FitReport, Theme, ThemeGroup, ThemeSet
from reportgen.themes import DOMAIN_STOP_WORDS, PhraseAnalyzer, group_themes, theme_bounds
from reportgen.themes.keyphrases import dehyphenation_map, rank_terms

ANALYZE = PhraseAnalyzer(frozenset(ENGLISH_STOP_WORDS), DOMAIN_STOP_WORDS)


def test_phrases_keep_hyphens_and_never_span_stop_words_or_punctuation() -> None:
    terms = ANALYZE("Large language models (LLMs) for text-to-image synthesis; a mixture of experts.")
    assert "text-to-image synthesis" in terms and "mixture of experts" in terms
    assert "texttoimage" not in " ".join(terms)
    assert not any(t.startswith(("large", "of ", "a ")) or t.endswith((" of", " for")) for t in terms)
    assert "language llms" not in terms  # sklearn's stop-words-first n-grams make this non-phrase


def test_boilerplate_heads_a_phrase_but_is_never_a_keyword_alone() -> None:
    terms = ANALYZE("We propose diffusion models and contrastive learning.")
    assert "diffusion models" in terms and "contrastive learning" in terms
    assert "models" not in terms and "learning" not in terms and "propose" not in terms


def test_possessives_make_no_phrase() -> None:
    assert "agent s" not in ANALYZE("The agent's memory and the agent’s skills.")


@pytest.mark.parametrize("n", [30, 182, 1000, 5000, 50000])
def test_bounds_scale_with_the_corpus(n: int) -> None:
    bounds = theme_bounds(n)
    assert 2 <= bounds.min_themes <= bounds.max_themes <= 40
    assert 3 <= bounds.min_size <= max(3, n // 20)


def test_settings_override_bounds() -> None:
    bounds = theme_bounds(500, max_themes=9, min_size=7)
    assert (bounds.max_themes, bounds.min_size) == (9, 7)


def test_claim_words_never_make_keywords() -> None:
    terms = ANALYZE(
        "Retrieval augmentation consistently outperforms state-of-the-art retrievers and quickly converges, efficiently boosting recall."
    )
    assert not any(
        w in t.split()
        for t in terms
        for w in ("consistently", "outperforms", "quickly", "efficiently", "boosting", "state-of-the-art")
    )
    assert "retrieval augmentation" in terms and "retrievers" in terms


def test_line_break_hyphens_are_joined_but_compounds_kept() -> None:
    docs = ["Recurrent neu-ral networks.", "Neural networks are neural.", "Few-shot text-to-image synthesis."]
    mapping = dehyphenation_map(docs)
    assert mapping == {"neu-ral": "neural"}
    analyze = PhraseAnalyzer(frozenset(ENGLISH_STOP_WORDS), DOMAIN_STOP_WORDS, dehyphen=mapping)
    assert "recurrent neural networks" in analyze(docs[0]) and "few-shot" in analyze(docs[2])


def _themes(k: int) -> list[Theme]:
    return [
        Theme(id=i, label=f"T{i}", slug=f"t{i}", keywords=("a",), paper_ids=tuple(f"p{i}-{j}" for j in range(30 - i)))
        for i in range(1, k + 1)
    ]


def test_hierarchy_groups_similar_themes() -> None:
    axes = np.eye(3, dtype=np.float32)
    centroids = np.stack([axes[i % 3] + 0.05 * (i // 3) for i in range(9)])  # themes 1,4,7 | 2,5,8 | 3,6,9
    groups = group_themes(_themes(9), centroids)  # sqrt(9) = 3 groups
    assert sorted(g.theme_ids for g in groups) == [(1, 4, 7), (2, 5, 8), (3, 6, 9)]


def test_no_chapter_holds_a_single_theme() -> None:
    axes = np.eye(3)
    centroids = np.stack([axes[0] + 0.01 * i for i in range(4)] + [axes[1] + 0.01 * i for i in range(4)] + [axes[2]])
    groups = group_themes(_themes(9), centroids)
    assert all(len(g.theme_ids) >= 2 for g in groups) and sum(len(g.theme_ids) for g in groups) == 9


def test_themeset_survives_the_cache_round_trip() -> None:
    original = ThemeSet(
        themes=tuple(_themes(2)),
        outliers=("x",),
        coords={"x": (0.5, -1.0)},
        fit=FitReport("Ward", 2, 3, 2, 3, None, 0.5, 0.333, 0.5, "words", "c-TF-IDF"),
        similarity=((1.0, 0.2), (0.2, 1.0)),
        groups=(ThemeGroup(1, "G", (1, 2)),),
    )
    assert codec.from_data(ThemeSet, json.loads(json.dumps(codec.to_data(original)))) == original


def test_grouped_themes_are_numbered_chapter_by_chapter() -> None:
    from reportgen.themes import chapter_order

    themes = _themes(4)  # sizes 29, 28, 27, 26
    groups = (ThemeGroup(1, "A", (2, 4)), ThemeGroup(2, "B", (1, 3)))
    ordered, regrouped, order = chapter_order(themes, groups)
    assert [t.label for t in ordered] == ["T2", "T4", "T1", "T3"] and order == [1, 3, 0, 2]
    assert [t.id for t in ordered] == [1, 2, 3, 4] and [t.parent for t in ordered] == [1, 1, 2, 2]
    assert [g.theme_ids for g in regrouped] == [(1, 2), (3, 4)]


def test_page_names_stay_short_with_their_number() -> None:
    from reportgen.strings import SLUG_LENGTH, slugify, unique_slug

    slug = slugify("quantumfluxcapacitor" * 15)
    taken = {slug}
    for _ in range(12):
        taken.add(unique_slug(slug, taken))
    assert len(taken) == 13 and all(len(s) <= SLUG_LENGTH for s in taken)


def test_an_unnamed_chapter_of_three_themes_stays_one_and_a_smaller_one_merges() -> None:
    from reportgen.config import ThemeSettings
    from reportgen.model import Corpus, Paper
    from reportgen.themes import FURTHER, named_groups
    from reportgen.themes.keyphrases import analyzer as make_analyzer
    from reportgen.themes.labels import PhraseCounts

    topics = ["vision", "vision", "language", "language", "misc", "misc", "misc"]
    cats = {"vision": ("cs.CV",), "language": ("cs.CL",), "misc": ()}
    papers = [
        Paper(
            id=f"p{t}-{j}",
            title=f"Paper {t} {j}",
            abstract=f"Unrelated words number {t * 7 + j} here.",
            categories=cats[kind],
        )
        for t, kind in enumerate(topics, 1)
        for j in range(4)
    ]
    themes = [
        Theme(id=t, label=f"T{t}", slug=f"t{t}", keywords=("a",), paper_ids=tuple(f"p{t}-{j}" for j in range(4)))
        for t in range(1, 8)
    ]
    centroids = np.eye(7)
    docs = [p.text for p in papers]
    counts = PhraseCounts(
        docs, [p.title or "" for p in papers], make_analyzer(ThemeSettings(), docs, 3, broad=True), broad=True
    )
    groups = (ThemeGroup(1, "", (1, 2)), ThemeGroup(2, "", (3, 4)), ThemeGroup(3, "", (5, 6, 7)))
    named = named_groups(groups, themes, centroids, Corpus(tuple(papers)), counts)
    assert [g.label for g in named] == ["Computer vision", "Computation and language", FURTHER.name]
    small = (ThemeGroup(1, "", (1, 2, 5)), ThemeGroup(2, "", (3, 4)), ThemeGroup(3, "", (6, 7)))
    near = centroids.copy()
    near[5:7] = near[2] + 0.1 * near[5:7]  # themes 6 and 7 sit next to theme 3
    merged = named_groups(small, themes, near, Corpus(tuple(papers)), counts)
    assert len(merged) == 2 and sum(len(g.theme_ids) for g in merged) == 7
    unnamed = (ThemeGroup(1, "", (1, 5, 6)), ThemeGroup(2, "", (2, 7, 3)), ThemeGroup(3, "", (4,)))
    assert named_groups(unnamed, themes, centroids, Corpus(tuple(papers)), counts) == ()  # two unnamed: no chapters


def test_keywords_with_the_same_score_keep_their_order_on_every_cpu() -> None:
    """Scores that differ only in their last bits (NumPy's AVX-512 and AVX2 loops) rank the same."""
    tie = 0.123456789012
    avx512 = [("texture", tie), ("t2i", tie + 2e-16), ("face", 0.1)]
    avx2 = [("t2i", tie), ("texture", tie + 2e-16), ("face", 0.1)]
    assert rank_terms(avx512) == rank_terms(avx2) == ["t2i", "texture", "face"]
    assert rank_terms([("b", 0.2), ("a", 0.1), ("", 0.3)]) == ["b", "a"]  # higher first; empty terms dropped
    assert rank_terms([("reinforcement", 0.2), ("reinforcement learning", 0.2)])[0] == "reinforcement learning"
