from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditEntry
from workshops import services
from workshops.models import Link, Session, Speaker, Workshop
from workshops.tests.conftest import at, make_lab, person

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_it_creates_a_workshop_with_its_challenges_and_an_audit_entry(lab, alice):
    from labs.models import Challenge, Stage

    challenge = Challenge.objects.create(
        lab=lab, title_th="บูรณาการข้อมูล", stage=Stage.objects.filter(process=lab.process).first()
    )
    workshop = services.workshop_create(
        by=alice, lab=lab, title_th="  วันเตรียมความพร้อม ", format="hybrid", challenges=[challenge]
    )
    assert workshop.title_th == "วันเตรียมความพร้อม"
    assert list(workshop.challenges.all()) == [challenge]
    entry = AuditEntry.objects.get(action="workshops.workshop.create")
    assert entry.changes["challenges"] == [challenge.pk]


def test_it_refuses_a_challenge_of_another_lab(lab, alice):
    from labs.models import Challenge, Stage

    other = make_lab("อีกห้อง")
    foreign = Challenge.objects.create(
        lab=other, title_th="โจทย์อื่น", stage=Stage.objects.filter(process=other.process).first()
    )
    with pytest.raises(ValidationError) as error:
        services.workshop_create(by=alice, lab=lab, title_th="ก", challenges=[foreign])
    assert "challenges" in error.value.message_dict
    assert not Workshop.objects.exists()


def test_it_refuses_an_unknown_time_zone_and_saves_nothing(lab, alice):
    with pytest.raises(ValidationError) as error:
        services.workshop_create(by=alice, lab=lab, title_th="ก", time_zone="Asia/Krungthep")
    assert "time_zone" in error.value.message_dict
    assert not Workshop.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="workshops.").exists()


def test_it_stores_session_times_in_utc_and_reads_naive_times_in_the_event_zone(workshop, alice):
    # 09:00–11:00 in Bangkok typed without a zone is 02:00–04:00 UTC.
    session = services.session_add(
        workshop=workshop,
        by=alice,
        title_th="เปิดงาน",
        starts_at=dt.datetime(2024, 3, 1, 9, 0),
        ends_at=dt.datetime(2024, 3, 1, 11, 0),
    )
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)
    assert session.ends_at == dt.datetime(2024, 3, 1, 4, 0, tzinfo=dt.UTC)


def test_the_same_instant_reads_as_london_and_bangkok_time(workshop, alice):
    """The TIPC session: 09:00–11:00 GMT is 16:00–18:00 in Bangkok."""
    from workshops.times import span_in_zones

    workshop = services.workshop_update(workshop=workshop, by=alice, time_zone="Europe/London")
    session = services.session_add(
        workshop=workshop,
        by=alice,
        title_th="TIPC × One Team Gov",
        starts_at=dt.datetime(2022, 2, 9, 9, 0),
        ends_at=dt.datetime(2022, 2, 9, 11, 0),
    )
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2022, 2, 9, 9, 0, tzinfo=dt.UTC)
    span = span_in_zones(
        session.starts_at, session.ends_at, event_zone="Europe/London", viewer_zone="Asia/Bangkok"
    )
    assert (span.viewer.times, span.event.times) == ("16:00–18:00", "09:00–11:00")
    assert span.differs
    assert span.viewer.offset == "UTC+07:00" and span.event.offset == "UTC"


def test_a_summer_session_in_london_is_six_hours_behind_bangkok(workshop, alice):
    from workshops.times import span_in_zones

    start = dt.datetime(2024, 7, 1, 9, 0, tzinfo=LONDON)
    span = span_in_zones(
        start, start + dt.timedelta(hours=2), event_zone="Europe/London", viewer_zone="Asia/Bangkok"
    )
    assert span.viewer.times == "15:00–17:00"
    assert span.event.offset == "UTC+01:00"


def test_it_refuses_a_session_that_ends_before_it_starts_and_saves_nothing(workshop, alice):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.session_add(
            workshop=workshop, by=alice, title_th="ผิด", starts_at=at(1, 11), ends_at=at(1, 9)
        )
    assert error.value.message_dict["ends_at"] == ["A session must end after it starts."]
    assert not Session.objects.exists()
    assert not AuditEntry.objects.filter(action="workshops.session.add").exists()


def test_it_refuses_a_session_that_ends_when_it_starts(workshop, alice):
    with pytest.raises(ValidationError):
        services.session_add(
            workshop=workshop, by=alice, title_th="ศูนย์", starts_at=at(1, 9), ends_at=at(1, 9)
        )
    assert not Session.objects.exists()


def test_it_refuses_an_overlapping_session_naming_the_clash_and_saves_nothing(workshop, alice):
    services.session_add(
        workshop=workshop, by=alice, title_th="ช่วงเช้า", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    with pytest.raises(ValidationError) as error:
        services.session_add(
            workshop=workshop,
            by=alice,
            title_th="ชน",
            starts_at=at(1, 11),
            ends_at=at(1, 13),
            facilitators=[alice_person(alice)],
        )
    message = error.value.message_dict["starts_at"][0]
    assert "ช่วงเช้า" in message and "2024-03-01 09:00–12:00" in message and "Asia/Bangkok" in message
    assert Session.objects.count() == 1


def alice_person(user):
    return person("อลิซ", user=user)


def test_sessions_that_only_touch_are_fine(workshop, alice):
    services.session_add(
        workshop=workshop, by=alice, title_th="หนึ่ง", starts_at=at(1, 9), ends_at=at(1, 10, 30)
    )
    services.session_add(
        workshop=workshop, by=alice, title_th="สอง", starts_at=at(1, 10, 30), ends_at=at(1, 12)
    )
    assert Session.objects.count() == 2


def test_sessions_of_another_workshop_do_not_clash(workshop, lab, alice):
    other = services.workshop_create(by=alice, lab=lab, title_th="อีกงาน")
    services.session_add(
        workshop=workshop, by=alice, title_th="หนึ่ง", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    services.session_add(
        workshop=other, by=alice, title_th="หนึ่ง", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    assert Session.objects.count() == 2


def test_moving_a_session_onto_another_is_refused_and_changes_nothing(workshop, alice):
    first = services.session_add(
        workshop=workshop, by=alice, title_th="หนึ่ง", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    second = services.session_add(
        workshop=workshop, by=alice, title_th="สอง", starts_at=at(1, 13), ends_at=at(1, 14)
    )
    with pytest.raises(ValidationError):
        services.session_update(session=second, by=alice, starts_at=at(1, 9, 30), title_th="ย้าย")
    second.refresh_from_db()
    assert (second.starts_at, second.title_th) == (at(1, 13), "สอง")
    # Updating a session against its own old times is no clash.
    services.session_update(session=first, by=alice, ends_at=at(1, 10, 30))
    assert AuditEntry.objects.filter(action="workshops.session.update").count() == 1


def test_it_records_facilitators_and_invited_organisations(workshop, alice, opdc, ocsc):
    facilitator = person("ผู้อำนวยการ", organisation=opdc)
    session = services.session_add(
        workshop=workshop,
        by=alice,
        title_th="สัมภาษณ์",
        starts_at=at(2, 9),
        ends_at=at(2, 12),
        facilitators=[facilitator],
        invited_organisations=[opdc, ocsc],
    )
    assert set(session.invited_organisations.all()) == {opdc, ocsc}
    assert AuditEntry.objects.get(action="workshops.session.add").changes[
        "invited_organisations"
    ] == sorted([opdc.pk, ocsc.pk])


def test_removing_a_session_removes_its_speakers_and_is_audited(workshop, alice, opdc):
    session = services.session_add(
        workshop=workshop, by=alice, title_th="ก", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    services.speaker_add(
        session=session, person=person("วิทยากร"), by=alice, title_shown="รองเลขาธิการ ก.พ.ร."
    )
    services.session_remove(session=session, by=alice)
    assert not Speaker.objects.exists()
    assert (
        AuditEntry.objects.get(action="workshops.session.remove").changes["session"]["title_th"]
        == "ก"
    )


def test_speakers_keep_their_title_as_shown_and_cannot_be_added_twice(workshop, alice):
    session = services.session_add(
        workshop=workshop, by=alice, title_th="ก", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    speaker_person = person("สมชาย")
    speaker = services.speaker_add(
        session=session,
        person=speaker_person,
        by=alice,
        title_shown="รองเลขาธิการ ก.พ.ร.",
        organisation_shown="สำนักงาน ก.พ.ร.",
    )
    assert (speaker.title_shown, speaker.order) == ("รองเลขาธิการ ก.พ.ร.", 0)
    with pytest.raises(ValidationError):
        services.speaker_add(session=session, person=speaker_person, by=alice)
    assert Speaker.objects.count() == 1


def test_a_link_must_belong_to_a_session_of_its_workshop(workshop, lab, alice):
    other = services.workshop_create(by=alice, lab=lab, title_th="อีกงาน")
    foreign = services.session_add(
        workshop=other, by=alice, title_th="ก", starts_at=at(1, 9), ends_at=at(1, 10)
    )
    with pytest.raises(ValidationError):
        services.link_add(
            workshop=workshop, by=alice, title="อ่าน", url="https://example.org/a", session=foreign
        )
    with pytest.raises(ValidationError):
        services.link_add(workshop=workshop, by=alice, title="อ่าน", url="not a url")
    assert not Link.objects.exists()
    link = services.link_add(
        workshop=workshop, by=alice, title="รายงาน OECD", url="https://example.org/report"
    )
    services.link_remove(link=link, by=alice)
    assert not Link.objects.exists()


def test_changing_the_time_zone_keeps_the_instants(workshop, alice):
    session = services.session_add(
        workshop=workshop, by=alice, title_th="ก", starts_at=at(1, 16), ends_at=at(1, 18)
    )
    services.workshop_update(workshop=workshop, by=alice, time_zone="Europe/London")
    session.refresh_from_db()
    assert session.starts_at == at(1, 16)
