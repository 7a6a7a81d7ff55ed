"""Formatting for the catalogue's templates."""

from django import template

from ..presenters import format_number

register = template.Library()


@register.filter
def figure(value):
    """40.0 → 40, 4200000000.0 → 4,200,000,000: figures as people write them."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and abs(value) >= 1e6 and value.is_integer():
        return f"{int(value):,}"
    return format_number(value)
