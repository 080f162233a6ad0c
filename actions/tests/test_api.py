"""The actions REST API: plans, actions with their derived status, progress
updates (the one write, through the service) and proposals, read by the
same rules as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from actions.models import Action, Pledge, ProgressUpdate, Proposal
from actions.services.plans import plan_create, progress_add
from actions.tests.conftest import make_action
from actions.tests.test_progress import PDF
from directory.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


@pytest.fixture
def inside(private_lab, opdc, ocsc):
    """A plan of the members-only lab with an action OPDC leads and one OCSC leads."""
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    return (
        plan,
        make_action(plan, "งานของ ก.พ.ร.", lead=opdc),
        make_action(plan, "งานของ ก.พ.", lead=ocsc),
    )


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_plans_are_listed_by_the_labs_visibility(api, plan, inside, alice):
    assert ids(api.get("/api/v1/plans/")) == {plan.pk}
    assert ids(as_user(api, alice).get("/api/v1/plans/")) == {plan.pk, inside[0].pk}
    assert api.get(f"/api/v1/plans/{plan.pk}/").json()["title_th"] == plan.title_th


def test_a_plan_of_a_members_only_lab_is_a_404_even_to_a_focal_point(api, inside, bob):
    assert as_user(api, bob).get(f"/api/v1/plans/{inside[0].pk}/").status_code == 404
    assert ids(api.get(f"/api/v1/plans/?lab={inside[0].lab_id}")) == set()


def test_an_action_reads_with_its_agencies_owner_and_derived_status(api, plan, opdc, ocsc, dana):
    first = make_action(plan, "ก่อน", lead=opdc)
    action = make_action(
        plan,
        "ล่าช้า",
        ref="1.2",
        lead=opdc,
        supporting=[ocsc],
        owner=dana.person,
        state="on_track",
        due_date=TODAY - dt.timedelta(days=2),
        depends_on=[first],
    )
    row = api.get(f"/api/v1/actions/{action.pk}/").json()
    assert (row["state"], row["status"]) == ("on_track", "late")
    assert row["lead_agency"]["abbreviation_en"] == "OPDC"
    assert [o["abbreviation_en"] for o in row["supporting_agencies"]] == ["OCSC"]
    assert row["owner"]["id"] == dana.person.pk and row["depends_on"] == [first.pk]
    assert row["web_url"].endswith(action.get_absolute_url())


def test_actions_filter_by_lab_plan_agency_and_derived_status(api, lab, plan, opdc, ocsc):
    late = make_action(plan, "ล่าช้า", lead=opdc, due_date=TODAY - dt.timedelta(days=1))
    supported = make_action(plan, "สนับสนุน", lead=opdc, supporting=[ocsc])
    other_plan = plan_create(lab=lab, by=None, title_th="แผนสอง")
    led = make_action(other_plan, "นำ", lead=ocsc)
    assert ids(api.get("/api/v1/actions/?status=late")) == {late.pk}
    assert ids(api.get(f"/api/v1/actions/?agency={ocsc.pk}")) == {supported.pk, led.pk}
    assert ids(api.get(f"/api/v1/actions/?plan={other_plan.pk}")) == {led.pk}
    assert ids(api.get(f"/api/v1/actions/?lab={lab.pk}&status=not_started")) == {
        supported.pk,
        led.pk,
    }
    assert api.get("/api/v1/actions/?status=someday").status_code == 400


def test_a_focal_point_reads_their_agencys_actions_in_a_members_only_lab(
    api, action, inside, bob, charlie
):
    _plan, ours, theirs = inside
    assert ids(api.get("/api/v1/actions/")) == {action.pk}
    assert ids(as_user(api, charlie).get("/api/v1/actions/")) == {action.pk}
    assert ids(as_user(api, bob).get("/api/v1/actions/")) == {action.pk, ours.pk}
    assert as_user(api, bob).get(f"/api/v1/actions/{ours.pk}/").status_code == 200
    assert as_user(api, bob).get(f"/api/v1/actions/{theirs.pk}/").status_code == 404


def test_a_focal_point_outside_a_members_only_lab_reads_no_lab_plan_or_other_action(
    api, inside, bob, alice
):
    plan, ours, theirs = inside
    ours.depends_on.add(theirs)
    client = as_user(api, bob)
    for row in (
        client.get(f"/api/v1/actions/{ours.pk}/").json(),
        client.get("/api/v1/actions/").json()["results"][0],
    ):
        assert row["id"] == ours.pk
        assert (row["plan"], row["lab"], row["depends_on"]) == (None, None, [])
    # Filtering by the lab or the plan would tell where the action is: nothing matches.
    assert ids(client.get(f"/api/v1/actions/?lab={plan.lab_id}")) == set()
    assert ids(client.get(f"/api/v1/actions/?plan={plan.pk}")) == set()
    row = as_user(api, alice).get(f"/api/v1/actions/{ours.pk}/").json()
    assert (row["plan"], row["lab"], row["depends_on"]) == (plan.pk, plan.lab_id, [theirs.pk])


def test_a_focal_point_of_two_agencies_sees_each_action_once(api, plan, opdc, ocsc, bob):
    ocsc.focal_points.add(bob)
    action = make_action(plan, "ร่วมกัน", lead=opdc, supporting=[ocsc])
    rows = as_user(api, bob).get("/api/v1/actions/").json()["results"]
    assert [row["id"] for row in rows] == [action.pk]


# The count, the actions (with status, lead agency, owner, plan, lab),
# their supporting agencies, their dependencies = 4; the visibility rule is
# subqueries of those, not queries of its own.
def test_the_action_list_uses_the_same_queries_whatever_the_size(api, plan, opdc, bob):
    client = as_user(api, bob)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/actions/").status_code == 200
        return len(ctx.captured_queries)

    def grow(size: int) -> None:
        organisations = [
            Organisation.objects.create(name_th=f"หน่วย {size}-{i}", kind="office") for i in range(3)
        ]
        made: list[Action] = []
        for i in range(size):
            made.append(
                make_action(
                    plan,
                    f"งาน {size}-{i}",
                    lead=opdc,
                    supporting=organisations,
                    depends_on=made[-1:],
                )
            )

    grow(2)
    small = count()
    grow(12)
    assert count() == small == 4


# --- Progress through the API --------------------------------------------------------------------


def test_an_agencys_system_reports_progress(api, action, bob, opdc):
    response = as_user(api, bob).post(
        f"/api/v1/actions/{action.pk}/updates/",
        {"text": "ส่งร่างคู่มือให้ผู้บริหารแล้ว", "percent_complete": 60, "state": "on_track"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["percent_complete"] == 60 and body["by_organisation"]["id"] == opdc.pk
    action.refresh_from_db()
    assert (action.percent_complete, action.state) == (60, "on_track")
    listed = api.get(f"/api/v1/actions/{action.pk}/updates/").json()
    assert [row["text"] for row in listed] == ["ส่งร่างคู่มือให้ผู้บริหารแล้ว"]


def test_progress_with_an_evidence_file_through_multipart(api, action, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = as_user(api, bob).post(
        f"/api/v1/actions/{action.pk}/updates/",
        {
            "text": "แนบรายงาน",
            "percent_complete": 80,
            "evidence_file": SimpleUploadedFile("r.pdf", PDF),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    update = ProgressUpdate.objects.get()
    assert response.json()["evidence_file_url"].endswith(
        f"/actions/{action.pk}/updates/{update.pk}/evidence/"
    )
    assert update.evidence_content_type == "application/pdf"


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "ล่าช้า", "percent_complete": 10, "state": "late"},
        {"text": "เกิน", "percent_complete": 120},
        {"text": "", "percent_complete": 10},
    ],
)
def test_bad_progress_is_a_400_that_changes_nothing(api, action, bob, payload):
    response = as_user(api, bob).post(
        f"/api/v1/actions/{action.pk}/updates/", payload, format="json"
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert not ProgressUpdate.objects.exists() and action.percent_complete == 0


def test_a_bad_file_is_a_400_on_the_file(api, action, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = as_user(api, bob).post(
        f"/api/v1/actions/{action.pk}/updates/",
        {
            "text": "ไฟล์เสีย",
            "percent_complete": 50,
            "evidence_file": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400 and "evidence_file" in response.json()
    assert not ProgressUpdate.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_who_may_report_through_the_api(api, action, inside, bob, charlie, erin):
    assert api.post(
        f"/api/v1/actions/{action.pk}/updates/", {"text": "x", "percent_complete": 5}
    ).status_code in {401, 403}
    for user in (charlie, erin):
        response = as_user(api, user).post(
            f"/api/v1/actions/{action.pk}/updates/", {"text": "x", "percent_complete": 5}
        )
        assert response.status_code == 403
    theirs = inside[2]
    response = as_user(api, bob).post(
        f"/api/v1/actions/{theirs.pk}/updates/", {"text": "x", "percent_complete": 5}
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()
    # And nobody writes an action itself here.
    assert (
        as_user(api, bob).patch(f"/api/v1/actions/{action.pk}/", {"state": "done"}).status_code
        == 405
    )


def test_updates_of_an_action_keep_to_its_visibility(api, inside, bob, charlie):
    ours = inside[1]
    progress_add(action=ours, by=None, text="ภายใน", percent_complete=10)
    assert as_user(api, charlie).get(f"/api/v1/actions/{ours.pk}/updates/").status_code == 404
    assert len(as_user(api, bob).get(f"/api/v1/actions/{ours.pk}/updates/").json()) == 1


# --- Proposals, read only ------------------------------------------------------------------------


def test_proposals_are_read_with_agencies_and_pledges(api, lab, private_lab, opdc, ocsc):
    proposal = Proposal.objects.create(
        lab=lab, kind="project", title_th="ศูนย์บริการร่วม", status="submitted", budget=1500000
    )
    proposal.agencies.add(opdc)
    Pledge.objects.create(proposal=proposal, organisation=ocsc, kind="staff", amount=3, unit="คน")
    Proposal.objects.create(lab=private_lab, kind="policy", title_th="ภายใน")
    assert ids(api.get("/api/v1/proposals/")) == {proposal.pk}
    assert ids(api.get("/api/v1/proposals/?kind=policy")) == set()
    row = api.get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert row["status"] == "submitted" and row["agencies"][0]["id"] == opdc.pk
    assert (
        row["pledges"][0]["organisation"]["id"] == ocsc.pk and row["pledges"][0]["kind"] == "staff"
    )
    assert api.post("/api/v1/proposals/", {"title_th": "x"}).status_code in {401, 403, 405}


def test_the_openapi_document_lists_the_actions_endpoints(api):
    schema = api.get("/api/v1/openapi.json").json()
    operations = {
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    assert {
        "plan_list",
        "plan_get",
        "action_list",
        "action_get",
        "action_updates",
        "action_update_add",
        "proposal_list",
        "proposal_get",
    } <= operations
