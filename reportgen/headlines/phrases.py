"""Noun phrases and metric names: the vocabulary attribution.py reads a sentence with.

Pure string functions.  A metric is a phrase whose head is a measure (accuracy,
error rate, latency, ...) or that holds a metric's name (F1, BLEU-1, pass@1,
FPR@95TPR); np_before / np_after take the phrase that ends or starts at a point,
without verbs, stop words, adverbs or numbers, so "improves joint position
accuracy by" yields "joint position accuracy".
"""

from __future__ import annotations

import re

from reportgen import vocab

_WORDS = vocab.load()
METRIC_NAME = re.compile(
    r"(?<![\w@^-])(?:(?i:top-[15] accuracy|accuracy|precision|recall|F1[- ]score|macro-F1|micro-F1|F1|exact match|success rate|win rate|error rate|attack success rate|pass rate"
    r"|perplexity|latency|throughput|speedup|correlation|BERTScore|CLIP score)|BLEU(?:-[1-4])?|ROUGE(?:-[12L])?|METEOR|CIDEr|SPICE|chrF|COMET|mAP|AP(?:50|75)?|mIoU|IoU|Dice"
    r"|AUC|AUROC|AUPRC|PSNR|SSIM|LPIPS|FID|FVD|(?i:n?DCG)|MRR|MAE|MSE|RMSE|MAPE|R2|R\^2|WER|CER|EER|FPR|TPR|EM|PPL|(?i:(?:mean )?intersection over union(?: score)?)"
    r"|(?i:C-?index|concordance index|concordance correlation coefficient)|CCC|[A-Za-z][A-Za-z0-9]*@[\w=.+-]*[\w+]|pass\^\d+)(?![\w@-])"
)
HEADS = _WORDS.measure_heads
TRAILING = _WORDS.change_nouns
LEADING = _WORDS.modifiers
NOUNLIKE = _WORDS.verb_nouns
VERB = re.compile(
    r"(?:achiev|reach|yield|obtain|attain|show|demonstrat|surpass|outperform|exceed|improv|boost|increas|reduc|decreas|lower|rais|cut|enhanc|lift|drop|accelerat|diminish|escalat|deliver|maintain|retain|record|report)(?:e|es|ed|ing|s|ting|ped|ping)?"
)
STOP = _WORDS.function_words
ENTITY = _WORDS.entities
POPULATION = _WORDS.population_nouns
TOKEN = re.compile(r"(?i:intersection over union)|\([^()]*\)|[A-Za-z0-9@^=+'][\w@^=.+'-]*[\w@^+']|[A-Za-z0-9]|[^\w\s]")


def split_tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def is_word(token: str) -> bool:
    """A word that can sit in a metric's name: not a stop word, verb, adverb, number or punctuation."""
    low = token.lower()
    verb = bool(VERB.fullmatch(low)) and low not in NOUNLIKE
    return (
        bool(re.match(r"[\w@^]", token))
        and low not in STOP
        and not low.endswith("ly")
        and not re.fullmatch(r"[\d.,%]+", token)
        and not verb
    )


def is_metric(words: list[str]) -> bool:
    while len(words) > 1 and words[-1].lower() in TRAILING:
        words = words[:-1]
    head = words[-1].lower() if words else ""
    singular = re.sub(r"ies$", "y", head) if head.endswith("ies") else re.sub(r"(?<=[a-z]{3})s$", "", head)
    return bool(words) and (head in HEADS or singular in HEADS or any(METRIC_NAME.fullmatch(w) for w in words))


def clean(words: list[str]) -> str | None:
    """The metric as a reader would name it: no "(pp)", no "improved", no trailing "gain" or "zero-shot"."""
    words = [w for w in words if not w.startswith("(")]
    while len(words) > 1 and (
        (words[0].endswith(("'s", "’s")) and not (len(words) == 2 and words[0][:1].isupper()))
        or words[0].endswith(("s'", "s’"))
    ):
        words = words[1:]  # "the model's energy cost", "patients' scores"; "Kendall's tau", "Cohen's d" are names
    if len(words) > 1 and words[-1].lower() == "scores" and METRIC_NAME.fullmatch(words[-2]):
        words = words[:-1]  # "mAP@50-95 scores": the metric is mAP@50-95
    if len(words) > 1 and words[0] == "dB":
        words = words[1:]  # "+0.38 dB PSNR": the unit belongs to the number
    while len(words) > 1 and words[-1].lower() in (
        "zero-shot",
        "few-shot",
        "one-shot",
        "overall",
        "alone",
        "only",
        "on-average",
    ):
        words = words[:-1]
    while words and words[0].lower() in LEADING and len(words) > 1:
        words = words[1:]
    while words and words[-1].lower() in TRAILING and len(words) > 1:
        words = words[:-1]
    if (
        not words
        or words[-1].lower() in TRAILING
        or " ".join(words).lower() in ENTITY
        or words[-1].lower() in POPULATION
        or words[-1].lower() in LEADING  # "tested better": a comparison, not a measure
        or re.search(r"\b(?:cut-?off|threshold|min|max|minimum|maximum)$", " ".join(words).lower())  # a bound's name
        or (len(words) > 1 and _participle(words[-1]))  # "patients mitral regurgitation developed"
    ):
        return None
    return " ".join(words)


def _participle(word: str) -> bool:
    return (
        re.fullmatch(r"[a-z]{4,}(?<!e)ed", word) is not None and word not in HEADS and word not in NOUNLIKE
    )  # "developed", "required"; not "speed", "seed"


def np_before(text: str, hops: int = 2) -> list[str]:
    """The noun phrase that ends `text`, skipping "of X" / "in X" tails ("pass@1 performance of Qwen-7B")."""
    tokens = split_tokens(text)
    while tokens:
        words: list[str] = []
        while tokens and (re.fullmatch(r"\(.*\)", tokens[-1]) or is_word(tokens[-1])):
            words.insert(0, tokens.pop())
        acronyms = [w.strip("()") for w in words if w.startswith("(") and METRIC_NAME.fullmatch(w.strip("()"))]
        words = [w for w in words if not w.startswith("(")]
        if (
            acronyms
            and not any(METRIC_NAME.fullmatch(w) for w in words)
            and (words[-1:] and words[-1].lower() not in HEADS)
        ):
            return acronyms[-1:]  # "Structural Similarity Index Measure (SSIM) of 0.6156"
        if is_metric(words) or hops == 0 or not tokens or tokens[-1].lower() not in ("of", "in", "for", "on"):
            return words[-4:]
        tokens.pop()
        hops -= 1
    return []


def np_after(text: str) -> list[str]:
    tokens = split_tokens(text)
    words: list[str] = []
    if [t.lower() for t in tokens[:3]] == ["the", "number", "of"] or [t.lower() for t in tokens[:2]] == [
        "number",
        "of",
    ]:
        tokens = tokens[3:] if tokens[0].lower() == "the" else tokens[2:]  # "1/28 the number of tuneable parameters"
    elif tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    for n, token in enumerate(tokens):
        if token.startswith("(") and not words:
            continue
        participle = (
            words
            and re.fullmatch(r"[a-z]+[^e]ed", token)
            and n + 1 < len(tokens)
            and tokens[n + 1].lower() in ("by", "with", "from", "in", "on", "to", "for")
        )
        if not is_word(token) or len(words) == 4 or participle:  # "the slowdown induced by ..."
            break
        words.append(token)
    return words
