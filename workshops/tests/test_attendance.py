"""Attendance per session: the facilitator's sheet, QR self check-in and the
figures by sector and organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from directory.services import organisation_create
from workshops import services as workshop_services
from workshops.models import Attendance, Registration
from workshops.services import registration as services
from workshops.tests.conftest import in_english, member, person

R = Registration.Status


@pytest.fixture
def live(workshop, alice):
    """The workshop, three places, two sessions today: one on now, one later."""
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=3)
    now = timezone.now().replace(microsecond=0)
    morning = workshop_services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงเช้า",
        title_en="Morning",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=90),
    )
    afternoon = workshop_services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงบ่าย",
        title_en="Afternoon",
        starts_at=now + dt.timedelta(hours=3),
        ends_at=now + dt.timedelta(hours=5),
    )
    workshop.refresh_from_db()
    return {"workshop": workshop, "morning": morning, "afternoon": afternoon}


@pytest.fixture
def other_workshop(lab, alice):
    other = workshop_services.workshop_create(by=alice, lab=lab, title_th="อีกเวิร์กช็อป")
    now = timezone.now()
    session = workshop_services.session_add(
        workshop=other,
        by=alice,
        title_th="ช่วงเดียว",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(hours=1),
    )
    return {"workshop": other, "session": session}


# --- The facilitator's sheet ---------------------------------------------------------


def test_ticking_in_is_idempotent_and_audited(live, alice):
    someone = person("สมชาย")
    services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    first, created = services.attendance_mark(session=live["morning"], person=someone, by=alice)
    again, created_again = services.attendance_mark(
        session=live["morning"], person=someone, by=alice
    )
    assert created and not created_again and first.pk == again.pk
    assert Attendance.objects.filter(person=someone).count() == 1
    assert AuditEntry.objects.filter(action="workshops.attendance.add").count() == 1


def test_attendance_is_per_session(live, alice):
    someone = person("สมชาย")
    services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    services.attendance_mark(session=live["morning"], person=someone, by=alice)
    sheet = services.attendance_sheet(live["workshop"])
    assert [present for _s, present in sheet.rows[0].cells] == [True, False]


def test_only_registered_people_can_be_ticked_in(live, alice):
    outsider, waiting = person("ไม่ได้ลงทะเบียน"), person("รอคิว")
    with pytest.raises(ValidationError, match="not registered"), translation.override("en"):
        services.attendance_mark(session=live["morning"], person=outsider, by=alice)
    for someone in [person(f"คน {i}") for i in range(3)]:
        services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    services.registration_create(workshop=live["workshop"], person=waiting, by=alice)
    with pytest.raises(ValidationError, match="not registered"), translation.override("en"):
        services.attendance_mark(session=live["morning"], person=waiting, by=alice)
    assert not Attendance.objects.exists()


def test_unticking_removes_and_audits(live, alice):
    someone = person("สมชาย")
    services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    services.attendance_mark(session=live["morning"], person=someone, by=alice)
    assert services.attendance_unmark(session=live["morning"], person=someone, by=alice)
    assert not services.attendance_unmark(session=live["morning"], person=someone, by=alice)
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.filter(action="workshops.attendance.remove").count() == 1


def test_the_sheet_saves_only_what_the_facilitator_changed(live, client_for, dana, alice):
    a, b = person("ก"), person("ข")
    for someone in (a, b):
        services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    morning, afternoon = live["morning"], live["afternoon"]
    client = client_for(dana)
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    page = client.get(url)
    assert page.status_code == 200
    # While the sheet is open, b checks in with the QR code.
    services.attendance_mark(session=morning, person=b, by=None, method=Attendance.Method.QR)
    response = client.post(url, {"present": [f"{morning.pk}-{a.pk}", f"{afternoon.pk}-{a.pk}"]})
    assert response.status_code == 302
    ticked = set(Attendance.objects.values_list("session_id", "person_id"))
    assert ticked == {(morning.pk, a.pk), (afternoon.pk, a.pk), (morning.pk, b.pk)}
    # Unticking a cell that was shown ticked removes it.
    client.post(
        url,
        {
            "present": [f"{morning.pk}-{a.pk}"],
            "was": [f"{morning.pk}-{a.pk}", f"{afternoon.pk}-{a.pk}"],
        },
    )
    ticked = set(Attendance.objects.values_list("session_id", "person_id"))
    assert ticked == {(morning.pk, a.pk), (morning.pk, b.pk)}


def test_the_sheet_refuses_a_session_of_another_workshop(
    live, other_workshop, client_for, dana, alice
):
    a = person("ก")
    services.registration_create(workshop=live["workshop"], person=a, by=alice)
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    response = client_for(in_english(dana)).post(
        url,
        {"present": [f"{live['morning'].pk}-{a.pk}", f"{other_workshop['session'].pk}-{a.pk}"]},
        follow=True,
    )
    assert any("not part of this workshop" in str(m) for m in response.context["messages"])
    assert not Attendance.objects.exists()


def test_the_sheet_refuses_garbage(live, client_for, dana):
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    response = client_for(in_english(dana)).post(url, {"present": ["1-x"]}, follow=True)
    assert any("unexpected" in str(m) for m in response.context["messages"])


def test_only_those_who_run_the_lab_see_the_sheet(live, client_for, erin, charlie, client):
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    assert client.get(url).status_code == 302
    assert client_for(erin).get(url).status_code == 403
    assert client_for(charlie).get(url).status_code == 403


def test_the_phone_view_shows_one_session(live, client_for, dana, alice):
    services.registration_create(workshop=live["workshop"], person=person("ก"), by=alice)
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    page = client_for(dana).get(url, {"session": live["afternoon"].pk}).content.decode()
    assert f'name="present" value="{live["afternoon"].pk}-' in page
    assert f'name="present" value="{live["morning"].pk}-' not in page


def test_the_sheet_costs_a_fixed_number_of_queries(live, client_for, dana, alice):
    from django.db import connection

    org = organisation_create(by=None, name_th="กรมหนึ่ง", sector="gov_central", kind="department")
    workshop_services.workshop_update(workshop=live["workshop"], by=alice, capacity=None)
    client = client_for(dana)
    url = reverse("workshops:attendance", args=[live["workshop"].pk])
    someone = person("คนแรก", organisation=org)
    services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    services.attendance_mark(session=live["morning"], person=someone, by=alice)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(25):
        extra = person(f"คน {i}", organisation=org)
        services.registration_create(workshop=live["workshop"], person=extra, by=alice)
        services.attendance_mark(session=live["afternoon"], person=extra, by=alice)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- Figures ---------------------------------------------------------------------------


def test_figures_by_sector_and_organisation(live, lab, alice):
    ministry = organisation_create(
        by=None, name_th="กรมหนึ่ง", sector="gov_central", kind="department"
    )
    university = organisation_create(
        by=None, name_th="มหาวิทยาลัยหนึ่ง", sector="academia", kind="university"
    )
    workshop = live["workshop"]
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=None)
    a, b = person("ก", organisation=ministry), person("ข", organisation=ministry)
    c = person("ค", organisation=university)
    # The lab records that c represents the ministry in this lab; that wins.
    d = person("ง", organisation=university)
    member(lab, d, "participant", organisation=ministry)
    nobody = person("จ")
    for someone in (a, b, c, d, nobody):
        services.registration_create(workshop=workshop, person=someone, by=alice)
    services.attendance_mark(session=live["morning"], person=a, by=alice)
    services.attendance_mark(session=live["afternoon"], person=a, by=alice)
    services.attendance_mark(session=live["morning"], person=c, by=alice)
    services.attendance_mark(session=live["morning"], person=d, by=alice)
    sheet = services.attendance_sheet(workshop)
    sectors = {f.key: (f.registered, f.attended) for f in sheet.by_sector}
    assert sectors == {"gov_central": (3, 2), "academia": (1, 1), "unknown": (1, 0)}
    organisations = {f.label: (f.registered, f.attended, f.percent) for f in sheet.by_organisation}
    assert organisations[ministry.display_name] == (3, 2, 67)
    assert organisations[university.display_name] == (1, 1, 100)
    assert [(f.session, f.attended) for f in sheet.per_session] == [
        (live["morning"], 3),
        (live["afternoon"], 1),
    ]
    assert (sheet.registered, sheet.attended) == (5, 3)


def test_the_figures_are_on_the_attendance_page(live, client_for, dana, alice):
    ministry = organisation_create(
        by=None, name_th="กรมหนึ่ง", sector="gov_central", kind="department"
    )
    someone = person("ก", organisation=ministry)
    services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    services.attendance_mark(session=live["morning"], person=someone, by=alice)
    page = (
        client_for(dana)
        .get(reverse("workshops:attendance", args=[live["workshop"].pk]))
        .content.decode()
    )
    assert 'data-list="by-sector"' in page and 'data-sector="gov_central"' in page
    assert f'data-organisation="{ministry.pk}"' in page


# --- QR self check-in --------------------------------------------------------------------


def checkin_url(session, token=None) -> str:
    return reverse(
        "workshops:checkin", args=[session.workshop_id, token or services.checkin_token(session)]
    )


def test_the_qr_page_draws_an_svg_of_the_signed_url(live, client_for, dana):
    session = live["morning"]
    page = client_for(dana).get(
        reverse("workshops:checkin_qr", args=[session.workshop_id, session.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    assert checkin_url(session) in html


def test_only_those_who_run_the_lab_see_the_qr_code(live, client_for, erin):
    session = live["morning"]
    url = reverse("workshops:checkin_qr", args=[session.workshop_id, session.pk])
    assert client_for(erin).get(url).status_code == 403


def test_a_registered_participant_checks_in_by_qr(live, client_for, erin, alice):
    services.register_user(workshop=live["workshop"], user=erin)
    client = client_for(erin)
    url = checkin_url(live["morning"])
    page = client.get(url)
    assert page.status_code == 200 and 'data-action="check-in"' in page.content.decode()
    response = client.post(url, follow=True)
    assert "data-checked-in" in response.content.decode()
    attendance = Attendance.objects.get(person=erin.person)
    assert (attendance.session, attendance.method) == (live["morning"], Attendance.Method.QR)
    # Scanning again changes nothing.
    client.post(url)
    assert Attendance.objects.filter(person=erin.person).count() == 1


def test_an_unregistered_person_is_registered_on_the_spot_when_there_is_room(
    live, client_for, charlie
):
    response = client_for(in_english(charlie)).post(checkin_url(live["morning"]), follow=True)
    assert any("free place" in str(m) for m in response.context["messages"])
    registration = Registration.objects.get(person__user=charlie)
    assert registration.status == R.REGISTERED
    assert Attendance.objects.filter(person__user=charlie, session=live["morning"]).exists()


def test_a_full_workshop_refuses_walk_ins_and_the_waiting_list(
    live, client_for, charlie, erin, alice
):
    for someone in [person(f"คน {i}") for i in range(3)]:
        services.registration_create(workshop=live["workshop"], person=someone, by=alice)
    waiting = services.register_user(workshop=live["workshop"], user=erin)
    assert waiting.status == R.WAITLISTED
    in_english(erin)
    response = client_for(in_english(charlie)).post(checkin_url(live["morning"]))
    assert response.status_code == 400 and "workshop is full" in response.content.decode()
    assert not Registration.objects.filter(person__user=charlie).exists()
    response = client_for(erin).post(checkin_url(live["morning"]))
    assert response.status_code == 400 and "waiting list" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_qr_code_from_another_workshop_is_refused(live, other_workshop, client_for, erin):
    services.register_user(workshop=live["workshop"], user=erin)
    token = services.checkin_token(other_workshop["session"])
    url = reverse("workshops:checkin", args=[live["workshop"].pk, token])
    client = client_for(in_english(erin))
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "another workshop" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_qr_code_pointing_at_a_session_of_another_workshop_is_refused(live, other_workshop):
    # A payload naming this workshop but another workshop's session.
    forged = signing.Signer(
        salt=f"saphan.workshops.checkin:{live['workshop'].pk}:{other_workshop['session'].pk}"
    ).sign_object({"w": live["workshop"].pk, "s": other_workshop["session"].pk})
    with pytest.raises(ValidationError) as caught:
        services.checkin_session(workshop=live["workshop"], token=forged)
    assert caught.value.code == "other_workshop"


def test_a_token_of_one_session_cannot_be_edited_into_another(live):
    morning, afternoon = live["morning"], live["afternoon"]
    token = services.checkin_token(morning)
    payload, signature = token.split(":", 1)
    edited = signing.b64_encode(
        f'{{"w":{morning.workshop_id},"s":{afternoon.pk}}}'.encode()
    ).decode()
    with pytest.raises(ValidationError) as caught:
        services.checkin_session(workshop=live["workshop"], token=f"{edited}:{signature}")
    assert caught.value.code == "invalid"


@pytest.mark.parametrize("token", ["nonsense", "e30:abc", "eyJ3IjoxLCJzIjoxfQ:forged", ""])
def test_a_tampered_token_is_refused(live, token):
    with pytest.raises(ValidationError) as caught:
        services.checkin_session(workshop=live["workshop"], token=token or "x")
    assert caught.value.code in {"invalid", "other_workshop"}


def test_a_tampered_token_on_the_page_records_nothing(live, client_for, erin):
    services.register_user(workshop=live["workshop"], user=erin)
    token = services.checkin_token(live["morning"])
    bad = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client_for(in_english(erin)).post(checkin_url(live["morning"], bad))
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_expired_code_is_refused(live, erin, alice):
    services.register_user(workshop=live["workshop"], user=erin)
    late = live["morning"].ends_at + services.CHECKIN_CLOSES_AFTER + dt.timedelta(seconds=1)
    with pytest.raises(ValidationError) as caught:
        services.checkin_user(
            workshop=live["workshop"],
            token=services.checkin_token(live["morning"]),
            user=erin,
            now=late,
        )
    assert caught.value.code == "expired"
    assert not Attendance.objects.exists()


def test_a_code_works_until_the_margin_after_the_end(live, erin):
    services.register_user(workshop=live["workshop"], user=erin)
    just_in_time = live["morning"].ends_at + services.CHECKIN_CLOSES_AFTER
    result = services.checkin_user(
        workshop=live["workshop"],
        token=services.checkin_token(live["morning"]),
        user=erin,
        now=just_in_time,
    )
    assert result.created


def test_a_code_for_a_later_session_does_not_open_early(live, erin, client_for):
    services.register_user(workshop=live["workshop"], user=erin)
    response = client_for(in_english(erin)).post(checkin_url(live["afternoon"]))
    assert response.status_code == 400 and "not opened yet" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_bad_code_creates_no_person_for_an_account_without_one(
    live, other_workshop, client_for, charlie
):
    from directory.models import Person

    token = services.checkin_token(other_workshop["session"])
    client_for(charlie).post(reverse("workshops:checkin", args=[live["workshop"].pk, token]))
    assert not Person.objects.filter(user=charlie).exists()


def test_an_anonymous_scan_goes_to_sign_in_and_back(live, client):
    url = checkin_url(live["morning"])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "checkin" in response["Location"]
