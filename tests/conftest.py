"""Shared fixtures: the real catalogue (all five sources) is loaded once per test session, on whichever
database DATABASE_URL names, and indexed with the real search backend."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", "regions", "taxonomy", "catalogue", verbosity=0)
        call_command("rebuild_index", retokenize=True, verbosity=0)
        from reforms.permissions import ensure_editors_group

        ensure_editors_group()


def load_data(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def case_key(reform) -> str:
    return f"{reform.source.file_name[:3]}-{reform.ordinal}"


@pytest.fixture
def reform_by_key(db):
    from reforms.models import Reform

    def get(key: str):
        source, ordinal = key.split("-")
        return Reform.objects.select_related("source", "region").get(source__file_name__startswith=source, ordinal=int(ordinal))

    return get


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Tests send far more requests per minute from one address than any person: the limiter is tested on its own."""
    settings.RATE_LIMITS = {scope: 0 for scope in settings.RATE_LIMITS}


@pytest.fixture(autouse=True)
def _no_kept_answers():
    """Each test starts with no rendered answers kept (a test may change settings a page depends on
    without changing the catalogue's version)."""
    from catalogue import response_cache

    response_cache.clear()
    yield
    response_cache.clear()
