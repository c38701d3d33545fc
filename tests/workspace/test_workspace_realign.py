"""Re-aligning replaces the engine's proposals but keeps every decision."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from compare.engine.align import ENGINE_VERSION, Alignment, AlignSettings, Link
from compare.model.errors import SourceError
from compare.text.sources import source_from_text
from compare.workspace import Workspace

LEFT, RIGHTS = "encyclopedia-overview", ("kremlin-csto", "kz-presidency")


def _run(ws: Workspace, links: list[Link], right: str = "kremlin-csto") -> Alignment:
    """An alignment that proposes exactly `links`, to steer what a "new run" says."""
    return Alignment(ws.source(LEFT), (ws.source(right),), AlignSettings(threshold=0.0), tuple(links))


def test_stored_links_are_the_engines_links(ws: Workspace) -> None:
    alignment = ws.compute_alignment(LEFT, list(RIGHTS))
    views = ws.pairs(left_id=LEFT)
    assert {v.link for v in views} == set(alignment.links)
    assert all(v.settings == alignment.settings and v.engine_version == ENGINE_VERSION for v in views)
    assert all(not v.stale and not v.manual and v.unit == "paragraph" for v in views)
    assert {(r["left_id"], r["right_id"]) for r in ws.runs()} == {(LEFT, r) for r in RIGHTS}


def test_rerun_keeps_confirmed_rejected_and_hand_made(ws: Workspace) -> None:
    views = ws.pairs(right_id="kremlin-csto")
    confirmed, rejected, untouched = views[0], views[1], views[2]
    ws.confirm(confirmed.pair_id, relation="agrees", note="ok")
    ws.reject(rejected.pair_id)
    manual = ws.add_link(LEFT, (0, 25), "kremlin-csto", (0, 25))

    report = ws.store_alignment(_run(ws, []))  # the new run proposes nothing at all
    assert report.proposed == 0 and report.dropped >= 1
    assert set(report.stale) == {confirmed.pair_id, rejected.pair_id}
    assert (report.confirmed, report.rejected, report.manual) == (2, 1, 1)  # the hand-made one is confirmed
    kept = {v.pair_id: v for v in ws.pairs(right_id="kremlin-csto")}
    assert set(kept) == {confirmed.pair_id, rejected.pair_id, manual.pair_id}
    assert kept[confirmed.pair_id].stale and kept[confirmed.pair_id].note == "ok"
    assert kept[rejected.pair_id].stale and kept[rejected.pair_id].status == "rejected"
    assert kept[manual.pair_id].manual and not kept[manual.pair_id].stale
    assert untouched.pair_id not in kept

    again = ws.store_alignment(_run(ws, [rejected.link, untouched.link]))  # proposed again
    assert again.stale == (confirmed.pair_id,) and again.new == 1
    assert ws.pair(rejected.pair_id).status == "rejected" and not ws.pair(rejected.pair_id).stale
    assert ws.pair(untouched.pair_id).status == "proposed"


def test_rerun_updates_scores_and_settings(ws: Workspace) -> None:
    view = ws.pairs()[0]
    ws.confirm(view.pair_id)
    rescored = replace(view.link, score=99.5)
    ws.store_alignment(_run(ws, [rescored], right=view.link.right.source_id))
    back = ws.pair(view.pair_id)
    assert back.link.score == 99.5 and back.settings == AlignSettings(threshold=0.0)
    assert back.status == "confirmed"


def test_real_rerun_at_another_threshold(ws: Workspace) -> None:
    pids = [v.pair_id for v in ws.pairs()]
    ws.confirm(pids[0])
    report = ws.align(LEFT, list(RIGHTS), threshold=100)
    assert report.proposed == 0 and report.stale == (pids[0],) and report.dropped == len(pids) - 1
    report = ws.align(LEFT, list(RIGHTS))
    assert report.proposed == len(pids) and report.new == len(pids) - 1 and report.stale == ()
    assert ws.pair(pids[0]).status == "confirmed" and not ws.pair(pids[0]).stale


def test_undo_brings_back_a_link_a_rerun_dropped(ws: Workspace) -> None:
    pid = ws.pairs()[0].pair_id
    ws.set_note(pid, "important")
    ws.set_note(pid, "")  # unreviewed again, so the next run may drop it
    ws.align(LEFT, list(RIGHTS), threshold=100)
    assert pid not in {v.pair_id for v in ws.pairs()}
    ws.undo()
    back = ws.pair(pid)
    assert back.note == "important" and back.stale


def test_alignment_of_sources_not_in_the_workspace_is_refused(ws: Workspace) -> None:
    stranger = source_from_text("Tokayev on 5 January asked the CSTO.", name="kremlin-csto.txt")
    alignment = Alignment(ws.source(LEFT), (stranger,), AlignSettings(), ())
    with pytest.raises(SourceError, match="not \\(or no longer\\) in this workspace"):
        ws.store_alignment(alignment)


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("nowhere",), {}, "no source"),
    ((LEFT, ["nowhere"]), {}, "no source"),
    ((LEFT, [LEFT]), {}, "itself"),
    ((LEFT,), {"unit": "word"}, "unknown unit"),
    ((LEFT,), {"threshold": 120}, "between 0 and 100"),
])
def test_bad_alignment_requests(ws: Workspace, args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        ws.align(*args, **kwargs)


def test_default_aligns_left_with_all_others_workspace_wide(tmp_path: Path) -> None:
    a = source_from_text("Tokayev asked the CSTO for help on 5 January.\n\nAlmaty airport was seized.",
                         name="a.txt")
    b = source_from_text("On 5 January Tokayev requested CSTO assistance.\n\nRain fell.", name="b.txt")
    c = source_from_text("The airport in Almaty was seized by crowds.", name="c.txt")
    with Workspace.create(tmp_path / "w.parallax", sources=[a, b, c]) as ws:
        report = ws.align("a", threshold=20)
        assert report.right_ids == ("b", "c") and report.proposed >= 2
        assert ws.corpus("paragraph") is ws.corpus("paragraph")  # cached while sources stay the same
        assert set(ws.corpus("paragraph").sources) == {"a", "b", "c"}
    with Workspace.create(tmp_path / "one.parallax", sources=[a]) as ws, \
            pytest.raises(SourceError, match="nothing to align"):
        ws.align("a")


def test_an_align_job_runs_in_a_worker_thread(ws: Workspace) -> None:
    job = ws.prepare_alignment(LEFT, ["kremlin-csto"], threshold=40)
    seen: list[tuple[int, int]] = []
    with ThreadPoolExecutor(1) as pool:
        alignment = pool.submit(job.run, lambda done, total: seen.append((done, total))).result()
    assert seen == [(1, 1)]
    report = ws.store_alignment(alignment)  # back on the workspace's own thread
    assert report.proposed == len(alignment.links) and report.settings.threshold == 40


def test_a_decision_survives_swapping_the_panes(ws) -> None:
    """pair_id does not depend on which source is on the left, so neither does a review."""
    pair = ws.pairs(right_id="kz-presidency")[0]
    ws.confirm(pair.pair_id, note="checked both ways")
    report = ws.align("kz-presidency", ["encyclopedia-overview"])
    assert report.new == 0 and report.confirmed >= 1
    again = ws.pair(pair.pair_id)
    assert (again.status, again.note) == ("confirmed", "checked both ways")
    assert len({p.pair_id for p in ws.pairs()}) == len(ws.pairs())
