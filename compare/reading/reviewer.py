"""The analyst's decisions, as the reader asks for them: pane terms in, workspace calls out.

Qt-free, so the rules are testable without a window: which pane's selection
becomes which side of a link, which spans an adjustment moves (links may be
stored the other way round from the panes), what a status line says. Every
change is one workspace action, on disk when the call returns and undoable;
the session is told to re-read afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from compare.export.writers import make_record, quote_pair
from compare.model.errors import SourceError
from compare.reading.session import PaneLink, ReadingSession, Span
from compare.workspace import RELATIONS, ActionInfo, PairView, Workspace


def trim_span(text: str, start: int, end: int) -> Span | None:
    """A selection without the white space around it (None if nothing is left).

    A drag across a paragraph end picks up newlines nobody meant to quote.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def snap_to_words(text: str, span: Span) -> Span:
    """`span` widened to whole words, and trimmed of the spaces around it.

    A drag selection starts and ends wherever the mouse was, often inside a word;
    a quotation that begins "ident Tokayev" is not one an analyst can cite.
    """
    start, end = max(0, span[0]), min(len(text), span[1])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return span
    while start > 0 and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "-'’_"


def short(pair_id: str) -> str:
    return pair_id[:7]


class Reviewer:
    """Review actions on the links the session shows."""

    def __init__(self, session: ReadingSession) -> None:
        self.session = session

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace

    def _done(self, message: str) -> str:
        self.session.invalidate()
        return message

    # --- decisions -------------------------------------------------------------
    def confirm(self, pair_id: str) -> str:
        self.workspace.confirm(pair_id)
        return self._done(f"Confirmed pair {short(pair_id)}.")

    def decide_many(self, pair_ids: list[str], status: str) -> str:
        """Batch review: one status for the pairs selected in the table, undone in one step."""
        changed = self.workspace.review_many(pair_ids, status)
        word = {"confirmed": "Confirmed", "rejected": "Rejected", "proposed": "Reset"}[status]
        return self._done(f"{word} {changed} of {len(set(pair_ids))} selected pairs (one undo takes them back).")

    def reject(self, pair_id: str) -> str:
        self.workspace.reject(pair_id)
        return self._done(f"Rejected pair {short(pair_id)}.")

    def reset(self, pair_id: str) -> str:
        self.workspace.reset(pair_id)
        return self._done(f"Pair {short(pair_id)} is back to proposed.")

    def set_relation(self, pair_id: str, relation: str) -> str:
        if relation and relation not in RELATIONS:
            raise SourceError(f"unknown relation {relation!r}")
        self.workspace.set_relation(pair_id, relation)
        return self._done(f"Pair {short(pair_id)}: {relation or 'no relation'}.")

    def set_note(self, pair_id: str, note: str) -> str:
        self.workspace.set_note(pair_id, note)
        return self._done(f"Note saved on pair {short(pair_id)}.")

    # --- hand-made links ---------------------------------------------------------
    def link_spans(self, first: tuple[int, Span], second: tuple[int, Span]) -> str:
        """Link a span of one pane to a span of another; returns the new pair id.

        The left pane's span goes on the left, as the reader shows it; the link
        is made at the unit shown, so it appears among that unit's links.
        """
        (pane_a, span_a), (pane_b, span_b) = sorted((first, second))
        if pane_a == pane_b:
            raise SourceError("select text in two different panes to link them")
        span_a = snap_to_words(self.session.source(pane_a).text, span_a)
        span_b = snap_to_words(self.session.source(pane_b).text, span_b)
        view = self.workspace.add_link(self.session.panes[pane_a], span_a, self.session.panes[pane_b], span_b,
                                       unit=self.session.unit)
        self.session.invalidate()
        return view.pair_id

    def adjust(self, pl: PaneLink, spans: dict[int, Span]) -> str:
        """Move a link's ends to new spans given by pane; returns the (new) pair id."""
        stored = self.workspace.pair(pl.pair_id).link
        by_source = {self.session.panes[pane]: snap_to_words(self.session.source(pane).text, span)
                     for pane, span in spans.items() if pane in (pl.pair, pl.pair + 1)}
        if not by_source:
            raise SourceError("select the new text in one or both panes of the selected link")
        view = self.workspace.adjust_link(pl.pair_id, left_span=by_source.get(stored.left.source_id),
                                          right_span=by_source.get(stored.right.source_id))
        self.session.invalidate()
        return view.pair_id

    def delete(self, pl: PaneLink) -> str:
        if not pl.manual:
            raise SourceError("only hand-made links can be deleted; reject a proposed link instead")
        self.workspace.delete_link(pl.pair_id)
        return self._done(f"Deleted the hand-made link {short(pl.pair_id)}.")

    # --- history -----------------------------------------------------------------
    def undo(self) -> ActionInfo | None:
        info = self.workspace.undo()
        self._after_history()
        return info

    def redo(self) -> ActionInfo | None:
        info = self.workspace.redo()
        self._after_history()
        return info

    def _after_history(self) -> None:
        """An undone or redone removal brings a source back or takes it away: re-read the library."""
        if {s.id for s in self.workspace.sources()} != set(self.session.library):
            self.session.reload_library()
        self.session.invalidate()

    def remove_source(self, source_id: str) -> str:
        """Remove a source from the workspace as one undoable action, and say what went with it."""
        title = self.session.library[source_id].meta.title if source_id in self.session.library else source_id
        if len(self.session.library) <= 2:
            raise SourceError("a workspace needs two sources to compare: import another one before removing this")
        held = self.workspace.remove_source(source_id)
        self.session.reload_library()
        self.session.invalidate()
        extra = f" with {held} decided or hand-made link(s)" if held else ""
        return f"Removed “{title}”{extra}; Undo brings it back."

    def next_undo(self) -> ActionInfo | None:
        """What Undo would take back (for labelling the menu item).

        Asked of the workspace, not read off the latest fifty history entries: after
        sixty edits and fifty-five undos those held nothing to undo while undo was possible."""
        return self.workspace.next_undo()

    def next_redo(self) -> ActionInfo | None:
        return self.workspace.next_redo()

    # --- out -----------------------------------------------------------------------
    def _views(self, pair_ids: Iterable[str]) -> list[PairView]:
        found = (self.session.find_link(pid) for pid in pair_ids)
        return [pl.view for pl in found if pl is not None]

    def quote(self, pair_id: str) -> str:
        """The pair as a Markdown quotation with both citations, ready to paste."""
        views = self._views([pair_id])
        if not views:
            raise SourceError(f"pair {short(pair_id)} is not shown")
        view = views[0]
        return quote_pair(make_record(view.link, self.session.library, view.review))

    def export(self, path: str | os.PathLike[str], pair_ids: Iterable[str], *,
               overwrite: bool = False) -> tuple[Path, int]:
        """Write the given pairs (in the panes' orientation) with decisions and citations."""
        views = self._views(pair_ids)
        if not views:
            raise SourceError("nothing to export: no pairs in the chosen scope")
        return self.workspace.export(path, pairs=views, overwrite=overwrite), len(views)
