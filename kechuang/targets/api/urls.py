from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("targets", views.TargetViewSet, basename="target")

urlpatterns = router.urls
