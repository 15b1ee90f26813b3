from django.urls import path

from . import views
from .pages import CampaignPages, SurveyFormPages

app_name = "rdstats"

urlpatterns = [
    *CampaignPages.urls(),
    *SurveyFormPages.urls(),
    path("mine/", views.my_forms, name="my_forms"),
    path("enterprises/<int:pk>/", views.enterprise_forms, name="enterprise_forms"),
    path("campaigns/year/", views.campaign_year, name="campaign_year"),
    path("campaigns/add/", views.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path(
        "campaigns/<int:pk>/enterprises/add/",
        views.campaign_add_enterprises,
        name="campaign_add_enterprises",
    ),
    path("campaigns/<int:pk>/remind/", views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:pk>/sync/", views.campaign_sync, name="campaign_sync"),
    path("campaigns/<int:pk>/figures/", views.campaign_figures, name="campaign_figures"),
    path("forms/<int:pk>/", views.form_detail, name="form_detail"),
    path("forms/<int:pk>/save/", views.form_save, name="form_save"),
    path("forms/<int:pk>/autosave/", views.form_autosave, name="form_autosave"),
    path("forms/<int:pk>/review/", views.form_review, name="form_review"),
    path("forms/<int:pk>/sync/", views.form_sync, name="form_sync"),
]
