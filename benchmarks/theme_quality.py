"""Theme quality: reportgen's theme stage beside plain BERTopic defaults, on labelled arXiv subsets.

For each subset of ../shared/corpora (labels = each paper's primary arXiv category):
NMI and ARI of the themes against the labels (outliers count as one more
cluster), topic coherence (NPMI of the top-10 terms, document co-occurrence),
topic diversity (unique top-10 terms / all), outlier share, theme count, fit time.
Both models get the same MiniLM embeddings (cached by reportgen).

    python benchmarks/theme_quality.py [--small 300] [--large 5000] [--chunking]
    python benchmarks/theme_quality.py --random 600,2000,10000 --seeds 1,2,3 [--baseline CHECKOUT]

--medical: the labelled medical development set (../shared/corpora/medical-abstracts-dev.jsonl.gz),
scored the same way against its records' labels.

With --random or --medical, reportgen's fit also prints what a reader's chapters
need: each label's coverage (the share of its theme's papers that contain every
content word of the label's head, the part before any colon, plural-insensitive),
how many labels cover at least 30% and how many are two words joined by "and",
Other, and the adjusted Rand of a fit on 95% of the papers (a fixed 5%, those
whose ids hash lowest, left out) with the full fit, on the papers both hold.

--random: seeded uniform random samples of the whole shared corpus (one
permutation, seed 0; each size is a prefix of it), each fitted with every seed:
theme count, largest-theme share, Other share, pairwise adjusted Rand across
seeds, the share of papers whose theme moves under N(0, 1e-6) noise on every
vector, NMI and homogeneity against the primary category, fit time; with
BERTopic's defaults (and, with --baseline, the fit of another reportgen
checkout, e.g. a git worktree of an older commit) beside it.
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

from reportgen import runtime  # noqa: E402
from reportgen.config import EmbeddingSettings, IngestSettings, ThemeSettings  # noqa: E402
from reportgen.embed import EmbeddingCache, embed_corpus, load_model  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402
from reportgen.themes import fit_themes  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
MEDICAL = ROOT.parent / "shared" / "corpora" / "medical-abstracts-dev.jsonl.gz"
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


def random_sample(n: int, out: Path, seed: int = 0) -> Path:
    """The first n records of one seeded permutation of the whole corpus: uniform, and nested across sizes."""
    import random

    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    order = list(range(len(lines)))
    random.Random(seed).shuffle(order)
    out.write_text("\n".join(lines[i] for i in order[:n]) + "\n", encoding="utf-8")
    return out


def moved_share(a: list[int], b: list[int]) -> float:
    """Share of papers whose theme changed between two partitions (b's themes matched to a's by majority)."""
    pairs = Counter(zip(b, a))
    best = {}
    for (new, old), _ in sorted(pairs.items(), key=lambda kv: -kv[1]):
        best.setdefault(new, old)
    return sum(best[y] != x for x, y in zip(a, b)) / len(a)


def evaluate_random(
    path: Path,
    title: str,
    model,
    cache: EmbeddingCache,
    seeds: list[int],
    baseline: Path | None,
    defaults: bool = True,
    label_of: dict[str, str] | None = None,
) -> None:
    from sklearn.metrics import adjusted_rand_score, homogeneity_score, normalized_mutual_info_score

    corpus = load_corpus([path], IngestSettings())
    if label_of is None:  # arXiv records: the primary category
        label_of = {r["id"]: r["categories"][0] for r in map(json.loads, path.read_text().splitlines())}
    labels = [label_of[p.id] for p in corpus.papers]
    docs = [f"{p.title}. {p.abstract}" if p.title else p.abstract for p in corpus.papers]
    vectors = embed_corpus(corpus, EmbeddingSettings(), cache, loader=lambda: model)
    print(
        f"\n## {title}: {len(corpus.papers)} papers, {len(set(labels))} primary categories (top: {Counter(labels).most_common(3)})"
    )
    fitters = [("reportgen", lambda seed: run_reportgen(corpus, vectors, model, seed))]
    if defaults:
        fitters.append(("BERTopic defaults", lambda seed: run_defaults(docs, vectors, model, seed)))
    if baseline:
        fitters.append(
            ("baseline " + baseline.name, lambda seed: run_baseline(baseline, path, np.asarray(vectors.vectors), seed))
        )
    print("| model | seed | themes | largest | Other | NMI | homogeneity | fit s |\n|---|---|---|---|---|---|---|---|")
    for name, fit in fitters:
        runs = []
        for seed in seeds:
            assigned, topics, seconds = fit(seed)
            sizes = Counter(a for a in assigned if a != -1)
            runs.append(assigned)
            print(
                f"| {name} | {seed} | {len(sizes)} | {max(sizes.values()) / len(assigned):.1%} | {assigned.count(-1) / len(assigned):.1%} "
                f"| {normalized_mutual_info_score(labels, assigned):.3f} | {homogeneity_score(labels, assigned):.3f} | {seconds:.1f} |",
                flush=True,
            )
        aris = [adjusted_rand_score(a, b) for a, b in itertools.combinations(runs, 2)]
        if aris:
            print(f"|   {name}: seed ARI min {min(aris):.3f}, mean {np.mean(aris):.3f} |", flush=True)
        if name == "reportgen":
            noisy = vectors.vectors + np.random.default_rng(0).normal(scale=1e-6, size=vectors.vectors.shape).astype(
                np.float32
            )
            from reportgen.model import Embeddings

            moved, _, _ = run_reportgen(
                corpus, Embeddings(model=vectors.model, ids=vectors.ids, vectors=noisy), model, seeds[0]
            )
            print(f"|   reportgen: papers moved by N(0, 1e-6) noise: {moved_share(runs[0], moved):.2%} |", flush=True)
            chapter_figures(corpus, vectors, labels, model)


HELD_OUT = 0.05  # the share of papers a refit leaves out (those whose ids hash lowest: fixed, not random)
COVERED = 0.30  # a label "covers" its theme when at least this share of its papers contain its head's words


def _stem(word: str) -> str:
    """Plural-insensitive: "models" and "model", "policies" and "policy" compare equal."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if (word.endswith("es") and word[-3:-2] in ("s", "x")) or word.endswith(("ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def label_coverage(label: str, texts: list[str], stop_words: frozenset[str]) -> float:
    """The share of texts that contain every content word of the label's head (the part before any colon)."""
    head = {_stem(w) for w in WORD.findall(label.split(":")[0].lower()) if w not in stop_words}
    if not head:
        return 0.0
    return sum(head <= {_stem(w) for w in WORD.findall(t.lower())} for t in texts) / len(texts)


def chapter_figures(corpus, vectors, labels: list[str], model=None) -> None:
    """What issue 27 asks of the chapters: each label's coverage, Other, agreement with the records' own labels,
    and the agreement (adjusted Rand on the common papers) of a fit on 95% of the papers with the full fit."""
    import hashlib

    from sklearn.metrics import adjusted_rand_score, homogeneity_score, normalized_mutual_info_score

    from reportgen.model import Corpus, Embeddings
    from reportgen.vocab import load as load_vocabulary

    stop_words = load_vocabulary().stop_words
    found = fit_themes(corpus, vectors, ThemeSettings())
    texts = {p.id: p.text for p in corpus.papers}
    coverage = sorted(
        (label_coverage(t.label, [texts[p] for p in t.paper_ids], stop_words), t.label) for t in found.themes
    )
    glued = [label for _, label in coverage if re.fullmatch(r"\w[\w-]* and \w[\w-]*", label)]
    theme_of = found.theme_of()
    full = [theme_of[p.id] if theme_of[p.id] is not None else -1 for p in corpus.papers]
    by_hash = sorted(corpus.papers, key=lambda p: hashlib.sha256(p.id.encode()).hexdigest())
    left_out = {p.id for p in by_hash[: round(HELD_OUT * len(by_hash))]}
    keep = [i for i, p in enumerate(corpus.papers) if p.id not in left_out]
    part = Corpus(tuple(corpus.papers[i] for i in keep))
    part_vectors = Embeddings(vectors.model, tuple(vectors.ids[i] for i in keep), vectors.vectors[keep])
    refit_of = fit_themes(part, part_vectors, ThemeSettings()).theme_of()
    refit = [refit_of[p.id] if refit_of[p.id] is not None else -1 for p in part.papers]
    common = [full[i] for i in keep]
    agreement = adjusted_rand_score(common, refit)
    themed = [(a, b) for a, b in zip(common, refit) if a != -1 and b != -1]
    themed_agreement = adjusted_rand_score([a for a, _ in themed], [b for _, b in themed]) if themed else 0.0
    flips = sum((a == -1) != (b == -1) for a, b in zip(common, refit)) / len(common)
    print(
        f"|   chapters: {len(found.themes)} themes; Other {full.count(-1) / len(full):.1%}; "
        f"labels covering >= {COVERED:.0%} of their theme: {sum(c >= COVERED for c, _ in coverage)} of {len(coverage)} "
        f"(median {coverage[len(coverage) // 2][0]:.0%}); two words joined by 'and': {len(glued)}; "
        f"NMI {normalized_mutual_info_score(labels, full):.3f}, homogeneity {homogeneity_score(labels, full):.3f}; "
        f"ARI of a fit on {1 - HELD_OUT:.0%} with the full fit: {agreement:.3f} "
        f"(on the papers both put in a theme: {themed_agreement:.3f}; in Other in one fit only: {flips:.1%}) |",
        flush=True,
    )
    print("|   lowest coverage: " + "; ".join(f"{label} {c:.0%}" for c, label in coverage[:8]) + " |", flush=True)
    if model is not None:
        representation_figures(corpus, vectors, model, full, stop_words)


def representation_figures(corpus, vectors, model, assigned: list[int], stop_words: frozenset[str]) -> None:
    """Label coverage of BERTopic's own representation models on reportgen's partition, beside reportgen's labels.

    Each model's label is its top term per theme (BERTopic's custom labels
    join the top terms; a label is one name).  PartOfSpeech needs a spaCy
    English model, which no first-party package on PyPI ships, so it is left out.
    """
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance

    from reportgen.themes.keyphrases import vectorizer

    docs = [p.text for p in corpus.papers]
    models = {
        "c-TF-IDF (BERTopic's default)": None,
        "KeyBERTInspired": KeyBERTInspired(),
        "MaximalMarginalRelevance": MaximalMarginalRelevance(diversity=0.3),
        "KeyBERTInspired + MMR": [KeyBERTInspired(), MaximalMarginalRelevance(diversity=0.3)],
    }
    for name, representation in models.items():
        topic_model = BERTopic(
            embedding_model=model,
            umap_model=BaseDimensionalityReduction(),
            hdbscan_model=BaseCluster(),
            vectorizer_model=vectorizer(ThemeSettings(), docs),
            representation_model=representation,
        )
        topics, _ = topic_model.fit_transform(docs, embeddings=np.asarray(vectors.vectors), y=np.array(assigned))
        members: dict[int, list[str]] = {}
        for topic, doc in zip(topics, docs):
            members.setdefault(int(topic), []).append(doc)
        coverage = sorted(
            label_coverage((topic_model.get_topic(t) or [("", 0)])[0][0], texts, stop_words)
            for t, texts in members.items()
            if t != -1
        )
        print(
            f"|   labels by {name}: covering >= {COVERED:.0%}: {sum(c >= COVERED for c in coverage)} of {len(coverage)} "
            f"(median {coverage[len(coverage) // 2]:.0%}) |",
            flush=True,
        )


def medical_sample(out: Path) -> tuple[Path, dict[str, str]]:
    """The labelled medical development set, as reportgen reads it, with each record's label."""
    with gzip.open(MEDICAL, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return out, {r["id"]: r["label"] for r in records}


def run_baseline(
    checkout: Path, path: Path, vectors: np.ndarray, seed: int
) -> tuple[list[int], list[list[str]], float]:
    """Fit with another reportgen checkout in a subprocess (its own imports) on the same vectors."""
    import subprocess
    import tempfile

    code = (
        "import json,sys,time,numpy as np; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from reportgen.config import *; from reportgen.model import Embeddings;"
        "from reportgen.ingest import load_corpus; from reportgen.themes import fit_themes;"
        "c=load_corpus([Path(sys.argv[2])], IngestSettings()); v=Embeddings(model='x', ids=tuple(p.id for p in c.papers), vectors=np.load(sys.argv[4]));"
        "k={'seed': int(sys.argv[3])} if 'seed' in ThemeSettings.__dataclass_fields__ else {};"
        "t=time.perf_counter(); f=fit_themes(c, v, ThemeSettings(**k)); s=time.perf_counter()-t; m=f.theme_of();"
        "print(json.dumps([[m[p.id] if m[p.id] is not None else -1 for p in c.papers], [list(x.keywords) for x in f.themes], s]))"
    )
    with tempfile.NamedTemporaryFile(suffix=".npy") as saved:
        np.save(saved.name, vectors)
        out = subprocess.run(
            [sys.executable, "-c", code, str(checkout), str(path), str(seed), saved.name],
            capture_output=True,
            text=True,
            check=True,
        )
    assigned, topics, seconds = json.loads(out.stdout.strip().splitlines()[-1])
    return assigned, topics, seconds


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


def scores(
    name: str, labels: list[str], assigned: list[int], topics: list[list[str]], docs: list[str], seconds: float
) -> dict[str, object]:
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


def run_reportgen(corpus, vectors, model, seed: int = 42) -> tuple[list[int], list[list[str]], float]:
    began = time.perf_counter()
    found = fit_themes(corpus, vectors, ThemeSettings())  # no random step: `seed` is only for the other fitters
    seconds = time.perf_counter() - began
    theme_of = found.theme_of()
    return (
        [theme_of[p.id] if theme_of[p.id] is not None else -1 for p in corpus.papers],
        [list(t.keywords) for t in found.themes],
        seconds,
    )


def run_defaults(docs, vectors, model, seed: int | None = None) -> tuple[list[int], list[list[str]], float]:
    from bertopic import BERTopic
    from umap import UMAP

    began = time.perf_counter()
    umap = (
        UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
        if seed is not None
        else None
    )
    topic_model = BERTopic(
        embedding_model=model, **({"umap_model": umap} if umap else {})
    )  # the library's defaults (seeded UMAP when asked); only the model object is ours
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
    print(
        f"\n## {title}: {len(corpus.papers)} papers, {len(set(labels))} primary categories (top: {Counter(labels).most_common(3)})"
    )
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
    parser.add_argument(
        "--large", type=int, default=5000, help="papers in the large subset (the first N records); 0 to skip"
    )
    parser.add_argument("--chunking", action="store_true", help="also score chunk-and-pool embeddings (small subset)")
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "reportgen")
    parser.add_argument(
        "--random",
        default="",
        help="comma-separated sizes of uniform random samples, e.g. 600,2000,10000 (skips the stratified sets)",
    )
    parser.add_argument("--seeds", default="1,2,3", help="fit seeds for --random")
    parser.add_argument(
        "--medical", action="store_true", help="also the labelled medical development set (labels: its 'label')"
    )
    parser.add_argument("--no-defaults", action="store_true", help="skip BERTopic's defaults in --random")
    parser.add_argument(
        "--fit-sample", type=int, help="build the theme tree on a sample of this size (default: reportgen's FIT_SAMPLE)"
    )
    parser.add_argument(
        "--baseline", type=Path, help="another reportgen checkout to fit beside (e.g. a git worktree of main)"
    )
    args = parser.parse_args()
    runtime.configure(args.cache_dir)  # first: numba and Hugging Face read their settings at import
    import functools
    import tempfile

    cache = EmbeddingCache(args.cache_dir / "embeddings.sqlite")
    model = functools.cache(lambda: load_model(EmbeddingSettings()))
    if args.fit_sample:
        import reportgen.themes.cluster

        reportgen.themes.cluster.FIT_SAMPLE = args.fit_sample
    if args.random or args.medical:
        seeds = [int(s) for s in args.seeds.split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            if args.medical:
                path, labels = medical_sample(Path(tmp) / "medical.jsonl")
                evaluate_random(path, "medical development set", model(), cache, seeds, None, False, labels)
            for size in (int(n) for n in args.random.split(",") if n):
                evaluate_random(
                    random_sample(size, Path(tmp) / f"random-{size}.jsonl"),
                    f"uniform random {size}",
                    model(),
                    cache,
                    seeds,
                    args.baseline,
                    not args.no_defaults,
                )
        return
    with tempfile.TemporaryDirectory() as tmp:
        evaluate(
            stratified(args.small, 25, Path(tmp) / "small.jsonl"),
            f"stratified {args.small}",
            model(),
            cache,
            args.chunking,
        )
        if args.large:
            evaluate(
                first(args.large, Path(tmp) / "large.jsonl"), f"first {args.large}", model(), cache, False
            )  # chunked 5k: ~2x the embedding time


if __name__ == "__main__":
    main()
