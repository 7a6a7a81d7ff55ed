"""Nothing lost, nothing let in: permissions, CSRF, login rate limits, hostile input over HTTP, and a
dumpdata → fresh database → loaddata round trip that rebuilds an identical index."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reforms.models import Reform

from . import hostile as hostile_corpus
from .servers import ROOT, fresh_database_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/reforms/", "/api/reforms/1/", "/api/outcomes/", "/api/regions/"])
def test_the_api_has_no_write_path(client, method, url):
    assert getattr(client, method)(url, data={}, content_type="application/json").status_code in (403, 405)


def test_admin_login_is_csrf_protected():
    User.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "root", "password": "pw-Strong-123"})
    assert response.status_code == 403


def test_admin_login_is_locked_after_repeated_failures():
    User.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.post("/admin/login/?next=/admin/", {"username": "root", "password": "wrong"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again with an error, then the lockout
    locked = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw-Strong-123"})
    assert locked.status_code in (403, 429)
    assert not client.get("/admin/reforms/reform/").status_code == 200


def test_a_successful_login_works_for_someone_else():
    User.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw-Strong-123"})
    assert response.status_code == 302


hostile = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list('"*^():&|!-%\\\'营商税 \x00\u202e')), max_size=80)


@given(q=hostile, region=st.sampled_from(["", "guangzhou", "x" * 50, "999999", "a\x00b"]) | hostile, kind=hostile,
       page=st.sampled_from(["", "1", "abc", "-3", "99999"]))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_hostile_requests_never_get_a_500(client, q, region, kind, page):
    params = {"q": q, "region": region, "type": region, "department": kind, "kind": kind, "page": page}
    assert client.get("/search/", params).status_code == 200
    assert client.get("/api/reforms/", params).status_code in (200, 400)


# Every hostile value goes to the search page's query and to one of these targets in turn.
TARGETS = [
    "/search/?q=税&region={v}", "/search/?q=税&indicator={v}&type={v}", "/search/?department={v}&source={v}&year={v}",
    "/search/?status={v}&kind={v}&sort={v}&page={v}", "/api/reforms/?q={v}", "/api/reforms/?region={v}&page_size={v}",
    "/api/reforms/?page={v}&sort={v}", "/api/outcomes/?kind={v}&change_pct__lte={v}&region={v}",
    "/api/outcomes/?value_base__gte={v}&is_target={v}&indicator={v}", "/compare/?ids={v}", "/regions/{v}/",
    "/reforms/1/?script={v}", "/api/reforms/1/?format={v}", "/admin/login/?next={v}", "/api/regions/?page={v}",
]
CORPUS = [hostile_corpus.encoded(v) for v in hostile_corpus.values()] + hostile_corpus.raw_values()
CHUNK = 100


def test_the_hostile_corpus_has_over_a_thousand_distinct_values():
    assert len(set(CORPUS)) >= 1000


@pytest.mark.parametrize("start", range(0, len(CORPUS), CHUNK))
def test_the_hostile_corpus_never_gets_a_server_error(client, start):
    failures = []
    for index, value in enumerate(CORPUS[start : start + CHUNK], start):
        urls = ["/search/?q={v}", TARGETS[index % len(TARGETS)]]
        for url in urls:
            status = client.get(url.replace("{v}", value)).status_code
            if status >= 500:
                failures.append((status, url.replace("{v}", value)[:200]))
    assert failures == []


def test_build_fixtures_never_touches_the_database(tmp_path):
    from django.core.management import call_command

    before = list(Reform.objects.order_by("pk").values_list("pk", "title"))
    call_command("build_fixtures", out=str(tmp_path), verbosity=0)
    assert list(Reform.objects.order_by("pk").values_list("pk", "title")) == before


DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "search.searchdocument", "search.facetentry", "search.indexchange", "axes"]


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_dumpdata_to_a_fresh_database_round_trips_every_record_and_the_index():
    import os

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = {**os.environ, "DJANGO_DEBUG": "1"}
        base.pop("DJANGO_SETTINGS_MODULE", None)
        first = {**base, "DATABASE_URL": fresh_database_url(tmp, "catalogue_roundtrip_a")}
        second = {**base, "DATABASE_URL": fresh_database_url(tmp, "catalogue_roundtrip_b")}
        manage(first, "setup_catalogue")
        manage(first, "shell", "-c", "from reforms.models import Reform; r = Reform.objects.get(pk=7); r.title = '编辑的修改'; r.save()")
        dump = tmp / "dump.json"
        excludes = [arg for name in DUMP_EXCLUDES for arg in ("--exclude", name)]
        manage(first, "dumpdata", *excludes, "--natural-foreign", "--output", str(dump))
        manage(second, "migrate", "--noinput")
        manage(second, "shell", "-c", "from search.models import SynonymGroup; SynonymGroup.objects.all().delete()")
        manage(second, "loaddata", str(dump))
        manage(second, "rebuild_index", "--retokenize")
        again = tmp / "again.json"
        manage(second, "dumpdata", *excludes, "--natural-foreign", "--output", str(again))
        assert json.loads(dump.read_text()) == json.loads(again.read_text())
        manage(first, "rebuild_index", "--retokenize")  # both indexes built the same way
        assert manage(first, "rebuild_index", "--digest") == manage(second, "rebuild_index", "--digest")
        assert "编辑的修改" in again.read_text(encoding="utf-8")
