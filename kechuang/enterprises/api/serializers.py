from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from kechuang.accounts.models import Region
from kechuang.core.api.versioning import version_field

from ..models import (
    ENTERPRISE_FIELDS,
    FIGURE_FIELDS,
    IP_FIELDS,
    AnnualFigures,
    Enterprise,
    IntellectualProperty,
)


class EnterpriseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    town = serializers.PrimaryKeyRelatedField(
        source="region", queryset=Region.objects.all(), help_text="乡镇（街道）区划 id"
    )
    town_name = serializers.CharField(source="region.name", read_only=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.CharField(required=False, allow_blank=True)
    version = version_field()

    class Meta:
        model = Enterprise
        fields = ["id", *ENTERPRISE_FIELDS.api(town="region"), "town_name", "version"]
        read_only_fields = ["id"]
        # Uniqueness is checked by the service's full_clean, with its Chinese message.
        extra_kwargs: ClassVar[dict[str, Any]] = {"uscc": {"validators": []}}

    def to_representation(self, instance: Enterprise) -> dict[str, Any]:
        """Contacts are always masked here; the full value only through the audited reveal."""
        from kechuang.utilities.masking import mask_for_audit

        data = super().to_representation(instance)
        data["contact_phone"] = mask_for_audit(instance.contact_phone)
        data["contact_email"] = mask_for_audit(instance.contact_email)
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        return {k: v for k, v in data.items() if k in ENTERPRISE_FIELDS}


class AnnualFiguresSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    version = version_field()

    class Meta:
        model = AnnualFigures
        fields = ["id", "enterprise", "year", *FIGURE_FIELDS, "version"]
        read_only_fields = ["id"]
        validators: list[Any] = []  # (enterprise, year): upsert in the service


class IntellectualPropertySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    ip_class = serializers.CharField(read_only=True, help_text="I / II / 空（不计入，如商标）")
    version = version_field()

    class Meta:
        model = IntellectualProperty
        fields = ["id", "enterprise", *IP_FIELDS, "ip_class", "version"]
        read_only_fields = ["id", "ip_class"]
        validators: list[Any] = []
