"""manage.py generate_directory --organisations N --people M [--seed S]:
synthetic Thai directory data at national scale, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.synthetic import generate_directory


class Command(BaseCommand):
    help = (
        "Add synthetic Thai organisations (ministries to local governments in the 77 provinces, "
        "universities, NGOs, companies, international organisations) and people, and index them. "
        "For benchmarks: one audit entry records the run, not one per row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=1000, metavar="N")
        parser.add_argument("--people", type=int, default=5000, metavar="M")
        parser.add_argument(
            "--seed", type=int, default=1, metavar="S", help="Same seed, same data."
        )

    def handle(
        self, *args: Any, organisations: int, people: int, seed: int, **options: Any
    ) -> None:
        if organisations < 0 or people < 0:
            raise CommandError("--organisations and --people must be zero or more.")
        if people and not organisations:
            raise CommandError("People need organisations to belong to: give --organisations too.")
        start = time.perf_counter()
        try:
            counts = generate_directory(organisations=organisations, people=people, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - start
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts['organisations']} organisations, {counts['people']} people and "
                f"{counts['affiliations']} affiliations (seed {seed}), indexed, in {seconds:.1f} s."
            )
        )
