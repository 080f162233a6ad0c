"""/api/v1/: every app's API routes, the OpenAPI document and its browsable docs."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("", include("accounts.api")),
    path("", include("directory.api")),
    path("", include("search.api")),
    path("", include("labs.api")),
    path("", include("workshops.api")),
    path("", include("boards.api")),
    path("", include("actions.api")),
]
