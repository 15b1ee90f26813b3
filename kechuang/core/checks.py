from django.conf import settings
from django.core.checks import Error, register


@register()
def audit_retention_check(app_configs, **kwargs):
    """Audit and login records are kept at least 180 days (SEC-16)."""
    if settings.AUDIT_RETENTION_DAYS < 180:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS={settings.AUDIT_RETENTION_DAYS} is below the legal 180 days",
                id="kechuang.E001",
            )
        ]
    return []
