"""The demo county's notices: one to every enterprise, one to the survey's laggards; part of
the enterprises have confirmed reading (dated relative to the day the demo is made)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step


@register_step
def build_announcements(generator: Any) -> None:
    from kechuang.accounts.models import User
    from kechuang.rdstats.models import NOT_SUBMITTED, SurveyForm

    from .models import Announcement, AnnouncementRecipient
    from .services import announcement_publish

    staff = User.objects.filter(username="demo-staff").first()
    if staff is None or staff.region is None or Announcement.objects.exists():
        return
    now = timezone.now()
    year = timezone.localdate().year
    everyone, _delivery = announcement_publish(
        actor=staff,
        title=f"关于开展{year}年度高新技术企业认定培育工作的通知",
        body=(
            "各有关企业：\n为做好本年度高新技术企业认定培育工作，请各企业对照认定条件开展自评，"
            "有意申报的企业请于下月底前与县科技局联系，参加认定政策培训。\n\n县科技局"
        ),
        audience="all",
    )
    laggards = list(
        SurveyForm.objects.visible_to(staff)
        .filter(status__in=NOT_SUBMITTED, campaign__year=year - 1)
        .values_list("enterprise_id", flat=True)
    )
    if laggards:
        from kechuang.enterprises.models import Enterprise

        announcement_publish(
            actor=staff,
            title=f"关于尽快填报{year - 1}年度企业研发投入统计表的通知",
            body="尚未提交研发投入统计表的企业，请于截止日期前登录科创系统填报并提交。",
            audience="list",
            enterprises=Enterprise.objects.filter(pk__in=laggards),
        )
    Announcement.objects.filter(pk=everyone.pk).update(published_at=now - timedelta(days=12))
    receipts = list(AnnouncementRecipient.objects.filter(announcement=everyone).order_by("pk"))
    for receipt in generator.rng.sample(receipts, len(receipts) * 2 // 5):
        receipt.read_at = now - timedelta(days=generator.rng.randint(1, 11))
    AnnouncementRecipient.objects.bulk_update(receipts, ["read_at"])
    generator.log(f"通知公告：2 条（{len(receipts)} 家企业收到全县通知）")
