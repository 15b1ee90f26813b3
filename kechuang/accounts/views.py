"""Login, logout, password, second factor, user management, regions and the two logs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from kechuang.core.access import is_api
from kechuang.core.forms import call_service
from kechuang.core.history import ACTION_LABELS, action_label, changes, history_rows
from kechuang.core.http import parse_id, safe_next, xlsx_response
from kechuang.core.tables import configure_table
from kechuang.utilities.xlsx import write_xlsx

from . import selectors, services
from .choices import LoginEventKind, RegionLevel
from .forms import (
    LoginForm,
    OtpTokenForm,
    PasswordChangeForm,
    UserFilterForm,
    UserForm,
    generate_temporary_password,
)
from .models import TokenRevokeReason
from .otp import otp_device, pending_device, qr_svg, secret_base32
from .tables import ChangeLogTable, LoginEventTable, UserTable

EXPORT_LIMIT = 100_000


# --- Sign in and out ------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # The failure just counted may be the third: the form shown next asks for a captcha.
        from .captcha import needs_captcha

        if not form.has_captcha and needs_captcha(self.request, form.data.get("username", "")):
            form.add_captcha()
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        from .captcha import audio_available

        return {**super().get_context_data(**kwargs), "captcha_audio": audio_available()}


def lockout_response(request, response=None, credentials=None):
    """Shown (403) while a username is locked; same text whether or not the user exists."""
    message = _("登录失败次数过多，该账号已被锁定30分钟，请稍后再试或联系系统管理员。")
    if is_api(request):
        from django.http import JsonResponse

        return JsonResponse(
            {"error": {"code": "locked", "message": message, "fields": {}}}, status=403
        )
    # An unbound form: binding it would authenticate (and count a failure) once more.
    form = LoginForm(request)
    return render(
        request, "accounts/login.html", {"form": form, "lockout_message": message}, status=403
    )


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# --- Password -------------------------------------------------------------------------------


def password_change(request):
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            keep_session=request.session.session_key,
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("core:home")
    reason = None
    if user.must_change_password:
        reason = _("首次登录或密码被重置，请先修改密码。")
    elif user.password_expired():
        reason = _("密码已超过有效期，请修改密码。")
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason})


# --- The user's own sessions and tokens -------------------------------------------------------


def my_sessions(request):
    """账户菜单 → 登录设备与令牌: the user's signed-in sessions and live API tokens."""
    current = request.session.session_key
    sessions = selectors.live_sessions(user=request.user)
    tokens = selectors.live_tokens(user=request.user)
    return render(
        request,
        "accounts/my_sessions.html",
        {"sessions": sessions, "tokens": tokens, "current_key": current},
    )


@require_POST
def my_session_end(request):
    """End one other session (``session``), or every other one (``all``)."""
    current = request.session.session_key
    if request.POST.get("all"):
        count = services.sessions_end(
            user=request.user, reason=_("本人终止"), keep=current, request=request
        )
    else:
        key = request.POST.get("session", "")
        if key == current:
            messages.error(request, _("当前会话请点“退出”结束。"))
            return redirect("accounts:my_sessions")
        count = services.sessions_end(
            user=request.user, reason=_("本人终止"), only=[key], request=request
        )
    if count:
        messages.success(request, _("已终止 %(n)d 个会话。") % {"n": count})
    else:
        messages.info(request, _("没有可终止的会话。"))
    return redirect("accounts:my_sessions")


@require_POST
def my_token_revoke(request):
    tokens = selectors.live_tokens(user=request.user)
    if not request.POST.get("all"):
        tokens = tokens.filter(pk=parse_id(request.POST.get("token")) or 0)
    count = 0
    for token in tokens:
        count += services.token_revoke(token=token, reason=TokenRevokeReason.USER, request=request)
    if count:
        messages.success(request, _("已吊销 %(n)d 个接口令牌。") % {"n": count})
    else:
        messages.info(request, _("没有可吊销的令牌。"))
    return redirect("accounts:my_sessions")


# --- Second factor --------------------------------------------------------------------------


def otp_setup(request):
    user = request.user
    if otp_device(user) is not None and user.is_verified():
        messages.info(request, _("您已启用双因素认证。"))
        return redirect("core:home")
    device = pending_device(user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("双因素认证已启用。"))
            return redirect("core:home")
        _record_otp_failure(request)
        form.add_error("token", _("动态口令不正确。"))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device),
            "secret": secret_base32(device),
        },
    )


def otp_verify(request):
    user = request.user
    device = otp_device(user)
    if device is None:
        return redirect("accounts:otp_setup")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(safe_next(request, request.GET.get("next"), reverse("core:home")))
        _record_otp_failure(request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout_response(request)
        form.add_error("token", _("动态口令不正确。"))
    return render(request, "accounts/otp_verify.html", {"form": form})


def _record_otp_failure(request) -> None:
    """A wrong one-time password counts toward the username's lockout (SEC-06)."""
    user_login_failed.send(
        sender=__name__,
        credentials={
            "username": request.user.username,
            "kechuang_kind": LoginEventKind.OTP_FAILURE,
        },
        request=request,
    )


# --- User management (bureau admin, security admin) -----------------------------------------


def user_list(request):
    filter_form = UserFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    table = UserTable(selectors.user_list(user=request.user, filters=filters))
    configure_table(request, table, per_page=25)
    return render(request, "accounts/user_list.html", {"table": table, "filter_form": filter_form})


def user_detail(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "history": history_rows(selectors.object_history(target)[:50]),
            "can_manage": not (target.role_names - services.grantable_roles(request.user)),
            "is_self": target.pk == request.user.pk,
        },
    )


def user_add(request):
    grantable = services.grantable_roles(request.user)
    form = UserForm(request.POST or None, actor=request.user, grantable=grantable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = data.get("password") or generate_temporary_password()
        user = call_service(
            form,
            lambda: services.user_create(
                actor=request.user,
                username=data["username"],
                password=password,
                roles=data["roles"],
                region=data["region"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
            ),
        )
        if user is not None:
            if not data.get("password"):
                messages.success(
                    request,
                    _("用户“%(u)s”已创建，临时密码：%(p)s（仅显示一次，请当面告知）")
                    % {"u": user.username, "p": password},
                )
            else:
                messages.success(request, _("用户“%(u)s”已创建。") % {"u": user.username})
            return redirect(user.get_absolute_url())
    return render(request, "accounts/user_form.html", {"form": form, "title": _("新建用户")})


def user_edit(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk)
    grantable = services.grantable_roles(request.user)
    initial = {
        "username": target.username,
        "full_name": target.full_name,
        "email": target.email,
        "phone": target.phone,
        "region": target.region_id,
        "roles": sorted(target.role_names),
    }
    form = UserForm(
        request.POST or None,
        actor=request.user,
        grantable=grantable,
        instance=target,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.user_update(
                actor=request.user,
                user=target,
                roles=data["roles"],
                region=data["region"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
            ),
        )
        if saved is not None:
            messages.success(request, _("用户信息已保存。"))
            return redirect(target.get_absolute_url())
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": _("编辑用户：%(u)s") % {"u": target.username},
            "target": target,
        },
    )


@require_POST
def user_set_active(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("账号已启用。") if active else _("账号已停用。"))
    return redirect(target.get_absolute_url())


@require_POST
def user_reset_password(request, pk: int):
    target = selectors.user_get(user=request.user, pk=pk)
    password = generate_temporary_password()
    try:
        services.user_reset_password(actor=request.user, user=target, password=password)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已重置“%(u)s”的密码，临时密码：%(p)s（仅显示一次，用户登录后须修改）")
            % {"u": target.username, "p": password},
        )
    return redirect(target.get_absolute_url())


# --- Regions --------------------------------------------------------------------------------


def region_list(request):
    filters = {k: request.GET.get(k, "") for k in ("q", "level", "parent")}
    regions = selectors.region_list(user=request.user, filters=filters)
    if not any(filters.values()):
        regions = regions.filter(level__lte=RegionLevel.TOWN)
    from django.core.paginator import Paginator

    page = Paginator(regions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/region_list.html",
        {
            "page": page,
            "filters": filters,
            "levels": RegionLevel.choices,
        },
    )


def region_detail(request, pk: int):
    region = selectors.region_get(user=request.user, pk=pk)
    children = selectors.region_list(user=request.user, filters={"parent": region.pk})
    return render(request, "accounts/region_detail.html", {"region": region, "children": children})


# --- Logs for the auditor -------------------------------------------------------------------


def _log_filters(request, keys):
    return {k: request.GET.get(k, "").strip() for k in keys}


def login_log(request):
    filters = _log_filters(request, ("kind", "username", "date_from", "date_to"))
    events = selectors.login_event_list(user=request.user, filters=filters)
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                e.created_at.astimezone(timezone.get_current_timezone()).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                e.username,
                e.get_kind_display(),
                e.ip_address,
                e.user_agent,
                e.request_id,
            )
            for e in events[:EXPORT_LIMIT]
        )
        data = write_xlsx(
            [_("时间"), _("用户名"), _("事件"), _("IP地址"), _("浏览器"), _("请求编号")],
            rows,
            sheet_title=_("登录日志"),
        )
        return xlsx_response(data, "login-log.xlsx")
    table = LoginEventTable(events)
    configure_table(request, table, per_page=50)
    return render(
        request,
        "accounts/login_log.html",
        {
            "table": table,
            "filters": filters,
            "kinds": LoginEventKind.choices,
        },
    )


def change_log(request):
    filters = _log_filters(request, ("model", "actor", "action", "date_from", "date_to"))
    entries = selectors.change_log_list(user=request.user, filters=filters)
    if request.GET.get("export") == "xlsx":
        rows = (
            (
                e.timestamp.astimezone(timezone.get_current_timezone()).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                e.actor.username if e.actor else _("系统"),
                action_label(e),
                e.content_type.model,
                e.object_pk,
                e.object_repr,
                "；".join(f"{f}: {b} → {a}" for f, b, a in changes(e)),
                e.remote_addr or "",
                e.cid or "",
            )
            for e in entries[:EXPORT_LIMIT]
        )
        data = write_xlsx(
            [
                _("时间"),
                _("操作人"),
                _("操作"),
                _("对象类型"),
                _("对象编号"),
                _("对象"),
                _("变更内容"),
                _("IP地址"),
                _("关联编号"),
            ],
            rows,
            sheet_title=_("操作日志"),
        )
        return xlsx_response(data, "change-log.xlsx")
    table = ChangeLogTable(entries)
    configure_table(request, table, per_page=50)
    return render(
        request,
        "accounts/change_log.html",
        {
            "table": table,
            "filters": filters,
            "actions": sorted(ACTION_LABELS.items()),
        },
    )
