from django.urls import path

from . import views

urlpatterns = [
    path("figures/", views.figure_list, name="figure-list"),
    path("figures/<str:key>/", views.figure_detail, name="figure-detail"),
]
