"""Forms of the import flow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.imports import mapping
from directory.imports.readers import file_format


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or TIS-620) or XLSX, with a header row naming the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,.xlsm"}),
    )
    kind = forms.ChoiceField(
        label=_("The file holds"),
        required=False,
        choices=[("", _("Recognise from the columns")), *mapping.KIND_LABELS.items()],
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_(
            "XLSX only: the name of one sheet to import. Empty: every sheet with a recognised header."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.SAPHAN_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
            )
        if file_format(upload.name) is None:
            raise forms.ValidationError(_("Only CSV and XLSX files can be imported."))
        return upload


class MappingForm(forms.Form):
    """One select per column of each sheet: which field it fills."""

    def __init__(self, *args: Any, layouts: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layouts = layouts
        for i, layout in enumerate(layouts):
            choices = [("", _("— not imported —")), *mapping.field_choices(layout["kind"])]
            for c, header in enumerate(layout["headers"]):
                self.fields[f"map-{i}-{c}"] = forms.ChoiceField(
                    label=header or _("Column %(number)s") % {"number": c + 1},
                    choices=choices,
                    required=False,
                    initial=layout["mapping"][c] if c < len(layout["mapping"]) else "",
                )

    def sheets(self) -> list[dict[str, Any]]:
        """Per sheet: its layout and its bound fields, for the template."""
        return [
            {
                "index": i,
                "layout": layout,
                "kind_label": mapping.KIND_LABELS[layout["kind"]],
                "fields": [self[f"map-{i}-{c}"] for c in range(len(layout["headers"]))],
            }
            for i, layout in enumerate(self.layouts)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for i, layout in enumerate(self.layouts):
            chosen = [cleaned.get(f"map-{i}-{c}") or "" for c in range(len(layout["headers"]))]
            picked = [c for c in chosen if c]
            if len(picked) != len(set(picked)):
                raise forms.ValidationError(_("Each field can be filled from one column only."))
            if not set(picked) & mapping.NAME_FIELDS[layout["kind"]]:
                raise forms.ValidationError(_("Choose the column that holds the name."))
        return cleaned

    def mappings(self) -> list[list[str]]:
        return [
            [self.cleaned_data.get(f"map-{i}-{c}") or "" for c in range(len(layout["headers"]))]
            for i, layout in enumerate(self.layouts)
        ]
