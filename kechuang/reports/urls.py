from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/<str:key>/", views.figure_detail, name="figure_detail"),
    path("figures/<str:key>/export/", views.figure_export, name="figure_export"),
    path("work/", views.report_list, name="report_list"),
    path("work/generate/", views.report_generate, name="report_generate"),
    path("work/<int:pk>/", views.report_detail, name="report_detail"),
    path("work/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("work/<int:pk>/figures.xlsx", views.report_xlsx, name="report_xlsx"),
    path("work/template.docx", views.template_download, name="template_download"),
    path("work/template/", views.template_upload, name="template_upload"),
    path("work/settings/", views.setting_save, name="setting_save"),
]
