from rest_framework.routers import SimpleRouter

from ..pages import (
    CooperationPages,
    ExpertPages,
    InstitutionPages,
    NeedPages,
    PlanPages,
    TripPages,
)
from .views import CooperationEventViewSet, NeedEventViewSet, VisitViewSet

router = SimpleRouter(use_regex_path=False)
router.register("cooperations", CooperationPages.viewset(), basename="cooperation")
router.register("experts", ExpertPages.viewset(), basename="expert")
router.register("institutions", InstitutionPages.viewset(), basename="institution")
router.register("trips", TripPages.viewset(), basename="trip")
router.register("needs", NeedPages.viewset(), basename="need")
router.register("cooperation-plans", PlanPages.viewset(), basename="plan")
router.register("cooperation-events", CooperationEventViewSet, basename="cooperation-event")
router.register("visits", VisitViewSet, basename="visit")
router.register("need-events", NeedEventViewSet, basename="need-event")
urlpatterns = router.urls
