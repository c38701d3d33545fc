"""Text handling: from a Markdown or plain-text file to a Source with exact offsets.

Front matter is read and checked (`frontmatter`), the body is rendered to one
canonical plain text with its blocks (`render`), cut into sentences (`segment`)
and assembled into a Source (`sources`); `normalize` holds the tokens, stems and
word rarity the engine reads. Every offset is `[start, end)` into the canonical
text, so `source.text[p.start:p.end] == p.text` for every passage. No Qt.
"""

from compare.text.frontmatter import meta_from_mapping, split_front_matter
from compare.text.render import render_markdown, render_plain
from compare.text.segment import sentence_spans
from compare.text.sources import (
    MARKDOWN_EXTENSIONS,
    TEXT_EXTENSIONS,
    build_source,
    bundled_sources,
    load_source,
    read_text_file,
    resolve_source,
    source_from_text,
)

__all__ = ["MARKDOWN_EXTENSIONS", "TEXT_EXTENSIONS", "build_source", "bundled_sources", "load_source",
           "meta_from_mapping", "read_text_file", "render_markdown", "render_plain", "resolve_source",
           "sentence_spans", "source_from_text", "split_front_matter"]
