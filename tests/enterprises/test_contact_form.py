"""Forms as a bureau expects them (issue #14): contacts stay masked in the edit form, phone
and e-mail are checked, one error list at the top names every offending field, which is
marked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def edit_data(page):
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_staff_edit_form_masks_contacts_and_keeps_them_unless_changed(client, personas, registry):
    a = registry.a
    a.contact_email = "boss@hawei.example"
    a.save(update_fields=["contact_email"])
    client.force_login(personas.staff_a)
    page = client.get(f"/enterprises/{a.pk}/edit/")
    html = page.content.decode()
    assert "13800000001" not in html and "138****0001" in html
    assert "boss@hawei.example" not in html and "b***@hawei.example" in html
    # saved unchanged: the stored contacts stay
    assert client.post(f"/enterprises/{a.pk}/edit/", edit_data(page)).status_code == 302
    a.refresh_from_db()
    assert (a.contact_phone, a.contact_email) == ("13800000001", "boss@hawei.example")
    # a new number typed in full replaces it
    page = client.get(f"/enterprises/{a.pk}/edit/")
    data = {**edit_data(page), "contact_phone": "0571-88886666"}
    assert client.post(f"/enterprises/{a.pk}/edit/", data).status_code == 302
    a.refresh_from_db()
    assert a.contact_phone == "0571-88886666"


def test_bad_phone_and_email_are_listed_and_marked(client, personas, registry):
    a = registry.a
    client.force_login(personas.staff_a)
    page = client.get(f"/enterprises/{a.pk}/edit/")
    data = {**edit_data(page), "contact_phone": "12345", "contact_email": "not-an-address"}
    answer = client.post(f"/enterprises/{a.pk}/edit/", data)
    html = answer.content.decode()
    assert answer.status_code == 200
    summary = html.split('data-testid="form-error-summary"', 1)[1].split("</div>", 1)[0]
    assert "有 2 项需要修正" in summary
    assert 'href="#id_contact_phone"' in summary and "联系电话“12345”格式不对" in summary
    assert 'href="#id_contact_email"' in summary
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    a.refresh_from_db()
    assert a.contact_phone == "13800000001"  # nothing stored


def test_the_enterprise_sees_its_own_contacts_in_full(client, personas, registry):
    client.force_login(personas.enterprise_a)
    html = client.get(f"/enterprises/{registry.a.pk}/edit/").content.decode()
    assert "13800000001" in html
