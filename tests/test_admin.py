"""The editors' admin: every changelist and change form loads; editors edit content, not users."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from reforms.models import Reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.com", "pw-Strong-123")


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "e@example.com", "pw-Strong-123", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user


CONTENT_MODELS = [m for m in admin.site._registry if m._meta.app_label in ("reforms", "search")]


def _urls(model):
    opts = model._meta
    urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
    first = model.objects.first()
    if first is not None:
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    return urls


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_superuser_loads_every_changelist_and_change_form(client, superuser, model):
    client.force_login(superuser)
    for url in _urls(model):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_editor_loads_every_content_changelist_and_change_form(client, editor, model):
    client.force_login(editor)
    for url in _urls(model):
        assert client.get(url).status_code == 200, url


def test_editor_cannot_reach_users_or_groups(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("admin:reforms_reform_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reform_change_form_explains_its_labels(client, superuser):
    client.force_login(superuser)
    case = Reform.objects.get(source__file_name__startswith="003", ordinal=34)
    html = client.get(reverse("admin:reforms_reform_change", args=[case.pk])).content.decode()
    assert "分类依据" in html and "带押过户" in html
