"""Parallax core: sources, segmentation, alignment, export. Imports no Qt.

The GUI in `compare.gui` is a client of this package like the CLI is.
"""

from compare.model.errors import SourceError
from compare.model.records import Block, Passage, Reference, Source, SourceMeta, Unit
from compare.text.sources import bundled_sources, load_source, resolve_source, source_from_text

__version__ = "0.1.0"
__all__ = [
           "Block",
           "Passage",
           "Reference",
           "Source",
           "SourceError",
           "SourceMeta",
           "Unit",
           "__version__",
           "bundled_sources",
           "load_source",
           "resolve_source",
           "source_from_text",
]
