"""Decoding: BOMs, UTF-8, legacy Russian code pages, Western pages, binary refusal."""

from __future__ import annotations

import codecs

import pytest

from compare.importers import SourceImportError, import_bytes
from compare.importers.encoding import decode_bytes, looks_binary, normalize_newlines

RUSSIAN = [
    "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.",
    "В начале было Слово, и Слово было у Бога, и Слово было Бог.",
    "Мама мыла раму.",
    "Привет",
    "Москва",
    "СРОЧНО! ВНИМАНИЕ ВСЕМ ЖИТЕЛЯМ",
    "ЁЛКА И ЩИ",
    "Глава 1\n\nЯ помню чудное мгновенье:\nПередо мной явилась ты,",
    "Report 2024: выручка выросла на 5%",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
]


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", RUSSIAN)
def test_russian_legacy_code_pages_decode_to_the_right_letters(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


def test_russian_text_with_typographic_quotes_in_cp1251() -> None:
    text = "Он сказал: «Завтра будет дождь» — и ушёл. №5"
    assert decode_bytes(text.encode("cp1251")) == text


def test_long_russian_file_via_import_bytes() -> None:
    text = ("Все смешалось в доме Облонских. Жена узнала, что муж был в связи с "
            "бывшею в их доме француженкою-гувернанткой.\n\n") * 200
    for codec in ("cp1251", "koi8_r"):
        doc = import_bytes(text.encode(codec), name="tolstoy.txt")
        assert doc.fmt == "text"
        assert doc.markdown.startswith("Все смешалось в доме Облонских.")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le café était très agréable, à côté de la forêt.", "cp1252"),
        ("Größe und Übermaß: schöne Grüße aus München.", "cp1252"),
        ("Señor, ¿dónde está la biblioteca?", "cp1252"),
        ("café", "cp1252"),
        ("Mañana será otro día.", "latin-1"),
        ("Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
        ("Η γρήγορη καφέ αλεπού πηδά πάνω από το τεμπέλικο σκυλί.", "cp1253"),
    ],
)
def test_other_legacy_texts_are_not_mistaken_for_russian(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks(codec: str) -> None:
    text = "Привет, мир — hello"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_bytes(data) == text


def test_utf16_with_bom_imports_as_text() -> None:
    doc = import_bytes("Первая строка\r\nвторая".encode("utf-16"), name="notes.txt")
    assert doc.markdown == "Первая строка\nвторая"


def test_utf16_without_bom_is_recognised() -> None:
    assert decode_bytes("Plain ASCII in UTF-16".encode("utf-16-le")) == "Plain ASCII in UTF-16"


def test_truncated_utf8_keeps_the_text() -> None:
    data = "Съешь же ещё этих мягких французских булок".encode()[:-1]
    text = decode_bytes(data)
    assert text.startswith("Съешь же ещё")
    assert text.endswith("\ufffd")


def test_declared_charset_is_used() -> None:
    text = "Ça coûte €5"
    assert decode_bytes(text.encode("cp1252"), declared="windows-1252") == text


def test_newlines_are_normalised_and_bom_stripped() -> None:
    assert normalize_newlines("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert decode_bytes(codecs.BOM_UTF8 + b"x\r\ny") == "x\ny"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary\x00", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"],
)
def test_binary_is_refused(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(SourceImportError, match=r"^blob: not a text file \(it looks binary\)$"):
        decode_bytes(data, name="blob")


def test_control_characters_count_as_binary() -> None:
    data = b"text" + b"\x01\x02\x03\x04\x05\x06" * 20
    with pytest.raises(SourceImportError, match="looks binary"):
        decode_bytes(data, name="x.txt")


def test_invalid_utf16_after_bom_is_refused() -> None:
    with pytest.raises(SourceImportError, match="not valid UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", name="x")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_russian_utf16_without_a_bom_is_text(codec: str) -> None:
    from compare.importers import import_bytes

    text = "Токаев обратился к ОДКБ 5 января. Протесты начались в Жанаозене.\n\n" * 5
    for name in ("ru.txt", "ru"):
        assert import_bytes(text.encode(codec), name=name).markdown.startswith("Токаев обратился")
