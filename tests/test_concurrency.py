"""Two editors on one case: the second save from a form opened before the first is refused with both
versions shown, and nothing the first editor saved is lost."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from reforms.models import Reform

pytestmark = pytest.mark.django_db


def _editor(name):
    user = User.objects.create_user(name, f"{name}@example.com", "pw-Strong-123", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    client = Client()
    client.force_login(user)
    return client


def _value(bound):
    value = bound.value()
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if isinstance(value, bool):
        return "on" if value else None
    return "" if value is None else str(value)


def _form_data(response) -> dict:
    """What a browser would send back unchanged: every field of the change form and its inlines."""
    data = {}

    def add(form):
        for bound in form:
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_a_save_from_a_stale_form_is_refused_and_loses_nothing():
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=2)
    url = f"/admin/reforms/reform/{case.pk}/change/"
    alice, bob = _editor("alice"), _editor("bob")
    form_a = _form_data(alice.get(url))
    form_b = _form_data(bob.get(url))  # both opened before anyone saved

    form_a["title"] = "甲编辑改过的标题"
    assert alice.post(url, form_a).status_code == 302

    form_b["summary"] = "乙编辑写的概述"
    response = bob.post(url, form_b)
    assert response.status_code == 200
    html = response.content.decode()
    assert "保存冲突" in html and "alice" in html
    assert "甲编辑改过的标题" in html and case.title in html  # both versions of the title, side by side

    case.refresh_from_db()
    assert case.title == "甲编辑改过的标题"  # Alice's edit is kept
    assert case.summary != "乙编辑写的概述"  # and Bob's stale form wrote nothing


def test_after_seeing_the_conflict_saving_again_is_a_deliberate_overwrite():
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=3)
    url = f"/admin/reforms/reform/{case.pk}/change/"
    alice, bob = _editor("alice"), _editor("bob")
    form_a, form_b = _form_data(alice.get(url)), _form_data(bob.get(url))
    form_a["title"] = "甲的标题"
    assert alice.post(url, form_a).status_code == 302
    form_b["summary"] = "乙的概述"
    conflict = bob.post(url, form_b)
    assert conflict.status_code == 200
    resubmitted = _form_data(conflict)
    assert bob.post(url, resubmitted).status_code == 302
    case.refresh_from_db()
    assert case.summary == "乙的概述"


def test_saves_one_after_another_both_go_through():
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=4)
    url = f"/admin/reforms/reform/{case.pk}/change/"
    alice, bob = _editor("alice"), _editor("bob")
    form_a = _form_data(alice.get(url))
    form_a["title"] = "甲的标题"
    assert alice.post(url, form_a).status_code == 302
    form_b = _form_data(bob.get(url))  # opened after Alice saved
    form_b["summary"] = "乙的概述"
    assert bob.post(url, form_b).status_code == 302
    case.refresh_from_db()
    assert (case.title, case.summary) == ("甲的标题", "乙的概述")
