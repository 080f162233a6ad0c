"""manage.py analyse_network: ties extracted again, the analyses made, and a
summary of what was done."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from network.models import Level, Scope, Snapshot, Tie, TieKind

UTC = dt.UTC


@pytest.fixture
def directory(db, opdc, ocsc):
    """OPDC under the Prime Minister's Office, and a person of both OPDC and OCSC."""
    from directory.models import Affiliation, Organisation
    from workshops.tests.conftest import person

    ministry = Organisation.objects.create(
        name_th="สำนักนายกรัฐมนตรี", sector="gov_central", kind="ministry"
    )
    opdc.parent = ministry
    opdc.save()
    both = person("สองสังกัด", organisation=opdc)
    Affiliation.objects.create(person=both, organisation=ocsc, start_date=dt.date(2024, 2, 1))
    return ministry


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("analyse_network", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(dt.datetime(2024, 8, 15, 3, tzinfo=UTC), tick=False)
def test_one_level_without_quarters(directory):
    output = run("--level", "organisation", "--no-quarters")
    # The ties were extracted from the directory: the hierarchy and the shared person.
    assert set(Tie.objects.values_list("kind", flat=True)) == {
        TieKind.HIERARCHY,
        TieKind.AFFILIATION,
    }
    snapshots = Snapshot.objects.all()
    assert sorted(snapshots.values_list("level", "scope", "current", "status")) == [
        (Level.ORGANISATION, Scope.ALL, True, Snapshot.Status.DONE),
        (Level.ORGANISATION, Scope.PUBLIC, True, Snapshot.Status.DONE),
    ]
    lines = output.splitlines()
    assert lines[0].startswith("ties: 2 in ")  # one tie at each level
    assert "organisation/public: 3 nodes, 2 ties, " in output
    assert "organisation/all: 3 nodes, 2 ties, " in output
    assert "quarter ends" not in output
    assert lines[-1].startswith("2 analyses in ")


@time_machine.travel(dt.datetime(2024, 8, 15, 3, tzinfo=UTC), tick=False)
def test_quarter_ends_one_scope_and_the_ties_kept(directory):
    run("--level", "organisation", "--scope", "public")
    ends = sorted(Snapshot.objects.filter(current=False).values_list("end", flat=True))
    # The first dated tie is the affiliation of 1 February 2024.
    assert ends == [dt.date(2024, 3, 31), dt.date(2024, 6, 30)]
    assert set(Snapshot.objects.values_list("level", "scope")) == {
        (Level.ORGANISATION, Scope.PUBLIC)
    }
    # --keep-ties analyses the ties as they are, without extracting them again.
    Tie.objects.filter(kind=TieKind.HIERARCHY).delete()
    output = run("--level", "organisation", "--scope", "public", "--keep-ties", "--no-quarters")
    assert not output.startswith("ties:")
    assert Snapshot.objects.get(current=True).tie_count == 1


@pytest.mark.parametrize("args", [("--level", "ministry"), ("--scope", "everyone"), ("--unknown",)])
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        run(*args)
    assert not Snapshot.objects.exists()
