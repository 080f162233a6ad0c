"""Forms of the plan, action, milestone and progress pages. They parse and
validate; the views hand the cleaned data to actions.services.plans."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from actions.forms import LabelledMultipleChoiceField, OrganisationRowsForm
from actions.models import SETTABLE_STATUSES, Action, ActionPlan, Proposal, Status
from directory.forms import DateInput, DirectoryForm, OrganisationField
from labs.forms import PersonField
from labs.models import Challenge
from lib import uploads

PERCENT_STEPS = (0, 25, 50, 75, 100)
_PERCENT_ERRORS = {
    "invalid": _("Give a whole number from 0 to 100."),
    "min_value": _("Give a whole number from 0 to 100."),
    "max_value": _("Give a whole number from 0 to 100."),
}


class PlanForm(DirectoryForm):
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("— the whole lab —"),
    )
    proposal = forms.ModelChoiceField(
        label=_("Carries out the proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args: Any, lab: Any, plan: ActionPlan | None = None, **kwargs: Any) -> None:
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title_th": plan.title_th,
                "title_en": plan.title_en,
                "description": plan.description,
                "challenge": plan.challenge_id,
                "proposal": plan.proposal_id,
            }
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = lab.challenges.order_by("pk")  # type: ignore[attr-defined]
        self.fields["proposal"].queryset = lab.proposals.order_by("-updated_at", "-pk")  # type: ignore[attr-defined]


def _action_label(action: Action) -> str:
    return f"{action.ref} {action.title}".strip()


class ActionForm(OrganisationRowsForm):
    """An action: what, who (lead and supporting agencies, an owner), when,
    how far along, and what it waits for."""

    title_th = forms.CharField(label=_("Title (Thai)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    ref = forms.CharField(
        label=_("Reference"),
        max_length=20,
        required=False,
        help_text=_("The plan's own numbering, such as 1.2."),
    )
    lead_agency = OrganisationField(
        label=_("Lead agency"),
        help_text=_("Start typing a name or abbreviation and choose from the suggestions."),
    )
    owner = PersonField(
        label=_("Owner"),
        required=False,
        help_text=_("The person who keeps this action up to date."),
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    state = forms.ChoiceField(
        label=_("Status"),
        choices=SETTABLE_STATUSES,
        initial=Status.NOT_STARTED,
        help_text=_("“Late” is never chosen: it shows by itself once the due date has passed."),
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages=_PERCENT_ERRORS,
    )
    depends_on = LabelledMultipleChoiceField(
        label=_("Depends on"),
        label_of=_action_label,
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Actions of this plan that must be done first."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    MAIN_FIELDS = ("title_th", "title_en", "ref")
    LATER_FIELDS = ("owner", "start_date", "due_date", "state", "percent_complete")
    # What an owner or an agency's focal point may change (actions.change_action).
    # What the action is, who leads, supports and owns it is for those who
    # run the lab (actions.change_plan): another agency or owner would see a
    # members-only lab's action, and so would the people of that agency.
    PROGRESS_FIELDS = ("start_date", "due_date", "state", "percent_complete", "description")

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        action: Action | None = None,
        supporting: list[Any] | None = None,
        whole: bool = True,
        **kwargs: Any,
    ) -> None:
        supporting = supporting or []
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(action, name)
                    for name in (*self.MAIN_FIELDS, *self.LATER_FIELDS, "description")
                },
                "lead_agency": action.lead_agency,
                "depends_on": [a.pk for a in action.depends_on.all()] if whole else [],
            }
        super().__init__(*args, **kwargs)
        self.whole = whole
        if not whole:
            # Fields not offered are not read either: a crafted POST changes nothing else.
            for name in set(self.fields) - set(self.PROGRESS_FIELDS):
                del self.fields[name]
            return
        self.add_organisation_rows("supporting", label=_("Supporting agency"), named=supporting)
        choices = plan.actions.order_by("ref", "pk")
        if action is not None:
            choices = choices.exclude(pk=action.pk)
        # Any action parses, so that one of another plan gets the service's
        # own message; the boxes list this plan's.
        self.fields["depends_on"].queryset = Action.objects.all()  # type: ignore[attr-defined]
        self.fields["depends_on"].widget.choices = [  # type: ignore[attr-defined]
            (a.pk, _action_label(a)) for a in choices
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*self.MAIN_FIELDS, "lead_agency") if name in self.fields]

    def supporting_fields(self) -> list[forms.BoundField]:
        return self.organisation_rows("supporting")

    def later_fields(self) -> list[forms.BoundField]:
        # The first action of a plan has nothing to depend on: no empty box.
        field = self.fields.get("depends_on")
        offered = field is not None and bool(field.widget.choices)  # type: ignore[attr-defined]
        names = [*self.LATER_FIELDS, *(["depends_on"] if offered else []), "description"]
        return [self[name] for name in names if name in self.fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("An action cannot be due before it starts."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        rows = set(self.row_names("supporting"))
        data = {name: value for name, value in self.cleaned_data.items() if name not in rows}
        if rows:
            data["supporting"] = self.organisations("supporting")
        if "depends_on" in data:
            data["depends_on"] = list(data["depends_on"])
        return data


class PlanFilterForm(DirectoryForm):
    """The plan page's filters; the agencies offered are the plan's own."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices]
    )
    agency = forms.IntegerField(label=_("Agency"), required=False, widget=forms.Select)

    def offer_agencies(self, organisations: list[Any]) -> None:
        self.fields["agency"].widget.choices = [  # type: ignore[attr-defined]
            ("", _("All agencies")),
            *((o.pk, o.display_name) for o in organisations),
        ]


class MilestoneForm(DirectoryForm):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    done_on = forms.DateField(
        label=_("Reached on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty until the milestone is reached."),
    )


class ProgressForm(DirectoryForm):
    """A progress update in a few taps: how far, what was done, optionally a
    status and evidence. Made for a phone."""

    percent_complete = forms.TypedChoiceField(
        label=_("How far along is it?"),
        choices=[(p, f"{p}%") for p in PERCENT_STEPS],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    percent_exact = forms.IntegerField(
        label=_("Or type the percent"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages=_PERCENT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    text = forms.CharField(
        label=_("What was done?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Keep as it is")), *SETTABLE_STATUSES],
    )
    evidence_link = forms.URLField(
        label=_("Link to evidence"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    evidence_file = forms.FileField(label=_("File or photo"), required=False)
    evidence_text = forms.CharField(
        label=_("Evidence in words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = action.percent_complete
        if current in PERCENT_STEPS and not self.is_bound:
            self.fields["percent_complete"].initial = current
        self.fields["percent_exact"].widget.attrs["placeholder"] = f"{current}"
        self.fields["evidence_file"].help_text = _(
            "PDF, Word, Excel, PowerPoint or a photo; at most %(limit)s."
        ) % {"limit": filesizeformat(uploads.max_upload_bytes())}
        self.fields["evidence_file"].widget.attrs["accept"] = (
            f"{uploads.ACCEPT_DOCUMENTS},{uploads.ACCEPT_PHOTOS}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        exact = data.get("percent_exact")
        percent = exact if exact is not None else data.get("percent_complete")
        if percent is None and "percent_exact" not in self.errors:
            self.add_error("percent_complete", _("Choose how far along the action is."))
        data["percent"] = percent
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "percent_complete": data["percent"],
            "text": data["text"],
            "state": data["state"],
            "evidence_link": data["evidence_link"],
            "evidence_text": data["evidence_text"],
            "evidence_file": data["evidence_file"],
        }
