"""A system check that warns when the search index is missing or out of step with the catalogue."""

from django.core.checks import Warning, register
from django.db import DatabaseError


@register("search", deploy=False)
def index_is_current(app_configs, **kwargs):
    from django.db import connection

    from reforms.models import Reform

    from .backends import get_backend
    from .models import SearchEntry

    try:
        if "reforms_reform" not in connection.introspection.table_names():
            return []  # not migrated yet: migrate reports that itself
        if not get_backend().is_ready():
            return [Warning("The search index table is missing.", hint="Run `python manage.py migrate`.", id="search.W001")]
        reforms, entries = Reform.objects.count(), SearchEntry.objects.count()
        stale = Reform.objects.filter(search_entry__indexed_at__lt=models_updated_at()).count()
    except DatabaseError:
        return []  # not migrated yet: migrate reports that itself
    problems = []
    if reforms != entries or stale:
        problems.append(
            Warning(
                f"The search index is stale: {reforms} cases, {entries} indexed, {stale} changed since indexing.",
                hint="Run `python manage.py rebuild_index`.",
                id="search.W002",
            )
        )
    return problems


def models_updated_at():
    from django.db.models import F

    return F("updated_at")
