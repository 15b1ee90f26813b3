from django.urls import path

from . import views
from .pages import (
    ApplicationPages,
    CallPages,
    DocumentPages,
    EntryPages,
    ProposalPages,
    TalentPages,
)

app_name = "projects"
urlpatterns = [
    *ProposalPages.urls(),
    *CallPages.urls(),
    *ApplicationPages.urls(),
    *EntryPages.urls(),
    *TalentPages.urls(),
    *DocumentPages.urls(),
    path("<int:pk>/advance/", views.proposal_advance, name="proposal_advance"),
    path("from-need/<int:pk>/", views.proposal_from_need, name="proposal_from_need"),
]
