"""Enterprise service's files: visits (a visit log kept in Excel) and leadership liaison (the
roster of which leader liaises with which enterprise). Every row is checked as the pages check
it; nothing is written when any row fails."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import CHOICE, DATE, INT, Column
from kechuang.dataio.engine import PlannedRow, SheetSpec, register
from kechuang.enterprises.importers import (
    ENTERPRISE_NAME,
    USCC,
    _choices,
    _chunks,
    _EnterpriseRefMixin,
)

from .choices import VisitKind
from .models import Liaison, Visit


def _people_of(user: Any, roles: tuple[str, ...]) -> dict[str, Any]:
    """Bureau people by username and by full name (a name shared by two is left out)."""
    from .forms import bureau_people

    found: dict[str, Any] = {}
    shared: set[str] = set()
    for person in bureau_people(user, roles).select_related("region"):
        found[person.username] = person
        name = person.full_name
        if name:
            if name in found and found[name] is not person:
                shared.add(name)
            found[name] = person
    for name in shared:
        found.pop(name, None)
    return found


class _Codes:
    """Region codes by id, read once per region (the enterprises are loaded without them)."""

    def region_code(self, region_id: int) -> str:
        from kechuang.accounts.models import Region

        codes: dict[int, str] = self.__dict__.setdefault("_codes", {})
        if region_id not in codes:
            codes[region_id] = Region.objects.values_list("code", flat=True).get(pk=region_id)
        return codes[region_id]


def _split(text: Any) -> list[str]:
    return [p for p in re.split(r"[、,，;；\s]+", str(text or "").strip()) if p]


@register
class VisitSheet(_Codes, _EnterpriseRefMixin, SheetSpec):
    name = "support_visits"
    label = "走访记录"
    model = Visit
    key = ("enterprise", "visited_on", "kind")
    write_roles = frozenset({"staff", "leader"})
    notes = (
        "每行一次走访，以企业、走访日期和走访类型识别：已有的更新，没有的新增。走访人员填写科技局"
        "工作人员或局领导的姓名或账号，多人用顿号分隔，不填时为导入人。问卷答案请在页面上填写。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("visited_on", "走访日期", kind=DATE, required=True),
        Column("kind", "走访类型", kind=CHOICE, choices=_choices(VisitKind)),
        Column("visitors", "走访人员", max_length=300),
        Column("partners", "联合部门", max_length=200),
        Column("summary", "走访情况", max_length=2000),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)
        self.people = _people_of(self.user, ("staff", "leader"))
        self.visitors: dict[tuple[Any, ...], list[Any]] = {}

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = enterprise = self.enterprise_for(values)
        values["kind"] = values.get("kind") or VisitKind.SURVEY
        names = _split(values.pop("visitors", ""))
        people = []
        for name in names:
            person = self.people.get(name)
            if person is None:
                raise ValidationError(
                    {
                        "visitors": _(
                            "“%(n)s”不是您管辖范围内的科技局工作人员或局领导（同名时请填写账号）"
                        )
                        % {"n": name}
                    }
                )
            if person.region_id is None or not self.region_code(enterprise.region_id).startswith(
                person.region.code
            ):
                raise ValidationError(
                    {"visitors": _("走访人员“%(n)s”不负责该企业所在区划") % {"n": name}}
                )
            people.append(person)
        for field in ("partners", "summary"):
            values[field] = str(values.get(field) or "").strip()
        self.visitors[(enterprise.pk, values.get("visited_on"), values["kind"])] = people or (
            [self.user] if getattr(self.user, "pk", None) else []
        )
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(sorted({k[0] for k in keys})):
            for row in Visit.objects.visible_to(self.user).filter(enterprise_id__in=chunk):
                found[(row.enterprise_id, row.visited_on, row.kind)] = row
        return found

    def before_save(self, instance: models.Model) -> None:
        # the row's visitors ride on the instance to the commit (a fresh sheet object)
        key = (instance.enterprise_id, instance.visited_on, instance.kind)  # type: ignore[attr-defined]
        instance._import_visitors = getattr(self, "visitors", {}).get(key, [])  # type: ignore[attr-defined]

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        for visit in [*created, *(p.instance for p in updated)]:
            people = getattr(visit, "_import_visitors", None)
            if people:
                visit.visitors.set(people)  # type: ignore[attr-defined]

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Any:
        return queryset.select_related("enterprise").prefetch_related("visitors")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "visitors":
            return "、".join(
                p.display_name
                for p in instance.visitors.all()  # type: ignore[attr-defined]
            )
        return super().export_value(instance, column)


@register
class LiaisonSheet(_Codes, _EnterpriseRefMixin, SheetSpec):
    name = "support_liaisons"
    label = "领导联系企业"
    model = Liaison
    key = ("leader", "enterprise")
    notes = (
        "每行一位局领导联系的一家企业，以领导和企业识别。联系领导填写姓名或账号；走访间隔不填为90天，"
        "不能少于7天。"
    )
    columns: ClassVar[list[Column]] = [
        Column("leader", "联系领导", required=True, max_length=100),
        USCC,
        ENTERPRISE_NAME,
        Column("since", "联系起始日期", kind=DATE, required=True),
        Column("interval_days", "走访间隔（天）", kind=INT),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)
        self.people = _people_of(self.user, ("leader",))

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        from .models import DEFAULT_INTERVAL

        values["enterprise"] = enterprise = self.enterprise_for(values)
        name = str(values.get("leader") or "").strip()
        leader = self.people.get(name)
        if leader is None:
            raise ValidationError(
                {"leader": _("“%(n)s”不是您管辖范围内的局领导（同名时请填写账号）") % {"n": name}}
            )
        if leader.region_id and not self.region_code(enterprise.region_id).startswith(
            leader.region.code
        ):
            raise ValidationError({"leader": _("局领导“%(n)s”不负责该企业所在区划") % {"n": name}})
        values["leader"] = leader
        if values.get("interval_days") in (None, ""):
            values["interval_days"] = DEFAULT_INTERVAL
        values["note"] = str(values.get("note") or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        leaders = sorted({k[0] for k in keys})
        return {
            (row.leader_id, row.enterprise_id): row
            for row in Liaison.objects.visible_to(self.user).filter(leader_id__in=leaders)
        }

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Any:
        return queryset.select_related("enterprise", "leader")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "leader":
            leader = instance.leader  # type: ignore[attr-defined]
            return leader.display_name
        return super().export_value(instance, column)
