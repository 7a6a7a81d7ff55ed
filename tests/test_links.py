"""SearchLinks builds each facet, tag and comparison link from parameters encoded once; the links must be
what copying and re-encoding the query gives (the oracle below), whatever the query holds."""

import pytest
from django.http import QueryDict

from catalogue import comparison
from catalogue.links import SearchLinks
from catalogue.params import link_query

QUERIES = [
    "", "q=营商环境", "q=a+b&region=guangdong&region=foshan&page=3", "indicator=x&q=%26%3D%23&sort=newest",
    "q=拿地&cmp=3,5&type=notify&junk=1", "q=%E2%80%9C%E7%A7%92%E6%89%B9%E2%80%9D&year=2021&page=2",
]


def _toggled_oracle(query, name, value, base):
    query = link_query(query)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    query.pop("page", None)
    return f"{base}?{query.urlencode()}"


def _added_oracle(query, name, value, base):
    query = link_query(query)
    if value not in query.getlist(name):
        query.appendlist(name, value)
    query.pop("page", None)
    return f"{base}?{query.urlencode()}"


@pytest.mark.parametrize("raw", QUERIES)
@pytest.mark.parametrize("name, value", [("region", "guangdong"), ("region", "shenzhen"), ("q", "新 词&"), ("year", "2021")])
def test_links_equal_the_query_copied_and_re_encoded(raw, name, value):
    query = QueryDict(raw)
    links = SearchLinks(query, "/search/")
    assert links.toggled(name, value) == _toggled_oracle(query, name, value, "/search/")
    assert links.added(name, value) == _added_oracle(query, name, value, "/search/")


@pytest.mark.parametrize("raw", QUERIES)
def test_the_selection_link_keeps_the_page_and_replaces_the_picked_cases(raw):
    query = QueryDict(raw)
    links = SearchLinks(query, keep_page=True)
    for ids in ([], [7], [7, 12]):
        assert QueryDict(links.with_selection(ids)) == QueryDict(comparison.query_with(link_query(query), ids))
