"""The signed-in user's own account in the REST API: /api/v1/me/.

Tokens are created and revoked only in the web UI (a key shown once belongs
on a page the user is looking at); the API lists them, never their keys.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors, services
from accounts.models import ApiToken, User
from lib.api import RequestLanguageMixin, service_errors

TAGS = ["accounts"]


class ProfileSerializer(serializers.ModelSerializer[User]):
    time_zone = serializers.CharField(
        max_length=64, help_text=_("An IANA time zone name, for example Asia/Bangkok.")
    )

    class Meta:
        model = User
        fields = ["email", "display_name", "language", "time_zone"]
        read_only_fields = ["email"]


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    prefix = serializers.CharField(
        read_only=True, help_text=_("The first characters of the key, to tell tokens apart.")
    )
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]
        read_only_fields = fields


@extend_schema_view(
    get=extend_schema(operation_id="me_get", summary=_("Your profile"), tags=TAGS),
    patch=extend_schema(
        operation_id="me_update",
        summary=_("Change your display name, language or time zone"),
        tags=TAGS,
    ),
)
class MeView(RequestLanguageMixin, generics.GenericAPIView[User]):
    serializer_class = ProfileSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request: Request) -> Response:
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            services.user_update_profile(user=user, by=request.user, **serializer.validated_data)
        # The answer is in the language just chosen, like the next request.
        self._activate_language(request, user)
        return Response(self.get_serializer(user).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="me_tokens_list",
        summary=_("Your personal API tokens"),
        description=_(
            "Names, prefixes and dates only; a key is shown once, when it is made "
            "in the web interface, and never again."
        ),
        tags=TAGS,
    )
)
class MyTokensView(RequestLanguageMixin, generics.ListAPIView[ApiToken]):
    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        # select_related: is_active reads token.user for every row.
        return selectors.api_tokens_for_user(self.request.user).select_related("user")


urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/tokens/", MyTokensView.as_view(), name="me-tokens"),
]
