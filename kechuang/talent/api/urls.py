from rest_framework.routers import SimpleRouter

from ..pages import (
    CooperationPages,
    ExpertPages,
    InstitutionPages,
    NeedPages,
    PlanPages,
    TripPages,
)

router = SimpleRouter(use_regex_path=False)
router.register("cooperations", CooperationPages.viewset(), basename="cooperation")
router.register("experts", ExpertPages.viewset(), basename="expert")
router.register("institutions", InstitutionPages.viewset(), basename="institution")
router.register("trips", TripPages.viewset(), basename="trip")
router.register("needs", NeedPages.viewset(), basename="need")
router.register("cooperation-plans", PlanPages.viewset(), basename="plan")
urlpatterns = router.urls
