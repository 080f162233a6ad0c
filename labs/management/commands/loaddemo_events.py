"""manage.py loaddemo_events — the five seed events as labs, challenges and workshops."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from labs.demo.builder import MissingDirectoryData, build_events


class Command(BaseCommand):
    help = (
        "Build the five seed events (TIPC × One Team Gov, KRI-OPDC 2018, the ป.ย.ป. preparation "
        "day, the UNDP southern border workshop, the OECD peer review) as labs and workshops. "
        "Needs the demo directory (manage.py loaddemo). Safe to run again: only what is missing "
        "is added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off.",
        )

    def handle(self, *args: Any, allow_production: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not allow_production:
            # Same guard as loaddemo: demo records do not belong on a real server by accident.
            raise CommandError(
                "DEBUG is off: refusing to add demo events (pass --allow-production to do it anyway)."
            )
        try:
            build_events(by="loaddemo_events", stdout=self.stdout)
        except MissingDirectoryData as error:
            raise CommandError(str(error)) from error
