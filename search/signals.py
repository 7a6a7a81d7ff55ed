"""Keep the index in step with the catalogue: a saved or deleted case is re-indexed in the same transaction."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from reforms.models import Outcome, Practice, Reform, Source

from .backends import get_backend
from .models import IndexState, SearchEntry


@receiver(post_save, sender=Reform)
def index_saved_reform(sender, instance, raw=False, **kwargs):
    if not raw:
        get_backend().index([instance])


@receiver(post_delete, sender=Reform)
def unindex_deleted_reform(sender, instance, **kwargs):
    get_backend().delete([instance.pk])


@receiver([post_save, post_delete], sender=Practice)
@receiver([post_save, post_delete], sender=Outcome)
def index_parent_reform(sender, instance, raw=False, **kwargs):
    if raw:
        return
    reform = Reform.objects.filter(pk=instance.reform_id).first()
    if reform is not None:
        get_backend().index([reform])


@receiver(m2m_changed, sender=Reform.indicators.through)
@receiver(m2m_changed, sender=Reform.reform_types.through)
@receiver(m2m_changed, sender=Reform.lead_departments.through)
@receiver(m2m_changed, sender=Reform.partner_departments.through)
def index_relabelled_reform(sender, instance, action, reverse=False, **kwargs):
    """Labels and departments are facets and index text: re-index the case when they change."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse or not isinstance(instance, Reform):
        return
    # loaddata sets many-to-many fields without a `raw` flag; a case not yet indexed is being loaded,
    # and the rebuild that follows a load indexes it.
    if SearchEntry.objects.filter(reform_id=instance.pk).exists():
        get_backend().index([instance])


@receiver(post_save, sender=Source)
def reorder_after_source_change(sender, instance, raw=False, **kwargs):
    """Sources order the "newest" pages (file name within a year): processes reload their snapshot."""
    if not raw:
        IndexState.bump()
