from rest_framework import serializers

from ..models import (
    LIAISON_FIELDS,
    MEASURE_FIELDS,
    PLAN_FIELDS,
    QUESTION_FIELDS,
    VISIT_FIELDS,
    EnterprisePlan,
    Flag,
    Liaison,
    PlanMeasure,
    SurveyQuestion,
    Visit,
)


class QuestionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = SurveyQuestion
        fields = ["id", *QUESTION_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class SupportVisitSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A visit; ``answers`` maps a question's id to its answer (checked like the page's)."""

    flags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="label")

    class Meta:
        model = Visit
        fields = ["id", *VISIT_FIELDS.api(), "flags", "version"]
        read_only_fields = ["flags", "version"]
        extra_kwargs = {"visitors": {"required": False}}


class FlagSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Flag
        fields = [
            "id",
            "visit",
            "enterprise",
            "label",
            "answer",
            "raised_on",
            "resolved_on",
            "resolution",
            "version",
        ]
        read_only_fields = ["visit", "enterprise", "label", "answer", "raised_on", "version"]


class LiaisonSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Liaison
        fields = ["id", *LIAISON_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class EnterprisePlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = EnterprisePlan
        fields = ["id", *PLAN_FIELDS.api(), "reviewed_on", "status", "version"]
        read_only_fields = ["reviewed_on", "status", "version"]
        extra_kwargs = {"owner": {"required": False}, "review_on": {"required": False}}


class MeasureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PlanMeasure
        fields = ["id", *MEASURE_FIELDS.api(), "version"]
        read_only_fields = ["version"]
