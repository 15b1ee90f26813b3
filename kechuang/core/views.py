from __future__ import annotations

import logging

from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .http import parse_id
from .models import Job
from .navigation import home_cards, home_widgets

logger = logging.getLogger(__name__)


def home(request):
    from .navigation import todos

    enterprise = None
    link = getattr(request.user, "enterprise_link", None) if request.user.is_authenticated else None
    if link is not None:
        enterprise = link.enterprise
    return render(
        request,
        "core/home.html",
        {
            "cards": home_cards(request.user),
            "widgets": home_widgets(request.user),
            "todos": todos(request.user),
            "enterprise": enterprise,
            "today": timezone.localdate(),
        },
    )


def job_detail(request, pk: int):
    try:
        job = Job.objects.visible_to(request.user).get(pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


def notification_list(request):
    from django.shortcuts import redirect

    from .models import Notification
    from .services import notification_acknowledge

    if request.method == "POST":
        notification_acknowledge(
            user=request.user, notification_id=parse_id(request.POST.get("id")) or 0
        )
        return redirect("core:notification_list")
    notes = Notification.objects.visible_to(request.user)[:200]
    return render(request, "core/notifications.html", {"notes": notes})


def worker_status() -> dict:
    """Queue health, read from the task table: a worker that keeps up leaves nothing waiting."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waiting = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    last_finished = (
        DBTaskResult.objects.finished()
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    status = "ok" if waiting < 120 else "stalled"
    return {
        "status": status,
        "ready": ready.count(),
        "running": DBTaskResult.objects.running().count(),
        "oldest_ready_seconds": round(waiting, 1),
        "last_finished_at": last_finished.isoformat() if last_finished else None,
    }


@never_cache
def healthz(request):
    body: dict = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:
        logger.warning("health check: database error %s", type(exc).__name__)
        body["database"] = {"status": "error"}
        body["status"] = "error"
    if body["database"]["status"] == "ok":
        try:
            body["worker"] = worker_status()
        except Exception as exc:
            logger.warning("health check: worker status error %s", type(exc).__name__)
            body["worker"] = {"status": "error"}
        if body["worker"]["status"] != "ok":
            body["status"] = "degraded"
    return JsonResponse(
        body,
        status=200 if body["status"] != "error" else 503,
        json_dumps_params={"ensure_ascii": False},
    )


# --- Error pages: Chinese, with the request id, never a traceback -----------------------------


def _error(request, template: str, status: int):
    return render(
        request, template, {"request_id": getattr(request, "request_id", "")}, status=status
    )


def error_400(request, exception=None):
    return _error(request, "errors/400.html", 400)


def error_403(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "permission_denied", "message": "您无权执行此操作。", "fields": {}}},
            status=403,
        )
    return _error(request, "errors/403.html", 403)


def error_404(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "not_found", "message": "未找到该对象。", "fields": {}}}, status=404
        )
    return _error(request, "errors/404.html", 404)


def error_500(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "error": {
                    "code": "server_error",
                    "message": "服务器内部错误，请联系管理员。",
                    "fields": {"request_id": getattr(request, "request_id", "")},
                }
            },
            status=500,
        )
    return _error(request, "errors/500.html", 500)


def csrf_failure(request, reason=""):
    return _error(request, "errors/403_csrf.html", 403)


def list_columns(request):
    """Save which columns of a declared list the user shows (the column chooser, issue #14),
    then go back to the list."""
    from django.http import Http404
    from django.shortcuts import redirect

    from .http import safe_next
    from .models import ListPreference
    from .pages import DECLARED
    from .tables import choosable_columns

    if request.method != "POST":
        raise Http404
    key = request.POST.get("key", "")
    pages = next((p for p in DECLARED.values() if p.list_key() == key), None)
    if pages is None:
        raise Http404
    allowed = [name for name, _label in choosable_columns(pages.table)]
    shown = set(request.POST.getlist("shown"))
    hidden = [name for name in allowed if name not in shown]
    if request.POST.get("reset"):
        hidden = []
    ListPreference.objects.update_or_create(user=request.user, key=key, defaults={"hidden": hidden})
    return redirect(safe_next(request, request.POST.get("next"), "/"))


def attachment_download(request, pk: int):
    """A file, only to users who may see the record it belongs to (its scope decides)."""
    from django.http import FileResponse

    from .models import Attachment

    attachment = Attachment.objects.visible_to(request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_add(request):
    """Upload a file onto a record (the form of ``{% attachments obj %}``)."""
    from django.contrib import messages
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from . import attachments
    from .http import safe_next

    if request.method != "POST":
        raise Http404
    back = safe_next(request, request.POST.get("next"), "/")
    content_type = ContentType.objects.filter(pk=parse_id(request.POST.get("type"))).first()
    model = content_type.model_class() if content_type else None
    if model not in attachments.ATTACHABLE:
        raise Http404
    obj = model.objects.visible_to(request.user).filter(pk=parse_id(request.POST.get("object")))
    obj = obj.first()
    if obj is None:
        raise Http404
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("请选择要上传的文件。"))
        added = attachments.attachment_add(
            actor=request.user, obj=obj, upload=upload, kind=request.POST.get("kind", "")
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, _("附件未上传：%(m)s") % {"m": "；".join(exc.messages)})
    else:
        messages.success(request, _("已上传附件“%(n)s”。") % {"n": added.name})
    return redirect(back)


def attachment_delete(request, pk: int):
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from . import attachments
    from .http import safe_next
    from .models import Attachment

    if request.method != "POST":
        raise Http404
    attachment = Attachment.objects.visible_to(request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    attachments.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("已删除附件“%(n)s”。") % {"n": attachment.name})
    return redirect(safe_next(request, request.POST.get("next"), "/"))


def delivery_detail(request, pk: int):
    """A reminder run's result: reached by channel, and each unreachable recipient and why."""
    from .channels import CHANNEL_LABELS
    from .models import Delivery

    delivery = Delivery.objects.visible_to(request.user).filter(pk=pk).first()
    if delivery is None:
        raise Http404
    channels = [(CHANNEL_LABELS.get(k, k), n) for k, n in delivery.reached.items() if n]
    return render(
        request, "core/delivery_detail.html", {"delivery": delivery, "channels": channels}
    )
