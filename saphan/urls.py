from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from saphan import views

urlpatterns = [
    path("", include("directory.urls")),
    path("data/", include("directory.imports.urls")),
    path("labs/", include("labs.urls")),
    path("workshops/", include("workshops.urls")),
    path("", include("boards.urls")),
    path("", include("actions.urls")),
    path("", include("reports.urls")),
    path("network/", include("network.urls")),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("saphan.api_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
