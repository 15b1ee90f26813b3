from rest_framework.routers import SimpleRouter

from ..pages import NominationPages

router = SimpleRouter(use_regex_path=False)
router.register("nominations", NominationPages.viewset(), basename="nomination")
urlpatterns = router.urls
