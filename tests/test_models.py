import pytest
from django.db import IntegrityError, transaction

from reforms.models import Reform, Region

pytestmark = pytest.mark.django_db


def test_duplicate_ordinal_in_a_source_is_refused(reform_by_key):
    existing = reform_by_key("000-1")
    duplicate = Reform(
        title="重复", body="正文", source=existing.source, ordinal=existing.ordinal, span_start=0, span_end=1,
        region=existing.region,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_span_end_before_start_is_refused(reform_by_key):
    existing = reform_by_key("000-1")
    broken = Reform(title="x", body="y", source=existing.source, ordinal=999, span_start=10, span_end=5, region=existing.region)
    with pytest.raises(IntegrityError), transaction.atomic():
        broken.save()


def test_region_with_descendants_includes_districts_but_not_other_cities():
    guangzhou = Region.objects.get(slug="guangzhou")
    names = set(Region.objects.with_descendants(guangzhou).values_list("name", flat=True))
    assert {"广州市", "天河区", "黄埔区", "越秀区"} <= names
    assert "深圳市" not in names and "广东省" not in names


def test_province_descendants_reach_the_counties():
    zhejiang = Region.objects.get(slug="zhejiang")
    assert set(Region.objects.with_descendants(zhejiang).values_list("name", flat=True)) == {"浙江省", "衢州市", "柯城区", "龙游县"}


def test_guangzhou_development_zone_is_an_alias_of_huangpu_not_a_second_region():
    assert list(Region.objects.by_name("广州开发区").values_list("name", flat=True)) == ["黄埔区"]
    assert not Region.objects.filter(name="广州开发区").exists()


def test_special_zone_and_county_sit_under_their_cities():
    assert Region.objects.get(name="横琴粤澳深度合作区").parent.name == "珠海市"
    assert Region.objects.get(name="德庆县").parent.name == "肇庆市"
    assert Region.objects.get(name="龙游县").parent.name == "衢州市"


def test_ancestors_run_from_province_to_region():
    assert [r.name for r in Region.objects.get(name="天河区").ancestors()] == ["广东省", "广州市", "天河区"]
