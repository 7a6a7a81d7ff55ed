"""A system check that warns when stored search documents are missing or older than their cases."""

from django.core.checks import Warning, register
from django.db import DatabaseError


@register("search", deploy=False)
def index_is_current(app_configs, **kwargs):
    from django.db import connection
    from django.db.models import F, Q

    from reforms.models import Reform

    try:
        if "search_searchdocument" not in connection.introspection.table_names():
            return []  # not migrated yet: migrate reports that itself
        missing = Reform.objects.filter(search_document__isnull=True).count()
        # Exact comparison with the updated_at the document was computed from: a save in the same
        # transaction as its indexing is current, whatever now() means on the database.
        stale = Reform.objects.filter(~Q(search_document__reform_updated_at=F("updated_at")), search_document__isnull=False).count()
    except DatabaseError:
        return []
    if missing or stale:
        return [Warning(f"The search index is stale: {missing} cases not indexed, {stale} changed since indexing.",
                        hint="Run `python manage.py rebuild_index --retokenize`.", id="search.W002")]
    return []
