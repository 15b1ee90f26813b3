"""The declarations: calls, proposals (the reserve pool), talent-programme applications,
competition entries, introduced talents and the bureau's drafts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, OWN_READ, OWN_WRITE
from kechuang.core.pages import ModelPages, register

from . import selectors, services
from .api.serializers import (
    ApplicationSerializer,
    CallSerializer,
    DocumentSerializer,
    EntrySerializer,
    ProposalSerializer,
    TalentSerializer,
)
from .filtersets import (
    ApplicationFilter,
    CallFilter,
    DocumentFilter,
    EntryFilter,
    ProposalFilter,
    TalentFilter,
)
from .forms import (
    ApplicationForm,
    CallForm,
    DocumentForm,
    EntryForm,
    ProposalForm,
    TalentForm,
)
from .importers import EntrySheet, ProposalSheet, TalentSheet
from .models import (
    APPLICATION_FIELDS,
    CALL_FIELDS,
    DOCUMENT_FIELDS,
    ENTRY_FIELDS,
    PROPOSAL_FIELDS,
    TALENT_FIELDS,
    BureauDocument,
    Call,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    TalentApplication,
)
from .tables import (
    ApplicationTable,
    CallTable,
    DocumentTable,
    EntryTable,
    ProposalTable,
    TalentTable,
)


@register
class CallPages(ModelPages):
    model = Call
    namespace, name = "projects", "call"
    route = "calls/"
    title, noun = _("项目征集"), _("征集")
    fields = CALL_FIELDS
    filterset, table, form, serializer = CallFilter, CallTable, CallForm, CallSerializer
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None
    detail_template = "projects/call_detail.html"

    def queryset(self) -> Any:
        return (
            selectors.calls_for(self.user)
            .annotate(proposal_count=Count("proposals"))
            .order_by("-deadline", "-pk")
        )

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from . import readiness

        found = list(
            selectors.proposals(user=self.user).filter(call=obj).order_by("enterprise__name", "pk")
        )
        ready = readiness.for_proposals(found)
        return {"proposals": [(p, ready[p.pk]) for p in found]}

    def create(self, data: dict[str, Any]) -> Call:
        return services.call_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Call:
        return services.call_update(actor=self.user, call=obj, version=version, **data)


@register
class ProposalPages(ModelPages):
    model = Proposal
    namespace, name = "projects", "proposal"
    title, noun = _("项目储备"), _("项目")
    fields = PROPOSAL_FIELDS
    filterset, table, form, serializer = (
        ProposalFilter,
        ProposalTable,
        ProposalForm,
        ProposalSerializer,
    )
    sheet = ProposalSheet
    export_order = ("enterprise__uscc", "title", "pk")
    # an enterprise drafts its own proposals in the portal and follows them
    read, write = OWN_READ, OWN_WRITE
    detail_template = "projects/proposal_detail.html"
    list_template = "projects/proposal_list.html"

    def queryset(self) -> Any:
        return selectors.proposals(user=self.user)

    def list_context(self, filterset: Any) -> dict[str, Any]:
        from .selectors import pool_table

        return {"pool": pool_table(filterset.qs)}

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        from . import readiness
        from .forms import ProposalAdvanceForm

        rule = rule_for("projects:proposal_advance")
        roles = user_roles(self.user)
        may = rule is not None and rule.allows(roles, "POST")
        form = ProposalAdvanceForm(proposal=obj, user=self.user) if may else None
        if form is not None and not form.fields["to"].choices:  # type: ignore[attr-defined]
            form = None
        return {
            "events": obj.events.order_by("occurred_on", "pk"),
            "advance_form": form,
            "readiness": readiness.of(obj),
        }

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        from kechuang.core.pages import show_field

        standing = [
            (str(getattr(Proposal._meta.get_field(n), "verbose_name", n)), show_field(obj, n))
            for n in ("status", "status_on", "funded_amount", "document_number")
        ]
        return standing + super().detail_rows(obj)

    def editable(self, obj: Any) -> bool:
        from kechuang.core.scoping import user_roles

        return "enterprise" not in user_roles(self.user) or obj.status == "draft"

    def create(self, data: dict[str, Any]) -> Proposal:
        return services.proposal_create(actor=self.user, on=timezone.localdate(), **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Proposal:
        return services.proposal_update(actor=self.user, proposal=obj, version=version, **data)


class _TalentLists(ModelPages):
    """The four lists of talent work share one set of tabs (人才计划、大赛、引进人才、文件)."""

    list_template = "projects/talent_list.html"


@register
class ApplicationPages(_TalentLists):
    model = TalentApplication
    namespace, name = "projects", "application"
    route = "talent-programmes/"
    title, noun = _("人才计划申报"), _("申报")
    fields = APPLICATION_FIELDS
    filterset, table, form, serializer = (
        ApplicationFilter,
        ApplicationTable,
        ApplicationForm,
        ApplicationSerializer,
    )
    read, write = OWN_READ, BUSINESS_WRITE

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.person or obj.enterprise.name)

    def queryset(self) -> Any:
        return TalentApplication.objects.visible_to(self.user).select_related("enterprise")

    def create(self, data: dict[str, Any]) -> TalentApplication:
        return services.application_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> TalentApplication:
        return services.application_update(
            actor=self.user, application=obj, version=version, **data
        )


@register
class EntryPages(_TalentLists):
    model = CompetitionEntry
    namespace, name = "projects", "entry"
    route = "competitions/"
    title, noun = _("创新创业大赛"), _("参赛项目")
    fields = ENTRY_FIELDS
    filterset, table, form, serializer = EntryFilter, EntryTable, EntryForm, EntrySerializer
    sheet = EntrySheet
    read, write = OWN_READ, BUSINESS_WRITE

    def queryset(self) -> Any:
        return CompetitionEntry.objects.visible_to(self.user).select_related("enterprise")

    def create(self, data: dict[str, Any]) -> CompetitionEntry:
        return services.entry_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> CompetitionEntry:
        return services.entry_update(actor=self.user, entry=obj, version=version, **data)


@register
class TalentPages(_TalentLists):
    model = IntroducedTalent
    namespace, name = "projects", "talent"
    route = "talents/"
    title, noun = _("引进高层次人才"), _("人才")
    fields = TALENT_FIELDS
    filterset, table, form, serializer = TalentFilter, TalentTable, TalentForm, TalentSerializer
    sheet = TalentSheet
    read, write = OWN_READ, BUSINESS_WRITE

    def queryset(self) -> Any:
        return IntroducedTalent.objects.visible_to(self.user).select_related("enterprise")

    def create(self, data: dict[str, Any]) -> IntroducedTalent:
        return services.talent_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> IntroducedTalent:
        return services.talent_update(actor=self.user, talent=obj, version=version, **data)


@register
class DocumentPages(_TalentLists):
    model = BureauDocument
    namespace, name = "projects", "document"
    route = "documents/"
    title, noun = _("起草的政策文件"), _("文件")
    fields = DOCUMENT_FIELDS
    filterset, table, form, serializer = (
        DocumentFilter,
        DocumentTable,
        DocumentForm,
        DocumentSerializer,
    )
    read, write = BUSINESS_READ, BUSINESS_WRITE
    owner = None

    def queryset(self) -> Any:
        return BureauDocument.objects.visible_to(self.user)

    def create(self, data: dict[str, Any]) -> BureauDocument:
        return services.document_create(actor=self.user, **data)

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> BureauDocument:
        return services.document_update(actor=self.user, document=obj, version=version, **data)
