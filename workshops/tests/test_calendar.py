"""Calendar files: a workshop's .ics and a person's own schedule."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from conftest import PASSWORD
from directory.services import person_create
from labs.models import Lab, Role
from labs.services import lab_create, member_add, person_for_user
from workshops import calendar
from workshops.models import Registration, Session, Speaker, Workshop

UTC = dt.UTC
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")

TITLE_TH = "การสร้างสะพานข้ามรัฐบาลเพื่อบรรลุการเปลี่ยนแปลงเชิงปฏิรูป"
TITLE_EN = "Building bridges across government for transformative change"


def unfolded_lines(body: bytes) -> list[str]:
    """RFC 5545 content lines, read without the icalendar library: a line
    starting with a space or tab continues the one before (section 3.1)."""
    text = body.decode("utf-8")
    assert "\r\n" in text, "content lines end with CRLF"
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw[:1] in {" ", "\t"} and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def events_of(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def as_utc(value: object) -> dt.datetime:
    assert isinstance(value, dt.datetime) and value.tzinfo is not None, value
    return value.astimezone(UTC)


@pytest.fixture
def speaker_person(db, opdc):
    return person_create(
        by=None,
        honorific="นางสาว",
        academic_title="ผศ.ดร.",
        first_name_th="น้ำทิพย์",
        last_name_th="ใจดี",
        first_name_en="Namthip",
        last_name_en="Jaidee",
        organisation=opdc,
    )


def make_workshop(lab: Lab, *, title_th: str, title_en: str = "") -> Workshop:
    return Workshop.objects.create(
        lab=lab,
        title_th=title_th,
        title_en=title_en,
        format=Workshop.Format.HYBRID,
        venue="ห้องประชุม 1 สำนักงาน ก.พ.ร.",
        online_url="https://zoom.example/j/123",
        time_zone="Europe/London",
    )


def add_session(
    workshop: Workshop, *, start: dt.datetime, hours: int, title_th: str, title_en: str = ""
) -> Session:
    return Session.objects.create(
        workshop=workshop,
        title_th=title_th,
        title_en=title_en,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        description="แลกเปลี่ยนประสบการณ์การทำงานข้ามหน่วยงาน",
    )


@pytest.fixture
def public_lab(db):
    return lab_create(by=None, name_th="ห้องปฏิบัติการนโยบาย TIPC", name_en="TIPC policy lab")


@pytest.fixture
def tipc(public_lab, speaker_person):
    """The TIPC × One Team Gov session: 09:00–11:00 GMT, 16:00–18:00 in Bangkok."""
    workshop = make_workshop(public_lab, title_th=TITLE_TH, title_en=TITLE_EN)
    first = add_session(
        workshop,
        start=dt.datetime(2022, 2, 9, 9, 0, tzinfo=UTC),
        hours=1,
        title_th="ส่วนที่ 1: ช่องว่างระหว่างการเปลี่ยนแปลง",
        title_en="Part 1: the gap between changes",
    )
    add_session(
        workshop,
        start=dt.datetime(2022, 2, 9, 10, 0, tzinfo=UTC),
        hours=1,
        title_th="ส่วนที่ 2: ห้องย่อย",
        title_en="Part 2: breakout discussion",
    )
    Speaker.objects.create(
        session=first,
        person=speaker_person,
        title_shown="ผู้อำนวยการกองนวัตกรรม",
        organisation_shown="สำนักงาน ก.พ.ร.",
    )
    return workshop


def ics_url(workshop: Workshop) -> str:
    return reverse("workshops:ics", args=[workshop.pk])


# --- A workshop's calendar ------------------------------------------------------------


def test_it_serves_a_workshop_calendar_that_parses_with_session_times_in_utc(client, tipc):
    response = client.get(ics_url(tipc))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].endswith('.ics"')
    events = events_of(response.content)
    sessions = list(tipc.sessions.order_by("starts_at"))
    assert len(events) == len(sessions) == 2
    for event, session in zip(events, sessions, strict=True):
        assert as_utc(event.decoded("dtstart")) == session.starts_at
        assert as_utc(event.decoded("dtend")) == session.ends_at
        assert str(event["uid"]) == f"session-{session.pk}@{calendar.site_host()}"
        assert event.decoded("dtstamp").tzinfo is not None


def test_the_tipc_session_is_nine_to_eleven_gmt_and_four_to_six_in_bangkok(client, tipc):
    event = events_of(client.get(ics_url(tipc)).content)[0]

    start, end = as_utc(event.decoded("dtstart")), as_utc(event.decoded("dtend"))
    assert (start, end) == (
        dt.datetime(2022, 2, 9, 9, 0, tzinfo=UTC),
        dt.datetime(2022, 2, 9, 10, 0, tzinfo=UTC),
    )
    assert start.astimezone(BANGKOK).strftime("%H:%M") == "16:00"
    # The whole two-hour event ends at 18:00 in Bangkok.
    last = events_of(client.get(ics_url(tipc)).content)[-1]
    assert as_utc(last.decoded("dtend")).astimezone(BANGKOK).strftime("%H:%M") == "18:00"


def test_the_times_are_written_as_utc_instants_that_every_client_reads_alike(client, tipc):
    """Read without the icalendar library: a client sees plain UTC values,
    no TZID to resolve, so it cannot shift the session by a zone."""
    lines = unfolded_lines(client.get(ics_url(tipc)).content)

    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert [line for line in lines if line.startswith("DTSTART")] == [
        "DTSTART:20220209T090000Z",
        "DTSTART:20220209T100000Z",
    ]
    assert [line for line in lines if line.startswith("DTEND")] == [
        "DTEND:20220209T100000Z",
        "DTEND:20220209T110000Z",
    ]
    assert not any("TZID" in line for line in lines)
    # Each line fits the 75-octet limit once folded.
    raw = client.get(ics_url(tipc)).content.split(b"\r\n")
    assert all(len(line) <= 75 for line in raw)


def test_the_summary_is_thai_by_default_and_thai_text_round_trips(client, tipc):
    events = events_of(client.get(ics_url(tipc)).content)
    first = events[0]

    assert str(first["summary"]) == f"{TITLE_TH}: ส่วนที่ 1: ช่องว่างระหว่างการเปลี่ยนแปลง"
    description = str(first["description"])
    assert "แลกเปลี่ยนประสบการณ์การทำงานข้ามหน่วยงาน" in description
    assert "ผศ.ดร.น้ำทิพย์ ใจดี — ผู้อำนวยการกองนวัตกรรม, สำนักงาน ก.พ.ร." in description
    assert "09:00–10:00 Europe/London" in description
    assert str(first["location"]) == "ห้องประชุม 1 สำนักงาน ก.พ.ร. / https://zoom.example/j/123"
    assert str(first["url"]).endswith(
        tipc.get_absolute_url() + f"#session-{tipc.sessions.first().pk}"
    )
    assert str(first["status"]) == "CONFIRMED"


def test_the_summary_follows_the_readers_language(client_for, charlie, tipc):
    charlie.language = "en"
    charlie.save(update_fields=["language"])

    event = events_of(client_for(charlie).get(ics_url(tipc)).content)[0]

    assert str(event["summary"]) == f"{TITLE_EN}: Part 1: the gap between changes"
    assert "Namthip Jaidee" in str(event["description"])


def test_a_calendar_app_may_ask_for_a_language(client, tipc):
    event = events_of(client.get(ics_url(tipc) + "?lang=en").content)[1]

    assert str(event["summary"]) == f"{TITLE_EN}: Part 2: breakout discussion"


def test_uids_are_stable_across_downloads_and_languages(client, tipc):
    first = [str(e["uid"]) for e in events_of(client.get(ics_url(tipc)).content)]
    again = [str(e["uid"]) for e in events_of(client.get(ics_url(tipc) + "?lang=en").content)]

    assert first == again and len(set(first)) == 2


def test_a_members_only_workshop_calendar_is_hidden_from_others(client, client_for, charlie, bob):
    lab = lab_create(by=None, name_th="ห้องปฏิบัติการปิด", visibility=Lab.Visibility.MEMBERS)
    member_add(lab=lab, by=None, person=person_for_user(user=bob, by=None), role=Role.PARTICIPANT)
    workshop = make_workshop(lab, title_th="ประชุมภายใน")
    add_session(
        workshop, start=dt.datetime(2024, 5, 1, 2, 0, tzinfo=UTC), hours=2, title_th="เปิดงาน"
    )

    assert client.get(ics_url(workshop)).status_code == 404
    assert client_for(charlie).get(ics_url(workshop)).status_code == 404
    assert client_for(bob).get(ics_url(workshop)).status_code == 200
    client.logout()
    # A member's calendar app, with the member's feed token and no session.
    token = calendar.feed_token(bob)
    response = client.get(ics_url(workshop), {"token": token})
    assert response.status_code == 200 and len(events_of(response.content)) == 1
    assert client.get(ics_url(workshop), {"token": calendar.feed_token(charlie)}).status_code == 404


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_workshop_calendar_costs_the_same_queries_with_more_sessions(client, tipc):
    few = queries_for(client, ics_url(tipc))
    for hour in range(12, 22):
        add_session(
            tipc,
            start=dt.datetime(2022, 2, 9, hour, 0, tzinfo=UTC),
            hours=1,
            title_th=f"ช่วง {hour}",
        )

    assert queries_for(client, ics_url(tipc)) == few <= 4
    assert len(events_of(client.get(ics_url(tipc)).content)) == 12


# --- A person's own schedule -------------------------------------------------------------


@pytest.fixture
def schedule(public_lab, charlie, bob):
    """Charlie is registered for one workshop, waiting for another, has
    cancelled a third; a fourth is Bob's only."""
    charlie_person = person_for_user(user=charlie, by=None)
    bob_person = person_for_user(user=bob, by=None)
    workshops = {}
    for day, (name, status) in enumerate(
        [
            ("registered", Registration.Status.REGISTERED),
            ("waitlisted", Registration.Status.WAITLISTED),
            ("cancelled", Registration.Status.CANCELLED),
            ("bobs", None),
        ],
        start=1,
    ):
        workshop = make_workshop(
            public_lab, title_th=f"เวิร์กช็อป {name}", title_en=f"Workshop {name}"
        )
        add_session(
            workshop, start=dt.datetime(2024, 3, day, 2, 0, tzinfo=UTC), hours=3, title_th="ช่วงเช้า"
        )
        add_session(
            workshop, start=dt.datetime(2024, 3, day, 6, 0, tzinfo=UTC), hours=3, title_th="ช่วงบ่าย"
        )
        if status:
            Registration.objects.create(workshop=workshop, person=charlie_person, status=status)
        Registration.objects.create(workshop=workshop, person=bob_person)
        workshops[name] = workshop
    return workshops


def summaries(body: bytes) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for event in events_of(body):
        result.setdefault(str(event["summary"]).split(":")[0], set()).add(str(event["status"]))
    return result


def test_my_calendar_holds_only_my_workshops_with_the_waiting_list_tentative(
    client_for, charlie, schedule
):
    response = client_for(charlie).get(reverse("workshops:my_ics"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries(response.content) == {
        "เวิร์กช็อป registered": {"CONFIRMED"},
        "เวิร์กช็อป waitlisted": {"TENTATIVE"},
    }
    expected = Session.objects.filter(
        workshop__in=[schedule["registered"], schedule["waitlisted"]]
    ).order_by("starts_at")
    events = sorted(events_of(response.content), key=lambda e: e.decoded("dtstart"))
    assert [(as_utc(e.decoded("dtstart")), as_utc(e.decoded("dtend"))) for e in events] == [
        (s.starts_at, s.ends_at) for s in expected
    ]


def test_a_calendar_app_subscribes_with_the_personal_token(client, charlie, bob, schedule):
    charlie.language = "en"
    charlie.save(update_fields=["language"])
    url = calendar.feed_url(charlie)
    assert url.startswith("http") and "token=" in url

    response = client.get(reverse("workshops:my_ics"), {"token": calendar.feed_token(charlie)})

    assert response.status_code == 200
    assert set(summaries(response.content)) == {"Workshop registered", "Workshop waitlisted"}
    bobs = client.get(reverse("workshops:my_ics"), {"token": calendar.feed_token(bob)})
    assert len(summaries(bobs.content)) == 4


def test_my_calendar_needs_a_session_or_a_valid_token(client, charlie, schedule):
    assert client.get(reverse("workshops:my_ics")).status_code == 302

    token = calendar.feed_token(charlie)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("workshops:my_ics"), {"token": forged}).status_code == 403

    # Changing the password revokes the links given out before.
    charlie.set_password(PASSWORD + "-new")
    charlie.save()
    assert client.get(reverse("workshops:my_ics"), {"token": token}).status_code == 403
    assert (
        client.get(reverse("workshops:my_ics"), {"token": calendar.feed_token(charlie)}).status_code
        == 200
    )


def test_my_calendar_leaves_out_workshops_of_labs_i_may_no_longer_see(client_for, charlie):
    lab = lab_create(by=None, name_th="ห้องปฏิบัติการปิด", visibility=Lab.Visibility.MEMBERS)
    workshop = make_workshop(lab, title_th="ประชุมภายใน")
    add_session(
        workshop, start=dt.datetime(2024, 5, 1, 2, 0, tzinfo=UTC), hours=2, title_th="เปิดงาน"
    )
    Registration.objects.create(workshop=workshop, person=person_for_user(user=charlie, by=None))

    response = client_for(charlie).get(reverse("workshops:my_ics"))

    assert events_of(response.content) == []


def test_my_calendar_costs_the_same_queries_with_more_workshops(
    client_for, charlie, schedule, public_lab
):
    client = client_for(charlie)
    few = queries_for(client, reverse("workshops:my_ics"))
    person = person_for_user(user=charlie, by=None)
    for day in range(10, 20):
        workshop = make_workshop(public_lab, title_th=f"เพิ่ม {day}")
        add_session(
            workshop, start=dt.datetime(2024, 4, day, 2, 0, tzinfo=UTC), hours=1, title_th="ช่วงเดียว"
        )
        Registration.objects.create(workshop=workshop, person=person)

    assert queries_for(client, reverse("workshops:my_ics")) == few
    assert len(events_of(client.get(reverse("workshops:my_ics")).content)) == 4 + 10
