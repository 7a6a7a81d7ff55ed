"""Departments a case's running text names ("市工业和信息化局、广州供电局联合…"): a body that takes part in a
case is often named only there, not recorded as a lead or partner department. Their names and short forms
are indexed with the case's labels, so 工信局 finds a case whose text says 市工业和信息化局."""

from __future__ import annotations

import re

from .thesaurus import department_short_forms

# A name as running text writes it: after a place (…市, …区, …县, …省), the shortest run of characters that
# ends in an organ's suffix — no particle inside, nor a place (a new name starts there); 和 only between
# two parts (工业和信息化局), not as the conjunction between two names.
_CHAR = r"[^\W\d_a-z与及的在为已由向对将把等市区县省和]"
_NAMED = re.compile(rf"(?<=[省市区县])(?!场)({_CHAR}{{1,10}}?(?:委员会|办公室|检察院|法院|仲裁院|中心|局|委))")
_JOINED = re.compile(rf"(?<=[省市区县])(?!场)({_CHAR}{{1,5}}和{_CHAR}{{1,6}}?(?:委员会|局|委))")


# Departments listed by what they do: "市场监管、税务、社保、公安等部门" names 税务部门 and 公安部门. The
# first item may carry the words before the list (推行市场监管): kept only when short.
_LISTED = re.compile(r"((?:[^\W\d_a-z]{2,12}、)+[^\W\d_a-z]{2,6})等部门")


def _listed(text: str) -> set[str]:
    if "等部门" not in text:
        return set()  # (the pattern backtracks at every character: most of retokenising a body, for nothing)
    names = set()
    for listing in _LISTED.findall(text):
        first, *rest = listing.split("、")
        names.update(f"{item}部门" for item in ([first] if len(first) <= 4 else []) + rest)
    return names


def named_departments(text: str) -> list[str]:
    """Department names in a normalised text, each with its short forms (without the place they are in)."""
    names = set(_NAMED.findall(text)) | set(_JOINED.findall(text)) | _listed(text)
    out = []
    for name in sorted(names):
        if len(name) < 3:
            continue
        out.append(name)
        out += sorted(f for f in department_short_forms(name) if f[0] not in "市区")
    return list(dict.fromkeys(out))
