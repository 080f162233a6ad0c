"""Forms for the directory's pages. They parse and validate; the views hand
the cleaned data to directory.services, which does every write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import (
    Affiliation,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Person,
    Province,
    Sector,
    Tag,
)
from lib.thai.text import clean, compact
from search.selectors import search_ids

# Suggestions only: the fields take any title (military and police ranks,
# royal titles, ว่าที่ร้อยตรี ...).
HONORIFICS = ["นาย", "นาง", "นางสาว", "Mr", "Ms", "Mrs"]
ACADEMIC_TITLES = ["ดร.", "ผศ.", "ผศ.ดร.", "รศ.", "รศ.ดร.", "ศ.", "ศ.ดร.", "Dr", "Prof."]

_ID_SUFFIX = re.compile(r"#(\d+)\s*$")


def organisation_label(organisation: Organisation) -> str:
    """How an organisation appears in a directory field: readable, with the
    id at the end so the choice survives a round trip without JavaScript."""
    abbreviation = organisation.abbreviation_th or organisation.abbreviation_en
    name = f"{organisation.name_th} ({abbreviation})" if abbreviation else organisation.name_th
    return f"{name} #{organisation.pk}"


class OrganisationInput(forms.TextInput):
    """A text box whose suggestions come from the directory search
    (templates/directory/_suggest.html fills its datalist as one types)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-suggest": "organisation", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Organisation):
            return organisation_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            organisation = Organisation.objects.filter(pk=int(value)).first()
            return organisation_label(organisation) if organisation else str(value)
        return super().format_value(value)


class OrganisationField(forms.Field):
    """An organisation chosen from the directory by name.

    Accepts a suggestion ("ชื่อ (ย่อ) #12"), a bare id, or a name or
    abbreviation that names exactly one organisation. Anything else is an
    error that lists the closest matches; a write never guesses. Filters
    (`lenient=True`) take the best search hit instead.
    """

    widget = OrganisationInput
    default_error_messages = {
        "unknown": _("No organisation in the directory is called “%(value)s”."),
        "suggest": _("No organisation in the directory is called “%(value)s”. Did you mean: %(names)s?"),
        "ambiguous": _("Several organisations are called “%(value)s”; choose one from the suggestions."),
    }

    def __init__(self, *, queryset: QuerySet[Organisation] | None = None, lenient: bool = False, **kwargs: Any) -> None:
        self.queryset = queryset if queryset is not None else Organisation.objects.all()
        self.lenient = lenient
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Organisation | None:
        if isinstance(value, Organisation):
            return value
        text = clean(str(value or ""))
        if not text:
            return None
        match = _ID_SUFFIX.search(text)
        if match or text.isdigit():
            pk = int(match.group(1) if match else text)
            found = self.queryset.filter(pk=pk).first()
            if found is None:
                raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
            return found
        key = compact(text)
        exact = [
            o
            for o in self.queryset.filter(
                Q(name_th=text)
                | Q(name_en__iexact=text)
                | Q(abbreviation_th=text)
                | Q(abbreviation_en__iexact=text)
                | Q(aliases__name=text)
            ).distinct()[:5]
        ]
        if not exact:
            # The stored abbreviation may have dots the user left out (กพร / ก.พ.ร.).
            ids = _search_ids(text)
            candidates = list(self.queryset.filter(pk__in=ids[:10]))
            candidates.sort(key=lambda o: ids.index(o.pk))
            exact = [
                o
                for o in candidates
                if key in {compact(o.name_th), compact(o.name_en), compact(o.abbreviation_th), compact(o.abbreviation_en)}
            ]
            if not exact:
                if self.lenient and candidates:
                    return candidates[0]
                if candidates:
                    names = ", ".join(organisation_label(o) for o in candidates[:3])
                    raise ValidationError(
                        self.error_messages["suggest"], code="suggest", params={"value": text, "names": names}
                    )
                raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        if len(exact) > 1 and not self.lenient:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        return exact[0]


def _search_ids(text: str) -> list[int]:
    return search_ids(query=text, kind="organisation", limit=10)


class DirectoryForm(forms.Form):
    """Labels without the trailing colon: they sit above their inputs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class TitleInput(forms.TextInput):
    def __init__(self, datalist: str) -> None:
        super().__init__({"list": datalist, "autocomplete": "off"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


# --- Filters -------------------------------------------------------------------


class OrganisationFilterForm(DirectoryForm):
    STATUS_CHOICES = [("active", _("Active")), ("inactive", _("No longer active")), ("all", _("All"))]

    q = forms.CharField(label=_("Name or abbreviation"), required=False, max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.all(), empty_label=_("All provinces")
    )
    parent = OrganisationField(
        label=_("Under"),
        required=False,
        lenient=True,
        help_text=_("Name or abbreviation of the parent organisation"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def active(self) -> bool | None:
        return {"inactive": False, "all": None}.get(self.cleaned_data.get("status") or "active", True)


class PersonFilterForm(DirectoryForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    organisation = OrganisationField(label=_("Organisation"), required=False, lenient=True)
    sector = forms.ChoiceField(
        label=_("Sector of organisation"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), required=False, queryset=Tag.objects.all(), to_field_name="name", empty_label=_("All tags")
    )

    def __init__(self, *args: Any, tags: list[Tag] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if tags is not None:
            # Choices come from the view's one query, not one per render.
            field = self.fields["tag"]
            field.choices = [("", _("All tags")), *((t.name, t.name) for t in tags)]  # type: ignore[attr-defined]


# --- Organisations ---------------------------------------------------------------


class OrganisationForm(DirectoryForm):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    abbreviation_th = forms.CharField(label=_("Abbreviation (Thai)"), max_length=50, required=False)
    abbreviation_en = forms.CharField(label=_("Abbreviation (English)"), max_length=50, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    parent = OrganisationField(
        label=_("Parent organisation"),
        required=False,
        help_text=_("Start typing a name or abbreviation and choose from the suggestions."),
    )
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.all(), empty_label=_("— none —")
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: other abbreviations, former names, names used in other documents. "
            "Start a line with “former:” for a former name."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        self.organisation = organisation
        if organisation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(organisation, name) for name in (
                    "name_th", "name_en", "abbreviation_th", "abbreviation_en", "sector", "kind",
                    "website", "is_active",
                )},
                "parent": organisation.parent,
                "province": organisation.province_id,
                "aliases": "\n".join(
                    f"former: {a.name}" if a.kind == OrganisationAlias.Kind.FORMER else a.name
                    for a in organisation.aliases.all()
                ),
            }
        super().__init__(*args, **kwargs)

    def clean_parent(self) -> Organisation | None:
        parent: Organisation | None = self.cleaned_data.get("parent")
        if parent is not None and self.organisation is not None and parent.pk == self.organisation.pk:
            raise ValidationError(_("An organisation cannot sit under itself."))
        return parent

    def clean_aliases(self) -> list[tuple[str, str]]:
        existing = {}
        if self.organisation is not None:
            existing = {compact(a.name): a.kind for a in self.organisation.aliases.all()}
        result: list[tuple[str, str]] = []
        for line in (self.cleaned_data.get("aliases") or "").splitlines():
            name = clean(line)
            kind = ""
            prefix, _sep, rest = name.partition(":")
            if _sep and compact(prefix) in {"former", "ชื่อเดิม", "เดิม"}:
                name, kind = clean(rest), OrganisationAlias.Kind.FORMER
            if not name:
                continue
            if len(name) > 300:
                raise ValidationError(_("An alias can be at most 300 characters long."))
            kind = kind or existing.get(compact(name)) or OrganisationAlias.Kind.ALIAS
            result.append((name, kind))
        return result

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class FocalPointsForm(DirectoryForm):
    emails = forms.CharField(
        label=_("Focal points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E-mail addresses of accounts, one per line. Focal points may edit this organisation and its people."),
    )

    def clean_emails(self) -> list[Any]:
        emails = [e.strip().lower() for e in re.split(r"[\s,;]+", self.cleaned_data.get("emails") or "") if e.strip()]
        users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails)}
        unknown = [e for e in emails if e not in users]
        if unknown:
            raise ValidationError(
                _("No account has the e-mail address %(emails)s."), params={"emails": ", ".join(unknown)}
            )
        return list(dict.fromkeys(users[e] for e in emails))


# --- People ----------------------------------------------------------------------


class PersonForm(DirectoryForm):
    honorific = forms.CharField(label=_("Honorific"), max_length=50, required=False, widget=TitleInput("honorifics"))
    academic_title = forms.CharField(
        label=_("Academic title"), max_length=50, required=False, widget=TitleInput("academic-titles")
    )
    first_name_th = forms.CharField(label=_("First name (Thai)"), max_length=150, required=False)
    last_name_th = forms.CharField(label=_("Last name (Thai)"), max_length=150, required=False)
    first_name_en = forms.CharField(label=_("First name (English)"), max_length=150, required=False)
    last_name_en = forms.CharField(label=_("Last name (English)"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    contact_consent = forms.BooleanField(
        label=_("Consents to be contacted"),
        required=False,
        help_text=_("Other signed-in members may then see the e-mail address and phone number."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, for example ป.ย.ป. 3"),
    )

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        self.person = person
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(person, name) for name in (
                    "honorific", "academic_title", "first_name_th", "last_name_th", "first_name_en",
                    "last_name_en", "position", "email", "phone", "contact_consent",
                )},
                "tags": ", ".join(t.name for t in person.tags.all()),
            }
        super().__init__(*args, **kwargs)

    def clean_tags(self) -> list[str]:
        names = [clean(n) for n in re.split(r"[,،\n]", self.cleaned_data.get("tags") or "")]
        names = [n for n in names if n]
        if any(len(n) > 100 for n in names):
            raise ValidationError(_("A tag can be at most 100 characters long."))
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not clean(data.get("first_name_th")) and not clean(data.get("first_name_en")):
            self.add_error("first_name_th", _("Give a first name in Thai or in English."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in _PERSON_FORM_FIELDS}


_PERSON_FORM_FIELDS = set(PersonForm.base_fields)


class PersonCreateForm(PersonForm):
    organisation = OrganisationField(label=_("Organisation"), required=False)
    start_date = forms.DateField(label=_("In the organisation since"), required=False, widget=DateInput())

    def __init__(self, *args: Any, own_organisations: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own_organisations is not None:
            # A focal point adds people to their own organisations only.
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=own_organisations, empty_label=None
            )
        self.order_fields(["organisation", *PersonForm.base_fields, "start_date"])

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "organisation": self.cleaned_data.get("organisation"),
            "start_date": self.cleaned_data.get("start_date"),
        }


class AffiliationForm(DirectoryForm):
    organisation = OrganisationField(label=_("Organisation"))
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), help_text=_("Leave empty if they are still there.")
    )

    def __init__(self, *args: Any, user: Any = None, person: Person | None = None, **kwargs: Any) -> None:
        self.user = user
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_organisation(self) -> Organisation:
        organisation: Organisation = self.cleaned_data["organisation"]
        # Whoever looks after the person may record any of their posts; a
        # focal point may also bring anyone into their own organisation.
        if self.user is not None and not (
            self.user.has_perm("directory.change_person", self.person)
            or self.user.has_perm("directory.change_organisation", organisation)
        ):
            raise ValidationError(_("You may only add people to organisations you look after."))
        return organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class AffiliationEndForm(DirectoryForm):
    end_date = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args: Any, affiliation: Affiliation, **kwargs: Any) -> None:
        self.affiliation = affiliation
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_end_date(self) -> dt.date:
        end: dt.date = self.cleaned_data["end_date"]
        if self.affiliation.start_date and end < self.affiliation.start_date:
            raise ValidationError(_("The end date is before the start date."))
        return end


class MergeSearchForm(DirectoryForm):
    q = forms.CharField(label=_("Find the duplicate"), max_length=200)
