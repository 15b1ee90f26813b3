"""Sheets for importing historical HTE certificate lists and tech-SME registration lists."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.core.states import check_move
from kechuang.cultivation.hte.models import hte_valid_until
from kechuang.cultivation.techsme.models import SME_WORKFLOW, SmeEvent, SmeRegistration, SmeStatus
from kechuang.dataio.columns import CHOICE, DATE, YEAR, Column
from kechuang.dataio.engine import PlannedRow, SheetSpec, create_audited, register
from kechuang.enterprises.importers import (
    ENTERPRISE_NAME,
    USCC,
    _choices,
    _chunks,
    _EnterpriseRefMixin,
)
from kechuang.enterprises.models import Qualification


@register
class HteCertificateSheet(_EnterpriseRefMixin, SheetSpec):
    name = "hte-certificates"
    label = "高企证书名单"
    model = Qualification
    key = ("kind", "number")
    notes = (
        "每行一张高新技术企业证书，以证书编号识别：已有的更新，没有的新增。"
        "未填有效期至的，按发证日期起3年计算。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("number", "证书编号", required=True, aliases=("高企证书编号",), max_length=60),
        Column("issued_on", "发证日期", kind=DATE, required=True, aliases=("发证时间",)),
        Column("valid_until", "有效期至", kind=DATE, aliases=("有效期截止",)),
        Column("note", "备注", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        values["kind"] = "hte"
        issued: date = values["issued_on"]
        values["year"] = issued.year
        if not values.get("valid_until"):
            values["valid_until"] = hte_valid_until(issued)
        elif values["valid_until"] <= issued:
            raise ValidationError({"valid_until": _("有效期至须晚于发证日期")})
        values["note"] = values.get("note") or ""
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(sorted({k[1] for k in keys})):
            for item in Qualification.objects.filter(kind="hte", number__in=chunk):
                result[("hte", item.number)] = item
        return result

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        if not isinstance(current, Qualification):
            raise TypeError(type(current))
        if current.enterprise_id != values["enterprise"].pk:
            raise ValidationError({"number": _("该证书编号已登记在其他企业名下，不能转移")})


@register
class SmeRegistrationSheet(_EnterpriseRefMixin, SheetSpec):
    name = "sme-registrations"
    label = "科小入库名单"
    model = SmeRegistration
    key = ("enterprise", "year")
    notes = (
        "每行一家企业一个年度的科技型中小企业入库情况：已有的更新，没有的新增。"
        "状态不填视为已入库；已入库须有入库登记编号，未入库/已撤销须有原因。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("year", "年度", kind=YEAR, required=True, aliases=("入库年度",)),
        Column("registration_number", "入库登记编号", aliases=("登记编号",), max_length=40),
        Column("status", "状态", kind=CHOICE, choices=_choices(SmeStatus)),
        Column("status_on", "入库日期", kind=DATE, aliases=("状态日期", "公告日期")),
        Column("reason", "原因", max_length=300),
        Column("updated_on", "年度信息更新日期", kind=DATE, aliases=("更新日期",)),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        values["status"] = values.get("status") or SmeStatus.REGISTERED
        values["status_on"] = values.get("status_on") or date(values["year"], 12, 31)
        for field in ("registration_number", "reason"):
            values[field] = values.get(field) or ""
        return values

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        """A file moves a registration only as the service would (no 已撤销 → 已入库)."""
        if not isinstance(current, SmeRegistration):
            raise TypeError(type(current))
        status = values.get("status")
        if status and status != current.status:
            check_move(SME_WORKFLOW, current.status, status)
            if values.get("status_on") and values["status_on"] < current.status_on:
                raise ValidationError({"status_on": _("日期不能早于上一状态的日期")})

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        """Each imported status is an event of the registration's history."""
        events = [
            SmeEvent(
                registration=item,  # type: ignore[misc]
                state=item.status,  # type: ignore[attr-defined]
                occurred_on=item.status_on,  # type: ignore[attr-defined]
                registration_number=item.registration_number,  # type: ignore[attr-defined]
                reason=item.reason,  # type: ignore[attr-defined]
                note=_("Excel导入"),
                created_by=self.user if getattr(self.user, "pk", None) else None,
            )
            for item in [
                *created,
                *(r.instance for r in updated if "status" in r.changes),
            ]
        ]
        create_audited(events, self.user, cid=cid)

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        years = sorted({k[1] for k in keys})
        for chunk in _chunks(sorted({k[0] for k in keys})):
            for item in SmeRegistration.objects.filter(enterprise_id__in=chunk, year__in=years):
                result[(item.enterprise_id, item.year)] = item
        return result
