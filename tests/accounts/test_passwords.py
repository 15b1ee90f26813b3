"""SEC-02 / SEC-03: password complexity, history, forced change, age."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from kechuang.accounts import services
from kechuang.accounts.choices import Role
from kechuang.accounts.forms import generate_temporary_password
from kechuang.accounts.models import PasswordHistory, User
from kechuang.accounts.validators import character_classes

pytestmark = pytest.mark.django_db

REJECTED = {
    "Abc123!": "password_too_short",  # 7 characters
    "abcdefgh1": "password_too_simple",  # 2 classes
    "Password1!": "password_too_common",
}


@pytest.mark.parametrize("password,code", sorted(REJECTED.items()))
def test_create_path_rejects_weak_passwords(regions, personas, password, code):
    with pytest.raises(ValidationError) as info:
        services.user_create(
            actor=personas.admin,
            username="newbie",
            password=password,
            roles=[Role.STAFF],
            region=regions.county_a,
        )
    assert code in {e.code for e in info.value.error_list}
    assert not User.objects.filter(username="newbie").exists()


def test_password_containing_username_is_rejected(regions, personas):
    with pytest.raises(ValidationError) as info:
        services.user_create(
            actor=personas.admin,
            username="zhangsan",
            password="Zhangsan#2026x",
            roles=[Role.STAFF],
            region=regions.county_a,
        )
    assert "password_contains_username" in {e.code for e in info.value.error_list}


def test_reset_path_rejects_weak_password(personas):
    with pytest.raises(ValidationError):
        services.user_reset_password(
            actor=personas.admin, user=personas.staff_a, password="abcdefgh1"
        )


def test_accepts_random_three_class_password(regions, personas):
    user = services.user_create(
        actor=personas.admin,
        username="newbie2",
        password="kq7mZw2pLx",
        roles=[Role.STAFF],
        region=regions.county_a,
    )
    assert user.check_password("kq7mZw2pLx")
    assert user.must_change_password is True


def test_generated_passwords_pass_every_validator():
    from django.contrib.auth.password_validation import validate_password

    for _ in range(50):
        candidate = generate_temporary_password()
        assert character_classes(candidate) == 4
        validate_password(candidate, User(username="someone"))


def test_last_five_passwords_cannot_be_reused(personas):
    user = personas.staff_a
    used = [f"Kx{n}#mQ7pLz" for n in range(6)]
    for pw in used:
        services.user_change_password(user=user, new_password=pw)
    # The five most recent are refused...
    for pw in used[-5:]:
        with pytest.raises(ValidationError) as info:
            services.user_change_password(user=user, new_password=pw)
        assert "password_reused" in {e.code for e in info.value.error_list}
    # ...the sixth-last is allowed again.
    services.user_change_password(user=user, new_password=used[0])
    assert PasswordHistory.objects.filter(user=user).count() == 5


def test_stored_hash_is_a_strong_algorithm_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_new_user_is_sent_to_password_change_from_every_page(client, regions, personas):
    user = services.user_create(
        actor=personas.admin,
        username="firsttimer",
        password="Init#Pass2026x",
        roles=[Role.STAFF],
        region=regions.county_a,
    )
    client.force_login(user)
    for url in ["/", "/accounts/regions/", "/accounts/users/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert "首次登录或密码被重置" in page.content.decode()


def test_changing_the_password_clears_the_forced_change(client, regions, personas):
    user = services.user_create(
        actor=personas.admin,
        username="firsttimer",
        password="Init#Pass2026x",
        roles=[Role.STAFF],
        region=regions.county_a,
    )
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Init#Pass2026x",
            "new_password1": "Brand#New2026y",
            "new_password2": "Brand#New2026y",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.must_change_password is False
    assert user.check_password("Brand#New2026y")
    assert client.get("/").status_code == 200


def test_password_form_rejects_weak_password_and_renders_fields_empty(client, personas):
    client.force_login(personas.staff_a)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Tq7#mZ2!pLx9",
            "new_password1": "abcdefgh1",
            "new_password2": "abcdefgh1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "至少3类" in body
    assert "abcdefgh1" not in body  # SEC-23: password fields render empty


@override_settings(PASSWORD_MAX_AGE_DAYS=90)
def test_password_older_than_90_days_must_be_changed(client, personas):
    user = personas.staff_a
    user.password_changed_at = timezone.now()
    user.save()
    client.force_login(user)
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/"


def test_admin_reset_forces_change_at_next_login(client, personas):
    services.user_reset_password(
        actor=personas.admin, user=personas.staff_a, password="Reset#Pass2026q"
    )
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.must_change_password
    client.force_login(personas.staff_a)
    assert client.get("/")["Location"] == "/accounts/password/"


@pytest.mark.parametrize("password", ["Abc123!", "abcdefgh1", "Password1!", "Zhangsan#2026x"])
def test_every_password_message_is_chinese(regions, personas, password):
    """Django 5.2's length message had no Chinese translation (issue #11, defect 13)."""
    with pytest.raises(ValidationError) as info:
        services.user_create(
            actor=personas.admin,
            username="zhangsan",
            password=password,
            roles=[Role.STAFF],
            region=regions.county_a,
        )
    for message in info.value.messages:
        assert not message.isascii() and "password" not in message.lower(), message
