from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from zhijian.api_router import router

api_v1 = [
    path("", include(router.urls)),
    path("auth/", include("zhijian.accounts.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", include("zhijian.accounts.urls")),
    path("core/", include("zhijian.core.urls")),
    path("registry/", include("zhijian.registry.urls")),
    path("standards/", include("zhijian.standards.urls")),
    path("agencies/", include("zhijian.agencies.urls")),
    path("audit/", include("zhijian.audit.urls")),
    path("draws/", include("zhijian.draws.urls")),
    path("spotchecks/", include("zhijian.spotchecks.urls")),
    path("licensing/", include("zhijian.licensing.urls")),
    path("risk/", include("zhijian.risk.urls")),
    path("public/", include("zhijian.portal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]
