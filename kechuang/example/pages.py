"""The declaration: list, export, detail (with history), add, edit and the API viewset."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE
from kechuang.core.pages import ModelPages, register

from . import selectors, services
from .api.serializers import NominationSerializer
from .filtersets import NominationFilter
from .forms import NominationForm
from .models import NOMINATION_FIELDS, Nomination
from .tables import NominationTable


@register
class NominationPages(ModelPages):
    model = Nomination
    namespace, name = "example", "nomination"
    title, noun = _("科技奖励推荐"), _("推荐")
    fields = NOMINATION_FIELDS
    filterset, table, form, serializer = (
        NominationFilter,
        NominationTable,
        NominationForm,
        NominationSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE

    def queryset(self) -> Any:
        return selectors.nominations(user=self.user)

    def make_form(self, instance: Any = None) -> Any:
        self.form_shown = super().make_form(instance)
        return self.form_shown

    def create(self, data: dict[str, Any]) -> Nomination:
        # The page's form has the date of the first state; the API's create means today.
        form = getattr(self, "form_shown", None)
        on = (form.cleaned_data.get("on") if form is not None else None) or timezone.localdate()
        return services.nomination_create(actor=self.user, on=on, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Nomination:
        return services.nomination_update(actor=self.user, nomination=obj, version=version, **data)
