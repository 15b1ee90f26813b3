from django.urls import path

from . import views
from .pages import DisseminationPages, PolicyPages, PushPages

app_name = "policies"
urlpatterns = [
    *PolicyPages.urls(),
    *PushPages.urls(),
    *DisseminationPages.urls(),
    path("<int:pk>/matches/", views.matches_page, name="matches"),
    path("<int:pk>/push/", views.push_many, name="push_many"),
    path("mine/", views.portal, name="portal"),
    path("pushes/<int:pk>/respond/", views.push_respond, name="push_respond"),
]
