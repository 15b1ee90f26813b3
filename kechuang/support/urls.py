from django.urls import path

from . import views
from .pages import FlagPages, LiaisonPages, MeasurePages, PlanPages, QuestionPages, VisitPages

app_name = "support"
urlpatterns = [
    *VisitPages.urls(),
    *QuestionPages.urls(),
    *FlagPages.urls(),
    *LiaisonPages.urls(),
    *PlanPages.urls(),
    *MeasurePages.urls(),
    path("leaders/", views.leaders_page, name="leaders"),
    path("leaders/mine/", views.my_enterprises, name="mine"),
    path("leaders/<int:pk>/", views.leader_page, name="leader"),
    path("plans/<int:pk>/plan.docx", views.plan_docx, name="plan_docx"),
    path("plans/<int:pk>/review/", views.plan_review, name="plan_review"),
]
