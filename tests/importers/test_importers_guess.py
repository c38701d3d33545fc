"""Issue 12, defect 6: a document without metadata still gets its language and its title."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compare.importers.guess import guess_language, guess_title
from compare.workspace import Workspace

RUSSIAN = ("Январские события в Казахстане\n\nВечером 5 января 2022 года президент Токаев обратился "
           "к ОДКБ с просьбой о помощи, и уже на следующий день первые подразделения вылетели.\n")


def test_a_cp1251_russian_text_file_is_russian_and_titled_by_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "kz_notes_final.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    with Workspace.create(tmp_path / "w.parallax", []) as ws:
        source = ws.import_file(path)
    assert source.meta.language == "ru"
    assert source.meta.title == "Январские события в Казахстане"


def test_guesses():
    assert guess_language("Қаңтар оқиғалары: Алматыдағы наразылық және төтенше жағдай енгізу") == "kk"
    assert guess_language("On the evening of 5 January the president asked the CSTO for help.") == "en"
    assert guess_language("12 34 56") is None
    assert guess_title("# The request\n\nText.") == "The request"
    assert guess_title("\n\nOn the evening of 5 January, after a long day, the city was quiet.\n") is None
    assert guess_title("**Bold title**\n\nBody.") == "Bold title"


@given(st.text(alphabet="абвгдежзиклмнопрстуфхцчшщэюя ", min_size=40))
def test_russian_letters_are_russian(text):
    if sum(c.isalpha() for c in text) >= 20:
        assert guess_language(text) == "ru"
