"""The registry's declared pages (core.pages): the enterprise list, export, detail, add and edit,
its import page and its API all come from this one declaration."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, OWN_READ, OWN_WRITE
from kechuang.core.pages import ModelPages, register
from kechuang.utilities.masking import mask_for_audit

from . import actions, selectors, services
from .api.serializers import EnterpriseSerializer
from .filtersets import EnterpriseFilter
from .forms import EnterpriseForm
from .importers import EnterpriseSheet
from .models import ENTERPRISE_FIELDS, AnnualFigures, Enterprise, IntellectualProperty
from .tables import EnterpriseTable


@register
class EnterprisePages(ModelPages):
    model = Enterprise
    namespace, name = "enterprises", "enterprise"
    title, noun = _("企业库"), _("企业")
    fields = ENTERPRISE_FIELDS
    filterset, table, sheet = EnterpriseFilter, EnterpriseTable, EnterpriseSheet
    serializer, form = EnterpriseSerializer, EnterpriseForm
    read, write = BUSINESS_READ, BUSINESS_WRITE
    detail_roles, edit_roles, api_read = OWN_READ, OWN_WRITE, OWN_READ
    owner = "pk"
    masked = ("contact_phone", "contact_email")
    list_template = "enterprises/enterprise_list.html"
    table_template = "enterprises/_enterprise_table.html"
    detail_template = "enterprises/enterprise_detail.html"
    form_template = "enterprises/form.html"
    export_order = ("name_sort", "name", "pk")
    add_title = _("登记企业")

    kept_year_offset, keeps_year = -1, False  # a figures year: the work year's previous

    def default_year(self) -> int:
        """The year whose figures the list shows by default: the latest complete year."""
        return selectors.default_year()

    def queryset(self) -> Any:
        return selectors.enterprise_list(user=self.user, year=self.the_year())

    def get_object(self, pk: int) -> Enterprise:
        return selectors.enterprise_get(user=self.user, pk=pk)

    def create(self, data: dict[str, Any]) -> Enterprise:
        return services.enterprise_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Enterprise:
        return services.enterprise_update(actor=self.user, enterprise=obj, version=version, **data)

    def list_context(self, filterset: Any) -> dict[str, Any]:
        year = self.the_year()
        return {
            "year": year,
            "years": range(year + 1, year - 6, -1),
            "can_reveal": self.user.has_perm("enterprises.view_contact"),
        }

    def form_context(self, instance: Any) -> dict[str, Any]:
        return {"enterprise": instance}

    def export_filename(self) -> str:
        return "enterprises.xlsx"

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from .views import figures_table

        figures = selectors.figures_for(obj)
        ip_rights = list(obj.ip_rights.order_by("-granted_on", "pk"))
        granted = [r for r in ip_rights if r.status == "granted"]
        return {
            "enterprise": obj,
            "figures": figures,
            "figure_rows": figures_table(figures),
            "ip_rights": ip_rights,
            "class_i": sum(1 for r in granted if r.ip_class == "I"),
            "class_ii": sum(1 for r in granted if r.ip_class == "II"),
            "qualifications": obj.qualifications.all(),
            "members": obj.members.select_related("user"),
            "masked_phone": mask_for_audit(obj.contact_phone),
            "masked_email": mask_for_audit(obj.contact_email),
            "can_reveal": self.user.has_perm("enterprises.view_contact"),
            "is_staff": services.is_enterprise_actor(self.user) is False,
            "can_edit": self.user.has_role("staff", "enterprise"),
            "actions": actions.for_user(self.user, obj.pk),
        }

    def history(self, obj: Any) -> Any:
        """Changes to the enterprise and to its figures and IP, newest first."""
        types = ContentType.objects.get_for_models(Enterprise, AnnualFigures, IntellectualProperty)
        figures = [str(pk) for pk in obj.annual_figures.values_list("pk", flat=True)]
        rights = [str(pk) for pk in obj.ip_rights.values_list("pk", flat=True)]
        query = (
            Q(content_type=types[Enterprise], object_pk=str(obj.pk))
            | Q(content_type=types[AnnualFigures], object_pk__in=figures)
            | Q(content_type=types[IntellectualProperty], object_pk__in=rights)
        )
        return (
            LogEntry.objects.filter(query)
            .exclude(action=LogEntry.Action.ACCESS)
            .select_related("actor", "content_type")
            .prefetch_related("actor__groups")
            .order_by("-timestamp", "-pk")
        )
