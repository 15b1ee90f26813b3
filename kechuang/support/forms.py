from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region, User
from kechuang.core.forms import DATE, VersionedForm
from kechuang.enterprises.models import Enterprise

from .choices import AnswerKind
from .models import (
    LIAISON_FIELDS,
    MEASURE_FIELDS,
    PLAN_FIELDS,
    QUESTION_FIELDS,
    VISIT_FIELDS,
    EnterprisePlan,
    Flag,
    Liaison,
    PlanMeasure,
    SurveyQuestion,
    Visit,
)


def bureau_people(user: Any, roles: tuple[str, ...] = ("staff", "leader")) -> Any:
    """Active staff or leaders of the user's region and the regions within it."""
    found = User.objects.filter(is_active=True, groups__name__in=roles).distinct()
    home = getattr(user, "region", None)
    if home is not None:
        found = found.filter(region__code__startswith=home.code)
    return found.order_by("username")


def _person(user: Any) -> str:
    return str(user.display_name)


class QuestionForm(VersionedForm):
    class Meta:
        model = SurveyQuestion
        fields = list(QUESTION_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: Any = self.fields["region"]
        region.queryset = Region.objects.visible_to(user).filter(level__lte=RegionLevel.COUNTY)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            if user is not None and getattr(user, "region_id", None):
                self.fields["region"].initial = user.region_id


class VisitForm(VersionedForm):
    """A visit with the year's questionnaire: one field per question (``q_<id>``), the answers
    gathered into ``answers``; needs raised on the visit go into the one pool."""

    new_needs = forms.CharField(
        label=_("走访中收集的技术难题和需求（每行一项，进入需求池）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = Visit
        fields = [f for f in VISIT_FIELDS if f != "answers"]
        widgets = {
            "visited_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "visitors": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        visitors: Any = self.fields["visitors"]
        visitors.queryset = bureau_people(user)
        visitors.label_from_instance = _person
        visitors.help_text = _("按住 Ctrl 可多选；不选时为本人")
        visitors.required = False
        day = self.instance.visited_on if self.instance.pk else timezone.localdate()
        if not self.instance.pk and not self.is_bound:
            self.fields["visited_on"].initial = day
        home = getattr(user, "region", None)
        self.questions = [
            q
            for q in SurveyQuestion.objects.filter(year=day.year, active=True)
            .select_related("region")
            .order_by("order", "pk")
            if home is None or home.code.startswith(q.region.code)
        ]
        answers = self.instance.answers if self.instance.pk else {}
        for q in self.questions:
            name = f"q_{q.pk}"
            label = f"{q.order}. {q.text}（{q.get_topic_display()}）"
            if q.kind in (AnswerKind.YES_NO, AnswerKind.CHOICE):
                field: forms.Field = forms.ChoiceField(
                    label=label,
                    choices=[("", "—"), *[(c, c) for c in q.choices]],
                    required=False,
                )
            elif q.kind == AnswerKind.NUMBER:
                field = forms.DecimalField(label=label, required=False)
            else:
                field = forms.CharField(label=label, required=False, max_length=300)
            field.initial = answers.get(str(q.pk))
            self.fields[name] = field
        # the needs box last, after the questions
        self.fields["new_needs"] = self.fields.pop("new_needs")
        self.style()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["answers"] = {
            str(q.pk): str(cleaned[f"q_{q.pk}"])
            for q in self.questions
            if cleaned.get(f"q_{q.pk}") not in (None, "")
        }
        return cleaned


class FlagForm(VersionedForm):
    class Meta:
        model = Flag
        fields = ["resolved_on", "resolution"]
        widgets = {"resolved_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolved_on"].help_text = _("跟进完成后填写，同时填写跟进情况")


class LiaisonForm(VersionedForm):
    class Meta:
        model = Liaison
        fields = list(LIAISON_FIELDS)
        widgets = {"since": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leader: Any = self.fields["leader"]
        leader.queryset = bureau_people(user, ("leader",))
        leader.label_from_instance = _person
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        if not self.instance.pk and not self.is_bound:
            self.fields["since"].initial = timezone.localdate()


class PlanForm(VersionedForm):
    class Meta:
        model = EnterprisePlan
        fields = list(PLAN_FIELDS)
        widgets = {"review_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = bureau_people(user)
        owner.label_from_instance = _person
        enterprise: Any = self.fields["enterprise"]
        enterprise.queryset = Enterprise.objects.visible_to(user)
        self.fields["review_on"].required = False
        self.fields["review_on"].help_text = _("不填时为今天起一个复核周期后")
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            if user is not None:
                self.fields["owner"].initial = user.pk
            wanted = request.GET.get("enterprise") if request is not None else None
            if wanted and wanted.isdigit():
                self.fields["enterprise"].initial = int(wanted)


class MeasureForm(VersionedForm):
    class Meta:
        model = PlanMeasure
        fields = list(MEASURE_FIELDS)
        widgets = {"due_on": DATE, "done_on": DATE}

    def __init__(self, *args: Any, user: Any = None, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan: Any = self.fields["plan"]
        plan.queryset = EnterprisePlan.objects.visible_to(user).select_related("enterprise")
        if not self.instance.pk and not self.is_bound and request is not None:
            wanted = request.GET.get("plan")
            if wanted and wanted.isdigit():
                self.fields["plan"].initial = int(wanted)
