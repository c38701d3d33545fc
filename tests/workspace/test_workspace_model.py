"""Random review sessions against a simple in-memory model of what the store should hold.

The model is a dict pair_id -> (hand-made, status, relation, note) plus two
stacks of whole states for undo and redo. Any sequence of actions, undos,
redos and reopenings must leave the workspace equal to the model.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.engine.align import Link
from compare.model.errors import SourceError
from compare.model.records import Passage
from compare.workspace import RELATIONS, STATUSES, Workspace

LEFT, RIGHT = "encyclopedia-overview", "kremlin-csto"
Model = dict[str, tuple[bool, str, str, str]]

# Candidate spans for hand-made links; some equal an engine link's spans (then refused).
SPANS = [((0, 25), (0, 25)), ((0, 25), (13, 668)), ((100, 180), (40, 90)), ((2272, 2974), (13, 668)),
         ((5, 6), (7, 8))]

statuses = st.sampled_from(STATUSES)
relations = st.sampled_from(("", *RELATIONS))
notes = st.sampled_from(("", "a note", "другая заметка"))
actions = st.one_of(
    st.tuples(st.just("review"), st.integers(0, 50), st.none() | statuses, st.none() | relations,
              st.none() | notes),
    st.tuples(st.just("add"), st.integers(0, len(SPANS) - 1), statuses),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("adjust"), st.integers(0, 50), st.integers(0, len(SPANS) - 1)),
    st.tuples(st.just("undo")), st.tuples(st.just("redo")), st.tuples(st.just("reopen")),
)


def _observed(ws: Workspace) -> Model:
    return {v.pair_id: (v.manual, v.status, v.relation, v.note) for v in ws.pairs(left_id=LEFT, right_id=RIGHT)}


def _pair_id(spans: tuple[tuple[int, int], tuple[int, int]]) -> str:
    (ls, le), (rs, re_) = spans
    return Link(Passage(LEFT, "paragraph", -1, ls, le, ""), Passage(RIGHT, "paragraph", -1, rs, re_, ""),
                0.0).pair_id


def _pick(model: Model, index: int) -> str:
    ids = sorted(model)
    return ids[index % len(ids)]


def _expect(model: Model, action: tuple) -> Model | None:
    """The model's next state, or None when the workspace must refuse the action."""
    kind = action[0]
    new = dict(model)
    if kind == "review":
        pid = _pick(model, action[1])
        manual, status, relation, note = model[pid]
        new[pid] = (manual, action[2] or status, relation if action[3] is None else action[3],
                    note if action[4] is None else action[4])
    elif kind == "add":
        pid = _pair_id(SPANS[action[1]])
        if pid in model:
            return None
        new[pid] = (True, action[2], "", "")
    elif kind == "delete":
        pid = _pick(model, action[1])
        if not model[pid][0]:
            return None
        del new[pid]
    elif kind == "adjust":
        pid, target = _pick(model, action[1]), _pair_id(SPANS[action[2]])
        if target == pid:
            return model
        if target in model:
            return None
        manual, status, relation, note = model[pid]
        if manual:
            del new[pid]
        else:
            new[pid] = (False, "rejected", "", "")
        new[target] = (True, "confirmed" if status == "proposed" else status, relation, note)
    return new


def _perform(ws: Workspace, model: Model, action: tuple) -> None:
    kind = action[0]
    if kind == "review":
        ws.review(_pick(model, action[1]), status=action[2], relation=action[3], note=action[4])
    elif kind == "add":
        (ls, rs) = SPANS[action[1]]
        ws.add_link(LEFT, ls, RIGHT, rs, status=action[2])
    elif kind == "delete":
        ws.delete_link(_pick(model, action[1]))
    elif kind == "adjust":
        ls, rs = SPANS[action[2]]
        ws.adjust_link(_pick(model, action[1]), left_span=ls, right_span=rs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(actions, max_size=25))
def test_random_sessions_match_the_model(template: Path, steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ws.parallax"
        shutil.copyfile(template, path)
        ws = Workspace.open(path)
        try:
            model = _observed(ws)
            undo: list[Model] = []
            redo: list[Model] = []
            for action in steps:
                if action[0] == "reopen":
                    ws.close()
                    ws = Workspace.open(path)
                elif action[0] == "undo":
                    info = ws.undo()
                    assert (info is None) == (not undo)
                    if undo:
                        redo.append(model)
                        model = undo.pop()
                elif action[0] == "redo":
                    info = ws.redo()
                    assert (info is None) == (not redo)
                    if redo:
                        undo.append(model)
                        model = redo.pop()
                else:
                    expected = _expect(model, action)
                    if expected is None:
                        try:
                            _perform(ws, model, action)
                        except SourceError:
                            pass
                        else:
                            raise AssertionError(f"{action} should have been refused")
                    else:
                        _perform(ws, model, action)
                        if expected != model:
                            undo.append(model)
                            redo.clear()
                            model = expected
                assert _observed(ws) == model, action
                assert ws.can_undo() == bool(undo) and ws.can_redo() == bool(redo)
        finally:
            ws.close()
        with Workspace.open(path) as again:
            assert _observed(again) == model
