"""The reading layer: what the app shows and does, without a window.

`session` is the reading session over a workspace (panes, links shown at the
threshold, links in view, unmatched passages); `reviewer` turns review commands
into workspace actions and status lines; `pane_marks` says what each pane draws
and what its tooltips say; `scroll_sync` keeps linked passages level when panes
scroll together; `stepping` moves between links, omissions and contested pairs;
`phrase` is the table's phrase filter; `word_compare` sets the two passages of a
pair side by side word by word. No Qt: the GUI draws what these answer, and tests drive them
directly.
"""

from compare.reading.focus import LinkFocus
from compare.reading.pane_marks import Focus, PaneMarks, marks_for, passage_tooltip, status_words
from compare.reading.reviewer import Reviewer, short, trim_span
from compare.reading.scroll_sync import interpolate, monotone_anchors
from compare.reading.session import MAX_PANES, MIN_PANES, PaneLink, ReadingSession, Span

__all__ = ["MAX_PANES", "MIN_PANES", "Focus", "LinkFocus", "PaneLink", "PaneMarks", "ReadingSession",
           "Reviewer", "Span", "interpolate", "marks_for", "monotone_anchors", "passage_tooltip", "short",
           "status_words", "trim_span"]
