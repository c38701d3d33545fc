"""A passage as a bag of features: anchors, paraphrase families and word stems.

Feature keys are prefixed by kind: E (entity: person, place, organisation),
D (date), N (number), C (concept from the lexicon), W (plain word stem) and T
(the consonant skeleton of a capitalised word, `compare.text.cognates`, which
stands in for plain words across languages).
Each key remembers the first surface form it was seen as, so evidence can be
shown in the passage's own words ("Tokaev" ~ "Tokayev").
"""

from __future__ import annotations

from collections.abc import Callable

from compare.engine.anchors import DateFrame, find_anchors
from compare.engine.lexicon import AliasTable
from compare.text.cognates import skeletons
from compare.text.normalize import STOP_WORDS, iter_tokens, stem

ANCHOR_PREFIXES = ("E:", "D:", "N:")
MIN_WORD_LENGTH = 3


def extract(text: str, table: AliasTable, *, dates: DateFrame | None = None) -> dict[str, str]:
    """Feature key -> surface form, for one passage.

    `dates` gives the year of a date written without one (the text's last
    dated expression, the publication date); see anchors.DateFrame.
    """
    found: dict[str, str] = {}
    anchors = find_anchors(text, dates)
    for start, end, keys in anchors:
        for key in keys:
            found.setdefault(key, text[start:end])
    spans = [(s, e) for s, e, _ in anchors]
    tokens: list[tuple[str, int, int]] = []
    words: list[str] = []
    for word, start, end in iter_tokens(text):
        if word.isdigit() or any(s <= start < e for s, e in spans):
            continue
        tokens.append((stem(word), start, end))
        words.append(word)
    stems = [t[0] for t in tokens]
    i = 0
    while i < len(tokens):
        hit = table.match(stems, i, surface=lambda a, b: text[tokens[a][1]:tokens[b - 1][2]], words=words)
        if hit is not None:
            feature, n = hit
            found.setdefault(feature, text[tokens[i][1]:tokens[i + n - 1][2]])
            if not is_anchor(feature):
                # A paraphrase family ("resignation of the cabinet") also keeps the
                # families of its own words, so a partial paraphrase still meets.
                # The second half of a compound ("counter-terrorist") is not a word of its own.
                for k in range(i, i + n):
                    if tokens[k][1] > 0 and text[tokens[k][1] - 1] == "-":
                        continue
                    part = table.match(stems[k:k + 1], 0, surface=_constant(text[tokens[k][1]:tokens[k][2]]),
                                       words=words[k:k + 1])
                    if part is not None and part[0] != feature:
                        found.setdefault(part[0], text[tokens[k][1]:tokens[k][2]])
            i += n
            continue
        word_stem = stems[i]
        surface = text[tokens[i][1]:tokens[i][2]]
        if (surface.lower() not in STOP_WORDS and word_stem not in STOP_WORDS
                and len(word_stem) >= MIN_WORD_LENGTH):
            found.setdefault(f"W:{word_stem}", surface)
            if surface[:1].isupper():
                # A capitalised word is mostly a name or a title: its skeleton lets it meet its
                # transliteration across languages (T keys count only there, see Corpus.matrix).
                # Skeletons of every word were measured too: more false cognates, no gain.
                for sk in skeletons(words[i]):
                    found.setdefault(f"T:{sk}", surface)
        i += 1
    return found


def _constant(surface: str) -> Callable[[int, int], str]:
    """A surface function for a one-word match: the word as written."""
    return lambda _a, _b: surface


def is_anchor(key: str) -> bool:
    return key.startswith(ANCHOR_PREFIXES)
