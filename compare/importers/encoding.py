"""Decode imported bytes to ``str``.

Order: byte-order mark, strict UTF-8, a declared charset (HTTP header or
``<meta charset>``), then charset-normalizer.  Russian texts in the two
common legacy code pages (cp1251 and KOI8-R) get an extra plausibility
check, because statistical detectors confuse them: both put Cyrillic in the
same byte range, with upper and lower case swapped, so a wrong guess still
"looks Cyrillic" but reads as nonsense.
"""

from __future__ import annotations

import codecs
import contextlib
import unicodedata
from collections import Counter

from ._common import fail
from ._scoring import latin_score, russian_score

__all__ = ["decode_bytes", "looks_binary", "normalize_newlines"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
# Control bytes that never occur in real text (TAB, LF, VT, FF, CR and ESC
# are allowed: ESC appears in old terminal captures).
_BAD_CONTROLS = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))
_SAMPLE = 65_536


def normalize_newlines(text: str) -> str:
    """Use ``\\n`` only and drop a leading BOM, so all importers agree."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")


def looks_binary(data: bytes) -> bool:
    """True for data that is clearly not text: NUL bytes or many controls.

    UTF-16 and UTF-32 (with a byte-order mark, or UTF-16 recognisable
    without one) are text despite their NUL bytes.  Only a sample is
    inspected: binary formats give themselves away early, and scanning
    50 MB byte by byte would be slow for no gain.
    """
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        # UTF-16/32 text is full of NULs but is text all the same.
        return not data.startswith(_WIDE_BOMS) and _bomless_utf16(data) is None
    controls = len(sample) - len(sample.translate(None, _BAD_CONTROLS))
    return controls > max(2, len(sample) // 50)


def decode_bytes(data: bytes, *, name: str = "text", declared: str | None = None) -> str:
    """Decode ``data`` to text, or raise :class:`SourceImportError`.

    ``declared`` is a charset named by the container (HTTP header, HTML
    meta); it is trusted when it decodes the data cleanly, like browsers do.
    The result has ``\\n`` newlines and no BOM.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise fail(name, f"the text is not valid {codec.upper()}") from None
            return _checked(normalize_newlines(text), name)

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(normalize_newlines(utf16), name)
    if looks_binary(data):
        raise fail(name, "not a text file (it looks binary)")

    try:
        return _checked(normalize_newlines(data.decode("utf-8")), name)
    except UnicodeDecodeError:
        pass

    declared_codec = _codec_name(declared)
    if declared_codec and codec not in {"utf-8", "ascii"}:
        try:
            return _checked(normalize_newlines(data.decode(declared_codec)), name)
        except UnicodeDecodeError:
            pass

    utf8 = _mostly_utf8(data)
    return _checked(normalize_newlines(_guess_legacy(data, name) if utf8 is None else utf8), name)


def _checked(text: str, name: str) -> str:
    """Refuse decoded text that is mostly control characters."""
    sample = text[:_SAMPLE]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\x0b\x0c\x1b"
    )
    if controls > max(2, len(sample) // 50):
        raise fail(name, "not a text file (it looks binary)")
    return text


def _codec_name(label: str | None) -> str | None:
    """Canonical Python codec name for a charset label, or None."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its pattern of zero bytes.

    Windows tools sometimes write it; ASCII-range text then has a NUL in
    every other byte, which would otherwise be refused as binary.
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and other.count(0) == 0:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
        if _one_script_high_bytes(zeros, other):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _reads_as_text(text[:_SAMPLE // 2]):
                return text
    return None


def _one_script_high_bytes(high: bytes, low: bytes) -> bool:
    """The high-byte half of UTF-16 in one non-Latin script: its block (0x04 for
    Cyrillic) and 0x00 (spaces, digits, punctuation), and hardly a NUL in the other half."""
    counts = Counter(high).most_common(2)
    return (len(counts) == 2 and 0 in dict(counts) and counts[0][1] + counts[1][1] >= 0.9 * len(high)
            and high.count(0) >= 0.05 * len(high) and low.count(0) <= 0.01 * len(low))


def _reads_as_text(text: str) -> bool:
    """Mostly letters and spaces, no controls: what a wrong guess at UTF-16 never gives."""
    if not text:
        return False
    letters = sum(1 for ch in text if ch.isalpha() or ch.isspace())
    bad = sum(1 for ch in text if not (ch.isprintable() or ch in "\n\r\t"))
    return letters >= 0.7 * len(text) and bad <= 0.01 * len(text)


def _mostly_utf8(data: bytes) -> str | None:
    """Accept UTF-8 with a few broken sequences (e.g. a truncated file).

    Random legacy-encoded text almost never forms valid multi-byte UTF-8
    sequences, so many valid ones and very few invalid ones means UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad and good >= 20 * bad:
        return text
    return None


# Detector guesses that are unreliable: the Cyrillic code pages it confuses
# with one another, and the CJK / UTF-16 decodings it reaches for when a
# text is too short for statistics.
_CYRILLIC_CODECS = frozenset(
    {"cp1251", "koi8_r", "koi8_u", "koi8_t", "cp866", "cp1125", "mac_cyrillic", "iso8859_5",
     "ptcp154", "kz1048"}
)
_DUBIOUS_CODECS = frozenset(
    {"big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213", "euc_jp",
     "euc_kr", "gb18030", "gb2312", "gbk", "hz", "johab", "shift_jis", "shift_jis_2004",
     "shift_jisx0213", "cp1006", "utf-16-be", "utf-16-le", "utf-16", "utf-32", "utf-32-be",
     "utf-32-le"}
)
_RUSSIAN_CANDIDATES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
# Guesses for other scripts, which the Latin check must leave alone.
_NON_LATIN_CODECS = _CYRILLIC_CODECS | frozenset(
    {"cp1253", "iso8859_7", "mac_greek", "cp737", "cp869", "cp1255", "iso8859_8", "cp862",
     "cp1256", "iso8859_6", "cp720", "cp864", "tis_620", "cp874", "iso8859_11", "cp1258"}
)
_LATIN_CANDIDATES = ("cp1252", "cp1250", "cp1254", "cp1257")


def _guess_legacy(data: bytes, name: str) -> str:
    """Decode non-UTF-8 text: charset-normalizer, checked for plausibility.

    The detector's guess stands unless it is one it is known to get wrong
    and a Russian code page or cp1252 reads clearly better.
    """
    from charset_normalizer import from_bytes  # deferred: only needed here

    guess_codec: str | None = None
    guess_text: str | None = None
    try:
        best = from_bytes(data).best()
    except Exception:  # a detector failure is just "no guess"
        best = None
    if best is not None:
        guess_codec = _codec_name(best.encoding)
        try:
            guess_text = str(best)
        except Exception:  # undecodable after all: treat as no guess
            guess_text = None

    sample = data[:_SAMPLE]
    if guess_codec is None or guess_codec in _CYRILLIC_CODECS or guess_codec in _DUBIOUS_CODECS:
        russian = _best_russian(sample, guess_codec)
        if russian is not None:
            return data.decode(russian)
    if guess_codec not in _NON_LATIN_CODECS:
        latin = _best_latin(sample, guess_codec, guess_text)
        if latin is not None:
            return data.decode(latin, errors="replace")
    if guess_text is not None:
        return guess_text
    raise fail(name, "could not determine the text encoding")


def _best_latin(sample: bytes, guess: str | None, guess_text: str | None) -> str | None:
    """A Latin code page that reads better than the detector's guess, if any.

    Short Western texts are often misdetected (Spanish as cp1250, French as
    mac_latin2, "café" as UTF-16), so the common Windows pages compete with
    the guess on :func:`latin_score`; the guess wins ties.
    """
    base = latin_score(guess_text[: len(sample)]) if guess_text is not None else float("-inf")
    best_codec, best_score = None, max(base, 0.6)
    for codec in _LATIN_CANDIDATES:
        if codec == guess:
            continue
        score = latin_score(sample.decode(codec, errors="replace"))
        if score > best_score:
            best_codec, best_score = codec, score
    return best_codec


def _best_russian(sample: bytes, guess: str | None) -> str | None:
    """The Cyrillic code page under which ``sample`` reads best as Russian.

    A Cyrillic ``guess`` is kept unless another page reads clearly better
    (pages differing only in a few capitals score close, and then the
    detector's statistics are the better judge).  Any other guess is
    replaced only by text that plainly reads as Russian.  None means: not
    Russian, keep the guess.
    """
    cyrillic_guess = guess in _CYRILLIC_CODECS
    codecs_to_try = list(_RUSSIAN_CANDIDATES)
    if cyrillic_guess and guess is not None and guess not in codecs_to_try:
        codecs_to_try.append(guess)
    scores: dict[str, float] = {}
    for codec in codecs_to_try:
        with contextlib.suppress(UnicodeDecodeError):
            scores[codec] = russian_score(sample.decode(codec))
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)  # ties: the earlier, commoner page
    if cyrillic_guess and guess in scores:
        return best if scores[best] > scores[guess] + 0.15 else guess
    return best if scores[best] >= 0.5 else None
