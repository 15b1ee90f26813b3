from django.urls import path

from . import views
from .pages import CooperationPages, ExpertPages, InstitutionPages

app_name = "talent"
urlpatterns = [
    *CooperationPages.urls(),
    *ExpertPages.urls(),
    *InstitutionPages.urls(),
    path("<int:pk>/advance/", views.cooperation_advance, name="cooperation_advance"),
]
