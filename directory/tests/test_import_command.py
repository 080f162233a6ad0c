from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from directory.models import Organisation
from directory.tests.fixtures import FIXTURES


def test_it_imports_and_prints_a_summary(db, capsys):
    call_command("import_directory", str(FIXTURES / "organisations_tis620.csv"))
    out = capsys.readouterr().out
    assert "4 rows: 4 new" in out and "Imported organisations_tis620.csv" in out
    assert Organisation.objects.count() == 4


def test_a_dry_run_writes_nothing(db, capsys):
    call_command("import_directory", str(FIXTURES / "organisations_tis620.csv"), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert not Organisation.objects.exists()


def test_a_file_with_errors_exits_non_zero_prints_the_rows_and_changes_nothing(db, capsys):
    with pytest.raises(CommandError) as raised:
        call_command("import_directory", str(FIXTURES / "organisations_bad_row.csv"))
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "Row 4" in err or "แถว 4" in err
    assert "ภาคที่ไม่มีจริง" in err
    assert not Organisation.objects.exists()


def test_the_exit_code_reaches_the_shell(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cmd.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    bad = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_directory",
            str(FIXTURES / "organisations_bad_row.csv"),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "ภาคที่ไม่มีจริง" in bad.stderr
    good = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_directory",
            str(FIXTURES / "organisations_fixed.csv"),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr
    assert "3 rows: 3 new" in good.stdout


def test_on_duplicate_and_kind_options(opdc, capsys):
    path = FIXTURES / "organisations_utf8_bom.csv"
    call_command("import_directory", str(path))
    call_command(
        "import_directory", str(path), "--on-duplicate", "create", "--kind", "organisations"
    )
    assert Organisation.objects.filter(abbreviation_th="มข.").count() == 2


def test_a_missing_file_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("import_directory", "/nonexistent/file.csv")
