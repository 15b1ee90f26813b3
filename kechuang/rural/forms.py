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
    TRAINING_COUNTS,
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
        from kechuang.accounts.models import User

        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance, (RegionLevel.COUNTY,))
        account: Any = self.fields["user"]
        home = getattr(user, "region", None)
        account.queryset = (
            User.objects.filter(groups__name="commissioner", region__code__startswith=home.code)
            if home is not None
            else User.objects.none()
        )
        account.help_text = _("特派员用此账号登录“我的特派员服务”（手机可用）")


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


# --- the commissioners' work --------------------------------------------------------------------


class PhotoInput(forms.ClearableFileInput):
    """Several photos at once; on a phone the camera opens (``capture``)."""

    allow_multiple_selected = True


class PhotoField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            PhotoInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(PhotoField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _commissioner_fields(form: Any, user: Any) -> bool:
    """A commissioner logs as themself (no choice); staff choose among their region's. True
    when the user is a commissioner."""
    from kechuang.core.scoping import user_roles

    if "commissioner" in user_roles(user):
        del form.fields["commissioner"]
        return True
    field: Any = form.fields["commissioner"]
    field.queryset = Commissioner.objects.visible_to(user)
    return False


def _mine_areas(user: Any) -> list[Any]:
    """The commissioner's towns and villages of this year (and last, for late entries)."""
    from kechuang.rural.models import Assignment

    year = timezone.localdate().year
    return [
        a.area
        for a in Assignment.objects.filter(
            commissioner__user=user, year__in=(year, year - 1)
        ).select_related("area")
    ]


def _places(user: Any, level: int, mine: bool) -> Any:
    from django.db.models import Q

    places = Region.objects.visible_to(user) if not mine else Region.objects.all()
    places = places.filter(level=level)
    if mine:
        areas = _mine_areas(user)
        if not areas:
            return places.none()
        q = Q()
        for area in areas:
            q |= Q(code__startswith=area.code)
            if level == RegionLevel.TOWN and area.level == RegionLevel.VILLAGE:
                q |= Q(pk=area.parent_id)
        places = places.filter(q)
    return places.order_by("code")


class ServiceForm(VersionedForm):
    photos = PhotoField(label=_("现场照片"), required=False, help_text=_("JPG 或 PNG，可多张"))

    class Meta:
        from .models import SERVICE_FIELDS, ServiceRecord

        model = ServiceRecord
        fields = list(SERVICE_FIELDS)
        widgets = {"served_on": DATE, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = _commissioner_fields(self, user)
        village: Any = self.fields["village"]
        village.queryset = _places(user, RegionLevel.VILLAGE, mine).select_related("parent")
        village.label_from_instance = lambda r: f"{r.parent.name if r.parent_id else ''} {r.name}"
        self.fields["served_count"].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        if not self.instance.pk and not self.is_bound:
            self.fields["served_on"].initial = timezone.localdate()


class TrainingForm(VersionedForm):
    photos = PhotoField(label=_("现场照片"), required=False, help_text=_("JPG 或 PNG，可多张"))

    class Meta:
        from .models import TRAINING_FIELDS, Training

        model = Training
        fields = list(TRAINING_FIELDS)
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = _commissioner_fields(self, user)
        town: Any = self.fields["town"]
        town.queryset = _places(user, RegionLevel.TOWN, mine)
        for name in TRAINING_COUNTS:
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        if not self.instance.pk and not self.is_bound:
            self.fields["held_on"].initial = timezone.localdate()


class AchievementForm(VersionedForm):
    class Meta:
        from .models import ACHIEVEMENT_FIELDS, Achievement

        model = Achievement
        fields = list(ACHIEVEMENT_FIELDS)
        widgets = {"achieved_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from kechuang.enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        mine = _commissioner_fields(self, user)
        enterprise: Any = self.fields["enterprise"]
        if mine:  # the enterprises of the commissioner's county
            county = getattr(Commissioner.objects.filter(user=user).first(), "region", None)
            enterprise.queryset = (
                Enterprise.objects.filter(region__code__startswith=county.code)
                if county is not None
                else Enterprise.objects.none()
            )
        else:
            enterprise.queryset = Enterprise.objects.visible_to(user)
        if not self.instance.pk and not self.is_bound:
            self.fields["achieved_on"].initial = timezone.localdate()


class DonationForm(VersionedForm):
    class Meta:
        from .models import DONATION_FIELDS, Donation

        model = Donation
        fields = list(DONATION_FIELDS)
        widgets = {"donated_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town: Any = self.fields["town"]
        town.queryset = Region.objects.visible_to(user).filter(level=RegionLevel.TOWN)
        team: Any = self.fields["team"]
        team.queryset = ServiceTeam.objects.visible_to(user).select_related("town")
        team.label_from_instance = lambda t: f"{t.year}年 {t}（队长：{t.captain.name}）"
        if not self.instance.pk and not self.is_bound:
            self.fields["donated_on"].initial = timezone.localdate()


class AppraisalForm(VersionedForm):
    class Meta:
        from .models import APPRAISAL_FIELDS, Appraisal

        model = Appraisal
        fields = list(APPRAISAL_FIELDS)
        widgets = {
            "appraised_on": DATE,
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "experts": forms.Textarea(attrs={"rows": 5}),
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from kechuang.enterprises.models import Enterprise

        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        _regions(self, user, self.instance, (RegionLevel.COUNTY, RegionLevel.CITY))


class RuleForm(VersionedForm):
    class Meta:
        from .models import RULE_FIELDS, PointsRule

        model = PointsRule
        fields = list(RULE_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance, (RegionLevel.COUNTY, RegionLevel.CITY))
        if self.instance.pk:
            del self.fields["region"]
        elif not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
