"""Render auditlog entries for people: Chinese action names and field labels, before → after."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from .money import MoneyField, show_with_unit

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("创建"),
    LogEntry.Action.UPDATE: _("修改"),
    LogEntry.Action.DELETE: _("删除"),
    LogEntry.Action.ACCESS: _("访问"),
}


# Display labels for stored codes, registered by apps: {(model label, field): {code: label}}.
VALUE_LABELS: dict[tuple[str, str], dict[str, str]] = {}
M2M_OPERATIONS = {"add": _("新增"), "delete": _("移除"), "clear": _("清空")}


def register_value_labels(model_label: str, field: str, labels: dict[str, str]) -> None:
    VALUE_LABELS[(model_label, field)] = labels


def action_label(entry: LogEntry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action))


# Fields a person never needs in a record's history: the lock counter, keys, search helpers.
HIDDEN_FIELDS = {"id", "version", "name_initials", "name_pinyin", "name_sort"}


def hide_in_history(*fields: str) -> None:
    HIDDEN_FIELDS.update(fields)


def money_unit(field) -> str | None:
    """The display unit of a money column (core.money.MoneyField), else None."""
    return field.unit if isinstance(field, MoneyField) else None


def _show(value) -> str:
    if value in (None, "None", ""):
        return "—"
    if value in ("True", True):
        return "是"
    if value in ("False", False):
        return "否"
    return str(value)


def changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(label, before, after) for each changed field of ``entry``."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    result = []
    for field, values in (entry.changes_dict or {}).items():
        if field in HIDDEN_FIELDS or field.endswith("_id"):
            continue
        label = field
        choices: dict[str, str] = {}
        unit: str | None = None
        if model is not None:
            try:
                model_field = model._meta.get_field(field)
            except FieldDoesNotExist:
                continue  # a field no longer on the model: nothing a person can read
            if not getattr(model_field, "concrete", False) and not model_field.many_to_many:
                continue  # a reverse relation (members, forms, registrations)
            if model_field.many_to_many and model_field.auto_created:
                continue
            label = str(getattr(model_field, "verbose_name", field))
            choices = {str(k): str(v) for k, v in (getattr(model_field, "flatchoices", None) or [])}
            unit = money_unit(model_field)
        labels = VALUE_LABELS.get((model._meta.label_lower if model else "", field), {})
        if isinstance(values, dict) and "objects" in values:  # many-to-many change
            names = "、".join(str(labels.get(o, o)) for o in values["objects"])
            operation = values.get("operation", "")
            before, after = "", f"{M2M_OPERATIONS.get(operation, operation)}：{names}"
        elif isinstance(values, list | tuple) and len(values) == 2:
            before, after = (
                ""
                if v in (None, "None", "")
                else show_with_unit(v, unit)
                if unit
                else choices.get(str(v), str(v))
                for v in values
            )
        else:
            before, after = "", values
        result.append((label, _show(before), _show(after)))
    return result


def actor_label(entry: LogEntry) -> str:
    """The actor, marked when it is an enterprise user (edits by the enterprise itself)."""
    if entry.actor is None:
        return str(_("系统"))
    names = {g.name for g in entry.actor.groups.all()}
    if "enterprise" in names:
        return f"{entry.actor.username}（{_('企业用户')}）"
    return entry.actor.username


def source_label(entry: LogEntry) -> str:
    cid = str(entry.cid or "")
    if cid.startswith("import-"):
        return str(_("Excel导入 #%(n)s") % {"n": cid.removeprefix("import-")})
    return ""


def history_rows(entries) -> list[dict]:
    return [
        {
            "timestamp": entry.timestamp,
            "actor": actor_label(entry),
            "action": action_label(entry),
            "object": entry.object_repr if entry.content_type_id else "",
            "changes": changes(entry),
            "cid": entry.cid,
            "source": source_label(entry),
        }
        for entry in entries
    ]
