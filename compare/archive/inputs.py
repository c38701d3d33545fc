"""What an archive is made of: documents from folders, JSONL files and workspaces, as plain records.

The driver only reads and identifies documents (the id decides the partition
and must be unique); rendering, segmenting, features and embeddings are left
to the workers. A `Document` carries its raw text rather than a path, so a
worker on another machine needs no shared file system. A document that
cannot be read is reported with its place (file, or file:line) and skipped:
one bad line in a dump of thousands must not stop the run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from compare.model.errors import SourceError
from compare.model.records import SourceMeta
from compare.text.frontmatter import meta_from_mapping, split_front_matter
from compare.text.sources import MARKDOWN_EXTENSIONS, TEXT_EXTENSIONS, read_text_file, resolve_source
from compare.text.sources import _slug as file_id  # the id rule `parallax align` applies to a file

__all__ = ["Document", "Inventory", "anchor_document", "read_inputs"]

DocumentKind = Literal["file", "text", "row"]
FILE_EXTENSIONS = (MARKDOWN_EXTENSIONS | TEXT_EXTENSIONS) - {""}
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
WORKSPACE_EXTENSIONS = frozenset({".parallax"})
TEXT_FORMATS = {"text": False, "markdown": True}  # a JSONL record's optional "format" -> is Markdown


@dataclass(frozen=True, slots=True)
class Document:
    """One document to align, as the worker will build it.

    kind "file": `raw` is a .md/.txt file's content and `name` its file name
    (built as `parallax align` loads the file, so the results are the same);
    kind "text": `raw` is the body of a JSONL record, with its `meta`;
    kind "row": `raw` is a workspace's stored source row (`body_start`, `markup`, `meta`).
    """

    id: str
    origin: str  # where it came from, for messages and the workspace's sources table
    kind: DocumentKind
    raw: str
    name: str = ""
    meta: SourceMeta | None = None
    body_start: int = 0
    markup: bool = False
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            h = hashlib.blake2b(digest_size=16)
            for part in (self.id, self.kind, self.name, repr(self.meta), str(self.body_start), str(self.markup)):
                h.update(part.encode("utf-8") + b"\x1f")
            h.update(self.raw.encode("utf-8"))
            object.__setattr__(self, "fingerprint", h.hexdigest())


@dataclass(slots=True)
class Inventory:
    """The documents found, sorted by id, and what was skipped and why."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_inputs(paths: Iterable[str | Path]) -> Inventory:
    """Every document of the given folders, JSONL files and workspaces; a duplicate id keeps the first.

    A missing input or one of an unknown kind is an error (the user named it);
    a bad document inside one is a problem, reported and skipped.
    """
    found: dict[str, Document] = {}
    inventory = Inventory()
    for given in paths:
        path = Path(given)
        docs: Iterable[Document]
        if path.is_dir():
            docs = _folder(path, inventory.problems)
        elif not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        elif path.suffix.lower() in JSONL_EXTENSIONS:
            docs = _jsonl(path, inventory.problems)
        elif path.suffix.lower() in WORKSPACE_EXTENSIONS:
            docs = _workspace(path)
        elif path.suffix.lower() in FILE_EXTENSIONS:
            docs = _files([path], inventory.problems)
        else:
            raise SourceError(f"{path}: expected a folder, a .jsonl file or a .parallax workspace")
        for doc in docs:
            if doc.id in found:
                inventory.problems.append(f"{doc.origin}: skipped, id '{doc.id}' is already used by "
                                          f"{found[doc.id].origin}")
            else:
                found[doc.id] = doc
    inventory.documents = [found[k] for k in sorted(found)]
    return inventory


def _folder(folder: Path, problems: list[str]) -> Iterator[Document]:
    """The folder's .md and .txt files, recursively, in path order (hidden files and folders left out)."""
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in FILE_EXTENSIONS:
            files.append(path)
        else:
            problems.append(f"{path}: skipped, not a .md or .txt file (import other formats into a "
                            "workspace with `parallax workspace W import`, then archive W)")
    return _files(files, problems)


def _files(files: list[Path], problems: list[str]) -> Iterator[Document]:
    for path in files:
        try:
            raw = read_text_file(path)
            if "\x00" in raw:
                raise SourceError(f"{path}: it looks like a binary file, not text")
            data, body, _ = split_front_matter(raw)
            if not body.strip():
                raise SourceError(f"{path}: the file is empty")
            stem = path.stem or "untitled"
            meta = meta_from_mapping(data or {}, default_id=file_id(stem), default_title=stem)
        except SourceError as exc:
            problems.append(_located(path, exc))
            continue
        yield Document(meta.id, str(path), "file", raw, name=path.name)


def _located(path: Path, exc: SourceError) -> str:
    message = str(exc)
    return message if message.startswith(str(path)) else f"{path}: {message}"


def _jsonl(path: Path, problems: list[str]) -> Iterator[Document]:
    """One document per line: {"id", "text", "title", "language", "published", "url", ...; "format"}."""
    stem = path.stem or "doc"
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield _record(line, f"{stem}-{number}", where)
            except SourceError as exc:
                problems.append(f"{where}: {exc}")


def _record(line: bytes, default_id: str, where: str) -> Document:
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"not a JSON object ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise SourceError("not a JSON object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SourceError("no 'text' (a non-empty string) in the record")
    fmt = data.get("format", "text")
    if not isinstance(fmt, str) or fmt not in TEXT_FORMATS:
        raise SourceError(f"'format' must be one of {', '.join(TEXT_FORMATS)}, not {str(fmt)[:20]!r}")
    fields = {k: v for k, v in data.items() if k not in ("text", "format")}
    if isinstance(fields.get("id"), int) and not isinstance(fields.get("id"), bool):
        fields["id"] = str(fields["id"])
    meta = meta_from_mapping(fields, default_id=default_id, default_title=str(fields.get("id") or default_id))
    return Document(meta.id, where, "text", text, meta=meta, markup=TEXT_FORMATS[fmt])


def _workspace(path: Path) -> list[Document]:
    """The stored rows of a workspace's sources, read without rendering them (the workers do)."""
    from compare.workspace import Workspace
    from compare.workspace.codec import meta_from_json

    with Workspace.open(path) as ws:
        try:
            rows = ws.conn.execute("SELECT id, raw, body_start, markup, meta FROM sources "
                                   "ORDER BY position, id").fetchall()
        except sqlite3.Error as exc:
            raise SourceError(f"{path}: cannot read its sources ({exc})") from None
    return [Document(str(r["id"]), f"{path}#{r['id']}", "row", str(r["raw"]), meta=meta_from_json(r["meta"]),
                     body_start=int(r["body_start"]), markup=bool(r["markup"])) for r in rows]


def anchor_document(ref: str, inventory: Inventory) -> Document:
    """The anchor: a document of the inputs named by id, else a file or a bundled source's id."""
    for doc in inventory.documents:
        if doc.id == ref:
            return doc
    source = resolve_source(ref)  # a file, or a bundled id; refuses anything else with one line
    path = Path(source.path)
    return Document(source.id, str(path), "file", source.markdown, name=path.name)
