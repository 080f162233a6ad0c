"""What the forms of the outputs pages share: several organisations typed
one per row, and a choice of several objects labelled as the page wants."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django import forms

from directory.forms import DirectoryForm, OrganisationField
from directory.models import Organisation


class LabelledMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects of a queryset, each shown as `label_of(obj)`."""

    def __init__(self, *args: Any, label_of: Callable[[Any], str] = str, **kwargs: Any) -> None:
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return self.label_of(obj)


class OrganisationRowsForm(DirectoryForm):
    """A form with rows of organisation boxes (`<prefix>_0`, `<prefix>_1`…),
    one organisation each: the agencies of a proposal, the supporting
    agencies of an action.

    Every row is rendered on the server, so that each gets the directory's
    suggestions (directory/_suggest.html): those already named, then
    EMPTY_ROWS empty ones, of which static/js/action_form.js shows one at a
    time with "Another agency" (without JavaScript all show). A POST that
    sent more rows keeps them, up to MAX_ROWS, so nothing typed is lost.
    Templates render them with actions/_organisation_rows.html."""

    EMPTY_ROWS = 8
    MAX_ROWS = 40

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_counts: dict[str, int] = {}

    def add_organisation_rows(
        self, prefix: str, *, label: Any, named: Sequence[Organisation] = ()
    ) -> None:
        row = re.compile(rf"^{re.escape(prefix)}_(\d+)$")
        posted = [int(m.group(1)) + 1 for m in map(row.match, self.data.keys()) if m is not None]
        least = len(named) + self.EMPTY_ROWS
        # A crafted POST naming row 10000 makes no 10000 fields.
        rows = min(max([least, *posted]), max(least, self.MAX_ROWS))
        for i in range(rows):
            self.fields[f"{prefix}_{i}"] = OrganisationField(
                label=label, required=False, initial=named[i] if i < len(named) else None
            )
        self.row_counts[prefix] = rows

    def row_names(self, prefix: str) -> list[str]:
        return [f"{prefix}_{i}" for i in range(self.row_counts.get(prefix, 0))]

    def organisation_rows(self, prefix: str) -> list[forms.BoundField]:
        return [self[name] for name in self.row_names(prefix)]

    def organisations(self, prefix: str) -> list[Organisation]:
        """The organisations named in the rows, each once, in order."""
        named = (self.cleaned_data.get(name) for name in self.row_names(prefix))
        return list({o.pk: o for o in named if o is not None}.values())
