from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kechuang.core.api.versioning import version_field

from ..models import (
    VALUE_FIELDS,
    SurveyCampaign,
    SurveyEvent,
    SurveyForm,
    SurveyProject,
    SurveyStatus,
)
from ..services import PROJECT_FIELDS


class CampaignSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    region_name = serializers.CharField(source="region.name", read_only=True)
    include_default = serializers.BooleanField(
        write_only=True, default=True, help_text="包含地区内全部纳统企业"
    )
    extra_uscc = serializers.ListField(
        child=serializers.CharField(max_length=40),
        write_only=True,
        required=False,
        help_text="另外添加的企业（统一社会信用代码）",
    )

    class Meta:
        model = SurveyCampaign
        fields = [
            "id",
            "region",
            "region_name",
            "year",
            "deadline",
            "instructions",
            "threshold",
            "gdp",
            "opened_at",
            "include_default",
            "extra_uscc",
        ]
        read_only_fields = ["opened_at"]
        validators: list[Any] = []


class ProjectSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = SurveyProject
        fields = list(PROJECT_FIELDS)


class EventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(source="state", choices=SurveyStatus.choices, read_only=True)
    at = serializers.DateTimeField(source="created_at", read_only=True)
    comment = serializers.CharField(source="note", read_only=True)
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = SurveyEvent
        fields = ["status", "at", "actor_name", "comment"]
        # the API's names stay as they were; the columns are the state-change block's

    def get_actor_name(self, obj: SurveyEvent) -> str:
        return obj.created_by.display_name if obj.created_by else "系统"


class FormSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """One enterprise's form. PATCH saves a draft (send ``version``); findings are read-only."""

    year = serializers.IntegerField(source="campaign.year", read_only=True)
    deadline = serializers.DateField(source="campaign.deadline", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    projects = ProjectSerializer(many=True, required=False)
    events = EventSerializer(many=True, read_only=True)
    findings = serializers.SerializerMethodField()
    version = version_field()

    class Meta:
        model = SurveyForm
        fields = [
            "id",
            "campaign",
            "year",
            "deadline",
            "enterprise",
            "enterprise_name",
            "status",
            "submitted_at",
            *VALUE_FIELDS,
            "explanations",
            "projects",
            "events",
            "findings",
            "version",
        ]
        read_only_fields = ["campaign", "enterprise", "status", "submitted_at"]

    def get_findings(self, obj: SurveyForm) -> list[dict[str, str]]:
        if not self.context.get("with_findings"):
            return []
        from ..services import findings_for

        return [f.as_dict() for f in findings_for(obj)]


class CommentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
