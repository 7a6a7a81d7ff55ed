"""What we know about each source file beyond its text: title, publisher, date, layout, region, script."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceInfo:
    file_name: str
    title: str
    publisher: str
    published_on: dt.date | None
    layout: str
    script: str
    city: str  # gazetteer slug of the city the text is written from
    region: str | None  # default region of its cases; None: each title names one
    year: int | None


KNOWN_SOURCES = {
    info.file_name: info
    for info in [
        SourceInfo(
            "000_cc630a5dbe3f5743.txt", "广州营商环境改革十大最佳实践(2023)", "大洋网",
            dt.date(2024, 4, 2), "best_practice", "simplified", "guangzhou", "guangzhou", 2023,
        ),
        SourceInfo(
            "001_05f9ac047565e1e5.txt", "广州开发区营商环境改革创新经验做法清单", "广东省发展和改革委员会",
            dt.date(2022, 1, 25), "numbered_table", "simplified", "guangzhou", "guangzhou-huangpu", 2021,
        ),
        SourceInfo(
            "002_b682e3cf10297c15.txt", "天河区全面优化营商环境行动方案", "广州市天河区发展和改革局",
            dt.date(2020, 4, 1), "action_plan", "simplified", "guangzhou", "guangzhou-tianhe", 2020,
        ),
        SourceInfo(
            "003_f1033dd41ee54d40.txt", "廣東營商環境改革經驗(2022–2023)", "国脉(转载)",
            None, "provincial_cases", "traditional", "guangzhou", None, 2022,
        ),
        SourceInfo(
            "004_1edcca29c0c10a3e.txt", "衢州市2023年度优化营商环境十佳创新案例", "衢州市",
            None, "lead_unit", "simplified", "quzhou", "quzhou", 2023,
        ),
    ]
}
