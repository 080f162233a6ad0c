"""Forms for the workshops' pages. They parse and validate; the views hand
the cleaned data to workshops.services, which does every write.

Session times are typed as the organisers write them, in the event's own
time zone, and become aware datetimes here (stored in UTC).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from directory.forms import DateInput, DirectoryForm, OrganisationField
from directory.models import Organisation, Person
from labs.models import Challenge, Lab, Role
from lib.thai.text import clean
from search.selectors import search_ids
from workshops.models import BreakoutGroup, Session, Workshop
from workshops.times import in_zone, is_valid_zone, make_event_time

# Suggestions for the time zone field; any IANA name is accepted.
COMMON_ZONES = [
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Europe/London",
    "Europe/Paris",
    "America/New_York",
    "UTC",
]

RUNNING_ROLES = (Role.LEAD, Role.FACILITATOR)
_ID_SUFFIX = re.compile(r"#(\d+)\s*$")


class WorkshopsForm(DirectoryForm):
    def _model_field(self, name: str) -> forms.ModelChoiceField[Any]:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def person_label(person: Person) -> str:
    return f"{person.full_name} #{person.pk}"


class PersonInput(forms.TextInput):
    """A text box whose suggestions come from the directory search."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-suggest": "person", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Person):
            return person_label(value)
        return super().format_value(value)


class PersonField(forms.Field):
    """A person chosen from the directory: a suggestion ("ชื่อ #12"), an id,
    or a name that finds exactly one person. A write never guesses."""

    widget = PersonInput
    default_error_messages = {
        "unknown": _("No one in the directory is called “%(value)s”."),
        "suggest": _(
            "No one in the directory is called exactly “%(value)s”. Did you mean: %(names)s?"
        ),
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
                raise ValidationError(
                    self.error_messages["unknown"], code="unknown", params={"value": text}
                )
            return found
        ids = search_ids(query=text, kind="person", limit=5)
        candidates = sorted(Person.objects.filter(pk__in=ids), key=lambda p: ids.index(p.pk))
        wanted = text.casefold().replace(" ", "")
        exact = [
            p
            for p in candidates
            if wanted in {p.name_th.replace(" ", ""), p.name_en.casefold().replace(" ", "")}
        ]
        if len(exact) == 1:
            return exact[0]
        if candidates:
            names = ", ".join(person_label(p) for p in candidates[:3])
            raise ValidationError(
                self.error_messages["suggest"],
                code="suggest",
                params={"value": text, "names": names},
            )
        raise ValidationError(
            self.error_messages["unknown"], code="unknown", params={"value": text}
        )


class OrganisationLinesField(forms.CharField):
    """Several organisations, one per line, each as OrganisationField takes it."""

    widget = forms.Textarea(attrs={"rows": 3, "data-suggest-lines": "organisation"})

    def clean(self, value: Any) -> list[Organisation]:  # type: ignore[override]
        text = super().clean(value) or ""
        single = OrganisationField()
        found: list[Organisation] = []
        errors: list[ValidationError] = []
        for line in text.splitlines():
            if not clean(line):
                continue
            try:
                organisation = single.clean(line)
            except ValidationError as error:
                errors.append(error)
            else:
                if organisation is not None and organisation not in found:
                    found.append(organisation)
        if errors:
            raise ValidationError(errors)
        return found


def organisation_lines(organisations: Any) -> str:
    from directory.forms import organisation_label

    return "\n".join(organisation_label(o) for o in organisations)


# --- Workshop --------------------------------------------------------------------


class ChallengesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Challenges as checkboxes; named with their lab when several labs are offered."""

    with_lab = False

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.lab})" if self.with_lab else str(obj.title)


class WorkshopForm(WorkshopsForm):
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=Lab.objects.none(), empty_label=None)
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=Workshop.Format.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    time_zone = forms.CharField(
        label=_("Time zone of the event"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text=_(
            "Session times are typed in this zone, for example Asia/Bangkok or Europe/London."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, min_value=1, help_text=_("Empty for no limit.")
    )
    challenges = ChallengesField(
        label=_("Challenges addressed"),
        queryset=Challenge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, labs: QuerySet[Lab], workshop: Workshop | None = None, **kwargs: Any
    ) -> None:
        self.workshop = workshop
        if workshop is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(workshop, name)
                    for name in (
                        "title_th",
                        "title_en",
                        "description",
                        "format",
                        "venue",
                        "online_url",
                        "time_zone",
                        "capacity",
                    )
                },
                "lab": workshop.lab_id,
                "challenges": [c.pk for c in workshop.challenges.all()],
            }
        kwargs.setdefault("initial", {}).setdefault("time_zone", "Asia/Bangkok")
        kwargs["initial"].setdefault("format", Workshop.Format.ONSITE)
        super().__init__(*args, **kwargs)
        if workshop is not None:
            # A workshop stays in its lab.
            del self.fields["lab"]
            self._model_field("challenges").queryset = Challenge.objects.filter(
                lab_id=workshop.lab_id
            )
        else:
            self._model_field("lab").queryset = labs
            self._model_field("challenges").queryset = Challenge.objects.filter(
                lab__in=labs
            ).select_related("lab")
            field = self._model_field("challenges")
            assert isinstance(field, ChallengesField)
            field.with_lab = True

    def clean_time_zone(self) -> str:
        name = clean(self.cleaned_data["time_zone"])
        if not is_valid_zone(name):
            raise ValidationError(
                _("“%(zone)s” is not a time zone; use a name such as Asia/Bangkok."),
                params={"zone": name},
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fmt = data.get("format")
        if fmt in {Workshop.Format.ONLINE, Workshop.Format.HYBRID} and not data.get("online_url"):
            self.add_error("online_url", _("An online or hybrid workshop needs its meeting link."))
        if fmt in {Workshop.Format.ONSITE, Workshop.Format.HYBRID} and not clean(
            data.get("venue") or ""
        ):
            self.add_error("venue", _("An on-site or hybrid workshop needs its venue."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("lab", None)
        return data


# --- Sessions ----------------------------------------------------------------------


class SessionForm(WorkshopsForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts = forms.TimeField(label=_("Starts"), widget=TimeInput())
    ends = forms.TimeField(
        label=_("Ends"),
        widget=TimeInput(),
        help_text=_("A time before the start means the next day."),
    )
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The lab's leads and facilitators."),
    )
    invited_organisations = OrganisationLinesField(
        label=_("Invited organisations"),
        required=False,
        help_text=_("One per line; for example the agencies met on an interview day."),
    )

    def __init__(
        self, *args: Any, workshop: Workshop, session: Session | None = None, **kwargs: Any
    ) -> None:
        self.workshop = workshop
        self.session = session
        zone_name = workshop.time_zone
        if session is not None and "initial" not in kwargs:
            start, end = in_zone(session.starts_at, zone_name), in_zone(session.ends_at, zone_name)
            kwargs["initial"] = {
                "date": start.date(),
                "starts": start.time(),
                "ends": end.time(),
                "title_th": session.title_th,
                "title_en": session.title_en,
                "description": session.description,
                "facilitators": [p.pk for p in session.facilitators.all()],
                "invited_organisations": organisation_lines(session.invited_organisations.all()),
            }
        super().__init__(*args, **kwargs)
        zone_help = _("In the event's time zone, %(zone)s.") % {"zone": zone_name}
        self.fields["starts"].help_text = zone_help
        runners = Q(
            lab_memberships__lab_id=workshop.lab_id, lab_memberships__role__in=RUNNING_ROLES
        )
        if session is not None:
            runners |= Q(facilitated_sessions=session)
        self._model_field("facilitators").queryset = Person.objects.filter(runners).distinct()

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        """(start, end) as aware datetimes; an end time before the start is
        read as the next day, an equal one is left for the service to refuse."""
        data = self.cleaned_data
        zone_name = self.workshop.time_zone
        start = make_event_time(data["date"], data["starts"], zone_name)
        end_day = (
            data["date"] + dt.timedelta(days=1) if data["ends"] < data["starts"] else data["date"]
        )
        return start, make_event_time(end_day, data["ends"], zone_name)

    def service_kwargs(self) -> dict[str, Any]:
        starts_at, ends_at = self.times()
        data = self.cleaned_data
        return {
            "title_th": data["title_th"],
            "title_en": data["title_en"],
            "description": data["description"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "facilitators": list(data["facilitators"]),
            "invited_organisations": data["invited_organisations"],
        }


class SpeakerForm(WorkshopsForm):
    person = PersonField(label=_("Person"))
    title_shown = forms.CharField(
        label=_("Title as shown"),
        max_length=300,
        required=False,
        help_text=_("As printed on the day, for example รองเลขาธิการ ก.พ.ร."),
    )
    organisation_shown = forms.CharField(
        label=_("Organisation as shown"), max_length=300, required=False
    )


class LinkForm(WorkshopsForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address"), max_length=1000, assume_scheme="https")
    session = forms.ModelChoiceField(
        label=_("For the session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole workshop"),
    )

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_field("session").queryset = Session.objects.filter(workshop=workshop).order_by(
            "starts_at"
        )


# --- Groups ------------------------------------------------------------------------


class AutoAssignForm(WorkshopsForm):
    BY_COUNT, BY_SIZE = "count", "size"
    by = forms.ChoiceField(
        label=_("Make"),
        choices=[(BY_COUNT, _("this many groups")), (BY_SIZE, _("groups of this size"))],
        initial=BY_COUNT,
        widget=forms.RadioSelect,
    )
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=500)
    seed = forms.IntegerField(
        label=_("Shuffle"),
        required=False,
        min_value=0,
        initial=0,
        help_text=_("Another number gives another mix as good as the first."),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        key = "group_count" if data["by"] == self.BY_COUNT else "group_size"
        return {key: data["number"], "seed": data.get("seed") or 0}


class GroupForm(WorkshopsForm):
    name = forms.CharField(label=_("Name"), max_length=200)


class MoveForm(WorkshopsForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), widget=forms.HiddenInput)
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=BreakoutGroup.objects.none(),
        required=False,
        empty_label=_("No group"),
    )

    def __init__(
        self, *args: Any, session: Session, people: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._model_field("group").queryset = BreakoutGroup.objects.filter(session=session)
        self._model_field("person").queryset = (
            people if people is not None else Person.objects.all()
        )
