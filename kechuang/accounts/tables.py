import django_tables2 as tables
from auditlog.models import LogEntry
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kechuang.core.history import action_label, changes
from kechuang.core.tables import DateColumn
from kechuang.utilities.masking import mask_phone

from .models import LoginEvent, User


class UserTable(tables.Table):
    username = tables.Column(verbose_name=_("用户名"), linkify=True)
    full_name = tables.Column(verbose_name=_("姓名"))
    region = tables.Column(verbose_name=_("所属区划"), order_by=("region__code",))
    roles = tables.Column(verbose_name=_("角色"), empty_values=(), orderable=False)
    phone = tables.Column(verbose_name=_("手机号"))
    is_active = tables.Column(verbose_name=_("状态"))
    last_login = DateColumn("Y-m-d H:i", verbose_name=_("最近登录"))

    class Meta:
        model = User
        fields = ("username", "full_name", "region", "roles", "phone", "is_active", "last_login")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = _("没有符合条件的用户")

    def render_roles(self, record: User):
        return "、".join(record.role_labels) or "—"

    def render_phone(self, value):
        return mask_phone(value)

    def render_is_active(self, value):
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("启用"))
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("停用"))


class LoginEventTable(tables.Table):
    created_at = DateColumn("Y-m-d H:i:s", verbose_name=_("时间"))
    username = tables.Column(verbose_name=_("用户名"))
    kind = tables.Column(verbose_name=_("事件"))
    ip_address = tables.Column(verbose_name=_("IP地址"))
    user_agent = tables.Column(verbose_name=_("浏览器"))
    request_id = tables.Column(verbose_name=_("请求编号"))

    class Meta:
        model = LoginEvent
        fields = ("created_at", "username", "kind", "ip_address", "user_agent", "request_id")
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("没有登录日志")


class ChangeLogTable(tables.Table):
    timestamp = DateColumn("Y-m-d H:i:s", verbose_name=_("时间"))
    actor = tables.Column(verbose_name=_("操作人"), default=_("系统"))
    action = tables.Column(verbose_name=_("操作"))
    content_type = tables.Column(verbose_name=_("对象类型"))
    object_repr = tables.Column(verbose_name=_("对象"))
    changes = tables.Column(verbose_name=_("变更内容"), empty_values=(), orderable=False)
    remote_addr = tables.Column(verbose_name=_("IP地址"))

    class Meta:
        model = LogEntry
        fields = (
            "timestamp",
            "actor",
            "action",
            "content_type",
            "object_repr",
            "changes",
            "remote_addr",
        )
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("没有操作日志")

    def render_action(self, record):
        return action_label(record)

    def render_changes(self, record):
        return format_html_join(
            "", '<div class="small"><strong>{}</strong>：{} → {}</div>', changes(record)
        )

    def render_content_type(self, value):
        model = value.model_class()
        return model._meta.verbose_name if model else value.model
