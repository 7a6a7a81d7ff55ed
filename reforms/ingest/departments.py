"""Departments as the sources write them (市市场监管局, 深圳市發展改革委) resolved to canonical names.

Names are written relative to their city (`市` means the source's city, `区` its district) and in
short forms; a canonical name spells out the region and the full title of the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reforms.segmenter import pos_tagger
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
# Bodies known by a short name in the sources, under their registered names.
_KNOWN_BODIES = {
    "衢控集团": "衢州控股集团有限公司",
    "国网衢州供电公司": "国网浙江省电力有限公司衢州供电公司",
}
_BODY_SUFFIX = r"(?:局|委员会|委|中心|办公室|办|法院|院|公司|集团|协会|管委会|部|分局)"
# A department named where a clause starts: 佛山市财政局按照…, 东莞市税务局打造…
_DEPARTMENT = re.compile(rf"(?:^|[,，。])\s*([\u4e00-\u9fff]{{2,12}}?{_BODY_SUFFIX})(?=[\u4e00-\u9fff“\"]{{0,2}})")


_NOT_A_NAME = ("按照", "省委", "聚焦", "推动", "加大", "以", "税务部", "全面", "持续")
# Inside a unit's name there is no preposition, adverb, pronoun or particle (珠海市基于区块链去中心…, 茂名市
# 市场监管系统共查办…), and its last word is a noun or the body's one character (营商办), not a verb that
# happens to end in 办 (查办, 联办).
_NOT_IN_A_NAME = ("p", "d", "r", "u", "c")
_NAME_END = ("n", "j", "l")


def is_unit_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] reads as the name of a unit: no function word inside, a noun last, and no
    word running on past its end (去中心化, 高校院所)."""
    words = pos_tagger().lcut(normalise(text[start : end + 2]))
    position, last = 0, None
    for word, tag in words:
        if position >= end - start:
            break
        if position + len(word) > end - start:
            return False  # the name's last characters begin a longer word
        if tag.startswith(_NOT_IN_A_NAME) and word not in ("和", "与"):
            return False
        position += len(word)
        last = (word, tag)
    # a one-character last word is the body itself, whatever its tag (营商/办, 发展改革/委)
    return last is not None and (len(last[0]) == 1 or last[1].startswith(_NAME_END))


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
    resolved = _resolve(written, city_slug, district_slug)
    return ResolvedDepartment(_canonical(resolved.name, resolved.region_slug), resolved.region_slug, written)


def _canonical(name: str, region_slug: str) -> str:
    """Full registered forms: a district's or county's body under its city (广州市天河区市场监督管理局); tax
    bureaus under the State Taxation Administration; a city's court is its intermediate people's court."""
    if name in _KNOWN_BODIES:
        return _KNOWN_BODIES[name]
    if gazetteer.depth(region_slug) >= 2 and name.startswith(gazetteer.region_name(region_slug)):
        parent = gazetteer.parent_of(region_slug)
        city = gazetteer.region_name(parent) if parent else ""
        if city.endswith("市") and not name.startswith(city):
            name = f"{city}{name}"
    if name.endswith("税务局") and not name.startswith("国家税务总局"):
        return f"国家税务总局{name}"
    if name.endswith("市法院") and gazetteer.depth(region_slug) <= 1:
        return name[: -len("法院")] + "中级人民法院"
    return name


def _resolve(written: str, city_slug: str, district_slug: str | None = None) -> ResolvedDepartment:
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


def leading_department(*texts: str, within: str = "") -> str | None:
    """The department a title, summary or body opens a clause with, as written, if it names a region
    first (佛山市财政局按照…, 湛江市政务服务数据管理局印发…); `within` keeps only bodies of that region."""
    for text in texts:
        simplified = normalise(text[:600])
        for m in _DEPARTMENT.finditer(simplified):
            candidate = m.group(1)
            region = gazetteer.find_region(candidate)
            if any(word in candidate for word in _NOT_A_NAME) or not is_unit_name(simplified, m.start(1), m.end(1)):
                continue
            if region and any(candidate.startswith(n) for n in gazetteer.names_of(region)) and candidate not in gazetteer.names_of(region):
                if within and not candidate.startswith(within):
                    continue
                return text[m.start(1) : m.end(1)]
    return None


# 联合市水务局、市通建办、市政务服务数据管理局、自来水公司…等: units named as working with the lead.
_WITH = re.compile(r"(?:联合|会同|协同|携手)((?:[\u4e00-\u9fff]{2,20}?(?:局|委员会|委|中心|办公室|办|法院|公司|集团|协会|管委会|分局|院)[、和及与]?){1,12})")


# 由市场监管部门牵头, 公安、税务、财政等部门通力配合: kinds of department, in the case's own region.
_LED_BY = re.compile(r"由([\u4e00-\u9fff]{2,8}?)部门牵头")
_HELPED_BY = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})等部门(?:通力|共同|协同|积极)?配合")
# 区市场监管局与广州知识产权法院合作: a unit of the case's district written relative to it, opening a clause.
_RELATIVE = re.compile(rf"(?:^|[,，。;；\n]|亮点\d+\.)\s*([区县市][\u4e00-\u9fff]{{2,10}}?{_BODY_SUFFIX})(?=与|联合|会同|将|在|通过|按照|牵头|依托|推出|建立|打造)")
_COOPERATES = re.compile(rf"与([\u4e00-\u9fff]{{2,16}}?{_BODY_SUFFIX})(?:合作|签订|联合|共同)")


def kind_led(text: str, prefix: str) -> str | None:
    """`由市场监管部门牵头` as a department written relative to the case's region (区市场监管局)."""
    m = _LED_BY.search(normalise(text))
    return f"{prefix}{m.group(1)}局" if m else None


# 横琴税务部门积极探索…: a place's department named by its kind, opening a clause as the case's actor.
_ACTING_KIND = re.compile(r"(?:^|[,，。;；\n])\s*([\u4e00-\u9fff]{2,14}?)部门(?=积极|主动|通过|与|定期|联合|推出|建立|打造|依托|按照|创新|探索)")


def kind_acting(text: str) -> str | None:
    """The department a case's text keeps naming by place and kind as the one acting (横琴税务部门, at least
    twice at the start of a clause), as the bureau of that kind there (横琴税务局), as `kind_led` names one."""
    counts: dict[str, int] = {}
    for m in _ACTING_KIND.finditer(normalise(text)):
        written = m.group(1)
        region = gazetteer.find_region(written)
        place = next((n for n in gazetteer.names_of(region) if written.startswith(n)), None) if region else None
        if place and 2 <= len(written) - len(place) <= 6:
            counts[written] = counts.get(written, 0) + 1
    acting = [written for written, n in counts.items() if n >= 2]
    return f"{acting[0]}局" if len(acting) == 1 else None


def kinds_helping(text: str, prefix: str) -> list[str]:
    m = _HELPED_BY.search(normalise(text))
    return [f"{prefix}{kind}局" for kind in m.group(1).split("、")] if m else []


def relative_department(text: str, level: str) -> str | None:
    """The first unit written relative to the case's region (`区…局` for a district) that opens a clause."""
    simplified = normalise(text)
    for m in _RELATIVE.finditer(simplified):
        if m.group(1).startswith(level) and is_unit_name(simplified, m.start(1), m.end(1)):
            return text[m.start(1) : m.end(1)]
    return None


def partners_named(text: str) -> list[str]:
    """Units the text names as working with the lead, as written."""
    names: list[str] = []
    simplified = normalise(text)
    for m in _COOPERATES.finditer(simplified):
        if m.group(1) not in names and is_unit_name(simplified, m.start(1), m.end(1)):
            names.append(text[m.start(1) : m.end(1)])
    for m in _WITH.finditer(simplified):
        for piece in re.split(r"[、和及与]", m.group(1)):
            piece = piece.strip()
            start = m.start(1) + m.group(1).find(piece)
            if (re.search(rf"{_BODY_SUFFIX}$", piece) and not re.match(r"^(?:各|有关|相关|政府|金融|其他)", piece) and piece not in names
                    and is_unit_name(simplified, start, start + len(piece))):
                names.append(text[start : start + len(piece)])
    return names
