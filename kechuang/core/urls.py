from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("list-columns/", views.list_columns, name="list_columns"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery_detail"),
    path("attachments/add/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
