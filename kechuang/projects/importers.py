"""The reserve pool in one file (issue #18): each row a proposal and the stage it stands on,
moved only as the state-change block would move it (``dataio.states.StateRows``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import CHOICE, DATE, MONEY, YEAR, Column
from kechuang.dataio.engine import SheetSpec, register
from kechuang.dataio.states import StateRows
from kechuang.enterprises.importers import (
    ENTERPRISE_NAME,
    USCC,
    _choices,
    _chunks,
    _EnterpriseRefMixin,
)

from .choices import CallLevel, ProposalKind, ProposalStatus
from .models import PROPOSAL_WORKFLOW, Call, CompetitionEntry, IntroducedTalent, Proposal


@register
class ProposalSheet(StateRows, _EnterpriseRefMixin, SheetSpec):
    name = "proposals"
    label = "储备项目"
    model = Proposal
    workflow = PROPOSAL_WORKFLOW
    fact_columns: ClassVar[dict[str, str]] = {"amount": "funded_amount"}
    key = ("enterprise", "title")
    notes = (
        "每行一个项目，以企业和项目名称识别：已有的更新，没有的新增。填了对应征集的，项目类型按征集；"
        "合作高校院所须在高校院所名录中。所处阶段不填为“已征集”；已有项目的阶段只能按流程推进，"
        "日期不早于当前阶段的日期；辅导须填辅导人，立项须填立项资金和立项文号。"
        "自筹资金与申请资金之和不能超过总投资。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("title", "项目名称", required=True, max_length=200),
        Column("kind", "项目类型", kind=CHOICE, choices=_choices(ProposalKind)),
        Column("call", "对应征集", max_length=200, help="项目征集的名称，可不填"),
        Column("budget", "总投资", kind=MONEY),
        Column("own_funds", "自筹资金", kind=MONEY),
        Column("requested_funds", "申请资金", kind=MONEY),
        Column("partner", "合作高校院所", max_length=200),
        Column("starts_on", "起始日期", kind=DATE),
        Column("ends_on", "结束日期", kind=DATE),
        Column("status", "所处阶段", kind=CHOICE, choices=_choices(ProposalStatus)),
        Column("status_on", "阶段日期", kind=DATE),
        Column("coach", "辅导人", max_length=100),
        Column("funded_amount", "立项资金", kind=MONEY),
        Column("document_number", "立项文号", max_length=100),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        from django.utils import timezone

        from kechuang.talent.models import Institution

        from .selectors import calls_for

        self.load_enterprises(rows)
        self.calls = {c.title: c for c in calls_for(self.user).order_by("deadline", "pk")}
        own = getattr(getattr(self.user, "region", None), "pk", None)
        self.partners: dict[str, Any] = {}
        for row in Institution.objects.visible_to(self.user).order_by("pk"):
            if row.name not in self.partners or row.region_id == own:
                self.partners[row.name] = row
        self.today = timezone.localdate()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        title = str(values.get("call") or "").strip()
        call: Call | None = None
        if title:
            call = self.calls.get(title)
            if call is None:
                raise ValidationError({"call": _("没有名为“%(t)s”的项目征集。") % {"t": title}})
            values["kind"] = values.get("kind") or call.kind
        values["call"] = call
        if not values.get("kind"):
            raise ValidationError({"kind": _("请填写项目类型，或填写对应征集。")})
        name = str(values.get("partner") or "").strip()
        values["partner"] = self.partners.get(name) if name else None
        if name and values["partner"] is None:
            raise ValidationError({"partner": _("高校院所名录中没有“%(n)s”。") % {"n": name}})
        values["status"] = values.get("status") or ProposalStatus.COLLECTED
        values["status_on"] = values.get("status_on") or self.today
        coach = str(values.pop("coach", "") or "").strip()
        funded = values["status"] == ProposalStatus.FUNDED
        facts = {
            "coach": coach if values["status"] == ProposalStatus.COACHED else "",
            "amount": values.get("funded_amount") if funded else None,
            "document_number": str(values.get("document_number") or "").strip() if funded else "",
        }
        self.take_state(values, facts)
        for field in ("note", "document_number"):
            values[field] = str(values.get(field) or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        return _by_enterprise(self.user, Proposal, keys, ("enterprise_id", "title"))

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("enterprise", "call", "partner").prefetch_related("events")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, Proposal):
            raise TypeError(type(instance))
        if column.field == "call":
            return instance.call.title if instance.call is not None else ""
        if column.field == "partner":
            return instance.partner.name if instance.partner is not None else ""
        if column.field == "coach":
            coached = [e for e in instance.events.all() if e.state == ProposalStatus.COACHED]
            return (
                coached[-1].coach if coached and instance.status == ProposalStatus.COACHED else ""
            )
        return super().export_value(instance, column)


@register
class TalentSheet(_EnterpriseRefMixin, SheetSpec):
    """Each row one introduced high-level talent (a list from the enterprises or the talent
    office), keyed by enterprise and name."""

    name = "introduced_talents"
    label = "引进高层次人才"
    model = IntroducedTalent
    key = ("enterprise", "name")
    notes = "每行一名人才，以引进企业和姓名识别：已有的更新，没有的新增。不登记身份证号。"
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("name", "姓名", required=True, max_length=50),
        Column("category", "人才类别", required=True, max_length=50),
        Column("field", "专业领域", max_length=100),
        Column("introduced_on", "引进日期", kind=DATE, required=True),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        for field in ("field", "note"):
            values[field] = str(values.get(field) or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        return _by_enterprise(self.user, IntroducedTalent, keys, ("enterprise_id", "name"))


@register
class EntrySheet(_EnterpriseRefMixin, SheetSpec):
    """Each row one competition entry, keyed by enterprise, year, competition and project."""

    name = "competition_entries"
    label = "创新创业大赛参赛"
    model = CompetitionEntry
    key = ("enterprise", "year", "competition", "project")
    notes = (
        "每行一个参赛项目，以企业、年度、大赛名称和参赛项目识别："
        "已有的更新（如补录成绩），没有的新增。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("year", "年度", kind=YEAR, required=True),
        Column("competition", "大赛名称", required=True, max_length=200),
        Column("level", "级别", kind=CHOICE, choices=_choices(CallLevel), required=True),
        Column("project", "参赛项目", required=True, max_length=200),
        Column("result", "成绩", max_length=50),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        for field in ("result", "note"):
            values[field] = str(values.get(field) or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        return _by_enterprise(
            self.user,
            CompetitionEntry,
            keys,
            ("enterprise_id", "year", "competition", "project"),
        )


def _by_enterprise(
    user: Any, model: Any, keys: list[tuple[Any, ...]], fields: tuple[str, ...]
) -> dict[tuple[Any, ...], models.Model]:
    """The stored records of these keys, looked up by their enterprises (chunked)."""
    enterprises = sorted({k[0] for k in keys})
    found: dict[tuple[Any, ...], models.Model] = {}
    for chunk in _chunks(enterprises):
        for row in model.objects.visible_to(user).filter(enterprise_id__in=chunk):
            found[tuple(getattr(row, f) for f in fields)] = row
    return found
