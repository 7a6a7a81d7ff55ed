"""Departments as the sources write them (市市场监管局, 深圳市發展改革委) resolved to canonical names.

Names are written relative to their city (`市` means the source's city, `区` its district) and in
short forms; a canonical name spells out the region and the full title of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reforms.text import normalise

from . import gazetteer

# Short form → full name of the body; applied to the part after the region.
_FULL_NAMES = [
    ("市场监管局", "市场监督管理局"),
    ("发展改革委", "发展和改革委员会"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("人社局", "人力资源和社会保障局"),
    ("住房城乡建设局", "住房和城乡建设局"),
    ("住建局", "住房和城乡建设局"),
    ("资源规划局", "自然资源和规划局"),
    ("规划和自然资源局", "规划和自然资源局"),
    ("经信局", "经济和信息化局"),
    ("国资委", "国有资产监督管理委员会"),
    ("营商办", "营商环境建设办公室"),
    ("通建办", "通信设施建设管理办公室"),
    ("中院", "中级人民法院"),
    ("政务服务数据管理局", "政务服务数据管理局"),
]
_BODY_SUFFIX = r"(?:局|委员会|委|中心|办公室|办|法院|院|公司|集团|协会|管委会|部|分局)"
# A department named where a clause starts: 佛山市财政局按照…, 东莞市税务局打造…
_DEPARTMENT = re.compile(rf"(?:^|[,，。])\s*([\u4e00-\u9fff]{{2,12}}?{_BODY_SUFFIX})(?=[\u4e00-\u9fff“\"]{{0,2}})")


_NOT_A_NAME = ("按照", "省委", "聚焦", "推动", "加大", "以", "税务部", "全面", "持续")


@dataclass(frozen=True)
class ResolvedDepartment:
    name: str
    region_slug: str
    written_as: str


def _expand(rest: str) -> str:
    for short, full in _FULL_NAMES:
        if rest.endswith(short):
            return rest[: -len(short)] + full
    return rest


def resolve(written: str, city_slug: str, district_slug: str | None = None) -> ResolvedDepartment:
    """The canonical department behind a written name, placed in the region the name refers to."""
    text = normalise(written).strip()
    text = text.replace("部门", "") if text.endswith("部门") else text
    if text.startswith("市委"):
        return ResolvedDepartment(f"中共{gazetteer.region_name(city_slug)}委{text[2:]}", city_slug, written)
    if text.startswith("市") and not text.startswith("市场"):
        return ResolvedDepartment(gazetteer.region_name(city_slug) + _expand(text[1:]), city_slug, written)
    if text.startswith(("区", "县")) and district_slug:
        return ResolvedDepartment(gazetteer.region_name(district_slug) + _expand(text[1:]), district_slug, written)
    named = gazetteer.find_region(text)
    if named and text in gazetteer.names_of(named):
        # A region itself named as the lead unit (龙游县, 越秀区): its government leads.
        return ResolvedDepartment(f"{gazetteer.region_name(named)}人民政府", named, written)
    if named:
        for name in sorted(gazetteer.names_of(named), key=len, reverse=True):
            if text.startswith(name):
                rest = text[len(name) :]
                canonical = gazetteer.region_name(named) + _expand(rest) if rest and rest[0] not in "供" else text
                return ResolvedDepartment(canonical, named, written)
        return ResolvedDepartment(_expand(text), named, written)
    return ResolvedDepartment(_expand(text), city_slug, written)


def leading_department(*texts: str) -> str | None:
    """The department a title or summary opens a clause with, as written, if it names a region first."""
    for text in texts:
        simplified = normalise(text[:120])
        for m in _DEPARTMENT.finditer(simplified):
            candidate = m.group(1)
            region = gazetteer.find_region(candidate)
            if any(word in candidate for word in _NOT_A_NAME):
                continue
            if region and any(candidate.startswith(n) for n in gazetteer.names_of(region)) and candidate not in gazetteer.names_of(region):
                return text[m.start(1) : m.end(1)]
    return None
