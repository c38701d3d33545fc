"""Plain data records shared by every layer: sources, blocks and passages.

They are frozen so that a passage handed to a view, a store or an exporter can
never drift from the text its offsets point into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["paragraph", "sentence"]
UNITS: tuple[Unit, ...] = ("paragraph", "sentence")


@dataclass(frozen=True, slots=True)
class Reference:
    """One document a digest draws on, kept so every digest stays citable."""

    title: str
    outlet: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Bibliographic facts about a source, as its front matter states them."""

    id: str
    title: str
    author: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""
    language: str = "en"
    kind: str = "article"
    note: str = ""
    license: str = ""
    provenance: str = ""
    references: tuple[Reference, ...] = ()

    @property
    def is_digest(self) -> bool:
        """A digest is our own retelling; the UI must never pass it off as an original."""
        return self.kind == "digest"

    def citation(self) -> str:
        """A one-line citation: author, title, outlet, date, url (whatever is known)."""
        parts = [p for p in (self.author, f"“{self.title}”", self.outlet, self.published) if p]
        text = ", ".join(parts)
        if self.is_digest:
            text += " [digest]"
        if self.url:
            text += f". {self.url}"
        return text


BlockKind = Literal["heading", "paragraph", "item", "quote", "code"]


@dataclass(frozen=True, slots=True)
class Block:
    """A block as the reader sees it: a heading, a paragraph, a list item, a quote.

    `start`/`end` cover the block's own words in the canonical text; list
    markers such as "1. " sit just before `start`. `marks` are inline styles
    (em, strong, code, link) as offsets relative to `start`, so a view can
    draw emphasis without re-rendering and without shifting any offset.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    marker: str = ""
    marks: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of a source's canonical text: `source.text[start:end] == text`.

    `block` is the index of the block it lies in. `paragraph` is the index of
    the paragraph-unit passage holding it (a paragraph's own index): a long
    block is cut into several paragraph passages (sentence windows), so the
    block alone no longer says which paragraph a sentence belongs to. It is
    -1 for a passage made by hand from stored offsets.
    """

    source_id: str
    unit: Unit
    index: int
    start: int
    end: int
    text: str
    block: int = field(default=0, compare=False)
    paragraph: int = field(default=-1, compare=False)

    @property
    def key(self) -> str:
        """A stable key that survives reloading the same text."""
        return f"{self.source_id}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Source:
    """A loaded account: metadata, canonical plain text, blocks and passages."""

    meta: SourceMeta
    text: str
    blocks: tuple[Block, ...]
    paragraphs: tuple[Passage, ...]
    sentences: tuple[Passage, ...]
    markdown: str = field(default="", repr=False, compare=False)
    path: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def passages(self, unit: Unit) -> tuple[Passage, ...]:
        """The passages of one unit, in reading order."""
        return self.paragraphs if unit == "paragraph" else self.sentences


@dataclass(frozen=True, slots=True)
class Review:
    """What an analyst decided about a link (defaults: not yet reviewed)."""

    status: str = "proposed"
    relation: str = ""
    note: str = ""
