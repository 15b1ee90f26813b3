from rest_framework import serializers

from ..models import (
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    TEAM_FIELDS,
    Assignment,
    Commissioner,
    KeyVillage,
    RosterNotice,
    ServiceTeam,
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
