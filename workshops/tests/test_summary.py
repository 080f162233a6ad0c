"""The summary page: figures for everyone who may read the workshop, names
only for those who run it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.services import organisation_create
from workshops import services as workshop_services
from workshops.models import Registration
from workshops.selectors import workshop_summary
from workshops.services import registration as services
from workshops.tests.conftest import at, in_english, person

R = Registration.Status
# Registration closes when a workshop ends, so the fixture's event is set in
# the future: the summary reads the same before and after the event.
YEAR = 2030


@pytest.fixture
def event(workshop, alice):
    """A two-session workshop (5 places) with people from three
    organisations in two sectors, one waiting and one who cancelled.

    Registered: a1, a2 (ministry A), b1 (ministry B), u1 (university), w1
    (no organisation, moved up from the waiting list); waiting: w2;
    cancelled: u2. Morning: a1, a2, b1, u1 present; afternoon: a1, u1.
    Morning groups: [a1, a2] and [b1, u1].
    """
    ministry_a = organisation_create(
        by=None,
        name_th="กรมทดสอบเอ",
        name_en="Department A",
        sector="gov_central",
        kind="department",
    )
    ministry_b = organisation_create(
        by=None,
        name_th="กรมทดสอบบี",
        name_en="Department B",
        sector="gov_central",
        kind="department",
    )
    university = organisation_create(
        by=None,
        name_th="มหาวิทยาลัยทดสอบ",
        name_en="Test University",
        sector="academia",
        kind="university",
    )
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=5)
    morning = workshop_services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงเช้า",
        title_en="Morning",
        starts_at=at(4, 9, year=YEAR),
        ends_at=at(4, 12, year=YEAR),
    )
    afternoon = workshop_services.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงบ่าย",
        title_en="Afternoon",
        starts_at=at(5, 13, year=YEAR),
        ends_at=at(5, 16, year=YEAR),
    )
    people = {
        "a1": person("อัญชลีทดสอบ", first_name_en="Anchalee", organisation=ministry_a),
        "a2": person("อนุชาทดสอบ", first_name_en="Anucha", organisation=ministry_a),
        "b1": person("บุญมีทดสอบ", first_name_en="Boonmee", organisation=ministry_b),
        "u1": person("อุไรทดสอบ", first_name_en="Urai", organisation=university),
        "u2": person("อุดมทดสอบ", first_name_en="Udom", organisation=university),
        "w1": person("วิไลทดสอบ", first_name_en="Wilai"),
        "w2": person("วีระทดสอบ", first_name_en="Weera"),
    }
    registrations = {
        key: services.registration_create(workshop=workshop, person=someone, by=alice)
        for key, someone in people.items()
    }
    assert registrations["w1"].status == R.WAITLISTED
    services.registration_cancel(registration=registrations["u2"], by=alice)
    for key in ("a1", "a2", "b1", "u1"):
        services.attendance_mark(session=morning, person=people[key], by=alice)
    for key in ("a1", "u1"):
        services.attendance_mark(session=afternoon, person=people[key], by=alice)
    first = workshop_services.group_create(session=morning, by=alice, name="กลุ่ม 1")
    second = workshop_services.group_create(session=morning, by=alice, name="กลุ่ม 2")
    for key, group in (("a1", first), ("a2", first), ("b1", second), ("u1", second)):
        workshop_services.group_member_move(
            session=morning, person=people[key], to_group=group, by=alice
        )
    workshop.refresh_from_db()
    return {
        "workshop": workshop,
        "morning": morning,
        "afternoon": afternoon,
        "people": people,
        "orgs": {"a": ministry_a, "b": ministry_b, "u": university},
    }


def url(workshop) -> str:
    return reverse("workshops:summary", args=[workshop.pk])


def field(html: str, name: str) -> str:
    found = re.search(rf'data-field="{name}"[^>]*>([^<]*)<', html)
    assert found, name
    return found.group(1).strip()


def row(html: str, attribute: str, key: object) -> str:
    found = re.search(rf'<tr data-{attribute}="{key}">(.*?)</tr>', html, re.S)
    assert found, f"{attribute}={key}"
    return found.group(1)


# --- Figures ---------------------------------------------------------------------------


def test_the_figures_count_registrations_sessions_sectors_and_organisations(event):
    summary = workshop_summary(workshop=event["workshop"])
    assert (summary.registered, summary.waitlisted, summary.cancelled) == (5, 1, 1)
    assert summary.attended == 4
    assert summary.walk_ins == 0
    assert (summary.first_day, summary.last_day, summary.days) == (
        dt.date(YEAR, 3, 4),
        dt.date(YEAR, 3, 5),
        2,
    )
    assert [(s.session.pk, s.bar.count, s.bar.percent) for s in summary.per_session] == [
        (event["morning"].pk, 4, 80),
        (event["afternoon"].pk, 2, 40),
    ]
    assert [(b.key, b.count, b.percent) for b in summary.by_sector] == [
        ("gov_central", 3, 75),
        ("academia", 1, 25),
    ]
    orgs = event["orgs"]
    assert [(b.key, b.count) for b in summary.by_organisation] == [
        (str(orgs["a"].pk), 2),
        (str(orgs["b"].pk), 1),
        (str(orgs["u"].pk), 1),
    ]
    assert (summary.organisations, summary.sectors) == (3, 2)
    assert summary.other_organisations == 0
    assert summary.attendees is None  # no names unless asked


def test_the_groups_report_how_mixed_they_were(event):
    (groups,) = workshop_summary(workshop=event["workshop"]).groups
    assert groups.session.pk == event["morning"].pk
    assert groups.people == 4
    # a1 and a2 (both ministry A) share group 1; with two groups they need not.
    assert (groups.same_organisation_pairs, groups.fewest_possible) == (1, 0)
    assert groups.groups_with_same_organisation == 1
    assert [(g.name, mix.size, mix.organisations) for g, mix in groups.groups] == [
        ("กลุ่ม 1", 2, 1),
        ("กลุ่ม 2", 2, 2),
    ]


def test_the_organisation_is_the_one_represented_in_the_lab(event, lab):
    """The lab's record of whom a member represents wins over the directory,
    as for the groups (selectors.representing)."""
    from labs.models import Member

    Member.objects.create(
        lab=lab, person=event["people"]["u1"], role="participant", organisation=event["orgs"]["b"]
    )
    summary = workshop_summary(workshop=event["workshop"])
    assert [(b.key, b.count) for b in summary.by_sector] == [("gov_central", 4)]
    assert (summary.organisations, summary.sectors) == (2, 1)


def test_organisations_beyond_the_top_ones_are_counted_together(event, alice, monkeypatch):
    from workshops import selectors

    monkeypatch.setattr(selectors, "SUMMARY_TOP_ORGANISATIONS", 1)
    summary = workshop_summary(workshop=event["workshop"])
    assert [b.key for b in summary.by_organisation] == [str(event["orgs"]["a"].pk)]
    assert (summary.other_organisations, summary.other_people) == (2, 2)
    assert summary.organisations == 3


def test_the_names_are_listed_by_organisation_when_asked(event):
    summary = workshop_summary(workshop=event["workshop"], with_names=True)
    assert summary.attendees is not None
    people = event["people"]
    listed = {row.key: [(a.person.pk, a.sessions) for a in row.people] for row in summary.attendees}
    orgs = event["orgs"]
    # By first name: อนุชา before อัญชลี.
    assert listed[str(orgs["a"].pk)] == [(people["a2"].pk, 1), (people["a1"].pk, 2)]
    assert listed[str(orgs["b"].pk)] == [(people["b1"].pk, 1)]
    assert listed[str(orgs["u"].pk)] == [(people["u1"].pk, 2)]
    assert summary.attendees[0].key == str(orgs["a"].pk)  # the largest first


def test_an_empty_workshop_has_a_summary(workshop):
    summary = workshop_summary(workshop=workshop, with_names=True)
    assert (summary.registered, summary.attended, summary.days) == (0, 0, 0)
    assert summary.per_session == summary.by_sector == summary.groups == []
    assert summary.attendees == []


# --- The page and who sees what ---------------------------------------------------------


def test_anonymous_sees_the_figures_but_no_names(event):
    response = Client().get(url(event["workshop"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert field(html, "registered") == "5"
    assert field(html, "waitlisted") == "1"
    assert field(html, "cancelled") == "1"
    assert field(html, "attended") == "4"
    assert field(html, "organisations") == "3"
    assert field(html, "sectors") == "2"
    assert "80%" in row(html, "session", event["morning"].pk)
    assert "75%" in row(html, "sector", "gov_central")
    assert "กรมทดสอบเอ" in row(html, "organisation", event["orgs"]["a"].pk)
    # Thai page: Buddhist era.
    assert str(YEAR + 543) in field(html, "when")
    for someone in event["people"].values():
        assert someone.first_name_th not in html
        assert someone.first_name_en not in html
    assert 'data-section="attendees"' not in html


def test_a_signed_in_outsider_sees_no_names_either(event, client_for, charlie):
    html = client_for(charlie).get(url(event["workshop"])).content.decode()
    assert field(html, "attended") == "4"
    assert "อัญชลีทดสอบ" not in html


def test_the_facilitator_sees_who_came(event, client_for, dana):
    html = client_for(in_english(dana)).get(url(event["workshop"])).content.decode()
    assert 'data-section="attendees"' in html
    people = event["people"]
    for key in ("a1", "a2", "b1", "u1"):
        assert f'data-person="{people[key].pk}"' in html
    # Registered, waiting or cancelled but never present: not among those who came.
    for key in ("w1", "w2", "u2"):
        assert f'data-person="{people[key].pk}"' not in html
    assert "Who came, by sector" in html
    assert str(YEAR) in field(html, "when")


def test_a_members_only_workshop_is_not_found_for_outsiders(private_lab, client_for, charlie):
    hidden = workshop_services.workshop_create(by=None, lab=private_lab, title_th="ลับ")
    assert Client().get(url(hidden)).status_code == 404
    assert client_for(charlie).get(url(hidden)).status_code == 404


def test_a_member_of_a_members_only_lab_reads_it(private_lab, client_for, erin):
    from workshops.tests.conftest import member

    member(private_lab, erin.person, "participant")
    hidden = workshop_services.workshop_create(by=None, lab=private_lab, title_th="ลับ")
    html = client_for(erin).get(url(hidden)).content.decode()
    assert 'data-section="registrations"' in html
    assert 'data-section="attendees"' not in html


def test_the_workshop_and_attendance_pages_link_to_it(event, client_for, dana):
    workshop = event["workshop"]
    assert f'href="{url(workshop)}"' in Client().get(workshop.get_absolute_url()).content.decode()
    attendance = client_for(dana).get(reverse("workshops:attendance", args=[workshop.pk]))
    assert f'href="{url(workshop)}"' in attendance.content.decode()


def test_the_page_only_answers_get(event, client_for, dana):
    assert client_for(dana).post(url(event["workshop"])).status_code == 405


# --- Queries -------------------------------------------------------------------------------


def _grow(event, alice, n: int) -> None:
    """n more people from new organisations, registered, present at both
    sessions and placed in a new group of each."""
    for session in (event["morning"], event["afternoon"]):
        workshop_services.group_create(session=session, by=alice, name=f"กลุ่มเพิ่ม {n}")
    groups = {
        s.pk: s.groups.order_by("-pk").first() for s in (event["morning"], event["afternoon"])
    }
    workshop_services.workshop_update(workshop=event["workshop"], by=alice, capacity=None)
    for i in range(n):
        org = organisation_create(
            by=None,
            name_th=f"หน่วยงานเพิ่ม {n}-{i}",
            sector="academia" if i % 2 else "private",
            kind="company",
        )
        someone = person(f"คนเพิ่ม {n}-{i}", organisation=org)
        services.registration_create(workshop=event["workshop"], person=someone, by=alice)
        for session in (event["morning"], event["afternoon"]):
            services.attendance_mark(session=session, person=someone, by=alice)
            workshop_services.group_member_move(
                session=session, person=someone, to_group=groups[session.pk], by=alice
            )


@pytest.mark.parametrize("persona", ["anonymous", "dana"])
def test_the_page_costs_a_fixed_number_of_queries(event, alice, client_for, request, persona):
    viewer = Client() if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    target = url(event["workshop"])
    with CaptureQueriesContext(connection) as few:
        assert viewer.get(target).status_code == 200
    _grow(event, alice, 15)
    with CaptureQueriesContext(connection) as many:
        html = viewer.get(target).content.decode()
    assert field(html, "attended") == "19"
    assert len(many) == len(few)
    if persona == "dana":
        assert "คนเพิ่ม 15-14" in html
