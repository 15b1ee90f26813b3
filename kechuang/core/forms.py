"""Run a service from a form view: its errors become form errors, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from .locking import EditConflict

T = TypeVar("T")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget that has none yet."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def call_service(form: forms.BaseForm, action: Callable[[], T]) -> T | None:
    """Return the service's result, or None after adding its error to ``form``."""
    try:
        return action()
    except ValidationError as exc:
        merge_errors(form, exc)
    except (PermissionDenied, EditConflict) as exc:
        form.add_error(None, str(exc))
    return None


def merge_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target: Any = field if field in form.fields else None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request: Any, form: forms.BaseForm) -> None:
    """A form posted from a list page: its errors as messages, each with the field's label."""
    from django.contrib import messages

    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{error}" if label else str(error))
