from rest_framework import serializers

from ..models import NOMINATION_FIELDS, Nomination


class NominationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Nomination
        fields = ["id", *NOMINATION_FIELDS.api(), "status", "status_on", "version"]
        read_only_fields = ["status", "status_on", "version"]
