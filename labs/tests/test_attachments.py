"""Challenge attachments: documents and photos checked by content with the
workshop upload checks (lib/uploads.py), who may add, read and remove them,
and no file left behind by a refused upload or a removal."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from audit.models import AuditEntry
from labs import services
from labs.models import ChallengeAttachment
from lib import uploads

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def on_disk(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def add_url(challenge) -> str:
    return reverse("labs:attachment_add", args=[challenge.lab_id, challenge.pk])


def download_url(attachment) -> str:
    challenge = attachment.challenge
    return reverse("labs:attachment_download", args=[challenge.lab_id, challenge.pk, attachment.pk])


def remove_url(attachment) -> str:
    challenge = attachment.challenge
    return reverse("labs:attachment_remove", args=[challenge.lab_id, challenge.pk, attachment.pk])


# --- The service ---------------------------------------------------------------------


def test_a_pdf_is_stored_as_a_document_under_the_challenge(challenge, fiona, media):
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), title=" บันทึกโจทย์ ", by=fiona
    )
    attachment.refresh_from_db()
    assert attachment.kind == ChallengeAttachment.Kind.DOCUMENT
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.title == "บันทึกโจทย์"
    assert attachment.uploaded_by == fiona
    assert attachment.file.name.startswith(f"challenges/{challenge.pk}/")
    assert attachment.file.name.endswith("-brief.pdf")
    assert (media / attachment.file.name).read_bytes() == PDF_BYTES
    entry = AuditEntry.objects.get(action="labs.attachment.add")
    assert entry.changes["file"] == attachment.file.name
    assert entry.changes["size"] == len(PDF_BYTES)


def test_an_image_is_stored_as_a_photo_with_the_extension_of_its_content(challenge, fiona, media):
    # Named .jpg, but the bytes are a PNG: the stored name says what it is.
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("map.jpg", png_bytes()), by=fiona
    )
    assert attachment.kind == ChallengeAttachment.Kind.PHOTO
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith("-map.png")
    with Image.open(media / attachment.file.name) as stored:
        assert stored.format == "PNG"
        assert stored.size == (64, 48)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"just some text"),
        ("report.pdf", b"MZ\x90\x00 an executable calling itself a PDF"),
        ("photo.png", png_bytes()[:60]),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_file_that_is_not_an_allowed_type_is_refused_and_nothing_is_stored(
    challenge, fiona, media, name, data
):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.attachment_add(challenge=challenge, upload=upload(name, data), by=fiona)
    assert caught.value.code == "not_allowed"
    assert "not an allowed type" in caught.value.messages[0]
    assert "PDF" in caught.value.messages[0] and "PNG" in caught.value.messages[0]
    assert ChallengeAttachment.objects.count() == 0
    assert not AuditEntry.objects.filter(action="labs.attachment.add").exists()
    assert on_disk(media) == []


def test_a_file_too_large_is_refused_before_it_is_read(challenge, fiona, media, settings):
    settings.SAPHAN_UPLOAD_MAX_BYTES = 100
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.attachment_add(
            challenge=challenge, upload=upload("big.pdf", PDF_BYTES + b"x" * 200), by=fiona
        )
    assert caught.value.code == "too_large"
    assert "the largest allowed is 100\xa0bytes" in caught.value.messages[0]
    assert ChallengeAttachment.objects.count() == 0
    assert on_disk(media) == []


def test_a_failure_after_writing_removes_the_file_written(challenge, fiona, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit is down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.attachment_add(challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), by=fiona)
    assert ChallengeAttachment.objects.count() == 0
    assert on_disk(media) == []


def test_remove_deletes_the_row_and_the_file(challenge, fiona, media, django_capture_on_commit_callbacks):
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), by=fiona
    )
    assert on_disk(media) == [attachment.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment, by=fiona)
    assert ChallengeAttachment.objects.count() == 0
    assert on_disk(media) == []
    assert AuditEntry.objects.filter(action="labs.attachment.remove").count() == 1


def test_the_workshop_and_lab_uploads_share_one_check():
    # The labs service must not carry its own copy of the checks.
    assert services.uploads is uploads
    from workshops.services import files

    assert files.check_upload is uploads.check_upload


# --- The pages -----------------------------------------------------------------------


def test_a_facilitator_uploads_from_the_challenge_page_and_sees_type_and_size(
    client_for, challenge, fiona, media
):
    client = client_for(english(fiona))
    page = client.get(challenge.get_absolute_url())
    assert 'data-form="attachment"' in page.content.decode()
    response = client.post(
        add_url(challenge), {"file": upload("brief.pdf", PDF_BYTES), "title": "Brief"}
    )
    assert response.status_code == 302
    attachment = ChallengeAttachment.objects.get()
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert f'data-attachment="{attachment.pk}"' in html
    assert "Brief" in html and '<span class="badge">PDF</span>' in html and f"{len(PDF_BYTES)}\xa0bytes" in html
    assert remove_url(attachment) in html
    download = client.get(download_url(attachment))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_the_page_shows_a_refused_upload_with_a_clear_message(client_for, challenge, fiona, media):
    client = client_for(english(fiona))
    response = client.post(add_url(challenge), {"file": upload("notes.txt", b"plain text")})
    assert response.status_code == 400
    assert "This file is not an allowed type" in response.content.decode()
    assert ChallengeAttachment.objects.count() == 0
    assert on_disk(media) == []


def test_a_participant_cannot_upload_or_remove(client_for, challenge, fiona, pat, media):
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), by=fiona
    )
    client = client_for(pat)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert 'data-form="attachment"' not in page
    assert remove_url(attachment) not in page
    # A member of the lab may read it.
    assert client.get(download_url(attachment)).status_code == 200
    assert client.post(add_url(challenge), {"file": upload("x.pdf", PDF_BYTES)}).status_code == 403
    assert client.post(remove_url(attachment)).status_code == 403
    assert ChallengeAttachment.objects.count() == 1
    assert on_disk(media) == [attachment.file.name]


def test_the_lead_and_an_administrator_may_upload(client_for, challenge, lena, alice):
    for user in (lena, alice):
        response = client_for(user).post(add_url(challenge), {"file": upload("a.png", png_bytes())})
        assert response.status_code == 302
    assert ChallengeAttachment.objects.count() == 2


def test_an_outsider_cannot_read_an_attachment_of_a_members_only_lab(
    client, client_for, private_lab, charlie, make_member, media
):
    challenge = services.challenge_create(lab=private_lab, by=None, title_th="ภายใน")
    lead = make_member(private_lab, "lead", "lead@private.test")
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("secret.pdf", PDF_BYTES), by=lead
    )
    assert client_for(lead).get(download_url(attachment)).status_code == 200
    assert client_for(charlie).get(download_url(attachment)).status_code == 404
    assert client.get(download_url(attachment)).status_code == 404
    # An attachment named under another challenge's URL is not found either.
    other = services.challenge_create(lab=private_lab, by=None, title_th="อีกโจทย์")
    wrong = reverse("labs:attachment_download", args=[private_lab.pk, other.pk, attachment.pk])
    assert client_for(lead).get(wrong).status_code == 404


def test_removing_from_the_page_deletes_the_file(
    client_for, challenge, fiona, media, django_capture_on_commit_callbacks
):
    attachment = services.attachment_add(
        challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), by=fiona
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(fiona).post(remove_url(attachment))
    assert response.status_code == 302
    assert ChallengeAttachment.objects.count() == 0
    assert on_disk(media) == []


def test_the_uploader_is_the_only_personal_data_and_erasure_unlinks_it(challenge, fiona, media):
    from labs.personal_data import challenge_attachments_uploaded, erase_attachment_uploader

    attachment = services.attachment_add(
        challenge=challenge, upload=upload("brief.pdf", PDF_BYTES), by=fiona
    )
    [exported] = challenge_attachments_uploaded(fiona, None)
    assert exported["file"] == attachment.file.name
    erase_attachment_uploader(fiona, None)
    attachment.refresh_from_db()
    assert attachment.uploaded_by is None
    assert on_disk(media) == [attachment.file.name]
    assert challenge_attachments_uploaded(fiona, None) == []
