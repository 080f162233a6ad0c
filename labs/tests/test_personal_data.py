"""A person's lab and workshop records are part of their PDPA data export,
and erasing the account removes the invitation address."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.selectors import personal_data_for_user
from accounts.services import user_erase
from labs import services as labs
from labs.models import Invitation
from workshops import services as workshops
from workshops.services import registration


def _lab_with_charlie(alice, opdc):
    lab = labs.lab_create(by=alice, name_th="ห้องปฏิบัติการนวัตกรรมภาครัฐ")
    invitation, _token = labs.invitation_send(
        lab=lab,
        by=alice,
        email="charlie@moe.test",
        new_person={"first_name_th": "ชาลี", "last_name_th": "ใจดี"},
        organisation=opdc,
        tags=["ป.ย.ป. 2"],
    )
    return lab, invitation


def test_the_export_holds_lab_memberships_and_workshop_participation(alice, charlie, opdc):
    lab, invitation = _lab_with_charlie(alice, opdc)
    person = invitation.member.person
    person.user = charlie
    person.save()
    workshop = workshops.workshop_create(
        lab=lab, by=alice, title_th="วันเตรียมความพร้อม", format="hybrid"
    )
    start = timezone.now() + dt.timedelta(days=3)
    workshops.session_add(
        workshop=workshop,
        by=alice,
        title_th="ช่วงเช้า",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    registration.registration_create(workshop=workshop, person=person, by=alice)

    data = personal_data_for_user(charlie)

    [membership] = data["lab_memberships"]
    assert membership["lab"] == "ห้องปฏิบัติการนวัตกรรมภาครัฐ"
    assert membership["tags"] == ["ป.ย.ป. 2"]
    assert membership["invitation"]["email"] == "charlie@moe.test"
    [registered] = data["workshop_participation"]["registrations"]
    assert registered["workshop"] == "วันเตรียมความพร้อม"


def test_someone_else_sees_none_of_it(alice, bob, charlie, opdc):
    _lab_with_charlie(alice, opdc)
    data = personal_data_for_user(bob)
    assert data["lab_memberships"] == []
    assert data["workshop_participation"]["registrations"] == []


def test_erasing_the_account_removes_the_invitation_address(alice, charlie, opdc):
    _lab, invitation = _lab_with_charlie(alice, opdc)
    person = invitation.member.person
    person.user = charlie
    person.save()

    user_erase(user=charlie, by=charlie)

    assert not Invitation.objects.filter(email="charlie@moe.test").exists()
    assert Invitation.objects.get(pk=invitation.pk).email == f"erased-{charlie.pk}@invalid"
