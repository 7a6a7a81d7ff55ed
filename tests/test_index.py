"""The machine's tantivy index: rebuilt when missing or corrupt, rebuilt beside the old one and swapped,
and the change-log cursor that keeps it in step (late commits, rolled-back entries, settling)."""

import shutil

import pytest

from search import changelog, indexing, live
from search import index as local_index
from search.engine import SearchParams, search

pytestmark = pytest.mark.django_db


def total(q: str) -> int:
    return search(SearchParams(q=q), with_facets=False).total


def test_a_missing_index_directory_is_rebuilt_before_the_first_search():
    expected = total("营商环境")
    live.forget()
    shutil.rmtree(local_index.base_dir())
    assert total("营商环境") == expected > 0
    assert indexing.is_ready()


def test_a_corrupt_index_is_rebuilt_at_start():
    expected = total("不动产")
    generation = local_index.current_generation()
    live.forget()
    (generation / "meta.json").write_text("not json")
    assert total("不动产") == expected > 0
    assert local_index.current_generation() != generation


def test_rebuild_writes_a_new_generation_and_swaps_it_in():
    before = local_index.current_generation()
    expected = search(SearchParams(q="税务"), with_facets=False).ids
    indexing.rebuild()
    assert local_index.current_generation() != before and not before.exists()
    assert search(SearchParams(q="税务"), with_facets=False).ids == expected


def test_an_index_built_from_another_database_is_rebuilt(reform_by_key):
    """A cursor ahead of the database's log (a restored backup, another test run) is not trusted."""
    generation = local_index.current_generation()
    cursor = local_index.read_cursor(generation)
    local_index._write_cursor(generation, changelog.Cursor(watermark=cursor.watermark + 10_000))
    case = reform_by_key("004-9")
    case.title = "独角兽人才专项认定"
    case.save()
    assert search(SearchParams(q="独角兽人才专项"), with_facets=False).ids == [case.pk]
    assert local_index.current_generation() != generation


def test_a_save_brings_the_machines_index_up_to_date_in_the_writers_request(reform_by_key, django_capture_on_commit_callbacks):
    """The tantivy commit is paid by the editor who saved, after the database commit: the index directory's
    cursor already holds the change before anyone searches, so readers only reload."""
    search(SearchParams(q="税务"), with_facets=False)  # a serving process: its live index is loaded
    case = reform_by_key("004-9")
    with django_capture_on_commit_callbacks(execute=True):
        case.title = "独角兽人才专项认定"
        case.save()
    on_disk = local_index.read_cursor(local_index.current_generation())
    assert changelog.pending(on_disk).empty
    assert search(SearchParams(q="独角兽人才专项"), with_facets=False).ids == [case.pk]


# The cursor, as a pure function of the log rows it is shown

def rows(*entries):
    return [(i, f"t{i}", case) for i, case in entries]


def test_a_lower_id_committed_late_is_still_applied():
    cursor = changelog.commit(changelog.Cursor(), changelog.pending(changelog.Cursor(), rows((1, 10), (3, 30))), now=0)
    assert cursor.gaps == {2: 0}
    work = changelog.pending(cursor, rows((1, 10), (2, 20), (3, 30)))
    assert work.cases == {20}
    cursor = changelog.commit(cursor, work, now=1)
    assert not cursor.gaps and set(cursor.applied) == {1, 2, 3}


def test_an_applied_entry_that_rolled_back_refreshes_its_case():
    cursor = changelog.commit(changelog.Cursor(), changelog.pending(changelog.Cursor(), rows((1, 10), (2, 20))), now=0)
    work = changelog.pending(cursor, [(1, "t1", 10), (2, "other", 25)])  # id 2 reused by another transaction
    assert work.cases == {20, 25}


def test_entries_and_gaps_settle_and_the_watermark_passes_them():
    cursor = changelog.commit(changelog.Cursor(), changelog.pending(changelog.Cursor(), rows((1, 10), (3, 30))), now=0)
    later = changelog.commit(cursor, changelog.pending(cursor, rows((1, 10), (3, 30))), now=changelog.SETTLE_SECONDS + 1)
    assert later.watermark == 3 and not later.applied and not later.gaps


def test_a_rebuild_entry_asks_for_a_rebuild():
    assert changelog.pending(changelog.Cursor(), rows((1, None))).rebuild
    assert not changelog.pending(changelog.Cursor(), rows((1, changelog.VOCABULARY))).cases
