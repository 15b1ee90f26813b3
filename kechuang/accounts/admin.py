"""Read-mostly admin. The logs have no add, change or delete path, even for a superuser."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from .models import LoginEvent, Region, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "username", "kind", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username",)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "region", "is_active", "last_login")
    search_fields = ("username", "full_name")


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")


class FrozenLogEntryAdmin(ReadOnlyAdmin, LogEntryAdmin):
    pass


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, FrozenLogEntryAdmin)
