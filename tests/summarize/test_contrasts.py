"""How a theme's papers differ: a paper takes a side only in its own words, and every side is traceable."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reportgen import vocab
from reportgen.model import Paper
from reportgen.render.jsonout import statement_to_dict
from reportgen.summarize import contributions, prose
from reportgen.summarize.contrasts import differences, side_of
from tests.synthesis_check import named_tokens, statement_problems

TRAIN = next(c for c in vocab.contrasts("machine-learning") if c.differ == "in whether they train")
FREE, TUNED = 0, 1
ABSTRACTS = {
    "a": "We propose PiCo, a training-free approach that composes two images.",
    "b": "Existing methods need retraining. We present a tuning-free editor that reuses attention maps.",
    "c": "We fine-tune a diffusion model on paired edits. Our training strategy uses a new loss.",
    "d": "We study how editors fail on long prompts.",
}


def _papers(abstracts: dict[str, str] = ABSTRACTS) -> dict[str, Paper]:
    return {pid: Paper(id=pid, title=f"Paper {pid}", abstract=text) for pid, text in abstracts.items()}


def test_a_paper_takes_the_side_its_own_sentences_say() -> None:
    papers = _papers()
    assert side_of(papers["a"], TRAIN) == (FREE, "training-free")
    assert side_of(papers["b"], TRAIN) == (FREE, "tuning-free")  # "Existing methods need retraining" is theirs
    assert side_of(papers["c"], TRAIN) == (TUNED, "We fine-tune")  # the first of its terms the paper uses
    assert side_of(papers["d"], TRAIN) is None


def test_another_works_term_takes_no_side() -> None:
    for text in (
        "Unlike fine-tuning methods, we edit images with attention.",
        "Our editor outperforms training-free baselines.",
        "We propose an editor that is faster than training-free methods.",
    ):
        assert side_of(Paper(id="x", abstract=text), TRAIN) is None, text


def test_a_paper_on_both_sides_takes_neither() -> None:
    paper = Paper(
        id="x", abstract="We propose a training-free editor. We fine-tune its text encoder with a training strategy."
    )
    assert side_of(paper, TRAIN) is None


def test_a_question_asked_only_within_its_subject() -> None:
    compress = next(c for c in vocab.contrasts("machine-learning") if c.within)
    off_topic = Paper(id="x", abstract="We use knowledge distillation to transfer skills between agents.")
    on_topic = Paper(id="y", abstract="We compress LLMs: our distillation trains a student model.")
    assert side_of(off_topic, compress) is None
    assert side_of(on_topic, compress) is not None


def test_differences_need_two_sides_and_three_papers() -> None:
    papers = _papers()
    said = {pid: contributions.contribution(pid, p.abstract) for pid, p in papers.items()}
    (found,) = differences(list(papers), papers, said, "machine-learning")
    assert found.differ == "in whether they train"
    assert [s.paper_ids for s in found.sides] == [("a", "b"), ("c",)]
    assert differences(["a", "c"], papers, said, "machine-learning") == ()  # two papers compare too little
    assert differences(["a", "b", "d"], papers, said, "machine-learning") == ()  # one side only


def test_the_statement_is_traceable_and_counts_nothing() -> None:
    papers = _papers()
    said = {pid: contributions.contribution(pid, p.abstract) for pid, p in papers.items()}
    (found,) = differences(list(papers), papers, said, "machine-learning")
    statement = prose.difference_statement(found)
    assert statement.text.startswith(
        "Its papers differ in whether they train: papers that say they are training-free (\u201ctraining-free\u201d;"
    )
    assert statement.text.endswith("; and a paper that says it trains or fine-tunes (\u201cWe fine-tune\u201d).")
    assert ", one of which proposes \u201cPiCo, a training-free approach" in statement.text
    abstracts = {pid: p.abstract for pid, p in papers.items()}
    assert statement_problems(statement_to_dict(statement), abstracts, dict.fromkeys(papers), {}) == []


def test_every_fields_contrasts_are_grammar_words_and_sound() -> None:
    for key in vocab.FIELDS:
        for contrast in vocab.contrasts(key):
            assert len(contrast.sides) >= 2, contrast.differ
            for side in contrast.sides:
                for words in (contrast.differ, side.says, side.one):
                    assert not named_tokens(words), words  # the grammar carries no names or numbers
                assert side.terms and all(t == t.lower() for t in side.terms), side.says


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_any_abstract_takes_at_most_one_side_spelt_as_it_is(text: str) -> None:
    side = side_of(Paper(id="x", abstract=text), TRAIN)
    if side is not None:
        assert side[1] in text
        assert re.search(re.escape(side[1]), text, re.IGNORECASE)
