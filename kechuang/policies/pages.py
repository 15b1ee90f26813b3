"""The declarations: the policy library, the push ledger and dissemination records."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE
from kechuang.core.pages import ModelPages, register

from . import services
from .api.serializers import DisseminationSerializer, PolicySerializer, PushSerializer
from .filtersets import DisseminationFilter, PolicyFilter, PushFilter
from .forms import DisseminationForm, PolicyForm, PushForm
from .importers import DisseminationSheet, PushSheet
from .models import (
    DISSEMINATION_FIELDS,
    POLICY_FIELDS,
    PUSH_FIELDS,
    Dissemination,
    Policy,
    Push,
)
from .tables import DisseminationTable, PolicyTable, PushTable

LISTS = "policies/policy_list.html"  # the line's menu on every list


@register
class PolicyPages(ModelPages):
    model = Policy
    namespace, name = "policies", "policy"
    title, noun = _("科技政策"), _("政策")
    add_title = _("登记政策")
    fields = POLICY_FIELDS
    filterset, table, form, serializer = PolicyFilter, PolicyTable, PolicyForm, PolicySerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = LISTS
    detail_template = "policies/policy_detail.html"
    export_order = ("issued_on", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.title)

    def queryset(self) -> Any:
        from .selectors import library

        return library(self.user).select_related("region")

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        """The declared fields, the conditions said in words (not their stored form)."""
        from kechuang.core.pages import show_field

        from .conditions import describe

        def label(name: str) -> str:
            return str(getattr(Policy._meta.get_field(name), "verbose_name", name))

        rows = [(label(n), show_field(obj, n)) for n in POLICY_FIELDS if n != "conditions"]
        words = "；".join(describe(c) for c in obj.conditions or []) or str(_("（未设置）"))
        return [*rows, (label("conditions"), words)]

    def detail_context(self, obj: Any) -> dict[str, Any]:
        return {
            "pushes": obj.pushes.select_related("enterprise").order_by("-pushed_on", "-pk")[:20],
            "push_count": obj.pushes.count(),
            "disseminations": obj.disseminations.order_by("-published_on")[:10],
        }

    def create(self, data: dict[str, Any]) -> Policy:
        return services.policy_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Policy:
        return services.policy_update(actor=self.user, policy=obj, version=version, **data)


@register
class PushPages(ModelPages):
    model = Push
    namespace, name = "policies", "push"
    route = "pushes/"
    title, noun = _("政策推送台账"), _("推送记录")
    add_title = _("登记推送")
    fields = PUSH_FIELDS
    sheet = PushSheet
    filterset, table, form, serializer = PushFilter, PushTable, PushForm, PushSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = LISTS
    export_order = ("pushed_on", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)

    def queryset(self) -> Any:
        return Push.objects.visible_to(self.user).select_related(
            "policy", "enterprise", "pushed_by"
        )

    def create(self, data: dict[str, Any]) -> Push:
        return services.push_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Push:
        return services.push_update(actor=self.user, push=obj, version=version, **data)


@register
class DisseminationPages(ModelPages):
    model = Dissemination
    namespace, name = "policies", "dissemination"
    route = "disseminations/"
    title, noun = _("政策宣传"), _("宣传记录")
    add_title = _("登记宣传")
    fields = DISSEMINATION_FIELDS
    sheet = DisseminationSheet
    filterset, table, form, serializer = (
        DisseminationFilter,
        DisseminationTable,
        DisseminationForm,
        DisseminationSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    list_template = LISTS
    export_order = ("published_on", "pk")

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.title)

    def queryset(self) -> Any:
        return Dissemination.objects.visible_to(self.user).select_related("policy", "region")

    def create(self, data: dict[str, Any]) -> Dissemination:
        return services.dissemination_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Dissemination:
        return services.dissemination_update(
            actor=self.user, dissemination=obj, version=version, **data
        )
