"""Theme and chapter labels (themes/labels.py) and which clusters are themes (themes/curate.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from reportgen.themes import DOMAIN_STOP_WORDS, PhraseAnalyzer
from reportgen.themes.curate import dissolve_unnamed
from reportgen.themes.labels import (
    TOPICAL,
    PhraseCounts,
    category_names,
    group_phrases,
    label_themes,
    name_chapters,
    names_group,
    nominal,
    stem,
    surface,
)

ANALYZE = PhraseAnalyzer(frozenset(ENGLISH_STOP_WORDS), DOMAIN_STOP_WORDS, max_words=3)

KV = [
    "KV cache compression for LLMs. We compress the KV cache of long contexts.",
    "Eviction in KV caches. Evicting KV cache entries saves memory in serving.",
    "Quantized KV cache. A 2-bit KV cache keeps accuracy.",
]
GALAXIES = [
    "Galaxy clusters at high redshift. We observe galaxy clusters with X-ray data.",
    "Weak lensing of galaxy clusters. The mass of a galaxy cluster from shear.",
    "Radio halos in galaxy clusters. Diffuse emission traces merging galaxy clusters.",
]
OTHER = [
    "Protein folding with graphs. Residue contacts predict structure.",
    "Speech recognition for children. Acoustic models adapt to young voices.",
    "Traffic forecasting on roads. Sensors record vehicle speed.",
]


def _titles(docs: list[str]) -> list[str]:
    return [d.split(". ")[0] for d in docs]


def _counts(docs: list[str], broad: bool = False) -> PhraseCounts:
    return PhraseCounts(docs, _titles(docs), ANALYZE, broad)


def test_a_label_is_the_phrase_most_papers_share_in_their_spelling() -> None:
    docs = KV + GALAXIES + OTHER
    labels = label_themes([[0, 1, 2], [3, 4, 5]], docs, _titles(docs), _counts(docs))
    assert labels == ["KV cache", "Galaxy clusters"]  # plural as the papers mostly write it; "KV" kept


def test_a_group_no_phrase_names_is_called_so() -> None:
    docs = KV + GALAXIES + OTHER
    labels = label_themes([[0, 1, 2], [3, 4, 5], [6, 7, 8]], docs, _titles(docs), _counts(docs))
    assert labels[2] == "Miscellaneous" and not any(" and " in label for label in labels)


def test_plural_insensitive_keys_and_nominal_heads() -> None:
    assert stem("galaxies") == stem("galaxy") and stem("losses") == "loss" and stem("physics") == "physics"
    assert stem("bias") == "bias" and stem("analysis") == "analysis"
    assert nominal("dense retrieval") and nominal("magnetic field") and nominal("signal")
    assert not nominal("multimodal") and not nominal("spatial") and not nominal("image")
    assert surface("galaxy cluster", GALAXIES) == "galaxy clusters"


def test_capitals_stay_for_names_and_acronyms_only() -> None:
    docs = [
        "We train with Gaussian Splatting here.",
        "using Gaussian Splatting at scale",
        "the interstellar Object 3I/ATLAS and an interstellar object",
        "an interstellar object seen twice",
    ]
    assert surface("gaussian splatting", docs) == "Gaussian Splatting"
    assert surface("interstellar object", docs) == "interstellar object"
    assert surface("llm", ["Many LLMs fail.", "two LLMs agree"]) == "LLMs"


def test_chapters_take_a_category_the_records_carry_else_a_shared_phrase() -> None:
    chapters = [[0, 1, 2], [3, 4, 5]]
    categories = [("cs.CV",), ("cs.CV", "cs.LG"), ("cs.CV",), ("astro-ph.GA",), ("astro-ph.GA",), ("cs.LG",)]
    named = category_names(chapters, categories)
    assert [n.name for n in named if n] == ["Computer vision", "Astrophysics of galaxies"]
    assert (
        named[0] is not None and named[0].basis == "the subject category cs.CV (Computer vision) on 100% of its papers"
    )
    docs = KV + GALAXIES + OTHER
    names = name_chapters(
        [[0, 1, 2], [3, 4, 5]], docs, _titles(docs), _counts(docs, broad=True), avoid=[["KV cache"], ["Mergers"]]
    )
    assert names[0] is None or names[0].name != "KV cache"  # never as narrow as one of its themes
    assert (
        names[1] is not None
        and names[1].name == "Galaxy clusters"
        and names[1].basis.startswith("“galaxy clusters” in 100% of its papers")
    )


def test_a_cluster_no_phrase_names_is_dissolved_while_other_stays_small() -> None:
    docs = KV * 3 + GALAXIES * 3 + OTHER  # 3 of 21 papers in the grab-bag: 14% <= MAX_OTHER
    rng = np.random.default_rng(0)
    vectors = np.repeat(np.eye(3), [9, 9, 3], axis=0) + 0.01 * rng.normal(size=(21, 3))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.repeat(np.arange(3), [9, 9, 3])
    out = dissolve_unnamed(vectors, labels, _counts(docs))
    assert out[:18].tolist() == labels[:18].tolist()  # named themes keep their papers
    assert out[18:].tolist() == [-1, -1, -1]  # the grab-bag's papers fit no theme: Other
    few = np.r_[3:9, 12:21]  # 3 of 15: Other would hold 20%, so the grab-bag stays
    kept = dissolve_unnamed(vectors[few], labels[few], _counts([docs[i] for i in few]))
    assert kept.tolist() == labels[few].tolist()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["cache", "galaxy", "lensing", "protein", "graph", "speech", "and"]),
            min_size=3,
            max_size=12,
        ),
        min_size=4,
        max_size=12,
    )
)
def test_any_texts_get_distinct_nonempty_labels(words: list[list[str]]) -> None:
    docs = [" ".join(w) + ". " + " ".join(reversed(w)) for w in words]
    half = len(docs) // 2
    titles = [" ".join(w) for w in words]
    labels = label_themes(
        [list(range(half)), list(range(half, len(docs)))], docs, titles, PhraseCounts(docs, titles, ANALYZE)
    )
    assert all(labels) and labels[0] != labels[1] or labels == ["Miscellaneous", "Miscellaneous"]


def test_papers_in_other_that_share_a_phrase_become_a_theme() -> None:
    from reportgen.themes.curate import regroup_other

    docs = GALAXIES * 3 + KV * 2 + OTHER  # KV and OTHER papers start in Other
    vectors = np.repeat(np.eye(3), [9, 6, 3], axis=0) + 0.01 * np.random.default_rng(1).normal(size=(18, 3))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    labels = np.array([0] * 9 + [-1] * 9)
    out = regroup_other(vectors, labels, _counts(docs), min_size=3)
    assert out[:9].tolist() == [0] * 9
    assert set(out[9:15].tolist()) == {1}  # the KV papers: a theme
    assert out[15:].tolist() == [-1, -1, -1]  # nothing names the rest


def test_a_verb_that_opens_titles_is_no_label_and_a_facet_needs_three_papers() -> None:
    exploring = [
        "Exploring KV cache reuse. We study KV cache sharing across requests.",
        "Exploring KV cache eviction. Evicting KV cache entries saves memory.",
        "Exploring quantized KV caches. A 2-bit KV cache keeps accuracy.",
    ]
    docs = exploring + KV[:2] + ["Prefix caching with a paged KV cache. Paged attention for the KV cache."] + OTHER
    counts = _counts(docs)
    assert "exploring" in counts.verbs and "cache" not in counts.verbs
    labels = label_themes([list(range(6))], docs, _titles(docs), counts)
    assert "xploring" not in labels[0]
    facet = [p for p in docs if "paged" in p.lower()]
    assert len(facet) == 1 and "paged" not in labels[0].lower()  # one paper's detail is no facet


def test_a_word_that_is_mostly_part_of_one_phrase_names_nothing_alone() -> None:
    docs = (
        [f"Black holes in binaries {i}. The black hole spins." for i in range(4)]
        + ["A black body spectrum. Thermal emission."]
        + OTHER
    )
    counts = _counts(docs)
    assert "black" in counts.fragments and "hole" in counts.fragments  # 4 of 5 say "black hole"
    assert "spectrum" not in counts.fragments


def test_a_phrase_whose_papers_read_unalike_names_no_group() -> None:
    docs = [f"Domain shift {i}. The domain changes." for i in range(4)] + KV + GALAXIES
    vectors = np.vstack([np.eye(4), np.tile([1.0, 1, 0, 0], (3, 1)), np.tile([0, 0, 1.0, 1], (3, 1))])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    counts = PhraseCounts(docs, _titles(docs), ANALYZE, vectors=vectors)
    assert (counts.coherence("domain") or 0) < TOPICAL < (counts.coherence("kv cache") or 0)
    phrases = group_phrases([[0, 1, 2, 3], [4, 5, 6]], counts)
    assert not any(names_group(p) for p in phrases[0] if p.key == "domain")
    assert any(names_group(p) for p in phrases[1] if p.key == "kv cache")
