from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("export/", views.enterprise_export, name="enterprise_export"),
    path("add/", views.enterprise_add, name="enterprise_add"),
    path("mine/", views.my_enterprise, name="my_enterprise"),
    path("industries/", views.industry_search, name="industry_search"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/figures/add/", views.figures_add, name="figures_add"),
    path("<int:pk>/ip/add/", views.ip_add, name="ip_add"),
    path("<int:pk>/qualifications/add/", views.qualification_add, name="qualification_add"),
    path("<int:pk>/accounts/add/", views.account_add, name="account_add"),
    path("<int:pk>/reveal-contact/", views.reveal_contact, name="reveal_contact"),
    path("figures/<int:pk>/edit/", views.figures_edit, name="figures_edit"),
    path("ip/<int:pk>/edit/", views.ip_edit, name="ip_edit"),
]
