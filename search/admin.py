"""Synonym groups change every search that uses one of their words: validated on save (SynonymGroup.clean)
and every change logged with who made it, besides the admin's own history (LogEntry)."""

import logging

from django.contrib import admin

from .models import SynonymGroup

logger = logging.getLogger(__name__)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ("terms", "note")

    def save_model(self, request, obj, form, change):
        before = SynonymGroup.objects.filter(pk=obj.pk).values_list("terms", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        logger.info("synonym group %s %s by %s: %r -> %r", obj.pk, "changed" if change else "added", request.user, before, obj.terms)

    def delete_model(self, request, obj):
        logger.info("synonym group %s deleted by %s: %r", obj.pk, request.user, obj.terms)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            logger.info("synonym group %s deleted by %s: %r", group.pk, request.user, group.terms)
        super().delete_queryset(request, queryset)
