"""The focal point's commitments: what their agencies lead or support in
every lab (members-only ones too) and what they own, grouped by urgency,
updated from a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import ActionPlan, today
from actions.selectors.dashboards import commitments
from actions.tests.conftest import make_action
from workshops.tests.conftest import make_lab, member, person

TODAY = today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def other_org(db):
    from directory.services import organisation_create

    return organisation_create(
        by=None,
        name_th="กรมส่งเสริมการปกครองท้องถิ่น",
        abbreviation_th="สถ.",
        sector="gov_central",
        kind="department",
    )


@pytest.fixture
def world(plan, opdc, ocsc, other_org, bob):
    """Bob is OPDC's focal point and owns one action OCSC leads."""
    hidden = make_lab("ห้องปฏิบัติการเฉพาะสมาชิก", visibility="members")
    hidden_plan = ActionPlan.objects.create(lab=hidden, title_th="แผนลับ")
    bob_person = person("บ๊อบ", user=bob)
    return {
        "late": make_action(plan, "ล่าช้า", lead=opdc, due_date=days(-4)),
        "hidden": make_action(hidden_plan, "ในห้องปิด", lead=opdc, due_date=days(-1)),
        "soon": make_action(plan, "ใกล้ครบ", lead=ocsc, supporting=[opdc], due_date=days(2)),
        "risk": make_action(plan, "เสี่ยง", lead=opdc, state="at_risk", due_date=days(40)),
        "track": make_action(plan, "ตามแผน", lead=opdc, state="on_track", due_date=days(90)),
        "owned": make_action(plan, "ของบ๊อบ", lead=ocsc, owner=bob_person, due_date=days(20)),
        "done": make_action(plan, "เสร็จ", lead=other_org, supporting=[opdc], percent_complete=100),
        "dropped": make_action(plan, "ยกเลิก", lead=opdc, state="dropped"),
        "theirs": make_action(plan, "ของหน่วยอื่น", lead=ocsc, supporting=[other_org]),
    }


def titles(data) -> dict[str, list[str]]:
    return {g.key: [c.action.title_th for c in g.cards] for g in data.groups if g.cards}


@pytest.mark.django_db
def test_lead_supporting_and_owned_across_labs_grouped(world, bob):
    data = commitments(user=bob)
    assert titles(data) == {
        "late": ["ล่าช้า", "ในห้องปิด"],
        "due-soon": ["ใกล้ครบ"],
        "at-risk": ["เสี่ยง"],
        "on-track": ["ของบ๊อบ", "ตามแผน"],
        "done": ["เสร็จ"],
    }
    roles = {c.action.title_th: c.roles for g in data.groups for c in g.cards}
    assert roles["ล่าช้า"] == ["lead"]
    assert roles["ใกล้ครบ"] == ["supporting"]
    assert roles["ของบ๊อบ"] == ["owner"]
    late = data.groups[0].cards
    assert [c.action.days_late for c in late] == [4, 1]
    assert data.total == 7 and data.owns_any


@pytest.mark.django_db
def test_no_other_agencys_actions(world, bob):
    shown = {c.action.pk for g in commitments(user=bob).groups for c in g.cards}
    assert world["theirs"].pk not in shown and world["dropped"].pk not in shown


@pytest.mark.django_db
def test_done_long_ago_drops_off(world, bob):
    from actions.models import Action

    Action.objects.filter(pk=world["done"].pk).update(completed_on=days(-31))
    assert "done" not in titles(commitments(user=bob))


@pytest.mark.django_db
def test_filter_by_agency_or_owned(world, bob, ocsc):
    ocsc.focal_points.add(bob)
    data = commitments(user=bob, agency=str(ocsc.pk))
    assert sorted(t for ts in titles(data).values() for t in ts) == sorted(
        ["ใกล้ครบ", "ของบ๊อบ", "ของหน่วยอื่น"]
    )
    data = commitments(user=bob, agency="mine")
    assert titles(data) == {"on-track": ["ของบ๊อบ"]}
    # Someone else's agency is not a filter: the full list instead.
    assert commitments(user=bob, agency="999999").total == commitments(user=bob).total


@pytest.mark.django_db
def test_page_has_cards_and_quick_update_forms(world, bob, client_for):
    url = reverse("actions:commitments")
    response = client_for(bob).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("late", "due-soon", "at-risk", "on-track", "done"):
        assert f'data-group="{key}"' in page
    late = world["late"]
    form_url = reverse("actions:progress_add", args=[late.pk])
    assert f'action="{form_url}"' in page
    assert f'name="next" value="{url}#action-{late.pk}"' in page
    assert 'name="percent_complete" value="50"' in page and 'name="text"' in page
    assert "ของหน่วยอื่น" not in page
    assert page.count('data-form="quick-update"') == 6  # not on the done card


@pytest.mark.django_db
def test_quick_update_comes_back_to_the_page(world, bob, client_for):
    late = world["late"]
    url = reverse("actions:commitments")
    client = client_for(bob)
    response = client.post(
        reverse("actions:progress_add", args=[late.pk]),
        {"percent_complete": "50", "text": "ประชุมหน่วยงานร่วมแล้ว", "next": f"{url}#action-{late.pk}"},
    )
    assert response.status_code == 302 and response["Location"] == f"{url}#action-{late.pk}"
    late.refresh_from_db()
    assert late.percent_complete == 50
    assert "ประชุมหน่วยงานร่วมแล้ว" in client.get(url).content.decode()


@pytest.mark.django_db
def test_sign_in_required(client):
    response = client.get(reverse("actions:commitments"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_nobody_sees_an_empty_page(charlie, client_for):
    response = client_for(charlie).get(reverse("actions:commitments"))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


@pytest.mark.django_db
def test_a_long_group_is_cut_and_has_a_page_of_its_own(world, bob, client_for, monkeypatch):
    from actions.selectors import dashboards

    monkeypatch.setattr(dashboards, "CARDS_PER_GROUP", 1)
    late = commitments(user=bob).groups[0]
    assert (late.count, len(late.cards), late.more) == (2, 1, 1)
    data = commitments(user=bob, group="late")
    assert data.only == "late"
    assert titles(data) == {"late": ["ล่าช้า", "ในห้องปิด"]}
    page = client_for(bob).get(reverse("actions:commitments")).content.decode()
    assert 'href="?group=late" data-more="late"' in page


@pytest.mark.django_db
def test_a_members_only_labs_name_is_not_shown(world, bob, client_for):
    cards = {c.action.title_th: c for g in commitments(user=bob).groups for c in g.cards}
    assert not cards["ในห้องปิด"].lab_visible and cards["ล่าช้า"].lab_visible
    page = client_for(bob).get(reverse("actions:commitments")).content.decode()
    assert "ในห้องปิด" in page and "ห้องปฏิบัติการเฉพาะสมาชิก" not in page
    assert page.count('data-field="hidden-lab"') == 1


@pytest.mark.django_db
def test_a_member_of_the_lab_sees_its_name(world, bob, client_for):
    member(world["hidden"].lab, world["owned"].owner, "observer")
    page = client_for(bob).get(reverse("actions:commitments")).content.decode()
    assert "ห้องปฏิบัติการเฉพาะสมาชิก" in page and 'data-field="hidden-lab"' not in page
