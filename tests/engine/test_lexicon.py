"""Alias table: variants in both scripts and inflected forms meet in one feature."""

import pytest

from compare.engine.features import extract
from compare.engine.lexicon import build_table, load_table, parse_table
from compare.model.errors import SourceError


@pytest.mark.parametrize(("a", "b", "key"), [
    ("Tokayev said", "Tokaev said", "E:tokayev"),
    ("Токаева", "President Tokayev", "E:tokayev"),
    ("in Zhanaozen", "в Жанаозене", "E:zhanaozen"),
    ("Janaozen", "Zhanaozen", "E:zhanaozen"),
    ("Nur-Sultan", "Astana", "E:astana"),
    ("the CSTO", "ОДКБ", "E:csto"),
    ("КНБ", "the National Security Committee", "E:nsc"),
    ("Alma-Ata", "Алматы", "E:almaty"),
    ("the mayor's office was burned", "the akimat", "C:akimat"),
    ("the government stepped down", "resignation of the cabinet", "C:government resignation"),
])
def test_variants_share_a_feature(a: str, b: str, key: str) -> None:
    table = load_table()
    assert key in extract(a, table)
    assert key in extract(b, table)


def test_stop_words_and_short_tokens_carry_nothing() -> None:
    feats = extract("It was on the of and a", load_table())
    assert feats == {}


def test_surface_form_is_kept() -> None:
    feats = extract("President Tokaev spoke", load_table())
    assert feats["E:tokayev"] == "Tokaev"


def test_bad_table_line_names_the_line() -> None:
    with pytest.raises(SourceError, match="line 2"):
        parse_table("# ok\nperson Tokayev no tabs\n")


def test_user_entries_extend_the_table() -> None:
    table = build_table(parse_table("place\tSemey\tSemipalatinsk|Семей\n"))
    assert "E:semey" in extract("Semipalatinsk", table)


def test_the_users_own_table_is_read_from_the_data_folder(tmp_path, monkeypatch) -> None:
    (tmp_path / "aliases.tsv").write_text("place\tSemey\tSemipalatinsk|Семей\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    assert "E:semey" in extract("Семей", load_table())
    assert "E:tokayev" in extract("Tokaev", load_table())


def test_a_quoted_variant_is_matched_as_written_not_stemmed() -> None:
    table = build_table(parse_table('term\tprice doubling\t"doubled"|"doubling"\nterm\tgangs\t"criminals"\n'))
    assert "C:price doubling" in extract("Gas prices doubled overnight", table)
    assert "C:price doubling" in extract("the doubling of tariffs", table)
    assert "C:price doubling" not in extract("a double standard", table)
    assert "C:gangs" in extract("Criminals looted shops", table)
    assert "C:gangs" not in extract("a criminal case was opened", table)
