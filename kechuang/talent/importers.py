"""A county's institutions, experts, cooperations, trips and visits, one file each (issue #17):
each row one record, every problem named by row and column, nothing written when any row is
wrong; an exported list imports back unchanged. A cooperation's stage moves only as the
state-change block would move it, and each new stage is a dated event of its history."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import CHOICE, DATE, MONEY, Column
from kechuang.dataio.engine import SheetSpec, register
from kechuang.dataio.states import StateRows
from kechuang.enterprises.importers import (
    ENTERPRISE_NAME,
    USCC,
    _choices,
    _chunks,
    _EnterpriseRefMixin,
)
from kechuang.rules import uscc as uscc_rules

from .choices import CooperationStatus, InstitutionKind
from .models import (
    COOPERATION_WORKFLOW,
    Cooperation,
    Expert,
    Institution,
    Trip,
    Visit,
    higher,
)

NAMES = re.compile(r"[、，,;；\s]+")  # how a cell lists several experts


class _DirectoryMixin:
    """The user's directory of institutions and experts, by name (the user's own county's
    entry first when a city sees two counties list the same university)."""

    user: Any

    def load_directory(self) -> None:
        own = getattr(getattr(self.user, "region", None), "pk", None)
        self.institutions: dict[str, Institution] = {}
        for row in Institution.objects.visible_to(self.user).order_by("pk"):
            if row.name not in self.institutions or row.region_id == own:
                self.institutions[row.name] = row
        self.experts: dict[tuple[int, str], Expert] = {
            (e.institution_id, e.name): e
            for e in Expert.objects.visible_to(self.user).only("pk", "name", "institution_id")
        }

    def institution_for(self, raw: Any, field: str = "institution") -> Institution:
        name = str(raw or "").strip()
        institution = self.institutions.get(name)
        if institution is None:
            raise ValidationError(
                {
                    field: _("高校院所名录中没有“%(n)s”，请先在“高校院所”中登记或导入。")
                    % {"n": name}
                }
            )
        return institution

    def experts_for(self, raw: Any, institution: Institution | None) -> list[Expert]:
        """The experts a cell names (separated by 、 or commas), each of the counterpart."""
        names = [n for n in NAMES.split(str(raw or "").strip()) if n]
        if names and institution is None:
            raise ValidationError({"experts": _("填写对接专家时须同时填写对接单位。")})
        found = []
        for name in names:
            expert = self.experts.get((institution.pk, name)) if institution else None
            if expert is None:
                raise ValidationError(
                    {
                        "experts": _("专家库中“%(i)s”没有名为“%(e)s”的专家。")
                        % {"i": institution, "e": name}
                    }
                )
            found.append(expert)
        return found


def _names(experts: Iterable[Expert]) -> str:
    return "、".join(e.name for e in experts)


@register
class InstitutionSheet(SheetSpec):
    name = "institutions"
    label = "高校院所名单"
    model = Institution
    key = ("region", "name")
    notes = "每行一个单位，登记在导入人所在区划的名录中；同名单位已有的更新，没有的新增。"
    columns: ClassVar[list[Column]] = [
        Column("name", "单位名称", required=True, max_length=200),
        Column("kind", "单位类型", kind=CHOICE, choices=_choices(InstitutionKind), required=True),
        Column("location", "所在地", max_length=100),
        Column("note", "备注", max_length=300),
    ]

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        region = getattr(self.user, "region", None)
        if region is None:
            raise ValidationError({"name": _("导入人没有所属区划，不能登记高校院所。")})
        values["region"] = region
        for name in ("location", "note"):
            values[name] = values.get(name) or ""
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        names = sorted({k[1] for k in keys if k[1]})
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(names):
            for row in Institution.objects.visible_to(self.user).filter(name__in=chunk):
                found[(row.region_id, row.name)] = row
        return found


@register
class ExpertSheet(_DirectoryMixin, SheetSpec):
    name = "experts"
    label = "专家名单"
    model = Expert
    key = ("institution", "name")
    notes = (
        "每行一位专家，以所在单位和姓名识别：已有的更新，没有的新增。所在单位须已在高校院所名录中"
        "（可先导入“高校院所名单”）。不登记身份证号。"
    )
    columns: ClassVar[list[Column]] = [
        Column("name", "姓名", required=True, max_length=50),
        Column("title", "职称", max_length=50),
        Column("institution", "所在单位", required=True, max_length=200),
        Column("department", "院系（部门）", aliases=("院系", "部门"), max_length=100),
        Column("fields", "研究领域", max_length=200),
        Column("keywords", "研究方向关键词", aliases=("关键词",), max_length=500),
        Column("profile", "简介", max_length=2000),
        Column("phone", "联系电话", masked=True, max_length=30),
        Column("email", "电子邮箱", max_length=254),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_directory()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["institution"] = self.institution_for(values.get("institution"))
        for field in ("title", "department", "fields", "keywords", "profile", "phone", "email"):
            values[field] = values.get(field) or ""
        return values

    def before_save(self, instance: models.Model) -> None:
        """The matcher's words, as a save would keep them (the import writes in bulk)."""
        if isinstance(instance, Expert):
            from .matching import expert_tokens

            instance.tokens = " ".join(expert_tokens(instance))

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        names = sorted({k[1] for k in keys if k[1]})
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(names):
            for row in Expert.objects.visible_to(self.user).filter(name__in=chunk):
                found[(row.institution_id, row.name)] = row
        return found

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Any:
        return queryset.select_related("institution")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, Expert):
            raise TypeError(type(instance))
        if column.field == "institution":
            return instance.institution.name
        return getattr(instance, column.field)


@register
class CooperationSheet(StateRows, _DirectoryMixin, _EnterpriseRefMixin, SheetSpec):
    """Each row one cooperation and the stage it stands on. A new one enters the ladder at
    that stage; a stored one (same enterprise, counterpart and project) moves only as the
    state-change block would move it, and each new stage is a dated event of its history."""

    name = "cooperations"
    label = "产学研合作"
    model = Cooperation
    workflow = COOPERATION_WORKFLOW
    key = ("enterprise", "institution", "project")
    notes = (
        "每行一项合作，以企业、合作单位和合作项目识别：已有的更新，没有的新增。合作单位须已在高校院所名录中，"
        "合作专家须是该单位在专家库中的专家（多位用顿号分隔，只在新增时登记，已有合作的专家在合作页面修改）。"
        "所处阶段须能从合作当前阶段推进到（可跨级，不能倒退），日期不早于当前阶段的日期；"
        "项目合同须填合同金额。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("institution", "合作单位", required=True, max_length=200),
        Column("project", "合作项目", required=True, max_length=200),
        Column("experts", "合作专家", max_length=300, help="多位用顿号分隔"),
        Column(
            "status", "所处阶段", kind=CHOICE, choices=_choices(CooperationStatus), required=True
        ),
        Column("status_on", "阶段日期", kind=DATE, required=True),
        Column("amount", "合同金额", kind=MONEY),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)
        self.load_directory()
        self.named: dict[tuple[Any, ...], list[Expert]] = {}

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        institution = values["institution"] = self.institution_for(values.get("institution"))
        experts = self.experts_for(values.pop("experts", ""), institution)
        values["note"] = values.get("note") or ""
        status = values["status"]
        contract = status == CooperationStatus.CONTRACT
        self.take_state(values, {"amount": values.get("amount") if contract else None})
        values["top"] = status
        self.named[self.key_of(values)] = experts
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        enterprises = sorted({k[0] for k in keys})
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(enterprises):
            for row in Cooperation.objects.visible_to(self.user).filter(enterprise_id__in=chunk):
                found[(row.enterprise_id, row.institution_id, row.project)] = row
        return found

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        if not isinstance(current, Cooperation):
            raise TypeError(type(current))
        super().check_existing(current, values)
        values["top"] = higher(current.top or "", values["status"])

    def before_save(self, instance: models.Model) -> None:
        if not isinstance(instance, Cooperation):
            raise TypeError(type(instance))
        super().before_save(instance)
        if instance.pk is None:  # the engine links a new cooperation's experts
            key = (instance.enterprise_id, instance.institution_id, instance.project)
            instance._import_m2m = {"experts": self.named.get(key, [])}  # type: ignore[attr-defined]

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("enterprise", "institution").prefetch_related("experts")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, Cooperation):
            raise TypeError(type(instance))
        if column.field == "institution":
            return instance.institution.name
        if column.field == "experts":
            return _names(instance.experts.all())
        return super().export_value(instance, column)


@register
class TripSheet(SheetSpec):
    """Each row one matching trip of the importer's county: its title, dates and who went.
    Its visits are the “对接走访” sheet, which finds the trip by title and start date."""

    name = "trips"
    label = "对接活动"
    model = Trip
    key = ("region", "title", "started_on")
    notes = (
        "每行一次对接活动，以活动名称和开始日期识别：已有的更新，没有的新增；登记在导入人所在区划。"
        "活动中的每次走访用“对接走访”模板导入。"
    )
    columns: ClassVar[list[Column]] = [
        Column("title", "活动名称", aliases=("对接活动",), required=True, max_length=200),
        Column("started_on", "开始日期", kind=DATE, required=True),
        Column("ended_on", "结束日期", kind=DATE, required=True),
        Column("members", "参加人员", max_length=300, help="用顿号分隔"),
        Column("note", "说明", max_length=300),
    ]

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        region = getattr(self.user, "region", None)
        if region is None:
            raise ValidationError({"title": _("导入人没有所属区划，不能登记对接活动。")})
        values["region"] = region
        if values["ended_on"] < values["started_on"]:
            raise ValidationError({"ended_on": _("结束日期不能早于开始日期。")})
        for name in ("members", "note"):
            values[name] = values.get(name) or ""
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        titles = sorted({k[1] for k in keys})
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(titles):
            for row in Trip.objects.visible_to(self.user).filter(title__in=chunk):
                found[(row.region_id, row.title, row.started_on)] = row
        return found


@register
class VisitSheet(_DirectoryMixin, _EnterpriseRefMixin, SheetSpec):
    """Each row one visit of a stored trip (found by its title and start date): the
    enterprise, the counterpart (an institution and its experts, or someone outside the
    directory), the topic and the stage reached."""

    name = "visits"
    label = "对接走访"
    model = Visit
    key = ("trip", "visited_on", "topic")
    notes = (
        "每行一次走访，以对接活动（活动名称和开始日期）、对接日期和对接内容识别：已有的更新，没有的新增。"
        "对接活动须已登记（可先导入“对接活动”）；对接日期须在活动起止日期之内；企业填统一社会信用代码，可不填；"
        "对接单位须在高校院所名录中，专家库以外的单位或人员填在“对接单位或人员（专家库以外）”；"
        "对接专家多位用顿号分隔，只在新增时登记。"
    )
    columns: ClassVar[list[Column]] = [
        Column("trip", "对接活动", aliases=("活动名称",), required=True, max_length=200),
        Column("trip_on", "活动开始日期", kind=DATE, required=True),
        Column("visited_on", "对接日期", kind=DATE, required=True),
        Column(
            "uscc",
            "统一社会信用代码",
            aliases=("信用代码", "社会信用代码"),
            help="参加对接的企业，可不填",
            max_length=40,
        ),
        ENTERPRISE_NAME,
        Column("institution", "对接单位", max_length=200),
        Column("experts", "对接专家", max_length=300, help="多位用顿号分隔"),
        Column("counterpart", "对接单位或人员（专家库以外）", max_length=200),
        Column("topic", "对接项目或内容", aliases=("对接内容",), required=True, max_length=200),
        Column("outcome", "达成阶段", kind=CHOICE, choices=_choices(CooperationStatus)),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises([r for r in rows if r.get("uscc")])
        self.load_directory()
        titles = sorted({str(r.get("trip") or "").strip() for r in rows if r.get("trip")})
        self.trips: dict[tuple[str, Any], Trip] = {}
        for chunk in _chunks(titles):
            for trip in Trip.objects.visible_to(self.user).filter(title__in=chunk):
                self.trips[(trip.title, trip.started_on)] = trip
        self.named: dict[tuple[Any, ...], list[Expert]] = {}

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        title, started = str(values.pop("trip") or "").strip(), values.pop("trip_on")
        trip = self.trips.get((title, started))
        if trip is None:
            raise ValidationError(
                {
                    "trip": _("没有%(d)s开始的对接活动“%(t)s”，请先登记或导入对接活动。")
                    % {"d": f"{started:%Y-%m-%d}", "t": title}
                }
            )
        values["trip"] = trip
        on = values["visited_on"]
        if not (trip.started_on <= on <= trip.ended_on):
            raise ValidationError(
                {
                    "visited_on": _("对接日期须在活动的起止日期（%(a)s至%(b)s）之内。")
                    % {"a": f"{trip.started_on:%Y-%m-%d}", "b": f"{trip.ended_on:%Y-%m-%d}"}
                }
            )
        if uscc_rules.normalise(values.get("uscc") or ""):
            values["enterprise"] = self.enterprise_for(values)
        else:
            values.pop("uscc", None)
            values.pop("enterprise_name", None)
            values["enterprise"] = None
        raw = str(values.get("institution") or "").strip()
        institution = self.institution_for(raw) if raw else None
        values["institution"] = institution
        experts = self.experts_for(values.pop("experts", ""), institution)
        for name in ("counterpart", "note", "outcome"):
            values[name] = str(values.get(name) or "").strip()
        if institution is None and not values["counterpart"]:
            raise ValidationError(
                {"institution": _("请填写对接单位，或填写专家库以外的对接单位或人员。")}
            )
        self.named[self.key_of(values)] = experts
        return values

    def before_save(self, instance: models.Model) -> None:
        if not isinstance(instance, Visit):
            raise TypeError(type(instance))
        if instance.pk is None:
            key = (instance.trip_id, instance.visited_on, instance.topic)
            instance._import_m2m = {"experts": self.named.get(key, [])}  # type: ignore[attr-defined]

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        trips = sorted({k[0] for k in keys})
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(trips):
            for row in Visit.objects.visible_to(self.user).filter(trip_id__in=chunk):
                found[(row.trip_id, row.visited_on, row.topic)] = row
        return found

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("trip", "enterprise", "institution").prefetch_related(
            "experts"
        )

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, Visit):
            raise TypeError(type(instance))
        field = column.field
        if field == "trip":
            return instance.trip.title
        if field == "trip_on":
            return instance.trip.started_on
        if field == "uscc":
            return instance.enterprise.uscc if instance.enterprise else ""
        if field == "enterprise_name":
            return instance.enterprise.name if instance.enterprise else ""
        if field == "institution":
            return instance.institution.name if instance.institution else ""
        if field == "experts":
            return _names(instance.experts.all())
        return getattr(instance, field)
