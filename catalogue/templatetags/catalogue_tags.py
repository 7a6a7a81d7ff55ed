"""Formatting for the catalogue's templates."""

from django import template

from ..presenters import format_number

register = template.Library()


@register.filter
def figure(value):
    """40.0 → 40, 93.770001 → 93.77: plain decimals, never scientific notation."""
    if value is None or value == "":
        return ""
    return format_number(value)
