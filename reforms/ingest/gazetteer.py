"""The regions the sources name, with levels, parents and aliases, and how a text is placed in one.

Short forms (云浮 for 云浮市) and the other name of a shared administration (广州开发区 = 黄埔区) are
aliases, so a region is always found under any of the names the sources use.
"""

from __future__ import annotations

from collections import Counter

from reforms.text import normalise

# slug, name, level, parent slug, aliases
REGIONS: list[tuple[str, str, str, str | None, list[str]]] = [
    ("guangdong", "广东省", "province", None, ["广东"]),
    ("guangzhou", "广州市", "city", "guangdong", ["广州"]),
    ("guangzhou-yuexiu", "越秀区", "district", "guangzhou", []),
    ("guangzhou-huangpu", "黄埔区", "district", "guangzhou", ["广州开发区", "广州经济技术开发区", "黄埔"]),
    ("guangzhou-tianhe", "天河区", "district", "guangzhou", ["天河"]),
    ("guangzhou-huadu", "花都区", "district", "guangzhou", ["花都"]),
    ("guangzhou-zengcheng", "增城区", "district", "guangzhou", ["增城"]),
    ("shenzhen", "深圳市", "city", "guangdong", ["深圳"]),
    ("foshan", "佛山市", "city", "guangdong", ["佛山"]),
    ("dongguan", "东莞市", "city", "guangdong", ["东莞"]),
    ("zhuhai", "珠海市", "city", "guangdong", ["珠海"]),
    ("zhuhai-doumen", "斗门区", "district", "zhuhai", []),
    ("hengqin", "横琴粤澳深度合作区", "zone", "zhuhai", ["横琴", "横琴新区"]),
    ("zhongshan", "中山市", "city", "guangdong", ["中山"]),
    ("jiangmen", "江门市", "city", "guangdong", ["江门"]),
    ("zhanjiang", "湛江市", "city", "guangdong", ["湛江"]),
    ("zhaoqing", "肇庆市", "city", "guangdong", ["肇庆"]),
    ("zhaoqing-deqing", "德庆县", "district", "zhaoqing", ["德庆"]),
    ("shantou", "汕头市", "city", "guangdong", ["汕头"]),
    ("chaozhou", "潮州市", "city", "guangdong", ["潮州"]),
    ("yunfu", "云浮市", "city", "guangdong", ["云浮"]),
    ("maoming", "茂名市", "city", "guangdong", ["茂名"]),
    ("maoming-huazhou", "化州市", "district", "maoming", ["化州"]),
    ("huizhou", "惠州市", "city", "guangdong", ["惠州"]),
    ("zhejiang", "浙江省", "province", None, ["浙江"]),
    ("quzhou", "衢州市", "city", "zhejiang", ["衢州"]),
    ("quzhou-kecheng", "柯城区", "district", "quzhou", ["柯城"]),
    ("quzhou-longyou", "龙游县", "district", "quzhou", ["龙游"]),
]

_BY_SLUG = {slug: (slug, name, level, parent, aliases) for slug, name, level, parent, aliases in REGIONS}


def names_of(slug: str) -> list[str]:
    _, name, _, _, aliases = _BY_SLUG[slug]
    return [name, *aliases]


def region_name(slug: str) -> str:
    return _BY_SLUG[slug][1]


def parent_of(slug: str) -> str | None:
    return _BY_SLUG[slug][3]


def depth(slug: str) -> int:
    d, node = 0, slug
    while (node := parent_of(node)) is not None:
        d += 1
    return d


def _mentions(text: str) -> list[tuple[int, str]]:
    """(position, slug) of every region name in a (normalised) text, longest name first at a position."""
    found = []
    for slug, *_ in REGIONS:
        for name in sorted(names_of(slug), key=len, reverse=True):
            start = text.find(name)
            while start != -1:
                found.append((start, slug))
                start = text.find(name, start + len(name))
    return found


def find_region(text: str) -> str | None:
    """The most specific region a short text (a title) names; on ties the one named first."""
    text = normalise(text)
    mentions = _mentions(text)
    if not mentions:
        return None
    return max(mentions, key=lambda m: (depth(m[1]), -m[0]))[1]


def refine_region(slug: str, body: str, threshold: int = 3) -> str:
    """A child of `slug` that the body keeps returning to (化州市 in a 茂名市 case) is what the case is about."""
    counts = Counter(s for _, s in _mentions(normalise(body)) if parent_of(s) == slug)
    if len(counts) == 1:
        child, count = counts.most_common(1)[0]
        if count >= threshold:
            return child
    return slug


def slug_for_name(name: str) -> str | None:
    name = normalise(name)
    for slug, *_ in REGIONS:
        if name in names_of(slug):
            return slug
    return None
