"""What a document says about itself when it has no metadata: its language and its title.

A cp1251 Russian .txt was tagged English, and a .txt or .docx was titled by its
file name though its first line was a heading (issue 12, defect 6). Both are
read from the text here, and only where the converter found nothing better.
"""

from __future__ import annotations

import re

# Letters Kazakh writes and Russian does not.
_KAZAKH = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
MAX_TITLE = 160  # a first line longer than this is prose, not a title


def guess_language(text: str) -> str | None:
    """"ru", "kk" or "en" by the letters the text is written in; None when it has too few."""
    letters = [c for c in text[:20_000] if c.isalpha()]
    if len(letters) < 20:
        return None
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    latin = sum(c.isascii() for c in letters)
    if cyrillic > 0.5 * len(letters):
        kazakh = sum(c in _KAZAKH for c in letters)
        return "kk" if kazakh > 0.01 * cyrillic else "ru"
    if latin > 0.5 * len(letters):
        return "en"
    return None


def guess_title(markdown: str) -> str | None:
    """The first heading, or a short first line that reads as a title (no closing full stop)."""
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        found = _HEADING.match(line)
        if found:
            return _unescaped(found.group(1))[:MAX_TITLE]
        if line.startswith("\\"):  # plain text that only looked like markup ("# not a heading")
            return None
        text = _unescaped(line)
        if len(text) <= MAX_TITLE and not text.endswith((".", ",", ";", ":")) and len(text.split()) <= 20:
            return text
        return None
    return None


def _unescaped(text: str) -> str:
    """Markdown escapes and emphasis markers removed (the converter escapes plain text)."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", text)
    return " ".join(re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).split())
