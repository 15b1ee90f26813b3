from rest_framework.routers import SimpleRouter

from ..pages import PlatformPages

router = SimpleRouter(use_regex_path=False)
router.register("platforms", PlatformPages.viewset(), basename="platform")
urlpatterns = router.urls
