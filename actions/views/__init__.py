"""What the outputs views share."""

from __future__ import annotations

from django.http import HttpRequest


def query_ids(request: HttpRequest, name: str) -> list[int]:
    """The ids a query string names, as ?name=1,2 or ?name=1&name=2: each
    once, in order; anything that is not an id is left out."""
    return sorted(
        {
            int(part)
            for value in request.GET.getlist(name)
            for part in value.split(",")
            if part.strip().isdigit()
        }
    )
