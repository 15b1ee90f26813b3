from django.urls import path

from . import views
from .pages import (
    CooperationPages,
    ExpertPages,
    InstitutionPages,
    NeedPages,
    PlanPages,
    TripPages,
)

app_name = "talent"
urlpatterns = [
    *CooperationPages.urls(),
    *ExpertPages.urls(),
    *InstitutionPages.urls(),
    *TripPages.urls(),
    *NeedPages.urls(),
    *PlanPages.urls(),
    path("needs/<int:pk>/confirm/", views.need_confirm, name="need_confirm"),
    path("needs/<int:pk>/advance/", views.need_advance, name="need_advance"),
    path("ladder/", views.ladder, name="ladder"),
    path("trips/<int:pk>/visits/", views.visit_add, name="visit_add"),
    path("<int:pk>/advance/", views.cooperation_advance, name="cooperation_advance"),
]
