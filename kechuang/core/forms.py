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


class StyledMixin:
    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class VersionedForm(StyledMixin, forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the edit started from; the service refuses a stale one
    (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.style()

    def changes(self) -> dict[str, Any]:
        fields = self._meta.fields or []
        return {name: self.cleaned_data[name] for name in fields if name in self.cleaned_data}

    def _post_clean(self) -> None:
        # Model validation runs in the service (full_clean before save), not twice here.
        pass


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
