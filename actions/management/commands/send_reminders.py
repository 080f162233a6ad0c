"""manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]: each owner's
digest of actions late or due soon, once a day (actions/reminders.py).

Run it daily from cron: the example is in docs/settings.md, "Scheduled jobs"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions.models import today as platform_today
from actions.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each owner of open actions late or due soon one digest in their language, "
        "with an in-app notification; a second run the same day sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="The day to remind for (default: today in settings.TIME_ZONE).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get a digest; send nothing."
        )

    def handle(self, *args: Any, date: str | None, dry_run: bool, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else platform_today()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        summary = send_reminders(today=today, dry_run=dry_run)
        for digest in summary.would_send:
            self.stdout.write(
                f"Would send to {digest.user.email}: {len(digest.late)} late, "
                f"{len(digest.due_soon)} due soon."
            )
        for digest in summary.failed:
            self.stderr.write(f"Not sent to {digest.user.email} (see the log); retried next run.")
        line = (
            f"{today.isoformat()}: {len(summary.sent)} digests sent, "
            f"{summary.already_sent} already sent today, {len(summary.failed)} failed"
        )
        if dry_run:
            line += f"; dry run, {len(summary.would_send)} would be sent, nothing sent or recorded"
        self.stdout.write(self.style.ERROR(line) if summary.failed else self.style.SUCCESS(line))
