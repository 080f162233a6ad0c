"""Plain INSERTs for tables written tens of thousands of rows at a time
(the importer's links and audit rows, the search index's terms).

Building a model instance per row costs more than the insert itself, and
bulk_create's statements are capped by SQLite's parameter limit; this runs
one executemany per chunk instead. Values still go through each field's
get_db_prep_save where the field converts them (dates, times, JSON), so
they are stored exactly as the ORM stores them on every database.

Imports no app models, like the rest of lib/: callers pass their model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

CHUNK = 5000


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    chunk: int = CHUNK,
) -> None:
    """INSERT `rows` (one value per name in `names`, in that order) into the
    model's table. Field names, not columns: "person" for person_id."""
    if not rows:
        return
    fields: list[Any] = [model._meta.get_field(name) for name in names]
    # Only dates, times and JSON need the field's conversion; ids, text and
    # numbers go to the driver as they are, and a table with none of those
    # (search terms: millions of rows) skips the per-value step entirely.
    prepare = [
        (lambda v, f=f: f.get_db_prep_save(v, connection))
        if isinstance(f, models.DateField | models.TimeField | models.JSONField)
        else None
        for f in fields
    ]
    converts = any(p is not None for p in prepare)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            batch = rows[start : start + chunk]
            if converts:
                batch = [
                    tuple(v if p is None else p(v) for p, v in zip(prepare, row, strict=True))
                    for row in batch
                ]
            cursor.executemany(sql, batch)
