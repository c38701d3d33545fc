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
import re
import unicodedata

from ._common import fail

__all__ = ["decode_bytes", "looks_binary", "normalize_newlines"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

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

    Only a sample is inspected: binary formats give themselves away early,
    and scanning 50 MB byte by byte would be slow for no gain.
    """
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
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

    codec = _codec_name(declared)
    if codec and codec not in {"utf-8", "ascii"}:
        try:
            return _checked(normalize_newlines(data.decode(codec)), name)
        except UnicodeDecodeError:
            pass

    text = _mostly_utf8(data)
    if text is None:
        text = _guess_legacy(data, name)
    return _checked(normalize_newlines(text), name)


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
    return None


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


# Detector guesses that are unreliable for Russian: the Cyrillic code pages
# it confuses with one another, and the CJK multi-byte codecs it reaches for
# when a text is too short for statistics.
_CYRILLIC_CODECS = frozenset(
    {"cp1251", "koi8_r", "koi8_u", "koi8_t", "cp866", "cp1125", "mac_cyrillic", "iso8859_5",
     "ptcp154", "kz1048"}
)
_CJK_CODECS = frozenset(
    {"big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213", "euc_jp",
     "euc_kr", "gb18030", "gb2312", "gbk", "hz", "johab", "shift_jis", "shift_jis_2004",
     "shift_jisx0213", "cp1006"}
)
_RUSSIAN_CANDIDATES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")


def _guess_legacy(data: bytes, name: str) -> str:
    """Pick a single-byte decoding via charset-normalizer and the Russian check."""
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
        except Exception:
            guess_text = None

    if guess_codec is None or guess_codec in _CYRILLIC_CODECS or guess_codec in _CJK_CODECS:
        russian = _best_russian(data[:_SAMPLE])
        if russian is not None:
            return data.decode(russian)
    if guess_text is not None:
        return guess_text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise fail(name, "could not determine the text encoding") from None


def _best_russian(sample: bytes) -> str | None:
    """The Cyrillic code page under which ``sample`` reads best as Russian.

    None when no candidate reads plausibly (then it is not Russian text).
    Ties go to the earlier, more common code page.
    """
    best_codec, best_score = None, _RUSSIAN_THRESHOLD
    for codec in _RUSSIAN_CANDIDATES:
        try:
            score = russian_score(sample.decode(codec))
        except UnicodeDecodeError:
            continue
        if score > best_score:
            best_codec, best_score = codec, score
    return best_codec


# --- Russian plausibility --------------------------------------------------

# Relative frequency of Russian letters (per cent, rounded), used as weights
# so a decoding full of common letters (о, е, а, и …) beats one full of rare
# ones (ъ, ё, щ …) that a wrong code page produces.
_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (11.0, 8.5, 8.0, 7.4, 6.7, 6.3, 5.5, 4.7, 4.5, 4.4, 3.5, 3.2, 3.0, 2.8, 2.6,
         2.0, 1.9, 1.7, 1.7, 1.6, 1.6, 1.4, 1.2, 1.0, 0.9, 0.7, 0.6, 0.5, 0.4, 0.3,
         0.3, 0.1, 0.1),
        strict=True,
    )
)
_MAX_FREQ = max(_FREQ.values())
_PUNCT_OK = frozenset("«»—–„“”‘’…№•\u00a0")
_WORD = re.compile(r"[^\W\d_]+")
_RUSSIAN_THRESHOLD = 0.1


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def russian_score(text: str) -> float:
    """How plausible the non-ASCII part of ``text`` is as Russian, about -1..1.

    Only non-ASCII characters differ between single-byte decodings, so only
    they are scored.  Lower-case letters score by frequency; capitals score
    well only at the start of a word or in an all-caps word (a KOI8-R text
    read as cp1251 comes out as mostly capitals, often mid-word); Cyrillic
    letters inside Latin words (French read as cp1251) and stray symbols
    count against.
    """
    total = 0.0
    count = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        has_latin = any("a" <= ch.lower() <= "z" for ch in word)
        all_caps = word.isupper()
        for i, ch in enumerate(word):
            if ch.isascii():
                continue
            count += 1
            if not _is_cyrillic(ch) or has_latin:
                total -= 1.0
                continue
            weight = _FREQ.get(ch.lower(), 0.3) / _MAX_FREQ
            if ch.islower():
                total += 0.4 + 0.6 * weight
            elif i == 0 or all_caps:
                total += 0.3 * (0.4 + 0.6 * weight)
            else:
                total -= 1.0  # capital in the middle of a lower-case word
    for ch in text:
        if not ch.isascii() and not ch.isalpha() and not ch.isspace():
            count += 1
            if ch not in _PUNCT_OK:
                total -= 0.5
    return total / count if count else float("-inf")
