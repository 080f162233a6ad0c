"""manage.py loaddemo [--reset] — the Thai demo directory and demo sign-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.demo.builder import build_demo, directory_reset
from directory.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from labs.demo.builder import build_events, events_reset


class Command(BaseCommand):
    help = (
        "Build the Thai demo directory (agencies, people and organisations of the seed pages), "
        "the demo accounts, the seed events with example participation, and the network's "
        "analysis. Safe to run again: only what is missing is added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every organisation, person and tag first (provinces and accounts stay).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off. The demo accounts have published passwords.",
        )

    def handle(
        self, *args: Any, reset: bool = False, allow_production: bool = False, **options: Any
    ) -> None:
        if not settings.DEBUG and not allow_production:
            # The demo passwords are in the README: never on a real server by accident.
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts with published passwords "
                "(pass --allow-production to do it anyway)."
            )
        if reset:
            labs_deleted = events_reset(by="loaddemo --reset")
            self.stdout.write(f"Labs wiped: {labs_deleted}.")
            counts = directory_reset(by="loaddemo --reset")
            self.stdout.write(
                "Directory wiped: {organisations} organisations, {people} people, "
                "{affiliations} affiliations, {tags} tags.".format(**counts)
            )
        # Every tie is extracted once at the end (network/demo.py), not after
        # each commit on the way.
        from network.signals import paused

        with paused():
            report = build_demo(by="loaddemo")
            self.stdout.write(
                f"Organisations: {report.organisations_created} created, {report.organisations_found} already there. "
                f"People: {report.people_created} created, {report.people_found} already there. "
                f"Affiliations created: {report.affiliations_created}."
            )
            # The five seed events as labs, challenges and workshops, on top of
            # the directory just built.
            build_events(by="loaddemo", stdout=self.stdout)
            # Boards of the demo workshops, with example notes (boards/demo.py).
            from boards.demo import build_demo_boards

            boards = build_demo_boards(by="loaddemo")
            self.stdout.write(f"Demo boards created: {boards}.")
            # Proposals, a joint action plan and the other outputs, from the boards (actions/demo.py).
            from actions.demo import build_demo_outputs

            self.stdout.write(f"{build_demo_outputs(by='loaddemo')}")
            # Example participation in the events (network/demo.py), then the ties
            # and the network's analysis, so that the map has data straight away.
            from network.demo import build_demo_network

            self.stdout.write(f"{build_demo_network(by='loaddemo')}")
        if options.get("verbosity", 1) >= 1:
            self.stdout.write("")
            self.stdout.write("Demo sign-ins (DEMO ONLY, never use these on a real server):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.email:<22} {DEMO_PASSWORD:<14} {account.role}")
