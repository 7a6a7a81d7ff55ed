"""Abuse that must not work: login lock-outs turned on editors or dodged with many addresses, the proxy
header believed when no proxy is configured, request floods (429), and the smaller holes of issue 20."""

import logging
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from search.models import SynonymGroup

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "pw-Strong-123"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "e@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user


def _login(client, password, username="editor"):
    return client.post(LOGIN, {"username": username, "password": password}).status_code


def test_a_guesser_at_one_address_is_stopped_and_the_editor_elsewhere_still_gets_in(editor):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    assert [_login(attacker, f"guess{i}") for i in range(6)] == [200, 200, 200, 200, 429, 429]
    assert _login(attacker, PASSWORD) == 429  # even the right password, from there
    assert _login(Client(REMOTE_ADDR="198.51.100.20"), PASSWORD) == 302


def test_guessing_one_password_from_many_addresses_runs_out(editor, settings):
    budget = settings.AXES_USERNAME_FAILURE_LIMIT
    statuses = [_login(Client(REMOTE_ADDR=f"203.0.113.{i}"), f"guess{i}") for i in range(1, budget + 2)]
    assert statuses[: budget - 1] == [200] * (budget - 1)
    assert statuses[-1] == 429
    assert _login(Client(REMOTE_ADDR="198.51.100.20"), PASSWORD) == 429  # the account itself waits out the cool-off


def test_behind_a_trusted_proxy_the_lock_out_falls_on_the_real_client_not_the_proxy(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert [_login(attacker, f"guess{i}") for i in range(5)][-1] == 429
    # Whatever the attacker writes in front, the proxy appends the real address: still locked.
    spoofing = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.66")
    assert _login(spoofing, PASSWORD) == 429
    # Another client through the same proxy (same REMOTE_ADDR) is not locked out.
    assert _login(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20"), PASSWORD) == 302


def test_without_a_configured_proxy_the_forwarded_header_is_ignored(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [_login(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"), f"guess{i}") for i in range(5)]
    assert statuses[-1] == 429  # rotating the header does not give new addresses


@pytest.fixture
def tight_limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {"search": 3, "api": 4, "export": 2}
    yield
    cache.clear()


def test_search_past_its_budget_gets_429_with_retry_after(tight_limits):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.get("/search/", {"q": q}).status_code for q in ("税", "企业", "登记", "审批")]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/search/", {"q": "许可"})
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 61
    assert Client(REMOTE_ADDR="203.0.113.8").get("/search/", {"q": "许可"}).status_code == 200  # others unaffected
    assert client.get("/").status_code == 200  # pages outside the limited ones are not counted
    # an answer already rendered for this exact request (kept under its ETag, like a 304) runs no view
    # and costs nothing: it is served, not refused
    assert client.get("/search/", {"q": "税"}).status_code == 200


def test_api_and_exports_have_their_own_budgets(tight_limits):
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.get("/api/reforms/", {"format": "csv"}).status_code for _ in range(3)] == [200, 200, 429]
    assert [client.get("/api/regions/", {"n": n}).status_code for n in range(5)] == [200, 200, 200, 200, 429]


def test_the_rate_limit_counts_the_real_client_behind_a_trusted_proxy(tight_limits, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert [first.get("/search/", {"q": q}).status_code for q in ("税", "企业", "登记", "审批")][-1] == 429
    assert Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.11").get("/search/").status_code == 200


@pytest.mark.parametrize("ids", ["²", "1,²", "¹²", "٣,٤", "1,2,３", "99999999999999999999", "1,,2,x"])
def test_compare_takes_only_ascii_ids(client, ids):
    assert client.get("/compare/", {"ids": ids}).status_code == 200


def test_compare_still_reads_real_ids(client):
    response = client.get("/compare/", {"ids": "1，2"})
    assert [r.pk for r in response.context["reforms"]] == [1, 2]


def test_generated_links_drop_unknown_parameters(client):
    junk = {f"junk{i}": "x" * 200 for i in range(20)}
    response = client.get("/search/", {"q": "税", "region": "guangzhou", **junk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "region=guangzhou" in html
    links = re.findall(r'href="([^"]*)"', html)
    assert any("region=guangzhou" in link for link in links)
    assert not [link for link in links if "junk" in link]  # no facet, page or export link repeats the junk
    assert len(html) < 200_000


def test_api_page_links_drop_unknown_parameters(client):
    data = client.get("/api/reforms/", {"q": "", "junk": "y" * 500, "page_size": 5}).json()
    assert data["next"] and "junk" not in data["next"] and "page_size=5" in data["next"]


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "terms, complaint",
    [("营商环境, 的", "停用词"), ("秒批, 批", "一个字"), ("秒批, 秒批", "两次"), ("秒批", "至少需要两个词"),
     (", ".join(f"词语{i}" for i in range(9)), "最多"), ("秒批, " + "长" * 21, "超过")],
)
def test_synonym_groups_that_would_widen_every_search_are_refused_in_the_admin(editor_client, terms, complaint):
    before = list(SynonymGroup.objects.values_list("terms", flat=True))
    response = editor_client.post("/admin/search/synonymgroup/add/", {"terms": terms, "note": ""})
    assert response.status_code == 200 and complaint in response.content.decode()
    assert list(SynonymGroup.objects.values_list("terms", flat=True)) == before


def test_synonym_changes_are_logged_with_who_made_them(editor_client, caplog):
    group = SynonymGroup.objects.first()
    with caplog.at_level(logging.INFO, logger="search.admin"):
        response = editor_client.post(f"/admin/search/synonymgroup/{group.pk}/change/", {"terms": "秒批, 秒报秒批, 即报即批", "note": ""})
    assert response.status_code == 302
    assert any("by editor" in r.getMessage() and "即报即批" in r.getMessage() for r in caplog.records)
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(user__username="editor", object_id=str(group.pk)).exists()


def test_a_refused_next_after_login_lands_on_the_admin_not_a_404(editor):
    client = Client()
    response = client.post("/admin/login/?next=https://evil.example/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
