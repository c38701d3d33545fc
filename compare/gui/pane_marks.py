"""What a pane should draw and say, derived from the session and the selection.

Pure functions, so the window stays a switchboard and these rules can be
tested without one: which passages are tinted (by their strongest link),
which are unmatched, which is selected, and what a highlight's tooltip says.
"""

from __future__ import annotations

import html

from compare.gui.reader_view import PaneMarks, Span
from compare.gui.selection import LinkSelection
from compare.gui.session import ReadingSession


def marks_for(session: ReadingSession, selection: LinkSelection, pane: int,
              find: list[Span] | None = None) -> PaneMarks:
    """Highlights for `pane`: linked passages by score, the unmatched, the selection."""
    strengths = session.strengths(pane)
    marks = PaneMarks(find=list(find or ()))
    marks.linked = [(p.start, p.end, strengths[p.key]) for p in session.passages(pane) if p.key in strengths]
    marks.unmatched = [(p.start, p.end) for p in session.unmatched(pane)]
    current = selection.current
    for pair_id in selection.active - {selection.pair_id}:
        pl = session.find_link(pair_id)
        if pl is not None and pl.pair in (pane - 1, pane):
            side = pl.side(pane)
            marks.active.append((side.start, side.end))
    if current is not None and current.pair in (pane - 1, pane):
        side = current.side(pane)
        marks.selected = (side.start, side.end)
        evidence = current.link.evidence
        span = evidence.left_span if pane == current.pair else evidence.right_span
        if span != (side.start, side.end) and span[1] > span[0]:
            marks.selected_evidence = span  # the best sentence pair inside a paragraph link
    return marks


def passage_tooltip(session: ReadingSession, pane: int, offset: int, limit: int = 4) -> str:
    """Score and shared names, dates and numbers of each link of the passage at `offset`."""
    passage = session.passage_at(pane, offset)
    if passage is None:
        return ""
    links = session.links_of_passage(pane, passage)
    if not links:
        return (f"<qt>No counterpart at score ≥ {session.threshold:.0f} "
                "in the neighbouring account(s).</qt>")
    rows = []
    for pl in links[:limit]:
        other = session.source(pl.other_pane(pane)).meta
        evidence = pl.link.evidence
        shared = html.escape(", ".join(evidence.anchors)) or "<i>no shared names, dates or numbers</i>"
        terms = (f"<br><span style='color:gray'>terms: {html.escape(', '.join(evidence.terms))}</span>"
                 if evidence.terms else "")
        digest = " <b style='color:#b45309'>[DIGEST]</b>" if other.is_digest else ""
        rows.append(f"<p><b>Score {pl.link.score:.0f}</b> with “{html.escape(other.title)}”{digest}<br>"
                    f"Shared: {shared}{terms}</p>")
    return "<qt>" + "".join(rows) + "</qt>"
