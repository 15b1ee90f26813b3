from rest_framework.routers import SimpleRouter

from ..pages import FlagPages, LiaisonPages, MeasurePages, PlanPages, QuestionPages, VisitPages

router = SimpleRouter(use_regex_path=False)
router.register("visits-survey", VisitPages.viewset(), basename="support-visit")
router.register("survey-questions", QuestionPages.viewset(), basename="question")
router.register("visit-flags", FlagPages.viewset(), basename="flag")
router.register("liaisons", LiaisonPages.viewset(), basename="liaison")
router.register("enterprise-plans", PlanPages.viewset(), basename="enterprise-plan")
router.register("plan-measures", MeasurePages.viewset(), basename="measure")
urlpatterns = router.urls
