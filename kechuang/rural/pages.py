"""The declarations: commissioners, roster notices, key villages and assignments."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE
from kechuang.core.pages import ModelPages, register
from kechuang.core.scoping import user_roles

from . import services
from .api.serializers import (
    AchievementSerializer,
    AppraisalSerializer,
    AssignmentSerializer,
    CommissionerSerializer,
    DonationSerializer,
    KeyVillageSerializer,
    NoticeSerializer,
    RuleSerializer,
    ServiceSerializer,
    TeamSerializer,
    TrainingSerializer,
)
from .filtersets import (
    AchievementFilter,
    AppraisalFilter,
    AssignmentFilter,
    CommissionerFilter,
    DonationFilter,
    KeyVillageFilter,
    NoticeFilter,
    RuleFilter,
    ServiceFilter,
    TeamFilter,
    TrainingFilter,
)
from .forms import (
    AchievementForm,
    AppraisalForm,
    AssignmentForm,
    CommissionerForm,
    DonationForm,
    KeyVillageForm,
    NoticeForm,
    RuleForm,
    ServiceForm,
    TeamForm,
    TrainingForm,
)
from .importers import DonationSheet, KeyVillageSheet, ServiceSheet, TrainingSheet
from .models import (
    ACHIEVEMENT_FIELDS,
    APPRAISAL_FIELDS,
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    DONATION_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    RULE_FIELDS,
    SERVICE_FIELDS,
    TEAM_FIELDS,
    TRAINING_FIELDS,
    Achievement,
    Appraisal,
    Assignment,
    Commissioner,
    Donation,
    KeyVillage,
    PointsRule,
    RosterNotice,
    ServiceRecord,
    ServiceTeam,
    Training,
)
from .tables import (
    AchievementTable,
    AppraisalTable,
    AssignmentTable,
    CommissionerTable,
    DonationTable,
    KeyVillageTable,
    NoticeTable,
    RuleTable,
    ServiceTable,
    TeamTable,
    TrainingTable,
)

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

    def create(self, data: dict[str, Any]) -> RosterNotice:
        return services.notice_issue(
            actor=self.user,
            added=list(self.form_value("added") or []),
            removed=list(self.form_value("removed") or []),
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
    sheet = KeyVillageSheet
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


# --- the commissioners' work (portal and staff) ----------------------------------------------

# a commissioner logs their own services, trainings and results (the portal)
LOGGERS = BUSINESS_WRITE | {"commissioner"}


class _WithPhotos(ModelPages):
    """Records whose detail page shows their photos and attachments (core.attachments)."""

    owner = None
    detail_template = "rural/record_detail.html"

    def is_commissioner(self) -> bool:
        return "commissioner" in user_roles(self.user)

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.attachments import attachments_of

        return {
            "photos": [a for a in attachments_of(self.user, obj) if a.kind == "photo"],
            "is_commissioner": self.is_commissioner(),
        }


class _PhotoPages(_WithPhotos):
    """Records a commissioner logs in the field: photos from the form's camera field, drafts
    kept in the browser, large controls."""

    keeps_drafts = True
    large_controls = True

    def success_url(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("rural:portal") if self.is_commissioner() else obj.get_absolute_url()

    def editable(self, obj: Any) -> bool:
        return not self.is_commissioner() or (
            obj.commissioner_id is not None and (obj.commissioner.user_id == self.user.pk)
        )


@register
class ServicePages(_PhotoPages):
    model = ServiceRecord
    namespace, name = "rural", "service"
    route = "services/"
    title, noun = _("服务记录"), _("服务记录")
    add_title = _("记录服务")
    fields = SERVICE_FIELDS
    sheet = ServiceSheet
    filterset, table, form, serializer = ServiceFilter, ServiceTable, ServiceForm, ServiceSerializer
    read, write = OWN, LOGGERS

    def queryset(self) -> Any:
        return ServiceRecord.objects.visible_to(self.user).select_related("commissioner", "village")

    def create(self, data: dict[str, Any]) -> Any:
        return services.service_create(actor=self.user, photos=self.form_value("photos"), **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.service_update(
            actor=self.user, record=obj, version=version, photos=self.form_value("photos"), **data
        )


@register
class TrainingPages(_PhotoPages):
    model = Training
    namespace, name = "rural", "training"
    route = "trainings/"
    title, noun = _("培训"), _("培训")
    add_title = _("登记培训")
    fields = TRAINING_FIELDS
    sheet = TrainingSheet
    filterset, table, form, serializer = (
        TrainingFilter,
        TrainingTable,
        TrainingForm,
        TrainingSerializer,
    )
    read, write = OWN, LOGGERS

    def queryset(self) -> Any:
        return Training.objects.visible_to(self.user).select_related("commissioner", "town")

    def create(self, data: dict[str, Any]) -> Any:
        return services.training_create(actor=self.user, photos=self.form_value("photos"), **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.training_update(
            actor=self.user, training=obj, version=version, photos=self.form_value("photos"), **data
        )


@register
class AchievementPages(ModelPages):
    model = Achievement
    namespace, name = "rural", "achievement"
    route = "achievements/"
    title, noun = _("特派员业绩"), _("业绩")
    add_title = _("登记业绩")
    fields = ACHIEVEMENT_FIELDS
    filterset, table, form, serializer = (
        AchievementFilter,
        AchievementTable,
        AchievementForm,
        AchievementSerializer,
    )
    read, write = OWN, LOGGERS
    owner = None

    def queryset(self) -> Any:
        return Achievement.objects.visible_to(self.user).select_related(
            "commissioner", "enterprise"
        )

    def create(self, data: dict[str, Any]) -> Any:
        return services.achievement_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.achievement_update(
            actor=self.user, achievement=obj, version=version, **data
        )


@register
class DonationPages(_WithPhotos):
    model = Donation
    namespace, name = "rural", "donation"
    route = "donations/"
    title, noun = _("捐赠活动"), _("捐赠活动")
    fields = DONATION_FIELDS
    sheet = DonationSheet
    filterset, table, form, serializer = (
        DonationFilter,
        DonationTable,
        DonationForm,
        DonationSerializer,
    )
    read, write = OWN, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return Donation.objects.visible_to(self.user).select_related("town", "team")

    def create(self, data: dict[str, Any]) -> Any:
        return services.donation_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.donation_update(actor=self.user, donation=obj, version=version, **data)


@register
class AppraisalPages(_WithPhotos):
    model = Appraisal
    namespace, name = "rural", "appraisal"
    route = "appraisals/"
    title, noun = _("成果鉴定"), _("成果鉴定")
    fields = APPRAISAL_FIELDS
    filterset, table, form, serializer = (
        AppraisalFilter,
        AppraisalTable,
        AppraisalForm,
        AppraisalSerializer,
    )
    read, write = BUSINESS_READ | {"enterprise"}, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return Appraisal.objects.visible_to(self.user).select_related("enterprise")

    def create(self, data: dict[str, Any]) -> Any:
        return services.appraisal_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.appraisal_update(actor=self.user, appraisal=obj, version=version, **data)


@register
class RulePages(ModelPages):
    model = PointsRule
    namespace, name = "rural", "rule"
    route = "points-rules/"
    title, noun = _("积分规则"), _("积分项")
    fields = RULE_FIELDS
    filterset, table, form, serializer = RuleFilter, RuleTable, RuleForm, RuleSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return PointsRule.objects.visible_to(self.user)

    def create(self, data: dict[str, Any]) -> Any:
        return services.rule_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        return services.rule_update(actor=self.user, rule=obj, version=version, **data)
