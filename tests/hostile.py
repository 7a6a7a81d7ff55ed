"""A deterministic corpus of hostile parameter values (well over 1 000): query-language and SQL syntax,
Unicode digits and look-alikes, control and invisible characters, markup, numbers at and past every
limit, very long values and broken percent-encodings. Built from seeds × transformations so every value
is distinct and the same on every run."""

from __future__ import annotations

from urllib.parse import quote

SEEDS = [
    # the query language and what the engines would read as syntax (FTS5, tsquery, LIKE)
    '"', '""', '"营商', '营商"', '“', '”“', "-", "--", "-税", "- -", "*", "**", "税*", "^", "^税", ":", ":*", "税:*", "&", "&&",
    "|", "||", "!", "!!", "<->", "<1>", "(", ")", "()", "((((", "))))", "NEAR(", "NEAR(税 营商, 2)", "AND", "OR", "NOT", "税 AND",
    "OR 税", "NOT NOT", "%", "%%", "_", "\\", "\\\\", "'", "''", "';--", "' OR '1'='1", "1; DROP TABLE reforms_reform;--",
    "税' UNION SELECT 1--", "$$", "E'\\x00'", "{}", "[]", "[税]", "{税}", "@@version", "/* */", "#", "`", "~", "?", "=", "+",
    # markup and template syntax
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ request }}", "{% debug %}",
    "${7*7}", "&lt;", "&#0;", "<!--", "]]>", "</textarea>", "\"><svg onload=alert(1)>",
    # Unicode digits and look-alikes (isdigit() is true for several; int() refuses some)
    "²", "¹²", "³⁴", "٣", "٣٤", "३", "௫", "๕", "᠑", "①", "Ⅻ", "ⅻ", "１２", "１", "𝟙𝟚", "⁰", "₁", "½", "٫", "〇", "一二", "十",
    # controls, invisibles, direction overrides, odd code points
    "\x00", "a\x00b", "\x01", "\x07", "\x08", "\t", "\n", "\r\n", "\x1b[31m", "\x7f", "\u200b", "\u200d", "\ufeff", "\u202e税",
    "\u2028", "\u2029", "\ufffd", "\ufffe", "\U0010ffff", "\U0001f600", "\u3000", "\u00a0", "e\u0301", "ﬁ", "ß", "İ", "ǅ",
    # CJK radicals and strokes: in the CJK blocks but neither Han characters nor letters (营商⺀⺀ once raised)
    "营商⺀⺀", "营⺇⺇⺇", "⺀营商环境", "营商环境⿰⿰⿰", "税㇀㇀", "〡〢〣〤", "营商〆〆", "营商〇〇", "a²bc 税\"〻Å",
    # numbers at and past the limits
    "0", "-1", "-0", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "Infinity", "1.5", "1,5", " 1", "1 ", "+1", "0x10", "0o7",
    "0b1", "1_000", "99999999999999999999", "2147483648", "9223372036854775808", "-9223372036854775809", "1e-400", "00001",
    "100001", "3.4028235e38", "1/0", "1e", ".", "..", "...",
    # paths and names
    "../../etc/passwd", "..\\..\\windows", "/", "//", "%2e%2e/", "guangzhou/../", "guangzhou\x00", "GUANGZHOU", "guang zhou",
    "guangzhou,shenzhen", "guangzhou;", "nonexistent-region", "x" * 64, "x" * 65,
    # Chinese text, both scripts, and repetitions
    "营商环境", "營商環境", "税", "稅", "带押过户", "帶押過戶", "秒批", "一网通办", "的", "的的的的", "营商环境 的 了 和", "广州 深圳 -珠海",
    "“带押过户”", "「带押过户」", "税" * 200, "营商环境" * 300,
]

TRANSFORMS = [
    lambda s: s,
    lambda s: f'"{s}"',
    lambda s: f"-{s}",
    lambda s: f"税 {s}",
    lambda s: f"{s} {s}",
    lambda s: f"({s}",
    lambda s: s.upper(),
    lambda s: s * 3,
    lambda s: f"{s}\x00",
]

# Raw query strings a client can send that no encoder would produce: broken and overlong UTF-8, NUL bytes.
RAW = ["%FF", "%C0%AF", "%ED%A0%80", "%E4%B8", "%00", "%25", "%%%", "%G1", "q%3D", "%E2%80%AE", "%F4%90%80%80", "%C3%28",
       "+++", "%2B%2B", "&&&", "=", "==", "%0A%0D", "%EF%BF%BF", "a%00b"]


def values() -> list[str]:
    """Every seed under every transformation, distinct, long values cut at 12 000 characters."""
    seen: dict[str, None] = {}
    for transform in TRANSFORMS:
        for seed in SEEDS:
            seen.setdefault(transform(seed)[:12000], None)
    return list(seen)


def encoded(value: str) -> str:
    """A value as it travels in a query string (UTF-8, percent-encoded)."""
    return quote(value, safe="")


def raw_values() -> list[str]:
    """Already-encoded query-string values, some of them not valid UTF-8."""
    return RAW + [f"{raw}{encoded(seed)}" for raw in RAW for seed in ("税", "guangzhou", "1")]
