"""Estimates with their intervals, p-values and spreads; numbers written as words; set-up that is not a result."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportgen.headlines import extract_from_sentence
from reportgen.headlines.statistics import companions, word_number


def _rows(sentence: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(h.value, h.role, h.metric, h.interval, h.p_value) for h in extract_from_sentence(sentence, "p")]


def test_an_odds_ratio_is_one_headline_with_its_interval_and_p_value_beside_it() -> None:
    rows = _rows("Users had lower risk (adjusted odds ratio, 0.31; 95% CI 0.11–0.88; p = 0.02) than non-users.")
    assert rows == [("0.31", "result", "adjusted odds ratio", "95% CI 0.11–0.88", "p = 0.02")]


def test_a_bracketed_interval_after_a_hazard_ratio_is_not_a_headline() -> None:
    rows = _rows("Fever cleared sooner (Hazard Ratio[95%CI] = 2.171 [1.545–3.051], p<0.0001).")
    assert rows == [("2.171", "result", "Hazard Ratio", "1.545–3.051", "p<0.0001")]


def test_the_mean_of_a_mean_and_sd_is_the_value() -> None:
    values = [
        h.value for h in extract_from_sentence("Weight fell by 3.21 ± 1.1 kg and pain scores were 12% lower.", "p")
    ]
    assert "1.1" not in " ".join(values)


def test_numbers_written_as_words_are_found() -> None:
    [row] = extract_from_sentence("Forty-two percent of patients developed severe mucositis.", "p")
    assert (row.value, row.number, row.metric) == ("Forty-two percent", 42.0, "severe mucositis")


def test_sample_descriptions_doses_and_thresholds_are_setup() -> None:
    roles = {h.value: h.role for h in extract_from_sentence("Of the sample, 62% were women.", "p")}
    assert roles == {"62%": "setup"}
    sentence = "Patients with a haematocrit less than 30% were excluded; plates were rinsed with 0.1% chlorhexidine."
    assert {h.role for h in extract_from_sentence(sentence, "p")} == {"setup"}


def test_an_input_shock_is_setup_and_its_response_the_result() -> None:
    rows = _rows("We find that a 1 percentage point increase in the user cost reduces investment by 0.4 percent.")
    assert [(v, r) for v, r, *_ in rows] == [("1 percentage point", "setup"), ("0.4 percent", "result")]


def test_machine_learning_claims_are_unchanged() -> None:
    rows = _rows(
        "Our method achieves 85.2% accuracy on ImageNet, while a 95% share of the gain comes from pretraining."
    )
    assert rows[0] == ("85.2%", "result", "accuracy", None, None)


def test_ranges_in_brackets_that_follow_no_estimate_are_kept() -> None:
    sentence = "Our DGLS outperforms it by significant margins (3.77%--66.3%) on structured problems."
    assert companions(sentence) == []


@given(st.text(max_size=80))
def test_word_numbers_never_fail(text: str) -> None:
    value = word_number(text)
    assert value is None or value >= 0


def test_word_numbers() -> None:
    assert word_number("Forty-two percent") == 42
    assert word_number("two-thirds") == 66.7
    assert word_number("one half") == 50
    assert word_number("ninety per cent") == 90
