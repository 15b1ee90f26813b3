from django.urls import path

from . import views

app_name = "cultivation"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("export/", views.pool_export, name="pool_export"),
    path("assess-all/", views.assess_all, name="assess_all"),
    path("self-check/", views.self_check, name="self_check"),
    path("enterprises/<int:pk>/", views.gap_report, name="gap_report"),
    path("enterprises/<int:pk>/assess/", views.assess, name="assess"),
    path("enterprises/<int:pk>/report.docx", views.gap_report_docx, name="gap_report_docx"),
]
