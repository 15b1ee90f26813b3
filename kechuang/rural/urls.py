from django.urls import path

from . import views
from .pages import (
    AchievementPages,
    AppraisalPages,
    AssignmentPages,
    CommissionerPages,
    DonationPages,
    KeyVillagePages,
    NoticePages,
    RulePages,
    ServicePages,
    TeamPages,
    TrainingPages,
)

app_name = "rural"
urlpatterns = [
    *CommissionerPages.urls(),
    *NoticePages.urls(),
    *KeyVillagePages.urls(),
    *AssignmentPages.urls(),
    *TeamPages.urls(),
    *ServicePages.urls(),
    *TrainingPages.urls(),
    *AchievementPages.urls(),
    *DonationPages.urls(),
    *AppraisalPages.urls(),
    *RulePages.urls(),
    path("coverage/", views.coverage_page, name="coverage"),
    path("mine/", views.portal, name="portal"),
    path("points/", views.points_page, name="points"),
    path("points/<int:pk>/", views.sheet_page, name="sheet"),
    path("points/<int:pk>/sheet.<str:kind>", views.sheet_file, name="sheet_file"),
    path("stations/", views.stations_page, name="stations"),
]
