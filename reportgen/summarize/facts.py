"""Facts a synthesis is written from: benchmarks, metrics, keyphrases and "open problem" sentences.  Pure.

Every fact is returned as it is spelled in the abstract it comes from, so a
sentence that names it and cites that abstract is traceable by construction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from reportgen.strings import split_sentences

# Benchmarks and datasets papers evaluate on, spelled as their authors do (matched case-sensitively).
KNOWN_BENCHMARKS = (
    "MMLU",
    "MMLU-Pro",
    "GSM8K",
    "MATH",
    "MATH500",
    "MATH-500",
    "HumanEval",
    "HumanEval+",
    "MBPP",
    "MBPP+",
    "APPS",
    "LiveCodeBench",
    "CodeContests",
    "DS-1000",
    "SWE-bench",
    "SWE-bench Verified",
    "AIME",
    "AIME24",
    "AIME25",
    "AIME 2024",
    "AIME 2025",
    "AMC",
    "OlympiadBench",
    "GPQA",
    "GPQA-Diamond",
    "BBH",
    "BIG-Bench",
    "ARC",
    "ARC-Challenge",
    "ARC-Easy",
    "HellaSwag",
    "PIQA",
    "WinoGrande",
    "BoolQ",
    "OpenBookQA",
    "CommonsenseQA",
    "StrategyQA",
    "SVAMP",
    "TruthfulQA",
    "IFEval",
    "MT-Bench",
    "AlpacaEval",
    "Arena-Hard",
    "LongBench",
    "RULER",
    "InfiniteBench",
    "SQuAD",
    "GLUE",
    "SuperGLUE",
    "HotpotQA",
    "TriviaQA",
    "Natural Questions",
    "MuSiQue",
    "2WikiMultihopQA",
    "MS MARCO",
    "BEIR",
    "MTEB",
    "FEVER",
    "XSum",
    "CNN/DailyMail",
    "SST-2",
    "MultiNLI",
    "SNLI",
    "WikiText",
    "WikiText-2",
    "WikiText-103",
    "C4",
    "LAMBADA",
    "WMT",
    "FLORES",
    "HaluEval",
    "AdvBench",
    "HarmBench",
    "JailbreakBench",
    "WebArena",
    "WebShop",
    "ALFWorld",
    "ImageNet",
    "ImageNet-1K",
    "ImageNet-21K",
    "CIFAR-10",
    "CIFAR-100",
    "MNIST",
    "Fashion-MNIST",
    "SVHN",
    "CelebA",
    "FFHQ",
    "LSUN",
    "COCO",
    "MS-COCO",
    "MSCOCO",
    "LVIS",
    "Pascal VOC",
    "ADE20K",
    "Cityscapes",
    "RefCOCO",
    "Flickr30k",
    "NoCaps",
    "VQAv2",
    "GQA",
    "TextVQA",
    "DocVQA",
    "ChartQA",
    "OK-VQA",
    "ScienceQA",
    "MMMU",
    "MathVista",
    "MME",
    "MMBench",
    "SEED-Bench",
    "POPE",
    "Video-MME",
    "MVBench",
    "EgoSchema",
    "NExT-QA",
    "MSR-VTT",
    "MSVD",
    "Kinetics",
    "Kinetics-400",
    "UCF101",
    "ActivityNet",
    "Ego4D",
    "VBench",
    "GenEval",
    "T2I-CompBench",
    "DrawBench",
    "LAION",
    "nuScenes",
    "KITTI",
    "Waymo",
    "Argoverse",
    "SemanticKITTI",
    "ScanNet",
    "S3DIS",
    "ShapeNet",
    "ModelNet40",
    "ScanObjectNN",
    "Objaverse",
    "DTU",
    "LLFF",
    "Mip-NeRF 360",
    "Tanks and Temples",
    "Replica",
    "LibriSpeech",
    "Common Voice",
    "VCTK",
    "LJSpeech",
    "AudioCaps",
    "VoxCeleb",
    "Atari",
    "MuJoCo",
    "D4RL",
    "Meta-World",
    "RLBench",
    "LIBERO",
    "CALVIN",
    "Habitat",
    "BraTS",
    "MIMIC-III",
    "MIMIC-IV",
    "MIMIC-CXR",
    "CheXpert",
    "Cora",
    "Citeseer",
    "OGB",
    "QM9",
    "MoleculeNet",
    "FB15k-237",
    "WN18RR",
    "Spider",
    "BIRD",
)
_KNOWN = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted((re.escape(b) for b in KNOWN_BENCHMARKS), key=len, reverse=True))
    + r")(?![\w-]|\+)"
)
# A name right before "benchmark" or "dataset": "the LoCoMo benchmark", "on our new VidHal dataset".
_NAMED = re.compile(
    r"(?<![\w-])((?:[A-Z][A-Za-z]*[A-Z0-9][\w-]*|[A-Z]{2,}[\w-]*|[A-Z][a-z]+-[A-Z0-9][\w-]*)(?:[- ][A-Z0-9][\w]*)?)\s+(?:benchmarks?|datasets?|suite|leaderboard|corpus)\b"
)
_DESCRIPTIVE = re.compile(
    r"-(?:based|style|like|driven|scale|level|specific|related|generated|aware|oriented|guided|centric|free|only|annotated|labeled|labelled)$|-$"
)  # "LLM-based benchmark" describes, it does not name
_SHORT_ACRONYM = re.compile(r"[A-Z]{1,3}")  # "NAS benchmarks", "QA datasets": a task, not a benchmark's name
_NOT_BENCHMARKS = frozenset(
    [
        "LLM",
        "LLMs",
        "VLM",
        "VLMs",
        "MLLM",
        "MLLMs",
        "AI",
        "NLP",
        "RL",
        "QA",
        "VQA",
        "GPU",
        "CPU",
        "SOTA",
        "ML",
        "DL",
        "CV",
        "IR",
        "KG",
        "RAG",
        "API",
    ]
)

# Metrics: the key is the lower-cased form; the display is the spelling the papers use.
METRICS = (
    "accuracy",
    "top-1 accuracy",
    "top-5 accuracy",
    "F1",
    "F1 score",
    "macro-F1",
    "micro-F1",
    "exact match",
    "BLEU",
    "ROUGE",
    "ROUGE-1",
    "ROUGE-2",
    "ROUGE-L",
    "METEOR",
    "CIDEr",
    "BERTScore",
    "pass@1",
    "pass@k",
    "success rate",
    "attack success rate",
    "win rate",
    "perplexity",
    "latency",
    "throughput",
    "mAP",
    "mIoU",
    "IoU",
    "AUC",
    "AUROC",
    "PSNR",
    "SSIM",
    "LPIPS",
    "FID",
    "FVD",
    "CLIP score",
    "recall",
    "precision",
    "NDCG",
    "MRR",
    "MAE",
    "RMSE",
    "MSE",
    "Dice",
    "WER",
    "CER",
    "EER",
    "error rate",
    "speedup",
    "compression ratio",
    "FLOPs",
    "Elo",
)
_METRIC = re.compile(
    r"(?<![\w@-])(" + "|".join(sorted((re.escape(m) for m in METRICS), key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_CASED_METRICS = frozenset(
    m for m in METRICS if m.lower() != m
)  # acronyms must keep their case ("Dice", "MAE"), words need not

_OPEN = (  # cue, weight: how plainly the sentence says something is unsolved
    (
        re.compile(
            r"\bremains? (?:an? )?open\b|\bopen (?:problem|question|challenge)s?\b|\bunsolved\b|\bfuture (?:work|research|directions?)\b",
            re.IGNORECASE,
        ),
        3.0,
    ),
    (
        re.compile(
            r"\bremains? (?:largely |still |highly |particularly )?(?:unexplored|underexplored|unclear|elusive|challenging|difficult|limited|poorly understood|an? (?:challenge|bottleneck))\b|\blittle (?:is known|attention|work)\b|\bhas (?:not|rarely) been\b|\bunderexplored\b",
            re.IGNORECASE,
        ),
        2.0,
    ),
    (re.compile(r"^(?:However|Yet|But|Despite|Although|While)\b", re.IGNORECASE), 1.0),
    (
        re.compile(
            r"\b(?:struggl|fail|suffer|lack|limitation|bottleneck|prohibitive|impractical|overlook|costly|expensive|difficult|challeng|hinder|unclear)",
            re.IGNORECASE,
        ),
        1.0,
    ),
)
MIN_OPEN_SCORE = 2.0  # a contrast ("However, ...") and a problem word, or one plain "remains open / underexplored"
_OWN_WORK = re.compile(r"\b(?:we|our|this paper|this work|this study|in this)\b", re.IGNORECASE)
_MAX_OPEN_WORDS = 45

_TOKEN = re.compile(r"[A-Za-z0-9][\w-]*[A-Za-z0-9]|[A-Za-z]")
_BREAK = re.compile(r"[.,;:!?()\[\]\"\u201c\u201d]")
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "am",
        "among",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "either",
        "etc",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "however",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "less",
        "many",
        "may",
        "might",
        "more",
        "most",
        "much",
        "must",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "others",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "rather",
        "same",
        "several",
        "should",
        "since",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
    ]
)
# Words that say what a paper does, not what it is about: never at either edge of a sub-direction's name.
GENERIC = frozenset(
    [
        "approach",
        "approaches",
        "method",
        "methods",
        "framework",
        "frameworks",
        "paper",
        "papers",
        "work",
        "works",
        "propose",
        "proposed",
        "proposes",
        "present",
        "presents",
        "introduce",
        "introduces",
        "novel",
        "new",
        "result",
        "results",
        "show",
        "shows",
        "shown",
        "demonstrate",
        "demonstrates",
        "experiments",
        "experimental",
        "extensive",
        "achieve",
        "achieves",
        "achieving",
        "performance",
        "state-of-the-art",
        "sota",
        "existing",
        "based",
        "using",
        "use",
        "used",
        "problem",
        "problems",
        "study",
        "studies",
        "key",
        "significant",
        "significantly",
        "effective",
        "effectively",
        "efficient",
        "efficiently",
        "improve",
        "improves",
        "improved",
        "improving",
        "outperform",
        "outperforms",
        "different",
        "various",
        "however",
        "furthermore",
        "moreover",
        "code",
        "available",
        "publicly",
        "release",
        "evaluate",
        "evaluated",
        "high",
        "low",
        "small",
        "first",
        "one",
        "two",
        "three",
        "well",
        "like",
        "across",
        "set",
        "also",
        "specific",
        "given",
        "enables",
        "enable",
        "leverage",
        "leverages",
        "leveraging",
        "remains",
        "remain",
        "recent",
        "recently",
        "paradigm",
        # adverbs, verbs and bare adjectives: "typically rely", "deep neural", "forgetting old" are not topics
        "typically",
        "often",
        "usually",
        "generally",
        "widely",
        "highly",
        "largely",
        "rely",
        "relies",
        "exhibit",
        "exhibits",
        "require",
        "requires",
        "provide",
        "provides",
        "allow",
        "allows",
        "make",
        "makes",
        "making",
        "need",
        "needs",
        "including",
        "include",
        "includes",
        "perform",
        "performs",
        "strong",
        "old",
        "neural",
        "deep",
        "good",
        "better",
        "best",
        "able",
        "via",
        "towards",
        "toward",
    ]
)
# Words too broad to name a group alone, though fine inside a phrase ("diffusion models", "image generation").
VAGUE = frozenset(
    [
        "model",
        "models",
        "data",
        "dataset",
        "datasets",
        "benchmark",
        "benchmarks",
        "task",
        "tasks",
        "learning",
        "training",
        "network",
        "networks",
        "system",
        "systems",
        "language",
        "generation",
        "methods",
        "performance",
        "quality",
        "information",
        "approach",
        "inference",
        "large",
        "deep",
        "neural",
        "accuracy",
        "evaluation",
        "analysis",
        "features",
        "feature",
        "input",
        "output",
        "outputs",
        "inputs",
        "time",
        "tokens",
        "token",
        "process",
        "framework",
        "capabilities",
        "capability",
        "knowledge",
    ]
)


def most_common_spelling(spellings: Iterable[str]) -> str:
    counts = Counter(spellings)
    return min(counts, key=lambda s: (-counts[s], s))


def is_descriptive(name: str) -> bool:
    """ "LLM-generated", "GPT-based": a description, not a name."""
    return bool(_DESCRIPTIVE.search(name))


def benchmarks_in(text: str) -> dict[str, str]:
    """Benchmark key (lower case) -> spelling, for every benchmark or dataset the text names."""
    found: dict[str, str] = {}
    for match in list(_KNOWN.finditer(text)) + list(_NAMED.finditer(text)):
        name = match.group(1).strip()
        if (
            name in _NOT_BENCHMARKS
            or _DESCRIPTIVE.search(name)
            or (match.re is _NAMED and _SHORT_ACRONYM.fullmatch(name))
        ):
            continue
        found.setdefault(name.lower(), name)
    return found


def metrics_in(text: str) -> dict[str, str]:
    """Metric key (lower case) -> spelling, for every evaluation metric the text names."""
    found: dict[str, str] = {}
    for match in _METRIC.finditer(text):
        name = match.group(1)
        canonical = next(m for m in METRICS if m.lower() == name.lower())
        if canonical in _CASED_METRICS and name != canonical:
            continue  # "map", "dice", "mae": an ordinary word, not the metric
        found.setdefault(name.lower(), name)
    return found


def usage(texts: dict[str, str], extract: Callable[[str], dict[str, str]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Key -> (spelling most papers use, the papers naming it in text order); `extract` is benchmarks_in or metrics_in."""
    papers: dict[str, list[str]] = {}
    spellings: dict[str, list[str]] = {}
    for pid, text in texts.items():
        for key, spelling in extract(text).items():
            papers.setdefault(key, []).append(pid)
            spellings.setdefault(key, []).append(spelling)
    return {key: (most_common_spelling(spellings[key]), tuple(pids)) for key, pids in papers.items()}


def phrases(text: str, longest: int = 3) -> dict[str, str]:
    """Candidate keyphrases of a text: n-grams (n <= longest) with no stop word, and no generic word at either edge.

    Maps the lower-cased phrase to a spelling that occurs in the text (lower case
    preferred, as written mid-sentence), so a sentence naming it quotes the paper.
    One pass per starting word: this runs over every abstract of every theme.
    """
    found: dict[str, str] = {}

    def add(key: str, spelling: str) -> None:
        if key not in found or (found[key] != key and spelling == key):
            found[key] = spelling

    for chunk in _BREAK.split(text):
        tokens = list(_TOKEN.finditer(chunk))
        low = [t.group(0).lower() for t in tokens]
        stop = [w in STOP_WORDS for w in low]
        bad_edge = [s or w in GENERIC for s, w in zip(stop, low)]
        for i, first in enumerate(low):
            if bad_edge[i]:
                continue
            if len(first) >= 4 and first not in VAGUE and not first.isdigit():
                add(first, tokens[i].group(0))
            digits = first.isdigit()
            for j in range(i + 1, min(i + longest, len(low))):
                if stop[j] or chunk[tokens[j - 1].end() : tokens[j].start()] != " ":
                    break  # a stop word inside, or "00@G": no longer phrase from here
                digits = digits and low[j].isdigit()
                if not bad_edge[j] and not digits:
                    add(" ".join(low[i : j + 1]), chunk[tokens[i].start() : tokens[j].end()])
    return found


def words_in(text: str) -> set[str]:
    """The lower-cased words of a text, for document frequencies."""
    return {w.lower() for w in _TOKEN.findall(text)}


def open_problem_score(sentence: str) -> float:
    """How plainly a sentence names an unsolved problem (0: not at all); statements about the paper's own work score 0."""
    if len(sentence.split()) > _MAX_OPEN_WORDS or _OWN_WORK.search(sentence):
        return 0.0
    return sum(weight for pattern, weight in _OPEN if pattern.search(sentence))


def open_problem_sentences(abstract: str) -> list[tuple[float, str]]:
    """(score, sentence) for the abstract's sentences that name an unsolved problem."""
    out = []
    for sentence in split_sentences(abstract):
        score = open_problem_score(sentence)
        if score >= MIN_OPEN_SCORE:
            out.append((score, sentence))
    return out


def shared(counts: dict[str, Sequence[str]], minimum: int = 2) -> list[str]:
    """Keys named by at least `minimum` papers, most papers first, then alphabetically."""
    return sorted((k for k, pids in counts.items() if len(pids) >= minimum), key=lambda k: (-len(counts[k]), k))
