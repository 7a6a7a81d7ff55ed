"""Imports refuse what is broken or already there, and say per file what they did: a truncated copy, an
edited copy, a CRLF copy under a new name, numbering that skips or repeats, 1 000+ cases in a layout that
reads three digits, an implausibly long case. After a refusal the catalogue is exactly as before."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.source_files import best_practice_text, provincial_text
from reforms.models import Department, Outcome, Practice, Reform, Source

SOURCES = Path(settings.SOURCES_DIR)
QUZHOU = SOURCES / "004_1edcca29c0c10a3e.txt"
pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Source.objects.order_by("pk").values_list("pk", "file_name")),
        list(Reform.objects.order_by("pk").values_list("pk", "title", "source_id", "ordinal", "body")),
        Outcome.objects.count(), Practice.objects.count(), Department.objects.count(),
    )


def _refused(path, *args, match):
    before = _snapshot()
    with pytest.raises(CommandError, match=match):
        call_command("import_source", str(path), *args)
    assert _snapshot() == before


def _write(tmp_path, name, text, newline=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline=newline)
    return path


def test_a_truncated_copy_is_refused(tmp_path):
    text = QUZHOU.read_text(encoding="utf-8")
    cut = text[: text.index("全县首家特种纸企业")]  # mid-sentence in the last case
    _refused(_write(tmp_path, "quzhou_cut.txt", cut), match=r"quzhou_cut\.txt:\d+: the last case \(10\) ends mid-sentence")


def test_a_copy_with_one_case_edited_is_refused_as_duplicates(tmp_path):
    text = QUZHOU.read_text(encoding="utf-8").replace("2023年,衢州市上下", "2024年,衢州市上下")
    _refused(_write(tmp_path, "quzhou_edited.txt", text),
             match=r"10 of 10 cases are already in the catalogue: case 1 = #\d+ .*same text.*--skip-duplicates")


def test_a_crlf_copy_under_a_new_name_is_refused_as_duplicates(tmp_path):
    path = _write(tmp_path, "quzhou_windows.txt", QUZHOU.read_text(encoding="utf-8"), newline="\r\n")
    assert b"\r\n" in path.read_bytes()
    _refused(path, match=r"10 of 10 cases are already in the catalogue")


def test_skip_duplicates_imports_only_the_new_cases_and_says_which_were_skipped(tmp_path, capsys):
    text = QUZHOU.read_text(encoding="utf-8").replace("“全岗通”企业用工", "“全岗通2.0”企业用工")
    call_command("import_source", str(_write(tmp_path, "quzhou_2024.txt", text)), "--skip-duplicates")
    out = capsys.readouterr().out
    assert "quzhou_2024.txt: imported 1 cases, replaced 0, skipped 9" in out
    assert out.count("skipped, already in the catalogue: case") == 9
    source = Source.objects.get(file_name="quzhou_2024.txt")
    assert list(source.reforms.values_list("ordinal", flat=True)) == [6]


def test_replace_keeps_the_case_id_and_moves_it_to_the_new_source(tmp_path, capsys):
    original = Reform.objects.get(source__file_name__startswith="004", ordinal=2)
    text = QUZHOU.read_text(encoding="utf-8").replace("2023年,衢州市上下", "2024年,衢州市上下")
    call_command("import_source", str(_write(tmp_path, "quzhou_v2.txt", text)), "--replace")
    assert "imported 0 cases, replaced 10, skipped 0" in capsys.readouterr().out
    original.refresh_from_db()
    assert original.source.file_name == "quzhou_v2.txt"
    assert Reform.objects.filter(source__file_name="quzhou_v2.txt").count() == 10


def test_numbering_that_skips_is_refused(tmp_path):
    text = provincial_text(12).replace("\n5.广州市第5项", "\n6.广州市第5项")
    _refused(_write(tmp_path, "gap.txt", text), match=r"gap\.txt:\d+: .*header of case 6, but only 4 cases were read")


def test_numbering_that_repeats_is_refused(tmp_path):
    text = provincial_text(12).replace("\n5.广州市第5项", "\n4.广州市第5项")
    _refused(_write(tmp_path, "repeat.txt", text), match=r"repeat\.txt.*(duplicate case number 4|case number 4 appears twice)")


def test_a_thousand_cases_in_a_three_digit_layout_are_refused_not_swallowed(tmp_path):
    _refused(_write(tmp_path, "many.txt", provincial_text(1005)),
             match=r"many\.txt:\d+: '1000\..*header of case 1000, but only 999 cases were read")


def test_an_implausibly_long_case_is_refused(tmp_path):
    text = QUZHOU.read_text(encoding="utf-8")
    long_text = text.replace("全县首家特种纸企业", "企业服务不断优化。" * 3000 + "全县首家特种纸企业")
    _refused(_write(tmp_path, "long.txt", long_text), match=r"long\.txt:\d+: case 10 is implausibly long")


def test_each_file_gets_its_own_report_and_a_refused_one_does_not_stop_the_others(tmp_path, capsys):
    good = _write(tmp_path, "new_cases.txt", best_practice_text(12))
    bad = _write(tmp_path, "quzhou_copy.txt", QUZHOU.read_text(encoding="utf-8"), newline="\r\n")
    with pytest.raises(CommandError, match=r"1 of 2 files refused"):
        call_command("import_source", str(good), str(bad))
    captured = capsys.readouterr()
    assert "new_cases.txt: imported 12 cases" in captured.out
    assert "refused quzhou_copy.txt" in captured.err
    assert Source.objects.get(file_name="new_cases.txt").reforms.count() == 12
    assert not Source.objects.filter(file_name="quzhou_copy.txt").exists()


def test_a_large_import_is_written_in_batches_and_indexed_once_per_case(tmp_path, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = _write(tmp_path, "batched.txt", best_practice_text(25))
    with CaptureQueriesContext(connection) as queries:
        call_command("import_source", str(path), "--batch-size", "10")
    savepoints_or_begins = [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith(("SAVEPOINT", "BEGIN"))]
    assert len(savepoints_or_begins) >= 3  # three batches, each its own (here nested) transaction
    source = Source.objects.get(file_name="batched.txt")
    assert sorted(source.reforms.values_list("ordinal", flat=True)) == list(range(1, 26))
    from search.engine import SearchParams, search

    assert search(SearchParams(q="这是汇编中的第17个案例")).total >= 1


def test_a_failure_in_a_later_batch_removes_the_batches_already_written(tmp_path, monkeypatch):
    from reforms.ingest import store

    calls = {"n": 0}
    real = store.outcomes_of

    def fail_on_case_23(case):
        calls["n"] += 1
        if calls["n"] == 23:
            raise RuntimeError("disk full")
        return real(case)

    monkeypatch.setattr(store, "outcomes_of", fail_on_case_23)
    path = _write(tmp_path, "half.txt", best_practice_text(25))
    before = _snapshot()
    with pytest.raises(RuntimeError):
        call_command("import_source", str(path), "--batch-size", "10")
    assert calls["n"] == 23  # two batches were written before the failure
    assert _snapshot() == before
