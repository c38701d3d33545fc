"""Shared records and rules: what every layer of Parallax speaks.

Sources, blocks and passages (`records`), the one error users see (`errors`),
the rules several layers must agree on — limits, timeouts, ids, review statuses
and relations (`rules`) — and where files are found (`locations`). This package
imports nothing else of Parallax, so any layer may depend on it.
"""

from compare.model.errors import SourceError
from compare.model.records import (
    UNITS,
    Block,
    BlockKind,
    Passage,
    Reference,
    Review,
    Source,
    SourceMeta,
    Unit,
)

__all__ = ["UNITS", "Block", "BlockKind", "Passage", "Reference", "Review", "Source", "SourceError",
           "SourceMeta", "Unit"]
