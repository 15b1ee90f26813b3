from rest_framework.routers import SimpleRouter

from ..pages import DisseminationPages, PolicyPages, PushPages

router = SimpleRouter(use_regex_path=False)
router.register("policies", PolicyPages.viewset(), basename="policy")
router.register("policy-pushes", PushPages.viewset(), basename="push")
router.register("disseminations", DisseminationPages.viewset(), basename="dissemination")
urlpatterns = router.urls
