from rest_framework.routers import SimpleRouter

from ..pages import (
    ApplicationPages,
    CallPages,
    DocumentPages,
    EntryPages,
    ProposalPages,
    TalentPages,
)
from .views import ProposalEventViewSet

router = SimpleRouter(use_regex_path=False)
router.register("proposals", ProposalPages.viewset(), basename="proposal")
router.register("calls", CallPages.viewset(), basename="call")
router.register("talent-applications", ApplicationPages.viewset(), basename="application")
router.register("competition-entries", EntryPages.viewset(), basename="entry")
router.register("introduced-talents", TalentPages.viewset(), basename="talent")
router.register("bureau-documents", DocumentPages.viewset(), basename="document")
router.register("proposal-events", ProposalEventViewSet, basename="proposal-event")
urlpatterns = router.urls
