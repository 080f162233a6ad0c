"""The plan and action pages: what they show, to whom, and at what cost.

The query-count tests build the same shape at two sizes and assert the
same, exact number of queries: no page may do a query per row.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action, Lineage, Status, today
from actions.services.lineage import link
from actions.services.plans import milestone_save, plan_create, progress_add
from actions.tests.conftest import make_action
from boards.models import Method, Note, Persona
from boards.services import board_create, participant_join
from conftest import count_queries
from directory.models import Organisation, Person
from workshops.tests.conftest import member, person

pytestmark = pytest.mark.django_db

TODAY = today()


def grow(plan, size: int) -> list[Action]:
    """`size` more actions, each with two supporting agencies, an owner, a
    dependency on the one before, a milestone and a progress update."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name_th=f"หน่วยงาน {size}-{i}", abbreviation_th=f"นง{size}{i}", kind="office")
        for i in range(size + 2)
    )
    made: list[Action] = []
    for i in range(size):
        owner = Person.objects.create(first_name_th=f"เจ้าของ{size}-{i}")
        made.append(
            make_action(
                plan,
                f"กิจกรรม {size}-{i}",
                ref=f"{size}.{i + 1}",
                lead=organisations[i],
                supporting=organisations[i + 1 : i + 3],
                owner=owner,
                start_date=TODAY - dt.timedelta(days=size + i),
                due_date=TODAY + dt.timedelta(days=i - size // 2),
                depends_on=made[-1:],
            )
        )
        milestone_save(action=made[-1], by=None, title=f"หมุด {i}", due_date=TODAY)
        progress_add(action=made[-1], by=None, text="ประชุมแล้ว", percent_complete=i % 100)
    return made


def board_note(lab, text: str) -> Note:
    """A note on a new board of `lab`, written from a phone."""
    board = board_create(
        lab=lab, by=None, method=Method.objects.get(key="hopes-fears", lab=None), title="กระดาน"
    )
    author, _token = participant_join(board=board, display_name="ผู้ร่วม", organisation=None)
    return Note.objects.create(board=board, author=author, zone="hopes", text=text, client_id="n1")


# --- The plan page ----------------------------------------------------------------------


def test_the_plan_page_shows_each_action_with_agencies_owner_dates_and_status(
    client, plan, opdc, ocsc, dana
):
    owner = dana.person
    action = make_action(
        plan,
        "จัดทำคู่มือการบริการประชาชน",
        ref="1.1",
        lead=opdc,
        supporting=[ocsc],
        owner=owner,
        start_date=dt.date(2026, 1, 5),
        due_date=dt.date(2099, 3, 31),
    )
    progress_add(action=action, by=dana, text="ร่างคู่มือแล้ว", percent_complete=40)
    response = client.get(plan.get_absolute_url())
    html = response.content.decode()
    row = html[html.index(f'data-action-row="{action.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in ["1.1", action.title_th, "ก.พ.ร.", "ก.พ.", "ดนัย", "5 ม.ค. 69", "31 มี.ค. 42"]:
        assert text in row, text
    assert 'data-status="on_track"' in row and "width: 40%" in row
    assert "วันนี้" in row or "Today" in row  # the last update
    assert 'data-chart="status"' in html and 'data-chart="timeline"' in html


def test_an_action_past_its_due_date_shows_as_late_by_so_many_days(client, plan, opdc):
    late = make_action(plan, "ล่าช้า", lead=opdc, due_date=TODAY - dt.timedelta(days=3))
    done = make_action(plan, "เสร็จ", lead=opdc, due_date=TODAY - dt.timedelta(days=3))
    progress_add(action=done, by=None, text="เสร็จแล้ว", percent_complete=100)
    response = client.get(plan.get_absolute_url())
    page = response.context["page"]
    assert {a.pk: a.status for a in page.actions} == {late.pk: "late", done.pk: "done"}
    assert page.counts == {"late": 1, "done": 1}
    html = response.content.decode()
    assert 'data-late="1"' in html
    assert 'data-status="late"' in html and "· 3 " in html  # days late


def test_the_plan_page_filters_by_derived_status_and_by_agency(client, plan, opdc, ocsc):
    late = make_action(plan, "ล่าช้า", lead=opdc, due_date=TODAY - dt.timedelta(days=1))
    supported = make_action(plan, "ก.พ. สนับสนุน", lead=opdc, supporting=[ocsc])
    led = make_action(plan, "ก.พ. นำ", lead=ocsc)
    url = plan.get_absolute_url()

    def shown(query: str) -> set[int]:
        return {a.pk for a in client.get(f"{url}?{query}").context["page"].actions}

    assert shown("status=late") == {late.pk}
    assert shown(f"agency={ocsc.pk}") == {supported.pk, led.pk}
    assert shown(f"status=not_started&agency={opdc.pk}") == {supported.pk}
    assert shown("status=bogus") == {late.pk, supported.pk, led.pk}
    # The chart counts the whole plan whatever the filter.
    assert client.get(f"{url}?status=late").context["page"].total == 3


def test_dependencies_show_on_the_plan_and_both_ways_on_the_action(client, plan, opdc):
    first = make_action(plan, "สำรวจข้อมูล", ref="1", lead=opdc)
    second = make_action(plan, "ออกแบบบริการ", ref="2", lead=opdc, depends_on=[first])
    html = client.get(plan.get_absolute_url()).content.decode()
    row = html[html.index(f'data-action-row="{second.pk}"') :]
    assert first.get_absolute_url() in row[: row.index("</tr>")]
    page = client.get(first.get_absolute_url()).context["page"]
    assert page.dependents == [second] and page.depends_on == []
    assert client.get(second.get_absolute_url()).context["page"].depends_on == [first]


def test_actions_sort_by_their_reference_as_numbers(client, plan, opdc):
    for ref in ["1.10", "2", "1.2", ""]:
        make_action(plan, f"ข้อ {ref}", ref=ref, lead=opdc)
    page = client.get(plan.get_absolute_url()).context["page"]
    assert [a.ref for a in page.actions] == ["1.2", "1.10", "2", ""]


def test_the_timeline_places_bars_from_start_to_due(client, plan, opdc):
    make_action(plan, "ก", lead=opdc, start_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 11))
    make_action(plan, "ข", lead=opdc, start_date=dt.date(2026, 1, 6), due_date=dt.date(2026, 1, 21))
    make_action(plan, "ค", lead=opdc, due_date=None)
    timeline = client.get(plan.get_absolute_url()).context["page"].timeline
    assert (timeline.start, timeline.end, timeline.undated) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 21),
        1,
    )
    assert [(b.left, b.width) for b in timeline.bars] == [(0.0, 50.0), (25.0, 75.0)]


def test_excel_and_editing_are_offered_to_those_who_change_the_plan(
    client, client_for, plan, dana, erin
):
    export = reverse("actions:plan_export", args=[plan.pk])
    assert export not in client.get(plan.get_absolute_url()).content.decode()
    assert export not in client_for(erin).get(plan.get_absolute_url()).content.decode()
    html = client_for(dana).get(plan.get_absolute_url()).content.decode()
    assert export in html and reverse("actions:plan_import", args=[plan.pk]) in html
    assert reverse("actions:action_create", args=[plan.pk]) in html


# Plan (with lab, challenge, proposal), its actions with status, their
# agencies, their dependencies, the counts by status: 5. Signed in: +
# session, user; a facilitator: + the lab role for "change the plan" and
# model permissions (2).
@pytest.mark.parametrize(("persona", "expected"), [(None, 5), ("dana", 10), ("alice", 7)])
def test_the_plan_page_uses_the_same_queries_whatever_the_size(
    request, client, client_for, plan, persona, expected
):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    grow(plan, 3)
    small = count_queries(client, plan.get_absolute_url())
    grow(plan, 10)
    large = count_queries(client, plan.get_absolute_url())
    assert small == large == expected


# --- The action page ---------------------------------------------------------------------


def test_the_action_page_shows_details_milestones_updates_and_where_it_came_from(
    client, lab, plan, opdc, ocsc, dana, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    owner = person("สมชาย", organisation=opdc)
    action = make_action(
        plan, "เชื่อมข้อมูล", lead=opdc, supporting=[ocsc], owner=owner, description="เชื่อมฐานข้อมูลกลาง"
    )
    milestone_save(action=action, by=dana, title="ลงนาม MOU", due_date=TODAY - dt.timedelta(days=1))
    progress_add(
        action=action,
        by=dana,
        text="ประชุมหน่วยงานแล้ว",
        percent_complete=30,
        evidence_link="https://example.org/minutes",
        evidence_text="รายงานการประชุม",
    )
    note = board_note(lab, "ใช้ข้อมูลร่วมกัน")
    persona_ = Persona.objects.create(lab=lab, name="ป้าแดง")
    link(by=dana, notes=[note], personas=[persona_], action=action)

    html = client.get(action.get_absolute_url()).content.decode()
    for text in [
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "สำนักงานคณะกรรมการข้าราชการพลเรือน",
        "สมชาย",
        "เชื่อมฐานข้อมูลกลาง",
        "ลงนาม MOU",
        "ประชุมหน่วยงานแล้ว",
        "https://example.org/minutes",
        "รายงานการประชุม",
        "ใช้ข้อมูลร่วมกัน",
        "ป้าแดง",
    ]:
        assert text in html, text
    assert 'data-section="origins"' in html and "status-late" in html  # the late milestone


# Action (with plan, lab, agency, owner), the page's action with status,
# supporting agencies, dependencies both ways, milestones, updates = 7;
# where it came from = 1. Signed in: + session, user, model permissions (2);
# a facilitator: + lab roles for change_action, update_progress, change_plan
# (3); a focal point: + lab roles (3) and focal points of the lead agency (2).
@pytest.mark.parametrize(("persona", "expected"), [(None, 8), ("dana", 15), ("bob", 17)])
def test_the_action_page_uses_the_same_queries_whatever_the_size(
    request, client, client_for, plan, opdc, persona, expected
):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    made = grow(plan, 3)
    action = make_action(
        plan,
        "ศูนย์กลาง",
        lead=opdc,
        supporting=[a.lead_agency for a in made[:2]],
        depends_on=made[:2],
    )
    small = count_queries(client, action.get_absolute_url())
    more = grow(plan, 8)
    for other in more:
        milestone_save(action=action, by=None, title=f"หมุด {other.pk}")
        progress_add(action=action, by=None, text=f"งาน {other.pk}", percent_complete=10)
    from actions.services.plans import action_update

    action_update(
        action=action,
        by=None,
        depends_on=made + more[:5],
        supporting=[a.lead_agency for a in more],
    )
    large = count_queries(client, action.get_absolute_url())
    assert small == large == expected


# --- Who sees what --------------------------------------------------------------------------


def test_a_members_only_lab_is_a_404_but_the_lead_agencys_focal_point_sees_its_action(
    client, client_for, private_lab, opdc, ocsc, bob, charlie
):
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    action = make_action(plan, "งานของ ก.พ.ร.", lead=opdc)
    other = make_action(plan, "งานของ ก.พ.", lead=ocsc)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 404
    outsider = client_for(charlie)
    assert outsider.get(action.get_absolute_url()).status_code == 404
    focal = client_for(bob)
    response = focal.get(action.get_absolute_url())
    assert response.status_code == 200
    # Their commitment, not the lab: no name of the lab, no link to its pages.
    html = response.content.decode()
    assert private_lab.name_th not in html
    assert reverse("actions:outputs", args=[private_lab.pk]) not in html
    assert focal.get(plan.get_absolute_url()).status_code == 404
    assert focal.get(other.get_absolute_url()).status_code == 404


def test_the_owner_sees_their_action_in_a_members_only_lab(client_for, private_lab, opdc, charlie):
    owner = person("ชาลี", user=charlie)
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    action = make_action(plan, "งานของชาลี", lead=opdc, owner=owner)
    assert client_for(charlie).get(action.get_absolute_url()).status_code == 200


def test_a_member_of_a_members_only_lab_sees_its_plan(client_for, private_lab, erin):
    member(private_lab, erin.person, "observer")
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    assert client_for(erin).get(plan.get_absolute_url()).status_code == 200


# --- Plans: create, edit, delete ----------------------------------------------------------------


def test_a_facilitator_creates_edits_and_deletes_a_plan(client_for, lab, dana):
    client = client_for(dana)
    response = client.post(
        reverse("actions:plan_create", args=[lab.pk]), {"title_th": "แผนปฏิบัติการร่วม ป.ย.ป."}
    )
    plan = lab.action_plans.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    client.post(
        reverse("actions:plan_edit", args=[plan.pk]), {"title_th": "แผนใหม่", "title_en": "New"}
    )
    plan.refresh_from_db()
    assert (plan.title_th, plan.title_en) == ("แผนใหม่", "New")
    response = client.post(reverse("actions:plan_delete", args=[plan.pk]))
    assert response["Location"] == reverse("actions:outputs", args=[lab.pk])
    assert not lab.action_plans.exists()


def test_a_plan_started_from_a_proposal_carries_it_out(client_for, lab, private_lab, dana):
    from actions.services.proposals import proposal_create

    proposal = proposal_create(lab=lab, by=dana, kind="project", title_th="ตลาดอาหารชุมชน")
    elsewhere = proposal_create(lab=private_lab, by=None, kind="policy", title_th="ของห้องอื่น")
    client = client_for(dana)
    url = reverse("actions:plan_create", args=[lab.pk])
    form = client.get(f"{url}?proposal={proposal.pk}").context["form"]
    assert form["proposal"].value() == proposal.pk
    for wanted in (elsewhere.pk, "x"):
        assert client.get(f"{url}?proposal={wanted}").context["form"]["proposal"].value() is None
    client.post(f"{url}?proposal={proposal.pk}", {"title_th": "แผนตลาด", "proposal": proposal.pk})
    assert lab.action_plans.get().proposal == proposal


def test_participants_and_visitors_cannot_make_plans(client, client_for, lab, plan, erin):
    url = reverse("actions:plan_create", args=[lab.pk])
    assert client.get(url).status_code == 302  # to sign in
    assert client_for(erin).post(url, {"title_th": "แผน"}).status_code == 403
    assert client_for(erin).post(reverse("actions:plan_delete", args=[plan.pk])).status_code == 403
    assert lab.action_plans.count() == 1


# --- The action form ----------------------------------------------------------------------------


def _action_data(**overrides):
    data = {
        "title_th": "พัฒนาระบบติดตามผล",
        "ref": "2.1",
        "lead_agency": "ก.พ.ร.",
        "state": "not_started",
        "percent_complete": "0",
    }
    data.update(overrides)
    return data


def test_the_action_form_takes_agencies_by_name_an_owner_dates_and_dependencies(
    client_for, plan, opdc, ocsc, dana
):
    owner = person("สมหญิง", organisation=ocsc)
    first = make_action(plan, "ก่อน", lead=opdc)
    third = Organisation.objects.create(
        name_th="กรมการปกครอง", abbreviation_th="ปค.", kind="department"
    )
    response = client_for(dana).post(
        reverse("actions:action_create", args=[plan.pk]),
        _action_data(
            supporting_0=f"{ocsc.name_th} #{ocsc.pk}",
            supporting_1="ปค.",
            supporting_5="ก.พ.",  # repeated: kept once
            owner=f"สมหญิง #{owner.pk}",
            start_date="2026-02-01",
            due_date="2026-06-30",
            depends_on=[first.pk],
            description="ระบบรายงานผลออนไลน์",
        ),
    )
    action = Action.objects.get(ref="2.1")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.lead_agency == opdc and action.owner == owner
    assert set(action.supporting_agencies.all()) == {ocsc, third}
    assert (action.start_date, action.due_date) == (dt.date(2026, 2, 1), dt.date(2026, 6, 30))
    assert list(action.depends_on.all()) == [first]


def test_the_action_form_offers_no_late_and_refuses_it(client_for, plan, dana):
    client = client_for(dana)
    form = client.get(reverse("actions:action_create", args=[plan.pk])).context["form"]
    assert "late" not in dict(form.fields["state"].choices)
    response = client.post(
        reverse("actions:action_create", args=[plan.pk]), _action_data(state="late")
    )
    assert response.status_code == 400 and response.context["form"].errors["state"]
    assert not Action.objects.exists()


def test_an_unknown_agency_is_an_error_beside_its_box(client_for, plan, dana):
    response = client_for(dana).post(
        reverse("actions:action_create", args=[plan.pk]),
        _action_data(lead_agency="กระทรวงที่ไม่มีจริง", supporting_2="ไม่มีจริงเหมือนกัน"),
    )
    errors = response.context["form"].errors
    assert response.status_code == 400 and "lead_agency" in errors and "supporting_2" in errors
    assert not Action.objects.exists()


def test_a_dependency_cycle_is_refused_and_changes_nothing(client_for, plan, opdc, dana):
    first = make_action(plan, "หนึ่ง", ref="1", lead=opdc)
    second = make_action(plan, "สอง", ref="2", lead=opdc, depends_on=[first])
    response = client_for(dana).post(
        reverse("actions:action_edit", args=[first.pk]),
        _action_data(title_th="หนึ่ง (แก้)", ref="1", depends_on=[second.pk]),
    )
    assert response.status_code == 400
    assert "depends_on" in response.context["form"].errors
    first.refresh_from_db()
    assert first.title_th == "หนึ่ง" and not first.depends_on.exists()


def test_an_action_of_another_plan_is_no_dependency(client_for, lab, plan, opdc, dana):
    elsewhere = make_action(plan_create(lab=lab, by=None, title_th="แผนอื่น"), "ที่อื่น", lead=opdc)
    response = client_for(dana).post(
        reverse("actions:action_create", args=[plan.pk]), _action_data(depends_on=[elsewhere.pk])
    )
    assert response.status_code == 400 and "depends_on" in response.context["form"].errors
    assert not plan.actions.exists()


def test_an_action_made_from_board_notes_keeps_the_line_back(client_for, lab, plan, dana):
    note = board_note(lab, "ศูนย์บริการร่วม")
    persona_ = Persona.objects.create(lab=lab, name="ลุงสมศักดิ์")
    url = f"{reverse('actions:action_create', args=[plan.pk])}?notes={note.pk},x&personas={persona_.pk}"
    client = client_for(dana)
    assert "ศูนย์บริการร่วม" in client.get(url).content.decode()
    client.post(url, _action_data())
    action = plan.actions.get()
    assert set(Lineage.objects.filter(action=action).values_list("note_id", "persona_id")) == {
        (note.pk, None),
        (None, persona_.pk),
    }


def _progress_data(**overrides):
    data = {"state": "at_risk", "percent_complete": "30", "due_date": "2026-12-31"}
    data.update(overrides)
    return data


def test_the_lead_agencys_focal_point_edits_the_action_but_not_a_supporting_one(
    client_for, plan, action, bob, ocsc, charlie
):
    ocsc.focal_points.add(charlie)
    url = reverse("actions:action_edit", args=[action.pk])
    data = _progress_data(description="ล่าช้าเพราะรองบประมาณ")
    assert client_for(charlie).post(url, data).status_code == 403
    response = client_for(bob).post(url, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.state, action.percent_complete) == (Status.AT_RISK, 30)
    assert action.due_date == dt.date(2026, 12, 31)
    assert action.description == "ล่าช้าเพราะรองบประมาณ"
    # The supporting agency stays: the boxes are not on this form.
    assert list(action.supporting_agencies.all()) == [ocsc]


def test_a_focal_point_or_owner_cannot_change_who_sees_the_action(
    client_for, private_lab, opdc, ocsc, bob, erin
):
    """Who leads, supports and owns an action decides who sees it; in a
    members-only lab only those who run the lab may change that."""
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    ours = make_action(plan, "งานของ ก.พ.ร.", lead=opdc, owner=erin.person)
    someone = person("คนนอก")
    url = reverse("actions:action_edit", args=[ours.pk])
    for user in (bob, erin):  # the lead agency's focal point, the owner
        client = client_for(user)
        html = client.get(url).content.decode()
        assert 'name="lead_agency"' not in html and 'name="supporting_0"' not in html
        assert 'name="owner"' not in html and 'name="title_th"' not in html
        crafted = _progress_data(
            title_th="ชื่อใหม่",
            lead_agency=f"#{ocsc.pk}",
            supporting_0=f"#{ocsc.pk}",
            owner=f"#{someone.pk}",
        )
        assert client.post(url, crafted).status_code == 302
        ours.refresh_from_db()
        assert (ours.title_th, ours.lead_agency, ours.owner) == ("งานของ ก.พ.ร.", opdc, erin.person)
        assert not ours.supporting_agencies.exists()
        assert ours.percent_complete == 30


def test_editing_the_percent_or_status_leaves_a_progress_update(client_for, action, dana):
    url = reverse("actions:action_edit", args=[action.pk])
    client = client_for(dana)
    client.post(url, _action_data(title_th="ชื่อใหม่", lead_agency=f"#{action.lead_agency_id}"))
    assert not action.updates.exists()  # no change of percent or status: nothing to tell
    client.post(
        url,
        _action_data(
            state="on_track", percent_complete="40", lead_agency=f"#{action.lead_agency_id}"
        ),
    )
    action.refresh_from_db()
    update = action.updates.get()
    assert (update.percent_complete, update.state, update.by) == (40, Status.ON_TRACK, dana)
    assert update.created_at == action.last_update_at
    html = client.get(action.get_absolute_url()).content.decode()
    assert update.text in html and "40%" in html


def test_the_edit_form_shows_the_current_values(client_for, plan, action, ocsc, dana):
    html = client_for(dana).get(reverse("actions:action_edit", args=[action.pk])).content.decode()
    assert f"#{ocsc.pk}" in html and action.title_th in html


def test_a_new_owner_with_an_account_is_notified(client_for, plan, opdc, dana, erin):
    client_for(dana).post(
        reverse("actions:action_create", args=[plan.pk]), _action_data(owner=f"#{erin.person.pk}")
    )
    notification = erin.notifications.get()
    assert notification.kind == "assigned" and "พัฒนาระบบติดตามผล" in notification.title
    assert notification.url == plan.actions.get().get_absolute_url()
    assert not dana.notifications.exists()


def test_the_owner_is_not_told_twice_and_assigning_oneself_tells_nobody(plan, opdc, dana, erin):
    from actions.services.plans import action_update

    action = make_action(plan, "งาน", lead=opdc, owner=dana.person, by=dana)
    assert not dana.notifications.exists()
    action_update(action=action, by=dana, title_th="งาน (แก้)")
    action_update(action=action, by=dana, owner=erin.person)
    action_update(action=action, by=dana, percent_complete=10)
    # Told once of the assignment, then of the progress someone else recorded.
    assert list(erin.notifications.order_by("pk").values_list("kind", flat=True)) == [
        "assigned",
        "update",
    ]


def test_deleting_an_action_is_for_those_who_run_the_lab(client_for, plan, action, bob, dana):
    assert (
        client_for(bob).post(reverse("actions:action_delete", args=[action.pk])).status_code == 403
    )
    response = client_for(dana).post(reverse("actions:action_delete", args=[action.pk]))
    assert response["Location"] == plan.get_absolute_url() and not plan.actions.exists()


# --- Milestones -----------------------------------------------------------------------------------


def test_milestones_are_added_edited_reached_and_removed(client_for, action, bob):
    client = client_for(bob)
    client.post(
        reverse("actions:milestone_add", args=[action.pk]),
        {"title": "ร่างเสร็จ", "due_date": "2026-03-01"},
    )
    milestone = action.milestones.get()
    assert milestone.due_date == dt.date(2026, 3, 1) and milestone.done_on is None
    client.post(
        reverse("actions:milestone_edit", args=[action.pk, milestone.pk]),
        {"title": "ร่างฉบับแรกเสร็จ", "due_date": "2026-03-15"},
    )
    client.post(reverse("actions:milestone_reached", args=[action.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert (milestone.title, milestone.done_on) == ("ร่างฉบับแรกเสร็จ", TODAY)
    client.post(reverse("actions:milestone_delete", args=[action.pk, milestone.pk]))
    assert not action.milestones.exists()


def test_a_milestone_needs_a_title_and_belongs_to_its_action(client_for, plan, action, opdc, bob):
    client = client_for(bob)
    response = client.post(reverse("actions:milestone_add", args=[action.pk]), {"title": " "})
    assert response.status_code == 400 and not action.milestones.exists()
    other = make_action(plan, "อื่น", lead=opdc)
    theirs = milestone_save(action=other, by=None, title="ของงานอื่น")
    assert (
        client.get(reverse("actions:milestone_edit", args=[action.pk, theirs.pk])).status_code
        == 404
    )


def test_a_supporting_agencys_focal_point_cannot_change_milestones(
    client_for, action, ocsc, charlie
):
    ocsc.focal_points.add(charlie)
    response = client_for(charlie).post(
        reverse("actions:milestone_add", args=[action.pk]), {"title": "x"}
    )
    assert response.status_code == 403 and not action.milestones.exists()


def test_status_choices_on_the_model_never_include_late():
    assert Status.LATE not in dict(Action._meta.get_field("state").choices)


def test_a_focal_point_outside_the_lab_sees_no_other_action_of_its_plan(
    client_for, private_lab, opdc, ocsc, bob
):
    plan = plan_create(lab=private_lab, by=None, title_th="แผนภายใน")
    before = make_action(plan, "งานลับของ ก.พ.", lead=ocsc)
    ours = make_action(plan, "งานของ ก.พ.ร.", lead=opdc, depends_on=[before])
    client = client_for(bob)
    html = client.get(ours.get_absolute_url()).content.decode()
    assert "งานลับของ ก.พ." not in html and before.get_absolute_url() not in html
    edit = reverse("actions:action_edit", args=[ours.pk])
    assert "งานลับของ ก.พ." not in client.get(edit).content.decode()
    response = client.post(edit, _progress_data(depends_on=[]))
    assert response.status_code == 302
    assert list(ours.depends_on.all()) == [before]
