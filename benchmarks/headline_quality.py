"""Headline-number extraction against a hand-labelled gold set, beside a naive baseline.

benchmarks/data/headlines_gold.jsonl: 75 abstracts, each with the numbers a
reader must see ("must") and numbers it would be wrong to show ("wrong": years,
model sizes, counts, enumerations, set-up figures).  Three sets:
  dev      44 abstracts (22 from examples/, 22 from ../shared/corpora, every
           997th record with a digit), labelled while the rules were written;
  check-1  18 arXiv abstracts (every 1999th from 777, with a digit), labelled
           after the rules were frozen: P 0.818 R 1.000 then; its four false
           positives (set-up quantities: "windows of 10 ms") were then fixed;
  check-2  13 arXiv abstracts (every 1499th from 1333, with a %, x or points
           claim), labelled after that: P 1.000 R 0.944 then; its misses (LaTeX
           ranges "3--55x") were then fixed.
The figures printed are for the current rules, so every set is now in-sample;
the "then" figures above are the honest out-of-sample ones.  A value matches a gold
entry when they share a number.  Precision: extracted values that match a
"must" entry; recall: "must" entries matched.  Targets: P >= 0.95, R >= 0.90.

    python benchmarks/headline_quality.py [-v]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.config import IngestSettings  # noqa: E402
from reportgen.headlines import extract_from_sentence, split_sentences  # noqa: E402
from reportgen.ingest import load_corpus  # noqa: E402
from reportgen.ingest.normalize import normalize_text  # noqa: E402

GOLD = Path(__file__).parent / "data" / "headlines_gold.jsonl"
CORPUS = ROOT.parent / "shared" / "corpora" / "arxiv-cs-2025.jsonl.gz"
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NAIVE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|x\b|×)")


def numbers(value: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(value)}


def abstracts(gold: list[dict]) -> dict[str, str]:
    wanted_arxiv = {g["id"] for g in gold if g["source"] == "arxiv"}
    texts = {p.id: p.abstract for p in load_corpus([ROOT / "examples"], IngestSettings()).papers}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in wanted_arxiv:
                texts[record["id"]] = normalize_text(record["abstract"])
    return texts


def extractor(text: str) -> list[str]:
    return [h.value for s in split_sentences(text) for h in extract_from_sentence(s, "x")]


def baseline(text: str) -> list[str]:
    return [m.group(0) for m in _NAIVE.finditer(text)]


def score(name: str, extract, gold: list[dict], texts: dict[str, str], verbose: bool) -> None:
    extracted = correct = must_total = must_found = 0
    for item in gold:
        values = extract(texts[item["id"]])
        must = [numbers(m) for m in item["must"]]
        must_numbers = set().union(*must) if must else set()
        hits = [v for v in values if numbers(v) & must_numbers]
        extracted += len(values)
        correct += len(hits)
        found = [m for m in must if any(numbers(v) & m for v in values)]
        must_total += len(must)
        must_found += len(found)
        if verbose and (len(hits) < len(values) or len(found) < len(must)):
            print(f"  {name} {item['id']}: extra {[v for v in values if v not in hits]} missed {[m for m, n in zip(item['must'], must) if n not in found]}")
    precision = correct / extracted if extracted else 1.0
    recall = must_found / must_total if must_total else 1.0
    print(f"{name:<22} precision {precision:.3f} ({correct}/{extracted})   recall {recall:.3f} ({must_found}/{must_total})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts = abstracts(gold)
    print(f"gold set: {len(gold)} abstracts, {sum(len(g['must']) for g in gold)} numbers to show, {sum(len(g['wrong']) for g in gold)} not to show")
    score("reportgen extractor", extractor, gold, texts, args.verbose)
    score("naive % / x baseline", baseline, gold, texts, args.verbose)
    for name in sorted({g.get("set", "dev") for g in gold}):
        subset = [g for g in gold if g.get("set", "dev") == name]
        print(f"set {name} ({len(subset)} abstracts):")
        score("  reportgen extractor", extractor, subset, texts, False)
        score("  naive % / x baseline", baseline, subset, texts, False)


if __name__ == "__main__":
    main()
