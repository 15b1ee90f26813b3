"""The rural line's files (issue #19): key villages (the flag staff import), trainings and
donations. Every row is checked as the pages check it; nothing is written when any row
fails."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.dataio.columns import CHOICE, DATE, INT, MONEY, Column
from kechuang.dataio.engine import SheetSpec, register

from .choices import ServedKind
from .models import (
    TRAINING_COUNTS,
    Commissioner,
    Donation,
    KeyVillage,
    ServiceRecord,
    ServiceTeam,
    Training,
)
from .services import check_area

TOWN = Column(
    "town",
    "乡镇（街道）",
    required=True,
    aliases=("乡镇", "所在乡镇", "培训乡镇"),
    help="乡镇（街道）名称或9位统计用区划代码",
    max_length=100,
)


class _Places:
    """Towns and villages the user may see, by code and by name, one query per file."""

    user: Any

    def load_places(self) -> None:
        self.towns: dict[str, Region] = {}
        self.town_names: dict[str, list[Region]] = defaultdict(list)
        self.villages: dict[str, Region] = {}
        self.village_names: dict[tuple[int | None, str], list[Region]] = defaultdict(list)
        for region in Region.objects.visible_to(self.user).filter(
            level__in=(RegionLevel.TOWN, RegionLevel.VILLAGE)
        ):
            if region.level == RegionLevel.TOWN:
                self.towns[region.code] = region
                self.town_names[region.name].append(region)
            else:
                self.villages[region.code] = region
                self.village_names[(region.parent_id, region.name)].append(region)
                self.village_names[(None, region.name)].append(region)

    def town_for(self, raw: Any, field: str = "town") -> Region:
        text = str(raw or "").strip()
        town = self.towns.get(text)
        if town is None:
            found = self.town_names.get(text, [])
            if len(found) > 1:
                raise ValidationError(
                    {field: _("名称“%(n)s”对应多个乡镇，请填写9位区划代码") % {"n": text}}
                )
            town = found[0] if found else None
        if town is None:
            raise ValidationError(
                {field: _("在您的管辖范围内没有乡镇（街道）“%(n)s”") % {"n": text}}
            )
        return town

    def village_for(self, raw: Any, town: Region | None) -> Region:
        text = str(raw or "").strip()
        village = self.villages.get(text)
        if village is None:
            found = self.village_names.get((town.pk if town else None, text), [])
            if len(found) > 1:
                raise ValidationError(
                    {"village": _("村名“%(n)s”有重名，请填写所在乡镇或12位区划代码") % {"n": text}}
                )
            village = found[0] if found else None
        if village is None:
            where = _("（%(t)s）") % {"t": town.name} if town else ""
            raise ValidationError(
                {
                    "village": _("在您的管辖范围内没有村（社区）“%(n)s”%(w)s")
                    % {"n": text, "w": where}
                }
            )
        return village


@register
class KeyVillageSheet(_Places, SheetSpec):
    """The key villages (e.g. the former poverty-alleviation key villages), keyed by village."""

    name = "key_villages"
    label = "重点村名单"
    model = KeyVillage
    key = ("village",)
    notes = (
        "每行一个重点村，以村（社区）识别：已有的更新类别和说明，没有的新增。"
        "村名重名时填写所在乡镇或12位区划代码。"
    )
    columns: ClassVar[list[Column]] = [
        Column("village", "村（社区）", required=True, aliases=("村", "村名"), max_length=100),
        Column("town_name", "所在乡镇（街道）", aliases=("乡镇", "所在乡镇"), max_length=100),
        Column("kind", "类别", max_length=100, help="如：原省定扶贫工作重点村"),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_places()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        town_name = values.pop("town_name", "")
        town = self.town_for(town_name, "village") if town_name else None
        values["village"] = self.village_for(values.get("village"), town)
        values["kind"] = str(values.get("kind") or "").strip() or "原省定扶贫工作重点村"
        values["note"] = str(values.get("note") or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        ids = [k[0] for k in keys]
        return {
            (row.village_id,): row
            for row in KeyVillage.objects.visible_to(self.user)
            .filter(village_id__in=ids)
            .select_related("village")
        }

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "village":
            return instance.village.name  # type: ignore[attr-defined]
        if column.field == "town_name":
            parent = instance.village.parent  # type: ignore[attr-defined]
            return parent.name if parent else ""
        return super().export_value(instance, column)


class _People:
    user: Any

    def load_people(self) -> None:
        self.people: dict[str, list[Commissioner]] = defaultdict(list)
        for person in Commissioner.objects.visible_to(self.user).select_related("region"):
            self.people[person.name].append(person)

    def person_for(self, raw: Any, field: str) -> Commissioner | None:
        text = str(raw or "").strip()
        if not text:
            return None
        found = self.people.get(text, [])
        if not found:
            raise ValidationError({field: _("特派员名单中没有“%(n)s”") % {"n": text}})
        if len(found) > 1:
            raise ValidationError(
                {field: _("特派员名单中有多个“%(n)s”，请在页面上登记") % {"n": text}}
            )
        return found[0]


@register
class TrainingSheet(_Places, _People, SheetSpec):
    """Trainings, keyed by date, town and topic; participants by kind."""

    name = "rural_trainings"
    label = "科技培训"
    model = Training
    key = ("held_on", "town", "topic")
    notes = (
        "每行一场培训，以培训日期、乡镇和培训主题识别：已有的更新人数，没有的新增。"
        "主讲特派员须在特派员名单中，培训乡镇须在其当年服务对接的区域内；人数不能为负数。"
    )
    columns: ClassVar[list[Column]] = [
        Column("held_on", "培训日期", kind=DATE, required=True),
        TOWN,
        Column("topic", "培训主题", required=True, max_length=200),
        Column("commissioner", "主讲特派员", max_length=100),
        Column("poor_labourers", "贫困劳动力（人次）", kind=INT),
        Column("growers", "种养殖户（人次）", kind=INT),
        Column("others", "其他人员（人次）", kind=INT),
        Column("materials", "发放资料（份）", kind=INT),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_places()
        self.load_people()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["town"] = self.town_for(values.get("town"))
        values["commissioner"] = self.person_for(values.get("commissioner"), "commissioner")
        for field in TRAINING_COUNTS:
            values[field] = values.get(field) or 0
        values["note"] = str(values.get("note") or "").strip()
        if values["commissioner"] is not None and values.get("held_on"):
            check_area(values["commissioner"], values["town"], values["held_on"].year, "town")
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        days = sorted({k[0] for k in keys})
        return {
            (row.held_on, row.town_id, row.topic): row
            for row in Training.objects.visible_to(self.user)
            .filter(held_on__in=days)
            .select_related("town")
        }

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "town":
            return instance.town.name  # type: ignore[attr-defined]
        if column.field == "commissioner":
            person = instance.commissioner  # type: ignore[attr-defined]
            return person.name if person else ""
        return super().export_value(instance, column)


@register
class DonationSheet(_Places, SheetSpec):
    """Donation events, keyed by date, town and items."""

    name = "rural_donations"
    label = "捐赠活动"
    model = Donation
    key = ("donated_on", "town", "items")
    notes = (
        "每行一次捐赠活动，以捐赠日期、乡镇和捐赠物品识别。服务队填写该乡镇当年服务队的名称；"
        "捐赠人不填时为服务队队长。"
    )
    columns: ClassVar[list[Column]] = [
        Column("donated_on", "捐赠日期", kind=DATE, required=True),
        TOWN,
        Column("team", "服务队", max_length=100),
        Column("donor", "捐赠人", max_length=100),
        Column("items", "捐赠物品", required=True, max_length=300),
        Column("value", "折合金额", kind=MONEY),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_places()
        self.teams = {
            (t.year, t.town_id, t.name): t
            for t in ServiceTeam.objects.visible_to(self.user).select_related("captain")
        }

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["town"] = town = self.town_for(values.get("town"))
        name = str(values.get("team") or "").strip()
        team = None
        if name:
            day = values.get("donated_on")
            team = self.teams.get((day.year if day else None, town.pk, name))
            if team is None:
                raise ValidationError(
                    {"team": _("%(t)s没有名为“%(n)s”的当年服务队") % {"t": town.name, "n": name}}
                )
        values["team"] = team
        values["donor"] = str(values.get("donor") or "").strip() or (
            team.captain.name if team else ""
        )
        values["note"] = str(values.get("note") or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        days = sorted({k[0] for k in keys})
        return {
            (row.donated_on, row.town_id, row.items): row
            for row in Donation.objects.visible_to(self.user)
            .filter(donated_on__in=days)
            .select_related("town")
        }

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "town":
            return instance.town.name  # type: ignore[attr-defined]
        if column.field == "team":
            team = instance.team  # type: ignore[attr-defined]
            return team.name if team else ""
        return super().export_value(instance, column)


@register
class ServiceSheet(_Places, _People, SheetSpec):
    """Service records (a paper log or the provincial platform's export), keyed by
    commissioner, date, village and whom they served."""

    name = "rural_services"
    label = "特派员服务记录"
    model = ServiceRecord
    key = ("commissioner", "served_on", "village", "served_name")
    notes = (
        "每行一条服务记录，以特派员、服务日期、服务村和服务对象识别：已有的更新，没有的新增。"
        "服务村须在该特派员当年服务对接的乡镇或村内；村名重名时填写所在乡镇。"
    )
    columns: ClassVar[list[Column]] = [
        Column("commissioner", "特派员", required=True, max_length=100),
        Column("served_on", "服务日期", kind=DATE, required=True),
        Column("town_name", "所在乡镇（街道）", aliases=("乡镇",), max_length=100),
        Column(
            "village", "服务村（社区）", required=True, aliases=("服务村", "村"), max_length=100
        ),
        Column(
            "served_kind",
            "服务对象类型",
            kind=CHOICE,
            choices=tuple((str(v), str(label)) for v, label in ServedKind.choices),
        ),
        Column("served_name", "服务对象", required=True, max_length=200),
        Column("served_count", "服务人次", kind=INT),
        Column("content", "服务内容", required=True, max_length=2000),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_places()
        self.load_people()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        town_name = values.pop("town_name", "")
        town = self.town_for(town_name, "village") if town_name else None
        values["village"] = self.village_for(values.get("village"), town)
        values["commissioner"] = self.person_for(values.get("commissioner"), "commissioner")
        values["served_kind"] = values.get("served_kind") or ServedKind.FARMER
        values["served_count"] = (
            values.get("served_count") if values.get("served_count") is not None else 1
        )
        if values.get("served_on"):
            check_area(
                values["commissioner"], values["village"], values["served_on"].year, "village"
            )
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        people = sorted({k[0] for k in keys})
        return {
            (row.commissioner_id, row.served_on, row.village_id, row.served_name): row
            for row in ServiceRecord.objects.visible_to(self.user).filter(
                commissioner_id__in=people
            )
        }

    def export_value(self, instance: models.Model, column: Column) -> Any:
        record: Any = instance
        if column.field == "commissioner":
            return record.commissioner.name
        if column.field == "village":
            return record.village.name
        if column.field == "town_name":
            return record.village.parent.name if record.village.parent_id else ""
        return super().export_value(instance, column)
