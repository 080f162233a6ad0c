"""Analyse who works with whom: every tie extracted again from the work, then
the current network and each quarter's end, at both levels and scopes.

    python manage.py analyse_network                 # everything (what the schedule runs)
    python manage.py analyse_network --level organisation --no-quarters

Run it on a schedule (docs/settings.md has a cron line); between runs, new
work still shows up as ties (network/signals.py), and the pages say when the
measures were last computed.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from network import services
from network.models import Level, Scope


class Command(BaseCommand):
    help = "Extract the ties again and analyse the network (current and quarter ends)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", choices=Level.values, help="one level only")
        parser.add_argument("--scope", choices=Scope.values, help="one scope only")
        parser.add_argument(
            "--no-quarters", action="store_true", help="the current network only, no quarter ends"
        )
        parser.add_argument(
            "--keep-ties",
            action="store_true",
            help="analyse the ties as they are, without extracting them again",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            snapshots = services.analyse_all(
                levels=(options["level"],) if options["level"] else tuple(Level.values),
                scopes=(options["scope"],) if options["scope"] else tuple(Scope.values),
                rebuild_ties=not options["keep_ties"],
                quarters=not options["no_quarters"],
                log=lambda line: self.stdout.write(line),
            )
        except services.AnalysisFailed as failed:
            for line in failed.failures:
                self.stderr.write(f"failed: {line}")
            raise CommandError(
                f"{len(failed.failures)} analyses failed, {len(failed.done)} stored"
            ) from failed
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(snapshots)} analyses in {time.perf_counter() - started:.1f} s"
            )
        )
