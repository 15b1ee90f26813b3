from django.urls import path
from rest_framework.routers import SimpleRouter

from kechuang.cultivation.api import views

router = SimpleRouter(use_regex_path=False)
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("pipeline-events", views.PipelineEventViewSet, basename="pipeline-event")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("sme-batches", views.SmeBatchViewSet, basename="sme-batch")
router.register("certificates", views.CertificateViewSet, basename="certificate")
router.register("sme-registrations", views.SmeRegistrationViewSet, basename="sme-registration")

urlpatterns = [
    path("enterprises/<int:pk>/assess/", views.assess_enterprise, name="enterprise-assess"),
    *router.urls,
]
