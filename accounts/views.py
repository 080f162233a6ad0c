"""Accounts pages: sign in and out, password reset and change, profile,
personal API tokens, the language switch in the page header, and the PDPA
rights over one's own data (download, consent, erasure).

Views parse input, check access and call accounts/services.py."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import services
from accounts.forms import (
    ApiTokenForm,
    ConsentForm,
    EraseAccountForm,
    LanguageForm,
    ProfileForm,
    SaphanPasswordResetForm,
    SignInForm,
)
from accounts.models import User
from accounts.selectors import api_tokens_for_user, get_token_for_user, person_for_user
from directory.services import person_update
from lib.http import safe_next

NEW_TOKEN_SESSION_KEY = "accounts.new_api_token"


def _signed_in(request: HttpRequest) -> User:
    """The user of a @login_required view, typed as the real User model."""
    user = request.user
    assert isinstance(user, User)
    return user


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """The page to go back to: `candidate`, else the referring page, if on this site."""
    home = reverse("directory:home")
    return safe_next(request, candidate, safe_next(request, request.META.get("HTTP_REFERER"), home))


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signed out, the interface falls back to the language cookie: keep the
        # language the person was using rather than jumping to the default.
        language = translation.get_language()
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are signed out."))
        _set_language_cookie(response, language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SaphanPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_set_password(
            user=form.user, password=form.cleaned_data["new_password1"], by=form.user, via="reset"
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_set_password(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            by=self.request.user,
            via="change",
        )
        # Other sessions of this user end; this one stays signed in.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    initial = {
        "display_name": user.display_name,
        "language": user.language,
        "time_zone": user.time_zone,
    }
    if request.method == "POST":
        form = ProfileForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.user_update_profile(user=user, by=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Say it in the language just chosen: the next page uses it.
                with translation.override(user.language):
                    messages.success(request, _("Your profile is saved."))
                response = redirect("accounts:profile")
                _set_language_cookie(response, user.language)
                return response
    else:
        form = ProfileForm(initial=initial)
    context = {"form": form, "tab": "profile", "person": person_for_user(user)}
    return render(request, "accounts/profile.html", context)


@login_required
@require_GET
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """Everything Saphan holds about the signed-in user, as a JSON file."""
    user = _signed_in(request)
    data = services.personal_data_export(user=user, by=user)
    # ensure_ascii=False: Thai names stay readable in any text editor.
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
    filename = f"saphan-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data must not stay in a shared or proxy cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def contact_consent(request: HttpRequest) -> HttpResponse:
    """Give or withdraw consent to be contacted, for the user's own
    directory record; the directory service records it in the audit log."""
    user = _signed_in(request)
    person = person_for_user(user)
    if person is None:
        raise Http404
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to give or withdraw consent."))
        return redirect("accounts:profile")
    consent = form.cleaned_data["consent"]
    if consent != person.contact_consent:
        person_update(person=person, by=user, contact_consent=consent)
    if consent:
        messages.success(
            request, _("You consent to be contacted: signed-in members can see your contact details.")
        )
    else:
        messages.success(
            request,
            _("Your consent is withdrawn: only you and those who look after your record see your contact details."),
        )
    return redirect("accounts:profile")


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    """Explain what erasure removes and keeps; erase after the password."""
    user = _signed_in(request)
    if request.method == "POST":
        form = EraseAccountForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.user_erase(user=user, by=user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                language = translation.get_language()
                logout(request)
                messages.success(request, _("Your account is erased. Thank you for using Saphan."))
                response = redirect("directory:home")
                # Signed out, the interface would fall back to the default language.
                _set_language_cookie(response, language)
                return response
    else:
        form = EraseAccountForm(user=user)
    context = {
        "form": form,
        "tab": "profile",
        "person": person_for_user(user),
        "download_url": reverse("accounts:personal_data"),
    }
    return render(request, "accounts/erase.html", context)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = services.api_token_create(
                    user=user, name=form.cleaned_data["name"], by=user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown on the next page view only, then gone from the session:
                # a reload or the back button must not reveal it again.
                request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "key": key}
                return redirect("accounts:tokens")
    else:
        form = ApiTokenForm()
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "form": form,
        "tokens": list(api_tokens_for_user(user)),
        "new_token": new_token,
        "api_root": request.build_absolute_uri(reverse("api:docs")),
        "tab": "tokens",
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    if token.revoked_at is None:
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's Thai / English switch. Everyone gets the language cookie;
    a signed-in user's profile is saved too, because their profile decides
    the language on every later page (accounts.middleware)."""
    form = LanguageForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if not form.is_valid():
        messages.error(request, _("That language is not available. Choose Thai or English."))
        return redirect(next_url)
    language = form.cleaned_data["language"]
    user = request.user
    if isinstance(user, User) and user.language != language:
        services.user_update_profile(user=user, by=user, language=language)
    response = redirect(next_url)
    _set_language_cookie(response, language)
    return response
