from rest_framework.routers import SimpleRouter

from ..pages import EnterprisePages
from . import views

router = SimpleRouter(use_regex_path=False)
router.register("enterprises", EnterprisePages.viewset(), basename=EnterprisePages.api_basename())
router.register("annual-figures", views.AnnualFiguresViewSet, basename="annual-figures")
router.register(
    "intellectual-property", views.IntellectualPropertyViewSet, basename="intellectual-property"
)

urlpatterns = router.urls
