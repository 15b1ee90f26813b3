from .navigation import nav_groups


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {"nav_groups": nav_groups(user), "current_url_name": match.view_name if match else ""}
