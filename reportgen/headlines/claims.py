"""Headline numbers: the quantitative claims of an abstract.  Pure: text -> Headline.

A claim is a number with a unit that marks a result (%, pp, points, x, ms, GB,
nats, ...), a score named by its metric ("F1 0.65", "0.65 F1 score", "R2 =
0.92", "pd>0.92"), a ratio ("20/22 benchmarks") or a from-to change.  Numbers
that are names or references (years, GPT-4, Llama-3-70B, Pass@10, ModelNet40,
Section 3, [12]) are never claims.  Every claim gets a role: the paper's own
"result", a "reference" it compares against (a baseline's, the humans', the
prior state of the art) or "setup" (a condition: "with only 10% of the labels").
The value keeps the qualifier written before it ("up to 3.2x", "over 90%") and
is always a substring of its sentence; attribution.py says what it measures
(with phrases.py's noun phrases and metric names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportgen import vocab
from reportgen.headlines import arms, statistics
from reportgen.headlines.attribution import Claim, after_metric, attribute, direction, near_metric
from reportgen.headlines.phrases import TRAILING, is_metric, np_after, np_before
from reportgen.model import Headline, Paper
from reportgen.strings import split_sentences

_DIGIT = re.compile(r"\d")
_WORDY = re.compile(r"percent|per cent|half|third|quarter", re.I)  # a number written as words
NUM = r"\d+(?:,\d{3})*(?:[.·]\d+)?"  # "14·6": the Lancet's decimal point
_START = r"(?<![\w.@/#=^-])(?<![A-Za-z]-)"  # not inside a name: GPT-4, Llama-3-70B, Pass@10, W4A4
_APPROX = r"(?:[~≈∼]\s?)?"
_PCT = r"(?:%|\s?percent\b|\s?per cent\b)"
_DASH = r"\s?(?:--|-|–|to)\s?"
_PERCENT = rf"[+-]?{_APPROX}{NUM}\s?{_PCT}(?:(?:{_DASH}|\s?~\s?){NUM}\s?{_PCT})?|{NUM}{_DASH}{NUM}\s?{_PCT}|\d+,\d{{1,2}}\s?%"  # "99,5%": a decimal comma
_SIGNED = rf"[+]{NUM}(?!\.?\d)(?![%A-Za-z])(?!\s?percent)"  # "+1.27 over SFT": an explicit gain
_POINTS = rf"{_APPROX}{NUM}\s?(?:pp\b|p\.p\.|(?:(?<=\s)[A-Za-z][\w-]*\s)?(?:percentage\s)?points?\b|pts\b)"
_X = r"(?:×|x(?![\w-])|X(?![\w-]))"
_TIMES = rf"{_APPROX}{NUM}\s?(?:[×xX]?{_DASH}{NUM}\s?)?(?:{_X}(?!\s?\d)|-fold\b|\s?times\b)"
_UNITS = (
    rf"{_APPROX}{NUM}\s?(?:ms|milliseconds?|seconds?|s(?=\s)|minutes?|hours?|GB|MB|TB|GiB|tokens?/s|FPS|fps|dB|K tokens|M tokens|B tokens|k tokens|tokens"
    r"|[MBK] parameters|million parameters|billion parameters|nats|bits(?:/dim)?|bpd|m|cm|mm|km|meters?|°|degrees?|Hz|kHz|W|kWh|mJ|J)(?![\w/])"
)
_SCIENTIFIC = r"(?:\s?(?:×|\\times)\s?10\^\{?[-−]?\d+\}?|[eE][-−]?\d+)"  # "7.8×10^9", "2.9\\times10^{11}", "1e-4"
_FIELD_UNITS = "|".join(
    re.escape(u) for u in sorted(vocab.load().quantity_units + vocab.load().measured_units, key=len, reverse=True)
)
_MEASURED = rf"{_APPROX}{NUM}{_SCIENTIFIC}?(?:\s|~|\\,)?(?:{_FIELD_UNITS})(?![\w/^])"  # "0.41 kpc", "95 km s^-1"
_FIELD_UNIT_END = re.compile(rf"(?:{_FIELD_UNITS})$")
_FROM_TO = rf"from\s+{_APPROX}{NUM}\s?(?:%|{_X}|ms|s)?\s+to\s+{_APPROX}{NUM}(?:\s?(?:%|{_X}|ms\b|s\b|FPS\b|fps\b|(?:GPU )?hours\b|GB\b|MB\b|tokens/s\b))?"
_ARROW = rf"{NUM}\s?(?:->|→)\s?{NUM}\s?%?"  # "FID: 8.82->7.36"
_RATIO = rf"{NUM}\s?/\s?{NUM}(?!\s?/)"
_BOUND = rf"(?<=[A-Za-z0-9)^])\s?(?:>=|<=|[<>≥≤])\s?{NUM}"  # "pd>0.92": a bound reported as the result
_CLAIM = re.compile(
    rf"{_START}(?:{_FROM_TO}|{_ARROW}|{_PERCENT}|{_POINTS}|{_TIMES}|{_MEASURED}|{_UNITS})|(?<![\w.])(?:{_SIGNED})"
)
_QUALIFIER = re.compile(
    r"(?:(?:\b(?:up to|over|more than|less than|fewer than|greater than|above|below|under|about|around|approximately|approx\.|roughly|nearly|almost"
    r"|close to|at least|at most|as (?:much|high|low|many|few) as|exceeding|in excess of|between|within)\s+(?:an?\s+)?)+|[<>≥≤⩾⩽]=?\s?)$",
    re.IGNORECASE,
)
_SCORE_METRICS = (
    r"F1(?:[- ]score)?|macro-F1|micro-F1|ROUGE(?:-[12L])?|BLEU(?:-[1-4])?(?: score)?|METEOR|CIDEr|chrF|COMET|AUC|AUROC|AUPRC|mAP|mIoU|PSNR|SSIM|LPIPS|FID|FVD"
    r"|accuracy|EM|exact match|Spearman(?:'s)? (?:correlation|ρ)|Pearson(?:'s)? (?:correlation|r)|correlation|R2|R\^2|NDCG(?:@\d+)?|MRR|MAE|RMSE|MSE|MAPE|WER|CER|EER"
    r"|Dice|DSC|IoU|AP|[Pp]ass@\d+|[A-Za-z][A-Za-z0-9]*@\d+|(?i:n?DCG)(?:@\d+)?|perplexity|PPL|ρ|τ|κ"
)
_SCORE_BEFORE = re.compile(
    rf"(?<![\w@-])(?:ROC-AUC|{_SCORE_METRICS}|score)\)?(?:\s*\([A-Za-z0-9^]+\))?(?:\s+(?:score|scores|of|=|:|reaches|reaching|is|was|are|were|around|about|approximately|up to|over|only))*\s*(?:[=:]\s*)?"
    rf"(?:[~≈]\s?)?(?<![\w@^.])(\d*\.\d+|\d+(?:\.\d+)?(?=\s?(?:dB|%)?))(?![\w.]*\d)(?!\s?(?:[-–/]|to)\s?\d)"
)
_SCORE_AFTER = re.compile(
    rf"(?<![\w.@/#=-])((?:{NUM}\s*,\s*)*(?:{NUM},?\s+(?:and|or)\s+)?{NUM})\s+(?:(?:absolute|relative|average|mean|macro|micro)\s+)?(?:{_SCORE_METRICS})(?:[- ]scores?)?(?![\w@-])"
)
_SCORE_LIST = re.compile(
    rf"(?:\s+(?:for|on|in|with)\s+[\w+-]+(?:\s[\w+-]+)?)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)({NUM})(?![\w.%]*\d)(?!\s?(?:%|[xX×]))"
)
_OF_NUMBER = re.compile(
    rf"\s(?:of|=|:|was|were|averaged|reached)\s+(?:about\s+|approximately\s+|around\s+|only\s+|just\s+)?({NUM})(?![\w.%]*\d)(?![eE][-+]?\d)(?!\s?(?:%|[xX×]|[-–/]\s?\d|to\s+\d|percent))"
)
_EFFECT = statistics.effect_measures()
_HYPERPARAMETER = re.compile(
    r"(?i)\b(?:learning|dropout|sampling|decay|momentum|warmup|weight|temperature|size|length|number|rank|budget|ratio)\b"
)
_VERSUS = re.compile(rf"\(\s*({NUM})\s+(?:vs\.?|versus)\s+({NUM})(?![\w.]*\d)")
_SYMBOL_IS = re.compile(rf"(?<![\w@^=.])([A-Za-z][A-Za-z0-9^]{{0,3}})\s?=\s?({NUM})(?![\w.]*\d)(?![eE][-+]?\d)")
_SETUP_SYMBOL = re.compile(r"[NnKkTtLBMbpPαλ]|[Nn]um|len|bs|lr|seed|[dDhHwWmMsS]|[xyzXYZ]|top|pass")
_AND_REACHES = re.compile(
    rf"\b(?:reaches|reaching|to)\s+({NUM})(?=\s+(?:when|with|on|after|in)\b|[,.;])"
)  # "... score of 42.4 ..., and reaches 68.2 when"
_BARE_FROM_TO = re.compile(
    rf"\b(?:rais|improv|increas|boost|lift|reduc|decreas|lower|cut|drop|push|bring|brought|go|went|grow|grew)\w*\b[^.;]{{0,60}}?\b(from\s+{NUM}\s+to\s+{NUM})(?!\s?[%\w])",
    re.I,
)
_HARDWARE = re.compile(
    r"^\s*(?:\w+\s)?(?:GPUs?|VRAM|RAM|memory GPU)\b|^\s*(?:of\s+)?(?:A100|H100|V100|RTX)"
)  # "A100 80GB GPU": a machine, not a result
_ABSOLUTE_UNITS = frozenset(
    {
        "ms",
        "s",
        "h",
        "min",
        "GB",
        "MB",
        "TB",
        "tokens",
        "tokens/s",
        "FPS",
        "dB",
        "m",
        "nats",
        "bits",
        "Hz",
        "J",
        "W",
        "°",
    }
)
_NEEDS_A_MEASURE = _ABSOLUTE_UNITS | frozenset(vocab.load().measured_units)  # clinical units: doses use them too
_THRESHOLD = re.compile(
    r"(?:[<>]=?|[≥≤]|\bat (?:least|most)|\blength(?: of)?|\bbeyond|\bwithin|\bevery|\bper)\s*$"
)  # "entities of length >= 3 tokens"
_SMALLER = re.compile(r"\b(only|just|fewer|less|reduc\w*|cut\w*|sav\w*)\W+(?:\w+\W+){0,2}$", re.I)
_SETUP_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:of\s+(?:the\s+|an?\s+)?(?:[\w'-]+\s+){0,3}"
    r"(?:data|dataset|training|parameters|labels|samples|tokens|images|examples|compute|budget|annotations|weights|layers|heads|neurons|channels|epochs|steps|iterations|pretraining)\b"
    r"|(?:labeled|labelled|annotated|annotation|training|pruning|sparsity|of labels|compressed|pruned|sparse|quantized)\b|(?:\w+\s+)?batch size\b|(?:data|samples|examples|instances)\b(?! \w+ (?:by|of))|range\b)",
    re.I,
)
_SETUP_BEFORE = re.compile(
    r"(?:\b(?:with|given|trained on)\s+(?:only|just)\s+$|\b(?:trained|pre-?trained|fine-?tuned)\s+(?:on|with|for)\s+(?:only\s+|just\s+)?$|\b(?:with|at|under)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,3}(?:compression|pruning|sparsity|masking|mask|drop|sampling|learning|quantization|keep|retention)\s+(?:ratios?|rates?|levels?)\s+(?:of\s+)?$|\b(?:updating|training|tuning)\s+(?:only\s+)?$|\b(?:sparsity|compression|pruning)\s+(?:\w+\s+){0,2}(?:of|at)\s+$|\b(?:simulating|injecting|adding)\s+$|\b(?:using|uses?)\s+(?:only\s+|just\s+)?$|\b(?:ratios?|rates?|levels?|sparsity|budgets?)\s*\($|\bprun\w*\s+$|\bcompressed\s+$|\b(?:[NnKkTtLBMbpPαλ]|[Nn]um|bs|lr|seed)\s?=\s?$)",
    re.I,
)
_SPECULATIVE = re.compile(r"\b(?:potential|could|may|might|would|aims?|goal|target)\b[^.,;]{0,25}$", re.I)
_REFERENCE_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:achieved|obtained|reported|reached|attained|scored)\s+by\s+(?!our|the proposed|this)|^\s*(?:\w+\s+){0,2}(?:for|of)\s+(?:the\s+)?(?:\w+[- ]){0,3}"
    r"(?:baselines?|humans?|experts?|prior|previous|existing|state[- ]of[- ]the[- ]art|SOTA|competitors?|teacher)\b|^\s*the size\b|^\s*(?:larger|bigger) (?:models?|networks?)\b",
    re.I,
)
_COMPARE = re.compile(
    r"\b(?:(?<!more )(?<!less )(?<!fewer )(?<!greater )(?<!rather )than|compared (?:to|with)|relative to|versus|vs\.?|against|surpass\w*|exceed\w*|outperform\w*|beat\w*|(?<!intersection )over)\s",
    re.I,
)
_NOT_A_REFERENCE = re.compile(
    r"\b(?:by|with|on|across|in|achiev\w*|reach\w*|yield\w*|gain\w*|improv\w*|e\.g\.|i\.e\.|to|at|while|reduc\w*|cut\w*|increas\w*|decreas\w*|rais\w*|boost\w*|lift\w*|lower\w*|enhanc\w*|bring\w*|push\w*)\b|[;:]",
    re.I,
)
_REF_SUBJECT = re.compile(
    r"\b(?:SOTA|state[- ]of[- ]the[- ]art|baselines?|prior|previous|existing|humans?|competitors?|conventional|standard|traditional|vanilla|teacher)\b",
    re.I,
)
_OWN = re.compile(r"\b(?:our|ours|we|proposed|this)\b", re.I)
_RESULT_VERB = re.compile(
    r"\b(?:achiev\w*|reach\w*|attain\w*|obtain\w*|scor\w*|yield\w*|get\w*|record\w*|hit\w*)\s+(?:an?\s+|the\s+|only\s+)?$",
    re.I,
)
_DELTA_AFTER = re.compile(
    r"^\s*(?:\(\w+\)\s*)?(?:absolute\s+|relative\s+)?(?:gain|improvement|increase|boost|higher|lower|better|faster|more|less|fewer|reduction|drop|decrease|lead|margin"
    r"|improved|stronger|greater|reduced|increased|smaller|cheaper|speed-?up)\b",
    re.I,
)
_CLAUSE = re.compile(r"[;:]|\(e\.g\.|\(i\.e\.|\b(?:while|whereas|but)\b|(?:^|\s)(?:\d|i{1,3}|iv|v)\)\s")


def _float(digits: str) -> float:
    return float(digits.replace(",", "").replace("·", "."))


def _number(value: str) -> float | None:
    value = _FIELD_UNIT_END.sub("", value)  # "95 km s^-1": not 1
    scientific = re.search(rf"({NUM}){_SCIENTIFIC}", value)
    if scientific:
        exponent = re.findall(r"[-−]?\d+", scientific.group(0)[len(scientific.group(1)) :])[-1]
        return _float(scientific.group(1)) * 10.0 ** int(exponent.replace("−", "-"))
    numbers = re.findall(NUM, value)
    if numbers:
        return _float(numbers[-1])
    return statistics.word_number(value)  # "Forty-two percent"


def _unit(value: str) -> str | None:
    field_unit = _FIELD_UNIT_END.search(value)
    if field_unit:
        return field_unit.group(0)
    v = value.lower()
    for unit, pattern in (
        ("%", r"%|percent|per cent"),
        ("pp", r"pp|p\.p\.|percentage point"),
        ("points", r"point|pts"),
        ("x", r"×|\dx|x$|-fold|times"),
        ("FPS", r"fps"),
        ("tokens/s", r"tokens?/s"),
        ("ms", r"\d\s?ms$|millisecond"),
        ("s", r"second|\ds$|\ss$"),
        ("min", r"minute"),
        ("h", r"hour"),
        ("GB", r"gb|gib"),
        ("MB", r"mb"),
        ("TB", r"tb"),
        ("dB", r"db"),
        ("tokens", r"token"),
        ("parameters", r"parameter"),
        ("nats", r"nats"),
        ("bits", r"bits|bpd"),
        ("Hz", r"hz"),
        ("°", r"°|degree"),
        ("m", r"\d\s?(?:m|cm|mm|km|meters?)$"),
        ("J", r"\dj$|\dmj$|kwh"),
        ("W", r"\dw$"),
        ("ratio", r"\d/\d"),
    ):
        if re.search(pattern, v):
            return unit
    return None


def _with_qualifier(sentence: str, start: int) -> tuple[int, str | None]:
    """Where the value starts once its qualifier ("up to", "over", "~") is kept, and the qualifier."""
    found = _QUALIFIER.search(sentence[max(0, start - 24) : start])
    if found and not re.search(
        r"\b(?:rang|var|span|spread|averag)\w*\s+$", sentence[: start - len(found.group(0))]
    ):  # "ranges over 82-89%"
        return start - len(found.group(0)), found.group(0).strip().lower()
    tilde = re.match(r"\s*([~≈∼])", sentence[start:])
    return start, tilde.group(1) if tilde else None


def _dropped(sentence: str, start: int, end: int) -> bool:
    """Not a claim at all: hardware, model sizes, thresholds, quantities with no result near ("windows of 10 ms")."""
    before, rest, unit = sentence[:start], sentence[end:], _unit(sentence[start:end])
    if unit in ("GB", "MB", "TB") and _HARDWARE.match(rest):
        return True
    if unit == "parameters":  # a model's size ("137B parameters"), unless it is the claim ("with only 1.2M parameters")
        return not _SMALLER.search(before)
    if _SPECULATIVE.search(before) and not re.search(r"\b(?:achiev|reach|show)", before[-40:]):
        return True  # "the potential for 100x discovery acceleration": a hope, not a measurement
    if unit in _NEEDS_A_MEASURE:  # "windows of 10 ms", "a dataset of 330 hours", "20 mg": no result verb or metric near
        measured = re.search(r"\s(?:was|were|of|averaged)\s+(?:\w+\s+)?$", before) and is_metric(
            np_before(re.sub(r"\s(?:was|were|of|averaged)\s+(?:\w+\s+)?$", "", before))
        )  # "fever clearance times were 92 hours"
        return bool(_THRESHOLD.search(before)) or not (
            measured or direction(sentence, start, end) or near_metric(sentence, start, end)
        )
    return False


def _spans(sentence: str) -> Iterator[tuple[int, int]]:
    """Every claim's digits, in no particular order; overlaps are resolved by the caller."""
    for match in _CLAIM.finditer(sentence):
        yield match.span()
    for match in _EFFECT.finditer(sentence):  # "adjusted odds ratio, 0.31", "HR 0.71"
        yield match.span("value")
    for match in statistics.ESTIMATE.finditer(sentence):  # "d = 0.40, 95% CI: 0.23 to 0.56"
        yield match.start("value"), match.end()
    yield from statistics.means(sentence)  # "12.4 ± 3.1 mmHg": the mean
    for pattern in (statistics.WORDS_PERCENT, statistics.WORDS_FRACTION):  # "Forty-two percent", "two-thirds of"
        for match in pattern.finditer(sentence):
            yield match.span()
    for match in _BARE_FROM_TO.finditer(sentence) if "from " in sentence else ():
        yield match.span(1)
    for match in _SCORE_BEFORE.finditer(sentence):
        yield match.span(1)
        at = match.end(1)
        while follower := _SCORE_LIST.match(sentence, at):  # "F1 scores of 0.36 for WUPALMER and 0.28 for LCH"
            yield follower.span(1)
            at = follower.end(1)
    for match in _OF_NUMBER.finditer(sentence):  # "third quartile (Q3) similarity of 0.82"
        words = np_before(sentence[: match.start()])
        if is_metric(words) and not _HYPERPARAMETER.search(" ".join(words)):
            yield match.span(1)
        elif words and words[-1].lower() in TRAILING and _in_metric(sentence[match.end() :]):
            yield match.span(1)  # "an absolute improvement of 0.45 in Concordance Correlation Coefficient"
    for match in _VERSUS.finditer(sentence):  # "lower bias (0.33 vs. 0.52)"
        yield match.span(1)
        yield match.span(2)
    for match in _SYMBOL_IS.finditer(sentence) if "=" in sentence else ():  # "(r=0.298)"
        if not _SETUP_SYMBOL.fullmatch(match.group(1)):
            yield match.span(2)
    for match in _SCORE_AFTER.finditer(sentence):
        for number in re.finditer(NUM, match.group(1)):
            yield match.start(1) + number.start(), match.start(1) + number.end()
    for match in re.finditer(rf"{_START}{_RATIO}", sentence):
        numerator, denominator = (_float(n) for n in re.findall(NUM, match.group(0)))
        if 0 < numerator <= denominator and not re.match(r"\s*of\b", sentence[match.end() :]):
            yield match.span()
    for match in re.finditer(_BOUND, sentence):
        symbol = re.search(r"([A-Za-z][\w^]*)\s?$", sentence[: match.start()])
        name = symbol.group(1) if symbol else ""
        if name and (len(name) <= 3 or re.search(r"[A-Z0-9^]", name)) and not _SETUP_SYMBOL.fullmatch(name):
            digits = re.search(NUM + "$", match.group(0))
            yield (match.end() - len(digits.group(0)) if digits else match.start()), match.end()


def _in_metric(text: str) -> bool:
    """Does the text open with "in <a metric>"?"""
    found = re.match(r"\s+in\s+(?:the\s+)?(.*)", text)
    return found is not None and is_metric(np_after(found.group(1)))


def _inside(span: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in regions)


def _claims(sentence: str) -> list[tuple[int, int]]:
    """Claim spans in reading order: the widest of overlapping ones; names, years, intervals, p-values and SDs left out."""
    companions = statistics.skipped(sentence)
    spans = sorted((s for s in set(_spans(sentence)) if not _inside(s, companions)), key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if any(a <= start < b or a < end <= b or (start <= a and b <= end) for a, b in kept):
            if any(start <= a and b <= end and (end - start) > (b - a) for a, b in kept):
                kept = [(a, b) for a, b in kept if not (start <= a and b <= end)]
            else:
                continue
        text = sentence[start:end].strip()
        if (
            re.fullmatch(r"(19|20)\d\d", text)
            or (re.match(r"\s*[\]\d]", sentence[end:]) and not re.match(r"\s*9[059]\s?%", sentence[end:]))
            or _dropped(sentence, start, end)
        ):
            continue
        kept.append((start, end))
    followers = [
        m
        for m in _AND_REACHES.finditer(sentence)
        if kept and m.start() > kept[0][0] and not any(a <= m.start(1) < b for a, b in kept)
    ]
    kept += [
        m.span(1)
        for m in followers
        if not re.fullmatch(r"(19|20)\d\d", m.group(1)) and not _inside(m.span(1), companions)
    ]
    return sorted(kept)


def _clause_before(sentence: str, start: int) -> str:
    before = sentence[:start]
    cuts = [m.end() for m in _CLAUSE.finditer(before)]
    return before[cuts[-1] :] if cuts else before


_SAMPLE = re.compile(
    r"^\s*(?:\)\s*)?(?:of\s+(?:the\s+|all\s+)?(?:\w+\s+){0,2}(?:were|was|are|is)\s+|(?:were|was|are)\s+)?(?:(?:(?!for\b|in\b|among\b)\w+\s+)?(?:"
    + "|".join(sorted(vocab.load().sample_words))
    + r"))\b",
    re.I,
)
_GROUPS = {"women", "men", "boys", "girls", "adults", "aged", "older"}  # "12 women (13%) developed": who, not a trait
_TRAIT_BEFORE = (
    re.compile(  # "The mean age was 5.7", "ranging in age from 23 to 72", "were females (71%) and Caucasians (70%)"
        r"(?:\b(?:mean|median|average)\s+age\b[^,;.\d]{0,25}|\bin\s+age\s+(?:from\s+)?|\bage\s+of\s+|\b(?:"
        + "|".join(sorted(w for w in vocab.load().sample_words if w not in vocab.load().population_nouns | _GROUPS))
        + r")(?:\s+(?:sex|gender|patients|subjects|participants))?\s*\(\s*)$",
        re.I,
    )
)
_CRITERION = re.compile(  # "patients with a haematocrit less than 30%", "defined as >50%", "a cut-off of 10%"
    r"(?:\b(?:with|having|had|whose|defined as|definition of|criteria?|criterion|threshold|cut-?off|cut point|inclusion|eligible|if|when)\b[^,;.]{0,40}"
    r"\b(?:less|more|greater|fewer|lower|higher)\s+than\s+$|\b(?:threshold|cut-?off|cut point)\s+(?:of|at|was|=)?\s*$|\bdefined as\s+(?:an?\s+)?(?:\w+\s+){0,3}$)",
    re.I,
)
_CONDITION_OWNER = re.compile(
    r"(?:\b(?:patients|subjects|participants|children|adults|women|men|those|individuals|cases|infants)\s+(?:with|having|who had)"
    r"|\b(?:whose|defined as|if|criteria?|criterion|threshold|cut-?off|inclusion|eligible|excluded|included))\b[^,;.\d]{0,40}$",
    re.I,
)
_SHOCK = re.compile(  # "a 1 percentage point increase in the user cost reduces ...": the input, not the finding
    r"^\s*(?:\w+\s+)?(?:increase|decrease|rise|fall|drop|cut|change|reduction|shock|hike)\s+in\s+[^,;]{1,60}?\b(?:leads?|led|raises?|raised|reduces?|reduced|lowers?|lowered|results? in|causes?|caused|would|is associated|was associated|generates?|induces?|implies|translates? into)\b",
    re.I,
)
_DOSE_AFTER = re.compile(  # "chlorhexidine 0.1%", "0.1% chlorhexidine", "a 10% CO2 atmosphere"
    r"^\s*(?:[A-Z][A-Za-z0-9]*\s+)?(?:solution|gel|cream|ointment|atmosphere|concentration|dose|dosage|w/v|v/v|wt|by weight|saline|glucose|dextrose|oxygen|O2|CO2|ethanol|serum|FBS|agar)\b|^\s*[a-z]+(?:ine|ide|ate|ol|one)\b(?!\s+of\b)",
)


_WHERE_BEFORE = re.compile(  # "at a projected distance of 50 kpc", "near 4000 Å", "(assuming a distance of 16.1 Mpc)"
    r"\b(?:at|near|around|assuming|out to|initially|starting)\s+(?:an?\s+|the\s+)?(?:(?:projected|comoving|luminosity|central)\s+)?"
    r"(?:(?:distance|wavelength|radius|redshift|mass|separation)\s+of\s+)?(?:[~≈∼]\s*)?$",
    re.I,
)
_WHERE_AFTER = re.compile(r"^\s*(?:resolution|scales?|apertures?|beams?|distance|from the|of (?:the|a|an)\b)", re.I)


_TIME_POINT = re.compile(
    r"\b(?:at|after|during(?: the (?:next|first|last))?|for|over|following)\s+(?:\d+\s+(?:and|or|to)\s+)?(?:the\s+)?$",
    re.I,
)


def role(sentence: str, start: int, end: int) -> str:
    """result, reference (someone else's figure) or setup (a condition of the experiment)."""
    before, after = sentence[:start], sentence[end:]
    if _FIELD_UNIT_END.search(sentence[start:end]) and (_WHERE_BEFORE.search(before) or _WHERE_AFTER.match(after)):
        return "setup"  # where or at what a quantity was observed, not what was measured there
    if _SAMPLE.match(after) or _CRITERION.search(before) or _DOSE_AFTER.match(after) or _TRAIT_BEFORE.search(before):
        return "setup"
    if re.match(
        r"(?:less|more|greater|fewer|lower|higher)\s+than|[<>≤≥]|above|below|over|under", sentence[start:end], re.I
    ) and _CONDITION_OWNER.search(before):
        return "setup"  # "patients with a haematocrit less than 30%"
    if re.match(r"[≥≤⩾⩽]", sentence[start:end]) and re.search(r"\(\s*$", before):
        return "setup"  # "moderate pain relief (⩾30%)": the cut-off that defines an outcome
    if _unit(sentence[start:end]) in ("s", "min", "h") and _TIME_POINT.search(before):
        return "setup"  # "at 30 minutes", "after 30 and 60 minutes": when it was measured
    if re.search(r"\b(?:an?|each|every|one)\s+$", before, re.I) and _SHOCK.match(after):
        return "setup"
    if re.match(
        r"\s*(?:smaller|larger|fewer|more|less)\s+(?:\w+\s+)?(?:batch size|training data|epochs|steps|GPUs?)\b", after
    ) and re.search(r"\b(?:with|using|despite|training)\b[^,;]{0,30}$", before):
        return "setup"  # "training with 8 times smaller batch size"
    if not _DELTA_AFTER.match(after) and (
        _SETUP_AFTER.match(after)
        or _unit(sentence[start:end]) == "parameters"
        or (_SETUP_BEFORE.search(before) and not after_metric(sentence, Claim(start, start, end)))
    ):
        return "setup"
    if _DELTA_AFTER.match(after) or sentence[start] == "+" or re.search(r"\bby\s+$", before):
        return (
            "reference"
            if re.match(r"^\s*(?:the size|(?:larger|bigger) (?:models?|networks?))\b", after, re.I)
            else "result"
        )
    if _REFERENCE_AFTER.match(after) or (
        re.search(r",\s*$", before) and re.match(r"(?:close to|compared to|vs\.?|versus|against)\s", sentence[start:])
    ):
        return "reference"  # "10.91% WER, close to 10.45% obtained using 30k labels"
    clause = _clause_before(sentence, start)
    compare = list(_COMPARE.finditer(clause))
    if compare and not _NOT_A_REFERENCE.search(clause[compare[-1].end() :]):
        return "reference"  # "lower than the 87% accuracy", "surpassing the baseline's 91.4%", "against 49.0%"
    verb = _RESULT_VERB.search(clause)
    subject = " ".join(np_before(clause[: verb.start()])) if verb else ""
    if verb and _REF_SUBJECT.search(subject) and not _OWN.search(subject):
        return "reference"  # "the SOTA MLLM achieves 63% accuracy"
    return "result"


def extract_from_sentence(sentence: str, paper_id: str, setup_section: bool = False) -> list[Headline]:
    """Every claim of one sentence; under a structured abstract's Background or Methods heading none is a result."""
    if not _DIGIT.search(sentence) and not _WORDY.search(sentence):
        return []  # most sentences: skip a dozen regex scans
    spans = _claims(sentence)
    claims, controls = [], []
    for start, end in spans:
        qstart, qualifier = _with_qualifier(sentence, start)
        found = role(sentence, qstart, end)
        control = (
            arms.control_arm(sentence, _clause_before(sentence, qstart), qstart, end) if found == "result" else None
        )
        if found == "result" and (setup_section or control):
            found = "setup" if setup_section else "reference"  # "41% in the placebo group": the arm compared against
        controls.append(control)
        claims.append(Claim(start=qstart, digits=start, end=end, role=found, qualifier=qualifier))
    control_arm = next((c for c in controls if c), None)
    effects = {m.start("value"): _effect_name(m) for m in _EFFECT.finditer(sentence)}
    beside: dict[tuple[int, str], str] = {}
    for companion in statistics.companions(sentence):
        owner = statistics.belongs_to(sentence, [(c.start, c.end) for c in claims], companion)
        if owner is not None:
            beside.setdefault((owner, companion.kind), companion.text)
    out = []
    for n, (claim, fields) in enumerate(zip(claims, attribute(sentence, claims))):
        value = sentence[claim.start : claim.end].strip()
        out.append(
            Headline(
                paper_id=paper_id,
                value=value,
                sentence=sentence,
                number=_number(sentence[claim.digits : claim.end]),
                unit=_unit(value),
                direction=fields.direction,
                metric=effects.get(claim.digits) or _names_a_measure(_as_written(fields.metric, sentence)),
                dataset=_as_written(fields.dataset, sentence),
                comparator=fields.comparator or (control_arm if claim.role == "result" else None),
                role=claim.role,
                qualifier=claim.qualifier,
                interval=beside.get((n, "interval")),
                p_value=beside.get((n, "p")),
            )
        )
    return out


def _effect_name(match: re.Match[str]) -> str:
    """The effect measure an estimate follows, as written: "adjusted odds ratio", "HR"."""
    name = match.string[match.start() : match.start("value")]
    name = re.sub(
        r"\s*(?:[\[(][^\])]{1,12}[\])])?\s*(?:[:=,]|\b(?:was estimated at|was|were|is|of|reached))?\s*=?\s*$", "", name
    )
    return name.strip()


def _as_written(name: str | None, sentence: str) -> str | None:
    """A metric or benchmark only when the sentence spells it (rebuilt names like "A@0 @" are dropped)."""
    return name if name and name.lower() in sentence.lower() else None


_BARE = vocab.load().bare_heads


def _names_a_measure(name: str | None) -> str | None:
    """The metric unless it names nothing: a head alone ("rates"), a regression's "y", a test's "t122"."""
    if name is None or name.lower() in _BARE or re.fullmatch(r"[xyXY]|t\d+", name):
        return None
    return name


def extract_headlines(paper: Paper) -> tuple[Headline, ...]:
    """Every quantitative claim in the abstract, in reading order, each with its role."""
    found: list[Headline] = []
    section = None
    for sentence in split_sentences(paper.abstract):
        section = arms.heading(sentence) or section
        found.extend(extract_from_sentence(sentence, paper.id, arms.is_setup_section(section)))
    return tuple(found)
