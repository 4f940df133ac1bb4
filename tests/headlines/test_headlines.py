from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.headlines import extract_from_sentence, split_sentences
from reportgen.headlines.attribution import _METRIC_NAME, _NOT_BENCH
from reportgen.ingest.normalize import normalize_text
from reportgen.model import Headline


def extract(sentence: str) -> list[Headline]:
    return extract_from_sentence(normalize_text(sentence), "p")


def values(sentence: str) -> list[str]:
    return [h.value for h in extract(sentence)]


def results(sentence: str) -> list[str]:
    return [h.value for h in extract(sentence) if h.role == "result"]


def fields(sentence: str) -> list[tuple[str, str, str | None, str | None]]:
    return [(h.value, h.role, h.metric, h.dataset) for h in extract(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Accuracy ranges over 82-89% on all tasks.", ["82-89%"]),
        ("It lifts accuracy from 25.7% to 35.7% on GSM8K.", ["from 25.7% to 35.7%"]),
        ("The model is 5x smaller and runs at 0.07x the cost.", ["5x", "0.07x"]),
        ("We gain ~30pp over the baseline.", ["~30pp"]),
        (r"It achieves less than $\textbf{1}\%$ accuracy drop.", ["less than 1%"]),
        (r"Decoding is $\sim$12$\times$ faster.", ["~12×"]),
        ("It reaches F1 0.65 and ROUGE-1 0.38 on XSum.", ["0.65", "0.38"]),
        ("Fine-tuning improves performance by about 10 percentage points.", ["about 10 percentage points"]),
        ("It solves 59.6 percent of the problems.", ["59.6 percent"]),
        ("MT-Bench increases of +1.27 over SFT.", ["+1.27"]),
        ("Latency drops to 12 ms while using 4 GB.", ["12 ms", "4 GB"]),
        ("Probes sit 3--55× above chance after removing 64--71% of the variance.", ["3–55×", "64–71%"]),
        ("DART achieves a 2.03x--3.44x wall-clock speedup.", ["2.03x--3.44x"]),
    ],
)
def test_claims_are_found_as_written(sentence: str, expected: list[str]) -> None:
    assert values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "We evaluate Llama-3-70B and GPT-4 in 2023.",
        "Pass@10 on ModelNet40 improves, as Section 3 and Eq. 2 show [12].",
        "We train a 137B parameters model on an A100 80GB GPU.",
        "It uses 3D point clouds and 6D poses with W4A4 quantization.",
        "Waveforms are segmented into sliding windows of 10 ms to 50 ms.",
        "This gain is more prominent among entities of length >= 3 tokens.",
        "Our dataset of more than 330 hours is the biggest available.",
        "It generates 128×128 images from a 64×64 input.",
        "The FPR@95TPR drops while severity level 5 is applied.",
        "The blueprint has the potential for 100x discovery acceleration.",
    ],
)
def test_names_references_and_unmeasured_quantities_are_not_claims(sentence: str) -> None:
    assert values(sentence) == []


# Recall: the kinds of claims a held-out set showed missing.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Our summaries reach a 0.65 F1 score on XSum.", [("0.65", "result", "F1 score", "XSum")]),
        (
            "ROUGE-1, ROUGE-2 and ROUGE-L against the references yield 0.38, 0.23, and 0.31 F1 scores.",
            [
                ("0.38", "result", "F1", None),
                ("0.23", "result", "F1", None),
                ("0.31", "result", "F1", None),
            ],
        ),
        (
            "It raises Pass@10 solution coverage from 0.320 to 0.943.",
            [("from 0.320 to 0.943", "result", "Pass@10 solution coverage", None)],
        ),
        (
            "The posterior reaches a KL divergence of approximately 0.21 nats.",
            [("approximately 0.21 nats", "result", "KL divergence", None)],
        ),
        ("Our agent outperforms the baseline on 20/22 benchmarks.", [("20/22", "result", None, None)]),
        ("Under attack, the strongest models retain pd>0.92 across N=50 trials.", [(">0.92", "result", "pd", None)]),
        (
            "The depth model reaches strong performance (R2 = 0.92, MAE = 0.31).",
            [("0.92", "result", "R2", None), ("0.31", "result", "MAE", None)],
        ),
        (
            "The reasoning model achieves the highest reasoning score of 4.55/5.0.",
            [("4.55/5.0", "result", "reasoning score", None)],
        ),
    ],
)
def test_claims_a_held_out_set_showed_missing(sentence: str, expected: list[tuple]) -> None:
    assert fields(sentence) == expected


def test_the_humans_accuracy_is_a_reference_and_the_papers_gain_is_its_result() -> None:
    """Example corpus, DC^2: 87% is the humans' accuracy it compares against, not the paper's result."""
    sentence = (
        "Extensive experiments show that: 1) the SOTA MLLM achieves 63% accuracy, which is markedly lower than the 87% accuracy achieved by humans on HR-Bench; "
        "2) our DC^2 brings consistent and significant improvements (a relative increase of +6% on HR-Bench and +8% on general multimodal benchmarks)."
    )
    assert fields(sentence) == [
        ("63%", "reference", "accuracy", None),
        ("87%", "reference", "accuracy", "HR-Bench"),
        ("+6%", "result", None, "HR-Bench"),
        ("+8%", "result", None, None),
    ]


def test_a_condition_is_not_what_a_number_measures() -> None:
    """Example corpus, AIM: "under a similar computational cost" is a condition; +4.6 is not a cost."""
    sentence = "Further, under a similar computational cost, our method outperforms the state-of-the-art methods in long video understanding (e.g., +4.6 on MLVU)."
    assert fields(sentence) == [("+4.6", "result", None, "MLVU")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # labels borrowed from a neighbouring number
        (
            "It runs 20x faster, and reaches 45.1 mIoU on ScanNet200.",
            [("20x", "result", None, None), ("45.1", "result", "mIoU", "ScanNet200")],
        ),
        (
            "It beats the baseline by 4.2 points while cutting cost by 30%.",
            [("4.2 points", "result", None, None), ("30%", "result", "cost", None)],
        ),
        (
            "It improves joint position accuracy by up to 12.5% and boosts activity recognition by up to 16%.",
            [
                ("up to 12.5%", "result", "joint position accuracy", None),
                ("up to 16%", "result", "activity recognition", None),
            ],
        ),
        (
            "It cuts inference cost by 1.4x and time by ~4.67x on TravelPlanner.",
            [("1.4x", "result", "inference cost", None), ("~4.67x", "result", "time", "TravelPlanner")],
        ),
        # "respectively" lists paired by position
        (
            "It reaches 99.46%, 85.57% and 59.10% on MNIST, CIFAR-10 and CIFAR-100, respectively.",
            [
                ("99.46%", "result", None, "MNIST"),
                ("85.57%", "result", None, "CIFAR-10"),
                ("59.10%", "result", None, "CIFAR-100"),
            ],
        ),
        (
            "It wins by 1.52% and 0.6% at TAR@FAR=1e-4 on IJB-B and IJB-C, respectively.",
            [("1.52%", "result", "TAR@FAR=1e-4", "IJB-B"), ("0.6%", "result", "TAR@FAR=1e-4", "IJB-C")],
        ),
        # a metric the sentence names is not left empty
        ("Our ranker achieves an MRR of 0.452 on MS MARCO.", [("0.452", "result", "MRR", "MS MARCO")]),
        ("It lowers RMSE by 12% against kriging.", [("12%", "result", "RMSE", None)]),
        ("The detector reduces the false-alarm rate by 30%.", [("30%", "result", "false-alarm rate", None)]),
        ("The solver keeps a relative error of 2.1% on all meshes.", [("2.1%", "result", "relative error", None)]),
        # no metric and no GPU in the benchmark field; names not shortened
        ("It reaches a throughput of 45 tokens/s on an A100 GPU.", [("45 tokens/s", "result", "throughput", None)]),
        (
            "It reaches a pass@1 of 85.2% on HumanEval+ and resolves 43.2% of issues on SWE-bench Lite.",
            [("85.2%", "result", "pass@1", "HumanEval+"), ("43.2%", "result", None, "SWE-bench Lite")],
        ),
        (
            "It improves the BLEU score by 2.1 points on WMT14 En-De.",
            [("2.1 points", "result", "BLEU score", "WMT14 En-De")],
        ),
        # metrics listed before the values they pair with, no "respectively" (fresh-3)
        (
            "It reaches Dice and IoU values of 91.2% and 88.0% on ACDC, and 85.3% and 79.9% on Synapse.",
            [
                ("91.2%", "result", "Dice", "ACDC"),
                ("88.0%", "result", "IoU", "ACDC"),
                ("85.3%", "result", "Dice", "Synapse"),
                ("79.9%", "result", "IoU", "Synapse"),
            ],
        ),
        (
            "The planner yields memory and latency savings of up to 41.5% and 30.2%.",
            [("up to 41.5%", "result", "memory", None), ("30.2%", "result", "latency savings", None)],
        ),
        # the metric after "respectively", after "in" or "for", and metric names with ^ or a hyphen
        (
            "It beats both agents by 8.4% and 5.9%, respectively, in pass^3 scores.",
            [("8.4%", "result", "pass^3", None), ("5.9%", "result", "pass^3", None)],
        ),
        ("Our survival model gains over 2.1% in C-index on three cohorts.", [("over 2.1%", "result", "C-index", None)]),
        (
            "It adds 0.21 points for the answer similarity score.",
            [("0.21 points", "result", "answer similarity score", None)],
        ),
        (
            "Sample complexity is reduced by 35% against uniform sampling.",
            [("35%", "result", "Sample complexity", None)],
        ),
        # a bare score found by its "improvement of ... in <metric>", and its benchmark past that metric
        (
            "It gives an absolute improvement of 0.31 in Concordance Correlation Coefficient (CCC) over a strong baseline on the AffWild2 test set.",
            [("0.31", "result", "Concordance Correlation Coefficient", "AffWild2")],
        ),
        # a measuring range is a condition, not a result
        (
            "The probe reaches a median depth error of 1.8 cm within a 2 to 12 meter range.",
            [("1.8 cm", "result", "median depth error", None), ("12 meter", "setup", None, None)],
        ),
    ],
)
def test_attribution_takes_what_the_number_measures(sentence: str, expected: list[tuple]) -> None:
    assert fields(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # non-results: the competitors' size, a set-up fraction, a baseline's score
        ("It matches frontier models 10x the size.", [("10x", "reference")]),
        ("It keeps accuracy while pruning 50% of the visual tokens.", [("50%", "setup")]),
        ("We reach 97% accuracy using only 1.5% labeled samples.", [("97%", "result"), ("1.5%", "setup")]),
        ("Using only 10% of the training data, it still works.", [("10%", "setup")]),
        (
            "The student reaches 92.5% accuracy, surpassing the baseline student's 91.4%.",
            [("92.5%", "result"), ("91.4%", "reference")],
        ),
        (
            "It reaches 58.3% accuracy against 49.0% for the strongest baseline.",
            [("58.3%", "result"), ("49.0%", "reference")],
        ),
        (
            "It attains 95%, exceeding LSTM (93.06%) and GRU (92.20%).",
            [("95%", "result"), ("93.06%", "reference"), ("92.20%", "reference")],
        ),
        (
            "We maintain 90.63% accuracy, which is 4.51% higher than the best baseline.",
            [("90.63%", "result"), ("4.51%", "result")],
        ),
    ],
)
def test_every_number_gets_a_role(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.value, h.role) for h in extract(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("Decoding is up to 3.2x faster.", "up to 3.2x", "up to"),
        ("It keeps over 90% of the accuracy of the teacher.", "over 90%", "over"),
        ("It cuts the error by about 5%.", "about 5%", "about"),
        ("Gains are 10–15% on every split.", "10–15%", None),
        ("The error rate stays below 4.2%.", "below 4.2%", "below"),
        ("Training is ~4x faster.", "~4x", "~"),
    ],
)
def test_the_value_keeps_its_qualifier(sentence: str, value: str, qualifier: str | None) -> None:
    [h] = extract(sentence)
    assert (h.value, h.qualifier) == (value, qualifier)


def test_claim_fields() -> None:
    [h] = extract_from_sentence("On the LLaMA-3 model, FlatQuant surpasses SpinQuant by 7.5% accuracy on MMLU.", "p")
    assert (h.value, h.number, h.unit, h.direction, h.metric, h.dataset, h.comparator, h.role) == (
        "7.5%",
        7.5,
        "%",
        "improves",
        "accuracy",
        "MMLU",
        "SpinQuant",
        "result",
    )


def test_sentences_do_not_break_at_abbreviations() -> None:
    assert split_sentences("Methods, e.g. LoRA, help (Hu et al. 2021). It works.") == [
        "Methods, e.g. LoRA, help (Hu et al. 2021).",
        "It works.",
    ]


_WORDS = [
    "accuracy",
    "F1",
    "by",
    "of",
    "to",
    "from",
    "up to",
    "over",
    "than",
    "on",
    "ImageNet",
    "A100",
    "respectively",
    "and",
    ",",
    "(",
    ")",
    "=",
    ">",
    "x",
    "%",
    "pp",
    "ms",
    "/",
]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789.,%x×~+- pointsabcMBGFEIRU()$\\{}")), max_size=80)
    | st.text(max_size=80)
    | st.lists(
        st.sampled_from(
            _WORDS
            + ["3", "12.5", "0.65", "99", "1,024", "2.03x--3.44x", "pd>0.92", "r=0.3", "20/22", "+4.6", "from 1 to 2"]
        ),
        max_size=25,
    ).map(" ".join)
)
def test_extractor_invariants(text: str) -> None:
    """Never crashes, never invents: the value is in its sentence, the qualifier opens the value, names come from the sentence."""
    for sentence in split_sentences(text) or [text]:
        for h in extract_from_sentence(sentence, "p"):
            assert h.sentence == sentence
            assert h.value in sentence
            assert h.role in ("result", "reference", "setup")
            assert h.qualifier is None or h.value.lower().startswith(h.qualifier.lower())
            assert h.number is None or any(ch.isdigit() for ch in h.value)
            assert h.metric is None or h.metric.lower() in sentence.lower()
            if h.dataset is not None:
                assert (
                    h.dataset in sentence and not _NOT_BENCH.match(h.dataset) and not _METRIC_NAME.fullmatch(h.dataset)
                )


def test_the_two_rows_of_the_example_survey() -> None:
    """Issue 14: in examples/, DC^2's 87% is the humans' accuracy (a reference) and AIM's +4.6 does not measure cost."""
    from pathlib import Path

    from reportgen.config import IngestSettings
    from reportgen.headlines import extract_headlines
    from reportgen.ingest import load_corpus

    papers = {p.id: p for p in load_corpus([Path(__file__).resolve().parents[2] / "examples"], IngestSettings()).papers}
    dc2 = {h.value: h for h in extract_headlines(papers["pec9f5d1e19"])}
    assert (dc2["87%"].role, dc2["63%"].role) == ("reference", "reference")
    assert (dc2["+6%"].role, dc2["+6%"].dataset) == ("result", "HR-Bench")
    aim = {h.value: h for h in extract_headlines(papers["p25ddee75fa"])}
    assert (aim["+4.6"].role, aim["+4.6"].metric, aim["+4.6"].dataset) == ("result", None, "MLVU")
    assert (aim["7-fold"].metric, aim["7-fold"].direction) == ("FLOPs", "reduces")
