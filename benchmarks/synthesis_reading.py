"""A blind reading packet for theme sections: 8 random themes of a built survey, with every paper's abstract.

The sections are judged by reading, not by a formula: give the packet and
benchmarks/data/synthesis_reading_prompt.md to a reader (a person, or a helper
with a fresh context that has not seen the code) and record the answers in
benchmarks/data/synthesis_reading.md.  Draw a NEW corpus sample for each round
(uniform random, several seeds); the first reading of each sample is the figure.

    reportgen build sample.jsonl -o out --format md,json
    python benchmarks/synthesis_reading.py out --seed 1 > packet.txt
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from pathlib import Path

THEMES = 8


def packet(out: Path, seed: int, count: int = THEMES) -> str:
    """The sections of `count` themes drawn with `seed`, each followed by its papers (reference number, title, abstract)."""
    md = (out / "survey.md").read_text(encoding="utf-8")
    data = json.loads((out / "survey.json").read_text(encoding="utf-8"))
    by_title = {p["title"]: p for p in data["papers"]}
    refs = {
        m.group(1): by_title.get(html.unescape(m.group(2)).replace("\\", ""))
        for m in re.finditer(r'<a id="ref-(\d+)"></a>\d+\\\. (.*?)(?: — | \(\d{4}[-)]| <http|$)', md, re.M)
    }
    heads = [(m.start(), int(m.group(1))) for m in re.finditer(r'^#{2,3} <a id="theme-(\d+)"></a>', md, re.M)]
    ends = [m.start() for m in re.finditer(r"^## ", md, re.M)] + [len(md)]
    chosen = set(random.Random(seed).sample(sorted(t for _, t in heads), min(count, len(heads))))
    themes = {t["id"]: t for t in data["themes"]}
    parts = []
    for start, tid in heads:
        if tid not in chosen:
            continue
        stop = min([s for s, _ in heads if s > start] + [e for e in ends if e > start])
        section = md[start:stop].split("#### Representative papers")[0].strip()
        section = re.sub(r"\[\[(\d+)\]\]\(#ref-\d+\)", r"[\1]", section)
        section = re.sub(r"\[(\d+)\]\(#ref-\d+\)", r"\1", section)
        members = set(themes[tid]["papers"])
        papers = [
            f"[{n}] {p['title']}\n{p['abstract']}\n"
            for n, p in sorted(refs.items(), key=lambda kv: int(kv[0]))
            if p and p["id"] in members
        ]
        parts.append(
            "=" * 80
            + "\n"
            + section
            + "\n\n--- The theme's papers (reference number, title, abstract) ---\n\n"
            + "\n".join(papers)
        )
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a survey's output folder (survey.md and survey.json)")
    parser.add_argument("--seed", type=int, default=1, help="which themes are drawn")
    args = parser.parse_args()
    print(packet(args.out, args.seed))


if __name__ == "__main__":
    main()
