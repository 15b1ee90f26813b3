from rest_framework.routers import SimpleRouter

from ..pages import AssignmentPages, CommissionerPages, KeyVillagePages, NoticePages, TeamPages

router = SimpleRouter(use_regex_path=False)
router.register("commissioners", CommissionerPages.viewset(), basename="commissioner")
router.register("roster-notices", NoticePages.viewset(), basename="notice")
router.register("key-villages", KeyVillagePages.viewset(), basename="keyvillage")
router.register("commissioner-assignments", AssignmentPages.viewset(), basename="assignment")
router.register("service-teams", TeamPages.viewset(), basename="team")
urlpatterns = router.urls
