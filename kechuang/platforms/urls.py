from django.urls import path

from . import views
from .pages import PlatformPages

app_name = "platforms"
urlpatterns = [
    *PlatformPages.urls(),
    path("<int:pk>/advance/", views.platform_advance, name="platform_advance"),
    path("<int:pk>/evaluate/", views.platform_evaluate, name="platform_evaluate"),
    path("<int:pk>/readiness/", views.readiness, name="readiness"),
    path("<int:pk>/readiness/review/", views.readiness_review, name="readiness_review"),
    path("readiness/", views.readiness_list, name="readiness_list"),
    path("kinds/", views.kind_list, name="kind_list"),
    path("kinds/<int:pk>/", views.kind_detail, name="kind_detail"),
    path("criteria/", views.criterion_list, name="criterion_list"),
    path("criteria/add/", views.criterion_detail, name="criterion_add"),
    path("criteria/<int:pk>/", views.criterion_detail, name="criterion_detail"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("criteria/copy/", views.criteria_copy, name="criteria_copy"),
]
