"""Publishing a notice and reading it: scoped, audited (auditlog names the user)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.scoping import user_roles
from kechuang.enterprises.models import Enterprise

from .choices import Audience
from .models import ANNOUNCEMENT_FIELDS, Announcement, AnnouncementRecipient


def addressed(*, actor: Any, audience: str, town: Any = None, enterprises: Any = ()) -> Any:
    """The enterprises a notice goes to: always within what the publisher may see."""
    visible = Enterprise.objects.visible_to(actor)
    if audience == Audience.ALL:
        return visible
    if audience == Audience.TOWN:
        if town is None:
            raise ValidationError({"town": _("请选择乡镇（街道）。")})
        return visible.filter(region__code__startswith=town.code)
    ids = [e.pk for e in enterprises]
    if not ids:
        raise ValidationError({"enterprises": _("请选择至少一家企业。")})
    return visible.filter(pk__in=ids)


@transaction.atomic
def announcement_publish(
    *, actor: Any, enterprises: Any = (), attachment: Any = None, **fields: Any
) -> tuple[Announcement, Any]:
    """Publish: the notice, one receipt row per addressed enterprise, an in-app and e-mail
    notice to each through the channels; returns the notice and its delivery record."""
    from kechuang.core import attachments
    from kechuang.core.channels import Message, deliver
    from kechuang.core.services import delivery_record
    from kechuang.enterprises.selectors import enterprise_recipients

    if "staff" not in user_roles(actor) or actor.region is None:
        raise PermissionDenied(_("只有科技局工作人员可以发布通知公告。"))
    fields = ANNOUNCEMENT_FIELDS.pick(fields)
    if fields.get("audience") != Audience.TOWN:
        fields["town"] = None
    targets = list(
        addressed(
            actor=actor,
            audience=fields.get("audience", ""),
            town=fields.get("town"),
            enterprises=enterprises,
        ).values_list("pk", flat=True)
    )
    if not targets:
        raise ValidationError(_("发送范围内没有企业，通知未发布。"))
    notice = Announcement(region=actor.region, published_by=actor, **fields)
    notice.full_clean()
    notice.save()
    AnnouncementRecipient.objects.bulk_create(
        [AnnouncementRecipient(announcement=notice, enterprise_id=pk) for pk in targets]
    )
    if attachment is not None:
        attachments.attachment_add(actor=actor, obj=notice, upload=attachment, kind="document")
    outcome = deliver(
        enterprise_recipients(targets),
        Message(
            key=f"notice:{notice.pk}",
            title=_("通知公告：%(t)s") % {"t": notice.title},
            body=notice.body[:200],
            url=notice.get_absolute_url(),
        ),
        sms=False,  # a notice is read in the system; SMS is kept for deadlines
    )
    delivery = delivery_record(
        actor=actor,
        title=_("通知公告“%(t)s”的送达情况") % {"t": notice.title},
        kind="announcement",
        outcome=outcome,
        source_url=notice.get_absolute_url(),
    )
    return notice, delivery


def announcement_read(*, user: Any, announcement: Announcement) -> bool:
    """An enterprise user opened the notice: its enterprise's receipt records the first read."""
    enterprise_id = getattr(user, "enterprise_id", None)
    if "enterprise" not in user_roles(user) or enterprise_id is None:
        return False
    return bool(
        AnnouncementRecipient.objects.filter(
            announcement=announcement, enterprise_id=enterprise_id, read_at__isnull=True
        ).update(read_at=timezone.now(), read_by=user)
    )
