"""What a headline number measures, and where: its metric, benchmark, comparator and direction.

Pure: (sentence, the claims found in it) -> fields per claim.  The metric is the
one the sentence ties to this number, in order of how directly: a
"respectively" list, the noun after the number ("63% accuracy"), the noun
before it ("F1 of 0.65", "R2 = 0.92", "BLEU-1 (5.34%)"), the object of the
verb it measures ("improves joint position accuracy by 12.5%"), the number it
restates (", which is 4.51% higher"), and last a metric name earlier in the same
clause that no other number owns.  Never a metric from another clause or from a
condition ("under a similar computational cost"): where none is clear the field
stays empty.  Benchmarks follow the same order and are never metric or GPU
names, nor shortened (ScanNet200, HumanEval+, SWE-bench Lite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen import vocab
from reportgen.headlines.phrases import ENTITY as _ENTITY
from reportgen.headlines.phrases import HEADS as _HEADS
from reportgen.headlines.phrases import LEADING as _LEADING
from reportgen.headlines.phrases import METRIC_NAME as _METRIC_NAME
from reportgen.headlines.phrases import POPULATION as _POPULATION
from reportgen.headlines.phrases import TRAILING as _CHANGE_NOUNS
from reportgen.headlines.phrases import clean as _clean
from reportgen.headlines.phrases import is_metric, np_before
from reportgen.headlines.phrases import is_word as _word
from reportgen.headlines.phrases import np_after as _np_after


@dataclass(frozen=True)
class Claim:
    """A claim's place in its sentence: value = sentence[start:end], digits from `digits`."""

    start: int
    digits: int
    end: int
    role: str = "result"
    qualifier: str | None = None


@dataclass(frozen=True)
class Fields:
    metric: str | None
    dataset: str | None
    comparator: str | None
    direction: str | None


_CHANGE_VERB = re.compile(
    r"\b(?:improv|boost|increas|reduc|decreas|lower|rais|cut|enhanc|lift|drop|accelerat|diminish|shrink|minimi[sz]|elevat|escalat|grow|grew|fell|fall|rose|rise|climb|jump|declin|slash|trim)"
    r"(?:e|es|ed|ing|s|ting|ped|ping)?\b|\b(?:speed(?:s|ing)?|sped)(?=\s+up\b)",
    re.I,
)
_STATE_VERB = re.compile(
    r"(?:\b(?:reach(?:es|ed|ing)?|is|was|are|were|stands? at|of|peak\w*(?: at)?|hit\w*|remains?|stay\w*)|=|:)\s*(?:only\s+|just\s+|about\s+)?$",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:under|at|with|given|for)\s+(?:an?\s+|the\s+)?(?:similar|same|comparable|equal|equivalent|fixed|given|matched|matching|lower|minimal|negligible|identical)\b[^,;]{0,40}$",
    re.I,
)
_NAME = r"(?!\d+(?:\.\d+)?[KMBT]\b)(?:[A-Z][\w.+-]*[\w+]|[a-z]+[A-Z][\w.+-]*[\w+]|\d+-?[A-Z][\w+-]*)(?!\s?=)"
_NAME_TAIL = (
    r"(?:\s(?:[A-Z][\w+-]*[\w+]|\d{2,4}(?![\w%.])|\d(?![\w%.,])(?!\s?(?:times|of|and|to)\b)|Lite|Verified|Pro|Hard|Easy|v\d[\w.]*)){0,3}"
    r"(?:\s\([A-Z][\w-]*\))?"
)
_GENERIC = r"(?:models?|methods?|architectures?|backbones?|baselines?|settings?|scenarios?|domains?|tasks|benchmarks|datasets|data|corpus|samples|images|videos)"
_BENCH = re.compile(
    rf"\b(?:on|across)\s+(?:the\s+|both\s+)?(?:(?:[a-z-]+\s+){{0,3}}(?:benchmark|dataset)\s+)?((?>{_NAME}{_NAME_TAIL}))(?![\w-])"
    rf"(?!,?\s+and\s+[A-Z]|,\s*[A-Z][\w-]*[A-Z\d])"  # one of a list of benchmarks is not the benchmark
    rf"(?!\s+(?:[a-z-]+\s+){{1,2}}{_GENERIC}\b)(?!\s+(?:models?|methods?|architectures?|backbones?|baselines?|data|corpus|samples)\b)"
)
_NOT_BENCH = re.compile(
    r"^(?:A100|H100|H200|H800|V100|A6000|A800|L4|T4|L40S?|RTX\b.*|TPU\w*|GPUs?|CPUs?|AI|LLMs?|MLLMs?|VLMs?|LVLMs?|NLP|CV|RL|SOTA|API|CNNs?|GPT\S*|Llama\S*|LLaMA\S*|Qwen\S*"
    r"|Mistral\S*|Gemma\S*|Gemini\S*|Claude\S*|DeepSeek\S*|Phi-\S*|ViT\S*|ResNet\S*|BERT|RoBERTa|CLIP|SAM\d?|Average|All|Each|Both|Our|The|This|These|I|We|In|On)$"
)
_NOT_NAMES = vocab.load().not_benchmarks


def _not_bench(name: str) -> bool:
    """Hardware, models and pronouns, and the field's words that look like names ("Day 4", "Stage IB")."""
    first = name.split()[0]
    return bool(_NOT_BENCH.match(name) or _NOT_BENCH.match(first)) or first in _NOT_NAMES  # "DeepSeek V2 Lite": a model


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_GLUE = re.compile(
    r"^\s*(?:(?:for|on|in|with)\s+(?:the\s+)?[\w+-]+(?:\s+[\w+-]+)?\s*)?(?:\([^()]{0,30}\)\s*)?(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)\s*(?:by\s+)?$",
    re.I,
)
_CLAUSE = re.compile(r"[;:]|\(e\.g\.|\(i\.e\.|\b(?:while|whereas|but)\b|(?:^|\s)(?:\d|i{1,3}|iv|v)\)\s")
_EXPERIMENTS_ON = re.compile(
    rf"^(?:(?:[A-Z]\w+(?: \w+)?,\s+)?[Oo]n\s+(?:the\s+)?(?:[a-z-]+\s+){{0,4}}((?>{_NAME}{_NAME_TAIL})),|(?:\w+\s+){{0,3}}(?i:experiments?|results?|evaluations?|tests?)\s+on\s+(?:the\s+)?({_NAME}{_NAME_TAIL})(?![\w-])(?!\s+(?:[a-z-]+\s+){{0,2}}(?:benchmarks|datasets|tasks|models|settings|methods)\b)(?!\s*(?:,|and|&)\s*[A-Z]))"
)
_COMPARATOR = re.compile(
    r"\b(?:over|than|compared (?:to|with)|relative to|versus|vs\.?|surpass(?:es|ing)?|outperform(?:s|ing)?|beat(?:s|ing)?)\s+(?:the\s+)?(?!\d)([\w-]+(?:\s+[\w-]+){0,4}?)(?=\s+(?:by|on|in|across|with|while|and|at|for|to)\b|\s*[,;.)]|\s*$)"
)
_DIRECTIONS = (
    (
        "reduces",
        re.compile(
            r"\b(reduc\w*|decreas\w*|lower\w*|cut\w*|sav\w*|less|fewer|smaller|drop\w*|shrink\w*|compress\w*|minimi\w*|diminish\w*)\b",
            re.I,
        ),
    ),
    (
        "improves",
        re.compile(
            r"\b(improv\w*|boost\w*|gain\w*|outperform\w*|surpass\w*|exceed\w*|better|faster|speed\w*|accelerat\w*|enhanc\w*|beats?)\b",
            re.I,
        ),
    ),
    (  # a rise that is not a gain by itself: "incidence increased by 12%", "12% higher mortality"
        "increases",
        re.compile(r"\b(increas\w*|higher|rais\w*|rise[sn]?|rising|rose|grow\w*|grew|escalat\w*|elevat\w*)\b", re.I),
    ),
    (
        "reaches",
        re.compile(
            r"\b(achiev\w*|reach\w*|attain\w*|obtain\w*|scor\w*|yield\w*|deliver\w*|maintain\w*|retain\w*|recover\w*|preserv\w*)\b",
            re.I,
        ),
    ),
)
_LOOSE_METRIC = re.compile(  # any metric word at all: enough to keep "12 ms" or "4 GB" as a claim, never to label one
    r"(?i)(?<![\w-])(accuracy|exact match|F1|BLEU|ROUGE|METEOR|CIDEr|success rate|win rate|pass@1|latency|throughput|memory|perplexity|mAP|AP|mIoU|IoU|AUC|AUROC|PSNR|SSIM"
    r"|LPIPS|FID|recall|precision|error rate|WER|CER|speedup|speed|inference speed|training time|inference time|cost|FLOPs|energy|compression ratio|reward|score|hallucination)(?![\w-])"
)


def after_metric(sentence: str, claim: Claim) -> str | None:
    """The noun after the number: "63% accuracy", "15.32 pp (pp) AUROC gain", "50% fewer parameters", "+4.6 at TAR@FAR=1e-4"."""
    tail = re.sub(
        r"^\s*(?:(?:reduction|improvement|gain|increase|decrease|drop|boost|enhancement)\s+in\s+)",
        "",
        sentence[claim.end :],
        flags=re.I,
    )
    tail = re.sub(
        r"^\s*(?:\([^()]{1,12}\)\s*)?(?:(?:absolute|relative)\s+)?(?:(?:reduction|improvement|gain|increase|decrease|drop|boost|enhancement)\s+in\s+)",
        " ",
        tail,
        flags=re.I,
    )
    words = _np_after(re.sub(r"^\s*(?:(?:" + "|".join(_LEADING) + r")\s+)+", " ", tail, flags=re.I))
    if is_metric(words):
        return _clean(words)
    if (
        len(words) == 1
        and re.fullmatch(r"[a-z]?[A-Z][A-Za-z0-9@-]{1,7}", words[0])
        and sum(ch.isupper() for ch in words[0]) >= 2
        and not _NOT_BENCH.match(words[0])
    ):
        return words[0]  # "+5.9 mACC", "45.1 NDS": an acronym right after a number names its metric
    named = re.match(r"\s*(?:,\s*)?(?:at|in terms of|in|on|for)\s+(?:the\s+)?(\S+)", sentence[claim.end :])
    if named and _METRIC_NAME.fullmatch(named.group(1).rstrip(",.;)")):
        return named.group(1).rstrip(",.;)")  # "0.6% at TAR@FAR=1e-4"
    # "+103.1% in exact match scores", "by 16.1% and 12.7%, respectively, in pass^5 scores", "0.36 points for the similarity score"
    terms = re.match(r"\s*(?:,\s*respectively\s*,?\s*)?(?:in terms of|in|for)\s+(?:the\s+)?(.*)", sentence[claim.end :])
    words = _np_after(terms.group(1)) if terms else []
    if is_metric(words):
        return _clean(words)
    own = re.search(r"([\w@-]+) points?$", sentence[claim.digits : claim.end])
    return own.group(1) if own and is_metric([own.group(1)]) else None  # "2.1 perplexity points"


def _before_metric(sentence: str, claim: Claim) -> str | None:
    """The noun before it: "accuracy of 86.93%", "R2 = 0.92", "BLEU-1 (5.34%)", "error rate below 4.2%", "F1 score ... reached 86.86%"."""
    before = sentence[: claim.start]
    symbol = re.search(r"(?<![\w^@])([A-Za-z][\w^@]{0,10})\s?$", before)
    if symbol and sentence[claim.start] in "<>≥≤" and _word(symbol.group(1)):
        return symbol.group(1)  # "pd>0.92"
    equals = re.search(r"(?<![\w^@])([A-Za-z][\w^@-]{0,7})\s?[=:]\s?$", before)
    if equals and _word(equals.group(1)):
        named = re.search(r"\b([A-Z][a-z]+['’]s)\s$", before[: equals.start(1)])  # "Kendall's tau = 0.08"
        return f"{named.group(1)} {equals.group(1)}" if named else equals.group(1)  # "(r=0.298)", "ROC-AUC: 0.9703"
    judged = re.search(r"\s(?:is|was|are|were)\s+[a-z]+\s*\(\s*$", before)
    if judged and is_metric(np_before(before[: judged.start()])):
        return _clean(np_before(before[: judged.start()]))  # "mean overall quality is modest (1.68/3)"
    if re.search(r"\(\s*$", before) and re.match(r"\s*(?:vs\.?|versus)\s", sentence[claim.end :]):
        return _clean(np_before(before.rstrip(" (")))  # "fewer mitigation steps (2.38 vs. 3.15 average steps)"
    state = _STATE_VERB.search(before) or re.search(r"\(\s*$|\s$", before)
    words = np_before(before[: state.start()] if state else before)
    return _clean(words) if is_metric(words) else None


_PARALLEL = re.compile(  # "by 2.12% and on DTD by 9.73%", "by +9.02% on X, and by +13.89%", "from 20.24% for unbalanced to 13.3%"
    r"^\s*(?:(?:on|in|for|across|at)\s+[^;]{0,80}?)?,?\s*(?:and\s+)?(?:(?:on|in|for|across)\s+[^,;]{0,60}?\s+)?by\s+$|^\s*(?:\([^()]*\)|for\s[^,;]{0,40})?\s*to\s+$",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s*$", re.I)


def _verb_metric(sentence: str, claims: list[Claim], i: int, clause_start: int) -> str | None:
    """What a change verb changes: "improves joint position accuracy by 12.5%", "the test loss ... can improve by 55%", "and time by 4.67x".

    "" when the number hangs on a change verb whose object is not a metric ("outperforms its
    competitors by 1.52%"): the structure is clear, so no metric may be borrowed from elsewhere.
    """
    claim = claims[i]
    before = sentence[clause_start : claim.start]
    if not (
        re.search(r"\b(?:by|from|to)\s+$|\bby\s+[^,;()]{0,40}\(\s*$", before)
        or sentence[claim.start : claim.end].startswith("from")
    ):
        return None
    named_in = re.search(r"\bin\s+(?:terms of\s+)?(?:the\s+|its\s+)?((?:[\w@^-]+\s+){0,4}[\w@^-]+)\s+by\s+$", before)
    if named_in and is_metric(named_in.group(1).split()):  # "outperforms them in detection quality by 5.2%"
        return _clean(named_in.group(1).split())
    verbs = [v for v in _CHANGE_VERB.finditer(before) if not re.match(r"\s+(?:of|in)\b", before[v.end() :])]
    paired = re.search(
        r"\band\s+(?:the\s+|its\s+|their\s+|our\s+)?([A-Za-z@^][\w@^-]*(?:\s+[A-Za-z@^][\w@^-]*){0,2})\s+by\s+$",
        before,
        re.I,
    )
    if paired and verbs and verbs[-1].end() <= paired.start() and all(_word(w) for w in paired.group(1).split()):
        return _clean(_np_after(paired.group(1))) or ""  # "cutting inference cost by 1.4x and time by 4.67x"
    if not verbs or claim.start - (clause_start + verbs[-1].end()) > 150:
        return None
    verb = verbs[-1]
    between = [c for c in claims if clause_start + verb.end() <= c.start < claim.start]
    if between and not all(_PARALLEL.match(sentence[a.end : b.start]) for a, b in zip(between, between[1:] + [claim])):
        return (
            None  # another number sits between the verb and this one, not in parallel ("by 2.12% and on DTD by 9.73%")
        )
    obj = _np_after(re.sub(r"^\s*(?:up\s+)?(?:(?:the|its|their|our|an?)\s+)?", " ", before[verb.end() :]))
    if len(obj) == 1 and obj[0].lower().endswith("ing") and obj[0].lower() not in _HEADS:
        obj = []  # "performance drop varying from": a noun, not a verb with an object
    if obj:
        return _clean(obj) if is_metric(obj) or obj[-1].lower() not in _ENTITY else ""
    head = before[: verb.start()].rstrip()
    if verb.group(0).lower().endswith("ing"):
        head = head.rstrip(",")  # ", escalating from 86%": the subject is the phrase before the comma
    passive = bool(_PASSIVE.search(head))
    head = re.sub(
        r"(?:\b(?:can|could|may|might|will|would|to|also|further|significantly|substantially|sharply|consistently|is|are|was|were|be|been|being)\s*)+$",
        "",
        head,
    )
    subject = np_before(head, hops=0 if passive else 2)
    reduced_relative = (
        not passive
        and re.fullmatch(r"\w{3,}ed", verb.group(0).lower()) is not None
        and head == before[: verb.start()].rstrip()
    )
    if subject and (is_metric(subject) or (reduced_relative and subject[-1].lower() not in _ENTITY)):
        return _clean(subject)  # "the test loss ... can improve by 55%", "loss spikes reduced by 98%"
    return ""


def _restates(sentence: str, claims: list[Claim], i: int) -> bool:
    """The claim restates an earlier one as a change, without naming the measure: ", a 61.6% gain", "the strongest improvement (97.5%)"."""
    before = sentence[: claims[i].start]
    bare_change = r"(?:absolute\s+|relative\s+)?(?:gain|improvement|increase|reduction|boost|decrease)s?"
    comparative = re.search(r",\s*$", before) and re.match(
        r"\s*(?:higher|lower|better|worse|more|less|fewer)\b", sentence[claims[i].end :]
    )  # ", 14.5% higher than"
    return bool(
        re.search(r",\s*(?:an?|which is|that is|i\.e\.,?)\s+$", before)
        or comparative
        or re.search(rf"\b{bare_change}\s*\(\s*$", before, re.I)
    )


def _names(text: str) -> list[str | None]:
    """The names of a list "A, B and C" (trailing lowercase words such as "datasets" dropped)."""
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", text.strip(" ,"))
    out: list[str | None] = []
    for part in parts:
        found = re.fullmatch(
            rf"(?:the\s+)?({_NAME}{_NAME_TAIL}|[a-z][\w-]*[A-Z][\w@^=.+-]*|[A-Za-z][\w@^=.+-]*@[\w=.+-]+)\s*",
            part.strip(),
        )
        out.append(found.group(1) if found and not _not_bench(found.group(1)) else None)
    return out if any(out) else []  # "commonsense reasoning, reading comprehension, MMLU, and BBH": only the names


def _groups(sentence: str, claims: list[Claim]) -> list[list[int]]:
    """Runs of claims joined only by list glue: "22.96%, 12.53%, and 18.54%"; "2.09 m for trees and 0.88 m"."""
    groups: list[list[int]] = []
    for i, claim in enumerate(claims):
        between = sentence[claims[i - 1].end : claim.start] if i else ""
        named = re.match(
            r"\s*(?:\([^()]{0,12}\)\s*)?((?:[\w@^=.+-]+\s+){1,3}?)(?:(?:on|in|for)\s+[A-Z][\w.+-]*(?:\s+[a-z]+|(?:\s+[A-Z0-9][\w.+-]*){0,2})\s*)?"
            r"(?:,\s*(?:and\s+|or\s+)?|(?<=\s)(?:and|or)\s+)$",
            between,
        )
        if groups and (_GLUE.match(between) or (named and is_metric(named.group(1).split()))):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _respectively(sentence: str, claims: list[Claim], group: list[int]) -> tuple[list[str | None], bool] | None:
    """The list that pairs with a group of values by position; True when it lists metrics."""
    tail = sentence[claims[group[-1]].end :]
    found = _RESPECTIVELY.search(tail)
    if len(group) < 2 or not found or _CLAUSE.search(tail[: found.start()]):
        return None
    span = tail[: found.start()]
    if re.search(
        r"\b(?:over|than|against|versus|vs\.?|compared (?:to|with))\s+[^,;]*$", span.rstrip(" ,"), re.I
    ) and not re.search(r"\b(?:on|across|in)\s", span.split(" over ")[-1]):
        return None  # "+1.27 and +0.63 over SFT and DPO, respectively": competitors, not benchmarks
    for chunk in reversed(re.split(r"\b(?:on|across|for|in|at|of)\s+", span)):
        names = _names(re.sub(r"\b(?:datasets?|benchmarks?|tasks?|splits?|sets?)\b", "", chunk))
        if len(names) == len(group):
            return names, all(n and _METRIC_NAME.fullmatch(n) for n in names)
    return None


_PAIRED_BEFORE = re.compile(  # "mIoU and BLEU-4 scores of", "cost and runtime savings of up to"
    r"((?:[\w@^=.+-]+\s*,\s*){0,3}[\w@^=.+-]+,?\s+and\s+[\w@^=.+-]+)((?:\s+[a-z]+)?)\s+(?:of|are|were|reach(?:es|ed)?|at)\s+"
    r"(?:(?:up to|about|approximately|around|nearly|over)\s+)?$"
)
_PLAIN_HEADS = frozenset({"score", "scores", "value", "values", "result", "results", "metric", "metrics"})


def _paired_before(sentence: str, claims: list[Claim], group: list[int], clause_start: int) -> list[str] | None:
    """Metrics listed before the values they pair with, without "respectively": "mIoU and BLEU-4 scores of 67.1% and 40.2%".

    A shared head word stays on the last name, as the sentence spells it, unless
    it only says "scores" ("cost and runtime savings" -> "cost", "runtime
    savings"); a group of twice as many values pairs in turn ("... on A, and
    88.1% and 34.4% on B").
    """
    found = _PAIRED_BEFORE.search(sentence[clause_start : claims[group[0]].start])
    if not found:
        return None
    names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", found.group(1).strip(" ,")) if n]
    head = found.group(2).split()
    if len(group) % len(names) or not all(is_metric(name.split() + head[:1]) for name in names):
        return None
    if head and head[0].lower() not in _PLAIN_HEADS:
        names[-1] = f"{names[-1]} {head[0]}"
    return [names[k % len(names)] for k in range(len(group))]


def _benchmark_after(sentence: str, claim: Claim, limit: int) -> tuple[str | None, int]:
    """A benchmark named just after the number; the number's own "in <metric> (ACRONYM)" does not count as distance."""
    start = claim.end
    metric = re.match(
        r"\s+in\s+(?:the\s+)?((?:[\w@^-]+\s+){0,4}[\w@^-]+)(?:\s+\([^()]{1,15}\))?", sentence[start:limit]
    )
    if metric and is_metric(metric.group(1).split()):
        start += metric.end()
    tail = sentence[start:limit]
    cut = _CLAUSE.search(tail) or re.search(r",|\b(?:and|by)\b", tail)
    tail = tail[: cut.start()] if cut else tail
    for found in _BENCH.finditer(tail[:80]):
        if found.start() < 50 and not _not_bench(found.group(1)) and not _METRIC_NAME.fullmatch(found.group(1)):
            return found.group(1).strip(), start + found.end(1)
    return None, -1


def _benchmark_before(sentence: str, clause_start: int, claim: Claim, owned: set[int]) -> str | None:
    """The nearest benchmark named earlier in the clause, unless another number owns it ("+5.1 on DL20 ..., by +3.09")."""
    for found in reversed(list(_BENCH.finditer(sentence[clause_start : claim.start]))):
        if _not_bench(found.group(1)) or _METRIC_NAME.fullmatch(found.group(1)):
            continue
        return None if clause_start + found.end(1) in owned else found.group(1).strip()
    return None


def _loose_metric(sentence: str, clause_start: int, claim: Claim, others: list[Claim]) -> str | None:
    """Last resort: a metric name earlier in the clause that no other number owns and no condition holds."""
    clause = sentence[clause_start : claim.start]
    for found in reversed(list(_METRIC_NAME.finditer(clause))):
        at, begin = clause_start + found.end(), clause_start + found.start()
        if (
            any(0 <= begin - o.end <= 20 or 0 <= o.start - at <= 25 for o in others if o is not claim)
            or claim.start - at > 100
            or _CONDITION.search(sentence[:at])
            or re.match(r"\s*(?:\(\w+\)\s*)?(?:=|of)\s*\d", sentence[at:])
        ):
            continue
        return found.group(0)
    return None


_HAD_AFTER = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:of\s+(?:the\s+|all\s+|these\s+)?(?:[\w-]+\s+){0,3}?)?(?:(?:patients|subjects|cases|participants|children|adults|women|men|infants|animals|rats|mice|eyes|lesions|tumou?rs|respondents)\s+)?"
    r"(?:who\s+)?(?:had|have|has|developed|showed|exhibited|experienced|achieved|required|suffered|presented with)\s+(?:an?\s+|the\s+|some\s+)?",
    re.I,
)
_FOUND_IN = re.compile(
    r"(?:was|were)\s+(?:found|observed|seen|present|noted|detected|identified|documented|attained|achieved|obtained|reported)\s+in\s+(?:only\s+)?$"
    r"|\b(?:occurred|developed|recurred)\s+in\s+(?:only\s+)?$",
    re.I,
)


_SHARE_OF = re.compile(r"\s+in\s+(?:\w+|\d+)\s+(?:of|out of)\s+\d+\s+[a-z]+\s+\($")
_LIST_CUT = re.compile(r"[,;:]\s*(?:and\s+|or\s+)?|\b(?:by|and|or|including|included|include)\s+|^")


def _listed(text: str) -> str | None:
    """The item that ends a list before its share: "followed by triploidy (", "; fibrous reaction to the band in 10 of 28 patients (".

    The whole item from the list's separator on, so a short phrase with its
    "of"/"to" tail stays whole; None when it is long, holds a number or a verb.
    """
    item = text[[m.end() for m in _LIST_CUT.finditer(text)][-1] :]
    words = re.sub(r"^(?:an?|the)\s+", "", item.strip().strip("\"'“”"), flags=re.I).split()
    if not words or len(words) > 6 or re.search(r"\d", item) or not _word(words[0]) or not _word(words[-1]):
        return None
    if any(re.fullmatch(r"[a-z]{3,}ed", w) for w in words[1:]) or re.fullmatch(r"[a-z]{3,}ing", words[-1]):
        return None  # "the majority of patients completed the trial": a clause, not an item
    return (
        _clean(words)
        if all(_word(w) or w.lower() in ("of", "to", "with", "in", "the", "a", "an") for w in words)
        else None
    )


def outcome_metric(sentence: str, claim: Claim) -> str | None:
    """What a share of a sample had: "18% had tumor recurrence", "perineural invasion was found in 88%".

    Clinical abstracts name an outcome by the noun phrase a share of patients had,
    not by a measure noun; only these two plain shapes are read, the rest stays empty.
    """
    if not re.search(r"%|percent", sentence[claim.digits : claim.end]):
        return None
    had = _HAD_AFTER.match(sentence[claim.end :])
    if had:
        words = _np_after(sentence[claim.end + had.end() :])
        return _clean(words) if words else None
    before = sentence[: claim.start]
    count = re.search(r"(?:\b\d+|\b[A-Za-z]+)\s+\($", before)  # "5 (26%) liver metastases"
    if count and re.match(r"\)\s+[a-z]", sentence[claim.end :]):
        had = _HAD_AFTER.match(sentence[claim.end + 1 :])  # "Eleven (69%) patients had increased EVLW"
        words = _np_after(sentence[claim.end + 1 + (had.end() if had else 0) :])
        return _clean(words) if words else None
    named = re.search(r"\b\d+\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+\($", before)  # "14 perforations (16%)"
    if named and all(_word(w) for w in named.group(1).split()):
        if named.group(1).split()[-1] not in _POPULATION:
            return named.group(1)
        share = _SHARE_OF.search(before)  # '"tipped bands" in 9 of 28 patients (32%)': what those patients had
        return _listed(before[: share.start()]) if share else None
    if re.search(r"[A-Za-z]\s+\($", before) and sentence[claim.end : claim.end + 1] == ")":
        return _listed(before.rstrip(" ("))  # "followed by triploidy (12.4%), monosomy X (10.5%)"
    share_in = re.search(r"[A-Za-z]\s+in\s+(?:only\s+)?$", before)
    listed = _listed(before[: share_in.start() + 1]) if share_in else None
    if listed:  # "increased limb tenseness in 12.5% and mild ankle edema in 25%"
        return listed
    in_count = re.search(  # "Tumor recurrence developed in two patients (18%)"
        r"(?:was|were)?\s*(?:\w+ed|occurred|developed)\s+in\s+(?:\w+\s+)?(?:patients|cases|subjects|children|eyes)\s+\($",
        before,
    )
    if in_count:
        words = np_before(before[: in_count.start()].rstrip(), hops=1)
        return _clean(words) if words else None
    found = _FOUND_IN.search(before)
    if found:
        words = np_before(sentence[: found.start()].rstrip(), hops=1)
        return _clean(words) if words else None
    return None


_SUBJECT_VERB = re.compile(
    r"^(?P<np>[^,;:()]*?(?:\([^()]*\)[^,;:()]*?)*?)\s+(?:(?:significantly|also|further|only|markedly|slightly|substantially|not)\s+)?"
    r"(?:was|were|is|are|decreased|increased|fell|rose|declined|improved|dropped|reduced|changed|remained|averaged|reached|ranged"
    r"|differed|lowered|raised|grew|shrank)\b(?P<rest>[^,;]*)$",
    re.I,
)
_OPENING = re.compile(  # "Results:: ", "In the PP group, ", "Overall, ": not part of the subject
    r"^(?:\s*[A-Z][\w ]{0,40}(?:::|--|:)\s*|\s*(?:in|at|after|during|with|for|among|on|over|by|compared (?:to|with))\s[^,]{1,60},\s*"
    r"|\s*(?:overall|moreover|furthermore|however|additionally|similarly|finally|thus|therefore),?\s+)+",
    re.I,
)
_DETERMINER = re.compile(r"^(?:(?:the|a|an|this|these|our|its|their)\s+)+", re.I)
_NOT_SUBJECT = frozenset(
    {
        "it",
        "this",
        "that",
        "they",
        "we",
        "there",
        "which",
        "these",
        "those",
        "results",
        "result",
        "findings",
        "study",
        "one",
        "value",
        "values",
        "both",
        "all",
        "each",
        "when",
        "if",
        "while",
        "although",
        "because",
        "since",
        "as",
        "after",
        "before",
    }
)


def subject_metric(sentence: str, claim: Claim, clause_begin: int) -> str | None:
    """The subject of "<measure> was / decreased from ... <number>": "Exercise time ... increased from 3.9 minutes to 7.2 minutes".

    Clinical and economic abstracts name what a number measures as the clause's
    subject, with no measure noun next to the number.  Read only when the verb
    is a copula or a change verb right before the number (no other clause or
    number between them), and the subject is a short noun phrase that is not a
    population ("patients", "the laser group"); it is cut before any
    prepositional tail but "of" ("Incidence of pneumonia"), or "in" after a
    change noun ("decrease in body weight").
    """
    clause = _OPENING.sub("", sentence[clause_begin : claim.start])
    found = _SUBJECT_VERB.match(clause)
    rest = (
        re.sub(r"\bfrom\s+\S*\d\S*(?:\s+[a-z%]+)?\s+to\s*$", "", found.group("rest")) if found else ""
    )  # "... to 7.2"
    if not found or len(rest.split()) > 6:
        return None
    if re.search(r"\b(?:that|which|who|when|than|and|or|vs|versus|compared)\b|\d", rest, re.I):
        return None
    if re.search(r"\b(?:that|which|who|whom|whose)\b", found.group("np"), re.I):
        return None  # "Human evaluation on PaintSkill shows that ReCo is +19.28%": the subject is ReCo's
    words = re.sub(r"\([^()]*\)", " ", _DETERMINER.sub("", found.group("np").strip())).split()
    kept: list[str] = []
    for word in words:
        low = word.lower()
        after_change = kept and kept[-1].lower() in _CHANGE_NOUNS and low == "in"
        if kept and (
            low in ("on", "in", "at", "for", "from", "during", "after", "among", "with", "by", "between")
            and not after_change
        ):
            break
        if kept and re.fullmatch(r"[a-z]+ed", word):
            break  # "maximum intracuff pressure recorded in group N"
        kept.append(word)
    if len(kept) > 6:  # "The specificity of both tests of predicting ... was": the measure it opens with
        kept = next((kept[:n] for n in range(6, 0, -1) if is_metric(kept[:n]) and kept[n - 1].lower() != "of"), [])
    if not kept or kept[0].lower() in _NOT_SUBJECT or kept[-1].lower() in _POPULATION | _NOT_SUBJECT:
        return None
    return _clean(kept)


def clause_start(sentence: str, position: int) -> int:
    cuts = [m.end() for m in _CLAUSE.finditer(sentence[:position])]
    return cuts[-1] if cuts else 0


def direction(sentence: str, start: int, end: int) -> str | None:
    """The verb nearest before the claim, unless the word right after says it ("5x smaller")."""
    after = " ".join(sentence[end:].split()[:2])
    for name, pattern in _DIRECTIONS[:3]:
        if pattern.match(after) or pattern.search(after.split(" ")[0] if after else ""):
            return name
    before = sentence[max(0, start - 80) : start]
    hits = [(m.end(), name) for name, pattern in _DIRECTIONS for m in pattern.finditer(before)]
    return max(hits)[1] if hits else None


def near_metric(sentence: str, start: int, end: int, window: int = 90) -> bool:
    found = list(_LOOSE_METRIC.finditer(sentence)) + list(_METRIC_NAME.finditer(sentence))
    return any(m.end() >= start - window and m.start() <= end + window for m in found)


# Never a comparator: a clause ("it was early"), a cut word ("one-"), a hedge ("previously reported"), a test bed.
_NOT_COMPARATOR = re.compile(
    r"\b(?:was|were|is|are|did|does|do|had|has|have)\b|-$|^(?:previously|earlier|expected|predicted|reported)\b"
    r"|\b(?:benchmarks|datasets|tasks|settings)$",
    re.I,
)


def _comparator(sentence: str, claim: Claim) -> str | None:
    best, distance = None, 121
    for match in _COMPARATOR.finditer(sentence):
        if re.search(r"\bintersection\s*$", sentence[: match.start()], re.I):
            continue  # "mean Intersection over Union of 91.4%" names a metric, not a baseline
        gap = (
            claim.start - match.end()
            if match.end() <= claim.start
            else match.start() - claim.end
            if match.start() >= claim.end
            else 0
        )
        if 0 <= gap < distance:
            best, distance = match.group(1), gap
    if (
        not best
        or not best.strip()
        or re.match(r"(?:or|and|equal|that|those|all\s+\w+\s+benchmarks)\b", best.strip(), re.I)
        or _NOT_COMPARATOR.search(best.strip())
    ):
        return None  # "greater than or equal", "than that of", "than it was early", "over eight benchmarks"
    return best.strip(" ,")


def _share_metric(
    sentence: str, claims: list[Claim], group: list[int], metrics: list[str | None], settled: list[bool]
) -> None:
    """Values listed together share the measure one of them names, unless a noun after a value names its own."""
    shared = next((metrics[i] for i in group if metrics[i]), None)
    for i in group if len(group) > 1 else ():
        if not metrics[i] and not settled[i] and not _np_after(sentence[claims[i].end :]):
            metrics[i] = shared


def attribute(sentence: str, claims: list[Claim]) -> list[Fields]:
    """Metric, benchmark, comparator and direction for every claim of one sentence."""
    metrics: list[str | None] = [None] * len(claims)
    benches: list[str | None] = [None] * len(claims)
    settled = [False] * len(claims)  # the sentence says plainly that nothing is named: no borrowing
    owned: set[int] = set()
    starts = [clause_start(sentence, c.start) for c in claims]
    groups = _groups(sentence, claims)
    for group in groups:
        paired = _respectively(sentence, claims, group)
        before = None if paired or len(group) < 2 else _paired_before(sentence, claims, group, starts[group[0]])
        for k, i in enumerate(group):
            claim = claims[i]
            if paired:
                (metrics if paired[1] else benches)[i] = paired[0][k]
            elif before:
                metrics[i] = before[k]
            limit = claims[i + 1].start if i + 1 < len(claims) and i + 1 not in group else len(sentence)
            verb = None if metrics[i] else _verb_metric(sentence, claims, i, starts[i])
            metrics[i] = metrics[i] or after_metric(sentence, claim) or _before_metric(sentence, claim) or verb or None
            settled[i] = verb == ""
            if metrics[i] is None and _restates(sentence, claims, i):
                j = max((j for j in range(i) if claims[j].role != "setup" and metrics[j]), default=None)
                if (
                    j is not None
                ):  # ", a 61.6% gain", ", which is 4.51% higher", "the strongest improvement (97.5%)": the same measure
                    metrics[i], benches[i] = metrics[j], benches[i] or benches[j]
            if benches[i] is None:
                name, at = _benchmark_after(sentence, claim, limit)
                benches[i] = name
                owned.add(at)
        _share_metric(sentence, claims, group, metrics, settled)
        for k, i in enumerate(group):  # "A and B on X": both on X; "A on X and B": B is not
            benches[i] = benches[i] or (
                None if paired else next((benches[j] for j in group[k + 1 :] if benches[j]), None)
            )
    opening = _EXPERIMENTS_ON.match(sentence)  # "Experiments on CIFAR-10 show ...": the whole sentence is on CIFAR-10
    scope = (opening.group(1) or opening.group(2)) if opening else None
    scope = None if scope is None or _not_bench(scope) else scope
    for i, claim in enumerate(claims):
        if not metrics[i]:
            subject = subject_metric(
                sentence, claim, starts[i]
            )  # "X was reduced by 24%": X, though "reduced" has no object
            metrics[i] = (
                subject
                if settled[i]
                else (outcome_metric(sentence, claim) or subject or _loose_metric(sentence, starts[i], claim, claims))
            )
        benches[i] = benches[i] or _benchmark_before(sentence, starts[i], claim, owned) or scope
    for group in groups:  # again, now that subjects are read: "hazard ratios ... were 1.32 (95% CI ...) and 1.27"
        _share_metric(sentence, claims, group, metrics, settled)
    return [
        Fields(m, b, _comparator(sentence, c), direction(sentence, c.start, c.end))
        for c, m, b in zip(claims, metrics, benches)
    ]
