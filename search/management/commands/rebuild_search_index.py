"""manage.py rebuild_search_index [--kind KIND ...]: drop and rebuild the index."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search import indexing, registry


class Command(BaseCommand):
    help = "Rebuild the search index of every kind of document, or of the kinds given."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            metavar="KIND",
            help="Only this kind (organisation, person, ...); may be repeated.",
        )

    def handle(self, *args: Any, kinds: list[str] | None = None, **options: Any) -> None:
        known = {p.kind for p in registry.providers()}
        if kinds:
            unknown = sorted(set(kinds) - known)
            if unknown:
                raise CommandError(
                    f"Unknown kind: {', '.join(unknown)}. Known kinds: {', '.join(sorted(known))}."
                )
        start = time.perf_counter()
        counts = indexing.rebuild(kinds)
        seconds = time.perf_counter() - start
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} documents")
        self.stdout.write(self.style.SUCCESS(f"Indexed in {seconds:.1f} s."))
