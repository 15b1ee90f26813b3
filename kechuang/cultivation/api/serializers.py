from typing import Any

from rest_framework import serializers

from ..models import Assessment


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
