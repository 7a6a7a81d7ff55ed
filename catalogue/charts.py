"""Horizontal bar charts drawn as server-side SVG (no JavaScript): one row per case or label, the label
above its bar, the value outside the bar, every row a link. Geometry is computed here; the template tag
`bar_chart` (catalogue_tags) only writes it out.

Sizes are in CSS pixels and percentages, not a scaled viewBox, so text stays 14 px on a phone and on a
desktop alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROW_HEIGHT = 48
BAR_SHARE = 55  # the longest bar takes this share of the width; the value is written just after it


@dataclass
class Bar:
    label: str
    value: float
    value_text: str
    href: str = ""
    width_pct: float = 0.0
    y: int = 0
    # Positions as the template writes them, worked out here rather than with template filters per bar.
    label_y: int = 0
    bar_y: int = 0
    width: str = ""


@dataclass
class BarChart:
    title: str
    caption: str
    bars: list[Bar] = field(default_factory=list)
    unit: str = ""

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 4


def bar_chart(title: str, caption: str, bars: list[Bar], limit: int = 12) -> BarChart | None:
    """Bars sorted largest first and scaled to the largest; None when there is nothing to draw."""
    bars = sorted((b for b in bars if b.value > 0), key=lambda b: -b.value)[:limit]
    if not bars:
        return None
    top = bars[0].value
    for index, bar in enumerate(bars):
        bar.width_pct = round(max(1.0, BAR_SHARE * bar.value / top), 1)
        bar.y = index * ROW_HEIGHT
        bar.label_y, bar.bar_y, bar.width = bar.y + 16, bar.y + 24, f"{bar.width_pct}%"
    return BarChart(title, caption, bars)


def short_label(title: str, place: str, width: int = 18) -> str:
    """“首创‘六联办’…· 广州市”: a case named by its short title and where it happened."""
    title = title.strip()
    short = title if len(title) <= width else title[: width - 1] + "…"
    return f"{short} · {place}" if place else short
