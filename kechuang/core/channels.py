"""Pluggable notification channels (issue #14): a reminder reaches people with or without an
account. Each recipient (an enterprise, later a commissioner or an expert) is tried on every
channel it can be reached by — in-app for its accounts, e-mail, SMS through the configured
gateway — and the run reports how many were reached by which channel and who could not be
reached, and why.

SMS goes through ``settings.SMS_BACKEND`` (a dotted path): ``ConsoleSmsBackend`` prints and keeps
what it would send (development, demo, tests); ``HttpSmsGateway`` is the adapter for a
commercial gateway (docs/deployment.md); empty means no SMS, reported as such."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

IN_APP, EMAIL_CHANNEL, SMS = "in_app", "email", "sms"
CHANNEL_LABELS = {IN_APP: "站内提醒", EMAIL_CHANNEL: "电子邮件", SMS: "短信"}


@dataclass(frozen=True)
class Message:
    key: str  # once per recipient per key (in-app); e.g. "rd-remind:12:20261206"
    title: str
    body: str = ""
    url: str = ""

    def sms_text(self) -> str:
        return f"【科创】{self.title}。{self.body}"[:300]


@dataclass
class Recipient:
    """Whoever is to be reached: a label for the report, accounts, an e-mail, a phone."""

    ref: int
    label: str
    users: list[Any] = field(default_factory=list)
    email: str = ""
    phone: str = ""


@dataclass
class Outcome:
    total: int = 0
    new: int = 0  # recipients to whom something went out for the first time under the key
    reached: Counter[str] = field(default_factory=Counter)  # channel → recipients reached
    unreachable: list[dict[str, Any]] = field(default_factory=list)  # {ref, label, reason}

    @property
    def reached_count(self) -> int:
        return self.total - len(self.unreachable)

    def summary(self) -> str:
        by_channel = "，".join(
            _("%(c)s %(n)d") % {"c": _(CHANNEL_LABELS[c]), "n": n}
            for c, n in self.reached.items()
            if n
        )
        text = _("共%(t)d家：已送达%(r)d家") % {"t": self.total, "r": self.reached_count}
        if by_channel:
            text += _("（%(b)s）") % {"b": by_channel}
        if self.unreachable:
            text += _("，无法送达%(u)d家") % {"u": len(self.unreachable)}
        return text + "。"


class SmsError(Exception):
    pass


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Prints each message and keeps it in ``outbox`` (development, demo and tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        ConsoleSmsBackend.outbox.append((phone, text))
        logger.info("SMS to %s: %s", phone[:3] + "****" + phone[-4:], text)


class HttpSmsGateway:
    """The adapter for a commercial SMS gateway that takes a JSON POST (most Chinese gateways
    do, behind their SDKs): ``SMS_GATEWAY_URL``, ``SMS_GATEWAY_KEY`` (sent as a bearer token),
    ``SMS_SIGN_NAME`` (the registered 签名). A gateway with another shape gets its own small
    class with the same ``send``; docs/deployment.md shows how."""

    def __init__(self) -> None:
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.key = getattr(settings, "SMS_GATEWAY_KEY", "")
        self.sign = getattr(settings, "SMS_SIGN_NAME", "科创")
        if not self.url:
            raise SmsError("SMS_GATEWAY_URL is not set")

    def send(self, phone: str, text: str) -> None:
        from urllib.error import URLError
        from urllib.request import Request, urlopen

        body = json.dumps({"phone": phone, "sign": self.sign, "text": text}).encode()
        request = Request(  # noqa: S310 - the configured gateway's https URL
            self.url,
            data=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
            method="POST",
        )
        try:
            with urlopen(request, timeout=10) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (URLError, OSError, ValueError) as exc:
            raise SmsError(str(exc)) from exc
        if str(answer.get("code", "ok")).lower() not in {"ok", "0", "200"}:
            raise SmsError(str(answer.get("message") or answer))


def first_time(key: str, channel: str, address: str) -> bool:
    """Record that ``key`` goes to ``address`` by ``channel``; False when it already went."""
    from django.db import IntegrityError, transaction

    from .models import SentMessage

    try:
        with transaction.atomic():
            SentMessage.objects.create(key=key[:200], channel=channel, address=address[:200])
    except IntegrityError:
        return False
    return True


def sms_backend() -> SmsBackend | None:
    path = getattr(settings, "SMS_BACKEND", "") or ""
    if not path:
        return None
    try:
        return import_string(path)()  # type: ignore[no-any-return]
    except (ImportError, SmsError) as exc:
        logger.error("SMS backend %s unusable: %s", path, exc)
        return None


def deliver(
    recipients: list[Recipient],
    message: Message | Callable[[Recipient], Message],
    *,
    sms: bool = True,
) -> Outcome:
    """Reach each recipient on every channel it has; report who was reached how, and why the
    others were not. ``message`` may depend on the recipient (its own form's link)."""
    from django.core.mail import send_mail

    from .services import notify

    outcome = Outcome(total=len(recipients))
    backend = sms_backend() if sms else None
    for recipient in recipients:
        hit: set[str] = set()
        this = message(recipient) if callable(message) else message
        users = [u for u in recipient.users if getattr(u, "is_active", False)]
        fresh = False
        if users:
            fresh |= bool(
                notify(users=users, key=this.key, title=this.title, body=this.body, url=this.url)
            )
            hit.add(IN_APP)
            if any(getattr(u, "email", "") for u in users):
                hit.add(EMAIL_CHANNEL)  # notify() e-mails every user who has an address
        known = {getattr(u, "email", "").lower() for u in users}
        email = (recipient.email or "").strip()
        if email and EMAIL.match(email) and email.lower() not in known:
            if not first_time(this.key, EMAIL_CHANNEL, email.lower()):
                hit.add(EMAIL_CHANNEL)  # reached under this key already (today's run)
            elif send_mail(
                f"【科创】{this.title}",
                f"{this.body}\n\n{this.url}",
                None,
                [email],
                fail_silently=True,
            ):
                hit.add(EMAIL_CHANNEL)
                fresh = True
        phone = re.sub(r"[\s-]", "", recipient.phone or "")
        sms_missing = ""
        if sms and MOBILE.match(phone):
            if backend is None:
                sms_missing = _("短信网关未配置")
            else:
                try:
                    if first_time(this.key, SMS, phone):
                        backend.send(phone, this.sms_text())
                        fresh = True
                    hit.add(SMS)
                except SmsError as exc:
                    from .models import SentMessage

                    SentMessage.objects.filter(
                        key=this.key[:200], channel=SMS, address=phone
                    ).delete()
                    sms_missing = _("短信发送失败（%(e)s）") % {"e": str(exc)[:60]}
        outcome.new += fresh
        for channel in hit:
            outcome.reached[channel] += 1
        if not hit:
            reasons = []
            if not users:
                reasons.append(_("没有系统账号"))
            if not (email and EMAIL.match(email)):
                reasons.append(_("没有有效的联系邮箱"))
            if not MOBILE.match(phone):
                reasons.append(_("没有有效的手机号码"))
            elif sms_missing:
                reasons.append(sms_missing)
            outcome.unreachable.append(
                {"ref": recipient.ref, "label": recipient.label, "reason": "、".join(reasons)}
            )
    return outcome
