"""Export: aligned pairs as records with citations, written as CSV, JSON, JSONL, XLSX or Markdown.

A record carries both passages with their `[start, end)` offsets, the score, the
evidence, the analyst's decision and both sources' citation fields; `quote_pair`
gives one pair as a Markdown quotation ready to paste into a report.
"""

from compare.export.writers import (
    CITATION_FIELDS,
    CORE_FIELDS,
    FIELDS,
    FORMATS,
    export,
    format_for,
    iter_records,
    make_record,
    make_records,
    markdown_report,
    quote_pair,
    read_records,
    render,
    render_chunks,
)

__all__ = ["CITATION_FIELDS", "CORE_FIELDS", "FIELDS", "FORMATS", "export", "format_for", "iter_records", "make_record",
           "make_records", "markdown_report", "quote_pair", "read_records", "render",
           "render_chunks"]
