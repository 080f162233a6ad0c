"""The Excel pages: who may export and import, and upload → preview → confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.excel import XLSX_TYPE, plan_xlsx
from actions.models import Action
from actions.services.plans import plan_create
from actions.tests.test_excel import edit, state
from workshops.tests.conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(tmp_path, settings):
    settings.SAPHAN_PLAN_IMPORT_DIR = tmp_path
    return tmp_path


def upload(client, plan, data: bytes, name: str = "plan.xlsx"):
    return client.post(
        reverse("actions:plan_import", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX_TYPE)},
    )


def test_whoever_sees_the_plan_may_export_it(client, plan, action):
    response = client.get(reverse("actions:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert f"saphan-plan-{plan.pk}-" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_members_only_plan_is_not_found(client_for, charlie, private_lab, dana):
    plan = plan_create(lab=private_lab, by=None, title_th="แผนลับ")
    viewer = client_for(charlie)
    assert viewer.get(reverse("actions:plan_export", args=[plan.pk])).status_code == 404
    assert viewer.get(reverse("actions:plan_import", args=[plan.pk])).status_code == 404


def test_only_those_who_run_the_lab_import(client, client_for, plan, charlie, erin, bob):
    url = reverse("actions:plan_import", args=[plan.pk])
    assert client.get(url).status_code == 302  # to sign in
    for user in (charlie, erin, bob):
        assert client_for(user).get(url).status_code == 403


def test_upload_preview_confirm(client_for, plan, action, dana, store):
    dana = in_english(dana)
    viewer = client_for(dana)
    before = state(plan)
    data = edit(plan_xlsx(plan), {(action.pk, "title_th"): "คู่มือฉบับปรับปรุง"})

    response = upload(viewer, plan, data)
    assert response.status_code == 302
    assert "?preview=" in response.url
    assert len(list(store.iterdir())) == 1
    assert state(plan) == before

    page = viewer.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "คู่มือฉบับปรับปรุง" in html and "จัดทำคู่มือการบริการประชาชน" in html
    assert state(plan) == before  # the preview rolled back

    token = response.url.split("preview=")[1]
    done = viewer.post(
        reverse("actions:plan_import", args=[plan.pk]), {"token": token, "confirm": "1"}
    )
    assert done.status_code == 302
    assert done.url == plan.get_absolute_url()
    action.refresh_from_db()
    assert action.title_th == "คู่มือฉบับปรับปรุง"
    assert list(store.iterdir()) == []


def test_the_confirm_step_trusts_only_the_session(client_for, plan, action, dana, store):
    viewer = client_for(dana)
    data = edit(plan_xlsx(plan), {(action.pk, "title_th"): "ชื่อใหม่"})
    upload(viewer, plan, data)
    before = state(plan)
    for token in ("", "0" * 32, "../../etc/passwd"):
        response = viewer.post(
            reverse("actions:plan_import", args=[plan.pk]), {"token": token, "confirm": "1"}
        )
        assert response.status_code == 302
    assert state(plan) == before


def test_errors_are_listed_by_cell_and_nothing_is_kept(client_for, plan, action, dana, store):
    viewer = client_for(in_english(dana))
    before = state(plan)
    data = edit(plan_xlsx(plan), {(action.pk, "due_date"): "31/2/2569"})
    response = upload(viewer, plan, data)
    assert response.status_code == 200
    html = response.content.decode()
    sheet = response.context["result"].sheet
    assert f"{sheet}!J3</strong>: “31/2/2569” is not a date" in html
    assert "so nothing was changed" in html
    assert list(store.iterdir()) == []
    assert state(plan) == before


def test_an_unchanged_file_says_so(client_for, plan, action, dana, store):
    viewer = client_for(in_english(dana))
    response = upload(viewer, plan, plan_xlsx(plan))
    assert response.status_code == 302
    page = viewer.get(response.url)
    assert "nothing to change" in page.content.decode()
    assert list(store.iterdir()) == []


def test_only_xlsx_files_are_taken(client_for, plan, dana):
    response = upload(client_for(in_english(dana)), plan, b"a,b\n", name="plan.csv")
    assert response.status_code == 200
    assert "Choose an XLSX file." in response.content.decode()


def test_a_new_row_through_the_pages(client_for, plan, action, dana, opdc):
    viewer = client_for(dana)
    data = edit(plan_xlsx(plan), new_rows=[{"title_th": "กิจกรรมใหม่", "lead_agency": "OPDC"}])
    token = upload(viewer, plan, data).url.split("preview=")[1]
    viewer.post(reverse("actions:plan_import", args=[plan.pk]), {"token": token, "confirm": "1"})
    assert Action.objects.filter(plan=plan, title_th="กิจกรรมใหม่", lead_agency=opdc).exists()
