"""What every app's REST API shares: the request's language, rules-based
permissions per action, and service errors turned into HTTP 400s.

Imports no app models, like the rest of lib/.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView


def validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF's {field: [messages]} error body;
    errors not tied to a field go under DRF's non_field_errors key."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


@contextmanager
def service_errors(*, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Run a service call; its Django ValidationError becomes a DRF 400.

    `fields` renames model field names to the API's names where they differ.
    The service's transaction has rolled back by the time this re-raises,
    so a refused request changes nothing.
    """
    try:
        yield
    except DjangoValidationError as error:
        detail = validation_detail(error)
        if fields:
            detail = {fields.get(key, key): value for key, value in detail.items()}
        raise exceptions.ValidationError(detail) from error


def request_language(request: HttpRequest, user: Any) -> str:
    """The language API responses and validation errors are written in.

    A signed-in user's preferred language wins, as on the web pages. For
    everyone else the language cookie, then — unlike the pages, which stay
    Thai first — Accept-Language: an API client has no language switch and
    says what it wants in the header. Without either, Thai (LANGUAGE_CODE).
    """
    if user is not None and user.is_authenticated and user.language in dict(settings.LANGUAGES):
        return str(user.language)
    return translation.get_language_from_request(request)


class RequestLanguageMixin:
    """Activates the request's language once DRF knows the user.

    UserLocaleMiddleware runs before DRF authenticates, so it cannot see a
    user who signs in with a personal token; this runs after authentication.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication too, so a refused token is explained in the
        # client's language.
        self._activate_language(request, getattr(request._request, "user", None))
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._activate_language(request, request.user)

    @staticmethod
    def _activate_language(request: Request, user: Any) -> None:
        language = request_language(request._request, user)
        translation.activate(language)
        request._request.LANGUAGE_CODE = language  # type: ignore[attr-defined]


class RulesPermission(permissions.BasePermission):
    """Checks the django-rules permission a view names for its action.

    Views set `action_perms = {"create": "app.add_thing", ...}`. Actions not
    named are open to everyone for safe methods and to any signed-in user
    otherwise (the API's default). Actions on no object (create) check the
    rule here; detail actions only require a signed-in user here, because
    the view fetches its object through get_<thing>_for_user(perm=...),
    the one place that checks a rule against an object.
    """

    @staticmethod
    def perm_for(view: APIView) -> str | None:
        perms: Mapping[str, str] = getattr(view, "action_perms", {})
        return perms.get(getattr(view, "action", None) or "")

    def has_permission(self, request: Request, view: APIView) -> bool:
        perm = self.perm_for(view)
        if perm is None:
            return bool(request.method in permissions.SAFE_METHODS or request.user.is_authenticated)
        if not request.user.is_authenticated:
            return False
        if getattr(view, "detail", False):
            return True
        return bool(request.user.has_perm(perm))


class RulesAutoSchema(AutoSchema):
    """Tells the OpenAPI document which operations need no sign-in.

    drf-spectacular only recognises AllowAny and IsAuthenticatedOrReadOnly;
    RulesPermission lets anyone read where the view names no rule.
    """

    def get_auth(self) -> list[dict[str, list[str]]]:
        auths = super().get_auth()
        anonymous_read = self.method in permissions.SAFE_METHODS and any(
            isinstance(p, RulesPermission) and RulesPermission.perm_for(self.view) is None
            for p in self.view.get_permissions()
        )
        if anonymous_read and {} not in auths:
            auths.append({})
        return auths
