"""A region renamed or moved takes its whole subtree along: its page lists every case of the city and its
districts under the new slug, and no region is left under the old path."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from reforms.models import Reform, Region

pytestmark = pytest.mark.django_db


def _cases_below(region):
    return set(Reform.objects.filter(region__path__startswith=region.path).values_list("pk", flat=True))


def test_a_new_city_slug_moves_its_districts_and_the_page_lists_every_case(client):
    guangzhou = Region.objects.get(slug="guangzhou")
    cases = _cases_below(guangzhou)
    districts = Region.objects.filter(parent=guangzhou).count()
    assert districts >= 5 and len(cases) > Reform.objects.filter(region=guangzhou).count()

    admin = User.objects.create_superuser("root", "root@example.com", "pw-Strong-123")
    client.force_login(admin)
    form = {"name": guangzhou.name, "level": guangzhou.level, "parent": guangzhou.parent_id, "aliases": '["广州"]', "slug": "gz"}
    response = client.post(f"/admin/reforms/region/{guangzhou.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert not Region.objects.filter(path__startswith="/guangdong/guangzhou/").exists()
    assert Region.objects.filter(path__startswith="/guangdong/gz/").count() == districts + 1
    page = client.get("/regions/gz/")
    assert page.status_code == 200
    # the page lists through the paged search (issue 19): every case below counts, one page is shown
    assert page.context["total"] == len(cases)
    assert {row["reform"].pk for row in page.context["rows"]} <= cases and len(page.context["rows"]) == min(20, len(cases))
    assert client.get("/regions/guangzhou/").status_code == 404


def test_a_region_moved_to_another_parent_takes_its_subtree_along():
    guangzhou = Region.objects.get(slug="guangzhou")
    cases = _cases_below(guangzhou)
    other_root = Region.objects.create(name="测试省", level="province", slug="test-province")
    guangzhou.parent = other_root
    guangzhou.save()
    assert Region.objects.get(slug="guangzhou-tianhe").path == "/test-province/guangzhou/guangzhou-tianhe/"
    assert _cases_below(Region.objects.get(slug="guangzhou")) == cases
    assert not Region.objects.filter(path__startswith="/guangdong/guangzhou/").exists()


def test_a_region_cannot_be_put_under_its_own_district():
    guangzhou = Region.objects.get(slug="guangzhou")
    guangzhou.parent = Region.objects.get(slug="guangzhou-tianhe")
    with pytest.raises(ValidationError):
        guangzhou.full_clean()
