"""manage.py export_network --format gexf|graphml|csv|kumu [--level organisation|person]
[--scope all|public] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--lab ID] OUT

The network, for Gephi, networkx, a spreadsheet or Kumu (network/exports.py).
An operator runs it, so the scope is every lab unless told otherwise; the
file is written beside OUT and renamed into place, so a reader never sees
half an export, and it is readable by its owner only (people's ties are
personal data)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from labs.models import Lab
from network import exports, selectors
from network.models import Level, Scope


def _date(option: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Write the network of organisations or people to a file for another tool: "
        "GEXF or GraphML (Gephi, networkx), CSV node and edge lists (a zip) or Kumu JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", metavar="OUT", help="The file to write.")
        parser.add_argument(
            "--format",
            dest="fmt",
            required=True,
            choices=sorted(exports.FORMATS),
            help="gexf, graphml (Gephi, networkx), csv (a zip of nodes.csv and edges.csv), kumu.",
        )
        parser.add_argument(
            "--level",
            default=str(Level.ORGANISATION),
            choices=Level.values,
            help="organisation (default) or person (who met whom: personal data).",
        )
        parser.add_argument(
            "--scope",
            default=str(Scope.ALL),
            choices=Scope.values,
            help="all (default): ties from every lab; public: what anyone may see.",
        )
        parser.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="Ties on or after this day."
        )
        parser.add_argument(
            "--to", dest="end", metavar="YYYY-MM-DD", help="Ties up to this day (default: today)."
        )
        parser.add_argument("--lab", type=int, metavar="ID", help="Only the ties of this lab.")

    def handle(
        self,
        *args: Any,
        out: str,
        fmt: str,
        level: str,
        scope: str,
        start: str | None,
        end: str | None,
        lab: int | None,
        **options: Any,
    ) -> None:
        first, last = _date("--from", start), _date("--to", end)
        if first and last and first > last:
            raise CommandError(f"--from {first} is after --to {last}.")
        if lab is not None:
            found = Lab.objects.filter(pk=lab).first()
            if found is None:
                raise CommandError(f"--lab: there is no lab with id {lab}.")
            if scope == Scope.PUBLIC and not found.is_public:
                raise CommandError(
                    f"--lab {lab} is members-only: its ties are not in the public scope "
                    "(use --scope all)."
                )
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name.")

        view = selectors.network_view(level=level, scope=scope, start=first, end=last, lab_id=lab)
        nodes, ties = _write_atomically(path, fmt, view)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {nodes} nodes and {ties} ties ({level}, {scope}, {fmt}) to {path}."
            )
        )


def _write_atomically(path: Path, fmt: str, view: Any) -> tuple[int, int]:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            counts = exports.write_view(fmt, stream, view)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts
