from rest_framework import serializers

from ..models import Region, User


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "parent"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    region = RegionSerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "roles", "region"]

    def get_roles(self, obj: User) -> list[str]:
        return sorted(obj.role_names)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"})
    otp_token = serializers.CharField(label="动态口令", required=False, allow_blank=True)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
