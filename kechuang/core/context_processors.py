from .navigation import nav_groups


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    from .models import Notification

    unread = Notification.objects.visible_to(user).filter(acknowledged_at__isnull=True).count()
    return {
        "nav_groups": nav_groups(user),
        "current_url_name": match.view_name if match else "",
        "unread_notifications": unread,
    }
