"""Dashboards by agency and by lab: the numbers on a small hand-built set,
and who sees which lab's actions counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionPlan, Pledge, Proposal, today
from actions.selectors.dashboards import (
    HIDDEN_LAB,
    agency_dashboard,
    agency_index,
    lab_dashboard,
    lab_index,
    viewer_of,
)
from actions.services.plans import progress_add
from actions.tests.conftest import make_action
from workshops.tests.conftest import make_lab, member, person

TODAY = today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def hidden_lab(db):
    """A members-only lab with one late action OPDC leads and one pledge."""
    return make_lab("ห้องปฏิบัติการเฉพาะสมาชิก", visibility="members")


@pytest.fixture
def world(lab, plan, hidden_lab, opdc, ocsc, dana):
    """OPDC's commitments: in the public lab one each of late, at risk, due
    soon (supporting), done, dropped and on track; in the members-only lab
    one late. OCSC alone leads one more action. Pledges on a project."""
    now = timezone.now()
    made = {
        "late": make_action(plan, "ล่าช้า", lead=opdc, due_date=days(-10), percent_complete=20),
        "risk": make_action(plan, "เสี่ยง", lead=opdc, state="at_risk", due_date=days(30)),
        "soon": make_action(plan, "ใกล้ครบกำหนด", lead=ocsc, supporting=[opdc], due_date=days(3)),
        "done": make_action(plan, "เสร็จแล้ว", lead=opdc, percent_complete=100),
        "dropped": make_action(plan, "ยกเลิก", lead=opdc, state="dropped"),
        "track": make_action(plan, "ตามแผน", lead=opdc, state="on_track", due_date=days(60)),
        "other": make_action(plan, "ของ ก.พ.", lead=ocsc, due_date=days(-2)),
    }
    hidden_plan = ActionPlan.objects.create(lab=hidden_lab, title_th="แผนลับ")
    made["hidden"] = make_action(hidden_plan, "ล่าช้าในห้องปิด", lead=opdc, due_date=days(-5))
    progress_add(
        action=made["late"],
        by=dana,
        text="เริ่มร่างแล้ว",
        percent_complete=20,
        when=now - dt.timedelta(days=12),
    )
    Action.objects.filter(pk=made["risk"].pk).update(created_at=now - dt.timedelta(days=40))
    project = Proposal.objects.create(lab=lab, kind="project", title_th="โครงการนำร่อง")
    hidden_project = Proposal.objects.create(lab=hidden_lab, kind="project", title_th="โครงการลับ")
    for proposal, kind, amount, status, unit in [
        (project, "money", Decimal("100000"), "delivered", "บาท"),
        (project, "money", Decimal("50000"), "confirmed", "บาท"),
        (project, "staff", Decimal("2"), "offered", "คน"),
        (project, "data", None, "withdrawn", ""),
        (hidden_project, "venue", None, "delivered", ""),
    ]:
        Pledge.objects.create(
            proposal=proposal,
            organisation=opdc,
            kind=kind,
            amount=amount,
            status=status,
            unit=unit,
        )
    Pledge.objects.create(proposal=project, organisation=ocsc, kind="staff", status="offered")
    return made


# --- Agency ------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_figures_for_an_outsider(world, opdc, charlie):
    board = agency_dashboard(organisation=opdc, viewer=viewer_of(charlie))
    f = board.figures
    assert not board.sees_all
    assert (f.total, f.led, f.supported) == (6, 5, 1)
    assert (f.done, f.late, f.at_risk, f.due_soon) == (1, 1, 1, 1)
    assert f.completion == 20  # 1 done of the 5 not dropped
    # Unfinished: late (12 days), at risk (40), due soon and on track (0): median of 0,0,12,40.
    assert (f.median_days_since_update, f.max_days_since_update) == (6, 40)
    assert (board.pledges.delivered, board.pledges.total, board.pledges.kept_rate) == (1, 3, 33)
    assert board.pledges.by_status == {"delivered": 1, "confirmed": 1, "offered": 1, "withdrawn": 1}
    money = next(k for k in board.pledges.kinds if k.kind == "money")
    assert (money.count, money.amount, money.delivered_amount) == (2, 150000, 100000)
    assert [r.action.title_th for r in board.trouble] == ["ล่าช้า", "เสี่ยง"]
    assert (board.trouble[0].action.days_late, board.trouble[0].days_since_update) == (10, 12)
    assert (board.trouble[1].action.days_late, board.trouble[1].days_since_update) == (0, 40)
    assert [(b.label, b.value) for b in board.late_by_lab["bars"]] == [("ห้องปฏิบัติการนโยบาย", 1)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "hidden_label"), [("alice", "ห้องปฏิบัติการเฉพาะสมาชิก"), ("bob", HIDDEN_LAB)]
)
def test_admins_and_the_agencys_focal_points_count_members_only_labs(
    world, opdc, who, hidden_label, request
):
    board = agency_dashboard(organisation=opdc, viewer=viewer_of(request.getfixturevalue(who)))
    f = board.figures
    assert board.sees_all
    assert (f.total, f.late, f.completion) == (7, 2, 17)
    assert (board.pledges.delivered, board.pledges.total) == (2, 4)
    # The focal point counts the commitment but is not told the lab's name.
    labels = [b.label for b in board.late_by_lab["bars"]]
    assert sorted(labels) == sorted(["ห้องปฏิบัติการนโยบาย", str(hidden_label)])
    hidden = next(r for r in board.trouble if r.action.title_th == "ล่าช้าในห้องปิด")
    assert hidden.lab_visible == (who == "alice")


@pytest.mark.django_db
def test_a_lab_member_sees_that_labs_actions_counted(world, opdc, hidden_lab, charlie):
    member(hidden_lab, person("ชาลี", user=charlie), "observer")
    f = agency_dashboard(organisation=opdc, viewer=viewer_of(charlie)).figures
    assert (f.total, f.late) == (7, 2)


@pytest.mark.django_db
def test_another_agencys_focal_point_does_not_see_members_only_labs(world, ocsc, opdc, charlie):
    ocsc.focal_points.add(charlie)
    f = agency_dashboard(organisation=opdc, viewer=viewer_of(charlie)).figures
    assert (f.total, f.late) == (6, 1)


@pytest.mark.django_db
def test_the_late_bars_link_only_to_labs_the_viewer_may_see(world, opdc, bob):
    bars = agency_dashboard(organisation=opdc, viewer=viewer_of(bob)).late_by_lab["bars"]
    urls = {b.label: b.url for b in bars}
    assert urls[str(HIDDEN_LAB)] == ""
    assert urls["ห้องปฏิบัติการนโยบาย"] == reverse("actions:lab_dashboard", args=[world["late"].lab_id])


@pytest.mark.django_db
def test_agency_page_for_an_outsider_hides_the_members_only_lab(world, opdc, client_for, charlie):
    response = client_for(charlie).get(reverse("actions:agency_dashboard", args=[opdc.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ล่าช้าในห้องปิด" not in page and "ห้องปฏิบัติการเฉพาะสมาชิก" not in page
    assert 'data-kpi="late">1<' in page
    assert 'data-kpi="pledges-kept">33%<' in page


@pytest.mark.django_db
def test_agency_page_for_the_focal_point(world, opdc, client_for, bob):
    response = client_for(bob).get(reverse("actions:agency_dashboard", args=[opdc.pk]))
    page = response.content.decode()
    assert "ล่าช้าในห้องปิด" in page
    assert 'data-kpi="late">2<' in page
    assert 'data-chart="status"' in page and 'data-chart="bars"' in page
    # Their agency's commitment, in a lab they may not see: not its name.
    assert "ห้องปฏิบัติการเฉพาะสมาชิก" not in page
    assert 'data-field="hidden-lab"' in page


@pytest.mark.django_db
def test_a_member_of_the_members_only_lab_sees_its_name(world, opdc, hidden_lab, client_for, bob):
    member(hidden_lab, person("บ๊อบ", user=bob), "observer")
    page = client_for(bob).get(reverse("actions:agency_dashboard", args=[opdc.pk])).content
    assert "ห้องปฏิบัติการเฉพาะสมาชิก" in page.decode()
    assert b'data-field="hidden-lab"' not in page


@pytest.mark.django_db
def test_an_unknown_agency_is_404(client):
    assert client.get(reverse("actions:agency_dashboard", args=[999999])).status_code == 404


# --- Lab -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lab_figures(world, lab, opdc, ocsc):
    board = lab_dashboard(lab=lab)
    f = board.figures
    assert (f.total, f.done, f.late, f.at_risk, f.due_soon, f.completion) == (7, 1, 2, 1, 1, 17)
    rows = {r.key: r for r in board.agencies}
    assert (rows[opdc.pk].total, rows[opdc.pk].done, rows[opdc.pk].late) == (5, 1, 1)
    assert (rows[opdc.pk].at_risk, rows[opdc.pk].completion) == (1, 25)
    assert rows[opdc.pk].days_since_update == 0  # its on-track action, made today
    assert (rows[ocsc.pk].total, rows[ocsc.pk].late, rows[ocsc.pk].completion) == (2, 1, 0)
    assert [r.total for r in board.plans] == [7]
    # Only this lab's project: the members-only lab's pledge is not in it.
    assert (board.pledges.delivered, board.pledges.total, board.pledges.kept_rate) == (1, 4, 25)
    assert (board.pledges.agencies, board.pledges.money_pledged) == (2, 150000)
    assert [r.action.title_th for r in board.trouble] == ["ล่าช้า", "ของ ก.พ.", "เสี่ยง"]


@pytest.mark.django_db
def test_days_since_the_last_update_counts_unfinished_actions_only(plan, lab, opdc, dana):
    """One definition: from the last update, else from creation; what is
    done (or dropped) is not waiting for news."""
    now = timezone.now()
    waiting = make_action(plan, "รอความคืบหน้า", lead=opdc, due_date=days(30))
    done = make_action(plan, "ปิดงานแล้ว", lead=opdc, due_date=days(30))
    Action.objects.filter(pk=waiting.pk).update(created_at=now - dt.timedelta(days=20))
    progress_add(action=done, by=dana, text="เสร็จ", percent_complete=100)
    board = lab_dashboard(lab=lab)
    assert board.agencies[0].days_since_update == 20
    f = board.figures
    assert (f.median_days_since_update, f.max_days_since_update) == (20, 20)


@pytest.mark.django_db
def test_members_only_lab_dashboard_is_404_to_outsiders(
    world, hidden_lab, client_for, charlie, alice
):
    url = reverse("actions:lab_dashboard", args=[hidden_lab.pk])
    assert client_for(charlie).get(url).status_code == 404
    response = client_for(alice).get(url)
    assert response.status_code == 200
    assert "ล่าช้าในห้องปิด" in response.content.decode()


@pytest.mark.django_db
def test_lab_page_shows_agencies_and_plans(world, lab, client):
    response = client.get(reverse("actions:lab_dashboard", args=[lab.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-list="agencies"' in page and 'data-list="plans"' in page
    assert 'data-kpi="completion">17%<' in page


# --- Index ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_index_ranks_by_late_actions(world, opdc, ocsc, charlie, bob):
    rows = agency_index(viewer=viewer_of(charlie))
    assert [(r.pk, r.late, r.total) for r in rows] == [(opdc.pk, 1, 6), (ocsc.pk, 1, 2)]
    # OPDC's focal point sees their own agency's members-only commitments too.
    rows = {r.pk: r for r in agency_index(viewer=viewer_of(bob))}
    assert (rows[opdc.pk].late, rows[opdc.pk].total, rows[opdc.pk].completion) == (2, 7, 17)
    assert [r.pk for r in agency_index(viewer=viewer_of(charlie), ids=[ocsc.pk])] == [ocsc.pk]


@pytest.mark.django_db
def test_agency_index_counts_an_action_once_per_agency(plan, opdc, ocsc, charlie):
    from directory.services import organisation_create

    third = organisation_create(by=None, name_th="กรมที่สาม", sector="gov_central", kind="department")
    make_action(plan, "ร่วมกันสามหน่วย", lead=opdc, supporting=[ocsc, third], due_date=days(-1))
    make_action(plan, "สองหน่วย", lead=ocsc, supporting=[third], due_date=days(5))
    rows = {r.pk: r for r in agency_index(viewer=viewer_of(charlie))}
    assert {pk: (r.total, r.late) for pk, r in rows.items()} == {
        opdc.pk: (1, 1),
        ocsc.pk: (2, 1),
        third.pk: (2, 1),
    }


@pytest.mark.django_db
def test_lab_index_lists_the_labs_the_viewer_may_see(world, lab, hidden_lab, charlie, alice):
    rows = lab_index(viewer=viewer_of(charlie))
    assert [(r.pk, r.late, r.total) for r in rows] == [(lab.pk, 2, 7)]
    rows = lab_index(viewer=viewer_of(alice), late_only=True)
    assert [r.pk for r in rows] == [lab.pk, hidden_lab.pk]
    assert lab_index(viewer=viewer_of(alice), q="เฉพาะสมาชิก")[0].pk == hidden_lab.pk


@pytest.mark.django_db
def test_index_pages(world, opdc, client):
    from search.indexing import index_objects

    index_objects(kind="organisation", ids=[opdc.pk])
    page = client.get(reverse("actions:dashboards")).content.decode()
    assert reverse("actions:agency_dashboard", args=[opdc.pk]) in page
    found = client.get(reverse("actions:dashboards"), {"q": "กพร"}).content.decode()
    assert f'data-row="{opdc.pk}"' in found
    labs = client.get(reverse("actions:dashboards"), {"view": "labs"}).content.decode()
    assert "ห้องปฏิบัติการนโยบาย" in labs and "ห้องปฏิบัติการเฉพาะสมาชิก" not in labs
