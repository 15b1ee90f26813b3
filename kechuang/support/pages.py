"""The declarations: visits and their questionnaire, red flags, leadership liaison, and one
enterprise one plan with its measures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE
from kechuang.core.pages import ModelPages, register

from . import services
from .api.serializers import (
    EnterprisePlanSerializer,
    FlagSerializer,
    LiaisonSerializer,
    MeasureSerializer,
    QuestionSerializer,
    SupportVisitSerializer,
)
from .filtersets import (
    FlagFilter,
    LiaisonFilter,
    MeasureFilter,
    PlanFilter,
    QuestionFilter,
    VisitFilter,
)
from .forms import FlagForm, LiaisonForm, MeasureForm, PlanForm, QuestionForm, VisitForm
from .importers import LiaisonSheet, VisitSheet
from .models import (
    FLAG_FIELDS,
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
from .tables import FlagTable, LiaisonTable, MeasureTable, PlanTable, QuestionTable, VisitTable

# staff record the visits (a leader who visits is named among the visitors); leaders read
VISITORS = BUSINESS_WRITE


@register
class VisitPages(ModelPages):
    model = Visit
    namespace, name = "support", "visit"
    title, noun = _("走访服务"), _("走访记录")
    add_title = _("记录走访")
    fields = VISIT_FIELDS
    sheet = VisitSheet
    filterset, table, form, serializer = VisitFilter, VisitTable, VisitForm, SupportVisitSerializer
    read, write = BUSINESS_READ, VISITORS
    owner = None
    detail_template = "support/visit_detail.html"
    list_template = "support/visit_list.html"
    export_order = ("visited_on", "pk")

    @classmethod
    def api_basename(cls) -> str:
        return "support-visit"  # talent's matching visits are "visit"

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)

    def queryset(self) -> Any:
        return (
            Visit.objects.visible_to(self.user)
            .select_related("enterprise")
            .prefetch_related("visitors", "flags")
        )

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        """The declared fields but the answers, which the 问卷与预警 tab shows by question."""
        from kechuang.core.pages import show_field

        return [
            (str(getattr(Visit._meta.get_field(n), "verbose_name", n)), show_field(obj, n))
            for n in VISIT_FIELDS
            if n != "answers"
        ]

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from .models import SurveyQuestion

        questions = SurveyQuestion.objects.in_bulk([int(k) for k in obj.answers])
        answers = [
            (questions[int(k)], v)
            for k, v in sorted(
                obj.answers.items(),
                key=lambda kv: (getattr(questions.get(int(kv[0])), "order", 0), kv[0]),
            )
            if int(k) in questions
        ]
        return {
            "answers": answers,
            "flags": obj.flags.order_by("pk"),
            "needs": obj.needs.order_by("pk"),
            "visitors": obj.visitors.order_by("username"),
        }

    def create(self, data: dict[str, Any]) -> Visit:
        return services.visit_create(
            actor=self.user, new_needs=self.form_value("new_needs") or "", **data
        )

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Visit:
        return services.visit_update(
            actor=self.user,
            visit=obj,
            version=version,
            new_needs=self.form_value("new_needs") or "",
            **data,
        )


@register
class QuestionPages(ModelPages):
    model = SurveyQuestion
    namespace, name = "support", "question"
    route = "questions/"
    title, noun = _("走访问卷"), _("题目")
    fields = QUESTION_FIELDS
    filterset, table, form, serializer = (
        QuestionFilter,
        QuestionTable,
        QuestionForm,
        QuestionSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = "support/visit_list.html"  # the line's menu on every list
    export_order = ("year", "order", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.text)

    def queryset(self) -> Any:
        return SurveyQuestion.objects.visible_to(self.user).select_related("region")

    def create(self, data: dict[str, Any]) -> SurveyQuestion:
        return services.question_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> SurveyQuestion:
        return services.question_update(actor=self.user, question=obj, version=version, **data)


@register
class FlagPages(ModelPages):
    """The red-flag list: raised by visits' answers, followed up here (edit = follow up)."""

    model = Flag
    namespace, name = "support", "flag"
    route = "flags/"
    pages = ("list", "export", "detail", "edit")
    title, noun = _("走访预警"), _("预警")
    fields = FLAG_FIELDS
    filterset, table, form, serializer = FlagFilter, FlagTable, FlagForm, FlagSerializer
    read, write = BUSINESS_READ, VISITORS
    owner = None
    list_template = "support/visit_list.html"  # the line's menu on every list
    export_order = ("raised_on", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.label)

    def queryset(self) -> Any:
        return Flag.objects.visible_to(self.user).select_related("enterprise", "visit")

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Flag:
        return services.flag_resolve(
            actor=self.user,
            flag=obj,
            version=version,
            resolved_on=data.get("resolved_on") or obj.resolved_on,
            resolution=data.get("resolution", ""),
        )


@register
class LiaisonPages(ModelPages):
    model = Liaison
    namespace, name = "support", "liaison"
    route = "liaisons/"
    title, noun = _("领导联系企业"), _("联系企业")
    fields = LIAISON_FIELDS
    sheet = LiaisonSheet
    filterset, table, form, serializer = (
        LiaisonFilter,
        LiaisonTable,
        LiaisonForm,
        LiaisonSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = "support/visit_list.html"  # the line's menu on every list
    export_order = ("leader_id", "enterprise__name", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)

    def queryset(self) -> Any:
        return Liaison.objects.visible_to(self.user).select_related("leader", "enterprise")

    def create(self, data: dict[str, Any]) -> Liaison:
        return services.liaison_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Liaison:
        return services.liaison_update(actor=self.user, liaison=obj, version=version, **data)


@register
class PlanPages(ModelPages):
    model = EnterprisePlan
    namespace, name = "support", "plan"
    route = "plans/"
    title, noun = _("一企一策"), _("方案")
    add_title = _("制定一企一策方案")
    fields = PLAN_FIELDS
    filterset, table, form, serializer = PlanFilter, PlanTable, PlanForm, EnterprisePlanSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = "support/visit_list.html"  # the line's menu on every list
    detail_template = "support/plan_detail.html"
    export_order = ("year", "enterprise__name", "pk")

    @classmethod
    def api_basename(cls) -> str:
        return "enterprise-plan"  # talent's planned cooperations are "plan"

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)

    def queryset(self) -> Any:
        return EnterprisePlan.objects.visible_to(self.user).select_related("enterprise", "owner")

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from django.utils import timezone

        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        rule = rule_for("support:plan_review")
        return {
            "measures": obj.measures.order_by("due_on", "pk"),
            "may_review": rule is not None and rule.allows(user_roles(self.user), "POST"),
            "review_due": obj.review_on <= timezone.localdate(),
            "today": timezone.localdate(),
        }

    def create(self, data: dict[str, Any]) -> EnterprisePlan:
        return services.plan_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> EnterprisePlan:
        return services.plan_update(actor=self.user, plan=obj, version=version, **data)


@register
class MeasurePages(ModelPages):
    model = PlanMeasure
    namespace, name = "support", "measure"
    route = "plan-measures/"
    title, noun = _("方案措施"), _("措施")
    fields = MEASURE_FIELDS
    filterset, table, form, serializer = MeasureFilter, MeasureTable, MeasureForm, MeasureSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = "support/visit_list.html"  # the line's menu on every list
    export_order = ("plan_id", "due_on", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.measure)

    def queryset(self) -> Any:
        return PlanMeasure.objects.visible_to(self.user).select_related("plan__enterprise")

    def success_url(self, obj: Any) -> str:
        return str(obj.plan.get_absolute_url())

    def create(self, data: dict[str, Any]) -> PlanMeasure:
        return services.measure_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> PlanMeasure:
        return services.measure_update(actor=self.user, record=obj, version=version, **data)
