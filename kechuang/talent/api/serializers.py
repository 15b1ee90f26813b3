from rest_framework import serializers

from ..models import (
    COOPERATION_FIELDS,
    EXPERT_FIELDS,
    INSTITUTION_FIELDS,
    NEED_FIELDS,
    PLAN_FIELDS,
    TRIP_FIELDS,
    Cooperation,
    CooperationPlan,
    Expert,
    Institution,
    TechNeed,
    Trip,
)


class InstitutionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Institution
        fields = ["id", *INSTITUTION_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class ExpertSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Expert
        fields = ["id", *EXPERT_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class CooperationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Cooperation
        fields = [
            "id",
            *COOPERATION_FIELDS.api(),
            "status",
            "status_on",
            "top",
            "amount",
            "version",
        ]
        read_only_fields = ["status", "status_on", "top", "amount", "version"]


class TripSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Trip
        fields = ["id", *TRIP_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class NeedSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = TechNeed
        fields = ["id", *NEED_FIELDS.api(), "status", "created_at", "version"]
        read_only_fields = ["status", "created_at", "version"]


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CooperationPlan
        fields = ["id", *PLAN_FIELDS.api(), "version"]
        read_only_fields = ["version"]
