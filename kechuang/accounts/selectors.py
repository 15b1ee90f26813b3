"""Reads on users, regions and the logs, always scoped."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet
from django.http import Http404

from kechuang.core.scoping import user_roles

from .models import ApiToken, LoginEvent, Region, User, UserSession


def user_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[User]:
    filters = filters or {}
    qs = User.objects.visible_to(user).select_related("region").prefetch_related("groups")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if filters.get("role"):
        qs = qs.filter(groups__name=filters["role"])
    if filters.get("active") in ("0", "1"):
        qs = qs.filter(is_active=filters["active"] == "1")
    result: QuerySet[User] = qs.order_by("username").distinct()
    return result


def user_get(*, user: User, pk: int) -> User:
    try:
        return user_list(user=user).get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def region_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Region]:
    filters = filters or {}
    qs: QuerySet[Region] = Region.objects.visible_to(user).select_related("parent")
    if filters.get("level"):
        qs = qs.filter(level=filters["level"])
    if filters.get("parent"):
        qs = qs.filter(parent_id=filters["parent"])
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    return qs


def region_get(*, user: User, pk: int) -> Region:
    try:
        return region_list(user=user).get(pk=pk)
    except Region.DoesNotExist as exc:
        raise Http404 from exc


def _require_auditor(user: User) -> None:
    if "auditor" not in user_roles(user):
        raise Http404


def login_event_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[LoginEvent]:
    _require_auditor(user)
    filters = filters or {}
    qs = LoginEvent.objects.select_related("user")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("username"):
        qs = qs.filter(username__icontains=filters["username"].strip())
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    return qs.order_by("-created_at", "-pk")


def change_log_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[LogEntry]:
    _require_auditor(user)
    filters = filters or {}
    qs = LogEntry.objects.select_related("actor", "content_type")
    if filters.get("model"):
        qs = qs.filter(content_type__model=filters["model"])
    if filters.get("actor"):
        qs = qs.filter(actor__username__icontains=filters["actor"].strip())
    if filters.get("action") not in (None, ""):
        qs = qs.filter(action=filters["action"])
    if filters.get("date_from"):
        qs = qs.filter(timestamp__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(timestamp__date__lte=filters["date_to"])
    result: QuerySet[LogEntry] = qs.order_by("-timestamp", "-pk")
    return result


def object_history(obj: Any) -> QuerySet[LogEntry]:
    """Change history of one object (the caller has already scoped ``obj``)."""
    history: QuerySet[LogEntry] = (
        LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")
    )
    return history


def live_sessions(*, user: User) -> QuerySet[UserSession]:
    """The user's sessions still present in the session store."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    keys = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=keys).order_by("-last_seen")


def live_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.live().filter(user=user).order_by("-created_at")
