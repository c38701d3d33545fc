"""Adversarial run: fuzzed imports, named hostile inputs, damaged workspaces and exports, counted.

    python bench/hostile_inputs.py                 # 10,000 fuzzed inputs per importer + all cases
    python bench/hostile_inputs.py --n 500 --quick # a short run

Every input goes through the whole import path (bytes -> Markdown -> Source,
i.e. rendered and segmented), in a child process per importer with a memory
cap, and each input under a deadline.  The report counts inputs tried, clean
refusals (SourceError), crashes (any other exception), hangs (past the
deadline) and the peak memory of each child.  Named cases (the inputs the
issue lists: bombs, floods, deep nesting, long files) run one per child so
their time and peak memory are their own.  Nothing here is committed data:
every input is generated from a seed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEADLINE = 30.0  # seconds per input
MEMORY_CAP = 2_000_000_000  # bytes of address space per child; the target is 500 MB of RSS
IMPORTERS = ("text", "markdown", "html", "pdf", "docx")


# --- generated inputs ----------------------------------------------------------------------

PROSE = ["Tokayev asked the CSTO for help on 5 January.", "Protests began in Zhanaozen over gas prices.",
         "Токаев обратился к ОДКБ 5 января.", "The government resigned; a state of emergency followed.",
         "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "-5 people", "+7 727 000"]
TOKENS = ["*", "**", "_", "`", "[", "]", "(", ")", "![a](b)", "<p>", "</p>", "<em>", "<script>", "</script>",
          "<![i>", "<![CDATA[", "<!--", "-->", "<div>", "&amp;", "&#0;", "&#xD800;", "> ", "- ", "1. ", "    ",
          "\n", "\n\n", "# ", "---\n", "\x00", "\x1b[31m", "\u200b", "\ud800", "\t", "\r", "\x0b", "<table>",
          "<td>", "<tr>", "<li>", "<ul>", "<pre>", "<br>", "<title>", "<meta charset='koi8-r'>", "%PDF-", "PK"]
FRONT = ["date: 2022-02-30", "date: 2022-01-05 25:00:00", "date: 0000-01-01", "date: 2022-01-05T10:00:00+99:00",
         "title: " + "9" * 5000, "language: ../../x", "kind: digest", "references: 5", "id: ../x",
         "title: [a, [b]]", "x: " + "[" * 50, "title: &a x\nauthor: *a", "published: 2022-01-05"]


def _soup(rng: random.Random, size: int) -> str:
    parts = [rng.choice(TOKENS) if rng.random() < 0.6 else rng.choice(PROSE) for _ in range(rng.randint(1, size))]
    return "".join(parts)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    """A few random byte edits: flips, inserts, deletes, truncation, duplication."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        pos = rng.randrange(len(buf) + 1)
        if op < 0.35 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.6:
            buf[pos:pos] = rng.choice(TOKENS).encode("utf-8", "surrogatepass")
        elif op < 0.75 and buf:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op < 0.85:
            del buf[pos:]
        else:
            start = rng.randrange(len(buf) + 1)
            buf[pos:pos] = buf[start:start + rng.randint(1, 256)]
    return bytes(buf)


def gen_text(rng: random.Random) -> tuple[bytes, str]:
    text = "\n\n".join(rng.choice(PROSE) for _ in range(rng.randint(1, 12))) + _soup(rng, 10)
    codec = rng.choice(["utf-8", "utf-16-le", "utf-16", "cp1251", "koi8_r", "cp1252", "latin-1"])
    data = text.encode(codec, errors="replace") if codec != "utf-8" else text.encode("utf-8", "surrogatepass")
    return (_mutate(rng, data) if rng.random() < 0.5 else data), rng.choice(["a.txt", "noext", "a.text"])


def gen_markdown(rng: random.Random) -> tuple[bytes, str]:
    front = "\n".join(rng.sample(FRONT, rng.randint(0, 3)))
    body = "\n\n".join(_soup(rng, 30) for _ in range(rng.randint(1, 6)))
    text = (f"---\n{front}\n---\n" if rng.random() < 0.6 else "") + body
    data = text.encode("utf-8", "surrogatepass")
    return (_mutate(rng, data) if rng.random() < 0.3 else data), "a.md"


def gen_html(rng: random.Random) -> tuple[bytes, str]:
    body = "".join(f"<p>{_soup(rng, 12)}</p>" if rng.random() < 0.5 else _soup(rng, 12)
                   for _ in range(rng.randint(1, 10)))
    page = f"<html lang='{rng.choice(['en', 'ru', '', '../x'])}'><head><title>{_soup(rng, 4)}</title></head>" \
           f"<body>{body}</body></html>"
    data = page.encode("utf-8", "surrogatepass")
    return (_mutate(rng, data) if rng.random() < 0.3 else data), rng.choice(["a.html", "page"])


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(lines: list[str], glyphs: dict[str, str] | None = None) -> bytes:
    """A one-page Helvetica PDF; ``glyphs`` remaps characters to glyph names (uniD800 ...)."""
    encoding = "/WinAnsiEncoding"
    if glyphs:
        diffs = " ".join(f"{ord(ch)} /{glyph}" for ch, glyph in glyphs.items())
        encoding = f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{diffs}] >>"
    ops = ["BT /F1 12 Tf 14 TL 72 720 Td", *(f"{_pdf_string(line)} Tj T*" for line in lines), "ET"]
    stream = "\n".join(ops).encode("cp1252", errors="replace")
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               3: f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>".encode(),
               4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                  b"/Contents 5 0 R >>",
               5: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)}
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for oid in sorted(objects):
        offsets[oid] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (oid, objects[oid])
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offsets[o] for o in range(1, 6))
    out += f"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_GLYPHS = ["uniD800", "uniDFFF", "uni0000", "uni001B", "uni0007", "uni200B", "uniFFFE", "space", "A", ".notdef"]


def gen_pdf(rng: random.Random) -> tuple[bytes, str]:
    lines = [rng.choice(PROSE).encode("cp1252", "replace").decode("cp1252") for _ in range(rng.randint(1, 8))]
    glyphs = {ch: rng.choice(_GLYPHS) for ch in rng.sample("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh", rng.randint(0, 8))}
    data = make_pdf(lines, glyphs or None)
    return (_mutate(rng, data) if rng.random() < 0.5 else data), "a.pdf"


_DOCX_SEED: bytes | None = None


def _docx_seed() -> bytes:
    global _DOCX_SEED
    if _DOCX_SEED is None:
        import docx

        document = docx.Document()
        document.add_heading("Findings", level=1)
        for text in PROSE[:4]:
            document.add_paragraph(text)
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 1).text = "Region", "-50%"
        buffer = io.BytesIO()
        document.save(buffer)
        _DOCX_SEED = buffer.getvalue()
    return _DOCX_SEED


_DOCX_XML = ["<w:p/>", "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
             "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999\"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>",
             "<w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc>",
             "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>=cmd</w:t></w:r></w:p>",
             "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "&a;", "<w:r><w:t>\u0000</w:t></w:r>", "</w:body>", "<w:body>"]


def gen_docx(rng: random.Random) -> tuple[bytes, str]:
    source = zipfile.ZipFile(io.BytesIO(_docx_seed()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and rng.random() < 0.8:
                text = data.decode("utf-8")
                for _ in range(rng.randint(1, 4)):
                    at = text.find("</w:body>") if rng.random() < 0.7 else rng.randrange(len(text))
                    text = text[:at] + rng.choice(_DOCX_XML) * rng.randint(1, 50) + text[at:]
                data = text.encode("utf-8", "surrogatepass")
            archive.writestr(info.filename, data)
    data = buffer.getvalue()
    return (_mutate(rng, data) if rng.random() < 0.2 else data), "a.docx"


GENERATORS = {"text": gen_text, "markdown": gen_markdown, "html": gen_html, "pdf": gen_pdf, "docx": gen_docx}


# --- running one input -----------------------------------------------------------------------


class _Hang(BaseException):  # not an Exception: importers' broad handlers cannot swallow it
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Hang


def import_fully(data: bytes, name: str) -> object:
    """The CLI's whole import path for bytes: convert, then build (render, segment) the Source."""
    from compare.importers import import_bytes
    from compare.workspace import importing
    from compare.workspace.source_rows import row_for, sha256

    doc = importing._guarded(lambda: import_bytes(data, name=name))
    sha256(doc.markdown)  # what the workspace does first with an import (it hashes it)
    source = importing.to_source(importing.Incoming(doc, name, name), taken=set())
    row_for(source)  # and how it stores it
    return source


def _classify(action) -> tuple[str, str]:
    from compare.model.errors import SourceError

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, DEADLINE)
    try:
        action()
        return "ok", ""
    except _Hang:
        return "hang", ""
    except SourceError as exc:
        message = str(exc)
        return ("refused", "") if "\n" not in message and message else ("crash", f"bad message {message!r}")
    except BaseException as exc:  # counting them is the point
        return "crash", f"{type(exc).__name__}: {str(exc)[:120]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_fuzz(importer: str, n: int, seed: int, seconds: float) -> dict[str, object]:
    rng = random.Random(seed)
    counts = {"tried": 0, "ok": 0, "refused": 0, "crash": 0, "hang": 0}
    examples: list[str] = []
    slowest = 0.0
    stop = time.monotonic() + seconds
    for _ in range(n):
        if time.monotonic() > stop:
            break
        data, name = GENERATORS[importer](rng)
        started = time.monotonic()
        outcome, detail = _classify(lambda d=data, nm=name: import_fully(d, nm))
        slowest = max(slowest, time.monotonic() - started)
        counts["tried"] += 1
        counts[outcome] += 1
        if detail and len(examples) < 5:
            examples.append(detail)
    return {**counts, "slowest_s": round(slowest, 2), "peak_mb": round(_peak_mb()), "examples": examples}


# --- named cases -------------------------------------------------------------------------------


def _deep_docx(padding: bytes, times: int = 1) -> bytes:
    """A DOCX with ``padding * times`` before </w:body>, streamed so that making a
    480 MB member does not itself take 480 MB (the child's peak is the importer's)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Ordinary text.")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</w:body>", 1)
            entry = zipfile.ZipInfo(info.filename)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w", force_zip64=True) as member:
                member.write(head)
                chunk = padding * max(1, 1_000_000 // len(padding))
                left = times
                while left > 0:
                    count = min(left, len(chunk) // len(padding))
                    member.write(chunk[:count * len(padding)])
                    left -= count
                member.write(b"</w:body>" + tail)
    return out.getvalue()


def _paragraphs(count: int) -> bytes:
    return "\n\n".join(f"Paragraph {n} tells of the events of January in its own words."
                       for n in range(count)).encode()


def named_case(name: str) -> tuple[bytes, str]:
    """The inputs the issue names, generated."""
    if name == "docx-bomb-480MB":
        return _deep_docx(b"<w:p/>", 80_000_000), "bomb.docx"
    if name == "docx-huge-span":
        span = b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
        return _deep_docx(span, 50), "span.docx"
    if name == "docx-many-paragraphs":  # a real (if long) document: 100,000 varied paragraphs
        rng = random.Random(3)
        words = "the of protest gas price Tokayev Almaty CSTO troops January city government said".split()
        body = b"".join(f"<w:p><w:r><w:t>{' '.join(rng.choices(words, k=12))} {n}.</w:t></w:r></w:p>".encode()
                        for n in range(100_000))
        return _deep_docx(body), "many.docx"
    if name == "pdf-lone-surrogates":
        return make_pdf(["Hello A world B.", "Nul C esc D."], {"A": "uniD800", "B": "uniDFFF", "C": "uni0000",
                                                               "D": "uni001B"}), "identity.pdf"
    if name == "md-nested-1000":
        return "".join("    " * i + "- x\n" for i in range(1000)).encode(), "deep.md"
    if name == "md-100k-brackets":
        return b"[" * 100_000, "brackets.md"
    if name == "md-20MB-no-spaces":
        return b"a" * 20_000_000, "long.md"
    if name == "txt-50MB-one-line":
        return b"word" * 12_000_000, "line.txt"
    if name.startswith("txt-paragraphs-"):
        return _paragraphs(int(name.rsplit("-", 1)[1])), "many.txt"
    if name.startswith("front-"):
        front = {"front-date": "date: 2022-02-30", "front-hour": "published: 2022-01-05 25:00:00",
                 "front-offset": "date: 2022-01-05T10:00:00+99:00", "front-year0": "date: 0000-01-01",
                 "front-digits": "title: " + "9" * 5000, "front-deep": "x: " + "[" * 5000 + "]" * 5000,
                 "front-language": 'language: "../../x"', "front-title-10MB": "title: " + "t" * 10_000_000}[name]
        return f"---\n{front}\n---\nBody text.\n".encode(), "typo.md"
    if name == "zero-width-space":
        return "\u200b".encode(), "zw.txt"
    if name == "utf16-russian-no-bom":
        return ("Токаев обратился к ОДКБ 5 января. " * 20).encode("utf-16-le"), "ru.txt"
    if name == "render-crashers":
        return b"**<p></p>*\n\n<script></script><![i>", "crash.md"
    raise KeyError(name)


NAMED = ["pdf-lone-surrogates", "docx-bomb-480MB", "docx-huge-span", "docx-many-paragraphs", "md-nested-1000",
         "md-100k-brackets", "md-20MB-no-spaces", "txt-50MB-one-line", "txt-paragraphs-12500",
         "txt-paragraphs-25000", "txt-paragraphs-50000", "txt-paragraphs-100000", "front-date", "front-hour",
         "front-offset", "front-year0", "front-digits", "front-deep", "front-language", "front-title-10MB",
         "zero-width-space", "utf16-russian-no-bom", "render-crashers"]
QUICK_SKIP = {"docx-bomb-480MB", "txt-50MB-one-line", "md-20MB-no-spaces", "txt-paragraphs-100000"}


def child_named(name: str) -> dict[str, object]:
    data, file_name = named_case(name)
    started = time.monotonic()
    outcome, detail = _classify(lambda: import_fully(data, file_name))
    return {"outcome": outcome, "detail": detail, "seconds": round(time.monotonic() - started, 2),
            "size_mb": round(len(data) / 1e6, 2), "peak_mb": round(_peak_mb())}


# --- damaged workspaces and exports (in the parent: no hostile parsing) ------------------------

DAMAGE = {
    "meta-invalid-utf8": "UPDATE sources SET meta = CAST(X'7BFF7D' AS TEXT) WHERE rowid = 2",
    "meta-broken-json": "UPDATE sources SET meta = '{\"title\": ' WHERE rowid = 2",
    "meta-wrong-shape": "UPDATE sources SET meta = '[1]' WHERE rowid = 2",
    "raw-invalid-utf8": "UPDATE sources SET raw = CAST(X'C328' AS TEXT) WHERE rowid = 2",
    "raw-blob": "UPDATE sources SET raw = X'00FF' WHERE rowid = 2",
    "evidence-broken-json": "UPDATE links SET evidence = '{' WHERE rowid = (SELECT MIN(rowid) FROM links)",
    "evidence-wrong-types": "UPDATE links SET evidence = '{\"left_span\": [\"x\"]}' WHERE rowid = "
                            "(SELECT MIN(rowid) FROM links)",
    "link-past-text": "UPDATE links SET right_end = right_end + 9999999 WHERE rowid = (SELECT MIN(rowid) FROM links)",
    "note-invalid-utf8": "UPDATE reviews SET note = CAST(X'FF' AS TEXT)",
    "undo-broken-json": "UPDATE actions SET changes = '[{'",
    "undo-wrong-shape": "UPDATE actions SET changes = '[{\"pair_id\": \"x\", \"before\": 1}]'",
    "undo-source-ids": "UPDATE actions SET source_ids = '{'",
}


def run_workspaces(folder: Path) -> dict[str, object]:
    import hashlib
    import shutil

    from compare.cli.commands import run
    from compare.workspace import Workspace

    template = folder / "template.parallax"
    with Workspace.create(template) as ws:
        ws.align("encyclopedia-overview", ["kremlin-csto"])
        pair = ws.pairs()[0].pair_id
        ws.confirm(pair, note="kept")
    counts = {"cases": 0, "refused": 0, "accepted": 0, "crash": 0, "changed_bytes": 0, "lost_actions": 0}
    examples = []
    for name, sql in DAMAGE.items():
        path = folder / f"{name}.parallax"
        shutil.copyfile(template, path)
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(sql)
        conn.close()
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        counts["cases"] += 1
        codes = []
        for command in (["list"], ["list", "pairs"], ["export", str(folder / "x.csv")], ["undo"],
                        ["review", pair, "reject"]):
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    codes.append(run(["workspace", str(path), *command]))
            except BaseException as exc:
                codes.append(-1)
                examples.append(f"{name} {command[0]}: {type(exc).__name__}")
        if -1 in codes:
            counts["crash"] += 1
        elif all(code == 2 for code in codes):
            counts["refused"] += 1
        else:
            counts["accepted"] += 1
        if hashlib.sha256(path.read_bytes()).hexdigest() != before:
            counts["changed_bytes"] += 1
        check = sqlite3.connect(path)
        with contextlib.suppress(sqlite3.Error):
            counts["lost_actions"] += int(check.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
                                          and "note" not in name)
        check.close()
    return {**counts, "examples": examples[:5]}


def run_exports(folder: Path) -> dict[str, object]:
    from openpyxl import load_workbook

    from compare.engine.align import align
    from compare.export import FIELDS, export, make_records, read_records
    from compare.model.errors import SourceError
    from compare.text.sources import bundled_sources

    sources = {s.id: s for s in bundled_sources()}
    links = align(sources["diplomat-color-revolution"], [sources["kz-presidency"]], threshold=20).links[:3]
    base = make_records(links, sources)
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "'=x",
               "bell\x07 vt\x0b esc\x1b nul\x00", "line\r\nbreak"]
    counts = {"files": 0, "formulas": 0, "crash": 0, "round_trip_errors": 0}
    for n, text in enumerate(hostile):
        records = [dict(r, note=text, left_text=text, right_title=text) for r in base]
        for ext in (".csv", ".xlsx"):
            target = folder / f"out{n}{ext}"
            counts["files"] += 1
            try:
                export(records, target)
            except (SourceError, Exception):
                counts["crash"] += 1
                continue
            if ext == ".csv":
                with open(target, encoding="utf-8", newline="") as handle:
                    cells = [c for row in csv.reader(handle) for c in row]
                counts["formulas"] += sum(1 for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                                          and not c.lstrip("-").replace(".", "").isdigit())
                try:
                    back = read_records(target)
                except Exception:  # a row split by a bare CR cannot even be read back
                    counts["round_trip_errors"] += len(records)
                    continue
                counts["round_trip_errors"] += sum(1 for r in back if r["note"] != text) + abs(len(back) - len(records))
            else:
                sheet = load_workbook(target).active
                counts["formulas"] += sum(1 for row in sheet.iter_rows() for c in row if c.data_type == "f")
    del FIELDS
    return counts


# --- driver ----------------------------------------------------------------------------------


def _child(argv: list[str], timeout: float) -> dict[str, object]:
    try:
        done = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"outcome": "hang", "detail": f"child past {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": "crash", "detail": f"child exit {done.returncode}: {last[:160]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="fuzzed inputs per importer (default 10,000)")
    parser.add_argument("--seconds", type=float, default=900, help="time cap per importer (default 900 s)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="skip the largest named cases")
    parser.add_argument("--only", choices=("fuzz", "named", "workspaces", "exports"), action="append")
    parser.add_argument("--case", action="append", choices=NAMED, help="run only these named cases")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        kind, *rest = args.child
        result = child_fuzz(rest[0], int(rest[1]), int(rest[2]), float(rest[3])) if kind == "fuzz" \
            else child_named(rest[0])
        print(json.dumps(result))
        return 0

    sections = set(args.only or ("fuzz", "named", "workspaces", "exports"))
    totals = {"tried": 0, "refused": 0, "crash": 0, "hang": 0}
    if "fuzz" in sections:
        print(f"fuzzed imports ({args.n} per importer, deadline {DEADLINE:g} s each)")
        for offset, importer in enumerate(IMPORTERS):
            r = _child(["fuzz", importer, str(args.n), str(args.seed + offset), str(args.seconds)],
                       args.seconds + 120)
            if "tried" not in r:
                print(f"  {importer:9} child failed: {r}")
                totals["crash"] += 1
                continue
            for key in totals:
                totals[key] += int(r[key])  # type: ignore[call-overload]
            print(f"  {importer:9} tried {r['tried']:6}  ok {r['ok']:6}  refused {r['refused']:6}  "
                  f"crashes {r['crash']:3}  hangs {r['hang']:2}  slowest {r['slowest_s']:6} s  "
                  f"peak {r['peak_mb']:5} MB")
            for example in r["examples"]:  # type: ignore[union-attr]
                print(f"      e.g. {example}")
    if "named" in sections:
        print("named hostile inputs (one child each)")
        for name in NAMED:
            if (args.quick and name in QUICK_SKIP) or (args.case and name not in args.case):
                continue
            r = _child(["named", name], 300)
            outcome = str(r.get("outcome"))
            totals["tried"] += 1
            if outcome in totals:
                totals[outcome] += 1
            print(f"  {name:24} {outcome:8} {r.get('seconds', '-'):>7} s  peak {r.get('peak_mb', '-'):>5} MB  "
                  f"input {r.get('size_mb', '-')} MB  {str(r.get('detail', ''))[:90]}")
    with tempfile.TemporaryDirectory() as tmp:
        if "workspaces" in sections:
            w = run_workspaces(Path(tmp))
            print(f"damaged workspaces: {w['cases']} cases, refused cleanly {w['refused']}, accepted "
                  f"{w['accepted']}, crashes {w['crash']}, files changed {w['changed_bytes']}, "
                  f"lost actions {w['lost_actions']}")
            for example in w["examples"]:  # type: ignore[union-attr]
                print(f"      e.g. {example}")
        if "exports" in sections:
            e = run_exports(Path(tmp))
            print(f"exports: {e['files']} files, formulas {e['formulas']}, crashes {e['crash']}, "
                  f"round-trip errors {e['round_trip_errors']}")
    print(f"TOTAL: tried {totals['tried']}, clean refusals {totals['refused']}, crashes {totals['crash']}, "
          f"hangs {totals['hang']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
