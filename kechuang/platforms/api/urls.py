from rest_framework.routers import SimpleRouter

from ..pages import PlatformPages
from .views import PlatformEventViewSet

router = SimpleRouter(use_regex_path=False)
router.register("platforms", PlatformPages.viewset(), basename="platform")
router.register("platform-events", PlatformEventViewSet, basename="platform-event")
urlpatterns = router.urls
