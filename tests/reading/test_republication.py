"""Republished copies are one witness, not corroboration."""

from __future__ import annotations

from compare.reading.republication import shared_share, witnesses
from compare.reading.synopsis import Edge, build_synopsis
from compare.text.sources import bundled_sources, source_from_text

STORY = ("Security forces cleared the square in the early hours after a night of clashes, officials said. "
         "Witnesses described gunfire near the city hall and at least a dozen vehicles burned on the avenue. "
         "The interior ministry said order had been restored and that an investigation was under way.")


def test_a_republished_copy_is_recognised_and_the_earliest_is_the_witness() -> None:
    wire = source_from_text(f"---\nid: wire\npublished: 2022-01-06\n---\n{STORY}", name="w.md")
    copy = source_from_text(f"---\nid: paper\npublished: 2022-01-07\n---\nBy our correspondent.\n\n{STORY}",
                            name="p.md")
    other = source_from_text("---\nid: other\n---\nThe square was cleared by police before dawn; clashes "
                             "had gone on all night and cars were set alight.", name="o.md")
    assert shared_share(wire.text, copy.text) > 0.9
    assert witnesses([copy, wire, other]) == {"paper": "wire", "wire": "wire", "other": "other"}
    edges = [Edge(wire.paragraphs[0], copy.paragraphs[1], 95), Edge(wire.paragraphs[0], other.paragraphs[0], 70)]
    syn = build_synopsis([wire, copy, other], edges)
    event = next(e for e in syn.events if len(e.told_by) == 3)
    assert syn.column("paper").copy_of == "wire" and syn.column("wire").copy_of == ""
    assert syn.independent(event) == ("wire", "other")


def test_the_bundled_accounts_are_each_their_own_witness() -> None:
    sources = bundled_sources()
    assert all(w == sid for sid, w in witnesses(sources).items())
