"""Themes: BERTopic on the corpus embeddings, sized to the corpus, seeded.

The only module that imports bertopic / umap / hdbscan.  Its output is turned
into plain Theme values at once, and cached on disk under a key made of
everything that determines it, so a rebuild of an unchanged corpus skips the
fit (and the 10-50 s of numba compilation UMAP costs in a fresh process).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from reportgen.config import ThemeSettings
from reportgen.model import Corpus, Embeddings, Theme, ThemeGroup, ThemeSet
from reportgen.writer import write_atomic

# Research boilerplate: never a keyword on its own and never the start of a
# keyphrase, but allowed to end one ("diffusion models", "reinforcement learning").
DOMAIN_STOP_WORDS = frozenset(
    """
    model models method methods approach approaches propose proposed proposes present presents
    paper papers work works result results show shows shown demonstrate demonstrates novel new
    based using use used existing state art performance framework frameworks task tasks problem
    problems experiments experimental extensive outperforms outperform significantly significant
    achieve achieves achieving achieved improve improves improved improvement improvements effective
    effectively efficient study studies introduce introduces introduced paradigm various different
    large scale however also well first recent recently code available github com https http www
    data dataset datasets benchmark benchmarks evaluation evaluate evaluated leverage leverages
    learning deep neural network networks while compared comparable superior across including key
    furthermore moreover specifically finally particular enables enable address addresses challenge
    challenges demonstrating notably remains remain limited strong stronger better best high higher
    language languages llm llms lms training trained train tuning capabilities capability ability
    abilities applications application settings setting diverse wide range multiple simple
    general generalization quality accuracy efficiency robust robustness analysis insights
    real world way ways like make makes making provide provides process processes previous prior
    """.split()
)
# Boilerplate words that may still head a keyphrase: "diffusion models", "contrastive learning".
HEAD_NOUNS = frozenset("models model learning network networks training tuning tasks data datasets benchmark benchmarks".split())
# Keeps hyphenated terms whole: "text-to-image", "few-shot", "KV-cache".
TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")  # "agent's" -> "agent", not the phrase "agent s"
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d/]|\s-\s|\s\u2013\s")


class PhraseAnalyzer:
    """Words and 2-3 word keyphrases that read as phrases.

    scikit-learn drops stop words before forming n-grams, so "large language
    models (LLMs)" yields the non-phrase "language llms".  Here n-grams are
    formed first, never across punctuation, and kept only if they neither start
    nor end with a function word ("of" may sit inside: "mixture of experts").
    """

    def __init__(self, english: frozenset[str], domain: frozenset[str], max_words: int = 4) -> None:
        self.english, self.domain, self.max_words = english, domain, max_words

    def __call__(self, doc: str) -> list[str]:
        terms: list[str] = []
        for clause in _CLAUSE_BREAK.split(_POSSESSIVE.sub("", doc.lower())):
            tokens = TOKEN.findall(clause)
            for i, first in enumerate(tokens):
                if first in self.english or first in self.domain or len(first) < 2:
                    continue
                if len(first) > 2:
                    terms.append(first)
                for n in range(2, self.max_words + 1):
                    gram = tokens[i : i + n]
                    if len(gram) < n or any(t in self.english and t != "of" for t in gram[1:]):
                        break
                    if gram[-1] != "of" and (gram[-1] not in self.domain or gram[-1] in HEAD_NOUNS):
                        terms.append(" ".join(gram))
        return terms


@dataclass(frozen=True)
class Sizing:
    """UMAP/HDBSCAN parameters chosen for a corpus of n papers."""

    n_neighbors: int
    min_cluster_size: int
    min_samples: int
    max_themes: int
    n_components: int = 5


def size_parameters(n: int, settings: ThemeSettings) -> Sizing:
    """Small corpora need small clusters; large ones a cap on the number of themes.

    BERTopic's fixed min_cluster_size=10 finds 4-5 themes in 200-300 abstracts
    and ~85 (with 37% outliers) in 5,000.  Clusters grow with n^0.4 (4 papers at
    180, 15 at 5,000, 38 at 50,000); HDBSCAN then over-splits a little and
    BERTopic merges similar themes down to the cap, which grows with sqrt(n)
    (20 at 180, 40 from 700 on).  Measured in benchmarks/theme_quality.py.
    """
    min_size = settings.min_theme_size or max(3, round(0.5 * n**0.4))
    neighbors = settings.n_neighbors or int(min(30, max(5, round(math.sqrt(n)))))
    max_themes = settings.max_themes or int(min(40, max(8, round(1.5 * math.sqrt(n)))))
    return Sizing(n_neighbors=min(neighbors, max(2, n - 1)), min_cluster_size=min_size, min_samples=max(2, min_size // 2), max_themes=max_themes)


def cache_key(corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(settings), sort_keys=True).encode())
    digest.update(embeddings.model.encode())
    for paper in corpus.papers:
        digest.update(f"{paper.id}\n{paper.title}\n{paper.abstract}\n".encode())
    digest.update(np.ascontiguousarray(embeddings.vectors).tobytes())
    digest.update(_versions().encode())
    return digest.hexdigest()


def _versions() -> str:
    from importlib import metadata

    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]  # a change to this algorithm invalidates the cache
    return own + "," + ",".join(f"{p}={metadata.version(p)}" for p in ("bertopic", "umap-learn", "hdbscan", "scikit-learn"))


def find_themes(corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings, *, cache_dir: Path | None = None, load_model: Callable[[], Any] | None = None) -> ThemeSet:
    """Cached front door: the same corpus, vectors and settings give the stored ThemeSet."""
    path = cache_dir / f"{cache_key(corpus, embeddings, settings)}.json" if cache_dir else None
    if path is not None and path.is_file():
        return themeset_from_json(json.loads(path.read_text(encoding="utf-8")))
    themes = fit_themes(corpus, embeddings, settings, embedding_model=load_model() if load_model else None)
    if path is not None:
        write_atomic(path, json.dumps(themeset_to_json(themes)).encode())
    return themes


def fit_themes(corpus: Corpus, embeddings: Embeddings, settings: ThemeSettings, *, embedding_model: Any = None) -> ThemeSet:
    docs = [_doc(p.title, p.abstract) for p in corpus.papers]
    vectors = np.asarray(embeddings.vectors, dtype=np.float32)
    sizing = size_parameters(len(docs), settings)
    topics, keywords, reduced = _run_bertopic(docs, vectors, sizing, settings, embedding_model)
    return _to_themeset(corpus, vectors, topics, keywords, reduced, sizing, settings)


def _doc(title: str | None, abstract: str) -> str:
    return f"{title}. {abstract}" if title else abstract


def _vectorizer(settings: ThemeSettings, n_docs: int) -> Any:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    domain = DOMAIN_STOP_WORDS | {w.lower() for w in settings.stop_words}
    min_df = 1 if n_docs < 50 else max(2, round(n_docs * 0.0005))  # rare phrases blow up memory on 50k papers
    return CountVectorizer(analyzer=PhraseAnalyzer(frozenset(ENGLISH_STOP_WORDS), frozenset(domain)), min_df=min_df)


def _run_bertopic(docs: list[str], vectors: np.ndarray, sizing: Sizing, settings: ThemeSettings, embedding_model: Any) -> tuple[list[int], dict[int, list[str]], np.ndarray]:
    from bertopic import BERTopic
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from umap import UMAP

    _cache_compiled_kernels()
    umap = UMAP(n_neighbors=sizing.n_neighbors, n_components=sizing.n_components, min_dist=0.0, metric="cosine", random_state=settings.seed, low_memory=True)
    hdbscan = HDBSCAN(min_cluster_size=sizing.min_cluster_size, min_samples=sizing.min_samples, metric="euclidean", cluster_selection_method="eom", prediction_data=True)
    model = BERTopic(
        embedding_model=embedding_model,
        umap_model=umap,
        hdbscan_model=hdbscan,
        vectorizer_model=_vectorizer(settings, len(docs)),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=settings.top_words,
        calculate_probabilities=False,
        verbose=False,
    )
    logging.getLogger("BERTopic").disabled = True  # its warnings are about choices made here on purpose
    topics, _ = model.fit_transform(docs, embeddings=vectors)
    if len(set(topics) - {-1}) > sizing.max_themes:
        model.reduce_topics(docs, nr_topics=sizing.max_themes + 1)
        topics = list(model.topics_)
    topics = reassign_outliers(list(topics), vectors, settings.outlier_threshold)
    representation: Any = [MaximalMarginalRelevance(diversity=0.3, top_n_words=settings.top_words)]
    if embedding_model is not None:
        representation.insert(0, KeyBERTInspired(top_n_words=settings.top_words, random_state=settings.seed))
    model.update_topics(docs, topics=topics, vectorizer_model=_vectorizer(settings, len(docs)), ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True), representation_model=representation, top_n_words=settings.top_words)
    keywords = {t: [w for w, _ in model.get_topic(t) or [] if w] for t in set(topics) if t != -1}
    reduced = model.umap_model.embedding_ if hasattr(model.umap_model, "embedding_") else vectors
    return topics, keywords, np.asarray(reduced)


def _cache_compiled_kernels() -> None:
    """Keep UMAP's and pynndescent's compiled numba kernels on disk.

    Most are not marked cache=True, so every fresh process compiled ~250 of
    them again: 20-25 s of a 30 s theme fit on the example.  With numba's disk
    cache on (in NUMBA_CACHE_DIR, which the pipeline points into reportgen's
    cache folder) that is paid once per machine, or once per CI state folder.
    """
    import sys
    import warnings

    from numba.core.dispatcher import Dispatcher
    from numba.core.errors import NumbaWarning

    # A few pynndescent kernels hold ctypes pointers and cannot be cached; numba says so on every run.
    warnings.filterwarnings("ignore", message=r".*Cannot cache compiled function", category=NumbaWarning)
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] in ("umap", "pynndescent"):
            for kernel in [v for v in vars(module).values() if isinstance(v, Dispatcher)]:
                kernel.enable_caching()


def reassign_outliers(topics: list[int], vectors: np.ndarray, threshold: float) -> list[int]:
    """Give an outlier to its nearest theme only when it is close enough (cosine >= threshold).

    BERTopic's reduce_outliers with threshold 0 absorbs every outlier, which
    puts off-topic papers into themes; the rest stay in "Other".
    """
    labels = np.array(topics)
    ids = sorted(set(topics) - {-1})
    if not ids or -1 not in topics:
        return topics
    centroids = _unit(np.stack([vectors[labels == t].mean(axis=0) for t in ids]))
    out = list(topics)
    for i in np.flatnonzero(labels == -1):
        sims = centroids @ vectors[i]
        best = int(np.argmax(sims))
        if sims[best] >= threshold:
            out[i] = ids[best]
    return out


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True).clip(min=1e-12)


def _to_themeset(corpus: Corpus, vectors: np.ndarray, topics: list[int], keywords: dict[int, list[str]], reduced: np.ndarray, sizing: Sizing, settings: ThemeSettings) -> ThemeSet:
    labels = np.array(topics)
    ids = [p.id for p in corpus.papers]
    # Largest theme first; ties broken by content, never by BERTopic's internal numbering.
    order = sorted(set(topics) - {-1}, key=lambda t: (-int((labels == t).sum()), min(ids[i] for i in np.flatnonzero(labels == t))))
    docs = [_doc(p.title, p.abstract) for p in corpus.papers]
    lowered = [d.lower() for d in docs]

    @functools.cache
    def corpus_share(term: str) -> float:
        return phrase_share(term, lowered)

    themes, centroids, slugs = [], [], set()
    for number, topic in enumerate(order, 1):
        members = np.flatnonzero(labels == topic)
        centroid = _unit(vectors[members].mean(axis=0))
        closeness = vectors[members] @ centroid
        ranked = [ids[i] for i in members[np.lexsort((np.array([ids[i] for i in members]), -closeness))]]
        words = tuple(keywords.get(topic, []))
        label = make_label(words, [docs[i] for i in members], {t.label.lower() for t in themes}, corpus_share)
        slug = _unique_slug(slugify(label), slugs)
        themes.append(Theme(id=number, label=label, slug=slug, keywords=words, paper_ids=tuple(ranked)))
        centroids.append(centroid)
    similarity = tuple(tuple(round(float(x), 4) for x in row) for row in (np.stack(centroids) @ np.stack(centroids).T)) if centroids else ()
    coords = _map_2d(reduced, settings.seed)
    groups = group_themes(themes, np.stack(centroids)) if len(themes) >= HIERARCHY_MIN_THEMES else ()
    parent = {tid: g.id for g in groups for tid in g.theme_ids}
    return ThemeSet(
        themes=tuple(dataclasses.replace(t, parent=parent.get(t.id)) for t in themes),
        groups=groups,
        outliers=tuple(sorted(ids[i] for i in np.flatnonzero(labels == -1))),
        coords={pid: (round(float(x), 4), round(float(y), 4)) for pid, (x, y) in zip(ids, coords)},
        settings={**asdict(sizing), "seed": settings.seed, "outlier_threshold": settings.outlier_threshold, "vectorizer": "1-3-grams, English + domain stop words", "representation": "KeyBERTInspired + MMR"},
        similarity=similarity,
    )


HIERARCHY_MIN_THEMES = 16  # fewer themes read fine as one flat list


def group_themes(themes: Sequence[Theme], centroids: np.ndarray) -> tuple[ThemeGroup, ...]:
    """Group related themes (average-linkage on centroid cosine) into about sqrt(k) parents.

    A group is named after its two largest themes; groups are numbered by size.
    """
    from sklearn.cluster import AgglomerativeClustering

    count = max(2, round(math.sqrt(len(themes))))
    labels = AgglomerativeClustering(n_clusters=count, metric="cosine", linkage="average").fit_predict(centroids)
    members = [[t for t, l in zip(themes, labels) if l == g] for g in range(count)]
    members.sort(key=lambda ms: (-sum(t.size for t in ms), ms[0].id))
    return tuple(
        ThemeGroup(id=i, label=" · ".join(t.label for t in sorted(ms, key=lambda t: -t.size)[:2]), theme_ids=tuple(sorted(t.id for t in ms)))
        for i, ms in enumerate(members, 1)
    )


def _map_2d(reduced: np.ndarray, seed: int) -> np.ndarray:
    """2-D positions for the map chart, from the 5-D space the clusters were found in."""
    if len(reduced) < 4:
        return np.zeros((len(reduced), 2))
    from umap import UMAP

    return UMAP(n_neighbors=min(15, len(reduced) - 1), n_components=2, min_dist=0.1, random_state=seed).fit_transform(reduced)


def phrase_share(term: str, lowered_docs: Sequence[str]) -> float:
    """Share of documents containing `term` as whole words ("agent s" is not in "agent skills")."""
    whole = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
    return sum(1 for d in lowered_docs if term in d and whole.search(d)) / max(1, len(lowered_docs))


def label_candidates(keywords: Sequence[str], docs: Sequence[str], corpus_share: Callable[[str], float]) -> list[str]:
    """Keyphrases of 2-4 words first (they read as labels), then single words; each group by distinctiveness.

    KeyBERTInspired ranks by similarity to the theme, which favours phrases every
    paper uses ("pre-trained models"); a label should name what the theme's
    papers share and the rest do not: share in theme x log(lift over the corpus).
    """
    lowered = [d.lower() for d in docs]

    def score(term: str) -> float:
        inside = phrase_share(term, lowered)
        outside = max(corpus_share(term), 1e-6)
        return inside * math.log(inside / outside) if inside >= 0.15 and inside > outside else 0.0

    ranked = sorted(keywords, key=lambda k: (-score(k), keywords.index(k)))
    phrases = [k for k in ranked if 2 <= len(k.split()) <= 4]
    return phrases + [k for k in ranked if len(k.split()) == 1]


def make_label(keywords: Sequence[str], docs: Sequence[str], taken: set[str] = frozenset(), corpus_share: Callable[[str], float] = lambda _: 0.0) -> str:
    """A 2-5 word label in the casing the papers use ("KV cache compression"), distinct from `taken`.

    Prefers the best keyphrase; a phrase contained in an already used label, or
    containing one, counts as taken, so sibling themes don't share a name.
    """
    def free(label: str) -> bool:
        low = label.lower()
        return not any(low in t or t in low for t in taken)

    candidates = label_candidates(keywords, docs, corpus_share)
    chosen = next((c for c in candidates if free(c)), None)
    if chosen is None or len(chosen.split()) == 1:
        singles = [c for c in candidates if len(c.split()) == 1 and free(c) and c != chosen]
        first = chosen or (singles.pop(0) if singles else (candidates[0] if candidates else "miscellaneous"))
        partner = next((w for w in singles if w not in first), None)
        chosen = f"{first} and {partner}" if partner else first
    label = " ".join(_surface_form(w, docs) for w in chosen.split())
    return label[:1].upper() + label[1:]


def _surface_form(word: str, docs: Sequence[str]) -> str:
    """The most common spelling of a lowercased word in the documents: keeps "LLM", "KV", "LoRA"."""
    if word in ("and", "of"):
        return word
    found = Counter(m.group(0) for d in docs for m in re.finditer(rf"(?i)(?<![\w-]){re.escape(word)}(?![\w-])", d))
    if not found:
        return word
    best = max(sorted(found.items()), key=lambda kv: kv[1])[0]
    acronym = any(any(c.isupper() for c in part[1:]) for part in best.split("-"))  # LoRA, KV, LLMs; not In-Context
    return best if acronym else best.lower()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "theme"


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def themeset_to_json(themes: ThemeSet) -> dict[str, Any]:
    return {
        "themes": [asdict(t) for t in themes.themes],
        "outliers": list(themes.outliers),
        "coords": {k: list(v) for k, v in themes.coords.items()},
        "settings": dict(themes.settings),
        "similarity": [list(r) for r in themes.similarity],
        "groups": [asdict(g) for g in themes.groups],
    }


def themeset_from_json(data: dict[str, Any]) -> ThemeSet:
    return ThemeSet(
        themes=tuple(Theme(**{**t, "keywords": tuple(t["keywords"]), "paper_ids": tuple(t["paper_ids"])}) for t in data["themes"]),
        outliers=tuple(data["outliers"]),
        coords={k: (v[0], v[1]) for k, v in data["coords"].items()},
        settings=data["settings"],
        similarity=tuple(tuple(r) for r in data["similarity"]),
        groups=tuple(ThemeGroup(id=g["id"], label=g["label"], theme_ids=tuple(g["theme_ids"])) for g in data.get("groups", ())),
    )
