"""Numbers and units as written, and their base values."""

import pytest

from reforms.quantities import base_of, kind_of_unit, parse_number, parse_range, quantity


@pytest.mark.parametrize(
    "numeral, unit, expected",
    [
        ("95亿", "元", (95, "亿元", "元", 9.5e9, "")),
        ("2800余", "宗", (2800, "宗", "宗", 2800, "余")),
        ("100多万", "", (100, "万", "", 1e6, "多")),
        ("千", "亿元", (1000, "亿元", "元", 1e11, "")),
        ("百", "家", (100, "家", "家", 100, "")),
        ("八", "成", (8, "成", "%", 80, "")),
        ("1.3万", "吨标准煤", (1.3, "万吨标准煤", "吨标准煤", 13000, "")),
        ("2.8", "天", (2.8, "天", "天", 2.8, "")),
    ],
)
def test_quantities_as_written_and_in_base_units(numeral, unit, expected):
    q = quantity(numeral, unit)
    assert (q.value, q.unit, q.base_unit, q.value_base, q.approximate) == pytest.approx(expected)


def test_ranges_share_their_multiplier_and_spelled_neighbours_are_a_range():
    middle, low, high = parse_range("15-20万", "元")
    assert (middle.value, middle.unit, low, high, middle.value_base) == (17.5, "万元", 15, 20, 175000)
    middle, low, high = parse_range("三四", "趟")
    assert (middle.value, low, high) == (3.5, 3, 4)


def test_base_units_and_kinds():
    assert base_of("小时") == ("天", pytest.approx(1 / 24)) and base_of("个工作日") == ("工作日", 1)
    assert base_of("万美元") == ("美元", 1e4)
    assert [kind_of_unit(u) for u in ("个月", "亿元", "%", "平方公里", "家")] == ["time", "money", "percent", "other", "count"]


def test_numbers_that_are_not_numbers():
    assert parse_number("三十五") == 35 and parse_number("4053.47万") == 40534700
    assert parse_number("") is None and parse_number("abc") is None and parse_number("亿") == 1e8
