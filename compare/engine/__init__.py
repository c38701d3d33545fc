"""The alignment engine: which passages of two accounts tell the same event or claim.

Names, places, dates and figures are recognised however they are spelled
(`anchors`, `lexicon`); each sentence becomes a bag of weighted features
(`features`, `corpus`); every pair of passages is scored in one vectorised call
(`scoring`); `align` keeps the links worth showing, with their evidence. Pure
Python and NumPy, no Qt: the CLI, the workspace and the app all call `align`.
"""

from compare.engine.align import (
    DEFAULT_THRESHOLD,
    ENGINE_VERSION,
    Alignment,
    AlignmentCancelled,
    AlignSettings,
    CancelFn,
    Evidence,
    Link,
    ProgressFn,
    align,
)
from compare.engine.corpus import Corpus
from compare.engine.lexicon import AliasTable, load_table
from compare.engine.scoring import CANDIDATE_FLOOR

__all__ = ["CANDIDATE_FLOOR", "DEFAULT_THRESHOLD", "ENGINE_VERSION", "AliasTable",
           "AlignSettings", "Alignment", "AlignmentCancelled", "CancelFn", "Corpus", "Evidence", "Link",
           "ProgressFn", "align", "load_table"]
