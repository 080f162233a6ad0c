"""Forms of the pages that manage boards, methods and personas. They parse
and validate what a person typed; the views hand the cleaned data to
boards.services (or a live operation), which does every write.

The live board's own forms (joining by code) are in boards/forms_live.py.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from boards.methods import PERSONA_FIELDS, VULNERABLE_GROUPS
from boards.models import Board, Method, Persona
from directory.forms import DirectoryForm, OrganisationField
from labs.models import Challenge, Lab
from workshops.models import BreakoutGroup, Session, Workshop


def local_name(item: dict[str, Any]) -> str:
    """The name of a zone, field, tag or round in the interface language."""
    if get_language() == "en" and item.get("name_en"):
        return str(item["name_en"])
    return str(item.get("name_th") or item.get("key") or "")


class ParentSelect(forms.Select):
    """A select whose options say which workshop or session they belong to
    (data-parent), so the page can offer only those of the one picked."""

    def __init__(self, parent: str) -> None:
        super().__init__()
        self.parent = parent

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = str(getattr(instance, self.parent))
        return option


class MethodChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class SessionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.workshop.title} · {obj.title}"


class GroupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.session.workshop.title} · {obj.session.title} · {obj.name}"


class ChallengeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


def methods_for(lab: Lab) -> QuerySet[Method]:
    """The built-in methods and the lab's own, built-in first."""
    return Method.objects.filter(Q(lab__isnull=True) | Q(lab=lab)).order_by(
        "-lab_id", "order", "pk"
    )


def _challenge_field(lab: Lab) -> ChallengeChoiceField:
    return ChallengeChoiceField(
        label=_("Challenge"),
        required=False,
        queryset=Challenge.objects.filter(lab=lab).order_by("pk"),
        empty_label=_("No challenge"),
        help_text=_(
            "The challenge the board works on. A stakeholder map needs one: the organisations "
            "and people its notes name are added to this challenge's stakeholders."
        ),
    )


# --- Boards ----------------------------------------------------------------------


class BoardCreateForm(DirectoryForm):
    method = MethodChoiceField(
        label=_("Method"),
        queryset=Method.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    prompt = forms.CharField(
        label=_("Question for the room"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the projector and on every phone, for example “What do you hope for?”"
        ),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        required=False,
        queryset=Workshop.objects.none(),
        empty_label=_("No workshop"),
    )
    session = SessionChoiceField(
        label=_("Session"),
        required=False,
        queryset=Session.objects.none(),
        empty_label=_("No session"),
        help_text=_("A session of the workshop."),
        widget=ParentSelect("workshop_id"),
    )
    group = GroupChoiceField(
        label=_("Breakout group"),
        required=False,
        queryset=BreakoutGroup.objects.none(),
        empty_label=_("The whole room"),
        help_text=_("A breakout group of the session."),
        widget=ParentSelect("session_id"),
    )
    per_group = forms.BooleanField(
        label=_("One board per breakout group of the session"),
        required=False,
        help_text=_(
            "Creates a board for every breakout group of the chosen session, with the same "
            "method, each title followed by the group's name. All of them or none are created."
        ),
    )

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.fields["method"].queryset = methods_for(lab)  # type: ignore[attr-defined]
        self.fields["workshop"].queryset = Workshop.objects.filter(lab=lab).order_by("pk")  # type: ignore[attr-defined]
        self.fields["session"].queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(workshop__lab=lab)
            .select_related("workshop")
            .order_by("workshop_id", "starts_at", "order", "pk")
        )
        self.fields["group"].queryset = (  # type: ignore[attr-defined]
            BreakoutGroup.objects.filter(session__workshop__lab=lab)
            .select_related("session__workshop")
            .order_by("session__workshop_id", "session__starts_at", "session_id", "pk")
        )
        self.fields["challenge"] = _challenge_field(lab)
        # The challenge comes last, after where the board is run.
        self.order_fields(
            ["method", "title", "prompt", "workshop", "session", "group", "per_group", "challenge"]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, session = data.get("group"), data.get("session")
        # Picking a group or a session says which session and workshop too.
        if group is not None and session is None:
            data["session"] = session = group.session
        if session is not None and data.get("workshop") is None:
            data["workshop"] = session.workshop
        if data.get("per_group"):
            if session is None:
                self.add_error(
                    "per_group", _("Pick the session whose breakout groups get a board.")
                )
            elif group is not None:
                self.add_error(
                    "group", _("Leave the breakout group empty to make a board for every group.")
                )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("method", "title", "prompt", "workshop", "session", "group", "challenge")
        }


class BoardEditForm(DirectoryForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    prompt = forms.CharField(
        label=_("Question for the room"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Board.Status.choices,
        help_text=_("A closed board keeps its notes; nobody can join it or write on it."),
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": board.title,
                "prompt": board.prompt,
                "status": board.status,
                "challenge": board.challenge_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["challenge"] = _challenge_field(board.lab)
        self.order_fields(["title", "prompt", "challenge", "status"])

    def service_kwargs(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name) for name in ("title", "prompt", "status", "challenge")
        }


class ParticipantLinkForm(DirectoryForm):
    participant = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    organisation = OrganisationField(
        label=_("Organisation in the directory"),
        help_text=_("Type a name or abbreviation and pick the organisation from the suggestions."),
    )


class BoardFilterForm(DirectoryForm):
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        required=False,
        queryset=Workshop.objects.none(),
        empty_label=_("All workshops"),
    )

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(lab=lab).order_by("pk")  # type: ignore[attr-defined]


# --- Methods ---------------------------------------------------------------------


class DefinitionInput(forms.Textarea):
    def __init__(self) -> None:
        super().__init__(
            attrs={"rows": 24, "spellcheck": "false", "class": "code", "autocapitalize": "off"}
        )


class MethodForm(DirectoryForm):
    key = forms.SlugField(
        label=_("Key"),
        max_length=50,
        help_text=_("Short, unique in the lab: lower-case letters, digits and hyphens."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description_th = forms.CharField(
        label=_("Description (Thai)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    definition = forms.CharField(
        label=_("Definition (JSON)"),
        widget=DefinitionInput(),
        help_text=_("Zones, note fields and rules, in the format described beside this box."),
    )

    def __init__(self, *args: Any, lab: Lab, method: Method | None = None, **kwargs: Any) -> None:
        if method is not None:
            kwargs.setdefault("initial", method_initial(method))
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.method = method

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"]).lower()
        taken = Method.objects.filter(lab=self.lab, key=key)
        if self.method is not None:
            taken = taken.exclude(pk=self.method.pk)
        if taken.exists():
            raise ValidationError(_("The lab already has a method with this key."))
        return key

    def clean_definition(self) -> Any:
        text = self.cleaned_data["definition"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This is not valid JSON: %(problem)s (line %(line)d, column %(column)d).")
                % {"problem": error.msg, "line": error.lineno, "column": error.colno}
            ) from None

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def method_initial(method: Method, *, copy: bool = False) -> dict[str, Any]:
    """A method's values for its form; a copy gets a key of its own."""
    return {
        "key": f"{method.key}-copy" if copy else method.key,
        "name_th": method.name_th,
        "name_en": method.name_en,
        "description_th": method.description_th,
        "description_en": method.description_en,
        "definition": json.dumps(method.definition, ensure_ascii=False, indent=2),
    }


# --- Personas --------------------------------------------------------------------

VULNERABLE_KEY = "vulnerable_groups"


def persona_text_fields() -> list[dict[str, Any]]:
    """The persona canvas's text fields (the vulnerable groups are checkboxes)."""
    return [field for field in PERSONA_FIELDS if field["key"] != VULNERABLE_KEY]


class PersonaForm(DirectoryForm):
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, persona: Persona, **kwargs: Any) -> None:
        initial = {"name": persona.name, VULNERABLE_KEY: list(persona.vulnerable_groups or [])}
        for spec in persona_text_fields():
            value = (persona.fields or {}).get(spec["key"], "")
            initial[f"field_{spec['key']}"] = value if isinstance(value, str) else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.persona = persona
        for spec in persona_text_fields():
            long = spec.get("type") == "textarea"
            self.fields[f"field_{spec['key']}"] = forms.CharField(
                label=local_name(spec),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput(),
            )
        self.fields[VULNERABLE_KEY] = forms.MultipleChoiceField(
            label=_("Vulnerable groups"),
            required=False,
            choices=[(group["key"], local_name(group)) for group in VULNERABLE_GROUPS],
            widget=forms.CheckboxSelectMultiple,
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        groups = list(data.get(VULNERABLE_KEY) or [])
        # Fields of the canvas this form does not show (a lab's own persona
        # method may have more) are kept as they were.
        fields = dict(self.persona.fields or {})
        for spec in persona_text_fields():
            fields[spec["key"]] = data.get(f"field_{spec['key']}", "")
        fields[VULNERABLE_KEY] = groups
        return {"name": data["name"], "fields": fields, "vulnerable_groups": groups}
