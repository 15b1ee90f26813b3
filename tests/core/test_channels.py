"""Reminders reach people without accounts (issue #14): in-app for accounts, e-mail to the
contact address, SMS through the configured backend; a run reports reached by channel and the
unreachable with the reason; nothing goes out twice under one key."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from kechuang.core.channels import ConsoleSmsBackend, HttpSmsGateway, Message, SmsError, deliver
from kechuang.core.models import Delivery, Notification
from kechuang.enterprises.selectors import enterprise_recipients
from kechuang.rdstats import services as rd
from kechuang.rdstats.models import SurveyCampaign

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    ConsoleSmsBackend.outbox.clear()
    yield
    ConsoleSmsBackend.outbox.clear()


@pytest.fixture
def firms(registry, regions):
    """A has an account (p-ent-a); mailed has only an e-mail; texted only a mobile; dark none."""
    mailed = EnterpriseFactory(
        name="邮件企业有限公司", region=regions.town_a, contact_email="boss@mailed.example"
    )
    texted = EnterpriseFactory(
        name="短信企业有限公司", region=regions.town_a, contact_phone="13912345678"
    )
    dark = EnterpriseFactory(
        name="失联企业有限公司", region=regions.town_a, contact_phone="0571-8888888"
    )
    return registry.a, mailed, texted, dark


def test_each_recipient_is_reached_on_the_channels_it_has(firms):
    dark = firms[-1]
    outcome = deliver(
        enterprise_recipients([f.pk for f in firms]),
        Message(key="k1", title="请提交统计表", body="截止3月31日", url="/rdstats/mine/"),
    )
    assert outcome.total == 4 and outcome.reached_count == 3
    # every channel it has: A (an account and a mobile) gets the in-app reminder and an SMS
    assert outcome.reached["in_app"] == 1 and outcome.reached["sms"] == 2
    assert outcome.reached["email"] >= 1
    assert Notification.objects.filter(key="k1").count() == 1
    assert [m.to for m in mail.outbox if m.to == ["boss@mailed.example"]]
    assert sorted(ConsoleSmsBackend.outbox) == [
        ("13800000001", "【科创】请提交统计表。截止3月31日"),
        ("13912345678", "【科创】请提交统计表。截止3月31日"),
    ]
    assert outcome.unreachable == [
        {
            "ref": dark.pk,
            "label": "失联企业有限公司",
            "reason": "没有系统账号、没有有效的联系邮箱、没有有效的手机号码",
        }
    ]
    assert "共4家：已送达3家" in outcome.summary() and "无法送达1家" in outcome.summary()
    # the same key again: reported as reached, nothing sent twice
    mails, texts = len(mail.outbox), len(ConsoleSmsBackend.outbox)
    again = deliver(enterprise_recipients([f.pk for f in firms]), Message(key="k1", title="x"))
    assert again.reached_count == 3
    assert (len(mail.outbox), len(ConsoleSmsBackend.outbox)) == (mails, texts)
    assert Notification.objects.filter(key="k1").count() == 1


def test_without_an_sms_gateway_the_reason_says_so(firms, settings):
    settings.SMS_BACKEND = ""
    _a, _mailed, texted, _dark = firms
    outcome = deliver(enterprise_recipients([texted.pk]), Message(key="k2", title="t"))
    assert outcome.unreachable[0]["reason"] == "没有系统账号、没有有效的联系邮箱、短信网关未配置"


class Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    answer = {"code": "OK"}

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Gateway.received.append(
            {"body": json.loads(self.rfile.read(length)), "auth": self.headers["Authorization"]}
        )
        body = json.dumps(Gateway.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_http_gateway_adapter_posts_json_and_reports_refusals(settings):
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
        settings.SMS_GATEWAY_KEY = "test-key"
        gateway = HttpSmsGateway()
        gateway.send("13912345678", "【科创】测试")
        assert Gateway.received[-1] == {
            "body": {"phone": "13912345678", "sign": "科创", "text": "【科创】测试"},
            "auth": "Bearer test-key",
        }
        Gateway.answer = {"code": "isv.BUSINESS_LIMIT_CONTROL", "message": "触发流控"}
        with pytest.raises(SmsError, match="触发流控"):
            gateway.send("13912345678", "x")
    finally:
        Gateway.answer = {"code": "OK"}
        server.shutdown()


def test_a_reminder_run_reports_unreachable_enterprises(client, personas, firms, regions):
    campaign = SurveyCampaign.objects.create(
        region=regions.county_a, year=2025, deadline=date(2026, 3, 31)
    )
    rd.campaign_add_enterprises(actor=personas.staff_a, campaign=campaign, enterprises=list(firms))
    client.force_login(personas.staff_a)
    answer = client.post(f"/rdstats/campaigns/{campaign.pk}/remind/", follow=True)
    page = answer.content.decode()
    delivery = Delivery.objects.get()
    assert answer.redirect_chain[-1][0] == f"/deliveries/{delivery.pk}/"
    assert "催报已发送：共4家未提交，已送达3家，无法送达1家。" in page
    assert 'data-testid="unreachable"' in page and "失联企业有限公司" in page
    assert "没有系统账号" in page and "其中短信（家）" in page
    # another county's staff cannot open the run
    client.force_login(personas.staff_b)
    assert client.get(f"/deliveries/{delivery.pk}/").status_code == 404
