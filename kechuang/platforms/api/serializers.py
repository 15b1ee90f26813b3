from rest_framework import serializers

from ..models import PLATFORM_FIELDS, Platform


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
