from .pages import NominationPages

app_name = "example"
urlpatterns = [*NominationPages.urls()]
