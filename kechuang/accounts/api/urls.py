from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("regions", views.RegionViewSet, basename="region")

urlpatterns = [
    path("auth/token/", views.auth_token, name="auth_token"),
    path("auth/revoke/", views.auth_revoke, name="auth_revoke"),
    path("me/", views.me, name="me"),
    *router.urls,
]
