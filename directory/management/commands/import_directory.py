"""manage.py import_directory PATH: the web import, from the command line.

Prints a summary; with row errors prints them, changes nothing and exits 1.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from directory.imports import mapping
from directory.imports.readers import ReadError
from directory.imports.services import ImportHasErrors, import_commit, prepare

ERRORS_SHOWN = 1000


class Command(BaseCommand):
    help = "Import organisations or people from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="CSV (UTF-8 or TIS-620) or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )
        parser.add_argument(
            "--kind", choices=mapping.KINDS, help="what the file holds (default: from the headers)"
        )
        parser.add_argument("--sheet", help="XLSX: import only this sheet")
        parser.add_argument(
            "--on-duplicate",
            choices=("update", "skip", "create"),
            help="what to do with every duplicate (default: exact matches update, similar names are skipped)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        try:
            plan = prepare(
                data=path.read_bytes(),
                filename=path.name,
                kind=options["kind"] or "",
                sheet=options["sheet"],
                on_duplicate=options["on_duplicate"],
            )
        except ReadError as exc:
            raise CommandError(str(exc)) from exc
        for layout in plan.layouts:
            mapped = ", ".join(
                f"{h} → {m}" for h, m in zip(layout.headers, layout.mapping, strict=True) if m
            )
            self.stdout.write(
                f"{layout.sheet}: {layout.kind}, header row {layout.header_rows}: {mapped}"
            )
        counts = plan.counts()
        self.stdout.write(
            f"{counts['rows']} rows: {counts['new']} new, {counts['update']} updates, "
            f"{counts['skip']} skipped, {counts['duplicates']} duplicates, {counts['errors']} errors"
        )
        flagged = [
            r
            for r in plan.records
            if r.match is not None and r.match.how == "fuzzy" and not options["on_duplicate"]
        ]
        for record in flagged[:50]:
            self.stdout.write(
                f"  possible duplicate, row {record.row}: {record.label} ~ {record.match.label} "  # type: ignore[union-attr]
                f"({record.match.reason}, {record.match.score}%) — skipped; decide with --on-duplicate"  # type: ignore[union-attr]
            )
        if plan.errors:
            for error in plan.errors[:ERRORS_SHOWN]:
                self.stderr.write(str(error))
            if len(plan.errors) > ERRORS_SHOWN:
                self.stderr.write(f"... and {len(plan.errors) - ERRORS_SHOWN} more errors")
            raise CommandError(
                f"{len(plan.errors)} errors in {path.name}; nothing was imported.", returncode=1
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = import_commit(by=None, plan=plan)
        except ImportHasErrors as exc:
            for error in exc.errors[:ERRORS_SHOWN]:
                self.stderr.write(str(error))
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name} in {time.perf_counter() - started:.1f} s: "
                f"organisations {result.organisations}, people {result.people}"
            )
        )
