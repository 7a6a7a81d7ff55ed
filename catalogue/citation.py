"""Suggested citations in GB/T 7714-2015 style for an electronic resource ([EB/OL]): the source text a
case comes from, with the case named and the catalogue page as the access path when the original web
address is not known."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def citation(reform, page_url: str, today: dt.date | None = None) -> str:
    """主要责任者. 题名[EB/OL]. (发布日期)[引用日期]. 获取和访问路径."""
    source = reform.source
    today = today or timezone.localdate()
    author = source.publisher or "佚名"
    published = f"({source.published_on.isoformat()})" if source.published_on else ""
    path = source.original_url or page_url
    return f"{author}. {source.title}: {reform.title}[EB/OL]. {published}[{today.isoformat()}]. {path}."


def catalogue_citation(page_url: str, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"营商环境改革案例库[DB/OL]. [{today.isoformat()}]. {page_url}."
