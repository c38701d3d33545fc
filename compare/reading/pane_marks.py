"""What a pane should draw and say, derived from the session and the selection.

Pure functions, so the window stays a switchboard and these rules can be
tested without one: which passages are tinted (proposals by their strongest
link, decisions by status), which are unmatched, which is selected, and what
a highlight's tooltip says.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Protocol

from compare.reading.session import PaneLink, ReadingSession, Span


@dataclass
class PaneMarks:
    """What to draw on a pane: linked passages by score or decision, the selection, the unmatched."""

    linked: list[tuple[int, int, float]] = field(default_factory=list)  # proposed, by best score
    confirmed: list[Span] = field(default_factory=list)
    rejected: list[Span] = field(default_factory=list)
    manual: list[Span] = field(default_factory=list)
    stale: list[Span] = field(default_factory=list)
    unmatched: list[Span] = field(default_factory=list)
    selected: Span | None = None
    selected_evidence: Span | None = None
    active: list[Span] = field(default_factory=list)
    find: list[Span] = field(default_factory=list)


class Focus(Protocol):
    """The link the analyst is looking at, and the other links of the clicked passage.

    The GUI's `LinkSelection` is one; a test can pass any object with these three.
    """

    @property
    def current(self) -> PaneLink | None: ...

    @property
    def active(self) -> frozenset[str]: ...

    @property
    def pair_id(self) -> str | None: ...


STATUS_WORDS = {"confirmed": "✓ confirmed", "rejected": "✗ rejected", "proposed": "proposed"}


def status_words(pl: PaneLink, *, hand_made: bool = True) -> str:
    """The decision in a few words, as tooltips and the review panel say it
    (`hand_made=False` where the caller names a hand-made link already)."""
    parts = [STATUS_WORDS.get(pl.status, pl.status)]
    if pl.relation:
        parts.append(pl.relation)
    if pl.manual and hand_made:
        parts.append("hand-made")
    if pl.stale:
        parts.append("no longer proposed by the engine")
    return " · ".join(parts)


def elsewhere_words(session: ReadingSession, pl: PaneLink) -> str:
    """The decisions at the other unit that nest with `pl`, in a few words ("" if none)."""
    found = session.decisions_elsewhere(pl)
    if not found:
        return ""
    level = "sentence" if session.unit == "paragraph" else "paragraph"
    counts: dict[str, int] = {}
    for view in found:
        counts[view.status] = counts.get(view.status, 0) + 1
    said = ", ".join(f"{STATUS_WORDS.get(status, status)}{f' ×{n}' if n > 1 else ''}" for status, n in counts.items())
    return f"at {level} level: {said}"


def describe_link(pl: PaneLink) -> str:
    """The status line for a selected link: what it is, how it stands, why it was proposed."""
    what = "hand-made" if pl.manual else f"score {pl.link.score:.0f}"
    why = "" if pl.manual else pl.link.evidence.summary()
    return f"Linked ({what}, {status_words(pl, hand_made=False)}). {why}".rstrip()


def marks_for(session: ReadingSession, selection: Focus, pane: int,
              find: list[Span] | None = None) -> PaneMarks:
    """Highlights for `pane`: linked passages by status and score, the unmatched, the selection."""
    marks = PaneMarks(find=list(find or ()))
    best: dict[Span, PaneLink] = {}
    for pl in session.links_of_pane(pane):
        side = pl.side(pane)
        span = (side.start, side.end)
        if span not in best or pl.rank() < best[span].rank():
            best[span] = pl  # a passage shows its best decision: confirmed over proposed over rejected
        if pl.manual:
            marks.manual.append(span)
        if pl.stale:
            marks.stale.append(span)
    for span, pl in sorted(best.items()):
        if pl.status == "confirmed":
            marks.confirmed.append(span)
        elif pl.status == "rejected":
            marks.rejected.append(span)
        else:
            marks.linked.append((*span, pl.link.score))
    marks.unmatched = [(p.start, p.end) for p in session.unmatched(pane)]
    current = selection.current
    for pair_id in selection.active - {selection.pair_id}:
        found = session.find_link(pair_id)
        if found is not None and found.pair in (pane - 1, pane):
            side = found.side(pane)
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
    """Score, decision and shared names, dates and numbers of each link of the passage at `offset`."""
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
        score = "Hand-made link" if pl.manual else f"Score {pl.link.score:.0f}"
        note = f"<br><i>Note: {html.escape(pl.note)}</i>" if pl.note else ""
        rows.append(f"<p><b>{score}</b> ({html.escape(status_words(pl))}) with “{html.escape(other.title)}”"
                    f"{digest}<br>Shared: {shared}{terms}{note}</p>")
    return "<qt>" + "".join(rows) + "</qt>"
