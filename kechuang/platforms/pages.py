"""The declaration: list, export, detail (with history), add, edit and the API viewset."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_WRITE, OWN_READ
from kechuang.core.pages import ChildSheet, ModelPages, register

from . import selectors, services
from .api.serializers import PlatformSerializer
from .filtersets import PlatformFilter
from .forms import PlatformForm
from .importers import PlatformEventSheet, PlatformSheet
from .models import PLATFORM_FIELDS, Platform
from .tables import PlatformTable


@register
class PlatformPages(ModelPages):
    model = Platform
    namespace, name = "platforms", "platform"
    title, noun = _("创新平台"), _("平台")
    fields = PLATFORM_FIELDS
    filterset, table, form, serializer = (
        PlatformFilter,
        PlatformTable,
        PlatformForm,
        PlatformSerializer,
    )
    sheet = PlatformSheet  # the import page and the export layout
    # the filtered platforms' dated statuses, in the layout that imports them back
    child_sheets = (
        ChildSheet(
            PlatformEventSheet,
            "platform",
            _("平台进展"),
            order=("platform__region__code", "platform__name", "occurred_on", "pk"),
        ),
    )
    # the host enterprise finds its own platforms in the list and opens their checklists
    read, write = OWN_READ, BUSINESS_WRITE
    owner = "host_enterprise_id"
    masked: ClassVar[tuple[str, ...]] = ("contact_phone",)
    export_order = ("region__code", "name", "pk")

    detail_template = "platforms/platform_detail.html"

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        from .forms import AdvanceForm, EvaluateForm

        rule = rule_for("platforms:platform_advance")
        may_advance = rule is not None and rule.allows(user_roles(self.user), "POST")
        return {
            "events": obj.events.order_by("occurred_on", "pk"),
            "evaluations": obj.evaluations.all(),
            "advance_form": AdvanceForm(platform=obj) if may_advance else None,
            "evaluate_form": EvaluateForm() if may_advance else None,
        }

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        """Where the platform stands first (status, level, level sought), then its fields."""
        from kechuang.core.pages import show_field

        standing = [
            (str(getattr(Platform._meta.get_field(n), "verbose_name", n)), show_field(obj, n))
            for n in ("status", "status_on", "level", "sought_level")
        ]
        return standing + super().detail_rows(obj)

    list_template = "platforms/platform_list.html"

    def list_context(self, filterset: Any) -> dict[str, Any]:
        from .choices import PlatformLevel

        table = selectors.kind_level_table(filterset.qs)
        labels = dict(PlatformLevel.choices)
        table["headers"] = [
            (level, str(labels[level]) if level else str(_("未获批"))) for level in table["levels"]
        ]
        return {"summary": table}

    def queryset(self) -> Any:
        return selectors.platforms(user=self.user)

    def make_form(self, instance: Any = None) -> Any:
        self.form_shown = super().make_form(instance)
        return self.form_shown

    def create(self, data: dict[str, Any]) -> Platform:
        # The page's form has the first state and its date; the API's create means "planning
        # today".
        form = getattr(self, "form_shown", None)
        extra = form.cleaned_data if form is not None else {}
        return services.platform_create(
            actor=self.user,
            on=extra.get("on") or timezone.localdate(),
            status=extra.get("status") or "planning",
            level=extra.get("level") or "",
            document_number=extra.get("document_number") or "",
            issuer=extra.get("issuer") or "",
            **data,
        )

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Platform:
        return services.platform_update(actor=self.user, platform=obj, version=version, **data)
