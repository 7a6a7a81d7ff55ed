"""Formatting for the catalogue's templates."""

from html import escape as _escape

from django import template
from django.utils.safestring import mark_safe

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
def facet_items(items):
    """A facet's values as list items: each its link (toggling the filter) and its count. Written here rather
    than as template markup because a result page has over a hundred of them: one join instead of a dozen
    template nodes each, and html.escape (what django.utils.html.escape calls) without Django's lazy-string
    wrapper around every value."""
    out = []
    for item in items:
        v = item["v"]
        link, label = _escape(item["url"]), _escape(str(for_reading(v.label)))
        if v.selected:
            out.append(f'<li class="depth-{v.depth} selected"><a href="{link}" aria-current="true">{label}'
                       f'<span class="visually-hidden">(已选,点击移除)</span></a> <span class="count">{v.count}</span></li>')
        else:
            out.append(f'<li class="depth-{v.depth}"><a href="{link}">{label}</a> <span class="count">{v.count}</span></li>')
    return mark_safe("\n".join(out))  # noqa: S308 — every value above is escaped
