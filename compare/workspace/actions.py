"""The review actions, each as the before/after states of the pairs it touches.

Every function here runs inside the caller's transaction and ends in
`review.apply_action`, which writes the after states and logs the action for
undo in that same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from compare.engine.align import Link
from compare.model.errors import SourceError
from compare.model.records import Passage, Source, Unit
from compare.workspace import review as rv

Decision = tuple[str, str, str]  # status, relation, note


def _existing(conn: sqlite3.Connection, pair_id: str) -> rv.PairState:
    state = rv.read_state(conn, pair_id)
    if state["link"] is None:
        raise SourceError(f"no pair '{pair_id}' in this workspace")
    return state


def _span(source: Source, span: tuple[int, int]) -> tuple[int, int]:
    try:
        start, end = (int(span[0]), int(span[1]))
    except (TypeError, ValueError, IndexError):
        raise SourceError(f"{source.id}: a span is two offsets (start, end), not {span!r}") from None
    if not 0 <= start < end <= len(source.text):
        raise SourceError(f"{source.id}: span {start}-{end} is not within its text (0-{len(source.text)})")
    return start, end


def _hand_made(sources: Mapping[str, Source], left_id: str, left_span: tuple[int, int], right_id: str,
               right_span: tuple[int, int], unit: Unit) -> Link:
    """The Link for two spans exactly as given (nothing snapped to passage boundaries)."""
    if left_id == right_id:
        raise SourceError("a link joins two different sources")
    sides = []
    for source_id, span in ((left_id, left_span), (right_id, right_span)):
        if source_id not in sources:
            raise SourceError(f"no source '{source_id}' in this workspace")
        source = sources[source_id]
        start, end = _span(source, span)
        sides.append(Passage(source_id, unit, -1, start, end, source.text[start:end]))
    return Link(sides[0], sides[1], 0.0)


def _row(link: Link, unit: Unit, at: str) -> dict[str, object]:
    return {"pair_id": link.pair_id, "left_id": link.left.source_id, "left_start": link.left.start,
            "left_end": link.left.end, "right_id": link.right.source_id, "right_start": link.right.start,
            "right_end": link.right.end, "unit": unit, "origin": "manual", "proposed": 0, "score": 0.0,
            "evidence": "{}", "settings": "{}", "engine_version": "", "created_at": at, "updated_at": at}


def _label(status: str | None, relation: str | None, note: str | None) -> str:
    given = tuple(name for name, value in (("status", status), ("relation", relation), ("note", note))
                  if value is not None)
    if given == ("status",):
        return {"confirmed": "Confirm", "rejected": "Reject", "proposed": "Reset"}[status or "proposed"]
    labels: dict[tuple[str, ...], str] = {("relation",): "Set relation", ("note",): "Edit note"}
    return labels.get(given, "Review")


def decide(conn: sqlite3.Connection, pair_id: str, status: str | None, relation: str | None,
           note: str | None, at: str) -> None:
    """Change any of status, relation and note (None: keep) as one action."""
    before = _existing(conn, pair_id)
    old = rv.decision(before)
    new = (status or old[0], old[1] if relation is None else relation, old[2] if note is None else note)
    rv.apply_action(conn, _label(status, relation, note),
                    [(pair_id, before, rv.with_decision(before, *new, at))], at)


def decide_many(conn: sqlite3.Connection, pair_ids: list[str], status: str, at: str) -> int:
    """Give every pair the same status as ONE action (one undo takes all back); returns how
    many changed. Relations and notes stay; pairs already of that status are left out."""
    changes = []
    for pair_id in dict.fromkeys(pair_ids):
        before = _existing(conn, pair_id)
        old = rv.decision(before)
        if old[0] != status:
            changes.append((pair_id, before, rv.with_decision(before, status, old[1], old[2], at)))
    if changes:
        label = _label(status, None, None)
        rv.apply_action(conn, label if len(changes) == 1 else f"{label} {len(changes)} pairs", changes, at)
    return len(changes)


def add_link(conn: sqlite3.Connection, sources: Mapping[str, Source], left_id: str,
             left_span: tuple[int, int], right_id: str, right_span: tuple[int, int], unit: Unit,
             decision: Decision, at: str) -> str:
    """Store a hand-made link with its decision; returns its pair_id."""
    link = _hand_made(sources, left_id, left_span, right_id, right_span, unit)
    before = rv.read_state(conn, link.pair_id)
    if before["link"] is not None:
        raise SourceError(f"that link already exists (pair {link.pair_id})")
    after = rv.with_decision({"link": _row(link, unit, at), "review": None}, *decision, at)
    rv.apply_action(conn, "Add link", [(link.pair_id, before, after)], at)
    return link.pair_id


def adjust_link(conn: sqlite3.Connection, sources: Mapping[str, Source], pair_id: str,
                left_span: tuple[int, int] | None, right_span: tuple[int, int] | None, at: str) -> str:
    """Move a link's ends; returns the pair_id of the link with the new spans.

    The new link is hand-made and carries the decision (an unreviewed one
    becomes confirmed: adjusting is a judgement). A hand-made original goes;
    an engine original stays, rejected, so the next run does not offer it again.
    """
    before = _existing(conn, pair_id)
    old = before["link"]
    link = _hand_made(sources, old["left_id"], left_span or (old["left_start"], old["left_end"]),
                      old["right_id"], right_span or (old["right_start"], old["right_end"]), old["unit"])
    if link.pair_id == pair_id:
        return pair_id
    target = rv.read_state(conn, link.pair_id)
    if target["link"] is not None:
        raise SourceError(f"a link with these spans already exists (pair {link.pair_id})")
    status, relation, note = rv.decision(before)
    moved = rv.with_decision({"link": _row(link, old["unit"], at), "review": None},
                             "confirmed" if status == "proposed" else status, relation, note, at)
    left_behind = ({"link": None, "review": None} if old["origin"] == "manual"
                   else rv.with_decision(before, "rejected", "", "", at))
    rv.apply_action(conn, "Adjust link", [(pair_id, before, left_behind), (link.pair_id, target, moved)], at)
    return link.pair_id


def delete_link(conn: sqlite3.Connection, pair_id: str, at: str) -> None:
    """Delete a hand-made link (engine proposals are rejected, not deleted)."""
    before = _existing(conn, pair_id)
    if before["link"]["origin"] != "manual":
        raise SourceError(f"pair {pair_id} was proposed by the engine: reject it instead of deleting")
    rv.apply_action(conn, "Delete link", [(pair_id, before, {"link": None, "review": None})], at)
