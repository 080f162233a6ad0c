"""Forms of the live board pages (boards/views/live.py): the join code, and
joining a board from a phone with a display name and an organisation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from boards.models import CODE_LENGTH
from directory.forms import OrganisationField
from directory.models import Organisation
from lib.thai.text import clean


def normalise_code(value: str) -> str:
    """A code as typed off a projector: any case, spaces and dashes ignored."""
    return "".join(ch for ch in str(value or "") if ch.isalnum()).upper()


class LiveForm(forms.Form):
    """Labels without the trailing colon: they sit above their inputs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class JoinCodeForm(LiveForm):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The six letters and digits shown on the screen in the room."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "inputmode": "text",
                "class": "join-code-input",
                "placeholder": "ABC123",
            }
        ),
        error_messages={"required": _("Type the code shown on the screen.")},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise ValidationError(
                _("A board code has %(length)d letters and digits."),
                code="length",
                params={"length": CODE_LENGTH},
            )
        return code


class JoinForm(LiveForm):
    """Who a phone is on the board. The organisation is picked from the
    directory (its id arrives in `organisation`) or typed when it is not
    there; a facilitator links typed ones later."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("As the room knows you; a nickname will do."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "enterkeyhint": "next"}),
        error_messages={"required": _("Tell the room your name (a nickname will do).")},
    )
    organisation_text = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        required=False,
        help_text=_("Search the directory: a name or an abbreviation (ก.พ.ร., OPDC)."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "organization",
                "enterkeyhint": "search",
                "data-org-search": "",
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
            }
        ),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.HiddenInput(attrs={"data-org-id": ""}),
        error_messages={"invalid_choice": _("This organisation is not in the directory.")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        organisation = data.get("organisation")
        typed = clean(data.get("organisation_text") or "")
        if organisation is None and typed:
            # Without JavaScript (or when the pick was skipped) a name or
            # abbreviation that names exactly one organisation is linked; anything
            # else stays as typed, for a facilitator to link.
            try:
                found = OrganisationField(required=False).to_python(typed)
            except ValidationError:
                found = None
            if found is not None:
                data["organisation"] = found
        if data.get("organisation") is not None:
            data["organisation_text"] = ""
        else:
            data["organisation_text"] = typed
        return data
