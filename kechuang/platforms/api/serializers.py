from rest_framework import serializers

from ..models import PLATFORM_FIELDS, Platform, PlatformEvent


class PlatformSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Platform
        fields = [
            "id",
            *PLATFORM_FIELDS.api(),
            "level",
            "sought_level",
            "status",
            "status_on",
            "version",
        ]
        read_only_fields = ["level", "sought_level", "status", "status_on", "version"]


class PlatformEventSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A dated status of a platform. POST records the next state through the state-change
    block (the same rules and messages as the page); events are never edited."""

    platform = serializers.PrimaryKeyRelatedField(queryset=Platform.objects.all())
    platform_name = serializers.CharField(source="platform.name", read_only=True)
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = PlatformEvent
        fields = [
            "id",
            "platform",
            "platform_name",
            "state",
            "state_display",
            "occurred_on",
            "level",
            "document_number",
            "issuer",
            "note",
            "created_at",
        ]
        read_only_fields = ["created_at"]
