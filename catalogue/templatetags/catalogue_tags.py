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


@register.simple_tag
def bar_chart(chart, chart_id):
    """A charts.BarChart as an SVG figure with its data table (the same bars as a table, for screen readers
    and copying). Written here rather than as template markup for the reason of facet_items: a chart is a
    dozen bars of ten values each, twice."""
    ident = _escape(chart_id)
    bars = [(_escape(b.href), _escape(str(b.label)), _escape(b.value_text), b) for b in chart.bars]
    drawn = "".join(
        f'<a href="{href}"><text x="0" y="{b.label_y}" class="chart-label">{label}</text><rect x="0" y="{b.bar_y}" '
        f'height="16" width="{_escape(b.width)}" rx="2" class="chart-bar"></rect><svg x="{_escape(b.width)}" y="{b.bar_y}" '
        f'overflow="visible"><text x="6" y="13" class="chart-value">{value}</text></svg></a>\n  '
        for href, label, value, b in bars)
    rows = "".join(f'<tr><td><a href="{href}">{label}</a></td><td>{value}</td></tr>' for href, label, value, _ in bars)
    return mark_safe(  # noqa: S308 — every value is escaped above
        f'<figure class="chart" id="{ident}">\n'
        f'  <figcaption><strong id="{ident}-title">{_escape(chart.title)}</strong><br><span class="hint">{_escape(chart.caption)}'
        f'</span></figcaption>\n'
        f'  <svg width="100%" height="{chart.height}" role="group" aria-labelledby="{ident}-title" focusable="false">\n'
        f'  {drawn}</svg>\n'
        f'  <details class="chart-data"><summary>以表格查看图中数据</summary>\n'
        f'  <table class="outcomes"><thead><tr><th scope="col">项目</th><th scope="col">数值</th></tr></thead>\n'
        f'  <tbody>{rows}</tbody></table>\n'
        f'  </details>\n'
        f'</figure>\n')


_RUN_STATUS = {"repaired": "已修复", "partly": "部分修复"}


@register.simple_tag
def repair_rows(runs):
    """The repair report's table rows (line, text as found, as repaired, outcome), one per mojibake run: the
    Traditional source has a hundred of them, five template values each (see facet_items)."""
    return mark_safe("".join(  # noqa: S308 — every value is escaped
        f'<tr class="run-{_escape(str(run.get("status", "")))}"><td>{_escape(str(run.get("line", "")))}</td>'
        f'<td>{_escape(str(run.get("raw", "")))}</td><td>{_escape(str(run.get("repaired", "")))}</td>'
        f'<td>{_RUN_STATUS.get(run.get("status"), "无法恢复")}</td></tr>'
        for run in runs))


@register.simple_tag
def source_pieces(pieces):
    """A source's text as published, cut into its cases (each under an anchor and a link to its page) and
    the furniture between them: one join instead of five template values per piece (see facet_items)."""
    out = []
    for piece in pieces:
        case, text = piece["reform"], _escape(piece["text"])
        if case:
            out.append(f'<section id="case-{case["pk"]}" class="case-anchor"><p><a href="{_escape(case["url"])}">案例 {case["ordinal"]}:'
                       f'{_escape(case["title"])}</a></p><pre>{text}</pre></section>')
        else:
            out.append(f'<pre class="furniture">{text}</pre>')
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped
