from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from workshops import services
from workshops.models import (
    BreakoutGroup,
    GroupMember,
    Link,
    Registration,
    Session,
    Speaker,
    Workshop,
)
from workshops.tests.conftest import at, in_english, person

WORKSHOP_POST = {
    "title_th": "วันเตรียมความพร้อม ป.ย.ป.",
    "title_en": "PMDU preparation day",
    "format": "hybrid",
    "venue": "ห้องประชุม 1 สำนักงาน ก.พ.ร.",
    "online_url": "https://zoom.example/j/2",
    "time_zone": "Asia/Bangkok",
    "capacity": "40",
}


def test_a_facilitator_creates_a_workshop_in_their_lab(client_for, dana, lab):
    response = client_for(dana).post(
        reverse("workshops:workshop_create"), {**WORKSHOP_POST, "lab": lab.pk}
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "workshops:agenda", args=[workshop.pk]
    )
    assert (workshop.lab, workshop.format, workshop.capacity) == (lab, "hybrid", 40)


def test_someone_without_a_lab_role_cannot_create_a_workshop(
    client, client_for, charlie, erin, lab
):
    assert client_for(charlie).get(reverse("workshops:workshop_create")).status_code == 403
    assert (
        client_for(erin)
        .post(reverse("workshops:workshop_create"), {**WORKSHOP_POST, "lab": lab.pk})
        .status_code
        == 403
    )
    client.logout()
    assert client.get(reverse("workshops:workshop_create")).status_code == 302
    assert not Workshop.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"time_zone": "Bangkok"}, "time_zone", "is not a time zone"),
        ({"online_url": ""}, "online_url", "needs its meeting link"),
        ({"venue": ""}, "venue", "needs its venue"),
        ({"capacity": "0"}, "capacity", ""),
    ],
)
def test_bad_workshop_input_is_explained_and_saves_nothing(
    client_for, dana, lab, change, field, message
):
    response = client_for(in_english(dana)).post(
        reverse("workshops:workshop_create"), {**WORKSHOP_POST, "lab": lab.pk, **change}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in str(response.context["form"].errors[field])
    assert not Workshop.objects.exists()


def test_editing_a_workshop(client_for, dana, workshop):
    response = client_for(dana).post(
        reverse("workshops:workshop_edit", args=[workshop.pk]),
        {**WORKSHOP_POST, "format": "online", "venue": ""},
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.format == "online"


def test_a_participant_cannot_edit_the_agenda(client_for, erin, workshop):
    client = client_for(erin)
    assert client.get(reverse("workshops:agenda", args=[workshop.pk])).status_code == 403
    assert (
        client.post(reverse("workshops:session_create", args=[workshop.pk]), {}).status_code == 403
    )


def session_post(**change):
    return {
        "date": "2024-03-01",
        "starts": "09:00",
        "ends": "12:00",
        "title_th": "ช่วงเช้า",
        "title_en": "Morning",
        **change,
    }


def test_adding_a_session_takes_times_in_the_events_zone(client_for, dana, workshop):
    services.workshop_update(workshop=workshop, by=None, time_zone="Europe/London")
    response = client_for(dana).post(
        reverse("workshops:session_create", args=[workshop.pk]),
        session_post(starts="09:00", ends="11:00", date="2022-02-09"),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == dt.datetime(2022, 2, 9, 9, 0, tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime(2022, 2, 9, 11, 0, tzinfo=dt.UTC)


def test_an_end_time_before_the_start_runs_to_the_next_day(client_for, dana, workshop):
    client_for(dana).post(
        reverse("workshops:session_create", args=[workshop.pk]),
        session_post(starts="22:00", ends="01:00"),
    )
    session = Session.objects.get()
    assert session.ends_at - session.starts_at == dt.timedelta(hours=3)


def test_a_session_ending_when_it_starts_is_refused_with_a_message(client_for, dana, workshop):
    response = client_for(in_english(dana)).post(
        reverse("workshops:session_create", args=[workshop.pk]), session_post(ends="09:00")
    )
    assert response.status_code == 200
    assert "A session must end after it starts." in str(response.context["form"].errors["ends"])
    assert not Session.objects.exists()


def test_an_overlapping_session_is_refused_next_to_the_start_time(client_for, dana, workshop):
    services.session_add(
        workshop=workshop, by=None, title_th="เปิดงาน", starts_at=at(1, 8), ends_at=at(1, 10)
    )
    response = client_for(in_english(dana)).post(
        reverse("workshops:session_create", args=[workshop.pk]), session_post()
    )
    assert response.status_code == 200
    assert "overlaps “เปิดงาน”" in str(response.context["form"].errors["starts"])
    assert Session.objects.count() == 1


def test_editing_a_session_shows_its_times_in_the_events_zone(client_for, dana, workshop, opdc):
    session = services.session_add(
        workshop=workshop,
        by=None,
        title_th="ก",
        starts_at=at(1, 16),
        ends_at=at(1, 18),
        invited_organisations=[opdc],
    )
    client = client_for(dana)
    html = client.get(
        reverse("workshops:session_edit", args=[workshop.pk, session.pk])
    ).content.decode()
    assert 'value="16:00"' in html and 'value="18:00"' in html and f"#{opdc.pk}" in html
    response = client.post(
        reverse("workshops:session_edit", args=[workshop.pk, session.pk]),
        session_post(date="2024-03-01", starts="16:30", ends="18:00", invited_organisations=""),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == at(1, 16, 30)
    assert not session.invited_organisations.exists()


def test_an_unknown_invited_organisation_is_explained(client_for, dana, workshop):
    response = client_for(dana).post(
        reverse("workshops:session_create", args=[workshop.pk]),
        session_post(invited_organisations="กรมที่ไม่มีอยู่จริง"),
    )
    assert response.status_code == 200
    assert "invited_organisations" in response.context["form"].errors
    assert not Session.objects.exists()


def test_removing_a_session(client_for, dana, workshop):
    session = services.session_add(
        workshop=workshop, by=None, title_th="ก", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    client = client_for(dana)
    assert (
        client.get(reverse("workshops:session_remove", args=[workshop.pk, session.pk])).status_code
        == 405
    )
    assert (
        client.post(reverse("workshops:session_remove", args=[workshop.pk, session.pk])).status_code
        == 302
    )
    assert not Session.objects.exists()


def test_adding_and_removing_a_speaker(client_for, dana, workshop, opdc):
    session = services.session_add(
        workshop=workshop, by=None, title_th="ก", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    speaker = person("สมศรี", organisation=opdc)
    client = client_for(dana)
    url = reverse("workshops:session_speakers", args=[workshop.pk, session.pk])
    response = client.post(
        url, {"person": f"{speaker.full_name} #{speaker.pk}", "title_shown": "รองเลขาธิการ ก.พ.ร."}
    )
    assert response.status_code == 302
    added = Speaker.objects.get()
    assert added.title_shown == "รองเลขาธิการ ก.พ.ร."
    assert "รองเลขาธิการ ก.พ.ร." in client.get(url).content.decode()
    response = client.post(url, {"person": "#999999"})
    assert "person" in response.context["form"].errors
    client.post(reverse("workshops:speaker_remove", args=[workshop.pk, session.pk, added.pk]))
    assert not Speaker.objects.exists()


def test_adding_a_bad_link_shows_the_agenda_with_the_error(client_for, dana, workshop):
    client = client_for(dana)
    response = client.post(
        reverse("workshops:link_add", args=[workshop.pk]), {"title": "อ่าน", "url": "not a link"}
    )
    assert response.status_code == 200 and "url" in response.context["link_form"].errors
    assert not Link.objects.exists()
    client.post(
        reverse("workshops:link_add", args=[workshop.pk]),
        {"title": "อ่าน", "url": "https://example.org/a"},
    )
    assert Link.objects.get().title == "อ่าน"


@pytest.fixture
def grouped_session(workshop, opdc, ocsc):
    session = services.session_add(
        workshop=workshop, by=None, title_th="กลุ่มย่อย", starts_at=at(1, 13), ends_at=at(1, 15)
    )
    for i in range(6):
        Registration.objects.create(
            workshop=workshop, person=person(f"คน {i}", organisation=opdc if i % 2 else ocsc)
        )
    return session


def test_the_groups_page_assigns_automatically_and_shows_the_mix(
    client_for, dana, workshop, grouped_session
):
    client = client_for(dana)
    url = reverse("workshops:groups", args=[workshop.pk, grouped_session.pk])
    response = client.post(
        reverse("workshops:groups_auto", args=[workshop.pk, grouped_session.pk]),
        {"by": "count", "number": "3"},
    )
    assert response.status_code == 302
    assert BreakoutGroup.objects.filter(session=grouped_session).count() == 3
    html = client.get(url).content.decode()
    assert html.count('data-same-pairs="0"') == 3


def test_too_many_groups_is_explained_and_keeps_the_groups(
    client_for, dana, workshop, grouped_session
):
    response = client_for(in_english(dana)).post(
        reverse("workshops:groups_auto", args=[workshop.pk, grouped_session.pk]),
        {"by": "count", "number": "7"},
    )
    assert response.status_code == 400
    assert "more than the 6 people" in str(response.context["auto_form"].errors["number"])
    assert not BreakoutGroup.objects.exists()


def test_moving_someone_by_drag_answers_json(client_for, dana, workshop, grouped_session):
    services.groups_auto_assign(session=grouped_session, by=None, group_count=2)
    first, second = BreakoutGroup.objects.filter(session=grouped_session)
    mover = first.members.first().person
    client = client_for(dana)
    url = reverse("workshops:group_move", args=[workshop.pk, grouped_session.pk])
    response = client.post(
        url, {"person": mover.pk, "group": second.pk}, HTTP_ACCEPT="application/json"
    )
    assert json.loads(response.content) == {"ok": True}
    assert GroupMember.objects.get(person=mover).group == second
    other_session = services.session_add(
        workshop=workshop, by=None, title_th="อื่น", starts_at=at(2, 9), ends_at=at(2, 10)
    )
    foreign = services.group_create(session=other_session, by=None, name="อื่น")
    response = client.post(
        url, {"person": mover.pk, "group": foreign.pk}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert GroupMember.objects.get(person=mover).group == second


def test_the_groups_page_is_for_those_who_run_the_workshop(
    client_for, erin, workshop, grouped_session
):
    assert (
        client_for(erin)
        .get(reverse("workshops:groups", args=[workshop.pk, grouped_session.pk]))
        .status_code
        == 403
    )


def test_a_session_of_another_workshop_is_a_404(client_for, dana, workshop, lab, grouped_session):
    other = services.workshop_create(by=None, lab=lab, title_th="อื่น")
    assert (
        client_for(dana)
        .get(reverse("workshops:groups", args=[other.pk, grouped_session.pk]))
        .status_code
        == 404
    )


def test_the_list_shows_public_workshops_and_hides_members_only_ones(client, workshop, private_lab):
    hidden = services.workshop_create(by=None, lab=private_lab, title_th="ประชุมลับ")
    html = client.get(reverse("workshops:workshops")).content.decode()
    assert workshop.title_th in html and hidden.title_th not in html
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="workshops.workshop.create").count() == 2
