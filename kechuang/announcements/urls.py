from django.urls import path

from . import views
from .pages import AnnouncementPages

app_name = "announcements"
urlpatterns = [
    *AnnouncementPages.urls(),
    path("<int:pk>/read/", views.announcement_read, name="announcement_read"),
]
