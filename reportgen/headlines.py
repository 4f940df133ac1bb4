"""Headline numbers: the quantitative result claims in an abstract.  Pure: text -> Headline."""

from __future__ import annotations

import re

from reportgen.model import Headline, Paper

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_CLAIM = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?)\s?(%|×|x\b|pp\b)")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def extract_headlines(paper: Paper) -> tuple[Headline, ...]:
    """Every number with a unit that marks a result (%, x, pp), with its sentence."""
    found = []
    for sentence in split_sentences(paper.abstract):
        for match in _CLAIM.finditer(sentence):
            unit = "x" if match.group(2) in ("x", "×") else match.group(2)
            found.append(Headline(paper_id=paper.id, value=match.group(0), sentence=sentence, number=float(match.group(1)), unit=unit))
    return tuple(found)
