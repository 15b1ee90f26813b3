from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..conditions import as_text, parse
from ..models import (
    DISSEMINATION_FIELDS,
    POLICY_FIELDS,
    PUSH_FIELDS,
    Dissemination,
    Policy,
    Push,
)


@extend_schema_field(OpenApiTypes.STR)  # one condition a line
class ConditionsText(serializers.Field):  # type: ignore[type-arg]
    """The conditions as the lines staff type ("研发费用占销售收入比例 >= 3"), parsed by the
    same grammar as the page."""

    def to_representation(self, value: Any) -> str:
        return as_text(value)

    def to_internal_value(self, data: Any) -> Any:
        from django.core.exceptions import ValidationError

        try:
            return parse(str(data or ""))
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class PolicySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    conditions = ConditionsText(required=False)

    class Meta:
        model = Policy
        fields = ["id", *POLICY_FIELDS.api(), "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"region": {"required": False}}


class PushSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Push
        fields = ["id", *PUSH_FIELDS.api(), "pushed_by", "version"]
        read_only_fields = ["pushed_by", "version"]


class DisseminationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Dissemination
        fields = ["id", *DISSEMINATION_FIELDS.api(), "version"]
        read_only_fields = ["version"]
        extra_kwargs = {"region": {"required": False}}
