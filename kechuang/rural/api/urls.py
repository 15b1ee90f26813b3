from rest_framework.routers import SimpleRouter

from ..pages import (
    AchievementPages,
    AppraisalPages,
    AssignmentPages,
    CommissionerPages,
    DonationPages,
    KeyVillagePages,
    NoticePages,
    RulePages,
    ServicePages,
    TeamPages,
    TrainingPages,
)

router = SimpleRouter(use_regex_path=False)
router.register("commissioners", CommissionerPages.viewset(), basename="commissioner")
router.register("roster-notices", NoticePages.viewset(), basename="notice")
router.register("key-villages", KeyVillagePages.viewset(), basename="keyvillage")
router.register("commissioner-assignments", AssignmentPages.viewset(), basename="assignment")
router.register("service-teams", TeamPages.viewset(), basename="team")
router.register("service-records", ServicePages.viewset(), basename="service")
router.register("trainings", TrainingPages.viewset(), basename="training")
router.register("commissioner-achievements", AchievementPages.viewset(), basename="achievement")
router.register("donations", DonationPages.viewset(), basename="donation")
router.register("appraisals", AppraisalPages.viewset(), basename="appraisal")
router.register("points-rules", RulePages.viewset(), basename="rule")
urlpatterns = router.urls
