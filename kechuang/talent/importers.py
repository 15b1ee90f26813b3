"""A county's list of institutions and of experts in one file each (issue #17): each row one
record, every problem named by row and column, nothing written when any row is wrong; an
exported list imports back unchanged."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import CHOICE, Column
from kechuang.dataio.engine import SheetSpec, register
from kechuang.enterprises.importers import _choices, _chunks

from .choices import InstitutionKind
from .models import Expert, Institution


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
class ExpertSheet(SheetSpec):
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
        """The user's directory, by name (the user's own region first when two counties a
        city sees list the same university)."""
        own = getattr(getattr(self.user, "region", None), "pk", None)
        self.institutions: dict[str, Institution] = {}
        for row in Institution.objects.visible_to(self.user).order_by("pk"):
            if row.name not in self.institutions or row.region_id == own:
                self.institutions[row.name] = row

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        name = str(values.get("institution") or "").strip()
        institution = self.institutions.get(name)
        if institution is None:
            raise ValidationError(
                {
                    "institution": _("高校院所名录中没有“%(n)s”，请先在“高校院所”中登记或导入。")
                    % {"n": name}
                }
            )
        values["institution"] = institution
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
