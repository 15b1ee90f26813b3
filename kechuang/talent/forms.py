from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, StyledMixin, VersionedForm, style
from kechuang.core.money import MoneyFormField
from kechuang.core.states import INITIAL
from kechuang.enterprises.models import Enterprise

from .choices import CooperationStatus
from .models import (
    COOPERATION_FIELDS,
    COOPERATION_WORKFLOW,
    EXPERT_FIELDS,
    INSTITUTION_FIELDS,
    NEED_FIELDS,
    PLAN_FIELDS,
    TRIP_FIELDS,
    Cooperation,
    CooperationPlan,
    Expert,
    Institution,
    NeedStatus,
    Satisfaction,
    TechNeed,
    Trip,
    Visit,
)


class InstitutionForm(VersionedForm):
    class Meta:
        model = Institution
        fields = list(INSTITUTION_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region"]
        region.queryset = Region.objects.visible_to(user).filter(level__lte=3)
        if user is not None and not self.instance.pk:
            region.initial = getattr(user, "region_id", None)


class ExpertForm(VersionedForm):
    class Meta:
        model = Expert
        fields = list(EXPERT_FIELDS)
        widgets = {"profile": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institution: Any = self.fields["institution"]
        institution.queryset = Institution.objects.visible_to(user)


class CooperationForm(VersionedForm):
    status = forms.ChoiceField(label=_("当前阶段"), required=False)
    on = forms.DateField(label=_("阶段日期"), widget=DATE, required=False)
    amount = MoneyFormField(label=_("合同金额（万元）"), required=False)

    class Meta:
        model = Cooperation
        fields = list(COOPERATION_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        institution: Any = self.fields["institution"]
        institution.queryset = Institution.objects.visible_to(user)
        experts: Any = self.fields["experts"]
        experts.queryset = Expert.objects.visible_to(user).select_related("institution")
        if self.instance.pk:
            for name in ("status", "on", "amount"):
                del self.fields[name]
            return
        status: Any = self.fields["status"]
        status.choices = [
            (s.value, s.label) for s in CooperationStatus if COOPERATION_WORKFLOW.can(INITIAL, s)
        ]
        status.initial = CooperationStatus.CONTACT
        status.required = True
        self.fields["on"].initial = timezone.localdate()


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(label=_("新阶段"), choices=CooperationStatus.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    amount = MoneyFormField(label=_("合同金额（万元，项目合同时填写）"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, cooperation: Cooperation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if cooperation is not None:
            to: Any = self.fields["to"]
            to.choices = [
                (s.value, s.label)
                for s in CooperationStatus
                if COOPERATION_WORKFLOW.can(cooperation.status, s)
            ]
            self.fields["on"].initial = timezone.localdate()
        style(self)


class TripForm(VersionedForm):
    class Meta:
        model = Trip
        fields = list(TRIP_FIELDS)
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region"]
        region.queryset = Region.objects.visible_to(user).filter(level__lte=3)
        if user is not None and not self.instance.pk:
            region.initial = getattr(user, "region_id", None)


class VisitForm(StyledMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Visit
        fields = [
            "visited_on",
            "enterprise",
            "institution",
            "experts",
            "counterpart",
            "topic",
            "outcome",
            "cooperation",
            "note",
        ]
        widgets = {"visited_on": DATE}

    def __init__(self, *args: Any, user: Any = None, trip: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        institution: Any = self.fields["institution"]
        institution.queryset = Institution.objects.visible_to(user)
        experts: Any = self.fields["experts"]
        experts.queryset = Expert.objects.visible_to(user).select_related("institution")
        cooperation: Any = self.fields["cooperation"]
        cooperation.queryset = Cooperation.objects.visible_to(user)
        if trip is not None and not self.is_bound:
            self.fields["visited_on"].initial = trip.started_on
        self.style()


class NeedForm(VersionedForm):
    class Meta:
        model = TechNeed
        fields = list(NEED_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kechuang.core.scoping import user_roles

        if "enterprise" in user_roles(user):
            del self.fields["enterprise"]  # an enterprise raises its own needs
            return
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)


class NeedAdvanceForm(forms.Form):
    """The need loop's step on the need's page (the state-change block's form): the fields a
    step needs are asked for that step only (the page shows them by the chosen state)."""

    to = forms.ChoiceField(label=_("办理环节"))
    on = forms.DateField(label=_("日期"), widget=DATE)
    assignee = forms.CharField(
        label=_("承办人或部门（交办时填写）"), max_length=100, required=False
    )
    deadline = forms.DateField(label=_("办理时限（交办时填写）"), widget=DATE, required=False)
    answer = forms.CharField(
        label=_("处置结果（反馈时填写）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("满意度（办结时填写）"),
        choices=[("", "—"), *Satisfaction.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(label=_("评价意见"), max_length=300, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, need: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kechuang.core.scoping import user_roles

        from .services import need_moves

        if need is not None:
            to: Any = self.fields["to"]
            moves = need_moves(user, need)
            to.choices = [(s.value, s.label) for s in NeedStatus if s.value in moves]
            self.fields["on"].initial = timezone.localdate()
            if "enterprise" in user_roles(user):
                for name in ("assignee", "deadline", "answer"):
                    del self.fields[name]
                to.label = _("办理结果评价")
        style(self)


class PlanForm(VersionedForm):
    class Meta:
        model = CooperationPlan
        fields = list(PLAN_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        institution: Any = self.fields["institution"]
        institution.queryset = Institution.objects.visible_to(user)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year + 1
