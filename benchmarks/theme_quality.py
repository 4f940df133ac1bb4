"""Theme quality: reportgen's theme stage beside plain BERTopic defaults, on labelled arXiv subsets.

For each subset of ../shared/corpora (labels = each paper's primary arXiv category):
NMI and ARI of the themes against the labels (outliers count as one more
cluster), topic coherence (NPMI of the top-10 terms, document co-occurrence),
topic diversity (unique top-10 terms / all), outlier share, theme count, fit time.
Both models get the same MiniLM embeddings (cached by reportgen).

    python benchmarks/theme_quality.py [--small 300] [--large 5000] [--chunking]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.config import EmbeddingSettings, IngestSettings, ThemeSettings  # noqa: E402
from reportgen.embed import EmbeddingCache, embed_corpus, load_model  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402
from reportgen.themes import fit_themes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def stratified(n: int, per_category: int, out: Path) -> Path:
    """Up to `per_category` papers from each primary category, most common categories first, n in all."""
    by_cat: dict[str, list[str]] = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, 20000):
            cat = json.loads(line)["categories"][0]
            bucket = by_cat.setdefault(cat, [])
            if len(bucket) < per_category:
                bucket.append(line)
    cats = sorted(by_cat, key=lambda c: (-len(by_cat[c]), c))
    lines = [l for c in cats for l in by_cat[c]][:n]
    out.write_text("".join(lines), encoding="utf-8")
    return out


def first(n: int, out: Path) -> Path:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        out.write_text("".join(itertools.islice(handle, n)), encoding="utf-8")
    return out


def npmi(topics: list[list[str]], docs: list[str]) -> float:
    """Mean NPMI over pairs of each topic's top-10 terms; a term 'occurs' in a doc that contains it."""
    lowered = [" " + " ".join(WORD.findall(d.lower())) + " " for d in docs]
    n = len(lowered)
    occurs: dict[str, set[int]] = {}
    for term in {t for topic in topics for t in topic}:
        occurs[term] = {i for i, d in enumerate(lowered) if f" {term} " in d}
    scores = []
    for topic in topics:
        for a, b in itertools.combinations(topic[:10], 2):
            pa, pb = len(occurs[a]) / n, len(occurs[b]) / n
            pab = len(occurs[a] & occurs[b]) / n
            if pa == 0 or pb == 0:
                continue
            scores.append(-1.0 if pab == 0 else (1.0 if pab == 1 else math.log(pab / (pa * pb)) / -math.log(pab)))
    return float(np.mean(scores)) if scores else float("nan")


def content_words(topics: list[list[str]]) -> list[list[str]]:
    """Each topic's first 10 distinct content words (phrases split, English stop words dropped).

    BERTopic's defaults keep stop words ("the", "of"), which co-occur everywhere and
    score a high NPMI while saying nothing; reportgen's keyphrases are rarer and
    score low on exact-phrase co-occurrence.  Scoring both on content words compares like with like.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    out = []
    for topic in topics:
        words = [w for term in topic for w in term.split() if w not in ENGLISH_STOP_WORDS]
        out.append(list(dict.fromkeys(words))[:10])
    return out


def diversity(topics: list[list[str]]) -> float:
    terms = [t for topic in topics for t in topic[:10]]
    return len(set(terms)) / len(terms) if terms else float("nan")


def scores(name: str, labels: list[str], assigned: list[int], topics: list[list[str]], docs: list[str], seconds: float) -> dict[str, object]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "model": name,
        "themes": len(topics),
        "outliers": round(sum(a == -1 for a in assigned) / len(assigned), 3),
        "NMI": round(normalized_mutual_info_score(labels, assigned), 3),
        "ARI": round(adjusted_rand_score(labels, assigned), 3),
        "NPMI": round(npmi(topics, docs), 3),
        "NPMI_words": round(npmi(content_words(topics), docs), 3),
        "diversity": round(diversity(topics), 3),
        "fit_s": round(seconds, 1),
    }


def run_reportgen(corpus, vectors, model) -> tuple[list[int], list[list[str]], float]:
    began = time.perf_counter()
    found = fit_themes(corpus, vectors, ThemeSettings(), embedding_model=model)
    seconds = time.perf_counter() - began
    theme_of = found.theme_of()
    return [theme_of[p.id] if theme_of[p.id] is not None else -1 for p in corpus.papers], [list(t.keywords) for t in found.themes], seconds


def run_defaults(docs, vectors, model) -> tuple[list[int], list[list[str]], float]:
    from bertopic import BERTopic

    began = time.perf_counter()
    topic_model = BERTopic(embedding_model=model)  # the library's defaults; only the model object is ours (offline)
    assigned, _ = topic_model.fit_transform(docs, embeddings=np.asarray(vectors.vectors))
    seconds = time.perf_counter() - began
    topics = [[w for w, _ in topic_model.get_topic(t)] for t in sorted(set(assigned) - {-1})]
    return list(assigned), topics, seconds


def evaluate(path: Path, title: str, model, cache: EmbeddingCache, chunking: bool) -> None:
    corpus = load_corpus([path], IngestSettings())
    labels = [json.loads(l)["categories"][0] for l in path.read_text().splitlines()]
    ids = [json.loads(l)["id"] for l in path.read_text().splitlines()]
    label_of = dict(zip(ids, labels))
    labels = [label_of[p.id] for p in corpus.papers]
    docs = [f"{p.title}. {p.abstract}" if p.title else p.abstract for p in corpus.papers]
    print(f"\n## {title}: {len(corpus.papers)} papers, {len(set(labels))} primary categories (top: {Counter(labels).most_common(3)})")
    rows: list[dict[str, object]] = []
    variants = [(False, "reportgen")] + ([(True, "reportgen+chunking")] if chunking else [])
    for chunked, name in variants:
        vectors = embed_corpus(corpus, EmbeddingSettings(chunking=chunked), cache, loader=lambda: model)
        assigned, topics, seconds = run_reportgen(corpus, vectors, model)
        rows.append(scores(name, labels, assigned, topics, docs, seconds))
        if not chunked:
            assigned, topics, seconds = run_defaults(docs, vectors, model)
            rows.append(scores("BERTopic defaults", labels, assigned, topics, docs, seconds))
            print("  defaults' first topics:", [t[:5] for t in topics[:3]])
    keys = list(rows[0])
    print(" | ".join(f"{k:>18}" if i == 0 else f"{k:>9}" for i, k in enumerate(keys)))
    for row in rows:
        print(" | ".join(f"{str(row[k]):>18}" if i == 0 else f"{str(row[k]):>9}" for i, k in enumerate(keys)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=300, help="papers in the stratified subset (25 per category)")
    parser.add_argument("--large", type=int, default=5000, help="papers in the large subset (the first N records); 0 to skip")
    parser.add_argument("--chunking", action="store_true", help="also score chunk-and-pool embeddings (small subset)")
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "reportgen")
    args = parser.parse_args()
    import tempfile

    cache = EmbeddingCache(args.cache_dir / "embeddings.sqlite")
    model = load_model(EmbeddingSettings())
    with tempfile.TemporaryDirectory() as tmp:
        evaluate(stratified(args.small, 25, Path(tmp) / "small.jsonl"), f"stratified {args.small}", model, cache, args.chunking)
        if args.large:
            evaluate(first(args.large, Path(tmp) / "large.jsonl"), f"first {args.large}", model, cache, False)  # chunked 5k: ~2x the embedding time


if __name__ == "__main__":
    main()
