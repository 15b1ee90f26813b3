"""Form widgets written in Python (issue #15): Django renders every widget — and every
``<option>`` of a select — through a template, which was a tenth of a list page's server time
(its filter form) and more of the survey form's. :class:`FastRenderer` writes the stock input,
select, option and textarea templates' HTML itself, character for character, and hands any
other template (or any of these, if a project template overrides it) to Django.
``tests/core/test_renderers.py`` renders real and synthetic forms both ways and compares."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescape."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return str(conditional_escape("%s" % (value,)))  # noqa: UP031 - stringformat's own spelling


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_text(value)}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>\n'
    )


def _option(widget: dict[str, Any]) -> str:
    return (
        f'<option value="{_text(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>\n"
    )


class FastRenderer(DjangoTemplates):
    """Django's default form renderer, with the stock widget templates written in Python."""

    @cached_property
    def fast(self) -> dict[str, Callable[[dict[str, Any]], str]]:
        def select(widget: dict[str, Any]) -> str:
            parts = [
                f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            ]
            for group_name, group_choices, _index in widget["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
                for option in group_choices:
                    parts.append("\n  ")
                    parts.append(self._widget(option["template_name"], option))
                if group_name:
                    parts.append("\n  </optgroup>")
            parts.append("\n</select>\n")
            return "".join(parts)

        def textarea(widget: dict[str, Any]) -> str:
            value = conditional_escape(widget["value"]) if widget["value"] else ""
            return (
                f'<textarea name="{conditional_escape(widget["name"])}"'
                f"{_attrs(widget['attrs'])}>\n{value}</textarea>\n"
            )

        plain: dict[str, Callable[[dict[str, Any]], str]] = {
            "input.html": _input,
            "select_option.html": _option,
        }
        plain.update({"select.html": select, "textarea.html": textarea})
        # the stock templates that only include input.html (and add one line end)
        for name in (
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "checkbox",
            "search",
            "tel",
            "color",
        ):
            plain[f"{name}.html"] = _input
        fast: dict[str, Callable[[dict[str, Any]], str]] = {}
        for name, write in plain.items():
            if self._stock(WIDGETS + name):
                fast[WIDGETS + name] = write
        return fast

    def _stock(self, template_name: str) -> bool:
        """Whether the template this renderer would use is Django's own file."""
        try:
            origin = self.get_template(template_name).origin.name
        except Exception:
            return False
        return "/django/forms/templates/" in str(origin).replace("\\", "/")

    def _widget(self, template_name: str, widget: dict[str, Any]) -> str:
        """An option as ``{% include option.template_name with widget=option %}`` writes it:
        not stripped."""
        write = self.fast.get(template_name)
        if write is not None:
            return write(widget)
        return str(self.get_template(template_name).render({"widget": widget}))

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = self.fast.get(template_name)
        if write is not None and set(context) <= {"widget"}:
            # stripped, as BaseRenderer.render strips what a template writes
            return mark_safe(write(context["widget"]).strip())  # noqa: S308 - escaped above
        return super().render(template_name, context, request)
