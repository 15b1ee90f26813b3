from django.urls import path

from . import views
from .pages import PlatformPages

app_name = "platforms"
urlpatterns = [
    *PlatformPages.urls(),
    path("<int:pk>/advance/", views.platform_advance, name="platform_advance"),
]
