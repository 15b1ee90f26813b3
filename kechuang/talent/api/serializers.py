from rest_framework import serializers

from ..models import (
    COOPERATION_FIELDS,
    EXPERT_FIELDS,
    INSTITUTION_FIELDS,
    NEED_FIELDS,
    PLAN_FIELDS,
    TRIP_FIELDS,
    Cooperation,
    CooperationEvent,
    CooperationPlan,
    Expert,
    Institution,
    NeedEvent,
    TechNeed,
    Trip,
    Visit,
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
    """A need and where it stands in the loop; steps are POSTed to need-events."""

    class Meta:
        model = TechNeed
        fields = [
            "id",
            *NEED_FIELDS.api(),
            "source",
            "status",
            "status_on",
            "assignee",
            "deadline",
            "answer",
            "satisfaction",
            "comment",
            "raised_on",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "source",
            "status",
            "status_on",
            "assignee",
            "deadline",
            "answer",
            "satisfaction",
            "comment",
            "raised_on",
            "created_at",
            "version",
        ]


class NeedEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A dated step of the need loop. POST records the next one through the state-change
    block (交办 names the assignee and deadline, 反馈 the answer, 办结 the rating)."""

    need = serializers.PrimaryKeyRelatedField(queryset=TechNeed.objects.all())
    title = serializers.CharField(source="need.title", read_only=True)
    state_display = serializers.CharField(source="state_label", read_only=True)
    comment = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = NeedEvent
        fields = [
            "id",
            "need",
            "title",
            "state",
            "state_display",
            "occurred_on",
            "assignee",
            "deadline",
            "answer",
            "satisfaction",
            "comment",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = CooperationPlan
        fields = ["id", *PLAN_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class CooperationEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A dated rung of a cooperation. POST records the next one through the state-change
    block (the page's rules and messages: a project contract needs its amount); rungs are
    never edited."""

    cooperation = serializers.PrimaryKeyRelatedField(queryset=Cooperation.objects.all())
    project = serializers.CharField(source="cooperation.project", read_only=True)
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = CooperationEvent
        fields = [
            "id",
            "cooperation",
            "project",
            "state",
            "state_display",
            "occurred_on",
            "amount",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class VisitSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A visit of a matching trip; POST adds one (within the trip's dates, the enterprise in
    the user's region, the experts of the counterpart institution)."""

    trip = serializers.PrimaryKeyRelatedField(queryset=Trip.objects.all())
    experts = serializers.PrimaryKeyRelatedField(
        queryset=Expert.objects.all(), many=True, required=False
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "trip",
            "visited_on",
            "enterprise",
            "institution",
            "experts",
            "counterpart",
            "topic",
            "outcome",
            "cooperation",
            "note",
        ]
