from rest_framework import serializers

from ..models import (
    ACHIEVEMENT_FIELDS,
    APPRAISAL_FIELDS,
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    DONATION_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    RULE_FIELDS,
    SERVICE_FIELDS,
    TEAM_FIELDS,
    TRAINING_FIELDS,
    Achievement,
    Appraisal,
    Assignment,
    Commissioner,
    Donation,
    KeyVillage,
    PointsRule,
    RosterNotice,
    ServiceRecord,
    ServiceTeam,
    Training,
)


class CommissionerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Commissioner
        fields = ["id", *COMMISSIONER_FIELDS.api(), "on_roster", "version"]
        read_only_fields = ["on_roster", "version"]


class NoticeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = RosterNotice
        fields = ["id", *NOTICE_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class KeyVillageSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = KeyVillage
        fields = ["id", *KEY_VILLAGE_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class TeamSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ServiceTeam
        fields = ["id", *TEAM_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class AssignmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Assignment
        fields = ["id", *ASSIGNMENT_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class ServiceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ServiceRecord
        fields = ["id", *SERVICE_FIELDS.api(), "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"commissioner": {"required": False}}  # a commissioner logs as themself


class TrainingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    participants = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", *TRAINING_FIELDS.api(), "participants", "version"]
        read_only_fields = ["participants", "version"]


class AchievementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Achievement
        fields = ["id", *ACHIEVEMENT_FIELDS.api(), "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"commissioner": {"required": False}}


class DonationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Donation
        fields = ["id", *DONATION_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class AppraisalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Appraisal
        fields = ["id", *APPRAISAL_FIELDS.api(), "version"]
        read_only_fields = ["version"]


class RuleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PointsRule
        fields = ["id", *RULE_FIELDS.api(), "version"]
        read_only_fields = ["version"]
