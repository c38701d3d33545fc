"""Plain data records shared by every layer: sources, blocks and passages.

They are frozen so that a passage handed to a view, a store or an exporter can
never drift from the text its offsets point into.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter
from typing import Literal, TypeVar, overload

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


T = TypeVar("T")


class _Lazy(Sequence[T]):
    """A read-only sequence whose items are made when first read, equal to the tuple of them.

    A thousand cached sources hold 150,000 passages and 50,000 blocks, and
    reading them back as objects was a third of a warm command-line run, which
    then looks at a few dozen of each (issue 14). Subclasses keep their items
    in a compact form and say how to make the k-th one.
    """

    __slots__ = ("_complete", "_made")

    def __init__(self, count: int) -> None:
        self._made: list[T | None] = [None] * count
        # Set once every slot is filled, and never unset: a reader on another thread (the app aligns
        # on a worker) may make a slot twice, which only makes an equal item, never leaves one empty.
        self._complete = count == 0

    def _make(self, k: int) -> T:
        raise NotImplementedError

    def _make_all(self) -> list[T]:
        return [self._make(k) for k in range(len(self._made))]

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(len(self._made))))
        made = self._made[index]  # IndexError as a tuple raises it
        if made is None:
            k = index + len(self._made) if index < 0 else index
            made = self._made[k] = self._make(k)
        return made

    def __iter__(self) -> Iterator[T]:
        if not self._complete:
            fresh = self._make_all()
            self._made = [old if old is not None else new for old, new in zip(self._made, fresh, strict=True)]
            self._complete = True
        return iter(self._made)  # type: ignore[arg-type]  # every entry is made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_Lazy, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


class PassageRun(_Lazy[Passage]):
    """A source's passages of one unit, kept as offsets beside its text (four integers a passage:
    start, end, block, paragraph), so a passage's text is its slice and cannot drift from it.
    Pickles as its offsets."""

    __slots__ = ("_places", "source_id", "text", "unit")

    def __init__(self, source_id: str, unit: Unit, text: str, places: bytes | array[int]) -> None:
        flat = places if isinstance(places, array) else array("q", places)
        if flat.typecode != "q" or len(flat) % 4:
            raise ValueError("passage places are four 64-bit integers a passage")
        super().__init__(len(flat) // 4)
        self.source_id, self.unit, self.text = source_id, unit, text
        self._places = flat

    @classmethod
    def of(cls, source_id: str, unit: Unit, text: str, places: Sequence[tuple[int, int, int, int]]) -> PassageRun:
        """A run from (start, end, block, paragraph) rows, in reading order."""
        return cls(source_id, unit, text, array("q", [n for row in places for n in row]))

    def places(self) -> bytes:
        """Every passage's (start, end, block, paragraph) as 64-bit integers: what decides the run."""
        return self._places.tobytes()

    def _make(self, k: int) -> Passage:
        start, end, block, paragraph = self._places[4 * k:4 * k + 4]
        return Passage(self.source_id, self.unit, k, start, end, self.text[start:end], block, paragraph)

    def _make_all(self) -> list[Passage]:
        flat, text = self._places, self.text
        starts, ends = flat[0::4], flat[1::4]
        texts = map(text.__getitem__, map(slice, starts, ends))
        return list(map(Passage, repeat(self.source_id), repeat(self.unit), range(len(self)), starts, ends, texts,
                        flat[2::4], flat[3::4]))

    def span(self, k: int) -> tuple[int, int]:
        """Passage k's [start, end), from the offsets."""
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._places[4 * k], self._places[4 * k + 1]

    def texts_and_blocks(self) -> Iterator[tuple[str, int]]:
        """Each passage's text and block, from the offsets: no passage object is made."""
        flat, text = self._places, self.text
        return zip(map(text.__getitem__, map(slice, flat[0::4], flat[1::4])), flat[2::4], strict=True)

    def paragraph_indices(self) -> Sequence[int]:
        """Each passage's paragraph, from the offsets."""
        return self._places[3::4]

    def __repr__(self) -> str:
        return f"PassageRun({self.source_id!r}, {self.unit!r}, {len(self)} passages)"

    def __reduce__(self) -> tuple[type[PassageRun], tuple[str, str, str, bytes]]:
        return PassageRun, (self.source_id, self.unit, self.text, self.places())


def texts_and_blocks(passages: Sequence[Passage]) -> Iterator[tuple[str, int]]:
    """Each passage's (text, block): a run's from its offsets (extracting features reads every sentence of
    every source once, and made 50,000 objects a cold shard only to read these two fields)."""
    if isinstance(passages, PassageRun):
        return passages.texts_and_blocks()
    return ((p.text, p.block) for p in passages)


def paragraph_indices(passages: Sequence[Passage]) -> Sequence[int]:
    """Each passage's paragraph (a run's from its offsets, with no passage object made)."""
    if isinstance(passages, PassageRun):
        return passages.paragraph_indices()
    return [p.paragraph for p in passages]


def passage_span(passages: Sequence[Passage], k: int) -> tuple[int, int]:
    """Passage k's [start, end) (a run's from its offsets, with no passage object made)."""
    if isinstance(passages, PassageRun):
        return passages.span(k)
    return passages[k].start, passages[k].end


def passage_places(passages: Sequence[Passage]) -> bytes:
    """Every passage's (start, end, block, paragraph) as 64-bit integers: what places them, for cache keys.

    A run has them already (no passage is made); any other sequence is read passage by passage."""
    if isinstance(passages, PassageRun):
        return passages.places()
    return array("q", chain.from_iterable(map(attrgetter("start", "end", "block", "paragraph"), passages))).tobytes()


BlockRow = tuple[BlockKind, int, int, int, str, tuple[tuple[int, int, str], ...]]


class BlockRun(_Lazy[Block]):
    """A source's blocks kept as rows of their fields; pickles as the rows (plain tuples)."""

    __slots__ = ("_rows",)

    def __init__(self, rows: tuple[BlockRow, ...]) -> None:
        if type(rows) is not tuple or not all(type(r) is tuple and len(r) == 6 for r in rows):
            raise ValueError("block rows are tuples of a block's six fields")
        super().__init__(len(rows))
        self._rows = rows

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> BlockRun:
        return blocks if isinstance(blocks, BlockRun) else cls(
            tuple((b.kind, b.start, b.end, b.level, b.marker, b.marks) for b in blocks))

    def _make(self, k: int) -> Block:
        return Block(*self._rows[k])

    def __repr__(self) -> str:
        return f"BlockRun({len(self)} blocks)"

    def __reduce__(self) -> tuple[type[BlockRun], tuple[tuple[BlockRow, ...]]]:
        return BlockRun, (self._rows,)


@dataclass(frozen=True, slots=True)
class Source:
    """A loaded account: metadata, canonical plain text, blocks and passages."""

    meta: SourceMeta
    text: str
    blocks: Sequence[Block]
    paragraphs: Sequence[Passage]
    sentences: Sequence[Passage]
    markdown: str = field(default="", repr=False, compare=False)
    path: str = field(default="", compare=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def passages(self, unit: Unit) -> Sequence[Passage]:
        """The passages of one unit, in reading order."""
        return self.paragraphs if unit == "paragraph" else self.sentences


@dataclass(frozen=True, slots=True)
class Review:
    """What an analyst decided about a link (defaults: not yet reviewed)."""

    status: str = "proposed"
    relation: str = ""
    note: str = ""
