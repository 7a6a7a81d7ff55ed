"""Keep the index in step with the catalogue: a changed case's stored document is recomputed and logged in
the same transaction; so are the cases that carry a renamed label, department or region."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from reforms.models import Department, Indicator, Outcome, Practice, Reform, ReformType, Region, Source

from . import changelog, documents, indexing
from .models import SearchDocument, SynonymGroup


@receiver(post_save, sender=Reform)
def index_saved_reform(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index([instance])


@receiver(post_delete, sender=Reform)
def unindex_deleted_reform(sender, instance, **kwargs):
    indexing.delete([instance.pk])


@receiver([post_save, post_delete], sender=Practice)
@receiver([post_save, post_delete], sender=Outcome)
def index_parent_reform(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if Reform.objects.filter(pk=instance.reform_id).exists():
        indexing.index(Reform.objects.filter(pk=instance.reform_id))


@receiver(m2m_changed, sender=Reform.indicators.through)
@receiver(m2m_changed, sender=Reform.reform_types.through)
@receiver(m2m_changed, sender=Reform.lead_departments.through)
@receiver(m2m_changed, sender=Reform.partner_departments.through)
def index_relabelled_reform(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """Labels and departments are facets and index text: re-index the cases whose labels changed."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ids = [instance.pk] if not reverse else list(pk_set or [])
    # loaddata sets many-to-many fields without a `raw` flag; a case not yet indexed is being loaded,
    # and the rebuild that follows a load indexes it.
    indexed = SearchDocument.objects.filter(reform_id__in=ids).values_list("reform_id", flat=True)
    if indexed:
        indexing.index(Reform.objects.filter(pk__in=list(indexed)))


def _carriers(queryset):
    return Reform.objects.filter(pk__in=SearchDocument.objects.filter(reform__in=queryset).values("reform_id"))


@receiver(post_save, sender=Indicator)
def reindex_indicator_cases(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        indexing.index(_carriers(Reform.objects.filter(indicators=instance)))


@receiver(post_save, sender=ReformType)
def reindex_type_cases(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        indexing.index(_carriers(Reform.objects.filter(reform_types=instance)))


@receiver(post_save, sender=Department)
def reindex_department_cases(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        from django.db.models import Q

        indexing.index(_carriers(Reform.objects.filter(Q(lead_departments=instance) | Q(partner_departments=instance)).distinct()))


@receiver(post_save, sender=Region)
def reindex_region_cases(sender, instance, raw=False, created=False, **kwargs):
    """A region's names are label text of every case in it and below it."""
    if not raw and not created:
        from django.db.models import Q

        below = Q(region=instance) | Q(region__parent=instance) | Q(region__parent__parent=instance)
        indexing.index(_carriers(Reform.objects.filter(below)))


@receiver(post_save, sender=Source)
def reorder_after_source_change(sender, instance, raw=False, created=False, **kwargs):
    """Sources order the "newest" pages (file name within a year): their cases' sort keys changed."""
    if not raw and not created:
        indexing.index(_carriers(Reform.objects.filter(source=instance)))


@receiver([post_save, post_delete], sender=SynonymGroup)
def announce_new_vocabulary(sender, instance, raw=False, **kwargs):
    """Every process widens queries with the editors' groups: a log entry tells them to re-read them."""
    if not raw:
        documents.log_changes([changelog.VOCABULARY])
