from django.urls import path

from . import views
from .pages import EnterprisePages

app_name = "enterprises"

urlpatterns = [
    *EnterprisePages.urls(),
    path("mine/", views.my_enterprise, name="my_enterprise"),
    path("industries/", views.industry_search, name="industry_search"),
    path("<int:pk>/figures/add/", views.figures_add, name="figures_add"),
    path("<int:pk>/ip/add/", views.ip_add, name="ip_add"),
    path("<int:pk>/qualifications/add/", views.qualification_add, name="qualification_add"),
    path("<int:pk>/accounts/add/", views.account_add, name="account_add"),
    path("<int:pk>/reveal-contact/", views.reveal_contact, name="reveal_contact"),
    path("figures/<int:pk>/edit/", views.figures_edit, name="figures_edit"),
    path("ip/<int:pk>/edit/", views.ip_edit, name="ip_edit"),
]
