"""Text normalization: Unicode, whitespace and the LaTeX that leaks into abstracts.

Pure and idempotent: normalize_text(normalize_text(s)) == normalize_text(s).
"""

from __future__ import annotations

import re
import unicodedata

_LATEX_COMMANDS = {
    r"\times": "×",
    r"\sim": "~",
    r"\approx": "≈",
    r"\pm": "±",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\le": "≤",
    r"\ge": "≥",
    r"\cdot": "·",
    r"\rightarrow": "→",
    r"\to": "→",
    r"\alpha": "α",
    r"\beta": "β",
    r"\gamma": "γ",
    r"\delta": "δ",
    r"\epsilon": "ε",
    r"\lambda": "λ",
    r"\mu": "μ",
    r"\sigma": "σ",
    r"\infty": "∞",
}
_FORMAT_COMMAND = re.compile(
    r"\\(?:textbf|textit|emph|mathbf|mathrm|mathit|texttt|text|mathcal|bm|boldsymbol|underline)\s*\{([^{}]*)\}"
)
_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_GROUP = re.compile(r"\{([^{}\\]*)\}")
_AFTER_COMMAND = re.compile(r"\\[A-Za-z]+\s*$")
_MATH = re.compile(r"(?<!\\)\$([^$]{0,200}?)(?<!\\)\$")
_SPACE = re.compile(r"\s+")
_NUMBER_RANGE = re.compile(r"(?<=\d)-{2,3}(?=\d)")
_TIE = re.compile(r"(?<=[\w.,;:)\]])~")


def normalize_text(text: str) -> str:
    """NFKC, LaTeX to plain text, single spaces; idempotent.

    One pass can expose new LaTeX ("\\\\&" -> "\\&"), so passes repeat until
    nothing changes (real abstracts settle after one or two).
    """
    for _ in range(8):
        settled = _normalize_once(text)
        if settled == text:
            break
        text = settled
    return text


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = delatex(text)
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = _NUMBER_RANGE.sub("\u2013", text)  # LaTeX's en dash between numbers: 3--55 -> 3–55
    return _SPACE.sub(" ", text).strip()


def delatex(text: str) -> str:
    r"""Turn the LaTeX fragments abstracts carry into text: `$\textbf{1}\%$` -> `1%`."""
    if "\\" not in text and "$" not in text and "~" not in text:
        return text
    text = text.replace(r"\%", "%").replace(r"\&", "&").replace(r"\_", "_").replace(r"\#", "#")
    text = _TIE.sub(" ", text)  # LaTeX's non-breaking space: models~(LLMs)
    previous = None
    while previous != text:
        previous = text
        text = _FORMAT_COMMAND.sub(r"\1", text)
    text = _SQRT.sub(lambda m: f"√{_operand(m.group(1))}", text)
    text = _FRAC.sub(
        lambda m: f"{_operand(m.group(1))}/{_operand(m.group(2))}", text
    )  # $\frac{a}{b}$ -> a/b, not "\fracab"
    text = _MATH.sub(lambda m: m.group(1), text)
    text = _COMMAND.sub(lambda m: _LATEX_COMMANDS.get("\\" + m.group(1), m.group(0)), text)
    text = _GROUP.sub(
        lambda m: m.group(0) if _AFTER_COMMAND.search(text, 0, m.start()) else m.group(1), text
    )  # x^{2} -> x^2; \unknown{arg} stays whole
    return _TIE.sub(" ~", text)  # a \sim glued to a word: keep it, apart, so a second pass keeps it too


def _operand(text: str) -> str:
    """A fraction's or root's operand, bracketed when it is more than one term: (n+1)/2."""
    text = text.strip()
    return text if re.fullmatch(r"[\w.]+", text) else f"({text})"


def normalize_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = normalize_text(title)
    return title or None


def fingerprint(text: str) -> str:
    """Case-, punctuation- and space-insensitive form, for duplicate detection."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", text).strip()
