"""Formatting for the catalogue's templates."""

from django import template

from ..presenters import format_number
from ..reading import for_reading

register = template.Library()


@register.filter
def figure(value):
    """40.0 → 40, 93.770001 → 93.77: plain decimals, never scientific notation."""
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def reading(value):
    """The text in the reader's preferred script (see catalogue/reading.py)."""
    return for_reading(value)
