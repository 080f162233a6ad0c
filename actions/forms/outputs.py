"""Forms of the community-of-practice and curriculum pages. They parse and
validate; the views hand the cleaned data to actions.services.outputs."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.forms import LabelledMultipleChoiceField
from actions.models import Community, Curriculum, CurriculumModule
from directory.forms import DirectoryForm, OrganisationField
from directory.models import Person
from labs.forms import PersonField


def _initial(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


class CommunityForm(DirectoryForm):
    FIELDS = ("name", "purpose", "meets")

    name = forms.CharField(label=_("Name"), max_length=300)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    meets = forms.CharField(
        label=_("How it meets"),
        max_length=300,
        required=False,
        help_text=_("For example: online every month, and a yearly meeting in Bangkok."),
    )

    def __init__(self, *args: Any, community: Community | None = None, **kwargs: Any) -> None:
        if community is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(community, self.FIELDS)
        super().__init__(*args, **kwargs)


class CommunityMemberForm(DirectoryForm):
    """A person or an organisation (or both) joining a community."""

    person = PersonField(
        label=_("Person"),
        required=False,
        help_text=_("Start typing a name and choose from the suggestions."),
    )
    organisation = OrganisationField(
        label=_("Organisation"),
        required=False,
        help_text=_("Start typing a name or abbreviation and choose from the suggestions."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("person") is None and data.get("organisation") is None:
            self.add_error("person", _("Name a person or an organisation."))
        return data


class CurriculumForm(DirectoryForm):
    FIELDS = ("title", "audience", "description")

    title = forms.CharField(label=_("Title"), max_length=300)
    audience = forms.CharField(
        label=_("For whom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: officials at provincial level who work with communities."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, curriculum: Curriculum | None = None, **kwargs: Any) -> None:
        if curriculum is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(curriculum, self.FIELDS)
        super().__init__(*args, **kwargs)


class ModuleForm(DirectoryForm):
    title = forms.CharField(label=_("Module"), max_length=300)
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Its place in the curriculum; left empty, it goes at the end."),
    )
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=1, min_value=0, required=False
    )
    needs = forms.CharField(
        label=_("Needs it answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the participants said they need; one per line."),
    )
    objectives = forms.CharField(
        label=_("Learning objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    designed_with = LabelledMultipleChoiceField(
        label=_("Designed with"),
        label_of=attrgetter("full_name"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The lab's participants who designed this module."),
    )

    def __init__(
        self,
        *args: Any,
        people: list[Person],
        module: CurriculumModule | None = None,
        **kwargs: Any,
    ) -> None:
        if module is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **_initial(module, ("title", "order", "hours", "needs", "objectives")),
                "designed_with": [p.pk for p in module.designed_with.all()],
            }
        super().__init__(*args, **kwargs)
        field = self.fields["designed_with"]
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        field.widget.choices = [(p.pk, p.full_name) for p in people]
