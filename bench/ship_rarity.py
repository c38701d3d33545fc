"""Rate every word of the bundled sources once and ship the values: resources/bundled-rarity.json.

The engine weighs a word by how rare it is in everyday language (wordfreq), and
loading wordfreq's lists costs most of a second, which the app's first start
spent before it could show links (issue 14). With the bundled words rated
ahead, the bundled case aligns without loading them. Run after changing a
bundled source or upgrading wordfreq; a test fails when the shipped values no
longer cover the bundled sources (values of another wordfreq release are not read).

    python bench/ship_rarity.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compare.engine.extraction import bundled_words
from compare.model.locations import resource
from compare.text.normalize import SHIPPED_RARITY, general_rarity, wordfreq_version


def main() -> None:
    words = bundled_words()
    target = Path(str(resource(SHIPPED_RARITY)))
    data = {"wordfreq": wordfreq_version(), "rarity": {w: general_rarity(w) for w in sorted(words)}}
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} rarities (wordfreq {data['wordfreq']}) to {target} "
          f"({target.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
