"""The declarations: commissioners, roster notices, key villages and assignments."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE
from kechuang.core.pages import ModelPages, register

from . import services
from .api.serializers import (
    AssignmentSerializer,
    CommissionerSerializer,
    KeyVillageSerializer,
    NoticeSerializer,
    TeamSerializer,
)
from .filtersets import (
    AssignmentFilter,
    CommissionerFilter,
    KeyVillageFilter,
    NoticeFilter,
    TeamFilter,
)
from .forms import AssignmentForm, CommissionerForm, KeyVillageForm, NoticeForm, TeamForm
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
from .tables import AssignmentTable, CommissionerTable, KeyVillageTable, NoticeTable, TeamTable

# a commissioner reads their own record and assignments (the portal comes with issue #19)
OWN = BUSINESS_READ | {"commissioner"}


@register
class CommissionerPages(ModelPages):
    model = Commissioner
    namespace, name = "rural", "commissioner"
    title, noun = _("科技特派员"), _("特派员")
    fields = COMMISSIONER_FIELDS
    filterset, table, form, serializer = (
        CommissionerFilter,
        CommissionerTable,
        CommissionerForm,
        CommissionerSerializer,
    )
    read, write = OWN, BUSINESS_WRITE
    owner = None
    masked: ClassVar[tuple[str, ...]] = ("phone",)
    detail_template = "rural/commissioner_detail.html"
    list_template = "rural/commissioner_list.html"

    def queryset(self) -> Any:
        return Commissioner.objects.visible_to(self.user).select_related("region")

    def detail_context(self, obj: Any) -> dict[str, Any]:
        return {
            "changes": obj.changes.select_related("notice").order_by("notice__issued_on", "pk"),
            "assignments": obj.assignments.select_related("area").order_by("-year", "area__code"),
        }

    def create(self, data: dict[str, Any]) -> Commissioner:
        return services.commissioner_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Commissioner:
        return services.commissioner_update(
            actor=self.user, commissioner=obj, version=version, **data
        )


@register
class NoticePages(ModelPages):
    model = RosterNotice
    namespace, name = "rural", "notice"
    route = "notices/"
    title, noun = _("名单调整通知"), _("通知")
    fields = NOTICE_FIELDS
    filterset, table, form, serializer = NoticeFilter, NoticeTable, NoticeForm, NoticeSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    detail_template = "rural/notice_detail.html"

    def queryset(self) -> Any:
        return RosterNotice.objects.visible_to(self.user)

    def detail_context(self, obj: Any) -> dict[str, Any]:
        return {"changes": obj.changes.select_related("commissioner").order_by("action", "pk")}

    def make_form(self, instance: Any = None) -> Any:
        self.form_shown = super().make_form(instance)
        return self.form_shown

    def create(self, data: dict[str, Any]) -> RosterNotice:
        form = getattr(self, "form_shown", None)
        extra = form.cleaned_data if form is not None else {}
        return services.notice_issue(
            actor=self.user,
            added=list(extra.get("added") or []),
            removed=list(extra.get("removed") or []),
            **data,
        )

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> RosterNotice:
        return services.notice_update(actor=self.user, notice=obj, version=version, **data)


@register
class KeyVillagePages(ModelPages):
    model = KeyVillage
    namespace, name = "rural", "keyvillage"
    route = "key-villages/"
    title, noun = _("重点村"), _("重点村")
    fields = KEY_VILLAGE_FIELDS
    filterset, table, form, serializer = (
        KeyVillageFilter,
        KeyVillageTable,
        KeyVillageForm,
        KeyVillageSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return KeyVillage.objects.visible_to(self.user).select_related("village__parent")

    def create(self, data: dict[str, Any]) -> KeyVillage:
        return services.key_village_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> KeyVillage:
        return services.key_village_update(
            actor=self.user, key_village=obj, version=version, **data
        )


@register
class TeamPages(ModelPages):
    model = ServiceTeam
    namespace, name = "rural", "team"
    route = "teams/"
    title, noun = _("服务队"), _("服务队")
    fields = TEAM_FIELDS
    filterset, table, form, serializer = TeamFilter, TeamTable, TeamForm, TeamSerializer
    read, write = OWN, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return ServiceTeam.objects.visible_to(self.user).select_related("town", "captain")

    def create(self, data: dict[str, Any]) -> ServiceTeam:
        return services.team_create(actor=self.user, **data)  # type: ignore[no-any-return]

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> ServiceTeam:
        return services.team_update(  # type: ignore[no-any-return]
            actor=self.user, team=obj, version=version, **data
        )


@register
class AssignmentPages(ModelPages):
    model = Assignment
    namespace, name = "rural", "assignment"
    route = "assignments/"
    title, noun = _("服务对接"), _("服务对接")
    fields = ASSIGNMENT_FIELDS
    filterset, table, form, serializer = (
        AssignmentFilter,
        AssignmentTable,
        AssignmentForm,
        AssignmentSerializer,
    )
    read, write = OWN, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return Assignment.objects.visible_to(self.user).select_related("commissioner", "area")

    def create(self, data: dict[str, Any]) -> Assignment:
        return services.assignment_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Assignment:
        return services.assignment_update(actor=self.user, assignment=obj, version=version, **data)
