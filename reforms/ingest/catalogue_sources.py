"""What we know about each source file beyond its text: title, publisher, date, layout, region, script.

Publisher and date are what the texts state (来源 / 信息来源 / 发表时间 lines, signatures); none of the
five names its web address, so `original_url` stays empty until an editor fills it in the admin."""

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
    original_url: str = ""  # the address the text was published at, where the text or its page states it
    sha256: str = ""  # digest of the file as received: the test suite checks the copy in fixtures/sources


KNOWN_SOURCES = {
    info.file_name: info
    for info in [
        SourceInfo(
            "000_cc630a5dbe3f5743.txt", "广州营商环境改革十大最佳实践(2023)", "大洋网",
            dt.date(2024, 4, 2), "best_practice", "simplified", "guangzhou", "guangzhou", 2023,
            sha256="1faf7e97371f4c8c3323557a4ba314b7abf32cfac475bdd5e82aff563408a80b",
        ),
        SourceInfo(
            "001_05f9ac047565e1e5.txt", "广州开发区营商环境改革创新经验做法清单", "广东省发展和改革委员会",
            dt.date(2022, 1, 25), "numbered_table", "simplified", "guangzhou", "guangzhou-huangpu", 2021,
            sha256="4272fb34e412c222be2fd3c5f2225813bf90f17ed1f676ab4d25e8b607ac63ff",
        ),
        SourceInfo(
            "002_b682e3cf10297c15.txt", "天河区全面优化营商环境行动方案", "广州市天河区发展和改革局",
            dt.date(2020, 4, 1), "action_plan", "simplified", "guangzhou", "guangzhou-tianhe", 2020,
            sha256="a84739d4d4ae7f57101c29185fc15598dc052c5eabb5368f2d93a4da8c56d3ed",
        ),
        SourceInfo(
            "003_f1033dd41ee54d40.txt", "廣東營商環境改革經驗(2022–2023)",
            # the text is signed 責任編輯 of 国脉电子政务网, which reposted the series ("我委…陸續推出")
            "国脉电子政务网(转载)",
            None, "provincial_cases", "traditional", "guangzhou", None, 2022,
            sha256="c8286b4ae7f4364a6b9ba1581cae150976e4a0830a85ce34b634886e3c8f8bcf",
        ),
        SourceInfo(
            "004_1edcca29c0c10a3e.txt", "衢州市2023年度优化营商环境十佳创新案例",
            # "市营商办在全市范围征集评选出…"; the page it was taken from is 国脉电子政务网's repost
            "衢州市营商办(国脉电子政务网转载)",
            None, "lead_unit", "simplified", "quzhou", "quzhou", 2023,
            sha256="7b3db381812539b6eb79fb726839e9454ef302e068f90af4c8403a7bce35a739",
        ),
    ]
}
