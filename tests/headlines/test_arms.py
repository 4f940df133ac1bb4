from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.headlines import extract_from_sentence, extract_headlines
from reportgen.headlines.arms import heading, is_setup_section
from reportgen.model import Paper


def rows(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(h.value, h.role, h.comparator) for h in extract_from_sentence(sentence, "p")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The percentage of patients with ≥1 exacerbation was reduced (tiotropium 9.5%; placebo 17.9%; p = 0.0147).",
            [("9.5%", "result", "placebo"), ("17.9%", "reference", None)],
        ),
        (
            "The response was 41% in the placebo group, 59% in the etoricoxib group, and 58% in the naproxen group.",
            [("41%", "reference", None), ("59%", "result", "placebo group"), ("58%", "result", "placebo group")],
        ),
        (
            "Dogs given meloxicam showed a decrease of 28.3%, whereas the 6 dogs given placebo showed a decrease of 8.3%.",
            [("28.3%", "result", "placebo"), ("8.3%", "reference", None)],
        ),
        (  # an arm after "compared with" is what the number is compared against, not whose it is
            "Compared with those in the placebo group, mortality fell by 12% in treated patients.",
            [("12%", "result", None)],
        ),
    ],
)
def test_the_control_arms_figure_is_a_reference_and_the_others_are_compared_with_it(
    sentence: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("The majority of patients were females (71%) and Caucasians (70%).", "setup"),
        ("The mean age was 5.7 +/- 4.8 years (range 1.1 to 14.8).", "setup"),
        ("Later in pregnancy 12 women (13%) developed pregnancy-induced hypertension.", "result"),
    ],
)
def test_who_was_studied_is_set_up_not_a_finding(sentence: str, role: str) -> None:
    assert {h.role for h in extract_from_sentence(sentence, "p")} == {role}


def test_numbers_under_a_methods_heading_describe_the_study() -> None:
    abstract = (
        "Methods:: In a trial of 374 patients, FEV1 was 1.25 L (47.91% predicted). "
        "Results:: The exacerbation rate fell by 21% (95% CI: 0 to 38%)."
    )
    found = extract_headlines(Paper(id="p", abstract=abstract))
    assert [(h.value, h.role) for h in found if h.role == "result"] == [("21%", "result")]
    assert {h.value: h.role for h in found}["47.91%"] == "setup"


@pytest.mark.parametrize(
    ("sentence", "name", "setup"),
    [
        ("Methods:: In a randomised trial ...", "methods", True),
        ("OBJECTIVE--To determine whether ...", "objective", True),
        ("MATERIALS AND METHODS: Forty rats ...", "materials and methods", True),
        ("Methods and findings: In a community trial ...", "methods and findings", False),
        ("Results:: Mortality fell.", "results", False),
        ("Mortality fell by 12% in 2019.", None, False),
    ],
)
def test_headings(sentence: str, name: str | None, setup: bool) -> None:
    assert heading(sentence) == name
    assert is_setup_section(heading(sentence)) is setup


def test_a_subject_names_what_a_change_measures() -> None:
    found = extract_from_sentence(
        "Exercise time on the standard Bruce protocol increased from 3.9 minutes to 7.2 minutes.", "p"
    )
    assert [h.metric for h in found] == ["Exercise time", "Exercise time"]
    found = extract_from_sentence("Incidence of pneumonia was reduced by 24% (95% CI: 0 to 42%; p = 0.05).", "p")
    assert [h.metric for h in found] == ["Incidence of pneumonia"]
    found = extract_from_sentence("Patients in the laser group were 12% more likely to recover.", "p")
    assert [h.metric for h in found] == [None]


@given(st.text(alphabet="placebo control group in the of 0123456789.%,;()vs ", max_size=80))
def test_arms_never_change_what_is_found(text: str) -> None:
    """Arms and headings only relabel numbers: the values found are those of the sentence alone."""
    found = extract_from_sentence(text, "p")
    assert all(h.value in text for h in found)
    assert all(h.comparator is None or h.comparator in text for h in found)
