"""The policy line's files: the push ledger (kept in Excel before) and dissemination records.
Every row is checked as the pages check it; nothing is written when any row fails."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import CHOICE, DATE, INT, Column
from kechuang.dataio.engine import SheetSpec, register
from kechuang.enterprises.importers import (
    ENTERPRISE_NAME,
    USCC,
    _choices,
    _chunks,
    _EnterpriseRefMixin,
)

from .choices import Channel, Outlet, Response
from .models import Dissemination, Policy, Push


class _Policies:
    user: Any

    def load_policies(self) -> None:
        self.policies: dict[str, Policy] = {}
        shared: set[str] = set()
        from .selectors import library

        for p in library(self.user):
            for key in (p.title, p.document_number):
                if not key:
                    continue
                if key in self.policies and self.policies[key] != p:
                    shared.add(key)
                self.policies[key] = p
        for key in shared:
            self.policies.pop(key, None)

    def policy_for(self, raw: Any, *, required: bool = True) -> Policy | None:
        text = str(raw or "").strip()
        if not text:
            if required:
                raise ValidationError({"policy": _("请填写政策名称或文号")})
            return None
        policy = self.policies.get(text)
        if policy is None:
            raise ValidationError(
                {
                    "policy": _("政策库中没有名称或文号为“%(t)s”的政策（重名时请填写文号）")
                    % {"t": text}
                }
            )
        return policy


@register
class PushSheet(_Policies, _EnterpriseRefMixin, SheetSpec):
    name = "policy_pushes"
    label = "政策推送台账"
    model = Push
    key = ("policy", "enterprise", "pushed_on", "channel")
    notes = (
        "每行一次推送，以政策、企业、推送日期和推送方式识别：已有的更新企业反馈和说明，没有的新增。"
        "政策填写政策库中的名称或文号。推送人为导入人。"
    )
    columns: ClassVar[list[Column]] = [
        Column("policy", "政策", required=True, max_length=200, aliases=("政策名称", "文号")),
        USCC,
        ENTERPRISE_NAME,
        Column("pushed_on", "推送日期", kind=DATE, required=True),
        Column("channel", "推送方式", kind=CHOICE, choices=_choices(Channel), required=True),
        Column("response", "企业反馈", kind=CHOICE, choices=_choices(Response)),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)
        self.load_policies()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        values["policy"] = self.policy_for(values.get("policy"))
        values["response"] = values.get("response") or Response.PENDING
        values["note"] = str(values.get("note") or "").strip()
        return values

    def before_save(self, instance: models.Model) -> None:
        # a new row is pushed by the importer; a stored one keeps who pushed it
        if instance.pk is None and getattr(self.user, "pk", None):
            instance.pushed_by = self.user  # type: ignore[attr-defined]

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        found: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(sorted({k[1] for k in keys})):
            for row in Push.objects.visible_to(self.user).filter(enterprise_id__in=chunk):
                found[(row.policy_id, row.enterprise_id, row.pushed_on, row.channel)] = row
        return found

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Any:
        return queryset.select_related("enterprise", "policy")

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "policy":
            policy = instance.policy  # type: ignore[attr-defined]
            return policy.document_number or policy.title
        return super().export_value(instance, column)


@register
class DisseminationSheet(_Policies, SheetSpec):
    name = "policy_disseminations"
    label = "政策宣传记录"
    model = Dissemination
    key = ("published_on", "title")
    notes = "每行一条宣传（微信、公众号推文或宣讲），以发布日期和标题识别。相关政策可不填。"
    columns: ClassVar[list[Column]] = [
        Column("published_on", "发布日期", kind=DATE, required=True),
        Column("outlet", "宣传方式", kind=CHOICE, choices=_choices(Outlet), required=True),
        Column("title", "标题", required=True, max_length=200),
        Column("policy", "相关政策", max_length=200),
        Column("reach", "覆盖人次", kind=INT),
        Column("link", "链接", max_length=200),
        Column("note", "说明", max_length=300),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_policies()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["policy"] = self.policy_for(values.get("policy"), required=False)
        region = getattr(self.user, "region", None)
        if region is None:
            raise ValidationError({"title": _("导入人的账号没有所属区划")})
        values["region"] = region
        for field in ("link", "note"):
            values[field] = str(values.get(field) or "").strip()
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        days = sorted({k[0] for k in keys})
        return {
            (row.published_on, row.title): row
            for row in Dissemination.objects.visible_to(self.user).filter(published_on__in=days)
        }

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "policy":
            policy = instance.policy  # type: ignore[attr-defined]
            return (policy.document_number or policy.title) if policy else ""
        return super().export_value(instance, column)
