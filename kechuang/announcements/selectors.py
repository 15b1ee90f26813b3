from __future__ import annotations

from typing import Any

from kechuang.core.scoping import user_roles

from .models import AnnouncementRecipient


def home_widget(user: Any) -> dict[str, Any] | None:
    """An enterprise's home: the notices addressed to it, unread first."""
    if "enterprise" not in user_roles(user) or getattr(user, "enterprise_id", None) is None:
        return None
    rows = list(
        AnnouncementRecipient.objects.filter(enterprise_id=user.enterprise_id)
        .select_related("announcement")
        .order_by("read_at", "-announcement__published_at")[:8]
    )
    unread = AnnouncementRecipient.objects.filter(
        enterprise_id=user.enterprise_id, read_at__isnull=True
    ).count()
    return {"template": "announcements/_home.html", "rows": rows, "unread": unread}


def todos(user: Any) -> list[Any]:
    """Notices the enterprise has not confirmed reading (home to-do)."""
    from django.utils.translation import gettext as _

    from kechuang.core.navigation import Todo

    if "enterprise" not in user_roles(user) or getattr(user, "enterprise_id", None) is None:
        return []
    rows = AnnouncementRecipient.objects.filter(
        enterprise_id=user.enterprise_id, read_at__isnull=True
    ).select_related("announcement")
    return [
        Todo(
            text=_("阅读并确认通知：%(t)s") % {"t": r.announcement.title},
            url=r.announcement.get_absolute_url(),
        )
        for r in rows
    ]
