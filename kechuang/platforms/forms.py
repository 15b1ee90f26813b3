from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, StyledMixin, VersionedForm, style
from kechuang.core.states import INITIAL
from kechuang.enterprises.models import Enterprise

from .choices import EvaluationGrade, PlatformLevel, PlatformStatus
from .models import (
    KIND_FIELDS,
    PLATFORM_FIELDS,
    PLATFORM_WORKFLOW,
    Criterion,
    Platform,
    PlatformKind,
)
from .readiness import plain


class PlatformForm(VersionedForm):
    """A platform's fields; a new one also its first state (an already approved platform with
    its level, document number and issuer)."""

    status = forms.ChoiceField(label=_("当前状态"), required=False)
    on = forms.DateField(label=_("状态日期"), widget=DATE, required=False)
    level = forms.ChoiceField(
        label=_("获批/申报级别"),
        choices=[("", "—"), *PlatformLevel.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("批准文号"), max_length=100, required=False)
    issuer = forms.CharField(label=_("发文单位"), max_length=100, required=False)

    class Meta:
        model = Platform
        fields = list(PLATFORM_FIELDS)
        widgets = {"founded_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host: Any = self.fields["host_enterprise"]
        host.queryset = Enterprise.objects.visible_to(user)  # never another county's
        kind: Any = self.fields["kind"]
        kind.queryset = PlatformKind.objects.filter(is_active=True)
        town: Any = self.fields["region"]
        town.queryset = Region.objects.visible_to(user).filter(level=RegionLevel.TOWN)
        if self.instance.pk:
            for name in ("status", "on", "level", "document_number", "issuer"):
                del self.fields[name]  # a state is changed through the history, not an edit
            return
        first = [s for s in PlatformStatus if PLATFORM_WORKFLOW.can(INITIAL, s)]
        status: Any = self.fields["status"]
        status.choices = [(s.value, s.label) for s in first]
        status.initial = PlatformStatus.PLANNING
        status.required = True
        self.fields["on"].initial = timezone.localdate()


class AdvanceForm(forms.Form):
    """The next state of a platform, with the facts the move needs."""

    to = forms.ChoiceField(label=_("新状态"), choices=PlatformStatus.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    level = forms.ChoiceField(
        label=_("级别（申报、获批时填写）"),
        choices=[("", "—"), *PlatformLevel.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("批准文号"), max_length=100, required=False)
    issuer = forms.CharField(label=_("发文单位"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, platform: Platform | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if platform is not None:  # only the moves allowed from where it stands
            to: Any = self.fields["to"]
            to.choices = [
                (s.value, s.label)
                for s in PlatformStatus
                if PLATFORM_WORKFLOW.can(platform.status, s)
            ]
            self.fields["on"].initial = timezone.localdate()
        style(self)


class EvaluateForm(forms.Form):
    """An approved platform's annual evaluation."""

    year = forms.IntegerField(label=_("考核年度"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("考核结果"), choices=EvaluationGrade.choices)
    on = forms.DateField(label=_("考核日期"), widget=DATE)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1
        self.fields["on"].initial = today
        style(self)


class KindForm(VersionedForm):
    class Meta:
        model = PlatformKind
        fields = list(KIND_FIELDS)


class CriterionForm(StyledMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Criterion
        fields = ["kind", "level", "year", "key", "label", "unit", "minimum", "order", "source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
        self.style()


class CopyCriteriaForm(forms.Form):
    source = forms.IntegerField(label=_("从年度"), min_value=2000, max_value=2100)
    target = forms.IntegerField(label=_("复制到年度"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["source"].initial = year - 1
        self.fields["target"].initial = year
        style(self)


class ValuesForm(forms.Form):
    """The year's values, one field per condition of the platform's next level."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, criteria: list[Criterion], row: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        have = row.values if row is not None else {}
        for c in criteria:
            self.fields[c.key] = forms.DecimalField(
                label=f"{c.label}（{c.unit}）",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=have.get(c.key),
                help_text=_("要求≥%(m)s%(u)s") % {"m": plain(c.minimum), "u": c.unit},
            )
        if row is not None:
            self.fields["version"].initial = row.version
        style(self)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"), choices=[("accept", _("审核通过")), ("return", _("退回修改"))]
    )
    review_note = forms.CharField(label=_("审核意见"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
