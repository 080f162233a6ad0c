"""Forms of the labs pages. They parse and validate; the views hand the
cleaned data to labs.services, which does every write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, DirectoryForm, OrganisationField, TitleInput
from directory.models import District, Organisation, Person, Province
from labs.models import Challenge, ChallengeAgency, Facet, Goal, Lab, Member, Process, Role, Stage
from lib import uploads
from lib.thai.text import clean, compact
from search.selectors import search_ids

_ID_SUFFIX = re.compile(r"#(\d+)\s*$")
HOST_FIELDS = 4
AGENCY_ROWS = 8


def person_label(person: Person) -> str:
    """How a person appears in a person field: readable, with the id at the
    end so that the choice survives a round trip without JavaScript."""
    return f"{person.full_name} #{person.pk}"


class PersonInput(forms.TextInput):
    """A text box whose suggestions come from the directory search
    (templates/directory/_suggest.html fills its datalist as one types)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-suggest": "person", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Person):
            return person_label(value)
        return super().format_value(value)


class PersonField(forms.Field):
    """A person chosen from the directory: a suggestion ("นายสมชาย ใจดี #12"),
    a bare id, or a name that names exactly one person."""

    widget = PersonInput
    default_error_messages = {
        "unknown": _("No one in the directory is called “%(value)s”."),
        "suggest": _("No one in the directory is called exactly “%(value)s”. Did you mean: %(names)s?"),
        "ambiguous": _("Several people are called “%(value)s”; choose one from the suggestions."),
    }

    def to_python(self, value: Any) -> Person | None:
        if isinstance(value, Person):
            return value
        text = clean(str(value or ""))
        if not text:
            return None
        match = _ID_SUFFIX.search(text)
        if match or text.isdigit():
            found = Person.objects.filter(pk=int(match.group(1) if match else text)).first()
            if found is None:
                raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
            return found
        ids = search_ids(query=text, kind="person", limit=10)
        candidates = sorted(Person.objects.filter(pk__in=ids), key=lambda p: ids.index(p.pk))
        key = compact(text)
        exact = [p for p in candidates if key in {compact(p.name_th), compact(p.name_en), compact(p.full_name)}]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        if candidates:
            names = ", ".join(person_label(p) for p in candidates[:3])
            raise ValidationError(self.error_messages["suggest"], code="suggest", params={"value": text, "names": names})
        raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})


def split_tags(text: str) -> list[str]:
    names = [clean(n) for n in re.split(r"[,،\n]", text or "")]
    names = [n for n in names if n]
    if any(len(n) > 100 for n in names):
        raise ValidationError(_("A tag can be at most 100 characters long."))
    return names


class TagsField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", _("Separated by commas, for example ป.ย.ป. 2"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        return split_tags(super().clean(value))


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)


# --- Labs -----------------------------------------------------------------------


class LabForm(DirectoryForm):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Lab.Kind.choices)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Lab.Visibility.choices,
        help_text=_("A members-only lab is seen by its members and administrators only."),
    )
    process = forms.ModelChoiceField(label=_("Design process"), queryset=Process.objects.none(), empty_label=None)

    def __init__(self, *args: Any, lab: Lab | None = None, **kwargs: Any) -> None:
        self.lab = lab
        if lab is not None and "initial" not in kwargs:
            hosts = list(lab.hosts.order_by("name_th"))
            kwargs["initial"] = {
                **{name: getattr(lab, name) for name in (
                    "name_th", "name_en", "kind", "purpose", "description", "start_date", "end_date", "visibility",
                )},
                "process": lab.process_id,
                **{f"host_{i}": host for i, host in enumerate(hosts[:HOST_FIELDS])},
            }
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(  # type: ignore[attr-defined]
            Q(lab__isnull=True) | Q(lab=lab) if lab is not None else Q(lab__isnull=True)
        )
        for i in range(HOST_FIELDS):
            self.fields[f"host_{i}"] = OrganisationField(
                label=_("Host organisation") if i == 0 else _("Another host organisation"),
                required=False,
                help_text=_("Start typing a name or abbreviation and choose from the suggestions.") if i == 0 else "",
            )
        self.order_fields(["name_th", "name_en", "kind", *(f"host_{i}" for i in range(HOST_FIELDS))])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        hosts = [data.pop(f"host_{i}") for i in range(HOST_FIELDS)]
        return {**data, "hosts": list(dict.fromkeys(h for h in hosts if h is not None))}


# --- Members ----------------------------------------------------------------------


class MemberAddForm(DirectoryForm):
    person = PersonField(
        label=_("Person"), help_text=_("Start typing a name and choose from the suggestions.")
    )
    organisation = OrganisationField(
        label=_("Organisation represented"),
        required=False,
        help_text=_("Leave empty for the organisation they work in now."),
    )
    role = _role_field()
    tags = TagsField()


class MemberNewForm(DirectoryForm):
    """Someone not yet in the directory, added to it on the way into the lab."""

    honorific = forms.CharField(label=_("Honorific"), max_length=50, required=False, widget=TitleInput("honorifics"))
    first_name_th = forms.CharField(label=_("First name (Thai)"), max_length=150, required=False)
    last_name_th = forms.CharField(label=_("Last name (Thai)"), max_length=150, required=False)
    first_name_en = forms.CharField(label=_("First name (English)"), max_length=150, required=False)
    last_name_en = forms.CharField(label=_("Last name (English)"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    organisation = OrganisationField(
        label=_("Organisation"), help_text=_("Where they work; they are added to it in the directory.")
    )
    role = _role_field()
    tags = TagsField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not clean(data.get("first_name_th")) and not clean(data.get("first_name_en")):
            self.add_error("first_name_th", _("Give a first name in Thai or in English."))
        return data

    def person_fields(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in ("honorific", "first_name_th", "last_name_th", "first_name_en", "last_name_en", "position")
        }


class InviteForm(DirectoryForm):
    email = forms.EmailField(label=_("E-mail"))
    first_name_th = forms.CharField(
        label=_("First name (Thai)"),
        max_length=150,
        required=False,
        help_text=_("Needed only for someone who is not in the directory yet."),
    )
    last_name_th = forms.CharField(label=_("Last name (Thai)"), max_length=150, required=False)
    organisation = OrganisationField(label=_("Organisation represented"), required=False)
    role = _role_field()
    tags = TagsField()
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("People who already have an account get it in the language they chose."),
    )

    def new_person(self) -> dict[str, Any] | None:
        if not self.cleaned_data.get("first_name_th"):
            return None
        return {k: self.cleaned_data[k] for k in ("first_name_th", "last_name_th")}


class MemberEditForm(DirectoryForm):
    role = _role_field()
    organisation = OrganisationField(label=_("Organisation represented"), required=False)
    tags = TagsField()

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "role": member.role,
                "organisation": member.organisation,
                "tags": ", ".join(t.name for t in member.tags.all()),
            },
        )
        super().__init__(*args, **kwargs)


class InvitationAcceptForm(DirectoryForm):
    password1 = forms.CharField(
        label=_("Choose a password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("The password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


# --- Challenges ---------------------------------------------------------------------


class DistrictChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: District) -> str:  # type: ignore[override]
        return f"{obj.name} · {obj.province.name}"


class ChallengeForm(DirectoryForm):
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    problem = forms.CharField(label=_("Problem statement"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none(), empty_label=None)
    is_national = forms.BooleanField(label=_("National"), required=False, help_text=_("The whole country, not given provinces."))
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"), queryset=Province.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    districts = DistrictChoiceField(
        label=_("Districts"), queryset=District.objects.select_related("province"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_groups = forms.CharField(
        label=_("Target groups"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line.")
    )
    goals = forms.CharField(
        label=_("Expected results"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"), queryset=Goal.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facet = forms.ModelChoiceField(
        label=_("Innovation facet"), queryset=Facet.objects.all(), required=False, empty_label=_("— not set —")
    )

    def __init__(self, *args: Any, lab: Lab, challenge: Challenge | None = None, **kwargs: Any) -> None:
        self.lab = lab
        if challenge is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(challenge, name) for name in (
                    "title_th", "title_en", "problem", "is_national", "target_groups", "goals",
                )},
                "stage": challenge.stage_id,
                "facet": challenge.facet_id,
                "provinces": [p.pk for p in challenge.provinces.all()],
                "districts": [d.pk for d in challenge.districts.all()],
                "sdgs": [g.pk for g in challenge.sdgs.all()],
            }
        super().__init__(*args, **kwargs)
        # Any stage is accepted here and checked by the service, so that a
        # stage of another process gets the service's own clear message.
        self.fields["stage"].queryset = Stage.objects.all()  # type: ignore[attr-defined]
        self.fields["stage"].widget.choices = [  # type: ignore[attr-defined]
            (s.pk, s.name) for s in lab.process.stages.order_by("order")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_national") and (data.get("provinces") or data.get("districts")):
            self.add_error("is_national", _("A national challenge names no provinces or districts."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["provinces"] = list(data["provinces"])
        data["districts"] = list(data["districts"])
        data["sdgs"] = list(data["sdgs"])
        return data


class AgenciesForm(DirectoryForm):
    """Up to AGENCY_ROWS (organisation, role) rows; empty rows are ignored."""

    def __init__(self, *args: Any, agencies: list[ChallengeAgency] | None = None, **kwargs: Any) -> None:
        if agencies is not None and "initial" not in kwargs:
            kwargs["initial"] = {}
            for i, agency in enumerate(agencies[:AGENCY_ROWS]):
                kwargs["initial"][f"organisation_{i}"] = agency.organisation
                kwargs["initial"][f"role_{i}"] = agency.role
        super().__init__(*args, **kwargs)
        for i in range(AGENCY_ROWS):
            self.fields[f"organisation_{i}"] = OrganisationField(label=_("Agency"), required=False)
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Role"), choices=ChallengeAgency.Role.choices, required=False
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"organisation_{i}"], self[f"role_{i}"]) for i in range(AGENCY_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(AGENCY_ROWS):
            if data.get(f"organisation_{i}") is not None and not data.get(f"role_{i}"):
                self.add_error(f"role_{i}", _("Choose lead, supporting or partner for each agency."))
        return data

    def agencies(self) -> list[tuple[Organisation, str]]:
        data = self.cleaned_data
        return [
            (data[f"organisation_{i}"], data[f"role_{i}"])
            for i in range(AGENCY_ROWS)
            if data.get(f"organisation_{i}") is not None
        ]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:  # type: ignore[override]
        if obj.organisation is not None:
            return f"{obj.person.full_name} · {obj.organisation.display_abbreviation or obj.organisation.display_name}"
        return obj.person.full_name


class TeamForm(DirectoryForm):
    name = forms.CharField(label=_("Team name"), max_length=200)

    def __init__(self, *args: Any, members: QuerySet[Member], team: Any = None, **kwargs: Any) -> None:
        if team is not None and "initial" not in kwargs:
            kwargs["initial"] = {"name": team.name, "members": [m.pk for m in team.members.all()]}
        super().__init__(*args, **kwargs)
        # Any member of any lab parses, so that the service refuses a member
        # of another lab with its own message; the boxes list this lab's.
        self.fields["members"] = MemberChoiceField(
            label=_("Members"),
            queryset=Member.objects.select_related("person", "organisation"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["members"].widget.choices = [  # type: ignore[attr-defined]
            (m.pk, MemberChoiceField.label_from_instance(self.fields["members"], m)) for m in members  # type: ignore[arg-type]
        ]


# --- Stakeholders -------------------------------------------------------------------


_GRID_ERRORS = {
    "invalid": _("Give a whole number from 0 to 100."),
    "min_value": _("Give a whole number from 0 to 100."),
    "max_value": _("Give a whole number from 0 to 100."),
}


class GridPositionForm(DirectoryForm):
    power = forms.IntegerField(label=_("Power"), min_value=0, max_value=100, error_messages=_GRID_ERRORS)
    interest = forms.IntegerField(label=_("Interest"), min_value=0, max_value=100, error_messages=_GRID_ERRORS)


class StakeholderForm(GridPositionForm):
    KIND_CHOICES = [
        ("organisation", _("An organisation")),
        ("person", _("A person")),
        ("group", _("A named group")),
    ]

    kind = forms.ChoiceField(label=_("Stakeholder"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="organisation")
    organisation = OrganisationField(label=_("Organisation"), required=False)
    person = PersonField(label=_("Person"), required=False)
    group_name = forms.CharField(
        label=_("Group"), max_length=200, required=False, help_text=_("For example: parents of pupils in Pattani")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"power": 50, "interest": 50, "kind": "organisation"})
        super().__init__(*args, **kwargs)
        self.order_fields(["kind", "organisation", "person", "group_name", "power", "interest", "notes"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        field = {"organisation": "organisation", "person": "person", "group": "group_name"}.get(kind or "")
        if field and not data.get(field) and field not in self.errors:
            self.add_error(field, _("Name the stakeholder."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "organisation": data.get("organisation") if kind == "organisation" else None,
            "person": data.get("person") if kind == "person" else None,
            "group_name": data.get("group_name", "") if kind == "group" else "",
            "power": data["power"],
            "interest": data["interest"],
            "notes": data.get("notes", ""),
        }



class AttachmentForm(DirectoryForm):
    """A document or photo for a challenge; lib/uploads.py judges the bytes."""

    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Documents: PDF, Word (DOCX), Excel (XLSX) or PowerPoint (PPTX). Photos: JPEG, PNG "
            "or WebP. At most %(limit)s."
        ) % {"limit": filesizeformat(uploads.max_upload_bytes())}
        self.fields["file"].widget.attrs["accept"] = (
            f"{uploads.ACCEPT_DOCUMENTS},{uploads.ACCEPT_PHOTOS}"
        )
        self.fields["title"].help_text = _("Optional; the file's name is shown otherwise.")
