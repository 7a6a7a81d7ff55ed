"""Formatting for the catalogue's templates."""

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def facet_value(item):
    """One facet value as a list item: its link (toggling the filter) and its count. Written here rather
    than as template markup because a result page has dozens of them and each costs a dozen template nodes."""
    v = item["v"]
    if v.selected:
        return format_html(
            '<li class="depth-{} selected"><a href="{}" aria-current="true">{}<span class="visually-hidden">(已选,点击移除)</span></a> '
            '<span class="count">{}</span></li>', v.depth, item["url"], for_reading(v.label), v.count)
    return format_html('<li class="depth-{}"><a href="{}">{}</a> <span class="count">{}</span></li>',
                       v.depth, item["url"], for_reading(v.label), v.count)
