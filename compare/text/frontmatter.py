"""YAML front matter: split it from the body and validate it into SourceMeta.

Front matter is written by hand, so every problem is reported with the field
name and what was expected rather than a parser traceback.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from compare.model.lazy import lazy_import

if TYPE_CHECKING:
    import yaml
else:  # imported at the first front matter read: a warm run, which reads none, never imports PyYAML
    yaml = lazy_import("yaml")

from compare.model.errors import SourceError
from compare.model.records import Reference, SourceMeta

_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TEXT_FIELDS = ("title", "author", "outlet", "published", "url", "language", "kind", "note",
                "license", "provenance")
# A language tag (BCP 47 shape); the value also names stemmers and lexicon
# files, so anything path-like must never get through.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*")
# Metadata is shown in titles, lists and citations; megabytes of it is a mistake.
MAX_FIELD_LENGTH = {"title": 1_000, "author": 1_000, "outlet": 1_000, "url": 4_000, "*": 20_000}
KNOWN_FIELDS = frozenset((*_TEXT_FIELDS, "id", "authors", "references", "date"))


_MAX_NUMBER_DIGITS = 100  # longer "numbers" are kept as the text they are


@cache
def _loader() -> type[yaml.SafeLoader]:
    """The loader, made at the first front matter read: a run that reads every source from the
    cache folder (a warm command-line run) never imports PyYAML (10 ms of its start).

    libyaml's parser when PyYAML was built with it: the pure-Python one took most of the time of
    creating a workspace (issue 14); both build the same values through SafeLoader's constructors.
    """
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type, misc]
        """SafeLoader whose scalars cannot raise anything but a YAML error.

        PyYAML's own constructors raise ValueError for an impossible date
        (2022-02-30, hour 25, offset +99:00, year 0) and for an integer past
        Python's digit limit; here the first is a located YAML error and the
        second stays text.
        """

        def construct_yaml_timestamp(self, node: yaml.Node) -> object:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                raise yaml.constructor.ConstructorError(
                    None, None, f"impossible date or time {str(node.value)[:40]!r}", node.start_mark) from None

        def construct_yaml_int(self, node: yaml.Node) -> object:
            if len(str(node.value)) > _MAX_NUMBER_DIGITS:
                return str(node.value)
            return super().construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    return Loader


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """Return (front matter or None, body, offset of the body in `text`).

    Raises SourceError when a front matter fence is present but its YAML is broken,
    because silently treating it as body text would hide the author's mistake.
    """
    match = _FENCE.match(text)
    if not match:
        if text.lstrip("\ufeff").startswith("---\n") or text.lstrip("\ufeff").startswith("---\r\n"):
            raise SourceError("front matter starts with '---' but has no closing '---' line")
        return None, text, 0
    try:
        data = yaml.load(match.group(1), Loader=_loader())  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise SourceError(f"broken front matter{where}: {problem}") from None
    except RecursionError:
        raise SourceError("broken front matter: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # any other constructor's complaint
        raise SourceError(f"broken front matter: {' '.join(str(exc).split())[:80]}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError("front matter must be a mapping of 'field: value' lines")
    return data, text[match.end():], match.end()


def _as_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(v.strip() for v in value)
    raise SourceError(f"front matter field '{name}' must be text, not {type(value).__name__}")


def _references(value: Any) -> tuple[Reference, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SourceError("front matter field 'references' must be a list")
    refs = []
    for n, item in enumerate(value, 1):
        if isinstance(item, str):
            refs.append(Reference(title=item.strip()))
            continue
        if not isinstance(item, dict) or not item.get("title"):
            raise SourceError(f"reference {n} needs at least a 'title'")
        refs.append(Reference(**{k: _as_text(f"references[{n}].{k}", item.get(k))
                                 for k in ("title", "outlet", "date", "url")}))
    return tuple(refs)


def meta_from_mapping(data: dict[str, Any], *, default_id: str, default_title: str) -> SourceMeta:
    """Validate a front matter mapping; fill id and title from the file name if absent."""
    values = {name: _as_text(name, data.get(name)) for name in _TEXT_FIELDS}
    if not values["author"] and data.get("authors") is not None:
        values["author"] = _as_text("authors", data.get("authors"))
    if not values["published"] and data.get("date") is not None:
        values["published"] = _as_text("date", data.get("date"))
    source_id = _as_text("id", data.get("id")) or default_id
    if not _ID_OK.match(source_id):
        raise SourceError(f"front matter 'id' {source_id!r} may use only letters, digits, '.', '_' and '-'")
    values["title"] = values["title"] or default_title
    values["language"] = (values["language"] or "en").lower()
    if not _LANGUAGE.fullmatch(values["language"]):
        raise SourceError(f"front matter 'language' must be a language code such as en or ru-RU, "
                          f"not {values['language'][:40]!r}")
    for name, value in values.items():
        limit = MAX_FIELD_LENGTH.get(name, MAX_FIELD_LENGTH["*"])
        if len(value) > limit:
            raise SourceError(f"front matter field '{name}' is too long ({len(value):,} characters; "
                              f"the limit is {limit:,})")
    values["kind"] = (values["kind"] or "article").lower()
    references = _references(data.get("references"))
    if values["kind"] == "digest" and not references:
        raise SourceError("a digest must list the documents it draws on under 'references'")
    return SourceMeta(id=source_id, references=references, **values)
