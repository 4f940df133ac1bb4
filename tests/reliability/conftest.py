"""Helpers for the fuzz and fault suite: hostile corpora, folder snapshots, the CLI in and out of process."""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

# Text a hostile but realistic user puts in titles, abstracts and ids.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% if 1 %}x{% endif %}",
    "javascript:alert(1)",
    "[click](javascript:alert(1)) <javascript:alert(1)>",
    r"$\frac{a}{b}$ and $x^{2}$ \textbf{bold} \unknown{arg} 50\% ~ \sim",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "# Heading\n\n- item\n1. item\n> quote",
    "```\ncode\n```",
    "x" * 300,
    "y" * 5000,
    "\u202eevil right-to-left\u202c zero\u200bwidth \ufeffBOM",
    "emoji 🧪🔥 and CJK 漢字 and Ελληνικά",
    "We improve accuracy by 12.5% over the baseline and cut latency 3x on ImageNet.",
    "   ",
    "",
    "\\",
    "&amp; &lt; &#x27; &unknown;",
    "../../etc/passwd",
    "a\tb\rc\x0bd\x0ce",
    "NaN Infinity -0 1e309",
]


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    crash: str | None  # a traceback: an exception other than SystemExit escaped the CLI


def invoke(*args: str) -> CliResult:
    """The real CLI in this process (click's runner): the same code path, without reloading torch per run."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, result.stdout, result.stderr, crash)


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path; what "exactly the old survey" means."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Names beside or inside folder that a finished build must not leave: staging folders, retired folders, temp files, the lock."""
    beside = [p.name for p in folder.parent.glob(f".{folder.name}.reportgen-*")]
    inside = [p.relative_to(folder).as_posix() for p in folder.rglob("*.tmp")] if folder.exists() else []
    return sorted(beside + inside)


def papers(n: int, seed: str = "") -> list[dict[str, str]]:
    """n distinct, plausible records (distinct abstracts, so none merge)."""
    topics = [
        "graph neural networks",
        "diffusion models",
        "speech recognition",
        "protein folding",
        "robot grasping",
        "code generation",
        "weather forecasting",
        "image segmentation",
    ]
    return [
        {
            "id": f"{seed}p{i}",
            "title": f"{topics[i % len(topics)].capitalize()} study {seed}{i}",
            "abstract": f"We study {topics[i % len(topics)]} in setting {seed}{i}. Our method improves accuracy by {i + 2}.5% on benchmark {i} over the strong baseline.",
        }
        for i in range(n)
    ]


@pytest.fixture(scope="session")
def rel_cache(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    """The session's embedding cache (real model vectors), shared by the suite's builds."""
    return cache_dir
