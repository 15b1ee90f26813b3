"""通知公告 (issue #14): staff publish to all enterprises, a town or a list, with attachments;
an enterprise sees only the notices addressed to it and confirms reading; staff list the
receipts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.announcements.models import Announcement, AnnouncementRecipient
from kechuang.core.models import Attachment, Delivery, Notification
from kechuang.rdstats import services as rd
from kechuang.rdstats.models import SurveyCampaign

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def publish(client, **data):
    return client.post(
        "/announcements/add/",
        {"title": "关于报送年度统计的通知", "body": "请于3月31日前提交。", **data},
        follow=True,
    )


def test_a_notice_to_a_list_reaches_a_and_not_b(client, personas, registry, regions):
    other = EnterpriseFactory(name="同县另一企业有限公司", region=regions.town_a)
    client.force_login(personas.staff_a)
    answer = publish(
        client,
        audience="list",
        enterprises=[registry.a.pk],
        attachment=SimpleUploadedFile("通知.pdf", PDF),
    )
    notice = Announcement.objects.get()
    assert answer.redirect_chain[-1][0] == f"/announcements/{notice.pk}/"
    assert list(notice.recipients.values_list("enterprise", flat=True)) == [registry.a.pk]
    attachment = Attachment.objects.get()
    assert attachment.name == "通知.pdf" and attachment.object_id == notice.pk
    assert Notification.objects.filter(user=personas.enterprise_a, key=f"notice:{notice.pk}")
    assert Delivery.objects.get(kind="announcement").total == 1

    client.force_login(personas.enterprise_a)
    home = client.get("/").content.decode()
    assert 'data-testid="home-announcements"' in home and "关于报送年度统计的通知" in home
    assert "1 条待确认" in home
    detail = client.get(f"/announcements/{notice.pk}/").content.decode()
    assert "请于3月31日前提交" in detail and "确认已阅" in detail
    assert 'data-testid="receipts"' not in detail  # other enterprises' receipts are staff's
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 200
    assert not AnnouncementRecipient.objects.filter(read_at__isnull=False).exists()  # GET
    client.post(f"/announcements/{notice.pk}/read/")
    receipt = AnnouncementRecipient.objects.get()
    assert receipt.read_at is not None and receipt.read_by == personas.enterprise_a
    assert "已于" in client.get(f"/announcements/{notice.pk}/").content.decode()

    client.force_login(personas.enterprise_b)
    assert "关于报送年度统计的通知" not in client.get("/").content.decode()
    assert client.get(f"/announcements/{notice.pk}/").status_code == 404
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/announcements/{notice.pk}/read/").status_code == 404
    assert "关于报送" not in client.get("/announcements/").content.decode()

    client.force_login(personas.staff_a)
    page = client.get(f"/announcements/{notice.pk}/").content.decode()
    assert "回执：已确认阅读 1 家，未确认 0 家" in page
    assert other.name not in page  # not addressed
    listed = client.get("/announcements/").content.decode()
    assert "关于报送年度统计的通知" in listed
    assert "</i> 发布通知公告</a>" in listed  # the add button says what it does


def test_audiences_all_and_town_stay_in_the_publishers_region(client, personas, registry, regions):
    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region

    town_2 = Region.objects.create(
        code="990101102", name="甲二镇", level=RegionLevel.TOWN, parent=regions.county_a
    )
    far = EnterpriseFactory(name="甲二镇企业有限公司", region=town_2)
    client.force_login(personas.staff_a)
    publish(client, audience="all", title="全县通知")
    everyone = Announcement.objects.get(title="全县通知")
    addressed = set(everyone.recipients.values_list("enterprise", flat=True))
    assert addressed == {registry.a.pk, far.pk}  # county B's enterprise is not addressed
    publish(client, audience="town", town=town_2.pk, title="甲二镇通知")
    town_notice = Announcement.objects.get(title="甲二镇通知")
    assert list(town_notice.recipients.values_list("enterprise", flat=True)) == [far.pk]
    # a town of another county is not offered, and cannot be posted
    wrong = publish(client, audience="town", town=regions.town_b.pk, title="越界通知")
    assert "越界通知" not in [a.title for a in Announcement.objects.all()]
    assert "town" in wrong.context["form"].errors


def test_the_form_says_what_is_missing(client, personas, registry):
    client.force_login(personas.staff_a)
    page = publish(client, audience="list").content.decode()
    assert "发送范围为“指定企业”时，请选择至少一家企业" in page
    page = publish(client, audience="town").content.decode()
    assert "请选择乡镇（街道）" in page
    assert not Announcement.objects.exists()
    client.force_login(personas.leader)
    assert publish(client, audience="all").status_code == 403


def test_notify_the_surveys_laggards_in_one_click(client, personas, registry, regions):
    campaign = SurveyCampaign.objects.create(
        region=regions.county_a, year=2025, deadline=date(2026, 3, 31)
    )
    done = EnterpriseFactory(name="已提交企业有限公司", region=regions.town_a)
    rd.campaign_add_enterprises(
        actor=personas.staff_a, campaign=campaign, enterprises=[registry.a, done]
    )
    form = campaign.forms.get(enterprise=done)
    form.status = "submitted"
    form.save(update_fields=["status"])
    client.force_login(personas.staff_a)
    detail = client.get(f"/rdstats/campaigns/{campaign.pk}/").content.decode()
    assert f'href="/announcements/add/?campaign={campaign.pk}"' in detail
    page = client.get(f"/announcements/add/?campaign={campaign.pk}")
    initial = page.context["form"].initial
    assert initial["audience"] == "list" and initial["enterprises"] == [registry.a.pk]


def test_list_and_detail_agree_on_the_time_and_receipts_filter(client, personas, registry):
    import re

    client.force_login(personas.staff_a)
    publish(client, audience="all")
    notice = Announcement.objects.get()
    listed = client.get("/announcements/").content.decode()
    detail = client.get(f"/announcements/{notice.pk}/").content.decode()
    stamp = re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d", listed).group(0)
    assert f"发布时间：{stamp}" in detail  # local time on both (Asia/Shanghai)
    client.force_login(personas.enterprise_a)
    client.post(f"/announcements/{notice.pk}/read/")
    client.force_login(personas.staff_a)
    unread = client.get(f"/announcements/{notice.pk}/?receipt=unread").content.decode()
    read = client.get(f"/announcements/{notice.pk}/?receipt=read").content.decode()
    table = read.split('data-testid="receipts"', 1)[1]
    assert (
        registry.a.name in table
        and registry.a.name not in unread.split('data-testid="receipts"', 1)[1]
    )
