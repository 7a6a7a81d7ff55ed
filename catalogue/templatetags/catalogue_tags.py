"""Formatting for the catalogue's templates."""

from django import template

from ..presenters import format_number
from ..reading import for_reading

register = template.Library()


@register.filter
def figure(value):
    """40.0 → 40, 4200000000.0 → 4,200,000,000: figures as people write them."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and abs(value) >= 1e6 and value.is_integer():
        return f"{int(value):,}"
    return format_number(value)


@register.filter
def reading(value):
    """The text in the reader's preferred script (see catalogue/reading.py)."""
    return for_reading(value)
