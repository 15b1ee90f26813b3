"""A captcha on the sign-in form after three failed attempts; the lockout after five is
unchanged (issue #14)."""

from __future__ import annotations

import shutil

import pytest
from captcha.models import CaptchaStore

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def captcha_on(settings):
    settings.SIGNIN_CAPTCHA = True


def post(client, username, password="Wrong#Pass0000", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def solved(response) -> dict[str, str]:
    """The captcha on a page, answered as a person reading the image would."""
    page = response.content.decode()
    key = page.split('name="captcha_0" value="', 1)[1].split('"', 1)[0]
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def failures(username):
    return LoginEvent.objects.filter(kind=LoginEventKind.FAILURE, username=username).count()


def test_the_fourth_attempt_needs_the_captcha(client, personas, password):
    first = client.get("/accounts/login/").content.decode()
    assert 'data-testid="captcha"' not in first
    answers = [post(client, "p-staff-a") for _ in range(3)]
    assert 'data-testid="captcha"' not in answers[1].content.decode()
    third = answers[2].content.decode()
    assert 'data-testid="captcha"' in third and 'data-testid="captcha-image"' in third
    # without the captcha even the right password does not sign in, and is not checked
    fourth = post(client, "p-staff-a", password)
    assert fourth.status_code == 200 and "请输入验证码" in fourth.content.decode()
    assert "_auth_user_id" not in client.session
    assert failures("p-staff-a") == 3
    wrong = post(
        client, "p-staff-a", password, captcha_0=solved(fourth)["captcha_0"], captcha_1="0"
    )
    assert "验证码不正确" in wrong.content.decode() and "_auth_user_id" not in client.session
    # solved: signed in, and the browser's count starts again
    ok = post(client, "p-staff-a", password, **solved(wrong))
    assert ok.status_code == 302 and "_auth_user_id" in client.session
    client.post("/accounts/logout/")
    assert 'data-testid="captcha"' not in client.get("/accounts/login/").content.decode()


def test_failures_on_a_username_from_other_browsers_ask_for_the_captcha(client, personas):
    from django.test import Client

    for _ in range(3):
        post(Client(), "p-leader")
    fresh = client.post("/accounts/login/", {"username": "P-Leader", "password": "x"})
    assert "请输入验证码" in fresh.content.decode()
    assert failures("P-Leader") == 0  # the password was not tried


def test_the_lockout_after_five_failures_is_unchanged(client, personas, password):
    response = None
    for _ in range(5):
        extra = (
            solved(response) if response is not None and b"captcha_0" in response.content else {}
        )
        response = post(client, "p-staff-b", **extra)
    assert response.status_code == 403
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKOUT, username="p-staff-b").exists()
    # locked: the right password with a solved captcha is still refused
    page = client.get("/accounts/login/")
    locked = post(client, "p-staff-b", password, **solved(page))
    assert locked.status_code == 403 and "_auth_user_id" not in client.session


def test_the_image_is_served_to_anyone_and_audio_only_with_flite(client, personas, monkeypatch):
    for _ in range(3):
        response = post(client, "p-staff-a")
    key = solved(response)["captcha_0"]
    image = client.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    import captcha.conf.settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", None)
    without = post(client, "p-staff-a").content.decode()
    assert 'data-testid="captcha-audio"' not in without


@pytest.mark.skipif(not shutil.which("flite"), reason="flite is not installed (CI installs it)")
def test_the_audio_alternative_speaks_the_digits(client, personas, monkeypatch):
    import captcha.conf.settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", shutil.which("flite"))
    for _ in range(3):
        response = post(client, "p-staff-a")
    page = response.content.decode()
    assert 'data-testid="captcha-audio"' in page
    key = solved(response)["captcha_0"]
    audio = client.get(f"/captcha/audio/{key}.wav")
    body = b"".join(audio.streaming_content) if audio.streaming else audio.content
    assert audio.status_code == 200 and body[:4] == b"RIFF" and body[8:12] == b"WAVE"
