"""One definition of each rule that several layers share.

The GUI, the command line, the workspace and the importers all ask this module,
so a limit, a timeout, an id or a relation name cannot mean one thing in one
place and another elsewhere.
"""

from __future__ import annotations

import re
import unicodedata

from compare.model.errors import SourceError

__all__ = ["MAX_ID_LENGTH", "MAX_SOURCE_BYTES", "MAX_URL_BYTES", "RELATIONS", "STATUSES", "URL_TIMEOUT",
           "check_relation", "check_status", "slug"]

MAX_SOURCE_BYTES = 50_000_000  # a file larger than this is not an account but an archive or a mistake
MAX_URL_BYTES = 20_000_000  # a web page larger than this is refused before it is read to the end
URL_TIMEOUT = 20.0  # seconds: connecting and each read; a dead server is reported, never waited on forever
MAX_ID_LENGTH = 48

STATUSES = ("proposed", "confirmed", "rejected")
RELATIONS = ("same event", "agrees", "contradicts", "adds detail", "reframes")

# Russian and Kazakh letters, so "Қаңтар оқиғалары" becomes "qantar-oqighalary", not "source".
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ә": "a", "ғ": "gh",
    "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i"})


def slug(text: str) -> str:
    """A short, readable, ASCII id from a title ('' if nothing usable is left)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLIT))
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode())
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > MAX_ID_LENGTH:
            break
        out = longer
    return out or "".join(words)[:MAX_ID_LENGTH]


def check_status(status: str) -> str:
    """A review status in canonical form, or a one-line error naming the valid ones."""
    value = status.strip().lower()
    if value not in STATUSES:
        raise SourceError(f"unknown status {status!r} (use {', '.join(STATUSES)})")
    return value


def check_relation(relation: str) -> str:
    """Accept the relation in any case and with '-' or '_' for spaces ("adds-detail")."""
    value = " ".join(re.split(r"[\s_-]+", relation.strip().lower())).strip()
    if value and value not in RELATIONS:
        raise SourceError(f"unknown relation {relation!r} (use {', '.join(repr(r) for r in RELATIONS)}"
                          f" or '' for none)")
    return value
