from django.urls import path

from . import views

app_name = "dataio"

urlpatterns = [
    path("imports/", views.batch_list, name="batch_list"),
    path("imports/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("imports/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("imports/<int:pk>/cancel/", views.batch_cancel, name="batch_cancel"),
    path("imports/<int:pk>/errors.xlsx", views.batch_errors, name="batch_errors"),
    path("<slug:sheet>/template.xlsx", views.template_download, name="template"),
    path("<slug:sheet>/import/", views.upload, name="upload"),
]
