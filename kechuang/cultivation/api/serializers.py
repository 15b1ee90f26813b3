from typing import Any

from rest_framework import serializers

from kechuang.core.models import Batch
from kechuang.cultivation.hte.models import Activity, PipelineEvent
from kechuang.cultivation.models import Assessment
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
from kechuang.enterprises.models import Enterprise, Qualification


class AssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    gaps = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "rule",
            "year",
            "rule_version",
            "verdict",
            "score_min",
            "score_max",
            "gap_count",
            "gaps",
            "criteria",
            "created_at",
        ]

    def get_gaps(self, obj: Assessment) -> list[dict[str, Any]]:
        return obj.gaps

    def get_criteria(self, obj: Assessment) -> list[dict[str, Any]]:
        return obj.criteria


class PipelineEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    superseded = serializers.SerializerMethodField()

    class Meta:
        model = PipelineEvent
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            "stage",
            "stage_display",
            "occurred_on",
            "batch",
            "participants",
            "note",
            "certificate_number",
            "certificate_issued_on",
            "reason",
            "activity",
            "supersedes",
            "superseded",
            "created_at",
        ]
        read_only_fields = ["id", "activity", "supersedes", "created_at"]

    def get_superseded(self, obj: Any) -> bool:
        return hasattr(obj, "superseded_by")


class ActivitySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    from kechuang.enterprises.models import Enterprise as _Enterprise

    enterprises = serializers.PrimaryKeyRelatedField(queryset=_Enterprise.objects.all(), many=True)
    year = serializers.IntegerField(write_only=True, help_text="认定年度")

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "held_on",
            "place",
            "organisers",
            "materials",
            "enterprises",
            "year",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class SmeBatchSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Batch
        fields = ["id", "year", "number", "opens_on", "closes_on", "publicise_by", "note"]
        read_only_fields = ["id"]
        validators: list[Any] = []  # the service's full_clean reports the unique pair in Chinese


class SmeRegistrationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    update_due = serializers.DateField(read_only=True)

    class Meta:
        model = SmeRegistration
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            "batch",
            "status",
            "status_display",
            "status_on",
            "registration_number",
            "reason",
            "updated_on",
            "update_due",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "registration_number",
            "reason",
            "updated_on",
            "created_at",
        ]
        validators: list[Any] = []


class SmeAdvanceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=SmeStatus.choices)
    on = serializers.DateField()
    registration_number = serializers.CharField(max_length=40, required=False, default="")
    reason = serializers.CharField(max_length=300, required=False, default="")


class CertificateSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An HTE certificate with its life-cycle status (annual reports, expiry, risk)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "number",
            "issued_on",
            "valid_until",
            "status",
        ]

    def get_status(self, obj: Qualification) -> dict[str, Any] | None:
        from django.utils import timezone

        from kechuang.cultivation.hte.selectors import status_of

        found = status_of([obj], timezone.localdate())
        if not found:
            return None
        s = found[0]
        return {
            "expires_in_days": s.expires_in_days,
            "expired": s.expired,
            "expiring_soon": s.expiring_soon,
            "annual_reports_filed": list(s.filed),
            "annual_reports_missed": list(s.missed),
            "at_risk": s.at_risk,
        }
