"""The synopsis out to CSV, XLSX (a matrix sheet and a passages sheet), Markdown or JSON.

Every told cell carries its passages with their `[start, end)` offsets and the
source's citation; a cell a source does not tell says so ("not told") rather
than staying blank, so an omission survives a spreadsheet's sorting. The
synopsis is taken as plain attributes (`columns`, `events`, see
compare.reading.synopsis), so this layer needs nothing above it. Text cells go
through the same formula neutralisation as the pair exports.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from compare.export.writers import (
    CSV_BOM,
    neutralise_formula,
    write_atomically,
    xlsx_cell,
    xlsx_header,
)
from compare.model.errors import SourceError

NOT_TOLD = "not told"
SYNOPSIS_FORMATS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown", ".xlsx": "xlsx"}
MATRIX_HEAD = ("event_id", "label", "date", "told_by", "contested")
PASSAGE_FIELDS = ("event_id", "label", "date", "source", "title", "kind", "outlet", "start", "end", "text",
                  "citation")


class _Matrix(Protocol):
    @property
    def columns(self) -> Sequence[Any]: ...

    @property
    def events(self) -> Sequence[Any]: ...


def _cite(column: Any, start: int, end: int) -> str:
    return f"{column.citation}, characters {start}–{end}"


def passage_rows(syn: _Matrix) -> list[dict[str, object]]:
    """One row per (event, source, passage): the long form every other format is built from."""
    columns = {c.id: c for c in syn.columns}
    rows: list[dict[str, object]] = []
    for e in syn.events:
        for sid, passages in e.cells:
            c = columns[sid]
            for p in passages:
                rows.append({"event_id": e.id, "label": e.label, "date": e.date, "source": sid, "title": c.title,
                             "kind": c.kind, "outlet": c.outlet, "start": p.start, "end": p.end, "text": p.text,
                             "citation": _cite(c, p.start, p.end)})
    return rows


def _cell(column: Any, passages: Sequence[Any]) -> str:
    if not passages:
        return NOT_TOLD
    return "\n\n".join(f"{p.text}\n— {_cite(column, p.start, p.end)}" for p in passages)


def matrix_rows(syn: _Matrix) -> tuple[list[str], list[list[object]]]:
    """The header (event fields, then one column per source id) and one row per event."""
    header = [*MATRIX_HEAD, *(c.id for c in syn.columns)]
    rows: list[list[object]] = []
    for e in syn.events:
        rows.append([e.id, e.label, e.date, len(e.told_by), "; ".join(d.summary() for d in e.disputes),
                     *(_cell(c, e.passages(c.id)) for c in syn.columns)])
    return header, rows


Naming = dict[str, Any]  # compare.reading.naming.lens: {"sources": {sid: {family: n}}, "events": {eid: {sid: ...}}}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def to_json(syn: _Matrix, naming: Naming | None = None) -> dict[str, object]:
    columns = [{"id": c.id, "title": c.title, "kind": c.kind, "outlet": c.outlet, "citation": c.citation,
                "copy_of": c.copy_of} for c in syn.columns]
    by_id = {c.id: c for c in syn.columns}
    events = [{"id": e.id, "label": e.label, "date": e.date, "told_by": list(e.told_by),
               "not_told_by": [c.id for c in syn.columns if c.id not in e.told_by],
               "disputes": [{"kind": d.kind, "values": {sid: list(v) for sid, v in d.values}} for d in e.disputes],
               "cells": {c.id: [{"start": p.start, "end": p.end, "text": p.text,
                                 "citation": _cite(by_id[c.id], p.start, p.end)} for p in e.passages(c.id)]
                         for c in syn.columns}}
              for e in syn.events]
    out: dict[str, object] = {"columns": columns, "events": events}
    if naming is not None:
        out["naming"] = naming
    return out


def markdown(syn: _Matrix, naming: Naming | None = None) -> str:
    """A report: each event with who tells it, who does not, its disputes, and every passage quoted."""
    lines = ["# Parallax: synopsis", "",
             f"{len(syn.events)} event(s) across {len(syn.columns)} source(s), "
             f"exported {_dt.date.today().isoformat()}.", "", "Sources:", ""]
    lines += [f"- `{c.id}` ({c.kind}{', ' + c.outlet if c.outlet else ''}): {c.citation}"
              + (f" — republishes `{c.copy_of}` (one witness, not corroboration)" if c.copy_of else "")
              for c in syn.columns]
    if naming is not None:
        lines += ["", "## The words each source uses", "", "| source | naming families (occurrences) |", "|---|---|"]
        lines += [f"| `{c.id}` | {_counts(naming['sources'].get(c.id, {})) or '—'} |" for c in syn.columns]
    by_id = {c.id: c for c in syn.columns}
    for e in syn.events:
        lines += ["", f"## {e.date + ' — ' if e.date else ''}{e.label}", "", f"`{e.id}` · told by "
                  f"{len(e.told_by)} of {len(syn.columns)}: {', '.join(e.told_by)}"]
        silent = [c.id for c in syn.columns if c.id not in e.told_by]
        if silent:
            lines.append(f"; not told by: {', '.join(silent)}")
        for d in e.disputes:
            lines += ["", f"**Contested** — {d.summary()}"]
        if naming is not None:
            used = [f"`{sid}`: {_counts(n)}" for sid, n in naming["events"].get(e.id, {}).items() if n]
            if used:
                lines += ["", "*Words used* — " + "; ".join(used)]
        for sid, passages in e.cells:
            for p in passages:
                lines += ["", *[f"> {ln}" if ln else ">" for ln in p.text.split("\n")], "",
                          f"— {_cite(by_id[sid], p.start, p.end)}"]
    return "\n".join(lines) + "\n"


def _csv(syn: _Matrix) -> str:
    header, rows = matrix_rows(syn)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise_formula(v) for v in row] for row in rows)
    return CSV_BOM + buf.getvalue()


def _xlsx(syn: _Matrix, naming: Naming | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook(write_only=True)
    wrapped = Alignment(wrap_text=True, vertical="top")

    def sheet_of(name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "B2"
        sheet.append(xlsx_header(sheet, header))
        for row in rows:
            sheet.append([xlsx_cell(sheet, value, wrapped) for value in row])

    header, rows = matrix_rows(syn)
    sheet_of("matrix", header, rows)
    sheet_of("passages", PASSAGE_FIELDS, [[r[f] for f in PASSAGE_FIELDS] for r in passage_rows(syn)])
    if naming is not None:
        families = sorted({f for counts in naming["sources"].values() for f in counts})
        sheet_of("naming", ["source", *families],
                 [[c.id, *(naming["sources"].get(c.id, {}).get(f, 0) for f in families)] for c in syn.columns])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def render_synopsis(syn: _Matrix, fmt: str, naming: Naming | None = None) -> str | bytes:
    """The file content; `naming` (the labelling lens) goes into JSON, Markdown and an XLSX sheet."""
    if fmt == "csv":
        return _csv(syn)
    if fmt == "json":
        return json.dumps(to_json(syn, naming), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return markdown(syn, naming)
    if fmt == "xlsx":
        return _xlsx(syn, naming)
    raise SourceError(f"unknown synopsis format '{fmt}'")


def synopsis_format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SYNOPSIS_FORMATS:
        raise SourceError(f"{path}: unknown synopsis format '{suffix}' (use {', '.join(sorted(SYNOPSIS_FORMATS))})")
    return SYNOPSIS_FORMATS[suffix]


def export_synopsis(syn: _Matrix, path: str | os.PathLike[str], *, overwrite: bool = False,
                    naming: Naming | None = None) -> Path:
    """Write the synopsis to `path` in the format its extension names (the pair exports' file rules)."""
    return write_atomically(render_synopsis(syn, synopsis_format(path), naming), path, overwrite=overwrite)
