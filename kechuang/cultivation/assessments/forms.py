"""Forms of the cultivation pages that are not declared inline by a shared block."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.cultivation.assessments.services import GRADE_FIELDS
from kechuang.cultivation.models import ExpertGrade

YES_NO_UNKNOWN = [("", _("未评（保留区间）")), ("true", _("是")), ("false", _("否"))]


class ExpertGradeForm(forms.ModelForm):  # type: ignore[type-arg]
    standards_bonus = forms.TypedChoiceField(
        label=_("参与编制国家、行业标准等（加分）"),
        choices=YES_NO_UNKNOWN,
        required=False,
        coerce=lambda v: v == "true",
        empty_value=None,
    )

    class Meta:
        model = ExpertGrade
        fields = list(GRADE_FIELDS)  # the same list the service accepts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.standards_bonus is not None:
            self.initial["standards_bonus"] = "true" if self.instance.standards_bonus else "false"
        for name in ("ip_advancement", "ip_core_support", "ip_obtained"):
            field = self.fields[name]
            field.choices = [("", _("未评（保留区间）")), *list(field.choices)[1:]]  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def _post_clean(self) -> None:
        """The service validates and saves (house rule 1)."""
