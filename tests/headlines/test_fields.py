"""Headline numbers outside machine learning: clinical shares and estimates, astronomical quantities."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.headlines import extract_from_sentence
from reportgen.ingest.normalize import normalize_text
from reportgen.model import Headline


def extract(sentence: str) -> list[Headline]:
    return extract_from_sentence(normalize_text(sentence), "p")


def shown(sentence: str) -> list[tuple[str, str | None]]:
    """(value, metric) of the result rows a headline table would show."""
    return [(h.value, h.metric) for h in extract(sentence) if h.role == "result"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Trisomy was predominant, followed by triploidy (12.4%), monosomy X (10.5%), and structural chromosome anomalies (4.7%).",
            [("12.4%", "triploidy"), ("10.5%", "monosomy X"), ("4.7%", "structural chromosome anomalies")],
        ),
        (
            'Surgical findings included "tipped bands" in 9 of 28 patients (32%); fibrous reaction to the band in 10 of 28 patients (36%).',
            [("32%", "tipped bands"), ("36%", "fibrous reaction to the band")],
        ),
        (
            "Persistent symptoms included limb tenseness in 12.5% and mild ankle edema in 25%.",
            [("12.5%", "limb tenseness"), ("25%", "mild ankle edema")],
        ),
        (
            "The specificity of both tests of predicting the development of PIH was about 90%.",
            [("about 90%", "specificity")],
        ),
    ],
)
def test_a_clinical_share_is_named_by_the_outcome_it_counts(sentence: str, expected: list) -> None:
    assert shown(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The majority of patients completed the trial (91.3%).",  # a clause, not an outcome's name
        "Initial management consisted of dilatation in 34 of 38 patients (94%).",  # no item before "in 34 of 38"
    ],
)
def test_no_outcome_is_made_up_where_the_sentence_names_none(sentence: str) -> None:
    assert [metric for _, metric in shown(sentence)] == [None]


def test_an_estimate_right_before_its_interval_is_a_result_whatever_its_symbol() -> None:
    rows = extract("The active group showed moderate improvements (d = 0.40, 95% CI: 0.23 to 0.56).")
    assert [(h.value, h.role, h.interval) for h in rows] == [("0.40", "result", "95% CI: 0.23 to 0.56")]
    rows = extract("Artesunate decreased gametocyte carriage on Day 4 (OR = 0.1 95% CI 0.02–0.6).")
    assert [(h.value, h.metric, h.dataset) for h in rows] == [("0.1", "OR", None)]  # "Day 4" is no cohort


def test_the_lancet_decimal_point_is_read_as_one() -> None:
    rows = extract("The mean change was −15·1% for early and −14·6% for delayed pramipexole (difference −0·5 points).")
    assert [h.number for h in rows][:2] == [15.1, 14.6]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Moderate pain relief (⩾30%) was reported by 50–60%.", "setup"),  # the cut-off defining the outcome
        ("Candidacidal ability improved at 30 minutes but not at 60 minutes.", "setup"),  # when it was measured
    ],
)
def test_thresholds_and_time_points_are_set_up(sentence: str, expected: str) -> None:
    rows = extract(sentence)
    assert rows and rows[0].role == expected


@pytest.mark.parametrize(
    ("sentence", "value", "number", "role"),
    [
        ("Its maximum expansion velocity is 15 km/s.", "15 km/s", 15.0, "result"),
        ("We find a stellar velocity dispersion of 95 km s^-1.", "95 km s^-1", 95.0, "result"),
        ("The halo has a total mass of 7.8×10^9 M⊙.", "7.8×10^9 M⊙", 7.8e9, "result"),
        ("The scatter is ~0.27 dex, as observed for the satellites.", "~0.27 dex", 0.27, "result"),
        ("The group lies near the Fornax cluster, at a distance of 20 Mpc.", "20 Mpc", 20.0, "setup"),
        ("The finesse ranges from 9 near 4000 Å to 19.", "4000 Å", 4000.0, "setup"),
        ("NOEMA imaging at 1.6 kpc resolution reveals extended dust.", "1.6 kpc", 1.6, "setup"),
    ],
)
def test_an_astronomical_quantity_is_a_claim_unless_it_says_where(
    sentence: str, value: str, number: float, role: str
) -> None:
    row = next(h for h in extract(sentence) if h.value == value)
    assert (row.number, row.role) == (pytest.approx(number), role)


@given(st.text(alphabet="abc kpc Mpc dex km/s 0123456789.,;()×^⊙~in of patients ", max_size=80))
def test_field_units_never_break_the_extractor(text: str) -> None:
    for h in extract_from_sentence(text, "p"):
        assert h.value in text and h.role in ("result", "reference", "setup")


def test_an_asymmetric_error_is_the_estimates_not_a_gain_of_its_own() -> None:
    rows = extract(r"We find $fσ_8 = 0.391^{+0.080}_{-0.081}$, consistent to within $1σ$ with other analyses.")
    assert [h.value for h in rows if h.role == "result"] == ["0.391", "within 1σ"]


@pytest.mark.parametrize(
    ("sentence", "shown_values"),
    [
        ("Those followed to adult stature showed mean heights of 162 cm for girls.", ["162 cm"]),  # girls: a subgroup
        ("Patients received 20 mg of the drug twice daily.", []),  # a dose: nothing measures it
    ],
)
def test_a_clinical_unit_is_a_claim_where_the_sentence_measures_it(sentence: str, shown_values: list[str]) -> None:
    assert [value for value, _ in shown(sentence)] == shown_values


@pytest.mark.parametrize(
    "sentence",
    [
        "The gross equity premium is perhaps 1% lower today than it was early in the 1900s.",
        "Our method improves accuracy by 1.6% over eight vision-language benchmarks.",
        "It yields a lower dust optical depth of 0.5% than previously reported.",
        "Evaluated on 500 unseen shapes, it yields a mean Intersection over Union of 91.4%.",  # a metric's name
    ],
)
def test_a_clause_a_hedge_or_a_test_bed_is_no_comparator(sentence: str) -> None:
    assert [h.comparator for h in extract(sentence) if h.role == "result"] == [None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Results correlated well (r = 0.862, y = 23.7 +/- 0.792x).",  # the intercept's "y" is a variable
        "The unemployment rate threshold of 6.5 percent was crossed; the rates rose by 6.5 percent.",  # "rates" alone
        "Permanent deficits occurred in only one (4%) group B patient.",  # a patient is who, not what
    ],
)
def test_a_metric_names_a_measure_or_stays_empty(sentence: str) -> None:
    metrics = {h.metric for h in extract(sentence) if h.role == "result"}
    assert not metrics & {"y", "rates", "group B patient", "patient"}


def test_a_named_statistic_keeps_its_name() -> None:
    assert [h.metric for h in extract("Rankings barely agree (Kendall's tau = 0.08).")] == ["Kendall's tau"]
