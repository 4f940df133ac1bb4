"""The one sanitiser every text passes on its way in: Unicode, control characters, publisher markup, entities, LaTeX.

Titles, abstracts and author names from every reader and every query API go
through normalize_text, so every output (Markdown, HTML, PDF, JSON, the site)
shows the same text: no ESC, BEL or NUL; no JATS or MathML tags
(`<jats:p>`, `<mml:math>`: their text is kept); `&amp;amp;` read as `&`;
LaTeX accents as letters (`T\\"ulu` -> Tülu), citations dropped, unknown macros
as their names.  Pure and idempotent: normalize_text(normalize_text(s)) == normalize_text(s).
"""

from __future__ import annotations

import html
import html.entities
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
    **{
        f"\\{name}": chr(code)
        for name, code in (
            ("zeta", 0x3B6),
            ("eta", 0x3B7),
            ("theta", 0x3B8),
            ("iota", 0x3B9),
            ("kappa", 0x3BA),
            ("nu", 0x3BD),
            ("xi", 0x3BE),
            ("pi", 0x3C0),
            ("rho", 0x3C1),
            ("tau", 0x3C4),
            ("upsilon", 0x3C5),
            ("phi", 0x3C6),
            ("chi", 0x3C7),
            ("psi", 0x3C8),
            ("omega", 0x3C9),
            ("varepsilon", 0x3B5),
            ("varphi", 0x3C6),
            ("Gamma", 0x393),
            ("Delta", 0x394),
            ("Theta", 0x398),
            ("Lambda", 0x39B),
            ("Xi", 0x39E),
            ("Pi", 0x3A0),
            ("Sigma", 0x3A3),
            ("Phi", 0x3A6),
            ("Psi", 0x3A8),
            ("Omega", 0x3A9),
        )
    },  # fmt: skip
}
# Font switches ({\em text}, {\bf text}): the text stays, the switch goes.
_SWITCHES = frozenset(
    "em it bf rm sc tt sl sf md up normalfont itshape bfseries scshape small large Large tiny huge".split()
)
_FORMAT_COMMAND = re.compile(
    r"\\(?:textbf|textit|emph|mathbf|mathrm|mathit|texttt|text|mathcal|bm|boldsymbol|underline)\s*\{([^{}]*)\}"
)
_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_GROUP = re.compile(r"\{([^{}\\]*)\}")
_MATH = re.compile(r"(?<!\\)\$([^$]{0,200}?)(?<!\\)\$")
_MATHLIKE = re.compile(r"[\\^_{}=<>]|^\S+$")  # "$x^2$", "$O(n)$"; not "$5 billion and $": dollars, not math
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tab, newlines, VT and FF are whitespace: turned into spaces
# Publisher markup (JATS, MathML, HTML inline tags) as OpenAlex, Crossref and Semantic Scholar send it; text is kept.
_ATTRIBUTES = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*\s*/?"""
_BLOCK_TAGS = r"p|br|div|sec|title|list|list-item|abstract|caption|label|break"
_INLINE_TAGS = (
    r"i|b|em|strong|sub|sup|span|sc|u|italic|bold|monospace|underline|inline-formula|disp-formula|tex-math|alternatives"
    r"|ext-link|xref|named-content|styled-content|math|mi|mo|mn|ms|mtext|mrow|msub|msup|msubsup|mfrac|msqrt|mover|munder"
    r"|mstyle|mspace|semantics|annotation|mfenced|mtable|mtr|mtd"
)
_NAMESPACED = r"(?:mml|jats|xlink|ali|xs|oasis):[\w.-]+"
_HEADING = re.compile(r"<(jats:)?title>\s*(?:Abstract|Summary|Background)\s*[.:]?\s*</(jats:)?title>", re.IGNORECASE)
_BLOCK = re.compile(rf"</?(?:(?:jats:)?(?:{_BLOCK_TAGS})){_ATTRIBUTES}>", re.IGNORECASE)
_INLINE = re.compile(rf"</?(?:(?:mml:|jats:)?(?:{_INLINE_TAGS})|{_NAMESPACED}){_ATTRIBUTES}>", re.IGNORECASE)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")  # only with its semicolon
# LaTeX: accents on a letter, letters of their own, citations, escaped braces and spaces.
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
            "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328", "r": "\u030a"}  # fmt: skip
_ACCENT = re.compile(
    r"""\\(?:(["'`^~=.])|([cvuHkr])(?=[\s{]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}  # fmt: skip
_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![A-Za-z])\s*(?:\{\s*\})?")
_CITATION = re.compile(
    r"\s*\\(?:cite[tp]?|citealp|citeauthor|ref|eqref|autoref|cref|Cref|label)\*?\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}"
)
_ESCAPED = {r"\{": "\ue000", r"\}": "\ue001", r"\$": "\ue002"}  # kept as characters, out of the brace and math rules
_RESTORED = {mark: escaped[1] for escaped, mark in _ESCAPED.items()}
_HREF = re.compile(r"\\href\s*\{[^{}]*\}\s*\{([^{}]*)\}")
_WITH_ARGUMENT = re.compile(r"\\([A-Za-z]+)\s*\{([^{}]*)\}")  # \mathbb{R} -> R, \unknown{arg} -> arg
_SPACING = re.compile(r"\\[,;:! ]|\\\\")  # \, \; \! thin spaces, "\\" line breaks
_SPACE = re.compile(r"\s+")
_NUMBER_RANGE = re.compile(r"(?<=\d)-{2,3}(?=\d)")
_TIE = re.compile(r"(?<=[\w.,;:)\]])~")


def normalize_text(text: str) -> str:
    """NFKC, control characters out, markup and entities to text, LaTeX to plain text, single spaces; idempotent.

    One pass can expose new LaTeX ("\\\\&" -> "\\&") or markup (`&lt;i&gt;` -> `<i>`),
    so passes repeat until nothing changes (real abstracts settle after one or two).
    """
    for _ in range(8):
        settled = _normalize_once(text)
        if settled == text:
            break
        text = settled
    return text


def strip_markup(text: str) -> str:
    """Publisher XML and HTML tags out, their text kept: `<jats:p>`, `<mml:math>…</mml:math>`, `H<sub>2</sub>O`."""
    if "<" not in text:
        return text
    text = _CDATA.sub(lambda m: m.group(1), _HEADING.sub(" ", text))
    return _INLINE.sub("", _BLOCK.sub(" ", text))


def unescape_entities(text: str) -> str:
    """`&amp;`, `&#8211;`, `&eacute;` as characters; anything else with an ampersand ("R&D", "&notation;") stays text."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(match: re.Match[str]) -> str:
    entity = match.group(0)
    return html.unescape(entity) if entity[1] == "#" or entity[1:] in html.entities.html5 else entity


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    text = unescape_entities(strip_markup(text))
    text = delatex(text)
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = _NUMBER_RANGE.sub("\u2013", text)  # LaTeX's en dash between numbers: 3--55 -> 3–55
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def delatex(text: str) -> str:
    r"""Turn the LaTeX fragments abstracts carry into text: `$\textbf{1}\%$` -> `1%`, `B\'ezier` -> `Bézier`."""
    if "\\" not in text and "$" not in text and "~" not in text:
        return text
    for escaped, mark in _ESCAPED.items():
        text = text.replace(escaped, mark)
    text = text.replace(r"\%", "%").replace(r"\&", "&").replace(r"\_", "_").replace(r"\#", "#")
    text = _CITATION.sub("", text)
    text = _ACCENT.sub(_accented, text)
    text = _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _SPACING.sub(" ", text)
    text = _TIE.sub(" ", text)  # LaTeX's non-breaking space: models~(LLMs)
    previous = None
    while previous != text:
        previous = text
        text = _FORMAT_COMMAND.sub(r"\1", text)
    text = _SQRT.sub(lambda m: f"√{_operand(m.group(1))}", text)
    text = _FRAC.sub(
        lambda m: f"{_operand(m.group(1))}/{_operand(m.group(2))}", text
    )  # $\frac{a}{b}$ -> a/b, not "\fracab"
    text = _MATH.sub(lambda m: m.group(1) if _MATHLIKE.search(m.group(1)) else m.group(0), text)
    text = _HREF.sub(lambda m: m.group(1), text)  # \href{url}{text} -> text
    text = _WITH_ARGUMENT.sub(lambda m: _LATEX_COMMANDS.get("\\" + m.group(1), "") + m.group(2), text)
    text = _COMMAND.sub(_command, text)
    text = _GROUP.sub(lambda m: m.group(1), text)  # x^{2} -> x^2; \mathbb{R} -> R
    text = text.replace("\\", "")  # a backslash before no command is a stray: "\ 3" -> " 3"
    text = _TIE.sub(" ~", text)  # a \sim glued to a word: keep it, apart, so a second pass keeps it too
    for mark, character in _RESTORED.items():
        text = text.replace(mark, character)
    return text


def _accented(match: re.Match[str]) -> str:
    """`\\"u` -> ü, `\\c{c}` -> ç, `\\'\\i` -> í: the letter with its combining mark (NFC composes them)."""
    accent = match.group(1) or match.group(2)
    letter = match.group(3) or match.group(4)
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + _ACCENTS[accent])


def _command(match: re.Match[str]) -> str:
    """A known symbol as its character, a font switch as nothing, any other macro (`\\log`, `\\DeAR`) as its name."""
    name = match.group(1)
    return _LATEX_COMMANDS.get("\\" + name) or ("" if name in _SWITCHES else name)


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
