"""Merging duplicates in the directory keeps lab and workshop links whole:
rows move to the record kept, and a link it already has is not doubled."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from directory import services as directory
from labs import services as labs
from labs.models import ChallengeAgency, Member, Stage
from workshops import services as workshops
from workshops.models import Registration
from workshops.services import registration


def _person(name: str):
    return directory.person_create(by=None, first_name_th=name, last_name_th="ทดสอบ")


def test_merging_two_members_of_one_lab_leaves_one_membership(alice, opdc):
    lab = labs.lab_create(by=alice, name_th="ห้องปฏิบัติการนโยบาย")
    keep, duplicate, other = _person("สมชาย"), _person("สมชาย"), _person("สมศรี")
    labs.member_add(lab=lab, by=alice, person=keep, organisation=opdc)
    labs.member_add(lab=lab, by=alice, person=duplicate, organisation=opdc)
    other_lab = labs.lab_create(by=alice, name_th="ห้องปฏิบัติการอื่น")
    labs.member_add(lab=other_lab, by=alice, person=duplicate)
    labs.member_add(lab=lab, by=alice, person=other)

    directory.person_merge(keep=keep, duplicate=duplicate, by=alice)

    assert Member.objects.filter(lab=lab, person=keep).count() == 1
    assert Member.objects.filter(lab=other_lab, person=keep).count() == 1
    assert Member.objects.filter(lab=lab, person=other).count() == 1


def test_merging_two_registrations_for_one_workshop_keeps_one(alice):
    lab = labs.lab_create(by=alice, name_th="ห้องปฏิบัติการนโยบาย")
    workshop = workshops.workshop_create(lab=lab, by=alice, title_th="วันเตรียมความพร้อม", format="onsite")
    start = timezone.now() + dt.timedelta(days=5)
    workshops.session_add(
        workshop=workshop, by=alice, title_th="ช่วงเช้า", starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    keep, duplicate = _person("สมชาย"), _person("สมชาย")
    registration.registration_create(workshop=workshop, person=keep, by=alice)
    registration.registration_create(workshop=workshop, person=duplicate, by=alice)

    directory.person_merge(keep=keep, duplicate=duplicate, by=alice)

    assert list(Registration.objects.filter(workshop=workshop).values_list("person", flat=True)) == [keep.pk]


def test_merging_two_agencies_of_one_challenge_keeps_one_role(alice, opdc, ocsc):
    lab = labs.lab_create(by=alice, name_th="ห้องปฏิบัติการนโยบาย")
    stage = Stage.objects.get(process=lab.process, key="discover")
    challenge = labs.challenge_create(lab=lab, by=alice, title_th="การเพิ่มโอกาสเข้าถึงการศึกษา", stage=stage)
    labs.challenge_set_agencies(
        challenge=challenge,
        by=alice,
        agencies=[(opdc, ChallengeAgency.Role.LEAD), (ocsc, ChallengeAgency.Role.SUPPORTING)],
    )

    directory.organisation_merge(keep=opdc, duplicate=ocsc, by=alice)

    assert list(challenge.agencies.values_list("organisation", "role")) == [
        (opdc.pk, ChallengeAgency.Role.LEAD)
    ]
