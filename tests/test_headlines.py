from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from reportgen.headlines import extract_from_sentence, split_sentences
from reportgen.ingest.normalize import normalize_text


def values(sentence: str) -> list[str]:
    return [h.value for h in extract_from_sentence(normalize_text(sentence), "p")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Accuracy ranges over 82-89% on all tasks.", ["82-89%"]),
        ("It lifts accuracy from 25.7% to 35.7% on GSM8K.", ["from 25.7% to 35.7%"]),
        ("The model is 5x smaller and runs at 0.07x the cost.", ["5x", "0.07x"]),
        ("We gain ~30pp over the baseline.", ["~30pp"]),
        (r"It achieves less than $\textbf{1}\%$ accuracy drop.", ["1%"]),
        (r"Decoding is $\sim$12$\times$ faster.", ["~12×"]),
        ("It reaches F1 0.65 and ROUGE-1 0.38 on XSum.", ["0.65", "0.38"]),
        ("Fine-tuning improves performance by about 10 percentage points.", ["10 percentage points"]),
        ("It solves 59.6 percent of the problems.", ["59.6 percent"]),
        ("MT-Bench increases of +1.27 over SFT.", ["+1.27"]),
        ("Latency drops to 12 ms while using 4 GB.", ["12 ms", "4 GB"]),
        ("Probes sit 3--55× above chance after removing 64--71% of the variance.", ["3–55×", "64–71%"]),
    ],
)
def test_claims_are_found_as_written(sentence: str, expected: list[str]) -> None:
    assert values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "We evaluate Llama-3-70B and GPT-4 in 2023.",
        "Pass@10 on ModelNet40 improves, as Section 3 and Eq. 2 show [12].",
        "Using only 10% of the training data, it still works.",
        "We train a 137B parameters model on an A100 80GB GPU.",
        "It uses 3D point clouds and 6D poses with W4A4 quantization.",
        "Waveforms are segmented into sliding windows of 10 ms to 50 ms.",
        "This gain is more prominent among entities of length >= 3 tokens.",
        "Our dataset of more than 330 hours is the biggest available.",
    ],
)
def test_names_references_and_setup_are_not_claims(sentence: str) -> None:
    assert values(sentence) == []


def test_claim_fields() -> None:
    [h] = extract_from_sentence("On the LLaMA-3 model, FlatQuant surpasses SpinQuant by 7.5% accuracy on MMLU.", "p")
    assert (h.value, h.number, h.unit, h.direction, h.metric, h.dataset, h.comparator) == ("7.5%", 7.5, "%", "improves", "accuracy", "MMLU", "SpinQuant")


def test_sentences_do_not_break_at_abbreviations() -> None:
    assert split_sentences("Methods, e.g. LoRA, help (Hu et al. 2021). It works.") == ["Methods, e.g. LoRA, help (Hu et al. 2021).", "It works."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%x×~+- pointsabcMBGFEIRU()$\\{}")), max_size=80) | st.text(max_size=80))
def test_extractor_never_crashes_and_never_invents_a_number(text: str) -> None:
    for sentence in split_sentences(text) or [text]:
        for headline in extract_from_sentence(sentence, "p"):
            assert headline.value in headline.sentence
            assert headline.sentence == sentence
