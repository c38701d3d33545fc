"""Properties of loading: any text either becomes a source with exact offsets or a SourceError."""

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.model.errors import SourceError
from compare.text.sources import source_from_text

FRONT = st.sampled_from(["", "---\n", "---\ntitle: x\n---\n", "---\nid: [\n---\n", "---\n- a\n---\n",
                         "---\nkind: digest\n---\n", "---\ntitle: {a: b}\n---\n", "\ufeff---\nid: ok\n---\n",
                         "---\nreferences: 3\n---\n", "---\nid: 'bad id!'\n---\n"])
BODY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=300, deadline=None)
@given(front=FRONT, body=BODY, name=st.sampled_from(["a.md", "a.txt", "a"]))
def test_loading_succeeds_or_says_why(front: str, body: str, name: str) -> None:
    try:
        source = source_from_text(front + body, name=name)
    except SourceError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for p in (*source.paragraphs, *source.sentences):
        assert source.text[p.start:p.end] == p.text
    assert source.meta.id and source.meta.title
