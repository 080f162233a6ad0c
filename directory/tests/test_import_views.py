from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.imports import jobs
from directory.models import ImportJob, Organisation
from directory.tests.fixtures import fixture


def _upload(client, name: str, data: bytes | None = None, **extra):
    upload = SimpleUploadedFile(name, data if data is not None else fixture(name))
    return client.post(reverse("imports:upload"), {"file": upload, **extra})


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("imports:upload"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_non_administrators_cannot_import(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("imports:upload")).status_code == 403
    assert _upload(client, "organisations_fixed.csv").status_code == 403
    assert not ImportJob.objects.exists()


def test_an_administrator_imports_through_mapping_and_preview(alice, client_for):
    client = client_for(alice)
    response = _upload(client, "organisations_tis620.csv")
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.templates[0].name == "directory/import/mapping.html"
    assert "ชื่อหน่วยงาน" in page.content.decode()
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    response = client.post(reverse("imports:mapping", args=[job.pk]), data)
    assert response.status_code == 302
    page = client.get(job.get_absolute_url())
    assert page.templates[0].name == "directory/import/preview.html"
    assert page.context["counts"]["new"] == 4
    assert 'data-action="import-commit" disabled' not in page.content.decode()
    client.post(reverse("imports:commit", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.stage == ImportJob.Stage.DONE
    assert job.result["organisations"]["created"] == 4
    assert bytes(job.data) == b""
    assert Organisation.objects.filter(name_th="สำนักงานปลัดสำนักนายกรัฐมนตรี").exists()
    done = client.get(job.get_absolute_url()).content.decode()
    assert "data-import-done" in done and "สำนักงานปลัดสำนักนายกรัฐมนตรี" in done


def test_a_file_with_errors_shows_them_and_cannot_be_committed(alice, client_for):
    client = client_for(alice)
    _upload(client, "organisations_bad_row.csv")
    job = ImportJob.objects.get()
    form = client.get(job.get_absolute_url()).context["form"]
    client.post(
        reverse("imports:mapping", args=[job.pk]),
        {n: f.initial or "" for n, f in form.fields.items()},
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "data-import-blocked" in page
    assert 'data-action="import-commit" disabled' in page
    assert 'data-row="4"' in page and "ภาคที่ไม่มีจริง" in page
    response = client.post(reverse("imports:commit", args=[job.pk]), {})
    assert response.status_code == 302
    assert not Organisation.objects.exists()
    job.refresh_from_db()
    assert job.stage == ImportJob.Stage.PREVIEW


def test_the_user_can_correct_the_mapping(alice, client_for):
    client = client_for(alice)
    _upload(client, "organisations_utf8_bom.csv")
    job = ImportJob.objects.get()
    form = client.get(job.get_absolute_url()).context["form"]
    data = {n: f.initial or "" for n, f in form.fields.items()}
    data["map-0-5"] = ""  # do not import the website column
    client.post(reverse("imports:mapping", args=[job.pk]), data)
    client.post(reverse("imports:commit", args=[job.pk]), {})
    assert Organisation.objects.get(abbreviation_th="มข.").website == ""


def test_duplicate_decisions_come_from_the_preview_form(alice, opdc, client_for):
    client = client_for(alice)
    text = "ชื่อหน่วยงาน,ภาค,ประเภท\nสำนักงานคณะกรรมการพัฒนาระบบราชกาณ,ราชการส่วนกลาง,สำนักงาน\n"
    _upload(client, "typo.csv", text.encode())
    job = ImportJob.objects.get()
    form = client.get(job.get_absolute_url()).context["form"]
    client.post(
        reverse("imports:mapping", args=[job.pk]),
        {n: f.initial or "" for n, f in form.fields.items()},
    )
    page = client.get(job.get_absolute_url())
    (duplicate,) = page.context["duplicates"]
    assert (duplicate["how"], duplicate["match_url"]) == ("fuzzy", opdc.get_absolute_url())
    client.post(reverse("imports:commit", args=[job.pk]), {"d-0:2": "create"})
    assert Organisation.objects.count() == 2


def test_it_refuses_files_over_the_size_limit_and_other_types(alice, client_for, settings):
    client = client_for(alice)
    settings.SAPHAN_IMPORT_MAX_BYTES = 100
    assert _upload(client, "organisations_tis620.csv").status_code == 200
    settings.SAPHAN_IMPORT_MAX_BYTES = 10_000_000
    assert _upload(client, "report.pdf", b"%PDF-1.4").status_code == 200
    assert not ImportJob.objects.exists()


def test_an_unreadable_file_shows_the_reason(alice, client_for):
    client = client_for(alice)
    _upload(client, "x.csv", b"a,b\n1,2\n")
    job = ImportJob.objects.get()
    assert job.stage == ImportJob.Stage.FAILED
    assert "data-import-failed" in client.get(job.get_absolute_url()).content.decode()


def test_other_peoples_jobs_are_hidden_from_non_administrators(alice, charlie, client_for):
    client = client_for(alice)
    _upload(client, "organisations_fixed.csv")
    job = ImportJob.objects.get()
    client = client_for(charlie)
    assert client.get(reverse("imports:progress", args=[job.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_long_files_run_in_a_background_thread_with_progress(client, monkeypatch):
    import threading

    from accounts.models import User

    alice = User.objects.create_superuser(email="alice@saphan.test", password="x")
    client.force_login(alice)
    monkeypatch.setattr(jobs, "BACKGROUND_FROM_BYTES", 1)
    started: list[threading.Thread] = []

    class RecordedThread(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(jobs.threading, "Thread", RecordedThread)
    rows = "".join(f"หน่วยงานทดสอบที่ {i},ราชการส่วนกลาง,กอง\n" for i in range(3000))
    _upload(client, "many.csv", ("ชื่อหน่วยงาน,ภาค,ประเภท\n" + rows).encode())
    job = ImportJob.objects.get()

    def settled() -> dict:
        # The in-memory test database locks whole tables, so the test waits
        # for the thread rather than polling beside it as the page does.
        started.pop().join(timeout=60)
        return client.get(reverse("imports:progress", args=[job.pk])).json()

    assert settled()["stage"] == "mapping"
    form = client.get(job.get_absolute_url()).context["form"]
    client.post(
        reverse("imports:mapping", args=[job.pk]),
        {n: f.initial or "" for n, f in form.fields.items()},
    )
    state = settled()
    assert (state["stage"], state["running"]) == ("preview", False)
    assert state["total"] == 3000 and state["percent"] == 100
    client.post(reverse("imports:commit", args=[job.pk]), {})
    assert settled()["stage"] == "done"
    assert Organisation.objects.count() == 3000
    assert started == []


def test_the_progress_endpoint_reports_a_running_step(alice, client_for):
    client = client_for(alice)
    _upload(client, "organisations_fixed.csv")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportJob.Stage.VALIDATING, rows_done=1, rows_total=4
    )
    state = client.get(reverse("imports:progress", args=[job.pk])).json()
    assert (state["running"], state["percent"], state["done"], state["total"]) == (True, 25, 1, 4)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "data-progress=" in page and "js/progress.js" in page


def test_a_job_left_running_by_a_restart_shows_as_interrupted(alice, client_for):
    import datetime as dt

    from django.utils import timezone

    client = client_for(alice)
    _upload(client, "organisations_fixed.csv")
    job = ImportJob.objects.get()
    # What a server restart in the middle of a commit leaves behind.
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportJob.Stage.COMMITTING, updated_at=timezone.now() - dt.timedelta(minutes=11)
    )

    response = client.get(job.get_absolute_url())

    job.refresh_from_db()
    assert job.stage == ImportJob.Stage.FAILED
    assert "data-import-failed" in response.content.decode()
    assert Organisation.objects.filter(name_th__startswith="หน่วยงานทดสอบ").count() == 0


def test_a_job_running_in_this_process_is_not_taken_for_interrupted(alice, client_for):
    import datetime as dt

    from django.utils import timezone

    client = client_for(alice)
    _upload(client, "organisations_fixed.csv")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportJob.Stage.COMMITTING, updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    jobs._running.add(job.pk)
    try:
        client.get(reverse("imports:progress", args=[job.pk]))
    finally:
        jobs._running.discard(job.pk)

    job.refresh_from_db()
    assert job.stage == ImportJob.Stage.COMMITTING
