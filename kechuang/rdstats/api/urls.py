from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("rd-campaigns", views.CampaignViewSet, basename="rd-campaign")
router.register("rd-forms", views.FormViewSet, basename="rd-form")

urlpatterns = router.urls
