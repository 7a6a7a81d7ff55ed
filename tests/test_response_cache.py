"""Answers kept under their ETag: served again without running the view, never across a change to the
catalogue, a cookie or a header that changes the answer, and never when the answer sets a cookie."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import response_cache
from reforms.models import Reform

pytestmark = pytest.mark.django_db


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/", "/search/?q=营商环境", "/regions/guangzhou/", "/api/reforms/?q=税"])
def test_a_repeated_request_is_served_from_the_kept_answer(client, url):
    first, rendered = _queries(client, url)
    again, served = _queries(client, url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert served == 1 and (rendered > 1 or url == "/")  # the catalogue's version, nothing else


def test_a_change_to_the_catalogue_is_never_answered_from_before(client):
    case = Reform.objects.order_by("pk").first()
    before = client.get(f"/reforms/{case.pk}/").content.decode()
    case.title = "一个全新的标题用于检验"
    case.save()
    after = client.get(f"/reforms/{case.pk}/").content.decode()
    assert "一个全新的标题用于检验" in after and "一个全新的标题用于检验" not in before


def test_cookies_and_accept_keep_their_own_answers(client):
    simplified = client.get("/search/?q=營商環境").content
    client.cookies["reading"] = "original"
    original = client.get("/search/?q=營商環境").content
    assert original != simplified  # the Traditional case shown as published
    csv = client.get("/api/reforms/?q=税", HTTP_ACCEPT="text/csv")
    json = client.get("/api/reforms/?q=税")
    assert csv["Content-Type"] != json["Content-Type"]


def test_nothing_is_kept_when_turned_off_or_when_the_answer_sets_a_cookie(client, settings):
    settings.RESPONSE_CACHE_MB = 0
    client.get("/search/?q=税")
    assert response_cache.size() == (0, 0)
    settings.RESPONSE_CACHE_MB = 16
    client.get("/reading/?script=original&next=/")  # sets the reading cookie (a redirect): not kept
    assert response_cache.size() == (0, 0)
    client.get("/search/?q=税")
    assert response_cache.size()[0] == 1


def test_the_kept_answers_stay_within_their_budget(client, settings):
    settings.RESPONSE_CACHE_MB = 0.1  # ~100 KB: a few search pages
    for q in ("税", "企业", "登记", "审批", "许可", "电力", "不动产", "营商环境"):
        client.get("/search/", {"q": q})
    entries, size = response_cache.size()
    assert 0 < entries < 8 and size <= 0.1 * 1024 * 1024
