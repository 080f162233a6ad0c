from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workshops import services
from workshops.models import GroupMember, Registration
from workshops.tests.conftest import at, person


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def tipc(lab, alice, opdc, ocsc):
    """The TIPC × One Team Gov session: London time, seen from Bangkok."""
    workshop = services.workshop_create(
        by=alice,
        lab=lab,
        title_th="TIPC × One Team Gov",
        title_en="TIPC × One Team Gov",
        format="online",
        online_url="https://zoom.example/j/tipc",
        time_zone="Europe/London",
    )
    part = services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงที่ 1 นำเสนอ",
        title_en="Part 1: talks",
        starts_at=dt.datetime(2022, 2, 9, 9, 0),
        ends_at=dt.datetime(2022, 2, 9, 10, 0),
        invited_organisations=[opdc],
    )
    services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงที่ 2 กลุ่มย่อย",
        title_en="Part 2: breakouts",
        starts_at=dt.datetime(2022, 2, 9, 10, 0),
        ends_at=dt.datetime(2022, 2, 9, 11, 0),
    )
    services.speaker_add(
        session=part,
        person=person("สมหญิง", first_name_en="Somying", organisation=opdc),
        by=alice,
        title_shown="รองเลขาธิการ ก.พ.ร.",
        organisation_shown="สำนักงาน ก.พ.ร.",
    )
    services.link_add(
        workshop=workshop,
        by=alice,
        title="Reading: mission-oriented innovation",
        url="https://example.org/read",
    )
    return workshop


def test_the_workshop_page_shows_times_in_bangkok_beside_the_events_london_time(client, tipc, opdc):
    html = page(client, tipc.get_absolute_url())  # anonymous: Bangkok, Thai
    assert "16:00–17:00" in html and "09:00–10:00" in html
    assert "Europe/London" in html and "Asia/Bangkok" in html
    assert "9 กุมภาพันธ์ 2565" in html  # Buddhist era
    assert "รองเลขาธิการ ก.พ.ร." in html and "สำนักงาน ก.พ.ร." in html
    assert "Reading: mission-oriented innovation" in html
    assert "https://zoom.example/j/tipc" in html
    assert opdc.abbreviation_th in html


def test_a_reader_in_london_sees_one_time_in_english(client_for, charlie, tipc):
    charlie.language, charlie.time_zone = "en", "Europe/London"
    charlie.save()
    html = page(client_for(charlie), tipc.get_absolute_url())
    assert "09:00–10:00" in html and "16:00–17:00" not in html
    assert "9 February 2022" in html
    assert "Part 1: talks" in html


def test_the_day_is_the_events_day_and_the_readers_date_shows_when_it_differs(
    client_for, charlie, workshop, alice
):
    # 23:00–23:30 Bangkok on 1 March is 16:00 in London on the same day,
    # but 01:00 on 2 March in Tokyo... and 11:00 in New York on 1 March.
    services.session_add(
        workshop=workshop, by=alice, title_th="ดึก", starts_at=at(1, 23), ends_at=at(1, 23, 30)
    )
    charlie.language, charlie.time_zone = "en", "Asia/Tokyo"
    charlie.save()
    html = page(client_for(charlie), workshop.get_absolute_url())
    assert "1 March 2024" in html  # the event's day
    assert "2 March 2024" in html  # the reader's date of the same session
    assert "01:00–01:30" in html and "23:00–23:30" in html


def test_the_workshop_page_shows_groups_with_their_mix(client, workshop, alice, opdc, ocsc):
    session = services.session_add(
        workshop=workshop, by=alice, title_th="กลุ่ม", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    group = services.group_create(session=session, by=alice, name="กลุ่มสีเขียว")
    for name, org in [("ก", opdc), ("ข", opdc), ("ค", ocsc)]:
        GroupMember.objects.create(group=group, person=person(name, organisation=org))
    html = page(client, workshop.get_absolute_url())
    assert "กลุ่มสีเขียว" in html
    assert 'data-same-pairs="1"' in html


def _grow(workshop, alice, opdc, ocsc, *, days: range, per_day: int, groups: int, group_size: int):
    """Sessions with facilitators, speakers, invited organisations, links,
    groups and registrations: everything the page draws per row."""
    for day in days:
        for slot in range(per_day):
            session = services.session_add(
                workshop=workshop,
                by=alice,
                title_th=f"วัน {day} ช่วง {slot}",
                starts_at=at(day, 8 + slot),
                ends_at=at(day, 9 + slot),
                facilitators=[person(f"ผู้ดำเนินรายการ {day}{slot}", organisation=opdc)],
                invited_organisations=[opdc, ocsc],
            )
            services.speaker_add(
                session=session, person=person(f"วิทยากร {day}{slot}", organisation=ocsc), by=alice
            )
            services.link_add(
                workshop=workshop,
                session=session,
                by=alice,
                title="อ่าน",
                url="https://example.org/x",
            )
            for g in range(groups):
                group = services.group_create(session=session, by=alice, name=f"กลุ่ม {g}")
                for i in range(group_size):
                    GroupMember.objects.create(
                        group=group,
                        person=person(
                            f"คน {day}{slot}{g}{i}", organisation=opdc if i % 2 else ocsc
                        ),
                    )
            Registration.objects.create(workshop=workshop, person=person(f"ผู้ลงทะเบียน {day}{slot}"))
    services.link_add(
        workshop=workshop, by=alice, title="ก่อนงาน", url=f"https://example.org/{days.start}"
    )


@pytest.mark.parametrize("persona", ["anonymous", "charlie", "dana"])
def test_the_workshop_page_uses_the_same_queries_whatever_the_size(
    request, client, client_for, workshop, alice, opdc, ocsc, persona, django_assert_num_queries
):
    viewer = client if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    _grow(workshop, alice, opdc, ocsc, days=range(1, 2), per_day=1, groups=1, group_size=2)
    page(viewer, workshop.get_absolute_url())  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as small:
        page(viewer, workshop.get_absolute_url())
    _grow(workshop, alice, opdc, ocsc, days=range(2, 5), per_day=4, groups=3, group_size=8)
    with django_assert_num_queries(len(small.captured_queries)):
        html = page(viewer, workshop.get_absolute_url())
    assert html.count('class="card agenda-session"') == 13
    assert len(small.captured_queries) <= EXPECTED_QUERIES[persona]


# The workshop with its lab; the sessions with speakers, facilitators,
# invited organisations, links, groups and their members (7); who represents
# what (2); registration counts; the workshop's links and challenges. Signed
# in adds the session and user, the lab role and Django's permission tables.
EXPECTED_QUERIES = {"anonymous": 14, "charlie": 19, "dana": 19}
