"""PDFs built in the background: progress, the file behind an access check, failures."""

from __future__ import annotations

import datetime as dt
import threading
import urllib.parse
from concurrent.futures import Future

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import today
from reports import jobs, pdf, services
from reports.models import ReportJob

BIG_LAB = "ห้องปฏิบัติการนโยบายบริการภาครัฐแบบบูรณาการ"
AGENCY = "กรมส่งเสริมการปกครองท้องถิ่น"


@pytest.fixture
def builds(monkeypatch):
    """The builds the view hands to the pool, to wait for: the in-memory test
    database locks whole tables, so a test waits for the build rather than
    polling beside it as the page does."""
    started: list[Future[None]] = []
    start = jobs.start

    def recorded(job_id: int) -> Future[None]:
        started.append(start(job_id))
        return started[-1]

    monkeypatch.setattr(jobs, "start", recorded)
    return started


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def big_lab(actions: int):
    """A lab with `actions` actions, most of them late, led by a Thai agency."""
    from accounts.models import User
    from actions.models import Action, ActionPlan
    from directory.services import organisation_create
    from labs.services import lab_create

    agency = organisation_create(by=None, name_th=AGENCY, sector="gov_central", kind="department")
    lab = lab_create(by=None, name_th=BIG_LAB, hosts=[agency], start_date=dt.date(2026, 1, 5))
    plans = [ActionPlan.objects.create(lab=lab, title_th=f"แผนปฏิบัติการที่ {n}") for n in range(1, 4)]
    Action.objects.bulk_create(
        Action(
            plan=plans[i % 3],
            lab=lab,
            ref=f"{i % 3 + 1}.{i}",
            title_th=f"ดำเนินการตามข้อเสนอที่ {i}",
            lead_agency=agency,
            due_date=dt.date(2026, 3, 1) + dt.timedelta(days=i),
            state="on_track" if i % 4 else "done",
        )
        for i in range(actions)
    )
    user = User.objects.create_user(email="lead@lab.test", password="x")
    return lab, user


@pytest.mark.django_db(transaction=True)
def test_a_lab_of_300_actions_builds_in_the_background_with_progress(
    migration_data, client, builds, media, monkeypatch
):
    lab, user = big_lab(300)
    client.force_login(user)
    written: list[tuple[str, int, int]] = []
    write = jobs.write_progress

    def recorded(job_id: int, *, step: str, done: int, total: int) -> None:
        written.append((step, done, total))
        write(job_id, step=step, done=done, total=total)

    monkeypatch.setattr(jobs, "write_progress", recorded)
    monkeypatch.setattr(jobs, "WRITE_EVERY", 0)  # every unit, to see them all

    response = client.post(reverse("reports:build", args=[lab.pk]))
    job = ReportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    builds.pop().result(timeout=120)

    state = client.get(job.get_absolute_url(), {"format": "json"}).json()
    assert (state["stage"], state["running"], state["percent"]) == ("done", False, 100)
    assert state["done"] == state["total"] and state["download_url"]
    percents = [round(100 * done / total) for _step, done, total in written]
    assert percents == sorted(percents) and percents[-1] < 100  # the file is saved last
    assert len(set(percents)) > 20
    steps = [step for step, _done, _total in written]
    assert steps.index("collect") < steps.index("charts") < steps.index("pages")
    assert steps.count("pages") > 10  # the layout moves the bar page by page

    response = client.get(state["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert urllib.parse.quote(BIG_LAB) in response["Content-Disposition"]
    assert today().isoformat() in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    job.refresh_from_db()
    assert job.file.name.startswith(f"reports/{lab.pk}/") and not job.error
    assert builds == []


@pytest.mark.django_db(transaction=True)
def test_a_failure_marks_the_job_failed_with_a_message_and_no_file(
    migration_data, client, builds, media, monkeypatch
):
    lab, user = big_lab(3)
    client.force_login(user)

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    client.post(reverse("reports:build", args=[lab.pk]))
    builds.pop().result(timeout=60)
    job = ReportJob.objects.get()
    assert job.stage == "failed" and job.error and not job.file
    assert "WeasyPrint" not in job.error  # what went wrong inside stays in the log
    assert list(media.rglob("*.pdf")) == []
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.error in page and 'data-action="build-pdf"' in page


@pytest.mark.django_db
def test_the_job_page_polls_its_json(client_for, filled, charlie):
    client = client_for(charlie)
    job = ReportJob.objects.create(
        lab=filled.lab, language="th", stage="running", step="pages", done=3, total=12
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "data-progress=" in page and "js/progress.js" in page
    as_json = client.get(job.get_absolute_url(), HTTP_ACCEPT="application/json").json()
    assert as_json == client.get(job.get_absolute_url(), {"format": "json"}).json()
    assert (as_json["running"], as_json["percent"], as_json["step"]) == (True, 25, "pages")
    assert as_json["download_url"] is None
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_job_left_building_by_a_restart_is_settled_as_failed(client_for, filled, charlie):
    job = ReportJob.objects.create(lab=filled.lab, language="th", stage="running")
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    state = client_for(charlie).get(job.get_absolute_url(), {"format": "json"}).json()
    assert (state["stage"], state["running"]) == ("failed", False) and state["error"]
    # A fresh one still building is left alone, and asked for again it is reused.
    fresh = ReportJob.objects.create(lab=filled.lab, language="th", stage="running")
    assert client_for(charlie).get(fresh.get_absolute_url(), {"format": "json"}).json()["running"]


@pytest.mark.django_db
def test_a_members_only_labs_jobs_and_files_are_a_404_to_outsiders(
    client, client_for, private_lab, charlie, alice, media
):
    from django.core.files.base import ContentFile

    job = ReportJob.objects.create(lab=private_lab, language="th", stage="done")
    job.file.save("x.pdf", ContentFile(b"%PDF-1.7 secret"), save=False)
    ReportJob.objects.filter(pk=job.pk).update(file=job.file.name, finished_at=timezone.now())
    for url in [job.get_absolute_url(), reverse("reports:download", args=[job.pk])]:
        assert client.get(url).status_code == 404
        assert client_for(charlie).get(url).status_code == 404
    response = client_for(alice).get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=0"


def test_no_more_than_two_pdfs_build_at_once_the_others_wait(monkeypatch):
    monkeypatch.setattr(jobs, "_running", set())
    release, changed = threading.Event(), threading.Condition()
    building: list[int] = []

    def slow(job_id: int) -> None:
        with changed:
            building.append(job_id)
            changed.notify_all()
        release.wait(timeout=30)

    monkeypatch.setattr(jobs, "run", slow)
    futures = [jobs.start(job_id) for job_id in range(900001, 900006)]
    with changed:
        assert changed.wait_for(lambda: len(building) == jobs.MAX_BUILDS, timeout=30)
    assert [f.running() for f in futures].count(True) == jobs.MAX_BUILDS == 2
    assert sum(not f.running() and not f.done() for f in futures) == 3
    release.set()
    for future in futures:
        future.result(timeout=30)
    assert sorted(building) == list(range(900001, 900006))


@pytest.mark.django_db
def test_a_pdf_asked_for_again_soon_after_is_the_one_just_made(filled, charlie):
    made = ReportJob.objects.create(
        lab=filled.lab,
        language="th",
        stage="done",
        file="reports/made.pdf",
        finished_at=timezone.now() - dt.timedelta(minutes=2),
    )
    assert services.report_job_create(lab=filled.lab, language="th", by=charlie) == (made, False)
    assert services.report_job_create(lab=filled.lab, language="en", by=charlie)[1]
    assert services.report_job_create(
        lab=filled.lab, challenge=filled.challenge, language="th", by=charlie
    )[1]
    ReportJob.objects.filter(pk=made.pk).update(
        finished_at=timezone.now() - services.REUSE_FOR - dt.timedelta(seconds=1)
    )
    job, created = services.report_job_create(lab=filled.lab, language="th", by=charlie)
    assert created and job != made


@pytest.mark.django_db
def test_asking_again_deletes_all_but_the_latest_pdfs_and_their_files(
    filled, charlie, media, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    def finished(n: int, stage: str = "done", language: str = "th") -> ReportJob:
        when = timezone.now() - dt.timedelta(hours=10 - n)
        name = f"reports/{filled.lab.pk}/r{n}-{language}.pdf"
        if stage == "done":
            name = default_storage.save(name, ContentFile(b"%PDF-1.7"))
        return ReportJob.objects.create(
            lab=filled.lab,
            language=language,
            stage=stage,
            file=name if stage == "done" else "",
            created_at=when,
            finished_at=when,
        )

    old = [finished(0), finished(1, "failed"), finished(2), finished(3), finished(4)]
    english = finished(0, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        job, created = services.report_job_create(lab=filled.lab, language="th", by=charlie)
    assert created and services.KEEP_FINISHED == 3
    kept = set(ReportJob.objects.filter(lab=filled.lab).values_list("pk", flat=True))
    assert kept == {job.pk, english.pk, old[2].pk, old[3].pk, old[4].pk}
    assert not default_storage.exists(old[0].file.name)
    assert all(default_storage.exists(j.file.name) for j in [english, *old[2:]])
