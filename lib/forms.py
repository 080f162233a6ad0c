"""Form helpers shared by every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def add_service_errors(
    form: Form, error: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError next to the field it names
    (`fields` maps the service's names to the form's); the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
