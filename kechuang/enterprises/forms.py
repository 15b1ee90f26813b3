"""Forms for UI edits. Validation lives in the models' clean(), shared with the importer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.money import MoneyFormField, slip_message, unit_slip

from .models import AnnualFigures, Enterprise, IntellectualProperty, Qualification
from .selectors import figures_before
from .services import ENTERPRISE_EDITABLE, IP_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
    """Carries the version the edit started from; the service refuses a stale one."""

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


ENTERPRISE_FIELDS = [
    "uscc",
    "name",
    "region",
    "legal_representative",
    "registered_on",
    "registered_capital",
    "address",
    "industry_code",
    "tech_field",
    "tech_subfield",
    "contact_person",
    "contact_phone",
    "contact_email",
    "is_above_scale",
    "in_rd_statistics",
    "is_key_cultivated",
    "is_listed",
    "uscc_warning_confirmed",
]


class EnterpriseForm(VersionedForm):
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        help_text=_("18位；小写、全角和空格会自动规范化"),
    )

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"registered_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            level__in=[RegionLevel.COUNTY, RegionLevel.TOWN]
        )
        self.fields["industry_code"].widget.attrs.update(
            {
                "list": "industry-options",
                "placeholder": _("输入代码或名称搜索，如 3411 或 锅炉"),
                "hx-get": reverse("enterprises:industry_search"),
                "hx-trigger": "keyup changed delay:300ms",
                "hx-target": "#industry-options",
                "hx-swap": "innerHTML",
                "autocomplete": "off",
            }
        )


class EnterpriseSelfForm(VersionedForm):
    """What an enterprise user may change on its own profile."""

    class Meta:
        model = Enterprise
        fields = [f for f in ENTERPRISE_FIELDS if f in ENTERPRISE_EDITABLE]


FIELD_ORDER = [
    "sales_revenue",
    "main_business_revenue",
    "total_revenue",
    "high_tech_revenue",
    "total_cost",
    "total_assets",
    "total_liabilities",
    "profit",
    "tax_paid",
    "government_grants",
    "rd_expense",
    "rd_expense_domestic",
    "employees",
    "st_staff",
    "bachelor_plus_staff",
    "rd_staff",
]


class AnnualFiguresForm(VersionedForm):
    """Money in 万元. A value about 10,000 times the previous year's (元 typed for 万元) or
    1/10,000 of it stops the save with a warning until "已核对金额单位" is ticked."""

    confirm_units = forms.BooleanField(
        label=_("已核对金额单位，数值无误"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = AnnualFigures
        fields = ["year", *FIELD_ORDER]

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        if self.instance.pk:
            self.fields["year"].disabled = True

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        year = data.get("year") or self.instance.year
        if not year or data.get("confirm_units"):
            return data
        previous = figures_before(self.enterprise, year)
        if previous is None:
            return data
        slipped = False
        for name in FIELD_ORDER:
            field = self.fields[name]
            if not isinstance(field, MoneyFormField) or name in self.errors:
                continue
            value, reference = data.get(name), getattr(previous, name)
            if unit_slip(value, reference) is None:
                continue
            slipped = True
            self.add_error(
                name,
                slip_message(
                    AnnualFigures._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                    value,
                    reference,
                    _("%(y)s年度") % {"y": previous.year},
                ),
            )
        if slipped:
            confirm = self.fields["confirm_units"]
            confirm.widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
            confirm.help_text = _("核对后仍要按所填数值保存，请勾选此项再点“保存”。")
        return data

    def changes(self) -> dict[str, Any]:
        found = super().changes()
        found.pop("confirm_units", None)
        return found


class IntellectualPropertyForm(VersionedForm):
    class Meta:
        model = IntellectualProperty
        fields = sorted(
            IP_FIELDS, key=["kind", "number", "title", "applied_on", "granted_on", "status"].index
        )
        widgets = {"applied_on": DATE, "granted_on": DATE}


class QualificationForm(StyledMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Qualification
        fields = ["kind", "number", "year", "issued_on", "valid_until", "note"]
        widgets = {"issued_on": DATE, "valid_until": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def _post_clean(self) -> None:
        pass


class EnterpriseAccountForm(StyledMixin, forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.@-]+$",
        error_messages={"invalid": _("用户名只能包含字母、数字和 _ . @ -")},
    )
    full_name = forms.CharField(label=_("联系人姓名"), max_length=50)
    phone = forms.RegexField(
        label=_("手机号"),
        regex=r"^1[3-9]\d{9}$",
        required=False,
        error_messages={"invalid": _("请输入11位手机号码。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("查看原因"), max_length=200)
