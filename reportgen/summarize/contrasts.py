"""How a theme's papers differ: the questions of vocab's [[contrasts]] that its papers answer differently.  Pure.

A survey says how approaches differ ("training-free methods against ones that
fine-tune", "quantization against pruning").  Which questions a field asks is data
(the [[contrasts]] tables of a field's vocabulary file); this
module only reads, for each paper, which answer its own words give: a term of
one side in its title or in a sentence about its own work ("we ...", "our ...")
and of no other side.  A term after "unlike", "than", "existing", "without", ...
is another work's ("outperforms fine-tuning", "without retraining" is the
training-free side's own term).  Every side is shown with the spellings its
papers use, each citing the papers that use it, so a reader sees why each paper
is where it is.  Only questions blind readers found answered right are listed:
astro-ph's observe/simulate and wavelength questions, read from single words,
placed papers wrongly ("the observed ..." in a theory paper) and were dropped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportgen import vocab
from reportgen.model import Contribution, Paper
from reportgen.strings import split_sentences

MIN_TAKING = 3  # papers that must take a side before a theme's papers are said to differ on a question
MAX_CONTRASTS = 2
_OWN = re.compile(r"\b(?:we|our|us|this (?:paper|work|study|article|letter|method|approach))\b", re.IGNORECASE)
# Another work's: "unlike fine-tuning", "than pruning", "existing training-free methods", "without retraining".
_OTHERS_BEFORE = re.compile(
    r"\b(?:unlike|than|instead of|rather than|without|existing|previous|prior|conventional|traditional|"
    r"compared (?:to|with)|versus|vs|outperform\w*|over|beyond|replac\w*|avoid\w*|eliminat\w*|no|not|nor|"
    r"neither|free of|while|whilst|although|though|whereas|most|many|current|standard|typical|popular)\b"
    r"[^.;:!?]{0,40}$",
    re.IGNORECASE,
)
_REACH = 64  # how far before a term _OTHERS_BEFORE can start: a cue word, then at most 40 characters


@dataclass(frozen=True)
class Side:
    """The papers that give one answer, by the spelling each uses (first found), and the answer's words."""

    says: str
    one: str
    spellings: tuple[tuple[str, tuple[str, ...]], ...]  # ("training-free", (paper ids)), ... as the abstracts spell it
    example: Contribution | None  # a paper whose contribution clause uses the side's term

    @property
    def paper_ids(self) -> tuple[str, ...]:
        return tuple(pid for _, ids in self.spellings for pid in ids)


@dataclass(frozen=True)
class Difference:
    """A question the theme's papers answer differently, and its sides (two or more, each with a paper)."""

    differ: str
    sides: tuple[Side, ...]


@functools.cache
def _term(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _own_sentences(abstract: str) -> tuple[str, ...]:
    """The sentences about the paper's own work; all of them where none says "we" (a clinical abstract's passive).

    Cached: every contrast asks it of every paper of a theme."""
    sentences = split_sentences(abstract)
    return tuple(s for s in sentences if _OWN.search(s)) or tuple(sentences)


@functools.cache
def _any(terms: tuple[str, ...]) -> re.Pattern[str]:
    """All of `terms` in one pattern: one scan tells most texts use none of them."""
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, terms))})(?![\w-])", re.IGNORECASE)


def _uses(text: str, terms: tuple[str, ...], mine: bool = True) -> str | None:
    """The first of `terms` that `text` uses (as its own, not after "unlike", "than", ..., when `mine`), as spelt."""
    if not _any(terms).search(text):
        return None
    for term in terms:
        for m in _term(term).finditer(text):
            if not (mine and _OTHERS_BEFORE.search(text, max(0, m.start() - _REACH), m.start())):
                return m.group(0)
    return None


def side_of(paper: Paper, contrast: vocab.Contrast) -> tuple[int, str] | None:
    """The one side of `contrast` the paper's title and own sentences take, and the spelling its abstract uses."""
    if contrast.within and not _uses(paper.abstract, contrast.within, mine=False):
        return None
    own = _own_sentences(paper.abstract)
    taken = []
    for i, side in enumerate(contrast.sides):
        in_title = _uses(paper.title or "", side.terms)
        in_abstract = next((s for s in (_uses(t, side.terms) for t in own) if s), None)
        if in_title or in_abstract:
            taken.append((i, in_abstract))
    if len(taken) != 1:
        return None
    i, spelling = taken[0]
    if spelling is None:  # its title alone says it: quote the abstract's own spelling of any term, where it has one
        spelling = _uses(paper.abstract, contrast.sides[i].terms)
    return (i, spelling) if spelling else None


def differences(
    ids: Sequence[str], papers: Mapping[str, Paper], said: Mapping[str, Contribution | None], field_key: str
) -> tuple[Difference, ...]:
    """The questions on which two or more sides each hold a paper and MIN_TAKING papers take a side, most even first.

    `ids` are the theme's papers, central first, so each spelling lists its papers
    in that order and a side's example is its most central paper whose
    contribution clause says the side's term.
    """
    found = []
    for order, contrast in enumerate(vocab.contrasts(field_key)):
        taken: dict[int, dict[str, list[str]]] = {}
        for pid in ids:
            side = side_of(papers[pid], contrast)
            if side:
                spelt = taken.setdefault(side[0], {})
                spelling = next((s for s in spelt if s.casefold() == side[1].casefold()), side[1])
                spelt.setdefault(spelling, []).append(pid)
        if len(taken) < 2 or sum(len(p) for s in taken.values() for p in s.values()) < MIN_TAKING:
            continue
        sides = tuple(
            Side(
                contrast.sides[i].says,
                contrast.sides[i].one,
                tuple((spelling, tuple(pids)) for spelling, pids in taken[i].items()),
                _example([p for ps in taken[i].values() for p in ps], said, contrast.sides[i].terms),
            )
            for i in sorted(taken, key=lambda i: (-sum(map(len, taken[i].values())), i))
        )
        sizes = [len(s.paper_ids) for s in sides]
        found.append(((-min(sizes), -sum(sizes), order), Difference(contrast.differ, sides)))
    return tuple(d for _, d in sorted(found, key=lambda f: f[0])[:MAX_CONTRASTS])


def _example(
    ids: Sequence[str], said: Mapping[str, Contribution | None], terms: tuple[str, ...]
) -> Contribution | None:
    return next((c for pid in ids if (c := said.get(pid)) and _uses(c.clause, terms)), None)
