"""The `editors` group: may change catalogue content, never users or groups."""

from django.contrib.auth.models import Group, Permission

EDITABLE_MODELS = {
    "reforms": ["reform", "practice", "outcome", "department", "region", "indicator", "reformtype", "source"],
    "search": ["synonymgroup"],
}


def ensure_editors_group() -> Group:
    group, _ = Group.objects.get_or_create(name="editors")
    permissions = Permission.objects.filter(
        content_type__app_label__in=EDITABLE_MODELS,
    ).filter(content_type__model__in=[m for models in EDITABLE_MODELS.values() for m in models])
    group.permissions.set(permissions)
    return group
