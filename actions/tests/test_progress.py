"""Progress updates from a phone: the form, who may post, evidence files,
where the page goes back to, and who hears about it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actions.models import Notification, ProgressUpdate
from actions.services.plans import plan_create, progress_add
from actions.tests.conftest import make_action
from workshops.tests.conftest import person

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0a5670").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def url(action) -> str:
    return reverse("actions:progress_add", args=[action.pk])


def test_the_form_is_a_few_big_choices(client_for, action, bob):
    response = client_for(bob).get(url(action))
    html = response.content.decode()
    assert response.status_code == 200
    for percent in (0, 25, 50, 75, 100):
        assert f'value="{percent}"' in html
    assert 'type="number"' in html and 'name="text"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="evidence_file"' in html
    # The current percent is chosen already.
    assert response.context["form"]["percent_complete"].value() == 0


def test_a_supporting_agencys_focal_point_reports_for_their_agency(
    client_for, action, ocsc, charlie, dana
):
    ocsc.focal_points.add(charlie)
    response = client_for(charlie).post(
        url(action), {"percent_complete": "50", "text": "จัดอบรมเจ้าหน้าที่แล้ว"}
    )
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    update = action.updates.get()
    assert (update.percent_complete, update.by, update.by_organisation) == (50, charlie, ocsc)
    action.refresh_from_db()
    assert (action.percent_complete, action.state) == (50, "on_track")
    assert action.last_update_at == update.created_at


def test_the_number_box_wins_over_the_buttons_and_one_of_them_is_needed(client_for, action, bob):
    client = client_for(bob)
    client.post(url(action), {"percent_complete": "25", "percent_exact": "33", "text": "ก้าวหน้า"})
    assert action.updates.get().percent_complete == 33
    response = client.post(url(action), {"text": "ไม่บอกว่าถึงไหน"})
    assert response.status_code == 400 and "percent_complete" in response.context["form"].errors
    response = client.post(url(action), {"percent_exact": "140", "text": "เกิน"})
    assert response.status_code == 400 and "percent_exact" in response.context["form"].errors
    assert action.updates.count() == 1


def test_late_cannot_be_reported_and_an_update_needs_words(client_for, action, bob):
    client = client_for(bob)
    response = client.post(url(action), {"percent_complete": "25", "text": "ช้า", "state": "late"})
    assert response.status_code == 400 and "state" in response.context["form"].errors
    response = client.post(url(action), {"percent_complete": "25", "text": "  "})
    assert response.status_code == 400 and "text" in response.context["form"].errors
    assert not action.updates.exists()


def test_a_safe_next_is_followed_and_an_unsafe_one_ignored(client_for, action, bob):
    client = client_for(bob)
    commitments = reverse("actions:commitments")
    page = client.get(f"{url(action)}?next={commitments}").content.decode()
    assert f'value="{commitments}"' in page
    response = client.post(
        url(action), {"percent_complete": "25", "text": "เริ่มแล้ว", "next": commitments}
    )
    assert response["Location"] == commitments
    response = client.post(
        url(action),
        {"percent_complete": "50", "text": "ต่อ", "next": "https://evil.example/steal"},
    )
    assert response["Location"] == action.get_absolute_url()
    response = client.post(
        f"{url(action)}?next=//evil.example/", {"percent_complete": "75", "text": "อีก"}
    )
    assert response["Location"] == action.get_absolute_url()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("รายงาน.pdf", PDF, "application/pdf"), ("photo.png", png(), "image/png")],
)
def test_an_evidence_file_is_kept_and_served_through_the_access_check(
    client, client_for, action, bob, media, name, content, content_type
):
    response = client_for(bob).post(
        url(action),
        {
            "percent_complete": "75",
            "text": "ส่งรายงานแล้ว",
            "evidence_file": SimpleUploadedFile(
                name, content, content_type="application/octet-stream"
            ),
            "evidence_link": "example.org/report",
        },
    )
    assert response.status_code == 302
    update = action.updates.get()
    assert update.evidence_content_type == content_type
    assert update.evidence_link == "https://example.org/report"
    evidence = reverse("actions:evidence", args=[action.pk, update.pk])
    assert evidence in client.get(action.get_absolute_url()).content.decode()
    client.logout()
    download = client.get(evidence)
    assert download.status_code == 200 and download["Content-Type"] == content_type
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_bad_file_is_refused_and_changes_nothing(client_for, action, bob, media):
    response = client_for(bob).post(
        url(action),
        {
            "percent_complete": "100",
            "text": "เสร็จแล้ว",
            "evidence_file": SimpleUploadedFile(
                "report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["evidence_file"]
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.percent_complete, action.state, action.last_update_at) == (
        0,
        "not_started",
        None,
    )
    assert not any(media.rglob("*.*"))
    assert not Notification.objects.exists()


def test_evidence_of_a_members_only_lab_stays_inside(
    client, client_for, private_lab, opdc, bob, charlie, media
):
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    action = make_action(plan, "งานภายใน", lead=opdc)
    update = progress_add(
        action=action,
        by=bob,
        text="หลักฐาน",
        percent_complete=10,
        evidence_file=SimpleUploadedFile("a.pdf", PDF),
    )
    evidence = reverse("actions:evidence", args=[action.pk, update.pk])
    assert client.get(evidence).status_code == 404
    assert client_for(charlie).get(evidence).status_code == 404
    assert client_for(bob).get(evidence).status_code == 200


def test_an_update_without_a_file_has_no_evidence_download(client, action):
    update = progress_add(action=action, by=None, text="ไม่มีไฟล์", percent_complete=5)
    assert client.get(reverse("actions:evidence", args=[action.pk, update.pk])).status_code == 404


def test_who_may_post(client, client_for, action, erin, charlie, dana, alice):
    assert client.get(url(action)).status_code == 302  # to sign in
    for outsider in (erin, charlie):  # a participant of the lab, a nobody
        response = client_for(outsider).post(url(action), {"percent_complete": "25", "text": "x"})
        assert response.status_code == 403
    for runner in (dana, alice):
        assert (
            client_for(runner)
            .post(url(action), {"percent_complete": "25", "text": "ok"})
            .status_code
            == 302
        )
    assert action.updates.count() == 2


def test_the_owner_posts_and_hears_nothing_of_their_own_update(client_for, plan, opdc, charlie):
    action = make_action(plan, "งานของชาลี", lead=opdc, owner=person("ชาลี", user=charlie))
    charlie.notifications.all().delete()
    client_for(charlie).post(url(action), {"percent_complete": "25", "text": "เริ่ม"})
    assert action.updates.count() == 1 and not charlie.notifications.exists()


def test_the_owner_hears_of_someone_elses_update_and_runners_of_an_action_at_risk(
    client_for, plan, opdc, bob, dana, erin
):
    action = make_action(plan, "ปรับปรุงระบบ", lead=opdc, owner=erin.person, by=dana)
    erin.notifications.all().delete()
    client = client_for(bob)
    client.post(url(action), {"percent_complete": "25", "text": "เริ่มทดสอบระบบ"})
    heard = erin.notifications.get()
    assert heard.kind == "update" and "ปรับปรุงระบบ" in heard.title and "25%" in heard.title
    assert "เริ่มทดสอบระบบ" in heard.body
    assert not dana.notifications.exists()

    client.post(url(action), {"percent_exact": "30", "text": "งบล่าช้า", "state": "at_risk"})
    warned = dana.notifications.get()
    assert warned.url == action.get_absolute_url() and "ปรับปรุงระบบ" in warned.title
    # Still at risk: nobody is warned twice.
    client.post(url(action), {"percent_exact": "35", "text": "ยังล่าช้า"})
    assert dana.notifications.count() == 1 and erin.notifications.count() == 3


def test_a_notification_reads_in_its_recipients_language(client_for, plan, opdc, bob, erin):
    erin.language = "en"
    erin.save(update_fields=["language"])
    action = make_action(plan, "ปรับปรุงระบบ", lead=opdc, owner=erin.person)
    erin.notifications.all().delete()
    client_for(bob).post(url(action), {"percent_complete": "50", "text": "ครึ่งทาง"})
    assert erin.notifications.get().title.startswith("Progress on")
