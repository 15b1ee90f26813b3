from django.contrib.admin.apps import AdminConfig


class KechuangAdminConfig(AdminConfig):
    """The admin with Kechuang's fenced site (kechuang.core.admin_site)."""

    default_site = "kechuang.core.admin_site.KechuangAdminSite"
