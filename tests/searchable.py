"""A document's text as a reader's search sees it: letters and digits, whatever the markup, escapes and line breaks."""

from __future__ import annotations

import html
import re
import unicodedata


def plain_text(text: str, markup: bool = True) -> str:
    """Letters and digits only; markup: drop tags first (a document's HTML, not a title's "<think>")."""
    text = unicodedata.normalize("NFKD", html.unescape(re.sub(r"<[^>]+>", "", text) if markup else text)).casefold()
    return re.sub(r"[^a-z0-9]", "", text)
