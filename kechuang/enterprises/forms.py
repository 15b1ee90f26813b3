"""Forms for UI edits. Validation lives in the models' clean(), shared with the importer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, StyledMixin, VersionedForm
from kechuang.core.money import MoneyFormField, slip_message, unit_slip

from .models import (
    ENTERPRISE_FIELDS,
    FIGURE_FIELDS,
    IP_FIELDS,
    AnnualFigures,
    Enterprise,
    IntellectualProperty,
    Qualification,
)
from .selectors import figures_before


class EnterpriseForm(VersionedForm):
    """The registry's one form: an enterprise user gets only the fields it may change
    (``ENTERPRISE_FIELDS.own``)."""

    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        help_text=_("18位；小写、全角和空格会自动规范化"),
    )

    class Meta:
        model = Enterprise
        fields = list(ENTERPRISE_FIELDS)
        widgets = {"registered_on": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(ENTERPRISE_FIELDS.for_user(user)) | {"version"}
        for name in [n for n in self.fields if n not in allowed]:
            del self.fields[name]
        if "region" in self.fields:
            self.fields["region"].queryset = Region.objects.visible_to(user).filter(  # type: ignore[attr-defined]
                level__in=[RegionLevel.COUNTY, RegionLevel.TOWN]
            )
        self._mask_contacts(user)
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

    # Contacts stay masked in the edit form (issue #14): staff change a number by typing a new
    # one; the full one is shown only through 查看 on the detail page, with a reason (audited).
    MASKED = (("contact_phone", "mask_phone"), ("contact_email", "mask_email"))

    def _mask_contacts(self, user: Any) -> None:
        from kechuang.core.scoping import user_roles
        from kechuang.utilities import masking

        self._masked: dict[str, str] = {}
        if not self.instance.pk or "enterprise" in user_roles(user):
            return  # a new record, or the enterprise's own contacts
        for name, mask in self.MASKED:
            stored = getattr(self.instance, name, "")
            if name not in self.fields or not stored:
                continue
            shown = getattr(masking, mask)(stored)
            self._masked[name] = shown
            old = self.fields[name]
            self.fields[name] = forms.CharField(
                label=old.label,
                required=False,
                max_length=200,
                help_text=_("已隐藏。不修改请保持原样；修改请输入完整的新号码或邮箱。"),
            )
            self.fields[name].widget.attrs.update({"class": "form-control", "data-masked": "1"})
            self.initial[name] = shown

    def _contact(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if name in self._masked and value == self._masked[name]:
            return str(getattr(self.instance, name))  # unchanged: keep the stored one
        return value

    def clean_contact_phone(self) -> str:
        from .models import validate_contact_phone

        value = self._contact("contact_phone")
        if value != getattr(self.instance, "contact_phone", None):
            validate_contact_phone(value)  # as the model (and the importer) will
        return value

    def clean_contact_email(self) -> str:
        from django.core.validators import validate_email

        value = self._contact("contact_email")
        if value and "contact_email" in self._masked:
            validate_email(value)  # the masked field is plain text: check as the model would
        return value


FIELD_ORDER = list(FIGURE_FIELDS)


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
        fields = list(IP_FIELDS)
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
