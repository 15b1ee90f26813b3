"""Forms of the R&D survey pages: the same forms validate the page, the autosave and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, style
from kechuang.enterprises.selectors import enterprises_by_uscc

from .models import VALUE_FIELDS, SurveyCampaign, SurveyForm, SurveyProject
from .services import PROJECT_FIELDS


class CampaignForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=_("组织地区"), queryset=Region.objects.none())
    include_default = forms.BooleanField(
        label=_("包含地区内全部纳统企业"), required=False, initial=True
    )
    extra = forms.CharField(
        label=_("另外添加的企业"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个统一社会信用代码"),
    )

    class Meta:
        model = SurveyCampaign
        fields = ["region", "year", "deadline", "instructions", "threshold", "gdp"]
        widgets = {"deadline": DATE, "instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            level__lte=RegionLevel.COUNTY
        )
        style(self)
        self.fields["include_default"].widget.attrs["class"] = "form-check-input"

    def clean_extra(self) -> list[Any]:
        """The enterprises added by hand (every code must be one the user may see)."""
        return enterprises_by_uscc(user=self.user, codes=self.cleaned_data["extra"].splitlines())


class CampaignEditForm(forms.ModelForm):
    class Meta:
        model = SurveyCampaign
        fields = ["deadline", "instructions", "threshold", "gdp"]
        widgets = {"deadline": DATE, "instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ValuesForm(forms.ModelForm):
    """The 107-2 totals. Every field optional here; submission checks what is required."""

    class Meta:
        model = SurveyForm
        fields = VALUE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.widget.attrs.update(
                {"class": "form-control form-control-sm", "inputmode": "decimal"}
            )
            field.help_text = ""


class ProjectForm(forms.ModelForm):
    class Meta:
        model = SurveyProject
        fields = list(PROJECT_FIELDS)
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"
            field.help_text = ""
        self.empty_permitted = True
        self.use_required_attribute = False


ProjectFormSet = forms.formset_factory(ProjectForm, extra=1, can_delete=True, max_num=500)


def project_rows(formset: Any) -> list[dict[str, Any]]:
    """The formset's projects as plain dicts (empty and deleted rows dropped)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("name"):
            continue
        rows.append({k: data.get(k) for k in PROJECT_FIELDS})
    return rows


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("审核通过")), ("return", _("退回修改"))])
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=2000)
