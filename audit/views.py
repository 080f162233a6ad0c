"""The audit log browse page, for administrators (perm "audit.view_log")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEntry
from audit.selectors import audit_actions, audit_content_types, audit_entries, object_urls

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=gettext_lazy("Who"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("E-mail address or name, or part of it."),
    )
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    object_type = forms.ChoiceField(label=gettext_lazy("Kind of object"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Object"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Part of its name, or its number."),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, actions: list[str], content_types: list[ContentType], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.content_types = {str(ct.pk): ct for ct in content_types}
        action, object_type = self.fields["action"], self.fields["object_type"]
        assert isinstance(action, forms.ChoiceField) and isinstance(object_type, forms.ChoiceField)
        action.choices = [("", _("All actions"))] + [(a, a) for a in actions]
        object_type.choices = [("", _("All kinds"))] + [
            (key, _type_label(ct)) for key, ct in self.content_types.items()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The selector's arguments from the fields that are valid; a field
        with an error is left out (and its error shown) rather than guessed."""
        data = getattr(self, "cleaned_data", {})
        return {
            "actor": (data.get("actor") or "").strip(),
            "action": data.get("action") or "",
            "content_type": self.content_types.get(data.get("object_type") or ""),
            "date_from": data.get("date_from") if "date_to" not in self.errors else None,
            "date_to": data.get("date_to"),
            "text": (data.get("text") or "").strip(),
        }


def _type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return capfirst(str(model._meta.verbose_name)) if model else content_type.model


@dataclass
class Change:
    label: str
    old: str
    new: str
    is_pair: bool


@dataclass
class Row:
    entry: AuditEntry
    url: str
    object_type: str
    changes: list[Change]

    @property
    def action_parts(self) -> list[str]:
        # "directory.organisation.update" may wrap only at its dots.
        return self.entry.action.split(".")


def _display(value: Any, field: Any = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and getattr(field, "flatchoices", None):
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, dict):
        if "repr" in value:
            return str(value["repr"])
        return "; ".join(f"{k}: {_display(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_display(v) for v in value)
    return str(value)


def _changes(entry: AuditEntry) -> list[Change]:
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    model = entry.content_type.model_class() if entry.content_type else None
    # Updates store {field: [old, new]}; creations and merges store plain
    # values. Only when every value is a pair is the entry read as a diff.
    is_diff = bool(changes) and all(isinstance(v, list) and len(v) == 2 for v in changes.values())
    rows = []
    for key, value in changes.items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
        label = (
            str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
        )
        if is_diff:
            rows.append(Change(label, _display(value[0], field), _display(value[1], field), True))
        elif value not in (None, "", [], {}):
            # A creation lists every field; empty ones would only be noise.
            rows.append(Change(label, "", _display(value, field), False))
    return rows


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied(_("Only administrators can read the audit log."))
    content_types = audit_content_types()
    form = AuditFilterForm(
        request.GET or None, actions=audit_actions(), content_types=content_types
    )
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid fields still filter
    filters = form.filters()
    page = Paginator(audit_entries(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    urls = object_urls(entries)
    rows = [
        Row(
            entry=entry,
            url=urls.get(entry.pk, ""),
            object_type=_type_label(entry.content_type) if entry.content_type else "",
            changes=_changes(entry),
        )
        for entry in entries
    ]
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "filtered": any(filters.values()),
    }
    return render(request, "audit/log.html", context)
