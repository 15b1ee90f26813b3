"""The declarations: institutions, experts and cooperations (list, export, detail with history,
add, edit and the API)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, OWN_READ, OWN_WRITE
from kechuang.core.pages import ChildSheet, ModelPages, register

from . import selectors, services
from .api.serializers import (
    CooperationSerializer,
    ExpertSerializer,
    InstitutionSerializer,
    NeedSerializer,
    PlanSerializer,
    TripSerializer,
)
from .filtersets import (
    CooperationFilter,
    ExpertFilter,
    InstitutionFilter,
    NeedFilter,
    PlanFilter,
    TripFilter,
)
from .forms import CooperationForm, ExpertForm, InstitutionForm, NeedForm, PlanForm, TripForm
from .importers import CooperationSheet, ExpertSheet, InstitutionSheet, TripSheet, VisitSheet
from .models import (
    COOPERATION_FIELDS,
    EXPERT_FIELDS,
    INSTITUTION_FIELDS,
    NEED_FIELDS,
    PLAN_FIELDS,
    TRIP_FIELDS,
    Cooperation,
    CooperationPlan,
    Expert,
    Institution,
    TechNeed,
    Trip,
)
from .tables import (
    CooperationTable,
    ExpertTable,
    InstitutionTable,
    NeedTable,
    PlanTable,
    TripTable,
)


@register
class InstitutionPages(ModelPages):
    model = Institution
    namespace, name = "talent", "institution"
    route = "institutions/"
    title, noun = _("高校院所"), _("单位")
    fields = INSTITUTION_FIELDS
    filterset, table, form, serializer = (
        InstitutionFilter,
        InstitutionTable,
        InstitutionForm,
        InstitutionSerializer,
    )
    sheet = InstitutionSheet
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return selectors.institutions(user=self.user)

    def create(self, data: dict[str, Any]) -> Institution:
        return services.institution_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Institution:
        return services.institution_update(
            actor=self.user, institution=obj, version=version, **data
        )


@register
class ExpertPages(ModelPages):
    model = Expert
    namespace, name = "talent", "expert"
    route = "experts/"
    title, noun = _("专家库"), _("专家")
    fields = EXPERT_FIELDS
    filterset, table, form, serializer = ExpertFilter, ExpertTable, ExpertForm, ExpertSerializer
    sheet = ExpertSheet
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    masked: ClassVar[tuple[str, ...]] = ("phone",)

    def queryset(self) -> Any:
        return selectors.experts(user=self.user)

    def create(self, data: dict[str, Any]) -> Expert:
        return services.expert_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Expert:
        return services.expert_update(actor=self.user, expert=obj, version=version, **data)


@register
class CooperationPages(ModelPages):
    model = Cooperation
    namespace, name = "talent", "cooperation"
    title, noun = _("产学研合作"), _("合作")
    fields = COOPERATION_FIELDS
    filterset, table, form, serializer = (
        CooperationFilter,
        CooperationTable,
        CooperationForm,
        CooperationSerializer,
    )
    sheet = CooperationSheet
    export_order = ("enterprise__uscc", "institution__name", "project", "pk")
    read, write = OWN_READ, BUSINESS_WRITE  # an enterprise sees its own cooperations
    detail_template = "talent/cooperation_detail.html"

    def queryset(self) -> Any:
        return selectors.cooperations(user=self.user)

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        from .forms import AdvanceForm

        rule = rule_for("talent:cooperation_advance")
        may = rule is not None and rule.allows(user_roles(self.user), "POST")
        return {
            "events": obj.events.order_by("occurred_on", "pk"),
            "advance_form": AdvanceForm(cooperation=obj) if may else None,
        }

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        from kechuang.core.pages import show_field

        standing = [
            (str(getattr(Cooperation._meta.get_field(n), "verbose_name", n)), show_field(obj, n))
            for n in ("status", "status_on", "top", "amount")
        ]
        return standing + super().detail_rows(obj)

    def make_form(self, instance: Any = None) -> Any:
        self.form_shown = super().make_form(instance)
        return self.form_shown

    def create(self, data: dict[str, Any]) -> Cooperation:
        form = getattr(self, "form_shown", None)
        extra = form.cleaned_data if form is not None else {}
        return services.cooperation_create(
            actor=self.user,
            on=extra.get("on") or timezone.localdate(),
            status=extra.get("status") or "contact",
            amount=extra.get("amount"),
            **data,
        )

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Cooperation:
        return services.cooperation_update(
            actor=self.user, cooperation=obj, version=version, **data
        )


@register
class TripPages(ModelPages):
    model = Trip
    namespace, name = "talent", "trip"
    route = "trips/"
    title, noun = _("对接活动"), _("活动")
    fields = TRIP_FIELDS
    filterset, table, form, serializer = TripFilter, TripTable, TripForm, TripSerializer
    sheet = TripSheet
    # the filtered trips' visits, in the layout that imports them back
    child_sheets = (
        ChildSheet(
            VisitSheet,
            "trip",
            _("对接走访"),
            order=("trip__started_on", "trip__pk", "visited_on", "pk"),
        ),
    )
    export_order = ("started_on", "pk")
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    detail_template = "talent/trip_detail.html"

    def queryset(self) -> Any:
        return selectors.trips(user=self.user)

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.scoping import user_roles

        from .forms import VisitForm

        visits = obj.visits.select_related("enterprise", "institution").prefetch_related("experts")
        may = "staff" in user_roles(self.user)
        return {
            "visits": visits,
            "visit_form": VisitForm(user=self.user, trip=obj) if may else None,
        }

    def create(self, data: dict[str, Any]) -> Trip:
        return services.trip_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Trip:
        return services.trip_update(actor=self.user, trip=obj, version=version, **data)


@register
class NeedPages(ModelPages):
    model = TechNeed
    namespace, name = "talent", "need"
    route = "needs/"
    title, noun = _("技术需求"), _("需求")
    fields = NEED_FIELDS
    filterset, table, form, serializer = NeedFilter, NeedTable, NeedForm, NeedSerializer
    read, write = OWN_READ, OWN_WRITE  # an enterprise raises and follows its own needs
    detail_template = "talent/need_detail.html"

    def queryset(self) -> Any:
        return selectors.needs(user=self.user)

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from django.utils import timezone

        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        from . import matching
        from .forms import NeedAdvanceForm
        from .models import NEED_STAGES, NeedStatus

        roles = user_roles(self.user)
        events = list(obj.events.select_related("created_by").order_by("occurred_on", "pk"))
        reached = {e.state: e.occurred_on for e in events}
        here = NEED_STAGES.index(obj.status) if obj.status in NEED_STAGES else -1
        steps = [
            {
                "label": stage.label,
                "on": reached.get(stage.value),
                "done": i < here or obj.status == NeedStatus.CLOSED,
                "current": i == here,
            }
            for i, stage in enumerate(NEED_STAGES)
        ]
        rule = rule_for("talent:need_advance")
        form = (
            NeedAdvanceForm(need=obj, user=self.user)
            if rule is not None and rule.allows(roles, "POST")
            else None
        )
        if form is not None and not form.fields["to"].choices:  # type: ignore[attr-defined]
            form = None
        context: dict[str, Any] = {
            "cooperations": obj.cooperations.select_related("institution"),
            "events": events,
            "steps": steps,
            "overdue": obj.overdue_on(timezone.localdate()),
            "advance_form": form,
            "is_enterprise": "enterprise" in roles,
            "may_propose": "staff" in roles,
            "proposals": list(obj.proposals.all()),
        }
        if "staff" in roles or "leader" in roles:
            found = matching.rank(obj.text(), Expert.objects.visible_to(self.user))
            experts = Expert.objects.in_bulk([m.expert_id for m in found])
            context["matches"] = [(experts[m.expert_id], m) for m in found]
            context["may_confirm"] = "staff" in user_roles(self.user)
        return context

    def create(self, data: dict[str, Any]) -> TechNeed:
        return services.need_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> TechNeed:
        return services.need_update(actor=self.user, need=obj, version=version, **data)


@register
class PlanPages(ModelPages):
    model = CooperationPlan
    namespace, name = "talent", "plan"
    route = "plans/"
    title, noun = _("计划合作"), _("计划")
    fields = PLAN_FIELDS
    filterset, table, form, serializer = PlanFilter, PlanTable, PlanForm, PlanSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)

    def queryset(self) -> Any:
        return CooperationPlan.objects.visible_to(self.user).select_related(
            "enterprise", "institution"
        )

    def create(self, data: dict[str, Any]) -> CooperationPlan:
        return services.plan_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> CooperationPlan:
        return services.plan_update(actor=self.user, plan=obj, version=version, **data)
