"""Each field's file: it loads, it is recognised from its own kind of abstract, and it names its tables' column."""

from __future__ import annotations

import pytest

from reportgen import vocab

CLINICAL = "Patients were randomized to treatment or placebo; mortality in the trial cohort fell with therapy."
ML = "We train a neural network model on a benchmark dataset; fine-tuning the LLM improves inference."
ECONOMICS = "Higher wages raise household income and consumption; the policy lowers prices in labor markets."


@pytest.mark.parametrize("key", vocab.FIELDS)
def test_every_field_file_has_a_profile(key: str) -> None:
    profile = vocab.field_profile(key)
    assert profile.dataset_column and len(profile.markers) >= 10


@pytest.mark.parametrize(
    ("text", "field"), [(CLINICAL, "medicine"), (ML, "machine-learning"), (ECONOMICS, "economics")]
)
def test_the_field_is_found_from_the_abstracts(text: str, field: str) -> None:
    assert vocab.detect_field([text] * 5).key == field


def test_a_corpus_no_field_stands_out_in_reads_as_machine_learning() -> None:
    assert vocab.detect_field(["A note on the weather."] * 5).key == "machine-learning"
