"""Keep the index in step with the catalogue: a saved or deleted case is re-indexed in the same transaction."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reforms.models import Outcome, Practice, Reform

from .backends import get_backend


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
