"""Building the index fast changes nothing in it: the one-pass field tokens equal their definition, the rows
retokenising writes (COPY on PostgreSQL) equal the documents computed from the cases, both build paths find
the same cases, and a rebuild streams the stored documents on PostgreSQL."""

import pytest
import tantivy
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from reforms.models import Reform
from search import index as local_index
from search import indexing
from search.documents import _regions, body_without, case_records, field_texts
from search.engine import SearchParams, search
from search.models import SearchDocument
from search.tokens import bigram_stream, field_tokens, run_ends, title_words

pytestmark = pytest.mark.django_db

QUERIES = ["营商环境", "不动产 登记", "營商環境觀察員", '"带押过户"', "税", "12345热线", "应急局"]


def the_definition(text: str) -> list[str]:
    return run_ends(text) + bigram_stream(text)


@given(st.text(alphabet="税务局一手房带押过户ab12 ,。\n𠀀À", max_size=40))
def test_field_tokens_are_the_run_ends_then_the_bigram_stream(text):
    assert field_tokens(text) == the_definition(text)


def test_field_tokens_of_every_stored_text_are_the_definitions():
    for row in SearchDocument.objects.values_list("title", "labels", "main", "body"):
        for text in row:
            assert field_tokens(text) == the_definition(text)


def test_retokenised_rows_are_the_documents_computed_from_the_cases():
    indexing.rebuild(retokenize=True)
    records, regions = case_records(list(Reform.objects.values_list("pk", flat=True))), _regions()
    stored = {d.reform_id: d for d in SearchDocument.objects.all()}
    assert set(stored) == {r.pk for r in records}
    for record in records:
        texts, document = field_texts(record, regions), stored[record.pk]
        assert (document.title, document.labels, document.main, document.body) == (texts.title, texts.labels, texts.main, texts.body)
        assert document.title_words == " ".join(title_words(texts.title))
        assert document.reform_updated_at == record.updated_at


def test_a_rebuild_from_stored_documents_finds_what_retokenising_found():
    indexing.rebuild(retokenize=True)
    retokenised = [search(SearchParams(q=q), with_facets=False).ids for q in QUERIES]
    indexing.rebuild()
    assert [search(SearchParams(q=q), with_facets=False).ids for q in QUERIES] == retokenised
    assert all(retokenised)


def test_the_index_holds_the_tokens_of_the_definition(tmp_path):
    """An index written from the stored rows with the definitions, term by term like the real one."""
    indexing.rebuild()
    reference = tantivy.Index(local_index.SCHEMA, path=str(tmp_path))
    writer = reference.writer(heap_size=15_000_000, num_threads=1)
    rows = list(local_index._stored_documents())
    for pk, title, labels, main, body, words in rows:
        writer.add_document(tantivy.Document(
            id=pk, title=" ".join(words.split() + the_definition(title)), labels=" ".join(the_definition(labels)),
            main=" ".join(the_definition(main)), body=" ".join(the_definition(body_without(main, body)))))
    writer.commit()
    reference.reload()
    built = local_index.open_index(local_index.current_generation()).searcher()
    expected = reference.searcher()
    assert built.num_docs == expected.num_docs == len(rows)
    for _pk, *texts in rows[::7]:
        for name in local_index.TEXT_FIELDS:
            for token in set(" ".join(texts).split()) | set(the_definition(" ".join(texts))):
                assert built.doc_freq(name, token) == expected.doc_freq(name, token), (name, token)


def test_a_rebuild_streams_the_stored_documents_through_a_chunked_cursor(monkeypatch):
    """The rows stream in batches: through Django's chunked cursor on every database, which on PostgreSQL
    is a server-side cursor (open while the documents are converted)."""
    chunked, open_cursors = [], []
    make_chunked = connection.chunked_cursor
    convert = local_index.as_tantivy_document

    def recording_chunked():
        chunked.append(True)
        return make_chunked()

    def counting(row):
        if not open_cursors and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_cursors")
                open_cursors.append(cursor.fetchone()[0])
        return convert(row)

    monkeypatch.setattr(connection, "chunked_cursor", recording_chunked)
    monkeypatch.setattr(local_index, "as_tantivy_document", counting)
    indexing.rebuild()
    assert chunked == [True]
    assert open_cursors == ([1] if connection.vendor == "postgresql" else [])
