from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, VersionedForm

from .models import (
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    TEAM_FIELDS,
    Assignment,
    Commissioner,
    KeyVillage,
    RosterNotice,
    ServiceTeam,
)


def _regions(form: forms.BaseForm, user: Any, instance: Any, levels: tuple[int, ...]) -> None:
    field: Any = form.fields["region"]
    field.queryset = Region.objects.visible_to(user).filter(level__in=levels)
    if user is not None and not instance.pk:
        field.initial = getattr(user, "region_id", None)


class CommissionerForm(VersionedForm):
    class Meta:
        model = Commissioner
        fields = list(COMMISSIONER_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance, (RegionLevel.COUNTY,))


class NoticeForm(VersionedForm):
    added = forms.ModelMultipleChoiceField(
        label=_("增补的特派员"), queryset=Commissioner.objects.none(), required=False
    )
    removed = forms.ModelMultipleChoiceField(
        label=_("调出的特派员"), queryset=Commissioner.objects.none(), required=False
    )

    class Meta:
        model = RosterNotice
        fields = list(NOTICE_FIELDS)
        widgets = {"issued_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance, (RegionLevel.COUNTY, RegionLevel.CITY))
        if self.instance.pk:  # who a notice added or removed is history
            del self.fields["added"], self.fields["removed"]
            del self.fields["region"]
            return
        mine = Commissioner.objects.visible_to(user)
        added: Any = self.fields["added"]
        added.queryset = mine.filter(on_roster=False)
        removed: Any = self.fields["removed"]
        removed.queryset = mine.filter(on_roster=True)
        if not self.is_bound:
            self.fields["issued_on"].initial = timezone.localdate()


class KeyVillageForm(VersionedForm):
    class Meta:
        model = KeyVillage
        fields = list(KEY_VILLAGE_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village: Any = self.fields["village"]
        village.queryset = Region.objects.visible_to(user).filter(level=RegionLevel.VILLAGE)


class TeamForm(VersionedForm):
    class Meta:
        model = ServiceTeam
        fields = list(TEAM_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town: Any = self.fields["town"]
        town.queryset = Region.objects.visible_to(user).filter(level=RegionLevel.TOWN)
        for name in ("captain", "members"):
            field: Any = self.fields[name]
            field.queryset = Commissioner.objects.visible_to(user).filter(on_roster=True)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["name"].initial = "科技特派员服务队"


class AssignmentForm(VersionedForm):
    class Meta:
        model = Assignment
        fields = list(ASSIGNMENT_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commissioner: Any = self.fields["commissioner"]
        commissioner.queryset = Commissioner.objects.visible_to(user)
        area: Any = self.fields["area"]
        area.queryset = Region.objects.visible_to(user).filter(
            level__in=(RegionLevel.TOWN, RegionLevel.VILLAGE)
        )
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
