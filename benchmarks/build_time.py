"""How long `reportgen build` takes, against the script a user would write instead.

Three measurements, each printed as a table:

1. stages: one build of SOURCES (default: the bundled example) first (a new
   cache: UMAP's numba kernels are compiled too), cold (a new process, every
   abstract embedded, themes fitted, charts and documents rendered; only the
   compiled kernels kept, as on a machine or CI cache that ran reportgen before)
   and warm (the same command again, nothing changed), stage by stage.
2. vs bare: reportgen cold against benchmarks/bare_bertopic.py (MiniLM float32,
   BERTopic's defaults, a Markdown list of topics) on the same records, in pairs
   A B A B ..., after one warm-up of each.  CPU seconds (user + sys, from the
   operating system's accounting of each finished process) and wall seconds per
   pair, their ratio, and the medians.  Target: median CPU ratio <= 1.0.
3. embedding: abstracts per second of the real embedding stage (embed_corpus,
   no cache, model already loaded) on uniform random samples of the shared arXiv
   corpus, exact (the default) against float32 as the libraries choose
   (embedding.exact = false), each in its own process (kernel pins are per
   process).  Target: exact >= 0.8x float32.

    HF_HUB_OFFLINE=1 python benchmarks/build_time.py [--pairs 3] [--embed-sizes 1000,10000] [SOURCES...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
STAGES = ("ingest", "embed", "themes", "summarize", "charts", "render", "write")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process run to completion; it must succeed."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return usage.ru_utime + usage.ru_stime, wall


def reportgen_build(sources: list[str], out: Path, cache: Path, timings: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "reportgen", "build", *sources, "-o", str(out), "--cache-dir", str(cache), "-q"]
    return command + (["--timings", str(timings)] if timings else [])


def make_cold(cache: Path, out: Path) -> None:
    """Forget everything but the compiled kernels: vectors, themes, rendered outputs and the last survey."""
    for done in ("embeddings.sqlite", "themes", "outputs"):
        path = cache / done
        if path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    shutil.rmtree(out, ignore_errors=True)


def stages(sources: list[str], tmp: Path) -> None:
    cache, out, timings = tmp / "stage-cache", tmp / "stage-out", tmp / "timings.json"
    rows = []
    for kind in ("first", "cold", "warm"):
        if kind == "cold":
            make_cold(cache, out)
        _, wall = timed(reportgen_build(sources, out, cache, timings))
        rows.append((kind, {**json.loads(timings.read_text()), "wall": wall}))
    print("\n## stages (seconds; wall includes interpreter start and imports)\n")
    print(f"{'run':<6}" + "".join(f"{s:>10}" for s in STAGES) + f"{'in-proc':>10}{'wall':>8}{'embedded':>10}")
    for kind, t in rows:
        print(
            f"{kind:<6}"
            + "".join(f"{t.get(s, 0):>10.2f}" for s in STAGES)
            + f"{t['total']:>10.2f}{t['wall']:>8.2f}{t['embedded']:>10}"
        )


def bare_input(sources: list[str], path: Path) -> int:
    """The records reportgen reads, as the JSON Lines file the bare script reads."""
    sys.path.insert(0, str(ROOT))
    from reportgen.config import IngestSettings
    from reportgen.ingest import load_corpus

    corpus = load_corpus([Path(s) for s in sources], IngestSettings())
    with path.open("w", encoding="utf-8") as handle:
        for paper in corpus.papers:
            handle.write(json.dumps({"title": paper.title or "", "abstract": paper.abstract}) + "\n")
    return len(corpus.papers)


def versus_bare(sources: list[str], tmp: Path, pairs: int) -> None:
    papers = bare_input(sources, tmp / "papers.jsonl")
    cache, out = tmp / "cold-cache", tmp / "cold-out"
    ours = reportgen_build(sources, out, cache)
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_bertopic.py"), "papers.jsonl", "topics.md"]
    timed(ours)  # warm-up: compiles the kernels into the cache, as "first" does
    timed(bare, cwd=tmp)  # warm-up: numba's cache for BERTopic's UMAP
    rows = []
    for _ in range(pairs):
        make_cold(cache, out)
        a = timed(ours)
        b = timed(bare, cwd=tmp)
        rows.append((a, b))
    print(f"\n## reportgen cold build vs the bare BERTopic script ({papers} papers, {pairs} pairs)\n")
    print(
        f"{'pair':<6}{'ours cpu':>10}{'bare cpu':>10}{'cpu ratio':>11}{'ours wall':>11}{'bare wall':>11}{'wall ratio':>12}"
    )
    for i, ((ac, aw), (bc, bw)) in enumerate(rows, 1):
        print(f"{i:<6}{ac:>10.1f}{bc:>10.1f}{ac / bc:>11.2f}{aw:>11.1f}{bw:>11.1f}{aw / bw:>12.2f}")
    cpu = statistics.median(a[0] / b[0] for a, b in rows)
    wall = statistics.median(a[1] / b[1] for a, b in rows)
    print(f"median ratio: cpu {cpu:.2f}x, wall {wall:.2f}x (target: cpu <= 1.0x)")


SPEED = """
import json, sys, time
sys.path.insert(0, {root!r})
from reportgen.config import EmbeddingSettings
from reportgen.embed import EmbeddingCache, embed_corpus, load_model, precision
from reportgen.model import Corpus, Paper
settings = EmbeddingSettings(exact={exact})
rows = [json.loads(line) for line in open({sample!r}, encoding="utf-8")]
corpus = Corpus(papers=tuple(Paper(id=str(i), title=r["title"], abstract=r["abstract"]) for i, r in enumerate(rows)))
model = load_model(settings)
began = time.perf_counter()
embed_corpus(corpus, settings, EmbeddingCache(None), loader=lambda: model)
print(json.dumps({{"precision": precision(settings), "seconds": time.perf_counter() - began, "papers": len(rows)}}))
"""


def embedding_speed(sizes: list[int], tmp: Path) -> None:
    """Exact against float32 on the same uniform random sample, each in a new process."""
    if not CORPUS.is_file():
        print(f"\n## embedding speed: skipped, {CORPUS} not found")
        return
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    print("\n## embedding speed (abstracts/s; uniform random samples of the shared arXiv corpus, seed 1)\n")
    print(f"{'papers':>8}{'exact':>10}{'way':>10}{'float32':>10}{'ratio':>8}")
    for size in sizes:
        sample = tmp / f"sample-{size}.jsonl"
        with sample.open("w", encoding="utf-8") as handle:
            for r in random.Random(1).sample(records, size):
                handle.write(json.dumps({"title": r.get("title") or "", "abstract": r.get("abstract") or ""}) + "\n")
        rates = {}
        for exact in (True, False):
            code = SPEED.format(root=str(ROOT), exact=exact, sample=str(sample))
            result = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True)
            found = json.loads(result.stdout.strip().splitlines()[-1])
            rates[exact] = (found["papers"] / found["seconds"], found["precision"])
        print(
            f"{size:>8}{rates[True][0]:>10.1f}{rates[True][1]:>10}{rates[False][0]:>10.1f}"
            f"{rates[True][0] / rates[False][0]:>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--pairs", type=int, default=3, help="paired cold runs against the bare script (0: skip)")
    parser.add_argument(
        "--embed-sizes", default="1000,10000", help="comma-separated sample sizes for embedding speed ('': skip)"
    )
    parser.add_argument("--no-stages", action="store_true", help="skip the stage table")
    args = parser.parse_args()
    print(f"cpu cores: {os.cpu_count()}; python {sys.version.split()[0]}; sources: {' '.join(args.sources)}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not args.no_stages:
            stages(args.sources, tmp)
        if args.pairs:
            versus_bare(args.sources, tmp, args.pairs)
        sizes = [int(s) for s in args.embed_sizes.split(",") if s.strip()]
        if sizes:
            embedding_speed(sizes, tmp)


if __name__ == "__main__":
    main()
