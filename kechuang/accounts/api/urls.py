from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("regions", views.RegionViewSet, basename="region")

urlpatterns = [
    path("auth/token/", views.auth_token, name="auth_token"),
    path("me/", views.me, name="me"),
    *router.urls,
]
