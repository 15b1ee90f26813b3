from django.urls import path

from kechuang.cultivation.assessments import views
from kechuang.cultivation.assessments.pages import PoolPages
from kechuang.cultivation.hte import views as pipeline_views
from kechuang.cultivation.hte.pages import CertificatePages, PipelinePages
from kechuang.cultivation.techsme import views as techsme_views
from kechuang.cultivation.techsme.pages import TechSmePages

app_name = "cultivation"

urlpatterns = [
    *PoolPages.urls(),
    path("assess-all/", views.assess_all, name="assess_all"),
    path("self-check/", views.self_check, name="self_check"),
    path("enterprises/<int:pk>/grades/", views.expert_grade, name="expert_grade"),
    path("board/", pipeline_views.board, name="board"),
    path(
        "events/<int:pk>/attachment/",
        pipeline_views.event_attachment,
        name="event_attachment",
    ),
    path("board/batches/add/", pipeline_views.hte_batch_add, name="hte_batch_add"),
    path(
        "certificates/<int:pk>/annual-report/",
        pipeline_views.annual_report_add,
        name="annual_report_add",
    ),
    *TechSmePages.urls(),
    *PipelinePages.urls(),
    *CertificatePages.urls(),
    path("tech-sme/batches/add/", techsme_views.tech_sme_batch_add, name="tech_sme_batch_add"),
    path("tech-sme/mobilise/", techsme_views.tech_sme_mobilise, name="tech_sme_mobilise"),
    path("tech-sme/<int:pk>/advance/", techsme_views.tech_sme_advance, name="tech_sme_advance"),
    path(
        "tech-sme/<int:pk>/update/",
        techsme_views.tech_sme_update_mark,
        name="tech_sme_update_mark",
    ),
    path("activities/add/", pipeline_views.activity_add, name="activity_add"),
    path("enterprises/<int:pk>/events/add/", pipeline_views.event_add, name="event_add"),
    path("enterprises/<int:pk>/", views.gap_report, name="gap_report"),
    path("enterprises/<int:pk>/assess/", views.assess, name="assess"),
    path("enterprises/<int:pk>/report.docx", views.gap_report_docx, name="gap_report_docx"),
]
