"""Query expressions shared by apps' selectors (this module knows no app's models)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet[Any], column: str) -> Coalesce:
    """A count per outer row as a subquery, 0 when there is none.

    `queryset` is already filtered on `OuterRef` (say, the votes of a
    note: `Vote.objects.filter(note=OuterRef("pk"))`) and `column` is the
    field it is grouped by (`"note"`). Counting with joins instead would
    multiply an outer row by every joined table at once."""
    counted = queryset.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
