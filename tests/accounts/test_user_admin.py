"""Bureau admin manages users in the app's own pages; separation of duties; audit rows."""

from __future__ import annotations

import html
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from kechuang.accounts import services
from kechuang.accounts.choices import Role
from kechuang.accounts.models import User

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def test_admin_creates_a_user_with_a_generated_password(client, regions, personas):
    client.force_login(personas.admin)
    response = client.post(
        "/accounts/users/add/",
        {
            "username": "wangwu",
            "full_name": "王五",
            "email": "",
            "phone": "13800001111",
            "region": regions.town_a.pk,
            "roles": [Role.STAFF],
            "password": "",
        },
        follow=True,
    )
    body = response.content.decode()
    user = User.objects.get(username="wangwu")
    assert user.region == regions.town_a and user.role_names == {"staff"}
    assert user.must_change_password
    temporary = html.unescape(re.search(r"临时密码：(\S+)（", body).group(1))
    assert user.check_password(temporary)
    # The new user can sign in with it and is made to change it.
    client.logout()
    assert login_post(client, "wangwu", temporary).status_code == 302
    assert client.get("/")["Location"] == "/accounts/password/"


def test_create_is_audited_with_the_actor(client, regions, personas):
    client.force_login(personas.admin)
    client.post(
        "/accounts/users/add/",
        {
            "username": "zhaoliu",
            "full_name": "赵六",
            "region": regions.county_a.pk,
            "roles": [Role.LEADER],
            "password": "",
        },
    )
    user = User.objects.get(username="zhaoliu")
    entry = LogEntry.objects.get_for_object(user).get(action=LogEntry.Action.CREATE)
    assert entry.actor == personas.admin
    assert entry.cid  # the request id ties it to the request
    assert "password" not in (entry.changes_dict or {})


def test_duplicate_username_differing_in_case_is_refused(regions, personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.user_create(
            actor=personas.admin,
            username="P-STAFF-A",
            password="Ok#Pass20261",
            roles=[Role.STAFF],
            region=regions.county_a,
        )


def test_bureau_admin_cannot_grant_privileged_roles(regions, personas):
    for role in (Role.BUREAU_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            services.user_create(
                actor=personas.admin,
                username=f"x-{role}",
                password="Ok#Pass20261",
                roles=[role],
                region=regions.county_a,
            )


def test_security_admin_can_grant_the_auditor_role(regions, personas):
    user = services.user_create(
        actor=personas.security,
        username="new-auditor",
        password="Ok#Pass20261",
        roles=[Role.AUDITOR],
        region=regions.county_a,
    )
    assert user.role_names == {"auditor"}


def test_nobody_changes_their_own_roles(personas):
    with pytest.raises(PermissionDenied):
        services.user_update(
            actor=personas.security, user=personas.security, roles=[Role.SECURITY_ADMIN, Role.STAFF]
        )
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=personas.admin, user=personas.admin, active=False)


def test_admin_cannot_manage_an_auditor(personas):
    with pytest.raises(PermissionDenied):
        services.user_reset_password(
            actor=personas.admin, user=personas.auditor, password="Ok#Pass20261"
        )


def test_region_must_be_within_the_admins_region(regions, personas):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=personas.admin,
            username="outsider",
            password="Ok#Pass20261",
            roles=[Role.STAFF],
            region=regions.county_b,
        )


def test_user_list_is_scoped_to_the_admins_region(client, personas):
    client.force_login(personas.admin)
    body = client.get("/accounts/users/").content.decode()
    assert "p-staff-a" in body
    assert "p-staff-b" not in body  # county B
    assert client.get(f"/accounts/users/{personas.staff_b.pk}/").status_code == 404


def test_user_list_search_and_filters(client, personas):
    client.force_login(personas.admin)
    body = client.get("/accounts/users/", {"role": "leader"}).content.decode()
    assert "p-leader" in body and "p-staff-a" not in body
    body = client.get("/accounts/users/", {"q": "staff-a"}).content.decode()
    assert "p-staff-a" in body and "p-leader" not in body


def test_phones_are_masked_in_the_list(client, personas):
    personas.staff_a.phone = "13912345678"
    personas.staff_a.save()
    client.force_login(personas.admin)
    body = client.get("/accounts/users/").content.decode()
    assert "139****5678" in body and "13912345678" not in body


def test_disable_and_enable_through_the_pages(client, personas):
    client.force_login(personas.admin)
    client.post(f"/accounts/users/{personas.staff_a.pk}/active/", {"active": "0"})
    personas.staff_a.refresh_from_db()
    assert not personas.staff_a.is_active
    detail = client.get(f"/accounts/users/{personas.staff_a.pk}/").content.decode()
    assert "停用" in detail and "是否启用" not in detail
    client.post(f"/accounts/users/{personas.staff_a.pk}/active/", {"active": "1"})
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.is_active
    entries = (
        LogEntry.objects.get_for_object(personas.staff_a)
        .filter(action=LogEntry.Action.UPDATE, actor=personas.admin)
        .order_by("timestamp")
    )
    assert [e.changes_dict["is_active"] for e in entries] == [[True, False], [False, True]]


def test_reset_password_page_flow(client, personas):
    client.force_login(personas.admin)
    response = client.post(f"/accounts/users/{personas.staff_a.pk}/reset-password/", follow=True)
    temporary = html.unescape(re.search(r"临时密码：(\S+)（", response.content.decode()).group(1))
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.check_password(temporary) and personas.staff_a.must_change_password


def test_edit_changes_roles_and_history_shows_before_after(client, regions, personas):
    client.force_login(personas.admin)
    response = client.post(
        f"/accounts/users/{personas.staff_a.pk}/edit/",
        {
            "username": "ignored",
            "full_name": "改名后",
            "email": "",
            "phone": "",
            "region": regions.county_a.pk,
            "roles": [Role.STAFF, Role.LEADER],
        },
    )
    assert response.status_code == 302
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.username == "p-staff-a"  # username is not editable
    assert personas.staff_a.role_names == {"staff", "leader"}
    detail = client.get(f"/accounts/users/{personas.staff_a.pk}/").content.decode()
    assert "改名后" in detail and "姓名" in detail


def test_mass_assignment_of_flags_is_ignored(client, regions, personas):
    client.force_login(personas.admin)
    client.post(
        f"/accounts/users/{personas.staff_a.pk}/edit/",
        {
            "full_name": "甲",
            "region": regions.county_a.pk,
            "roles": [Role.STAFF],
            "is_superuser": "on",
            "is_staff": "on",
            "must_change_password": "",
        },
    )
    personas.staff_a.refresh_from_db()
    assert not personas.staff_a.is_superuser and not personas.staff_a.is_staff


def test_the_create_form_offers_only_grantable_roles(client, personas):
    client.force_login(personas.admin)
    body = client.get("/accounts/users/add/").content.decode()
    assert 'value="staff"' in body and 'value="auditor"' not in body


def test_history_masks_phones_names_regions_and_roles(client, regions, personas):
    client.force_login(personas.admin)
    client.post(
        f"/accounts/users/{personas.staff_a.pk}/edit/",
        {
            "full_name": "甲",
            "phone": "13812345678",
            "region": regions.town_a.pk,
            "roles": [Role.STAFF, Role.LEADER],
        },
    )
    body = client.get(f"/accounts/users/{personas.staff_a.pk}/").content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert "甲一镇" in body  # the region by name, not by id
    assert "新增：局领导" in body
