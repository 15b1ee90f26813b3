"""A county's platform list in one file (issue #16): each row a platform, its current state and,
for an approved one, its level, document number and issuer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.choices import RegionLevel
from kechuang.core.states import check_facts, check_move
from kechuang.dataio.columns import CHOICE, DATE, Column
from kechuang.dataio.engine import PlannedRow, SheetSpec, create_audited, register
from kechuang.enterprises.importers import (
    _choices,
    _chunks,
    _EnterpriseRefMixin,
    _RegionRefMixin,
)

from .choices import PlatformLevel, PlatformStatus
from .models import PLATFORM_WORKFLOW, Platform, PlatformEvent, PlatformKind

FACTS = ("document_number", "issuer")  # the approval's, kept for its event (not platform fields)


@register
class PlatformSheet(_EnterpriseRefMixin, _RegionRefMixin, SheetSpec):
    name = "platforms"
    label = "创新平台名单"
    model = Platform
    key = ("region", "name")
    notes = (
        "每行一个平台，以所在乡镇（街道）和平台名称识别：已有的更新，没有的新增。"
        "依托企业填统一社会信用代码，依托高校、院所等非企业单位的填“依托单位”。"
        "状态不填时，填了现有级别的视为已批准，否则为谋划中；已批准的须填现有级别、批准文号和发文单位，"
        "申报中的须填申报级别。"
    )
    columns: ClassVar[list[Column]] = [
        Column("name", "平台名称", required=True, max_length=200),
        Column("kind", "平台类型", required=True, max_length=40, help="平台类型字典中的名称"),
        Column(
            "uscc",
            "依托企业统一社会信用代码",
            aliases=("统一社会信用代码", "信用代码"),
            max_length=40,
        ),
        Column("host_institution", "依托单位", aliases=("依托单位（非企业）",), max_length=200),
        Column(
            "region",
            "所在乡镇（街道）",
            aliases=("乡镇", "乡镇（街道）"),
            help="乡镇（街道）名称或9位区划代码；依托企业的可不填，取企业所在乡镇",
            max_length=100,
        ),
        Column("level", "现有级别", kind=CHOICE, choices=_choices(PlatformLevel)),
        Column("sought_level", "申报级别", kind=CHOICE, choices=_choices(PlatformLevel)),
        Column("status", "状态", kind=CHOICE, choices=_choices(PlatformStatus)),
        Column("status_on", "状态日期", kind=DATE, aliases=("获批日期",)),
        Column("document_number", "批准文号", max_length=100),
        Column("issuer", "发文单位", max_length=100),
        Column("partners", "合作单位与专家", max_length=500),
        Column("address", "地址", max_length=300),
        Column("contact_person", "联系人", max_length=50),
        Column("contact_phone", "联系电话", masked=True, max_length=30),
        Column("founded_on", "成立日期", kind=DATE),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises([r for r in rows if r.get("uscc")])
        self.kinds = {k.name: k for k in PlatformKind.objects.filter(is_active=True)}
        self.load_regions([RegionLevel.TOWN])
        self.facts: dict[tuple[Any, ...], dict[str, str]] = {}

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        kind_name = str(values.get("kind") or "").strip()
        kind = self.kinds.get(kind_name)
        if kind is None:
            raise ValidationError(
                {
                    "kind": _("平台类型“%(k)s”不在类型字典中。可填：%(all)s")
                    % {"k": kind_name, "all": "、".join(self.kinds)}
                }
            )
        values["kind"] = kind
        host = None
        if values.get("uscc"):
            host = self.enterprise_for(values)  # scope-checked, in Chinese
        else:
            values.pop("uscc", None)
        values["host_enterprise"] = host
        raw_town = str(values.get("region") or "").strip()
        if raw_town:
            values["region"] = self.region_for(raw_town)
        elif host is not None:
            values["region"] = host.region
        else:
            raise ValidationError({"region": _("没有依托企业的平台须填写所在乡镇（街道）")})
        status = values.get("status") or (
            PlatformStatus.APPROVED if values.get("level") else PlatformStatus.PLANNING
        )
        values["status"] = status
        values["status_on"] = values.get("status_on") or timezone.localdate()
        facts = {name: str(values.pop(name, "") or "").strip() for name in FACTS}
        if status == PlatformStatus.APPROVED:
            check_facts(PLATFORM_WORKFLOW, status, {"level": values.get("level"), **facts})
            values["sought_level"] = ""
        elif status == PlatformStatus.APPLYING and not values.get("sought_level"):
            raise ValidationError({"sought_level": _("申报中的平台须填写申报级别。")})
        for name in ("host_institution", "partners", "address", "contact_person"):
            values[name] = values.get(name) or ""
        values["contact_phone"] = values.get("contact_phone") or ""
        values["level"] = values.get("level") or ""
        values["sought_level"] = values.get("sought_level") or ""
        self.facts[(values["region"].pk, values["name"])] = facts
        return values

    def before_save(self, instance: models.Model) -> None:
        """The approval's document number and issuer travel with the planned record to the
        commit (which may plan again in another spec instance): they are its event's facts."""
        if isinstance(instance, Platform):
            instance.set_search_text()
            instance._import_facts = self.facts.get(  # type: ignore[attr-defined]
                (instance.region_id, instance.name), {}
            )

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        names = sorted({k[1] for k in keys})
        regions = sorted({k[0] for k in keys})
        for chunk in _chunks(names):
            found = Platform.objects.visible_to(self.user).filter(
                name__in=chunk, region_id__in=regions
            )
            for platform in found:
                result[(platform.region_id, platform.name)] = platform
        return result

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        """A file moves a platform only as the state-change block would."""
        if not isinstance(current, Platform):
            raise TypeError(type(current))
        status = values.get("status")
        if status and status != current.status:
            check_move(PLATFORM_WORKFLOW, current.status, status)
            if current.status_on and values["status_on"] < current.status_on:
                raise ValidationError({"status_on": _("日期不能早于上一状态的日期")})
        else:
            values["status_on"] = current.status_on  # no new state: its date stays

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        """Each imported state is an event of the platform's history, with its facts."""
        events = []
        for item in [*created, *(r.instance for r in updated if "status" in r.changes)]:
            if not isinstance(item, Platform):
                raise TypeError(type(item))
            facts = getattr(item, "_import_facts", {})
            approved = item.status == PlatformStatus.APPROVED
            events.append(
                PlatformEvent(
                    platform=item,
                    state=item.status,
                    occurred_on=item.status_on or timezone.localdate(),
                    level=item.level if approved else item.sought_level,
                    document_number=facts.get("document_number", "") if approved else "",
                    issuer=facts.get("issuer", "") if approved else "",
                    note=_("Excel导入"),
                    created_by=self.user if getattr(self.user, "pk", None) else None,
                )
            )
        create_audited(events, self.user, cid=cid)

    # --- export: the same layout, so an exported list imports back unchanged ------------------
    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("kind", "region", "host_enterprise").prefetch_related(
            "events"
        )

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, Platform):
            raise TypeError(type(instance))
        if column.field == "kind":
            return instance.kind.name
        if column.field == "region":
            return instance.region.code
        if column.field == "uscc":
            return instance.host_enterprise.uscc if instance.host_enterprise else ""
        if column.field in FACTS:
            approvals = [e for e in instance.events.all() if e.state == PlatformStatus.APPROVED]
            return getattr(approvals[-1], column.field) if approvals else ""
        return getattr(instance, column.field)


@register
class PlatformEventSheet(_RegionRefMixin, SheetSpec):
    """A platform's dated statuses after those already recorded (an approval list, a batch of
    recommendations): each row one status of one platform, checked as the state-change block
    checks a move — from where the platform stands, or from the row above for the same
    platform — and its facts (an approval's level, document number and issuer)."""

    name = "platform_events"
    label = "平台进展记录"
    model = PlatformEvent
    key = ("platform", "state", "occurred_on")
    notes = (
        "每行一条进展，以所在乡镇（街道）和平台名称找到已登记的平台；同一平台的多条进展按日期先后排列，"
        "日期不早于平台当前状态的日期。获批须填级别、批准文号和发文单位，申报须填申报级别。"
        "同一平台、状态和日期的记录已存在的，视为未变化。"
    )
    columns: ClassVar[list[Column]] = [
        Column("name", "平台名称", required=True, max_length=200),
        Column(
            "region",
            "所在乡镇（街道）",
            aliases=("乡镇", "乡镇（街道）"),
            required=True,
            help="乡镇（街道）名称或9位区划代码",
            max_length=100,
        ),
        Column("state", "状态", kind=CHOICE, choices=_choices(PlatformStatus), required=True),
        Column("occurred_on", "日期", kind=DATE, required=True),
        Column("level", "级别", kind=CHOICE, choices=_choices(PlatformLevel)),
        Column("document_number", "批准文号", max_length=100),
        Column("issuer", "发文单位", max_length=100),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_regions([RegionLevel.TOWN])
        names = sorted({str(r.get("name") or "").strip() for r in rows if r.get("name")})
        self.platforms: dict[tuple[int, str], Platform] = {}
        for chunk in _chunks(names):
            for platform in Platform.objects.visible_to(self.user).filter(name__in=chunk):
                self.platforms[(platform.region_id, platform.name)] = platform
        # where each platform stands as the rows are read: its state and date
        self.standing: dict[int, tuple[str, Any]] = {}
        ids = sorted(p.pk for p in self.platforms.values())
        self.recorded: set[tuple[int, str, Any]] = set()
        for chunk in _chunks(ids):
            self.recorded |= set(
                PlatformEvent.objects.filter(platform_id__in=chunk).values_list(
                    "platform_id", "state", "occurred_on"
                )
            )

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        town = self.region_for(str(values.pop("region") or "").strip())
        name = str(values.pop("name") or "").strip()
        platform = self.platforms.get((town.pk, name))
        if platform is None:
            raise ValidationError(
                {
                    "name": _("%(t)s没有名为“%(n)s”的平台，请先在平台名单中登记。")
                    % {"t": town.name, "n": name}
                }
            )
        state, on = values["state"], values["occurred_on"]
        stored = self.standing.get(platform.pk, (platform.status, platform.status_on))
        if (platform.pk, state, on) in self.recorded:  # imported before: unchanged, not a move
            values["platform"] = platform
            return self._clean(values)
        try:
            check_move(PLATFORM_WORKFLOW, stored[0], state)
        except ValidationError as exc:  # the block's own words, on the state column
            raise ValidationError({"state": exc.messages}) from exc
        if stored[1] and on < stored[1]:
            raise ValidationError(
                {
                    "occurred_on": _("日期不能早于该平台上一状态（%(s)s，%(d)s）的日期")
                    % {"s": PLATFORM_WORKFLOW.label(stored[0]), "d": f"{stored[1]:%Y-%m-%d}"}
                }
            )
        check_facts(
            PLATFORM_WORKFLOW,
            state,
            {
                "level": values.get("level"),
                "document_number": str(values.get("document_number") or "").strip(),
                "issuer": str(values.get("issuer") or "").strip(),
            },
        )
        self.standing[platform.pk] = (state, on)
        values["platform"] = platform
        return self._clean(values)

    @staticmethod
    def _clean(values: dict[str, Any]) -> dict[str, Any]:
        for name in ("level", "document_number", "issuer", "note"):
            values[name] = str(values.get(name) or "").strip()
        return values

    def before_save(self, instance: models.Model) -> None:
        if isinstance(instance, PlatformEvent) and not instance.created_by_id:
            instance.created_by = self.user if getattr(self.user, "pk", None) else None

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        platforms = sorted({k[0] for k in keys})
        result: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(platforms):
            for event in PlatformEvent.objects.visible_to(self.user).filter(platform_id__in=chunk):
                result[(event.platform_id, event.state, event.occurred_on)] = event
        return result

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        """The platforms stand where their last new status puts them (state, date, the level
        held and the level sought), as the state-change block leaves them."""
        latest: dict[int, PlatformEvent] = {}
        for event in created:
            if not isinstance(event, PlatformEvent):
                raise TypeError(type(event))
            known = latest.get(event.platform_id)
            if known is None or (event.occurred_on, event.pk or 0) >= (
                known.occurred_on,
                known.pk or 0,
            ):
                latest[event.platform_id] = event
        for platform in Platform.objects.filter(pk__in=list(latest)):
            event = latest[platform.pk]
            platform.status, platform.status_on = event.state, event.occurred_on
            if event.state == PlatformStatus.APPLYING and event.level:
                platform.sought_level = event.level
            elif event.state == PlatformStatus.APPROVED:
                platform.level = event.level or platform.level
                platform.sought_level = ""
            elif event.state in (PlatformStatus.REJECTED, PlatformStatus.REVOKED):
                platform.sought_level = ""
                if event.state == PlatformStatus.REVOKED:
                    platform.level = ""
            platform.version += 1
            platform.save()

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("platform__region")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, PlatformEvent):
            raise TypeError(type(instance))
        if column.field == "name":
            return instance.platform.name
        if column.field == "region":
            return instance.platform.region.code
        return getattr(instance, column.field)
