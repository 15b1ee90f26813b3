from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, VersionedForm, style
from kechuang.enterprises.models import Enterprise

from .conditions import BY_LABEL, as_text, parse
from .models import DISSEMINATION_FIELDS, POLICY_FIELDS, PUSH_FIELDS, Dissemination, Policy, Push


class ConditionsField(forms.CharField):
    """The conditions typed one a line, parsed by a fixed grammar (never evaluated)."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value: Any) -> Any:
        return as_text(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list):
            return value
        return parse(str(value or ""))

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class PolicyForm(VersionedForm):
    conditions = ConditionsField(
        label=_("申报条件（每行一条）"),
        required=False,
        help_text=_(
            "如：“规上企业 = 是”“研发费用占销售收入比例 >= 3”“国民经济行业代码 属于 C、6513”。"
            "可用的条件项：%(all)s。"
        )
        % {"all": "、".join(BY_LABEL)},
    )

    class Meta:
        model = Policy
        fields = list(POLICY_FIELDS)
        widgets = {
            "issued_on": DATE,
            "expires_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region"]
        region.queryset = Region.objects.visible_to(user).filter(level__lte=RegionLevel.COUNTY)
        region.required = False
        if not self.instance.pk and not self.is_bound and user is not None:
            region.initial = getattr(user, "region_id", None)
        self.style()


class PushForm(VersionedForm):
    class Meta:
        model = Push
        fields = list(PUSH_FIELDS)
        widgets = {"pushed_on": DATE}

    def __init__(self, *args: Any, user: Any = None, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import library

        policy: Any = self.fields["policy"]
        policy.queryset = library(user)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        if not self.instance.pk and not self.is_bound:
            self.fields["pushed_on"].initial = timezone.localdate()
            wanted = request.GET.get("policy") if request is not None else None
            if wanted and wanted.isdigit():
                policy.initial = int(wanted)


class DisseminationForm(VersionedForm):
    link = forms.URLField(label=_("链接"), required=False, assume_scheme="https")

    class Meta:
        model = Dissemination
        fields = list(DISSEMINATION_FIELDS)
        widgets = {"published_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region"]
        region.queryset = Region.objects.visible_to(user).filter(level__lte=RegionLevel.COUNTY)
        region.required = False
        from .selectors import library

        policy: Any = self.fields["policy"]
        policy.queryset = library(user)
        if not self.instance.pk and not self.is_bound:
            self.fields["published_on"].initial = timezone.localdate()
            if user is not None:
                region.initial = getattr(user, "region_id", None)


class PushManyForm(forms.Form):
    """The match page's batch: the chosen enterprises told of the policy."""

    on = forms.DateField(label=_("推送日期"), widget=DATE)
    channel = forms.ChoiceField(label=_("推送方式"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .choices import Channel

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = Channel.choices  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()
        style(self)
