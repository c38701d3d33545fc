"""JSON for the structured values stored in text columns: metadata, evidence, settings.

Stored as JSON (not pickles) so a workspace stays readable by any SQLite
tool and by later versions of Parallax.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from compare.engine.align import AlignSettings, Evidence
from compare.model.errors import SourceError
from compare.model.records import Reference, SourceMeta
from compare.text.frontmatter import meta_from_mapping

META_FIELDS = tuple(f.name for f in fields(SourceMeta))
EDITABLE_FIELDS = frozenset(META_FIELDS) - {"id"}


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def meta_to_json(meta: SourceMeta) -> str:
    return dumps(asdict(meta))


def meta_from_json(text: str) -> SourceMeta:
    data: dict[str, Any] = json.loads(text)
    refs = tuple(Reference(**ref) for ref in data.pop("references", ()))
    known = {k: v for k, v in data.items() if k in META_FIELDS}
    return SourceMeta(**known, references=refs)


def checked_meta(data: dict[str, Any]) -> SourceMeta:
    """Validate metadata with the same rules as front matter (id, kind, digest references)."""
    mapping = dict(data)
    refs = mapping.get("references") or ()
    mapping["references"] = [asdict(r) if isinstance(r, Reference) else r for r in refs] or None
    return meta_from_mapping(mapping, default_id=str(mapping.get("id") or "source"),
                             default_title=str(mapping.get("title") or mapping.get("id") or "Untitled"))


def evidence_to_json(evidence: Evidence) -> str:
    return dumps({"anchors": list(evidence.anchors), "terms": list(evidence.terms),
                  "left_span": list(evidence.left_span), "right_span": list(evidence.right_span),
                  "left_figures": list(evidence.left_figures), "right_figures": list(evidence.right_figures),
                  "meaning": evidence.meaning})


def evidence_from_json(text: str) -> Evidence:
    data = json.loads(text or "{}")
    left = data.get("left_span") or (0, 0)
    right = data.get("right_span") or (0, 0)
    return Evidence(tuple(data.get("anchors", ())), tuple(data.get("terms", ())),
                    (int(left[0]), int(left[1])), (int(right[0]), int(right[1])),
                    tuple(data.get("left_figures", ())), tuple(data.get("right_figures", ())),
                    float(data.get("meaning", 0.0)))


def settings_to_json(settings: AlignSettings) -> str:
    return dumps(asdict(settings))


def settings_from_json(text: str) -> AlignSettings | None:
    data = json.loads(text or "{}")
    if not data:
        return None
    try:
        return AlignSettings(**{k: v for k, v in data.items()
                                if k in {f.name for f in fields(AlignSettings)}})
    except TypeError as exc:  # pragma: no cover - only for hand-edited files
        raise SourceError(f"unreadable alignment settings ({exc})") from None
