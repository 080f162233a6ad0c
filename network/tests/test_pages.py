"""The network on the organisation, person, lab and challenge pages: their
place in words and numbers, who they should meet, a lab's new cross-agency
ties and whether they lasted, and the agencies similar challenges involved.

One small world (`world`) is built through the apps' own tables and turned
into ties and a stored analysis the way `analyse_network` does it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from actions.tests.conftest import make_action
from lib.templatetags.thai import thaidate
from network import services, ties
from network.models import Level, Scope, Snapshot
from workshops.tests.conftest import (  # noqa: F401 - fixtures used here
    dana,
    erin,
    in_english,
    lab,
    make_lab,
    person,
    workshop,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
GROUP_DAY = dt.date(2024, 3, 11)  # the lab's breakout group (Bangkok day)
LASTING_DAY = dt.date(2024, 7, 1)  # 112 days later: opdc and dgr work together again
EARLIER_DAY = dt.date(2023, 1, 10)  # opdc and ocsc, in another lab, before this one


def organisation(name: str, *, sector: str = "gov_central", kind: str = "department", **fields):
    from directory.models import Organisation

    return Organisation.objects.create(name_th=name, sector=sector, kind=kind, **fields)


def challenge_of(lab, title: str, *agencies, problem: str = ""):  # noqa: F811
    from labs.models import Challenge, ChallengeAgency

    challenge = Challenge.objects.create(
        lab=lab, title_th=title, problem=problem, stage=lab.process.stages.first()
    )
    for organisation_ in agencies:
        ChallengeAgency.objects.create(challenge=challenge, organisation=organisation_, role="lead")
    return challenge


def plan_of(lab):  # noqa: F811
    from actions.models import ActionPlan

    return ActionPlan.objects.create(lab=lab, title_th="แผนปฏิบัติการร่วม")


def analyse() -> None:
    """What `analyse_network` does, without the quarter ends."""
    ties.rebuild()
    for level in Level.values:
        for scope in Scope.values:
            services.analyse(level=level, scope=scope)


@dataclass
class World:
    lab: Any
    other_lab: Any
    closed: Any
    opdc: Any
    ocsc: Any
    dgr: Any
    moe: Any
    ngo: Any
    hidden: Any  # an agency only a members-only lab's work ties
    people: tuple[Any, Any, Any]
    challenge: Any  # in `lab`, on permits, naming opdc
    similar: Any  # in `other_lab`, on permits, naming ngo
    secret: Any  # in `closed`, on permits, naming `hidden`


@pytest.fixture
def world(lab, workshop, opdc, ocsc) -> World:  # noqa: F811
    """A public lab whose breakout group (11 March 2024) sat OPDC, OCSC and
    the Department of Water Resources together. OPDC and OCSC had already
    shared an action in another lab (January 2023): not a new tie. OPDC and
    the department shared an action again 112 days later: it lasted; OCSC and
    the department never did: it did not. MOE and an NGO first met in the
    lab ten days ago: too early to tell. A members-only lab tied the NGO to
    a hidden agency."""
    from workshops.models import BreakoutGroup, GroupMember, Session

    today = timezone.localdate()
    dgr = organisation(
        "กรมทรัพยากรน้ำ",
        abbreviation_th="ทน.",
        abbreviation_en="DWR",
        name_en="Department of Water Resources",
    )
    moe = organisation(
        "กระทรวงศึกษาธิการ", kind="ministry", abbreviation_th="ศธ.", name_en="Ministry of Education"
    )
    ngo = organisation(
        "มูลนิธิชุมชนไท", sector="civil_society", kind="ngo", name_en="Thai Community Foundation"
    )
    hidden = organisation("สำนักงานลับเฉพาะ", name_en="Confidential Office")
    other_lab = make_lab("ห้องปฏิบัติการเดิม")
    closed = make_lab("ห้องปฏิบัติการปิด", visibility="members")

    make_action(
        plan_of(other_lab), "งานร่วมเดิม", lead=opdc, supporting=[ocsc], start_date=EARLIER_DAY
    )
    people = (
        person("สมชาย", organisation=opdc),
        person("สมหญิง", organisation=ocsc),
        person("สมศักดิ์", organisation=dgr),
    )
    session = Session.objects.create(
        workshop=workshop,
        title_th="ระดมความคิด",
        starts_at=dt.datetime(2024, 3, 11, 2, 0, tzinfo=UTC),
        ends_at=dt.datetime(2024, 3, 11, 4, 0, tzinfo=UTC),
    )
    group = BreakoutGroup.objects.create(session=session, name="กลุ่ม 1")
    for who in people:
        GroupMember.objects.create(group=group, person=who)
    make_action(plan_of(other_lab), "งานต่อยอด", lead=opdc, supporting=[dgr], start_date=LASTING_DAY)
    make_action(
        plan_of(lab), "งานใหม่", lead=moe, supporting=[ngo], start_date=today - dt.timedelta(days=10)
    )
    make_action(
        plan_of(closed), "งานภายใน", lead=ngo, supporting=[hidden], start_date=dt.date(2024, 5, 1)
    )

    permits = "ลดขั้นตอนการขออนุญาตก่อสร้างอาคาร"
    problem = "การขออนุญาตก่อสร้างอาคารใช้เวลานาน เอกสารซ้ำซ้อน หลายหน่วยงาน"
    challenge = challenge_of(lab, permits, opdc, problem=problem)
    similar = challenge_of(other_lab, permits + " ในท้องถิ่น", ngo, problem=problem)
    secret = challenge_of(closed, permits + " ระดับจังหวัด", hidden, problem=problem)
    challenge_of(lab, "พัฒนาทักษะดิจิทัลของครู", moe, problem="ครูขาดทักษะดิจิทัล")
    analyse()
    return World(
        lab,
        other_lab,
        closed,
        opdc,
        ocsc,
        dgr,
        moe,
        ngo,
        hidden,
        people,
        challenge,
        similar,
        secret,
    )


def section(html: str, name: str) -> str:
    """One section's text, tags stripped and spaces folded."""
    found = re.search(rf'<section[^>]*data-section="{name}".*?</section>', html, re.S)
    assert found, f"no {name} section"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


def page(client, url: str, language: str | None = None) -> str:
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Organisation page ------------------------------------------------------------------


def test_the_organisation_page_says_its_place_in_english_with_its_numbers(client, world):
    text = section(page(client, world.opdc.get_absolute_url(), "en"), "network-place")
    snapshot = Snapshot.objects.get(level=Level.ORGANISATION, scope=Scope.PUBLIC, current=True)
    # OPDC worked with OCSC and the department: two partners, one island of
    # the three (the others are tied in pairs or not at all).
    assert "Has worked directly with 2 others, most with" in text
    assert f"On the main island of the network, with 3 of {snapshot.node_count}." in text
    assert "Reaches 2 others within two steps." in text
    with translation.override("en"):
        computed = (
            f"{thaidate(snapshot.computed_at)} {timezone.localtime(snapshot.computed_at):%H:%M}"
        )
    assert f"Last computed {computed}." in text
    # Its partners, with the kinds of work and the last time (Common Era in English).
    assert "DWR" in text and "OCSC" in text
    assert "Lead and supporting agencies of one action, Same breakout group" in text
    assert "1 Jul 2024" in text
    link = f"{reverse('network:map')}?level=organisation&amp;focus={world.opdc.pk}"
    assert link in page(client, world.opdc.get_absolute_url())


def test_the_organisation_page_in_thai_dates_in_the_buddhist_era(client, world):
    html = page(client, world.opdc.get_absolute_url())  # Thai: the default
    text = section(html, "network-place")
    snapshot = Snapshot.objects.get(level=Level.ORGANISATION, scope=Scope.PUBLIC, current=True)
    with translation.override("th"):
        computed = thaidate(snapshot.computed_at)
        last = thaidate(LASTING_DAY, "short")
    assert computed in text and str(snapshot.computed_at.year + 543) in text
    assert last in text and "67" in last  # 2567
    assert "ทน." in text and "ก.พ." in text  # Thai abbreviations
    assert re.search(r"\b2\b.*\b3\b", text)  # two partners; three on the main island


def test_who_should_meet_whom_names_the_other_with_a_reason_and_a_link(client, world):
    html = page(client, world.opdc.get_absolute_url(), "en")
    text = section(html, "network-place")
    # OPDC and the NGO both work on building permits and have no tie.
    assert "Who should meet whom" in text
    assert "Thai Community Foundation" in text
    assert re.search(r"Both work on [^.]*ขออนุญาต", text)
    assert "not connected at all yet" in text
    assert "a different sector (Civil society)" in text
    assert f'href="{world.ngo.get_absolute_url()}"' in html


def test_a_members_only_labs_ties_are_not_on_the_page_for_outsiders(
    client, client_for, world, charlie, alice
):
    # The NGO's only tie to the hidden agency is in the members-only lab.
    assert "Confidential Office" not in page(client, world.ngo.get_absolute_url(), "en")
    assert "Confidential Office" not in page(
        client_for(in_english(charlie)), world.ngo.get_absolute_url()
    )
    admin = section(
        page(client_for(in_english(alice)), world.ngo.get_absolute_url()), "network-place"
    )
    assert "Confidential Office" in admin
    assert "Has worked directly with 2 others" in admin  # MOE and the hidden agency


def test_sampled_betweenness_is_said_so(client, world):
    Snapshot.objects.filter(current=True).update(betweenness_sample=256)
    text = section(page(client, world.dgr.get_absolute_url(), "en"), "network-place")
    assert "256 sampled starting points" in text


def test_a_running_or_missing_analysis_is_said_so(client, world):
    Snapshot.objects.create(
        level=Level.ORGANISATION,
        scope=Scope.PUBLIC,
        end=timezone.localdate(),
        status=Snapshot.Status.RUNNING,
    )
    text = section(page(client, world.opdc.get_absolute_url(), "en"), "network-place")
    assert "A new analysis is running now." in text and "Last computed" in text
    Snapshot.objects.filter(status=Snapshot.Status.DONE).delete()
    text = section(page(client, world.opdc.get_absolute_url(), "en"), "network-place")
    assert "The network has not been analysed yet." in text
    assert "The first analysis is running now" in text
    assert "Has worked directly with 2 others" in text  # ties are read live


# --- Person page -------------------------------------------------------------------------


def test_the_person_section_is_for_signed_in_users_only(client, client_for, world, charlie):
    somchai, somying, _ = world.people
    anonymous = page(client, somchai.get_absolute_url(), "en")
    assert 'data-section="network-place"' not in anonymous
    assert somying.name_th not in anonymous
    text = section(
        page(client_for(in_english(charlie)), somchai.get_absolute_url()), "network-place"
    )
    # The other two of the group, and Dana, a colleague at OPDC.
    assert "Has worked directly with 3 others" in text
    assert somying.name_th in text and "Same breakout group" in text
    assert "11 Mar 2024" in text
    assert f"level=person&amp;focus={somchai.pk}" in page(
        client_for(charlie), somchai.get_absolute_url()
    )


# --- Lab page ------------------------------------------------------------------------------


def test_the_lab_page_counts_new_ties_and_which_lasted(client, world):
    html = page(client, world.lab.get_absolute_url(), "en")
    text = section(html, "new-ties")
    assert "networking" in text and "transformative outcome" in text
    # Four pairs: OPDC-OCSC (tied before), OPDC-DWR (lasted), OCSC-DWR (did
    # not), MOE-NGO (ten days ago: too early).
    assert "The lab's work tied 4 pairs of organisations; 3 of them had no tie before it." in text
    assert (
        "Of the 2 new ties old enough to tell, 1 (50%) lasted: the two worked together "
        "again at least 90 days after they first met in this lab." in text
    )
    assert "1 is too recent to tell." in text
    rows = re.findall(r'data-tie="(\d+-\d+)".*?data-lasted="(\w+)"', html, re.S)
    key = lambda a, b: f"{min(a.pk, b.pk)}-{max(a.pk, b.pk)}"  # noqa: E731
    # Those that lasted first, then those too recent to tell, then the rest.
    assert rows == [
        (key(world.opdc, world.dgr), "yes"),
        (key(world.moe, world.ngo), "unknown"),
        (key(world.ocsc, world.dgr), "no"),
    ]
    assert "11 Mar 2024" in text


def test_the_lab_page_in_thai(client, world):
    text = section(page(client, world.lab.get_absolute_url()), "new-ties")
    with translation.override("th"):
        first = thaidate(GROUP_DAY, "short")
    assert first in text
    assert re.search(r"\b4\b.*\b3\b", text)


def test_a_members_only_labs_new_ties_are_for_those_who_see_the_lab(
    client_for, world, charlie, alice
):
    from labs.models import Member

    Member.objects.create(
        lab=world.closed, person=person("สมาชิก", user=charlie), role="participant"
    )
    member = section(
        page(client_for(in_english(charlie)), world.closed.get_absolute_url()), "new-ties"
    )
    # Its members see their own lab's evidence, as administrators do.
    assert "tied 1 pair of organisations" in member and "Confidential Office" in member
    admin = section(
        page(client_for(in_english(alice)), world.closed.get_absolute_url()), "new-ties"
    )
    assert "tied 1 pair of organisations" in admin and "Confidential Office" in admin


# --- Challenge page --------------------------------------------------------------------------


def test_the_challenge_page_suggests_agencies_of_similar_challenges_it_may_show(
    client, client_for, world, alice
):
    html = page(client, world.challenge.get_absolute_url(), "en")
    text = section(html, "agency-suggestions")
    assert "Thai Community Foundation" in text
    assert f'data-via="{world.similar.pk}"' in html and world.similar.title_th in text
    # Not the agency of a members-only lab's challenge, nor that challenge.
    assert "Confidential Office" not in text and world.secret.title_th not in text
    admin = section(
        page(client_for(in_english(alice)), world.challenge.get_absolute_url()),
        "agency-suggestions",
    )
    assert "Confidential Office" in admin and world.secret.title_th in admin
    # OPDC is already on it; MOE's challenge is about something else.
    assert "Office of the Public Sector Development Commission" not in text.split("From:")[0]
    assert "Ministry of Education" not in text
