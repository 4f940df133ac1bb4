"""Headline numbers: the quantitative result claims of an abstract.  Pure: text -> Headline.

A claim is a number with a unit that marks a result (%, pp, points, x, ms, GB,
tokens, parameters, ...) or a score named by its metric (F1 0.65).  Numbers that
are names or references (years, GPT-4, Llama-3-70B, Pass@10, ModelNet40,
Section 3, [12]) are never claims, and neither are set-up figures ("using 10% of
the data").  Every Headline.value is a substring of its sentence.
"""

from __future__ import annotations

import re
from typing import Iterator

from reportgen.model import Headline, Paper

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|et al|etc|vs|cf|Fig|Eq|Sec|approx|resp)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[\"'])")
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_START = r"(?<![\w.@/#-])(?<![A-Za-z]-)"  # not inside a name: GPT-4, Llama-3-70B, Pass@10, W4A4
_APPROX = r"(?:[~≈∼]\s?)?"
_PCT = r"(?:%|\s?percent\b)"
_PERCENT = rf"[+]?{_APPROX}{NUM}\s?{_PCT}(?:\s?(?:-|–|to)\s?{NUM}\s?{_PCT})?|{NUM}\s?(?:-|–)\s?{NUM}\s?{_PCT}"
_SIGNED = rf"\+{NUM}(?![\d.%A-Za-z])(?!\s?percent)"  # "+1.27 over SFT": an explicit gain
_POINTS = rf"{_APPROX}{NUM}\s?(?:pp\b|p\.p\.|(?:(?<=\s)[A-Za-z][\w-]*\s)?(?:percentage\s)?points?\b|pts\b)"
_TIMES = rf"{_APPROX}{NUM}(?:\s?[-–]\s?{NUM})?\s?(?:×|x(?![\w-])|X(?![\w-])|-fold\b|\s?times\b)"
_UNITS = rf"{_APPROX}{NUM}\s?(?:ms|milliseconds?|seconds?|s(?=\s)|hours?|GB|MB|TB|GiB|tokens?/s|FPS|fps|dB|K tokens|M tokens|B tokens|k tokens|tokens|[MBK] parameters|million parameters|billion parameters)\b"
_CLAIM = re.compile(rf"{_START}(?:from\s+{_APPROX}{NUM}\s?%?\s+to\s+{_APPROX}{NUM}\s?%|{_PERCENT}|{_POINTS}|{_TIMES}|{_UNITS})|(?<![\w.])(?:{_SIGNED})")
_HARDWARE = re.compile(r"^\s*(?:\w+\s)?(?:GPUs?|VRAM|RAM|memory GPU)\b|^\s*(?:of\s+)?(?:A100|H100|V100|RTX)")  # "A100 80GB GPU": a machine, not a result
_ABSOLUTE_UNITS = frozenset({"ms", "s", "h", "GB", "MB", "TB", "tokens", "tokens/s", "FPS", "dB"})
_THRESHOLD = re.compile(r"(?:[<>]=?|[≥≤]|\bat (?:least|most)|\blength(?: of)?)\s*$")  # "entities of length >= 3 tokens"
_SMALLER = re.compile(r"\b(only|just|fewer|less|reduc\w*|cut\w*|sav\w*)\W+(?:\w+\W+){0,2}$", re.I)

METRICS = (
    "top-1 accuracy", "top-5 accuracy", "accuracy", "exact match", "F1", "F1 score", "macro-F1", "micro-F1", "BLEU", "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE",
    "METEOR", "CIDEr", "success rate", "win rate", "pass@1", "Pass@1", "latency", "throughput", "memory", "memory usage", "perplexity", "mAP", "AP", "mIoU", "IoU",
    "AUC", "AUROC", "PSNR", "SSIM", "LPIPS", "FID", "CLIP score", "recall", "precision", "error rate", "WER", "CER", "speedup", "speed", "inference speed",
    "training time", "inference time", "cost", "FLOPs", "energy", "compression ratio", "reward", "return", "score", "performance", "hallucination", "attack success rate",
)
_METRIC = re.compile(r"(?<![\w-])(" + "|".join(sorted((re.escape(m) for m in METRICS), key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE)
_SCORE_METRICS = r"F1(?: score)?|macro-F1|micro-F1|ROUGE(?:-[12L])?|BLEU(?: score)?|METEOR|CIDEr|AUC|AUROC|mAP|mIoU|PSNR|SSIM|FID|accuracy|EM|exact match|Spearman(?:'s)? (?:correlation|ρ)|Pearson correlation|R2|R\^2|NDCG(?:@\d+)?|MRR"
_SCORE = re.compile(rf"(?<![\w-])(?:{_SCORE_METRICS}|score)(?:\s+(?:score|of|=|:|reaches|reaching|is|was|around|about))*\s*(?:[~≈]\s?)?(\d*\.\d+|\d+(?:\.\d+)?(?=\s?(?:dB|%)?))(?![\w.]*\d)")
_AND_REACHES = re.compile(rf"\b(?:reaches|reaching|to)\s+({NUM})(?=\s+(?:when|with|on|after|in)\b|[,.;])")  # "... score of 42.4 ..., and reaches 68.2 when"
BENCHMARKS = (
    "MMLU", "MMLU-Pro", "GSM8K", "MATH", "MATH500", "HumanEval", "MBPP", "ImageNet", "ImageNet-1K", "COCO", "MS-COCO", "CIFAR-10", "CIFAR-100", "SQuAD", "GLUE", "SuperGLUE",
    "ARC", "HellaSwag", "TruthfulQA", "MT-Bench", "AlpacaEval", "BIG-Bench", "BBH", "LongBench", "VQAv2", "GQA", "TextVQA", "MMMU", "MathVista", "nuScenes", "KITTI",
    "ADE20K", "Cityscapes", "LibriSpeech", "WMT", "SWE-bench", "WebArena", "AIME", "AIME24", "AIME 2024", "GPQA", "LiveCodeBench", "Atari", "MuJoCo", "DM Control",
    "ScanNet", "ShapeNet", "Waymo", "Kinetics", "UCF101", "MSR-VTT", "Flickr30k", "LAION", "WikiText", "WikiText-2", "C4", "PIQA", "WinoGrande", "BoolQ", "OpenBookQA",
)
_BENCHMARK = re.compile(r"(?<![\w-])(" + "|".join(sorted((re.escape(b) for b in BENCHMARKS), key=len, reverse=True)) + r")(?![\w-])")
_ON_NAME = re.compile(r"\b(?:on|across)\s+(?:the\s+)?((?:[A-Z][\w-]*\d[\w-]*|[A-Z]{2,}[\w-]*|[A-Z][a-z]+[A-Z][\w-]*)(?:\s(?:[A-Z][\w-]+|\d+))?)(?![\w-])(?!\s+(?:model|models|architecture|backbone)\b)")
_COMPARATOR = re.compile(r"\b(?:over|than|compared (?:to|with)|relative to|versus|vs\.?|surpass(?:es|ing)?|outperform(?:s|ing)?|beat(?:s|ing)?)\s+(?:the\s+)?(?!\d)([\w-]+(?:\s+[\w-]+){0,4}?)(?=\s+(?:by|on|in|across|with|while|and|at|for|to)\b|\s*[,;.)]|\s*$)")
_SETUP = re.compile(r"^\s*(?:of|of the)\s+(?:the\s+)?(?:original\s+|full\s+|total\s+|training\s+|labeled\s+|labelled\s+)*(?:data|dataset|training|parameters|labels|samples|tokens|images|examples|compute|budget|annotations|weights)\b")
_DIRECTIONS = (
    ("reduces", re.compile(r"\b(reduc\w*|decreas\w*|lower\w*|cut\w*|sav\w*|less|fewer|smaller|drop\w*|shrink\w*|compress\w*|minimi\w*)\b", re.I)),
    ("improves", re.compile(r"\b(improv\w*|boost\w*|increas\w*|gain\w*|outperform\w*|surpass\w*|exceed\w*|higher|better|faster|speed\w*|accelerat\w*|enhanc\w*|raises?|beats?)\b", re.I)),
    ("reaches", re.compile(r"\b(achiev\w*|reach\w*|attain\w*|obtain\w*|scor\w*|yield\w*|deliver\w*|maintain\w*|retain\w*|recover\w*|preserv\w*)\b", re.I)),
)


def split_sentences(text: str) -> list[str]:
    """Sentences, not broken at e.g., et al. or decimal points."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), text)
    return [s.replace("\0", ".").strip() for s in _SENTENCE_END.split(protected) if s.strip()]


def _number(value: str) -> float | None:
    numbers = re.findall(NUM, value)
    return float(numbers[-1].replace(",", "")) if numbers else None


def _unit(value: str) -> str | None:
    v = value.lower()
    for unit, pattern in (("%", r"%"), ("pp", r"pp|p\.p\.|percentage point"), ("points", r"point|pts"), ("x", r"×|x$|-fold|times"), ("FPS", r"fps"), ("tokens/s", r"tokens?/s"), ("ms", r"ms$|millisecond"), ("s", r"second|\ds$|\ss$"), ("h", r"hour"), ("GB", r"gb|gib"), ("MB", r"mb"), ("TB", r"tb"), ("dB", r"db"), ("tokens", r"token"), ("parameters", r"parameter")):
        if re.search(pattern, v):
            return unit
    return None


def _nearest(pattern: re.Pattern[str], sentence: str, start: int, end: int, window: int = 90) -> str | None:
    """The match of `pattern` closest to the claim at [start, end), within `window` characters."""
    best, distance = None, window + 1
    for match in pattern.finditer(sentence):
        gap = start - match.end() if match.end() <= start else match.start() - end if match.start() >= end else 0
        if 0 <= gap < distance:
            best, distance = match.group(1), gap
    return best


def _direction(sentence: str, start: int, end: int) -> str | None:
    """The verb nearest before the claim, unless the word right after says it ("5x smaller")."""
    after = " ".join(sentence[end:].split()[:2])
    for name, pattern in _DIRECTIONS[:2]:
        if pattern.match(after) or pattern.search(after.split(" ")[0] if after else ""):
            return name
    before = sentence[max(0, start - 80) : start]
    hits = [(m.end(), name) for name, pattern in _DIRECTIONS for m in pattern.finditer(before)]
    return max(hits)[1] if hits else None


def _comparator(sentence: str, start: int, end: int) -> str | None:
    found = _nearest(_COMPARATOR, sentence, start, end, window=120)
    return found.strip(" ,") if found and found.strip() else None


def _dataset(sentence: str, start: int, end: int) -> str | None:
    return _nearest(_BENCHMARK, sentence, start, end, window=200) or _nearest(_ON_NAME, sentence, start, end, window=120)


def _is_setup(sentence: str, match: re.Match[str]) -> bool:
    """A quantity that describes the set-up ("of the training data", "an 80GB GPU"), not a result."""
    before, rest, unit = sentence[: match.start()], sentence[match.end() :], _unit(match.group(0))
    if _SETUP.match(rest) or (unit in ("GB", "MB", "TB") and _HARDWARE.match(rest)):
        return True
    if unit == "parameters":  # a model's size ("137B parameters"), unless it is the claim ("with only 1.2M parameters")
        return not _SMALLER.search(before)
    if unit in _ABSOLUTE_UNITS:  # "windows of 10 ms", "a dataset of 330 hours": no result verb or metric near
        return bool(_THRESHOLD.search(before)) or not (_direction(sentence, *match.span()) or _nearest(_METRIC, sentence, *match.span()))
    return False


def _claims(sentence: str) -> Iterator[tuple[int, int]]:
    taken: list[tuple[int, int]] = []
    for match in _CLAIM.finditer(sentence):
        if _is_setup(sentence, match):
            continue
        taken.append(match.span())
        yield match.span()
    scores = list(_SCORE.finditer(sentence))
    followers = list(_AND_REACHES.finditer(sentence)) if scores else []
    for match in scores + [f for f in followers if f.start() > scores[0].start()]:
        span = match.span(1)
        if not any(a <= span[0] < b for a, b in taken) and not re.fullmatch(r"(19|20)\d\d", match.group(1)):
            taken.append(span)
            yield span


def extract_from_sentence(sentence: str, paper_id: str) -> list[Headline]:
    out = []
    for start, end in sorted(set(_claims(sentence))):
        value = sentence[start:end].strip()
        metric = _nearest(_METRIC, sentence, start, end)
        out.append(
            Headline(
                paper_id=paper_id,
                value=value,
                sentence=sentence,
                number=_number(value),
                unit=_unit(value),
                direction=_direction(sentence, start, end),
                metric=metric,
                dataset=_dataset(sentence, start, end),
                comparator=_comparator(sentence, start, end),
            )
        )
    return out


def extract_headlines(paper: Paper) -> tuple[Headline, ...]:
    """Every result claim in the abstract, in reading order."""
    return tuple(h for sentence in split_sentences(paper.abstract) for h in extract_from_sentence(sentence, paper.id))
