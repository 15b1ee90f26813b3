from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, VersionedForm, style
from kechuang.core.states import INITIAL
from kechuang.enterprises.models import Enterprise

from .choices import PlatformLevel, PlatformStatus
from .models import PLATFORM_FIELDS, PLATFORM_WORKFLOW, Platform, PlatformKind


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
