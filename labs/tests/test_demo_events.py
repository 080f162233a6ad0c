"""manage.py loaddemo_events: the five seed events, faithful to their pages, idempotent."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from directory.demo.data import ORGANISATIONS, PEOPLE
from directory.models import Organisation, Person
from labs.demo.builder import MissingDirectoryData, build_events
from labs.demo.events import EVENTS, LabData
from labs.models import Challenge, ChallengeAgency, Lab, Member, Role
from lib.thai.text import clean
from workshops.models import BreakoutGroup, Session, Speaker, Workshop

SOURCES = Path(__file__).resolve().parents[2] / "directory" / "demo" / "sources"
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def _texts() -> dict[str, str]:
    return {p.name[:3]: clean(p.read_text(encoding="utf-8")) for p in sorted(SOURCES.glob("*.txt"))}


TEXTS = _texts()


def _titled(what: str, item) -> list[tuple[str, str]]:
    """A Thai title the page writes, or — when it is ours — the page's words it is made of."""
    title = item.title_th if hasattr(item, "title_th") else item.name_th
    if item.seen_as:
        assert item.note, f"{what} {title!r} is ours: its note must say why"
        return [(what, quote) for quote in item.seen_as]
    return [(what, title)]


def _phrases(lab: LabData) -> list[tuple[str, str]]:
    """Everything of a lab that must be the page's own words."""
    phrases = [*_titled("lab", lab), ("lab purpose", lab.purpose)]
    for challenge in lab.challenges:
        phrases += _titled("challenge", challenge)
        phrases += [("problem", challenge.problem)] if challenge.problem else []
        phrases += [("expected result", goal) for goal in challenge.goals]
        phrases += [("target group", group) for group in challenge.target_groups]
    for workshop in lab.workshops:
        phrases += _titled("workshop", workshop)
        phrases += [("venue", workshop.venue)] if workshop.venue else []
        for session in workshop.sessions:
            phrases += _titled("session", session)
            for speaker in session.speakers:
                phrases += [("title shown", speaker.title_shown)] if speaker.title_shown else []
                if speaker.organisation_shown:
                    phrases.append(("organisation shown", speaker.organisation_shown))
            phrases += [("group", name) for name in session.groups]
    return phrases


CITED = [
    pytest.param(lab.source, what, phrase, id=f"{lab.key}-{i}")
    for lab in EVENTS
    for i, (what, phrase) in enumerate(_phrases(lab))
]


@pytest.mark.parametrize(("source", "what", "phrase"), CITED)
def test_every_thai_title_and_name_occurs_in_the_page_it_cites(source, what, phrase):
    assert clean(phrase) in TEXTS[source], f"{what} {phrase!r} is not in page {source}"


def test_each_event_cites_its_own_page():
    assert (
        sorted(lab.source for lab in EVENTS) == sorted(TEXTS) == ["000", "001", "002", "003", "004"]
    )


@pytest.mark.parametrize("lab", EVENTS, ids=lambda lab: lab.key)
def test_what_is_ours_says_so(lab: LabData):
    for member in lab.members:
        assert not member.inferred or member.note, member.person
    for challenge in lab.challenges:
        assert set(challenge.sdgs_inferred) <= set(challenge.sdgs)
        inferred = challenge.sdgs_inferred or any(a.inferred for a in challenge.agencies)
        assert not inferred or challenge.note, challenge.title_th
    for workshop in lab.workshops:
        for session in workshop.sessions:
            if not workshop.times_note:
                # Times said to be the page's must be on the page.
                hours = _hours_on_the_page(lab.source)
                assert f"{session.start:%H:%M}" in hours and f"{session.end:%H:%M}" in hours
            if session.invited and lab.key != "pmdu":
                # Only the ป.ย.ป. page lists the agencies of its (one-day) event.
                assert session.invited_note, session.title_th


def _hours_on_the_page(source: str) -> set[str]:
    """Whole hours the page spans: 09:00 to 11:00 gives 09:00, 10:00 and 11:00
    (the TIPC page splits its two hours into a first and a second hour)."""
    times = sorted({int(h) for h in re.findall(r"\b(\d\d):00\b", TEXTS[source])})
    return {f"{h:02d}:00" for h in range(times[0], times[-1] + 1)} if times else set()


def test_the_events_name_only_people_and_organisations_of_the_demo_directory():
    people = {p.key for p in PEOPLE}
    organisations = {o.key for o in ORGANISATIONS}
    for lab in EVENTS:
        assert set(lab.hosts) <= organisations, lab.key
        assert {m.organisation for m in lab.members} <= organisations, lab.key
        assert {m.person for m in lab.members} <= people, lab.key
        titles = {c.title_th for c in lab.challenges}
        for challenge in lab.challenges:
            keys = [a.organisation for a in challenge.agencies]
            assert set(keys) <= organisations and len(keys) == len(set(keys)), challenge.title_th
        for workshop in lab.workshops:
            assert set(workshop.challenges) <= titles
            for session in workshop.sessions:
                assert {s.person for s in session.speakers} <= people
                assert set(session.facilitators) <= people
                assert set(session.invited) <= organisations


# --- Built ------------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    # The directory demo alone: manage.py loaddemo would build the events too.
    from directory.demo.builder import build_demo

    build_demo(by=None)


@pytest.fixture
def events(directory):
    return build_events(by=None)


def _counts() -> tuple[int, ...]:
    return (
        Lab.objects.count(),
        Member.objects.count(),
        Challenge.objects.count(),
        ChallengeAgency.objects.count(),
        Workshop.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
        BreakoutGroup.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        AuditEntry.objects.count(),
    )


def test_it_builds_every_lab_workshop_and_session_of_the_data(events):
    workshops = [w for lab in EVENTS for w in lab.workshops]
    assert Lab.objects.count() == len(EVENTS)
    assert Member.objects.count() == sum(len(lab.members) for lab in EVENTS)
    assert Challenge.objects.count() == sum(len(lab.challenges) for lab in EVENTS)
    assert Workshop.objects.count() == len(workshops)
    assert Session.objects.count() == sum(len(w.sessions) for w in workshops)
    assert Speaker.objects.count() == sum(len(s.speakers) for w in workshops for s in w.sessions)
    assert events.total_created > 0
    assert events.found == {}
    # The pages' people and agencies are the directory's, not new records.
    assert Person.objects.count() == len(PEOPLE)
    assert Organisation.objects.count() == len(ORGANISATIONS)
    assert all(lab.is_public for lab in Lab.objects.all())


def test_running_it_twice_adds_nothing(events, settings):
    from boards.demo import build_demo_boards

    settings.DEBUG = True
    from actions.demo import build_demo_outputs

    build_demo_boards(by=None)  # loaddemo adds the demo boards on top of the events
    build_demo_outputs(by=None)  # ... and the outputs, with their example owners
    call_command("loaddemo", stdout=io.StringIO())  # ... and the network's example participation
    before = _counts()
    again = build_events(by=None)
    assert again.total_created == 0
    assert _counts() == before
    out = io.StringIO()
    call_command("loaddemo", stdout=io.StringIO())  # builds the events again, finding them
    call_command("loaddemo_events", stdout=out)
    assert _counts() == before
    assert "labs: 0 created, 5 already there" in out.getvalue()


def test_the_tipc_session_ran_16_to_18_in_bangkok(events):
    workshop = Workshop.objects.get(title_th="การสร้างสะพานข้ามรัฐบาลเพื่อบรรลุการเปลี่ยนแปลงเชิงปฏิรูป")
    assert workshop.format == Workshop.Format.ONLINE
    assert workshop.time_zone == "Europe/London"
    first, second = workshop.sessions.order_by("starts_at")
    assert first.starts_at.astimezone(BANGKOK) == dt.datetime(2022, 2, 9, 16, 0, tzinfo=BANGKOK)
    assert second.ends_at.astimezone(BANGKOK) == dt.datetime(2022, 2, 9, 18, 0, tzinfo=BANGKOK)
    assert first.starts_at == dt.datetime(2022, 2, 9, 9, 0, tzinfo=dt.UTC)
    assert first.ends_at == second.starts_at
    assert "กลุ่มย่อย" in second.description  # the breakout discussion
    assert {p.last_name_en for p in second.facilitators.all()} == {
        "Sidawi",
        "Buck",
        "Moran",
        "Steinmueller",
        "Shaw",
    }
    shown = {
        s.person.last_name_en: s.organisation_shown for s in first.speakers.select_related("person")
    }
    assert shown["Buck"] == "UK Civil Service and One Team Gov"
    assert shown["Shaw"] == "TIPC"


def test_the_kri_symposium_ran_three_days_in_hanoi(events):
    workshop = Workshop.objects.get(
        lab__name_th="KRI-OPDC Reform Policy Symposium and Regional Workshop"
    )
    assert workshop.time_zone == "Asia/Ho_Chi_Minh" and workshop.format == Workshop.Format.ONSITE
    assert "ฮานอย" in workshop.venue
    hanoi = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    days = {s.starts_at.astimezone(hanoi).date() for s in workshop.sessions.all()}
    assert days == {dt.date(2018, 4, 25), dt.date(2018, 4, 26), dt.date(2018, 4, 27)}
    opening = workshop.sessions.order_by("starts_at").first()
    speaker = opening.speakers.select_related("person").get()
    assert speaker.person.first_name_th == "อารีย์พันธ์"
    assert speaker.title_shown == "รองเลขาธิการ ก.พ.ร."
    hosts = {o.name_en for o in workshop.lab.hosts.all()}
    assert {
        "Office of the Public Sector Development Commission",
        "Academy of Korean Studies",
    } <= hosts


def _abbreviations(challenge: Challenge, role: str | None = None) -> set[str]:
    rows = challenge.agencies.select_related("organisation")
    return {a.organisation.abbreviation_en for a in rows if role is None or a.role == role}


def test_the_pmdu_challenges_have_their_agencies(events):
    lab = Lab.objects.get(name_th="หลักสูตร ป.ย.ป. ประจำปี 2566")
    assert lab.kind == Lab.Kind.COHORT
    education = lab.challenges.get(title_th="การเพิ่มโอกาสเข้าถึงการศึกษาและการมีงานทำ")
    drugs = lab.challenges.get(title_th__startswith="การลดจำนวนผู้เสพยาเสพติด")
    assert drugs.title_th.endswith("การเพิ่มประสิทธิภาพในการตัดวงจรอาชญากรรม")
    assert _abbreviations(education) == {"MOE", "OEC", "MSDHS", "PMDU"}
    assert _abbreviations(education, "lead") == {"MOE"}
    assert _abbreviations(drugs) == {
        "MOPH",
        "MOJ",
        "RTP",
        "MSDHS",
        "MOD",
        "PACC",
        "AMLO",
        "MOI",
        "PMDU",
    }
    # The page lists the ministry twice: one record, in both challenges.
    msdhs = Organisation.objects.get(abbreviation_en="MSDHS")
    assert msdhs.challenge_roles.count() == 2
    workshop = lab.workshops.get()
    assert workshop.format == Workshop.Format.HYBRID
    assert workshop.venue == "ห้องประชุมสำนักงาน ก.พ.ร. ศูนย์ราชการ ฯ แจ้งวัฒนะ"
    assert "Zoom" in workshop.description
    assert set(workshop.challenges.all()) == {education, drugs}
    group_work = workshop.sessions.get(title_th="การแบ่งกลุ่มโจทย์การประชุมเชิงปฏิบัติการ")
    assert {g.name for g in group_work.groups.all()} == {education.title_th, drugs.title_th}
    # Eleven agencies: ten listed 1–11 (one twice) and สำนักงาน ป.ย.ป. itself.
    assert group_work.invited_organisations.count() == 11
    assert lab.members.get(role=Role.LEAD).person.first_name_th == "ชุติมา"


def test_the_undp_workshop_has_its_tools_and_four_expected_results(events):
    challenge = Challenge.objects.get(lab__hosts__abbreviation_en="UNDP")
    results = challenge.goals.splitlines()
    assert len(results) == 4
    assert results[0].startswith("การทำข้อเสนอเชิงนโยบายและแผนปฏิบัติการร่วม")
    assert {p.name_th for p in challenge.provinces.all()} == {"ปัตตานี", "ยะลา", "นราธิวาส"}
    assert {g.number for g in challenge.sdgs.all()} == {1, 2, 12, 17}
    workshop = challenge.workshops.get()
    sessions = list(workshop.sessions.order_by("starts_at"))
    assert {s.starts_at.astimezone(BANGKOK).date() for s in sessions} == {
        dt.date(2022, 6, 28),
        dt.date(2022, 6, 29),
        dt.date(2022, 6, 30),
    }
    text = "\n".join(f"{s.title_th}\n{s.description}" for s in sessions)
    for tool in ("Hopes & Fears", "Personas", "ภูเขาน้ำแข็ง", "สวมบทบาทการคิด"):
        assert tool in text
    assert sessions[0].invited_organisations.filter(abbreviation_en="SBPAC").exists()


def test_the_oecd_review_has_five_interview_days_with_its_experts(events):
    workshop = Workshop.objects.get(title_th="สัมภาษณ์เชิงลึก (Peer - to - Peer Review)")
    assert workshop.venue == "ห้องประชุมฝ่ายบริหาร ชั้น ๕ สำนักงาน ก.พ.ร."
    sessions = list(workshop.sessions.order_by("starts_at"))
    assert [s.starts_at.astimezone(BANGKOK).date() for s in sessions] == [
        dt.date(2019, 4, day) for day in range(1, 6)
    ]
    for session in sessions:
        assert session.speakers.count() == 7
    bellantoni = sessions[0].speakers.get(person__last_name_en="Bellantoni")
    assert (
        bellantoni.title_shown == "Deputy Head of Division & Head of the OECD Open Government Unit"
    )
    assert bellantoni.organisation_shown == "Directorate for Public Governance, OECD"
    assert {o.abbreviation_en for o in sessions[0].invited_organisations.all()} == {
        "MDES",
        "DGA",
        "ETDA",
    }
    assert workshop.lab.members.filter(role=Role.EVALUATOR).count() == 7


def test_the_lab_and_workshop_pages_show_the_events(events, client):
    for lab in Lab.objects.all():
        response = client.get(lab.get_absolute_url())
        assert response.status_code == 200
        assert lab.name_th in response.content.decode()
    for workshop in Workshop.objects.all():
        response = client.get(workshop.get_absolute_url())
        assert response.status_code == 200
        assert workshop.title_th in response.content.decode()


def test_it_refuses_without_the_demo_directory_and_changes_nothing(db, settings):
    settings.DEBUG = True
    with pytest.raises(MissingDirectoryData, match="loaddemo"):
        build_events(by=None)
    with pytest.raises(CommandError, match="loaddemo"):
        call_command("loaddemo_events", stdout=io.StringIO())
    assert not Lab.objects.exists() and not AuditEntry.objects.exists()


def test_the_command_refuses_when_debug_is_off(directory, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("loaddemo_events", stdout=io.StringIO())
    assert not Lab.objects.exists()
