"""Photos and files: type and size checks by content, thumbnails, the
gallery, and who may upload."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from audit.models import AuditEntry
from workshops.models import WorkshopFile
from workshops.services import files as services
from workshops.tests.conftest import in_english

PHOTO, DOCUMENT = WorkshopFile.Kind.PHOTO, WorkshopFile.Kind.DOCUMENT


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def on_disk(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def image_bytes(
    fmt: str = "JPEG", size=(1200, 800), mode: str = "RGB", orientation: int | None = None
) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 120))
    # A marker in the top-left corner, to see where it ends up after turning.
    for x in range(100):
        for y in range(50):
            image.putpixel((x, y), (0, 0, 255) if mode == "RGB" else (0, 0, 255, 255))
    out = io.BytesIO()
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format=fmt, exif=exif.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def ooxml(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<document/>")
    return out.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Checks by content -------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_it_takes_jpeg_png_and_webp_photos_with_a_thumbnail(
    workshop, alice, media, fmt, content_type
):
    stored = services.file_upload(
        workshop=workshop,
        upload=upload("photo.bin", image_bytes(fmt)),
        kind=PHOTO,
        by=alice,
        caption="  ระดมสมอง  ",
    )
    assert stored.content_type == content_type
    assert stored.caption == "ระดมสมอง"
    assert stored.file.name.endswith("." + {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt])
    with Image.open(stored.thumbnail.path) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert max(thumbnail.size) == services.THUMBNAIL_SIZE
        assert thumbnail.size == (480, 320)
    assert len(on_disk(media)) == 2
    entry = AuditEntry.objects.get(action="workshops.file.upload")
    assert entry.changes["content_type"] == content_type


def test_the_thumbnail_is_turned_upright_as_exif_says(workshop, alice):
    # Orientation 6: the camera was turned; the picture must be rotated 90° clockwise.
    stored = services.file_upload(
        workshop=workshop,
        upload=upload("phone.jpg", image_bytes(orientation=6)),
        kind=PHOTO,
        by=alice,
    )
    with Image.open(stored.thumbnail.path) as thumbnail:
        assert thumbnail.size == (320, 480)
        # The blue marker from the top-left is now at the top-right.
        r, g, b = thumbnail.convert("RGB").getpixel((thumbnail.width - 5, 5))
        assert b > 150 and r < 100


def test_a_transparent_png_gets_a_white_background(workshop, alice):
    stored = services.file_upload(
        workshop=workshop,
        upload=upload("logo.png", image_bytes("PNG", mode="RGBA")),
        kind=PHOTO,
        by=alice,
    )
    with Image.open(stored.thumbnail.path) as thumbnail:
        assert thumbnail.mode == "RGB"


def test_the_extension_follows_the_content_not_the_name(workshop, alice):
    stored = services.file_upload(
        workshop=workshop,
        upload=upload("really-a-png.jpg", image_bytes("PNG")),
        kind=PHOTO,
        by=alice,
    )
    assert stored.file.name.endswith("really-a-png.png")
    assert stored.content_type == "image/png"


@pytest.mark.parametrize(
    "name,data",
    [
        ("notes.jpg", "ไม่ใช่รูปภาพ".encode()),
        ("animation.gif", None),  # a real image, of a type not allowed
        ("cut.jpg", None),  # a truncated JPEG
        ("report.pdf", b"%PDF-1.7\n"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(
    workshop, alice, media, name, data
):
    if name == "animation.gif":
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, format="GIF")
        data = out.getvalue()
    if name == "cut.jpg":
        data = image_bytes()[:2000]
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.file_upload(
            workshop=workshop, upload=upload(name, data, "image/jpeg"), kind=PHOTO, by=alice
        )
    assert caught.value.code == "not_image"
    assert "not a JPEG, PNG or WebP image" in caught.value.messages[0]
    assert not WorkshopFile.objects.exists()
    assert on_disk(media) == []
    assert not AuditEntry.objects.filter(action="workshops.file.upload").exists()


def test_a_cut_off_photo_is_refused_even_when_pillow_is_told_to_accept_them(
    workshop, alice, monkeypatch
):
    from PIL import ImageFile

    # WeasyPrint sets this on import, for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError) as caught:
        services.file_upload(
            workshop=workshop, upload=upload("cut.jpg", image_bytes()[:4000]), kind=PHOTO, by=alice
        )
    assert caught.value.code == "not_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_a_decompression_bomb_is_refused(workshop, alice, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as caught:
        services.file_upload(
            workshop=workshop,
            upload=upload("big.png", image_bytes("PNG", size=(200, 200))),
            kind=PHOTO,
            by=alice,
        )
    assert caught.value.code == "too_many_pixels"


@pytest.mark.parametrize(
    "part,extension",
    [("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx")],
)
def test_it_takes_office_documents_by_their_parts(workshop, alice, part, extension):
    stored = services.file_upload(
        workshop=workshop, upload=upload("เอกสาร.bin", ooxml(part)), kind=DOCUMENT, by=alice
    )
    assert stored.file.name.endswith("." + extension)
    assert services.type_label(stored) == extension.upper()
    assert not stored.thumbnail


def test_it_takes_a_real_spreadsheet_and_a_pdf(workshop, alice):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    sheet = services.file_upload(
        workshop=workshop, upload=upload("list.xlsx", out.getvalue()), kind=DOCUMENT, by=alice
    )
    pdf = services.file_upload(
        workshop=workshop, upload=upload("agenda.pdf", b"%PDF-1.4\n%...\n"), kind=DOCUMENT, by=alice
    )
    assert (services.type_label(sheet), services.type_label(pdf)) == ("XLSX", "PDF")
    assert services.display_name(pdf) == "agenda.pdf"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 an executable",
        b"PK\x03\x04 not really a zip",
        ooxml("something/else.xml"),
        b"<html></html>",
    ],
    ids=["executable", "broken-zip", "zip-of-nothing", "html"],
)
def test_a_file_that_is_not_an_allowed_document_is_refused(workshop, alice, media, data):
    with pytest.raises(ValidationError) as caught:
        services.file_upload(
            workshop=workshop, upload=upload("x.docx", data), kind=DOCUMENT, by=alice
        )
    assert caught.value.code == "not_document"
    assert on_disk(media) == [] and not WorkshopFile.objects.exists()


def test_a_photo_sent_as_a_document_is_refused(workshop, alice, media):
    with pytest.raises(ValidationError):
        services.file_upload(
            workshop=workshop, upload=upload("x.jpg", image_bytes()), kind=DOCUMENT, by=alice
        )
    assert on_disk(media) == []


def test_a_file_too_large_is_refused_before_it_is_read(workshop, alice, media, settings):
    settings.SAPHAN_UPLOAD_MAX_BYTES = 1000
    read: list[tuple[int, ...]] = []

    class Watched(io.BytesIO):
        name = "big.jpg"
        size = 50_000

        def read(self, *args):
            read.append(args)
            return super().read(*args)

    big = Watched(image_bytes())
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.file_upload(workshop=workshop, upload=big, kind=PHOTO, by=alice)
    assert caught.value.code == "too_large"
    assert "largest allowed is 1000" in caught.value.messages[0]
    assert read == []
    assert on_disk(media) == [] and not WorkshopFile.objects.exists()


def test_a_file_that_misreports_its_size_is_still_caught(workshop, alice, media, settings):
    settings.SAPHAN_UPLOAD_MAX_BYTES = 1000

    class Lying(io.BytesIO):
        name = "small.jpg"
        size = 10

    with pytest.raises(ValidationError) as caught:
        services.file_upload(workshop=workshop, upload=Lying(image_bytes()), kind=PHOTO, by=alice)
    assert caught.value.code == "too_large"
    assert on_disk(media) == []


def test_the_default_limit_is_ten_megabytes(settings):
    if hasattr(settings, "SAPHAN_UPLOAD_MAX_BYTES"):
        del settings.SAPHAN_UPLOAD_MAX_BYTES
    assert services.max_upload_bytes() == 10 * 1024 * 1024


def test_an_empty_file_and_a_long_caption_are_refused(workshop, alice, media):
    with pytest.raises(ValidationError, match="empty") as empty, translation.override("en"):
        services.file_upload(workshop=workshop, upload=upload("e.jpg", b""), kind=PHOTO, by=alice)
    assert empty.value.code == "empty"
    with pytest.raises(ValidationError, match="caption") as long, translation.override("en"):
        services.file_upload(
            workshop=workshop,
            upload=upload("p.jpg", image_bytes()),
            kind=PHOTO,
            by=alice,
            caption="ก" * 501,
        )
    assert long.value.code == "caption"
    assert on_disk(media) == []


def test_a_failure_after_writing_removes_the_files_written(workshop, alice, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.file_upload(
            workshop=workshop, upload=upload("p.jpg", image_bytes()), kind=PHOTO, by=alice
        )
    assert on_disk(media) == []
    assert not WorkshopFile.objects.exists()


def test_removing_a_file_deletes_it_from_disk_after_commit(
    workshop, alice, media, django_capture_on_commit_callbacks
):
    stored = services.file_upload(
        workshop=workshop, upload=upload("p.jpg", image_bytes()), kind=PHOTO, by=alice
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.file_remove(file=stored, by=alice)
    assert on_disk(media) == []
    assert AuditEntry.objects.filter(action="workshops.file.remove").count() == 1


# --- Pages -------------------------------------------------------------------------------


def files_url(workshop) -> str:
    return reverse("workshops:files", args=[workshop.pk])


def upload_url(workshop) -> str:
    return reverse("workshops:file_upload", args=[workshop.pk])


def test_a_facilitator_uploads_and_sees_the_gallery(workshop, client_for, dana):
    client = client_for(dana)
    response = client.post(
        upload_url(workshop),
        {
            "kind": PHOTO,
            "caption": "กลุ่มที่ ๑",
            "file": upload("group.jpg", image_bytes(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    client.post(
        upload_url(workshop), {"kind": DOCUMENT, "file": upload("agenda.pdf", b"%PDF-1.4\n")}
    )
    page = client.get(files_url(workshop)).content.decode()
    assert 'data-list="photos"' in page and "กลุ่มที่ ๑" in page
    assert 'data-list="documents"' in page and "agenda.pdf" in page and "PDF" in page


def test_a_not_image_upload_shows_the_error_and_stores_nothing(workshop, client_for, dana, media):
    response = client_for(in_english(dana)).post(
        upload_url(workshop),
        {"kind": PHOTO, "file": upload("virus.jpg", b"MZ\x90\x00", "image/jpeg")},
    )
    assert response.status_code == 400
    assert "not a JPEG, PNG or WebP image" in response.content.decode()
    assert on_disk(media) == [] and not WorkshopFile.objects.exists()


def test_a_too_large_upload_shows_the_error_and_stores_nothing(
    workshop, client_for, dana, media, settings
):
    settings.SAPHAN_UPLOAD_MAX_BYTES = 2048
    response = client_for(in_english(dana)).post(
        upload_url(workshop),
        {"kind": PHOTO, "file": upload("big.jpg", image_bytes(), "image/jpeg")},
    )
    assert response.status_code == 400
    assert "largest allowed is 2.0" in response.content.decode()
    assert on_disk(media) == [] and not WorkshopFile.objects.exists()


def test_participants_and_visitors_may_not_upload(workshop, client_for, erin, charlie, client):
    data = {"kind": PHOTO, "file": upload("p.jpg", image_bytes(), "image/jpeg")}
    assert client_for(erin).post(upload_url(workshop), data).status_code == 403
    assert client_for(charlie).get(upload_url(workshop)).status_code == 403
    client.logout()
    assert client.get(upload_url(workshop)).status_code == 302
    assert not WorkshopFile.objects.exists()


def test_a_participant_sees_the_gallery_without_the_upload_form(workshop, client_for, erin, alice):
    services.file_upload(
        workshop=workshop,
        upload=upload("p.jpg", image_bytes()),
        kind=PHOTO,
        by=alice,
        caption="ภาพหมู่",
    )
    page = client_for(erin).get(files_url(workshop)).content.decode()
    assert "ภาพหมู่" in page and 'data-form="upload"' not in page


def test_the_files_of_a_members_only_lab_are_hidden_from_outsiders(
    private_lab, client_for, charlie, alice
):
    from workshops.services import workshop_create

    hidden = workshop_create(by=alice, lab=private_lab, title_th="ปิด")
    services.file_upload(
        workshop=hidden, upload=upload("p.jpg", image_bytes()), kind=PHOTO, by=alice
    )
    assert client_for(charlie).get(files_url(hidden)).status_code == 404
