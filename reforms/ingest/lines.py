"""Splitting a source into lines with their offsets, and telling page furniture from content."""

from __future__ import annotations

import re

from reforms.text import normalise

from .records import Line

_FURNITURE = re.compile(
    r"""^(?:
        \S+\.(?:png|jpe?g|gif|bmp|webp)            # image file names: 11.jpg, 微信截图_….png
      | image\.png
      | 热门文章 | 联系方式 | 相关附件.* | 打印文档.* | 关闭窗口 | 更多精彩.* | 关于国脉
      | 国脉,是.* | 电话[:：].* | 邮箱[:：].* | 地址[:：].* | 来源[:：].* | 信息来源[:：].* | 发表时间[:：].*
      | 您所在的位置.* | 当前位置.* | 网站支持ipv6.* | 无障碍阅读.* | .*二维码 | 字体[:：].* | 序号 | 名称 | 具体内容
      | 邮编[:：].* | 邮政编码[:：].* | 传真[:：].* | (?:责任)?编辑[:：].* | 审核[:：].* | 校对[:：].* | 作者[:：].*
      | 浏览次数.* | 阅读次数.* | 分享到.* | 扫一扫.* | 附件[:：]\S*\.(?:xlsx?|docx?|pdf|wps|zip)
    )$""",
    re.VERBOSE,
)


def split_lines(text: str, repaired: str | None = None) -> list[Line]:
    """Lines of the raw text with their character offsets; content from the repaired text if given.

    Repair works line by line, so raw and repaired texts have the same number of lines.
    """
    raw_lines = text.split("\n")
    content_lines = (repaired if repaired is not None else text).split("\n")
    lines, offset = [], 0
    for number, (raw, content) in enumerate(zip(raw_lines, content_lines, strict=True), start=1):
        lines.append(Line(number=number, start=offset, end=offset + len(raw), text=content.strip(" \t\u3000\u00a0\r")))
        offset += len(raw) + 1
    return lines


def is_furniture(text: str) -> bool:
    """Navigation, captions, contact lines and other page furniture that is never part of a case."""
    return bool(_FURNITURE.match(normalise(text).strip()))


def content_lines(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text and not is_furniture(line.text)]


SENTENCE_END = re.compile(r"(?<=[。；;!！?？])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
