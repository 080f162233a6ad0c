"""Forms of the proposal pages: a form per kind of proposal, its status,
comments, endorsements and pledges. They parse and validate; the views
hand the cleaned data to actions.services.proposals, which does every write."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from actions.forms import LabelledMultipleChoiceField, OrganisationRowsForm
from actions.models import Pledge, Proposal, today
from actions.services.proposals import KIND_FIELDS, next_statuses
from boards.models import Persona
from directory.forms import DateInput, DirectoryForm, OrganisationField
from directory.models import Organisation
from labs.models import Challenge, Goal, Lab

_TEXTAREA_ROWS = {"summary": 3, "affected_groups": 3, "support_asked": 3}


def _textarea(name: str) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": _TEXTAREA_ROWS.get(name, 6)})


class ProposalForm(OrganisationRowsForm):
    """The fields of one kind of proposal (policy or project). Editing, it
    carries the version it started from, so that a save on top of someone
    else's newer one is refused (actions.services.proposals.proposal_update)."""

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        lab: Lab,
        kind: str,
        proposal: Proposal | None = None,
        **kwargs: Any,
    ) -> None:
        self.lab, self.kind = lab, kind
        agencies: list[Organisation] = []
        if proposal is not None and "initial" not in kwargs:
            agencies = list(proposal.agencies.order_by("name_th"))
            kwargs["initial"] = {
                **{
                    name: getattr(proposal, name)
                    for name in KIND_FIELDS[kind]
                    if name not in {"personas", "agencies", "sdgs", "challenge"}
                },
                "challenge": proposal.challenge_id,
                "personas": [p.pk for p in proposal.personas.all()],
                "sdgs": [g.pk for g in proposal.sdgs.all()],
                "base_version": proposal.version,
            }
        super().__init__(*args, **kwargs)
        if proposal is None:
            del self.fields["base_version"]
        model = Proposal._meta
        for name in KIND_FIELDS[kind]:
            if name == "challenge":
                self.fields[name] = forms.ModelChoiceField(
                    label=_("Challenge"),
                    queryset=Challenge.objects.filter(lab=lab).order_by("pk"),
                    required=False,
                    empty_label=_("— the whole lab —"),
                )
            elif name == "budget":
                self.fields[name] = forms.DecimalField(
                    label=_("Budget (baht)"),
                    required=False,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                )
            elif name == "personas":
                self.fields[name] = LabelledMultipleChoiceField(
                    label=_("Personas affected"),
                    label_of=attrgetter("name"),
                    queryset=Persona.objects.filter(lab=lab).order_by("name", "pk"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif name == "agencies":
                self.add_organisation_rows("agency", label=_("Agency concerned"), named=agencies)
            elif name == "sdgs":
                self.fields[name] = LabelledMultipleChoiceField(
                    label=_("Sustainable Development Goals"),
                    queryset=Goal.objects.order_by("number"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = model.get_field(name)
                assert isinstance(field, models.Field)
                self.fields[name] = forms.CharField(
                    label=capfirst(field.verbose_name),
                    required=name == "title_th",
                    max_length=getattr(field, "max_length", None),
                    help_text=field.help_text,
                    widget=None if name.startswith("title") else _textarea(name),
                )

    def agency_fields(self) -> list[forms.BoundField]:
        return self.organisation_rows("agency")

    def other_fields(self) -> list[forms.BoundField]:
        rows = set(self.row_names("agency"))
        return [f for f in self if f.name not in rows]

    def service_kwargs(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in KIND_FIELDS[self.kind]
            if name in self.cleaned_data
        }
        data["agencies"] = self.organisations("agency")
        data["personas"] = list(data["personas"])
        data["sdgs"] = list(data["sdgs"])
        return data


class StatusForm(DirectoryForm):
    status = forms.ChoiceField(label=_("New status"))
    date = forms.DateField(label=_("Since"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the meeting or the letter that decided it."),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": today()})
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = next_statuses(proposal)  # type: ignore[attr-defined]


def _organisation_field(
    *, label: Any, any_organisation: bool, own: QuerySet[Organisation], required: bool = True
) -> forms.Field:
    """Any organisation of the directory for those who may act for any;
    else a choice among the user's own organisations."""
    if any_organisation:
        return OrganisationField(label=label, required=required)
    return forms.ModelChoiceField(
        label=label,
        queryset=own,
        required=required,
        empty_label=None if required else _("— myself —"),
    )


class CommentForm(DirectoryForm):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, own: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own.exists():
            self.fields["organisation"] = _organisation_field(
                label=_("On behalf of"), any_organisation=False, own=own, required=False
            )


class EndorseForm(DirectoryForm):
    def __init__(
        self, *args: Any, own: QuerySet[Organisation], any_organisation: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(
            label=_("Agency endorsing"), any_organisation=any_organisation, own=own
        )
        self.fields["statement"] = forms.CharField(
            label=_("Statement"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class PledgeForm(DirectoryForm):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=Pledge.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=50,
        help_text=_("Baht, people, days, data sets… Money is in baht unless said."),
    )
    description = forms.CharField(
        label=_("What is offered"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Pledge.Status.choices)

    def __init__(
        self,
        *args: Any,
        own: QuerySet[Organisation],
        any_organisation: bool,
        pledge: Pledge | None = None,
        **kwargs: Any,
    ) -> None:
        if pledge is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(pledge, name)
                for name in ("kind", "amount", "unit", "description", "status")
            }
        super().__init__(*args, **kwargs)
        if pledge is None:
            self.fields["organisation"] = _organisation_field(
                label=_("Agency pledging"), any_organisation=any_organisation, own=own
            )
            self.order_fields(["organisation"])

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["unit"] = data.get("unit") or ""
        data["description"] = data.get("description") or ""
        return data
