"""The statistics written around an estimate: intervals, p-values, spreads and effect measures.

Pure string functions.  Medicine, economics and the sciences report a result as
an estimate with its uncertainty: "adjusted odds ratio, 0.31; 95% CI 0.11-0.88",
"12.4 ± 3.1 mmHg", "β = 0.42 (SE 0.05), p < 0.001".  Only the estimate is a
headline; the interval, the p-value and the spread belong to it and are never
headlines of their own.  claims.py asks this module where those companions sit
(so their digits are skipped) and which estimate each belongs to, and for the
estimates themselves: an effect measure's number ("OR 2.3", "hazard ratio of
0.71") and numbers written as words ("Forty-two percent").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reportgen import vocab

NUM = r"[-−]?\d+(?:,\d{3})*(?:[.·]\d+)?|[-−]?\.\d+"
_TO = r"\s?(?:-|–|—|−|to|,|;)\s?"
_LEVEL = r"(?:(?:9[059]|8[05])\s?%\s?)"
_CI_NAME = r"(?:C\.?I\.?|Cl|CrI|confidence intervals?|credible intervals?|uncertainty intervals?|UI)"
_UNIT = r"(?:\s?(?:%|[A-Za-zµμ/°]{1,8}(?:/[A-Za-z]+)?))?"
_TAG = r"(?:\s?[\[(][A-Za-z% ]{1,12}[\])])?"  # "95% Confidence Interval [CI]:"
INTERVAL = re.compile(
    rf"(?:{_LEVEL}?{_CI_NAME}{_TAG}|(?<![\w.])IQR|interquartile range|range)\s?(?:[:=,]|was|of|from)?\s?[\[(]?\s?(?:{NUM}){_UNIT}{_TO}(?:{NUM}){_UNIT}[\])]?"
    rf"|(?<=\d\s\()(?:{NUM})\s?(?:%|[a-z]{{1,6}})?\s?(?:-|–|—|to|,)\s?(?:{NUM}){_UNIT}\s?(?=[)\]])"  # "92 hours (84–114 hours)"
    rf"|(?<=\d\s\[)(?:{NUM})\s?(?:%|[a-z]{{1,6}})?\s?(?:-|–|—|to|,)\s?(?:{NUM}){_UNIT}\s?(?=[)\]])"
    rf"|(?<=[\d%]\s\()(?:{NUM})\s?%\s?(?:-|–|—|to)\s?(?:{NUM})\s?%(?=\))"  # "37.6 % (27.14%–50.2%)"
    rf"|{_LEVEL}{_CI_NAME}",  # "Median (95% confidence interval) times were": the level alone
    re.I,
)
ESTIMATE = re.compile(  # "d = 0.40, 95% CI: 0.23 to 0.56", "OR = 0.1 95% CI ...": the number right before its interval
    rf"(?<![\w.·])(?P<value>{NUM})(?:\s?%)?(?=\s?[,;(\[]?\s?{_LEVEL}{_CI_NAME})"
)
P_VALUE = re.compile(
    rf"(?<![\w.])[Pp]\s?(?:-?value)?\s?(?:[<>=≤≥]|&lt;|less than|greater than|of)\s?=?\s?(?:{NUM}|0?\.\d+(?:\s?[x×]\s?10\S+)?)"
)
SPREAD = re.compile(
    rf"(?P<mean>{NUM})\s?(?P<unit>%|[A-Za-zµμ/°]+(?:/[A-Za-z]+)?)?\s?(?:±|\+/-|\+-|\+/−)\s?(?P<sd>{NUM}(?:\s?%)?)"
    rf"|(?<![\w.])(?:SD|SEM?|s\.d\.|standard deviation|standard error)\s?(?:[:=,]|of)?\s?(?P<sd2>{NUM})",
    re.I,
)
# "0.580^+0.110_-0.110", "95_-33^+38" (LaTeX errors, as normalised): the estimate, then its errors.
ASYMMETRIC = re.compile(
    rf"(?<![\w.^_])(?P<mean>{NUM})(?P<errors>\^\+(?:{NUM})_[-−](?:{NUM})|_[-−](?:{NUM})\^\+(?:{NUM}))"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0, "fifth": 20.0}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS_WORDS}))?|{_UNITS_WORDS}|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:one )?hundred)"
WORDS_PERCENT = re.compile(rf"(?<![\w-])({_WORD_NUMBER})\s?(?:percent|per cent|%)(?![\w-])", re.I)
WORDS_FRACTION = re.compile(
    r"(?<![\w-])((?:one|a)[- ](?:half|third|quarter|fifth)|two[- ]thirds|three[- ]quarters)(?= of\b)", re.I
)


@dataclass(frozen=True)
class Companion:
    """An interval or a p-value in a sentence: [start, end) and its text as written."""

    kind: str  # "interval" or "p"
    start: int
    end: int
    text: str


def word_number(text: str) -> float | None:
    """The value of "Forty-two percent", "two-thirds" (66.7), "one half" (50); None when it is not one."""
    low = text.lower().replace("per cent", "percent").replace("percent", "").replace("%", "").strip()
    parts = re.split(r"[- ]", low)
    if parts[-1] in _FRACTIONS:
        count = _NUMBER_WORDS.get(parts[0], 1) if parts[0] not in ("a", "one") else 1
        share = _FRACTIONS[parts[-1]]
        return round(share if parts[-1].endswith("s") or count == 1 else share * count, 1)
    if parts and all(p in _NUMBER_WORDS for p in parts if p):
        return float(sum(_NUMBER_WORDS[p] for p in parts if p))
    return None


def companions(sentence: str) -> list[Companion]:
    """Every confidence interval and p-value of the sentence, in reading order."""
    found = [Companion("interval", m.start(), m.end(), m.group(0).strip(" ([])")) for m in INTERVAL.finditer(sentence)]
    found += [Companion("p", m.start(), m.end(), m.group(0)) for m in P_VALUE.finditer(sentence)]
    return sorted(found, key=lambda c: c.start)


def spreads(sentence: str) -> Iterator[tuple[int, int]]:
    """Where each standard deviation or error sits: its digits are never a headline, the mean before it is."""
    for m in SPREAD.finditer(sentence):
        yield (m.start("sd"), m.end("sd")) if m.group("sd") else (m.start("sd2"), m.end("sd2"))
    for m in ASYMMETRIC.finditer(sentence):
        yield m.span("errors")


def means(sentence: str) -> Iterator[tuple[int, int]]:
    """The mean of each "mean ± SD", with its unit when written before the ± ("12.4 mmHg ± 3.1")."""
    for m in SPREAD.finditer(sentence):
        if m.group("mean"):
            end = m.end("unit") if m.group("unit") else m.end("mean")
            yield m.start("mean"), end
    for m in ASYMMETRIC.finditer(sentence):
        yield m.span("mean")


def skipped(sentence: str) -> list[tuple[int, int]]:
    """Spans whose digits are an estimate's companions, never claims."""
    return [(c.start, c.end) for c in companions(sentence)] + list(spreads(sentence))


def effect_measures() -> re.Pattern[str]:
    """Effect measures named before their estimate: "OR 2.3", "odds ratio, 0.31", "hazard ratio of 0.71", "β = 0.42"."""
    ordered = sorted(vocab.load().effect_measures, key=len, reverse=True)
    names = "|".join(re.escape(n) if n != n.lower() else f"(?i:{re.escape(n)})" for n in ordered)  # "OR": capitals only
    return re.compile(
        rf"(?<![\w-])(?:(?i:adjusted|pooled|crude|summary|multivariate|multivariable|standardi[sz]ed)\s+)?(?:{names})(?![A-Za-z0-9])"
        rf"(?:\s?[\[(][^\])]{{1,12}}[\])])?\s?(?:[:=,]|was|were|is|of|was estimated at|reached)?\s?(?:=\s?)?"
        rf"(?P<value>{NUM})(?![\w.]*\d)(?![A-Za-z])(?!\s?(?:%|-|–|to\s\d))"
    )


def belongs_to(sentence: str, claims: list[tuple[int, int]], companion: Companion) -> int | None:
    """The index of the claim a companion belongs to: the nearest claim before it, in the same clause."""
    before = [i for i, (_, end) in enumerate(claims) if end <= companion.start]
    if not before:
        return None
    i = before[-1]
    gap = sentence[claims[i][1] : companion.start]
    if len(gap) > 60 or re.search(r"\b(?:while|whereas|but|and\s+(?:the|a|an)\b)", gap):
        return None
    return i
