import pytest

from reportgen.model import Paper
from reportgen.summarize.names import display_name, method_label, method_name


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        (
            "In this paper, we propose FlatQuant (Fast and Learnable Affine Transformation), a new approach.",
            "FlatQuant",
        ),
        ("To address this issue, we propose Retrieval-Augmented MLLM with Compressed Contexts (RACC).", "RACC"),
        (
            "In this paper, we propose the \u201cAdaptive Message-wise RLHF\u201d method, which applies widely.",
            "Adaptive Message-wise RLHF",
        ),
        (
            "Based on our findings, we propose Task Groupings Regularization, a novel approach.",
            "Task Groupings Regularization",
        ),
        ("We propose a simple method for LLMs that works.", None),
    ],
)
def test_method_names(abstract: str, name: str | None) -> None:
    assert method_name(abstract) == name


def test_labels_carry_what_the_paper_says_it_is() -> None:
    text = "we propose Retrieval-Augmented MLLM with Compressed Contexts (RACC)."
    assert method_label(text, method_name(text)) == "RACC (Retrieval-Augmented MLLM with Compressed Contexts)"


def _name(paper: Paper) -> str:
    return display_name(paper, method_name(paper.abstract))


def test_display_name_prefers_title_then_method_then_words() -> None:
    assert _name(Paper(id="1", abstract="We propose FooNet (Foo Network).", title="A Title")) == "A Title"
    assert _name(Paper(id="2", abstract="We propose FooNet (Foo Network).")) == "FooNet (Foo Network)"
    words = Paper(id="3", abstract="one two three four five six seven eight nine ten eleven")
    assert _name(words) == "one two three four five six seven eight nine ten…"
