from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1 = [
    path("", include("kechuang.accounts.api.urls")),
    path("", include("kechuang.enterprises.api.urls")),
    path("", include("kechuang.cultivation.api.urls")),
    path("", include("kechuang.rdstats.api.urls")),
    path("", include("kechuang.targets.api.urls")),
    path("", include("kechuang.platforms.api.urls")),
    path("", include("kechuang.talent.api.urls")),
    path("", include("kechuang.projects.api.urls")),
    path("", include("kechuang.rural.api.urls")),
    path("", include("kechuang.support.api.urls")),
    path("", include("kechuang.policies.api.urls")),
    path("", include("kechuang.reports.api.urls")),
]

if "kechuang.example" in settings.INSTALLED_APPS:  # docs/dev/add-a-work-line.md (tests only)
    api_v1.append(path("", include("kechuang.example.api.urls")))

urlpatterns = [
    path("", include("kechuang.core.urls")),
    path("accounts/", include("kechuang.accounts.urls")),
    path("captcha/", include("captcha.urls")),
    path("enterprises/", include("kechuang.enterprises.urls")),
    path("data/", include("kechuang.dataio.urls")),
    path("cultivation/", include("kechuang.cultivation.urls")),
    path("rdstats/", include("kechuang.rdstats.urls")),
    path("targets/", include("kechuang.targets.urls")),
    path("platforms/", include("kechuang.platforms.urls")),
    path("talent/", include("kechuang.talent.urls")),
    path("projects/", include("kechuang.projects.urls")),
    path("rural/", include("kechuang.rural.urls")),
    path("support/", include("kechuang.support.urls")),
    path("policies/", include("kechuang.policies.urls")),
    path("announcements/", include("kechuang.announcements.urls")),
    path("reports/", include("kechuang.reports.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

if "kechuang.example" in settings.INSTALLED_APPS:
    urlpatterns.append(path("example/", include("kechuang.example.urls")))

handler400 = "kechuang.core.views.error_400"
handler403 = "kechuang.core.views.error_403"
handler404 = "kechuang.core.views.error_404"
handler500 = "kechuang.core.views.error_500"
