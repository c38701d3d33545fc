"""Aligned passage pairs out to CSV, JSON, JSONL, XLSX or a Markdown report.

The format follows the file's extension. Every record carries both passages
with their offsets into the canonical text, the score, evidence, review
status, relation and note, and the citation fields of both sources, so an
exported pair can be quoted without going back to the app.
"""

from __future__ import annotations

import csv
import datetime as _dt
import errno
import io
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from compare.engine.align import Link
from compare.model.errors import SourceError
from compare.model.records import Passage, Review, Source, SourceMeta

CORE_FIELDS = ("pair_id", "left_source", "left_title", "left_start", "left_end", "left_text",
               "right_source", "right_title", "right_start", "right_end", "right_text",
               "score", "evidence", "status", "note")
CITATION_FIELDS = tuple(f"{side}_{name}" for side in ("left", "right")
                        for name in ("author", "outlet", "date", "url", "kind"))
FIELDS = (*CORE_FIELDS, "relation", *CITATION_FIELDS, "accessed")
FORMATS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".md": "markdown",
           ".markdown": "markdown", ".xlsx": "xlsx"}
INT_FIELDS = frozenset({"left_start", "left_end", "right_start", "right_end"})
CSV_BOM = "\ufeff"
# XLSX column widths in characters; passages and notes wrap, the rest stays on one line.
XLSX_WIDTHS = {"pair_id": 14, "left_source": 22, "left_title": 30, "left_text": 60, "right_source": 22,
               "right_title": 30, "right_text": 60, "score": 8, "evidence": 40, "status": 11, "note": 40,
               "relation": 13}
XLSX_WRAPPED = frozenset({"left_text", "right_text", "evidence", "note", "left_title", "right_title"})

# Text a spreadsheet would evaluate: a cell opening with = + - @ (also after
# leading whitespace), or with a tab or carriage return (OWASP CSV injection).
# Leading quotes are part of the pattern so that neutralising stays reversible:
# a cell that already starts with "'=" gets a second quote, and reading back
# removes exactly one.
_FORMULA_START = re.compile(r"'*(?:[\t\r]|\s*[=+\-@])")
# What openpyxl refuses to write (C0 controls except tab, LF, CR).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _side(prefix: str, meta: SourceMeta) -> dict[str, str]:
    return {f"{prefix}_author": meta.author, f"{prefix}_outlet": meta.outlet,
            f"{prefix}_date": meta.published, f"{prefix}_url": meta.url, f"{prefix}_kind": meta.kind}


def make_record(link: Link, sources: Mapping[str, Source], review: Review | None = None,
                *, accessed: str | None = None) -> dict[str, object]:
    """One exported pair as an ordered dict with exactly FIELDS as keys."""
    review = review or Review()
    lmeta, rmeta = sources[link.left.source_id].meta, sources[link.right.source_id].meta
    record: dict[str, object] = {
        "pair_id": link.pair_id,
        "left_source": lmeta.id, "left_title": lmeta.title,
        "left_start": link.left.start, "left_end": link.left.end, "left_text": link.left.text,
        "right_source": rmeta.id, "right_title": rmeta.title,
        "right_start": link.right.start, "right_end": link.right.end, "right_text": link.right.text,
        "score": link.score, "evidence": link.evidence.summary(),
        "status": review.status, "note": review.note, "relation": review.relation,
        **_side("left", lmeta), **_side("right", rmeta),
        "accessed": accessed or _dt.date.today().isoformat(),
    }
    return {name: record[name] for name in FIELDS}


def make_records(links: Iterable[Link], sources: Mapping[str, Source] | Sequence[Source],
                 reviews: Mapping[str, Review] | None = None) -> list[dict[str, object]]:
    """Records for many links; `reviews` maps pair_id to the analyst's decision."""
    return list(iter_records(links, sources, reviews))


def iter_records(links: Iterable[Link], sources: Mapping[str, Source] | Sequence[Source],
                 reviews: Mapping[str, Review] | None = None, *,
                 accessed: str | None = None) -> Iterator[dict[str, object]]:
    """`make_records` one at a time: `export` writes each as it is made, so none are held together.

    `accessed` is the citation's access date (today's by default; the shards of one run share one)."""
    by_id = sources if isinstance(sources, Mapping) else {s.id: s for s in sources}
    return _LinkRecords(links, by_id, reviews or {}, accessed or _dt.date.today().isoformat())


class _LinkRecords(Iterator[dict[str, object]]):
    """`iter_records`' records, made one at a time, that also keep what they are made from.

    The JSONL writer reads the links themselves when nothing was taken yet
    (`_jsonl_lines`): a run exporting 30,000 pairs spent more time building
    and encoding the dictionaries than aligning the last thousand sources.
    """

    def __init__(self, links: Iterable[Link], sources: Mapping[str, Source], reviews: Mapping[str, Review],
                 accessed: str) -> None:
        self.links, self.sources, self.reviews, self.accessed = iter(links), sources, reviews, accessed
        self.started = False

    def __next__(self) -> dict[str, object]:
        self.started = True
        lk = next(self.links)
        return make_record(lk, self.sources, self.reviews.get(lk.pair_id), accessed=self.accessed)


def format_for(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise SourceError(f"{path}: unknown export format '{suffix}' "
                          f"(use {', '.join(sorted(FORMATS))})")
    return FORMATS[suffix]


def neutralise_formula(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula.

    Passages, notes and titles come from untrusted documents; a leading quote
    makes Excel, LibreOffice and Sheets show the text instead of evaluating it.
    Non-text values (offsets, score) pass through unchanged.
    """
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def restore_formula(value: str) -> str:
    """Undo :func:`neutralise_formula` on a cell read back from CSV."""
    if value.startswith("'") and _FORMULA_START.match(value, 1):
        return value[1:]
    return value


def render(records: Sequence[Mapping[str, object]], fmt: str) -> str | bytes:
    """The file content for a format (bytes for XLSX, text otherwise)."""
    if fmt in STREAMED:
        return "".join(render_chunks(records, fmt))
    if fmt == "markdown":
        return markdown_report(records)
    if fmt == "xlsx":
        return _xlsx(records)
    raise SourceError(f"unknown export format '{fmt}'")


STREAMED = frozenset({"csv", "json", "jsonl"})


_JSONL = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(r, ensure_ascii=False) uses


def render_chunks(records: Iterable[Mapping[str, object]], fmt: str) -> Iterator[str]:
    """The text of a CSV, JSON or JSONL export piece by piece, a record at a time (what `render` joins)."""
    if fmt == "csv":
        buf = io.StringIO()
        # RFC 4180 line ends: with "\n" alone, Python 3.11 leaves a lone "\r" in a note
        # unquoted and every reader splits the row there.
        writer = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        # A byte-order mark: without it Excel reads UTF-8 as the local code page and
        # Russian passages turn to mojibake; other readers skip it (we read it back with utf-8-sig).
        yield CSV_BOM + buf.getvalue()
        for r in records:
            buf.seek(0)
            buf.truncate()
            writer.writerow({k: neutralise_formula(v) for k, v in r.items()})
            yield buf.getvalue()
    elif fmt == "jsonl":
        if isinstance(records, _LinkRecords) and not records.started and FIELDS == _JSONL_ORDER:
            yield from _jsonl_lines(records)
            return
        encode = _JSONL.encode  # one encoder for every line: `json.dumps` with options builds one per call
        for r in records:
            yield encode(r) + "\n"
    elif fmt == "json":
        # The same bytes as json.dumps(list, indent=2): strings hold no raw newline, so
        # indenting every line of an item by one level is the list's own layout.
        first = True
        for r in records:
            item = "\n".join("  " + line for line in json.dumps(r, ensure_ascii=False, indent=2).split("\n"))
            yield ("[\n" if first else ",\n") + item
            first = False
        yield "[]\n" if first else "\n]\n"
    else:
        raise SourceError(f"unknown export format '{fmt}'")


# The field order `_jsonl_lines` writes; it steps aside if FIELDS ever changes.
_JSONL_ORDER = ("pair_id", "left_source", "left_title", "left_start", "left_end", "left_text",
                "right_source", "right_title", "right_start", "right_end", "right_text", "score", "evidence",
                "status", "note", "relation", *CITATION_FIELDS, "accessed")
_ENCODE_STR = json.encoder.encode_basestring  # what the encoder above applies to every str (ensure_ascii off)
JSONL_BATCH = 512  # lines per piece written


def _json_value(value: object) -> str:
    """A value exactly as `_JSONL.encode` writes it (strings and ints directly, anything else through it)."""
    if type(value) is str:
        return _ENCODE_STR(value)
    if type(value) is int:
        return int.__repr__(value)
    return _JSONL.encode(value)


def _json_float(value: float) -> str:
    """A float as the encoder writes it: its repr when finite (NaN and infinities through the encoder)."""
    return float.__repr__(value) if type(value) is float and math.isfinite(value) else _JSONL.encode(value)


def _jsonl_lines(records: _LinkRecords) -> Iterator[str]:
    """The JSONL lines of `records`' links, the same bytes as encoding each `make_record`, batched."""
    return (text for _, text in _jsonl_batches(records, by_source=False))


def jsonl_runs(links: Iterable[Link], sources: Mapping[str, Source] | Sequence[Source], *,
               accessed: str | None = None) -> Iterator[tuple[str, str]]:
    """The JSONL export of `links` as (right source id, lines): no piece holds two sources' lines.

    What a shard of a large run writes (`compare.cli.shards`), so that the shards' parts
    can be put together source by source; joined, the pieces are `render_chunks`' text."""
    records = iter_records(links, sources, accessed=accessed)
    assert isinstance(records, _LinkRecords)
    return _jsonl_batches(records, by_source=True)


def _jsonl_batches(records: _LinkRecords, *, by_source: bool) -> Iterator[tuple[str, str]]:
    """(right source id of the batch's first link, lines) for `records`' links, `JSONL_BATCH` at most a batch.

    A source's own fields (id and title, then its five citation fields) are encoded
    once per source, a left passage's text once, and only the few values
    that change from link to link are encoded per line. `by_source` also ends a
    batch where the right source changes.
    """
    heads: dict[tuple[str, str], str] = {}
    citations: dict[tuple[str, str], str] = {}
    lefts: dict[tuple[str, int, int], str] = {}
    tails: dict[tuple[str, str], str] = {}
    accessed = _json_value(records.accessed)
    default = Review()

    def head(side: str, source_id: str) -> str:
        known = heads.get((side, source_id))
        if known is None:
            meta = records.sources[source_id].meta
            known = heads[side, source_id] = (f'"{side}_source": {_json_value(meta.id)}, '
                                              f'"{side}_title": {_json_value(meta.title)}')
            citations[side, source_id] = ", ".join(f"{_ENCODE_STR(k)}: {_json_value(v)}"
                                                   for k, v in _side(side, meta).items())
        return known

    def left_part(left: Passage) -> str:
        """A left passage's fields encoded once: the anchor's passages recur in every right source's links."""
        if len(lefts) >= 5_000:  # bounded, should the left side change from link to link
            lefts.clear()
        # Offsets are ints, written as `int.__repr__` writes them, which is what the encoder does too.
        known = lefts[left.source_id, left.start, left.end] = (
            f'{head("left", left.source_id)}, "left_start": {left.start:d}, "left_end": {left.end:d}, '
            f'"left_text": {_json_value(left.text)}')
        return known

    def tail(left_id: str, right_id: str) -> str:
        """Both sides' citation fields and the access date, the end of every line of a source pair."""
        head("left", left_id)
        head("right", right_id)
        known = tails[left_id, right_id] = (f'{citations["left", left_id]}, {citations["right", right_id]}, '
                                            f'"accessed": {accessed}}}\n')
        return known

    def decided(review: Review) -> str:
        return (f'"status": {_json_value(review.status)}, "note": {_json_value(review.note)}, '
                f'"relation": {_json_value(review.relation)}')

    undecided = decided(default)  # most links of a large run: encoded once
    batch: list[str] = []
    batch_source = ""
    for lk in records.links:
        records.started = True
        pid = lk.pair_id
        review = records.reviews.get(pid)
        left, right = lk.left, lk.right
        if by_source and batch and right.source_id != batch_source:
            yield batch_source, "".join(batch)
            batch.clear()
        if not batch:
            batch_source = right.source_id
        lpart = lefts.get((left.source_id, left.start, left.end)) or left_part(left)
        rhead = heads.get(("right", right.source_id)) or head("right", right.source_id)
        end = tails.get((left.source_id, right.source_id)) or tail(left.source_id, right.source_id)
        batch.append(
            f'{{"pair_id": {_ENCODE_STR(pid)}, {lpart}, {rhead}, '
            f'"right_start": {right.start:d}, "right_end": {right.end:d}, '
            f'"right_text": {_ENCODE_STR(right.text)}, "score": {_json_float(lk.score)}, '
            f'"evidence": {_ENCODE_STR(lk.evidence.summary())}, '
            f'{undecided if review is None else decided(review)}, {end}')
        if len(batch) >= JSONL_BATCH:
            yield batch_source, "".join(batch)
            batch.clear()
    if batch:
        yield batch_source, "".join(batch)


def export(records: Iterable[Mapping[str, object]], path: str | os.PathLike[str], *,
           overwrite: bool = False) -> Path:
    """Write records to `path` atomically; a failed write leaves any old file intact.

    An existing file is replaced only with ``overwrite`` (the app asks first,
    the CLI wants --force), never when it is read-only, and keeps its
    permissions; a symlink stays a symlink and the file it points to is
    replaced. CSV, JSON and JSONL are written as the records come (give an
    iterator, `iter_records`, and memory stays bounded however many there are);
    Markdown and XLSX need them all first.
    """
    target = Path(path)
    fmt = format_for(target)

    def write(tmp: Path) -> None:
        if fmt in STREAMED:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                for chunk in render_chunks(records, fmt):
                    fh.write(chunk)
        else:
            _write_content(tmp, render(list(records), fmt))

    return replace_safely(write, target, overwrite=overwrite)


def write_atomically(content: str | bytes, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write `content` to `path` with `export`'s rules (atomic, --force to replace, read-only kept).

    Its own function so that other exports (the synopsis) write files the same safe way."""
    return replace_safely(lambda tmp: _write_content(tmp, content), Path(path), overwrite=overwrite)


def _write_content(tmp: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8", newline="")


def replace_safely(write: Callable[[Path], None], target: Path, *, overwrite: bool) -> Path:
    """Write through `write` to a temporary file beside `target`, then replace `target` in one step."""
    final = Path(os.path.realpath(target)) if target.is_symlink() else target
    old = _existing(final)
    if old is not None:
        if stat.S_ISDIR(old.st_mode):
            raise SourceError(f"{target}: is a folder")
        if not overwrite:
            raise SourceError(f"{target}: already exists (not replaced; use --force to replace it)")
        if not old.st_mode & 0o222 or not os.access(final, os.W_OK):  # marked read-only, or not ours to write
            raise SourceError(f"{target}: is read-only (not replaced)")
    tmp = final.with_name(f".{final.name}.part")
    try:
        write(tmp)
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
        os.replace(tmp, final)
    except OSError as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        raise SourceError(f"{target}: cannot write ({write_error(exc)})") from None
    except BaseException:  # a record that failed to be made (or ^C) mid-stream: no half file left behind
        tmp.unlink(missing_ok=True)
        raise
    return target


def _existing(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SourceError(f"{path}: cannot write ({write_error(exc)})") from None


def write_error(exc: OSError) -> str:
    """Why a write failed, in words: a full disk is named as such."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT if hasattr(errno, "EDQUOT") else False:
        return "the disk quota is used up"
    return exc.strerror or exc.__class__.__name__


def read_records(path: str | os.PathLike[str]) -> list[dict[str, object]]:
    """Read back a CSV, JSON or JSONL export (offsets as ints, score as float)."""
    fmt = format_for(path)
    # newline="" keeps a "\r\n" inside a quoted note as it was written.
    with open(path, encoding="utf-8-sig", newline="") as handle:  # -sig: our CSV opens with a BOM
        text = handle.read()
    if fmt == "csv":
        rows: list[dict[str, object]] = [
            {k: restore_formula(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text, newline=""))]
    elif fmt == "json":
        rows = json.loads(text)
    elif fmt == "jsonl":
        # On "\n" alone: `splitlines` also ends a line at U+2028 or NEL, which the encoder leaves raw in
        # a string (a note pasted from a web page), and the record would be cut in two.
        rows = [json.loads(line) for line in text.split("\n") if line.strip()]
    else:
        raise SourceError(f"{path}: reading back '{fmt}' is not supported")
    for row in rows:
        for name in INT_FIELDS:
            row[name] = int(row[name])  # type: ignore[call-overload]
        row["score"] = float(row["score"])  # type: ignore[arg-type]
    return rows


def _cite(r: Mapping[str, object], side: str) -> str:
    parts = [str(r.get(f"{side}_author") or ""), f"“{r[f'{side}_title']}”",
             str(r.get(f"{side}_outlet") or ""), str(r.get(f"{side}_date") or "")]
    text = ", ".join(p for p in parts if p)
    digest = r.get(f"{side}_kind") == "digest"
    if digest:
        text += " (Parallax digest, not the original text)"
    if r.get(f"{side}_url"):
        # A digest has no address of its own: its url is the report it draws on most,
        # which cited bare would pass the digest's words off as that report's.
        text += f", drawn mainly from <{r[f'{side}_url']}>" if digest else f", <{r[f'{side}_url']}>"
    text += f", characters {r[f'{side}_start']}–{r[f'{side}_end']}"
    if r.get("accessed"):
        text += f", accessed {r['accessed']}"
    return text + "."


def is_hand_made(r: Mapping[str, object]) -> bool:
    """A hand-made link's record: score 0 and no evidence. The engine never stores a link
    below CANDIDATE_FLOOR, so a zero score is the analyst's, which "score 0.0" misquoted."""
    try:
        return float(str(r.get("score", ""))) == 0.0 and not r.get("evidence")
    except ValueError:
        return False


def quote_pair(r: Mapping[str, object]) -> str:
    """One pair as a Markdown quotation of both passages with citations."""
    what = "hand-made" if is_hand_made(r) else f"score {r['score']}"
    lines = [f"### Pair {r['pair_id']} — {what}, {r['status']}"
             + (f", {r['relation']}" if r.get("relation") else "")]
    for side in ("left", "right"):
        lines += ["", *[f"> {ln}" if ln else ">" for ln in str(r[f"{side}_text"]).split("\n")],
                  "", f"— {_cite(r, side)}"]
    if r.get("evidence"):
        lines += ["", f"*Evidence:* {r['evidence']}"]
    if r.get("note"):
        lines += ["", f"*Note:* {r['note']}"]
    return "\n".join(lines) + "\n"


def markdown_report(records: Sequence[Mapping[str, object]]) -> str:
    """A readable report: every pair quoted on both sides with full citations."""
    head = ["# Parallax: aligned passages", "",
            f"{len(records)} pair(s), exported {_dt.date.today().isoformat()}.", ""]
    return "\n".join(head) + "\n" + "\n\n".join(quote_pair(r) for r in records)


def xlsx_cell(sheet: Any, value: object, alignment: Any = None) -> object:
    """One XLSX cell that can never be a formula: numbers as numbers, everything else an explicit
    string, control characters XLSX cannot hold as U+FFFD (one for one, so offsets still match),
    and text a spreadsheet would run once edited flagged quote-prefixed. Every XLSX export uses it."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool | int | float):
        return value
    text = _XLSX_ILLEGAL.sub("\ufffd", str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # after the value: openpyxl types "=..." as a formula
    if _FORMULA_START.match(text):
        cell.quotePrefix = True
    if alignment is not None:
        cell.alignment = alignment
    return cell


def xlsx_header(sheet: Any, titles: Sequence[object]) -> list[object]:
    """A bold header row, each title through `xlsx_cell`: a column may be named after a source's
    title, which is untrusted text and must not become a formula either."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    row = []
    for title in titles:
        cell: Any = xlsx_cell(sheet, str(title))  # a str is always given a cell of its own
        cell.font = bold
        row.append(cell)
    return row


def _xlsx(records: Sequence[Mapping[str, object]]) -> bytes:
    """Every text cell an explicit string, never a formula.

    openpyxl turns any str starting with "=" into a live formula, so the type
    is set by hand; cells a spreadsheet would read as a formula once edited
    also get the quote-prefix flag (the XLSX form of a leading apostrophe,
    which keeps the value itself exact).  Control characters XLSX cannot hold
    become U+FFFD, one for one, so offsets still match the text.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # streams rows: a large export needs no sheet held in memory
    sheet = book.create_sheet("pairs")
    # Readable when opened: set widths, the header row frozen and bold, long text wrapped at the top.
    for i, name in enumerate(FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = XLSX_WIDTHS.get(name, 16)
    sheet.freeze_panes = "A2"
    sheet.append(xlsx_header(sheet, FIELDS))
    wrapped = Alignment(wrap_text=True, vertical="top")
    for r in records:
        cells: list[object] = []
        for name in FIELDS:
            cells.append(xlsx_cell(sheet, r.get(name), wrapped if name in XLSX_WRAPPED else None))
        sheet.append(cells)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
