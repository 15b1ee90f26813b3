from rest_framework import serializers

from ..models import (
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
    ProposalEvent,
    TalentApplication,
)


class CallSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Call
        fields = ["id", *CALL_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class ProposalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Proposal
        fields = [
            "id",
            *PROPOSAL_FIELDS.api(),
            "status",
            "status_on",
            "funded_amount",
            "document_number",
            "version",
        ]
        read_only_fields = ["status", "status_on", "funded_amount", "document_number", "version"]


class ProposalEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A dated stage of a proposal. POST records the next one through the state-change block
    (coaching names its coach; funding its amount and document number); never edited."""

    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())
    title = serializers.CharField(source="proposal.title", read_only=True)
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = ProposalEvent
        fields = [
            "id",
            "proposal",
            "title",
            "state",
            "state_display",
            "occurred_on",
            "coach",
            "amount",
            "document_number",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ApplicationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = TalentApplication
        fields = ["id", *APPLICATION_FIELDS.api(), "region", "version"]
        read_only_fields = ["region", "version"]


class EntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CompetitionEntry
        fields = ["id", *ENTRY_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class TalentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = IntroducedTalent
        fields = ["id", *TALENT_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class DocumentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = BureauDocument
        fields = ["id", *DOCUMENT_FIELDS.api(), "version"]
        read_only_fields = ["version"]
