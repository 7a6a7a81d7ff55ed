"""Synthetic source files of any size for import tests and the import benchmark: the real cases of source
000 (layout best_practice, `案例N`) repeated with numbered titles and one distinguishing sentence, so no case
duplicates another or the catalogue's; and a provincial_cases file (`N.` headers) of any length."""

from __future__ import annotations

from django.conf import settings

from reforms.ingest.pipeline import parse_source

TEMPLATE = "000_cc630a5dbe3f5743.txt"


def best_practice_text(n: int) -> str:
    """`n` cases in the layout of source 000 (whose parser reads case numbers of any length)."""
    parsed = parse_source(settings.SOURCES_DIR / TEMPLATE)
    templates = [case.record for case in parsed.cases]
    out = ["广州营商环境改革最佳实践汇编(测试)出炉", "", "营商环境是滋养市场主体的阳光雨露。", ""]
    for k in range(1, n + 1):
        record = templates[(k - 1) % len(templates)]
        paragraphs = record.body.split("\n")[1:]
        paragraphs[0] = f"{paragraphs[0]}这是汇编中的第{k}个案例。"
        out += [f"案例{k}", "", f"{record.unit}:{record.title}(第{k}例)", ""]
        for paragraph in paragraphs:
            out += [paragraph, ""]
    return "\n".join(out)


def provincial_text(n: int) -> str:
    """`n` cases written `N.标题`, whose parser reads at most three-digit numbers."""
    out = ["广东省优化营商环境改革案例汇编(测试)", ""]
    for k in range(1, n + 1):
        out += [
            f"{k}.广州市第{k}项改革推行企业开办“一网通办”", "",
            "一、主要做法", "", f"广州市推行第{k}项改革,企业开办全程网上办理,材料一次提交。", "",
            "二、取得成效", "", f"企业开办时间由5个工作日压缩至{k % 3 + 1}个工作日。", "",
        ]
    return "\n".join(out)
