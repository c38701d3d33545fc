"""Moving between accounts: click a passage, see what the others say about it.

Selection follows links; scrolling follows links too. A click selects the
passage's strongest link and levels every other pane on its counterpart
(following the chain pane by pane); scroll lock keeps linked passages level
while one pane scrolls, interpolating between link anchors (`scroll_sync`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from compare.gui.badges import titled
from compare.gui.reader_pane import ReaderPane
from compare.gui.selection import LinkSelection
from compare.model.records import Passage
from compare.reading.pane_marks import describe_link
from compare.reading.scroll_sync import Anchor, interpolate, monotone_anchors
from compare.reading.session import PaneLink, ReadingSession
from compare.reading.stepping import contested, next_start

FIT_MARGIN = 12  # px kept between a brought-into-view passage and the viewport edge


class Navigator(QObject):
    """Turns clicks, table rows and keys into a selection and scroll positions."""

    def __init__(self, session: ReadingSession, selection: LinkSelection,
                 panes: Callable[[], list[ReaderPane]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.selection = selection
        self._panes = panes
        self.scroll_lock = True
        self._syncing = False
        self._omission: dict[int, tuple[int, int]] = {}  # per pane: the omission stepped to last

    # --- selecting ------------------------------------------------------------
    def chain_from(self, pane: int, passage: Passage) -> dict[int, tuple[PaneLink, Passage]]:
        """For each other pane, the link and passage reached by following strongest links outwards."""
        found: dict[int, tuple[PaneLink, Passage]] = {}
        for step in (-1, 1):
            here, current = pane, passage
            while 0 <= here + step < len(self.session.panes):
                pair = here if step == 1 else here - 1
                links = [pl for pl in self.session.links_of_passage(here, current)
                         if pl.pair == pair and not pl.rejected]  # a rejected link leads nowhere
                if not links:
                    break
                here, current = here + step, links[0].side(here + step)
                found[here] = (links[0], current)
        return found

    def passage_clicked(self, pane: int, offset: int) -> str:
        """Select the clicked passage's links and level the others on it; returns a status line."""
        passage = self.session.passage_at(pane, offset)
        if passage is None:
            return ""
        links = self.session.links_of_passage(pane, passage)
        if not links:
            self.selection.clear("pane")
            names = ", ".join(titled(self.session.source(p).meta) for p in (pane - 1, pane + 1)
                              if 0 <= p < len(self.session.panes))
            return (f"No counterpart at score ≥ {self.session.threshold:.0f} in {names}: "
                    "this passage is what the other account leaves out.")
        chain = self.chain_from(pane, passage)
        self.selection.set(links[0], links + [pl for pl, _ in chain.values()], "pane")
        self._level(pane, passage, chain, flash=True)
        return describe_link(links[0])

    def show_passages(self, found: dict[int, Passage]) -> None:
        """Scroll each pane to its passage and flash it, the panes not dragging each other along
        (the synopsis opens one event in several panes at once)."""
        panes = self._panes()
        guard, self._syncing = self._syncing, True
        try:
            for pane, passage in found.items():
                if pane < len(panes):
                    view = panes[pane].view
                    view.scroll_to_offset(passage.start, view.viewport().height() / 4)
                    view.flash(passage.start, passage.end)
        finally:
            self._syncing = guard

    def show_link(self, pair_id: str, origin: str, *, flash: bool = True) -> bool:
        """Select a link and bring both its passages into view, level with each other."""
        pl = self.session.find_link(pair_id)
        panes = self._panes()
        if pl is None or pl.pair + 1 >= len(panes):
            return False
        left = pl.link.left
        view = panes[pl.pair].view
        guard = self._syncing
        self._syncing = True
        try:
            if not view.span_in_view(left.start, left.end):
                # A quarter down, or higher where the passage would otherwise run off the bottom
                # (a short window, or two toolbar rows, leave less room than a long passage needs).
                top, bottom = view.span_y(left.start, left.end)
                height = view.viewport().height()
                room = height - (bottom - top) - FIT_MARGIN
                view.scroll_to_offset(left.start, max(FIT_MARGIN, min(height / 4, room)))
        finally:
            self._syncing = guard
        chain = self.chain_from(pl.pair, left)
        chain[pl.pair + 1] = (pl, pl.link.right)
        self.selection.set(pl, [pl] + [c for c, _ in chain.values()], origin)
        self._level(pl.pair, left, chain, flash=flash)
        return True

    def step(self, delta: int, pane: int, *, contested_only: bool = False) -> str | None:
        """Select the next (delta=1) or previous (-1) link in reading order of `pane`
        (`contested_only`: among the rejected, contradicting, reframing and stale ones)."""
        links = [pl for pl in self.session.links_of_pane(pane) if not contested_only or contested(pl)]
        ordered = sorted(links, key=lambda pl: (pl.side(pane).start, pl.side(pl.other_pane(pane)).start, pl.pair))
        if not ordered:
            return None
        ids = [pl.pair_id for pl in ordered]
        current = self.selection.pair_id
        if current in ids:
            index = (ids.index(current) + delta) % len(ids)
        else:
            first = self._panes()[pane].view.first_visible_offset()
            after = [i for i, pl in enumerate(ordered) if pl.side(pane).start >= first]
            index = (after[0] if after else 0) if delta > 0 else ((after[0] - 1) if after else len(ids) - 1)
        target = ordered[index]
        self._bring_into_view(pane, target.side(pane))
        self.show_link(target.pair_id, "keyboard")
        return target.pair_id

    def step_omission(self, delta: int, pane: int) -> Passage | None:
        """Scroll `pane` to its next (or previous) passage without a counterpart, and flash it."""
        view = self._panes()[pane].view
        gaps = {p.start: p for p in self.session.unmatched(pane)}
        here = self._omission.get(pane)
        if here is None or not view.span_in_view(*here):
            current = view.first_visible_offset() - (1 if delta > 0 else 0)
        else:
            current = here[0]
        start = next_start(list(gaps), current, delta)
        if start is None:
            return None
        passage = gaps[start]
        self._omission[pane] = (passage.start, passage.end)
        guard, self._syncing = self._syncing, True
        try:
            view.scroll_to_offset(passage.start, view.viewport().height() / 4)
        finally:
            self._syncing = guard
        view.flash(passage.start, passage.end)
        return passage

    def _bring_into_view(self, pane: int, passage: Passage) -> None:
        view = self._panes()[pane].view
        if not view.span_in_view(passage.start, passage.end):
            guard, self._syncing = self._syncing, True
            view.scroll_to_offset(passage.start, view.viewport().height() / 4)
            self._syncing = guard

    # --- levelling ----------------------------------------------------------
    def _level(self, pane: int, passage: Passage, chain: dict[int, tuple[PaneLink, Passage]],
               *, flash: bool) -> None:
        """Scroll each pane in `chain` so its passage sits level with `passage` in `pane`."""
        panes = self._panes()
        source = panes[pane].view
        level_y = source.span_y(passage.start, passage.end)[0] - source.scroll_y()
        guard, self._syncing = self._syncing, True
        try:
            for other, (_pl, target) in chain.items():
                view = panes[other].view
                top, bottom = view.span_y(target.start, target.end)
                height = view.viewport().height()
                y = top - level_y
                if bottom - y > height - FIT_MARGIN:  # would run off the bottom: fit it instead
                    y = max(top - FIT_MARGIN, bottom - height + FIT_MARGIN)
                if top - y < 0:
                    y = top - FIT_MARGIN
                view.set_scroll_y(y)
                if flash:
                    view.flash(target.start, target.end)
        finally:
            self._syncing = guard

    # --- scroll lock ----------------------------------------------------------
    def pane_scrolled(self, pane: int) -> None:
        """Keep the others level with `pane`, walking outwards pair by pair."""
        if self._syncing or not self.scroll_lock:
            return
        self._syncing = True
        try:
            count = len(self._panes())
            for other in range(pane + 1, count):
                self._follow(other - 1, other)
            for other in range(pane - 1, -1, -1):
                self._follow(other + 1, other)
        finally:
            self._syncing = False

    def anchors(self, pair: int, *, reverse: bool = False) -> list[Anchor]:
        """Link anchors between pane `pair` and `pair + 1` in document coordinates."""
        panes = self._panes()
        left, right = panes[pair].view, panes[pair + 1].view
        points: list[Anchor] = []
        for link in self.session.links(pair):
            l0, l1 = left.span_y(link.left.start, link.left.end)
            r0, r1 = right.span_y(link.right.start, link.right.end)
            points += [(l0, r0), (l1, r1)]
        heights = (left.doc_height(), right.doc_height())
        if reverse:
            points = [(b, a) for a, b in points]
            heights = (heights[1], heights[0])
        return monotone_anchors(points, *heights)

    def _follow(self, leader: int, follower: int) -> None:
        panes = self._panes()
        lead, follow = panes[leader].view, panes[follower].view
        pair, reverse = (leader, False) if follower == leader + 1 else (follower, True)
        reference = lead.scroll_y() + lead.viewport().height() / 2
        target = interpolate(reference, self.anchors(pair, reverse=reverse))
        follow.set_scroll_y(target - follow.viewport().height() / 2)
