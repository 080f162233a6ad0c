"""Forms of the accounts pages. They parse and validate input; the services
in accounts/services.py do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.selectors import time_zone_groups


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with an e-mail input. The field keeps the name
    "username" because django.contrib.auth's views and backends expect it."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        # Accounts store e-mail addresses in lower case (UserManager).
        return str(self.cleaned_data["username"]).strip().lower()


class SaphanPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("The address you sign in with. If it has an account, we send a link there."),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        # The e-mail speaks the account's language, not the language of
        # whoever happened to ask for the reset.
        with translation.override(
            getattr(context.get("user"), "language", None) or settings.LANGUAGE_CODE
        ):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=200,
        required=False,
        help_text=_("How your name appears to others, e.g. on boards and in the audit log."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the interface and of e-mails to you."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Times of workshops and entries are shown in this zone."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = list(time_zone_groups())
        current = self.initial.get("time_zone")
        # A zone set elsewhere (admin, API) may be a legacy alias the list leaves
        # out; offer it so that saving the form does not reject the user's own value.
        known = {value for _region, zones in choices for value, _label in zones}
        if current and current not in known:
            choices.insert(0, (current, current))
        time_zone = self.fields["time_zone"]
        assert isinstance(time_zone, forms.ChoiceField)
        time_zone.choices = choices


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_(
            "What will use it, e.g. “ministry data sync” — so you know which one to revoke."
        ),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class ConsentForm(forms.Form):
    """The one-click consent switch on the profile page."""

    consent = forms.TypedChoiceField(
        choices=[("1", _("Give consent")), ("0", _("Withdraw consent"))],
        coerce=lambda value: value == "1",
    )


class EraseAccountForm(forms.Form):
    """Erasure is final, so the user proves again who they are: a session
    left open on a shared computer must not be enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm that you want to erase your account."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is not right. Your account has not been erased."),
                code="password_incorrect",
            )
        return password
