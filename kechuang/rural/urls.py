from django.urls import path

from . import views
from .pages import AssignmentPages, CommissionerPages, KeyVillagePages, NoticePages, TeamPages

app_name = "rural"
urlpatterns = [
    *CommissionerPages.urls(),
    *NoticePages.urls(),
    *KeyVillagePages.urls(),
    *AssignmentPages.urls(),
    *TeamPages.urls(),
    path("coverage/", views.coverage_page, name="coverage"),
]
