"""labs.services: each write, its audit entry, and bad input that changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import User
from audit.models import AuditEntry
from directory.models import Affiliation, District, Organisation, Person, Province
from labs import services
from labs.models import (
    Challenge,
    ChallengeAgency,
    Invitation,
    Lab,
    Member,
    Process,
    Stage,
    Stakeholder,
    Team,
)
from search.models import SearchDocument
from search.selectors import search

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- Labs ------------------------------------------------------------------------


def test_lab_create_makes_the_creator_its_lead_with_a_person_on_the_way(bob, opdc):
    lab = services.lab_create(by=bob, name_th="  ห้องปฏิบัติการ   ภาคใต้ ", hosts=[opdc])
    assert lab.name_th == "ห้องปฏิบัติการ ภาคใต้"
    assert lab.process.key == "double-diamond"
    lead = Member.objects.get(lab=lab)
    assert lead.role == "lead" and lead.person.user == bob and lead.organisation == opdc
    assert bob.has_perm("labs.change_lab", lab)
    assert {"labs.lab.create", "directory.person.create", "directory.person.link_account", "labs.member.add"} <= set(
        actions()
    )


def test_lab_create_uses_the_creators_existing_person(charlie):
    person = Person.objects.create(first_name_th="ชาลี", user=charlie)
    lab = services.lab_create(by=charlie, name_th="แล็บ")
    assert Member.objects.get(lab=lab).person == person
    assert Person.objects.count() == 1


def test_lab_create_refuses_an_end_before_the_start_and_saves_nothing(bob):
    with pytest.raises(ValidationError):
        services.lab_create(
            by=bob, name_th="แล็บ", start_date=dt.date(2025, 5, 2), end_date=dt.date(2025, 5, 1)
        )
    assert not Lab.objects.exists() and not Member.objects.exists()


def test_lab_create_refuses_another_labs_own_process(lab, bob):
    own = Process.objects.create(key="own", name_th="กระบวนการของเรา", lab=lab)
    with pytest.raises(ValidationError) as error:
        services.lab_create(by=bob, name_th="แล็บใหม่", process=own)
    assert "process" in error.value.message_dict
    assert Lab.objects.count() == 1


def test_lab_update_records_what_changed(lab, alice, ocsc):
    services.lab_update(lab=lab, by=alice, name_en="Policy Lab TH", hosts=[ocsc])
    entry = AuditEntry.objects.filter(action="labs.lab.update").get()
    assert entry.changes["name_en"] == ["Policy lab", "Policy Lab TH"]
    assert entry.changes["hosts"][1] == [str(ocsc)]


def test_lab_update_refuses_a_new_process_while_challenges_sit_in_the_old_one(lab, challenge, alice):
    dschool = Process.objects.get(key="d-school")
    with pytest.raises(ValidationError):
        services.lab_update(lab=lab, by=alice, process=dschool)
    lab.refresh_from_db()
    assert lab.process.key == "double-diamond"


def test_only_public_labs_and_their_challenges_are_searchable(opdc, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public = services.lab_create(by=None, name_th="แล็บเปิด", hosts=[opdc])
        hidden = services.lab_create(by=None, name_th="แล็บปิด", visibility="members")
        services.challenge_create(lab=public, by=None, title_th="โจทย์เปิด")
        secret = services.challenge_create(lab=hidden, by=None, title_th="โจทย์ปิด")
    indexed = set(SearchDocument.objects.values_list("kind", "object_id"))
    assert ("lab", public.pk) in indexed and ("lab", hidden.pk) not in indexed
    assert ("challenge", secret.pk) not in indexed
    hits = search(query="แล็บเปิด", kinds=["lab"], limit=5)
    assert [(h.object_id, h.url) for h in hits] == [(public.pk, public.get_absolute_url())]
    with django_capture_on_commit_callbacks(execute=True):
        services.lab_update(lab=public, by=None, visibility="members")
    assert not SearchDocument.objects.filter(kind__in=["lab", "challenge"]).exists()


# --- Members ---------------------------------------------------------------------------


def test_member_add_takes_the_persons_current_organisation(lab, ocsc):
    person = Person.objects.create(first_name_th="สมชาย")
    Affiliation.objects.create(person=person, organisation=ocsc)
    member = services.member_add(lab=lab, by=None, person=person, tags=["ป.ย.ป. 2", "ป.ย.ป. 2 "])
    assert member.organisation == ocsc and member.role == "participant"
    assert [t.name for t in member.tags.all()] == ["ป.ย.ป. 2"]


def test_member_add_creates_a_new_person_on_the_way_in_their_organisation(lab, ocsc, alice):
    member = services.member_add(
        lab=lab,
        by=alice,
        new_person={"honorific": "นางสาว", "first_name_th": "สมหญิง", "last_name_th": "ใจงาม"},
        organisation=ocsc,
        role="participant",
    )
    person = member.person
    assert person.full_name == "นางสาวสมหญิง ใจงาม"
    assert Affiliation.objects.filter(person=person, organisation=ocsc).exists()
    assert member.organisation == ocsc


def test_member_add_refuses_someone_already_in_the_lab(lab, pat):
    with pytest.raises(ValidationError):
        services.member_add(lab=lab, by=None, person=pat.person, role="observer")
    assert Member.objects.get(person=pat.person).role == "participant"


def test_member_add_refuses_an_unknown_role(lab):
    person = Person.objects.create(first_name_th="สมชาย")
    with pytest.raises(ValidationError):
        services.member_add(lab=lab, by=None, person=person, role="king")
    assert not Member.objects.filter(person=person).exists()


def test_member_update_changes_role_organisation_and_tags(lab, pat, opdc):
    member = Member.objects.get(person=pat.person)
    services.member_update(member=member, by=None, role="facilitator", organisation=opdc, tags=["ป.ย.ป. 3"])
    member.refresh_from_db()
    assert (member.role, member.organisation, [t.name for t in member.tags.all()]) == (
        "facilitator",
        opdc,
        ["ป.ย.ป. 3"],
    )
    entry = AuditEntry.objects.filter(action="labs.member.update").get()
    assert entry.changes["tags"] == [["ป.ย.ป. 2"], ["ป.ย.ป. 3"]]


def test_a_lab_keeps_its_last_lead(lab, lena, fiona):
    lead = Member.objects.get(person=lena.person)
    with pytest.raises(ValidationError):
        services.member_update(member=lead, by=None, role="participant")
    with pytest.raises(ValidationError):
        services.member_remove(member=lead, by=None)
    services.member_update(member=Member.objects.get(person=fiona.person), by=None, role="lead")
    services.member_remove(member=lead, by=None)
    assert not Member.objects.filter(pk=lead.pk).exists()
    assert "labs.member.remove" in actions()


# --- Invitations ---------------------------------------------------------------------------


def _token(message) -> str:
    match = re.search(r"/labs/invitations/([^/\s]+)/", message.body)
    assert match is not None
    return match.group(1)


def test_invitation_send_mails_a_link_in_thai_and_stores_only_a_digest(lab, lena, ocsc):
    invitation, token = services.invitation_send(
        lab=lab,
        by=lena,
        email="Somsri@Example.go.th",
        new_person={"first_name_th": "สมศรี", "last_name_th": "มีสุข"},
        organisation=ocsc,
        tags=["ป.ย.ป. 4"],
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somsri@example.go.th"]
    assert "ห้องปฏิบัติการนโยบาย" in message.subject
    assert _token(message) == token
    assert invitation.token != token and invitation.token == services.token_digest(token)
    member = invitation.member
    assert member.person.email == "somsri@example.go.th" and member.organisation == ocsc
    assert [t.name for t in member.tags.all()] == ["ป.ย.ป. 4"]
    assert "labs.invitation.send" in actions()


def test_invitation_send_writes_in_the_invitees_own_language(lab, lena, charlie):
    charlie.language = "en"
    charlie.save()
    Person.objects.create(first_name_en="Charlie", email=charlie.email)
    with translation.override("th"):
        services.invitation_send(lab=lab, by=lena, email=charlie.email)
    assert mail.outbox[0].subject.startswith("Invitation to join")


def test_invitation_send_needs_a_name_for_someone_not_in_the_directory(lab, lena):
    with pytest.raises(ValidationError):
        services.invitation_send(lab=lab, by=lena, email="nobody@example.com")
    assert not Invitation.objects.exists() and len(mail.outbox) == 0


def test_accepting_creates_the_account_and_links_the_person(lab, lena):
    invitation, token = services.invitation_send(
        lab=lab, by=lena, email="new@example.com", new_person={"first_name_th": "ใหม่"}
    )
    found = services.invitation_for_token(token)
    assert found == invitation
    user = services.invitation_accept(invitation=found, password="a-long-enough-password-42")
    assert user.email == "new@example.com" and user.check_password("a-long-enough-password-42")
    assert Person.objects.get(pk=invitation.member.person_id).user == user
    assert user.has_perm("labs.view_lab", lab)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="a-long-enough-password-42")


def test_accepting_refuses_a_weak_password_and_creates_nothing(lab, lena):
    invitation, _token = services.invitation_send(
        lab=lab, by=lena, email="new@example.com", new_person={"first_name_th": "ใหม่"}
    )
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(invitation=invitation, password="123")
    assert "password" in error.value.message_dict
    assert not User.objects.filter(email="new@example.com").exists()


def test_accepting_while_signed_in_moves_the_membership_to_the_users_person(lab, lena, charlie):
    own = Person.objects.create(first_name_th="ชาลี", user=charlie)
    invitation, _token = services.invitation_send(
        lab=lab, by=lena, email="charlie.work@example.com", new_person={"first_name_th": "ชาลี"}
    )
    services.invitation_accept(invitation=invitation, user=charlie)
    assert Member.objects.get(pk=invitation.member_id).person == own
    assert charlie.has_perm("labs.view_lab", lab)


def test_an_existing_account_must_sign_in_to_accept(lab, lena, charlie):
    invitation, _token = services.invitation_send(
        lab=lab, by=lena, email=charlie.email, new_person={"first_name_th": "ชาลี"}
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="a-long-enough-password-42")


def test_an_expired_invitation_cannot_be_accepted(lab, lena):
    invitation, _token = services.invitation_send(
        lab=lab, by=lena, email="late@example.com", new_person={"first_name_th": "ช้า"}
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - dt.timedelta(days=31))
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="a-long-enough-password-42")
    assert not User.objects.filter(email="late@example.com").exists()


def test_sending_again_renews_the_link(lab, lena):
    first, old = services.invitation_send(lab=lab, by=lena, email="x@example.com", new_person={"first_name_th": "เอ็กซ์"})
    second, new = services.invitation_send(lab=lab, by=lena, email="x@example.com")
    assert first.pk == second.pk and old != new
    assert services.invitation_for_token(old) is None
    assert services.invitation_for_token(new) == second


# --- Challenges -------------------------------------------------------------------------------


def test_challenge_create_starts_at_the_first_stage_of_the_labs_process(lab, alice):
    challenge = services.challenge_create(lab=lab, by=alice, title_th="โจทย์", sdgs=[])
    assert challenge.stage.key == "discover"
    assert "labs.challenge.create" in actions()


def test_challenge_create_refuses_a_stage_of_another_process(lab, alice):
    other = Stage.objects.get(process__key="d-school", key="ideate")
    with pytest.raises(ValidationError) as error:
        services.challenge_create(lab=lab, by=alice, title_th="โจทย์", stage=other)
    assert "stage" in error.value.message_dict
    assert not Challenge.objects.exists()


def test_a_national_challenge_names_no_provinces(lab):
    province = Province.objects.first()
    with pytest.raises(ValidationError):
        services.challenge_create(lab=lab, by=None, title_th="โจทย์", is_national=True, provinces=[province])
    assert not Challenge.objects.exists()


def test_districts_bring_their_provinces(lab):
    district = District.objects.select_related("province").first()
    challenge = services.challenge_create(lab=lab, by=None, title_th="โจทย์", districts=[district])
    assert list(challenge.provinces.all()) == [district.province]


def test_challenge_update_records_stage_and_sdgs(challenge, alice):
    from labs.models import Goal

    define = Stage.objects.get(process__key="double-diamond", key="define")
    services.challenge_update(challenge=challenge, by=alice, stage=define, sdgs=Goal.objects.filter(number__in=[3, 10]))
    entry = AuditEntry.objects.filter(action="labs.challenge.update").get()
    assert entry.changes["sdgs"] == [[], [3, 10]]
    assert entry.changes["stage_id"][1] == define.pk


def test_challenge_set_agencies_replaces_them_and_refuses_doubles(challenge, opdc, ocsc):
    services.challenge_set_agencies(challenge=challenge, by=None, agencies=[(opdc, "lead"), (ocsc, "supporting")])
    assert set(challenge.agencies.values_list("organisation__abbreviation_en", "role")) == {
        ("OPDC", "lead"),
        ("OCSC", "supporting"),
    }
    with pytest.raises(ValidationError):
        services.challenge_set_agencies(challenge=challenge, by=None, agencies=[(opdc, "lead"), (opdc, "partner")])
    assert ChallengeAgency.objects.count() == 2


# --- Teams ----------------------------------------------------------------------------------


def test_team_create_takes_members_of_the_lab(challenge, pat, fiona):
    members = list(Member.objects.filter(person__user__in=[pat, fiona]))
    team = services.team_create(challenge=challenge, by=None, name="ทีมข้อมูล", members=members)
    assert set(team.members.all()) == set(members)


def test_team_create_refuses_a_member_of_another_lab_and_saves_nothing(challenge, private_lab, make_member):
    stranger = make_member(private_lab, "participant", "stranger@lab.test")
    with pytest.raises(ValidationError) as error:
        services.team_create(
            challenge=challenge, by=None, name="ทีม", members=[Member.objects.get(person__user=stranger)]
        )
    assert "members" in error.value.message_dict
    assert not Team.objects.exists()


def test_team_update_refuses_a_member_of_another_lab_and_keeps_the_team(challenge, pat, private_lab, make_member):
    team = services.team_create(challenge=challenge, by=None, name="ทีม", members=[Member.objects.get(person__user=pat)])
    stranger = Member.objects.get(person__user=make_member(private_lab, "participant", "s@lab.test"))
    with pytest.raises(ValidationError):
        services.team_update(team=team, by=None, name="ทีมใหม่", members=[stranger])
    team.refresh_from_db()
    assert team.name == "ทีม" and list(team.members.values_list("person__user", flat=True)) == [pat.pk]


# --- Stakeholders -----------------------------------------------------------------------------


def test_stakeholder_add_and_move_across_quadrants(challenge, opdc, fiona):
    stakeholder = services.stakeholder_add(challenge=challenge, by=fiona, organisation=opdc, power=80, interest=20)
    assert stakeholder.quadrant == "keep_satisfied"
    services.stakeholder_move(stakeholder=stakeholder, by=fiona, power=80, interest=90)
    stakeholder.refresh_from_db()
    assert stakeholder.quadrant == "manage_closely"
    entry = AuditEntry.objects.filter(action="labs.stakeholder.move").get()
    assert entry.changes["interest"] == [20, 90]


@pytest.mark.parametrize(("power", "interest"), [(140, 50), (-1, 50), (50, 101), ("50", 50), (True, 50)])
def test_stakeholder_positions_stay_on_the_grid(challenge, power, interest):
    stakeholder = services.stakeholder_add(challenge=challenge, by=None, group_name="ผู้ปกครอง", power=10, interest=10)
    with pytest.raises(ValidationError):
        services.stakeholder_move(stakeholder=stakeholder, by=None, power=power, interest=interest)
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.interest) == (10, 10)
    with pytest.raises(ValidationError):
        services.stakeholder_add(challenge=challenge, by=None, group_name="ครู", power=power, interest=interest)
    assert Stakeholder.objects.count() == 1


def test_a_stakeholder_is_exactly_one_of_organisation_person_group(challenge, opdc):
    with pytest.raises(ValidationError):
        services.stakeholder_add(challenge=challenge, by=None)
    with pytest.raises(ValidationError):
        services.stakeholder_add(challenge=challenge, by=None, organisation=opdc, group_name="ครู")
    services.stakeholder_add(challenge=challenge, by=None, organisation=opdc)
    with pytest.raises(ValidationError):
        services.stakeholder_add(challenge=challenge, by=None, organisation=opdc)
    assert Stakeholder.objects.count() == 1


def test_stakeholder_remove_is_recorded(challenge):
    stakeholder = services.stakeholder_add(challenge=challenge, by=None, group_name="ผู้ปกครอง")
    services.stakeholder_remove(stakeholder=stakeholder, by=None)
    assert not Stakeholder.objects.exists()
    assert AuditEntry.objects.filter(action="labs.stakeholder.remove").exists()


def test_organisation_merge_moves_lab_links(lab, challenge, opdc, ocsc):
    from directory.services import organisation_merge

    services.challenge_set_agencies(challenge=challenge, by=None, agencies=[(ocsc, "lead")])
    organisation_merge(keep=opdc, duplicate=ocsc, by=None)
    assert ChallengeAgency.objects.get().organisation == opdc
    assert list(Organisation.objects.filter(hosted_labs=lab)) == [opdc]
