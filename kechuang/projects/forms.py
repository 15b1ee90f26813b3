from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.forms import DATE, VersionedForm, style
from kechuang.core.money import MoneyFormField
from kechuang.core.scoping import user_roles
from kechuang.enterprises.models import Enterprise

from .choices import ProposalStatus
from .models import (
    APPLICATION_FIELDS,
    CALL_FIELDS,
    DOCUMENT_FIELDS,
    ENTRY_FIELDS,
    PROPOSAL_FIELDS,
    PROPOSAL_WORKFLOW,
    TALENT_FIELDS,
    BureauDocument,
    Call,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    TalentApplication,
)


def _regions(form: forms.BaseForm, user: Any, instance: Any) -> None:
    region: Any = form.fields["region"]
    region.queryset = Region.objects.visible_to(user).filter(level__lte=3)
    if user is not None and not instance.pk:
        region.initial = getattr(user, "region_id", None)


def _enterprises(form: forms.BaseForm, user: Any, required: bool = True) -> None:
    enterprise: Any = form.fields["enterprise"]
    enterprise.queryset = Enterprise.objects.visible_to(user)
    enterprise.required = required


class CallForm(VersionedForm):
    class Meta:
        model = Call
        fields = list(CALL_FIELDS)
        widgets = {"opens_on": DATE, "deadline": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance)


class ProposalForm(VersionedForm):
    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kechuang.talent.models import Institution

        from .selectors import calls_for

        call: Any = self.fields["call"]
        call.queryset = calls_for(user).order_by("-deadline", "pk")
        partner: Any = self.fields["partner"]
        kind: Any = self.fields["kind"]
        kind.required = False
        kind.help_text = _("选择了征集的，按征集的项目类型")
        if "enterprise" in user_roles(user):
            del self.fields["enterprise"]  # an enterprise drafts its own proposals
            own: Any = getattr(user, "enterprise_id", None)
            code = (
                Enterprise.objects.filter(pk=own).values_list("region__code", flat=True).first()
                or "-"
            )
            prefixes = [code[:n] for n in (2, 4, 6, 9) if n <= len(code)]
            partner.queryset = Institution.objects.filter(region__code__in=prefixes)
            return
        _enterprises(self, user)
        partner.queryset = Institution.objects.visible_to(user)


class ProposalAdvanceForm(forms.Form):
    to = forms.ChoiceField(label=_("新阶段"), choices=ProposalStatus.choices)
    on = forms.DateField(label=_("日期"), widget=DATE)
    coach = forms.CharField(label=_("辅导人（辅导时填写）"), max_length=100, required=False)
    amount = MoneyFormField(label=_("立项资金（万元，立项时填写）"), required=False)
    document_number = forms.CharField(
        label=_("立项文号（立项时填写）"), max_length=100, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(
        self, *args: Any, proposal: Proposal | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if proposal is not None:
            to: Any = self.fields["to"]
            allowed = [s for s in ProposalStatus if PROPOSAL_WORKFLOW.can(proposal.status, s)]
            if "enterprise" in user_roles(user):  # hand the draft in, or withdraw it
                handed = (ProposalStatus.COLLECTED, ProposalStatus.WITHDRAWN)
                draft = proposal.status == ProposalStatus.DRAFT
                allowed = [s for s in allowed if s in handed] if draft else []
                for name in ("coach", "amount", "document_number"):
                    del self.fields[name]
            to.choices = [(s.value, s.label) for s in allowed]
            self.fields["on"].initial = timezone.localdate()
        style(self)


class ApplicationForm(VersionedForm):
    class Meta:
        model = TalentApplication
        fields = list(APPLICATION_FIELDS)
        widgets = {"status_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _enterprises(self, user, required=False)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["status_on"].initial = timezone.localdate()


class EntryForm(VersionedForm):
    class Meta:
        model = CompetitionEntry
        fields = list(ENTRY_FIELDS)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _enterprises(self, user)
        if not self.instance.pk and not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year


class TalentForm(VersionedForm):
    class Meta:
        model = IntroducedTalent
        fields = list(TALENT_FIELDS)
        widgets = {"introduced_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _enterprises(self, user)


class DocumentForm(VersionedForm):
    class Meta:
        model = BureauDocument
        fields = list(DOCUMENT_FIELDS)
        widgets = {"drafted_on": DATE, "issued_on": DATE}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self, user, self.instance)
