"""The labs write pages: who may use them, what they save, and bad input
that gets a clear message and saves nothing."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from directory.models import Affiliation, Person
from labs import services
from labs.models import (
    Challenge,
    ChallengeAgency,
    Invitation,
    Lab,
    Member,
    Stage,
    Stakeholder,
    Team,
)

pytestmark = pytest.mark.django_db


# --- Labs ------------------------------------------------------------------------------


def test_a_focal_point_creates_a_lab_and_leads_it(client_for, bob, opdc):
    client = client_for(bob)
    response = client.post(
        reverse("labs:lab_create"),
        {
            "name_th": "เวทีนโยบายภาคใต้",
            "name_en": "Southern policy platform",
            "kind": "platform",
            "host_0": f"{opdc.name_th} #{opdc.pk}",
            "host_1": "OPDC",  # the same host again, by abbreviation: kept once
            "purpose": "ร่วมออกแบบนโยบาย",
            "start_date": "2024-07-01",
            "end_date": "2024-07-03",
            "visibility": "public",
            "process": Lab._meta.get_field("process").related_model.objects.get(key="d-school").pk,
        },
    )
    lab = Lab.objects.get()
    assert response.status_code == 302 and response["Location"] == lab.get_absolute_url()
    assert list(lab.hosts.all()) == [opdc]
    assert lab.process.key == "d-school"
    assert Member.objects.get(lab=lab).role == "lead"


def test_a_member_without_a_role_cannot_create_a_lab(client, client_for, charlie):
    assert client_for(charlie).get(reverse("labs:lab_create")).status_code == 403
    client.logout()
    assert client.get(reverse("labs:lab_create")).status_code == 302


def test_a_lab_that_ends_before_it_starts_is_refused(client_for, lena, lab):
    response = client_for(lena).post(
        reverse("labs:lab_edit", args=[lab.pk]),
        {"name_th": "ใหม่", "kind": "programme", "visibility": "public", "process": lab.process_id,
         "start_date": "2025-05-02", "end_date": "2025-05-01"},
    )
    assert response.status_code == 200
    assert "alert-error" in response.content.decode()
    lab.refresh_from_db()
    assert lab.name_th == "ห้องปฏิบัติการนโยบาย"


@pytest.mark.parametrize(("persona", "status"), [("lena", 200), ("alice", 200), ("fiona", 403), ("pat", 403)])
def test_only_the_lead_and_administrators_edit_a_lab(request, client_for, lab, lena, fiona, pat, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("labs:lab_edit", args=[lab.pk])).status_code == status


# --- Members -----------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("lena", 200), ("alice", 200), ("fiona", 403), ("charlie", 403)])
def test_the_members_page_is_for_those_who_manage_members(request, client_for, lab, lena, fiona, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("labs:members", args=[lab.pk])).status_code == status


def test_the_lead_adds_someone_from_the_directory_by_suggestion(client_for, lab, lena, ocsc):
    person = Person.objects.create(honorific="นาย", first_name_th="สมชาย", last_name_th="ใจดี")
    response = client_for(lena).post(
        reverse("labs:member_add", args=[lab.pk]),
        {"person": f"นายสมชาย ใจดี #{person.pk}", "organisation": str(ocsc.pk), "role": "participant", "tags": "ป.ย.ป. 2"},
    )
    assert response.status_code == 302
    member = Member.objects.get(person=person)
    assert member.organisation == ocsc and [t.name for t in member.tags.all()] == ["ป.ย.ป. 2"]


def test_adding_an_unknown_person_says_so_and_saves_nothing(client_for, lab, lena):
    before = Member.objects.count()
    response = client_for(lena).post(
        reverse("labs:member_add", args=[lab.pk]), {"person": "ไม่มีใคร #999999", "role": "participant"}
    )
    assert response.status_code == 400
    assert "ไม่มีใคร" in response.content.decode()
    assert Member.objects.count() == before


def test_the_lead_adds_someone_new_on_the_way(client_for, lab, lena, ocsc):
    response = client_for(lena).post(
        reverse("labs:member_new", args=[lab.pk]),
        {"honorific": "นางสาว", "first_name_th": "สมหญิง", "last_name_th": "ใจงาม", "position": "นักวิเคราะห์",
         "organisation": f"{ocsc.name_th} #{ocsc.pk}", "role": "participant", "tags": "ป.ย.ป. 3"},
    )
    assert response.status_code == 302
    person = Person.objects.get(first_name_th="สมหญิง")
    assert Affiliation.objects.filter(person=person, organisation=ocsc).exists()
    assert Member.objects.get(person=person).organisation == ocsc


def test_someone_new_needs_a_name_and_an_organisation(client_for, lab, lena):
    people = Person.objects.count()
    response = client_for(lena).post(reverse("labs:member_new", args=[lab.pk]), {"role": "participant"})
    assert response.status_code == 400
    assert Person.objects.count() == people


def test_an_invitation_is_sent_and_accepted_with_a_new_account(client, client_for, lab, lena, ocsc):
    response = client_for(lena).post(
        reverse("labs:member_invite", args=[lab.pk]),
        {"email": "somsri@example.go.th", "first_name_th": "สมศรี", "last_name_th": "มีสุข",
         "organisation": str(ocsc.pk), "role": "participant", "tags": "ป.ย.ป. 4", "language": "en"},
    )
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation to join")
    path = re.search(r"https?://[^/]+(/labs/invitations/[^/\s]+/)", message.body).group(1)
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "ห้องปฏิบัติการนโยบาย" in page.content.decode()
    mismatch = client.post(path, {"password1": "a-long-enough-password-42", "password2": "something-else-42"})
    assert mismatch.status_code == 200 and not User.objects.filter(email="somsri@example.go.th").exists()
    response = client.post(path, {"password1": "a-long-enough-password-42", "password2": "a-long-enough-password-42"})
    assert response.status_code == 302 and response["Location"] == lab.get_absolute_url()
    user = User.objects.get(email="somsri@example.go.th")
    assert Person.objects.get(first_name_th="สมศรี").user == user
    assert client.get(reverse("labs:labs")).wsgi_request.user == user
    assert client.get(path).status_code == 404  # used


def test_an_unknown_invitation_link_is_a_404(client, db):
    assert client.get(reverse("labs:invitation_accept", args=["nope"])).status_code == 404


def test_the_lead_changes_a_members_role_and_tags(client_for, lab, lena, pat):
    member = Member.objects.get(person__user=pat)
    response = client_for(lena).post(
        reverse("labs:member_edit", args=[lab.pk, member.pk]), {"role": "evaluator", "tags": "ป.ย.ป. 3, ทีมประเมิน"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "evaluator" and sorted(t.name for t in member.tags.all()) == ["ทีมประเมิน", "ป.ย.ป. 3"]


def test_the_last_lead_cannot_be_removed(client_for, lab, lena):
    member = Member.objects.get(person__user=lena)
    response = client_for(lena).post(reverse("labs:member_remove", args=[lab.pk, member.pk]), follow=True)
    assert Member.objects.filter(pk=member.pk).exists()
    assert "alert-error" in response.content.decode()


# --- Challenges ------------------------------------------------------------------------------


def test_a_facilitator_adds_a_challenge(client_for, lab, fiona):
    stage = Stage.objects.get(process__key="double-diamond", key="define")
    response = client_for(fiona).post(
        reverse("labs:challenge_create", args=[lab.pk]),
        {"title_th": "การบริการภาครัฐแบบไร้รอยต่อ", "stage": stage.pk, "is_national": "on",
         "sdgs": ["16"], "target_groups": "ประชาชน", "goals": "ข้อเสนอเชิงนโยบาย"},
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.stage == stage and challenge.is_national


def test_a_stage_from_another_process_is_refused_and_nothing_is_saved(client_for, lab, fiona):
    other = Stage.objects.get(process__key="d-school", key="prototype")
    response = client_for(fiona).post(
        reverse("labs:challenge_create", args=[lab.pk]), {"title_th": "โจทย์", "stage": other.pk}
    )
    assert response.status_code == 200
    assert "alert-error" in response.content.decode()
    assert response.context["form"].errors["stage"]
    assert not Challenge.objects.exists()


def test_a_participant_cannot_add_a_challenge(client_for, lab, pat):
    assert client_for(pat).get(reverse("labs:challenge_create", args=[lab.pk])).status_code == 403


def test_agencies_are_saved_with_their_roles(client_for, lab, fiona, challenge, opdc, ocsc):
    url = reverse("labs:challenge_agencies", args=[lab.pk, challenge.pk])
    response = client_for(fiona).post(
        url, {"organisation_0": str(opdc.pk), "role_0": "lead", "organisation_1": "OCSC", "role_1": "supporting"}
    )
    assert response.status_code == 302
    assert set(ChallengeAgency.objects.values_list("organisation__abbreviation_en", "role")) == {
        ("OPDC", "lead"),
        ("OCSC", "supporting"),
    }
    twice = client_for(fiona).post(url, {"organisation_0": str(opdc.pk), "role_0": "lead", "organisation_1": str(opdc.pk), "role_1": "partner"})
    assert twice.status_code == 200 and ChallengeAgency.objects.count() == 2


def test_a_team_member_from_another_lab_is_refused_and_nothing_is_saved(client_for, lab, fiona, pat, challenge, private_lab, make_member):
    stranger = Member.objects.get(person__user=make_member(private_lab, "participant", "s@lab.test"))
    mine = Member.objects.get(person__user=pat)
    response = client_for(fiona).post(
        reverse("labs:team_create", args=[lab.pk, challenge.pk]), {"name": "ทีม 1", "members": [mine.pk, stranger.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["members"]
    assert not Team.objects.exists()
    ok = client_for(fiona).post(reverse("labs:team_create", args=[lab.pk, challenge.pk]), {"name": "ทีม 1", "members": [mine.pk]})
    assert ok.status_code == 302 and list(Team.objects.get().members.all()) == [mine]


# --- Stakeholders ---------------------------------------------------------------------------------


def test_a_facilitator_adds_stakeholders_by_form(client_for, lab, fiona, challenge, opdc):
    url = reverse("labs:stakeholders", args=[lab.pk, challenge.pk])
    client = client_for(fiona)
    assert client.post(url, {"kind": "organisation", "organisation": "OPDC", "power": 80, "interest": 70}).status_code == 302
    assert client.post(url, {"kind": "group", "group_name": "ผู้สูงอายุ", "power": 10, "interest": 90}).status_code == 302
    assert sorted(Stakeholder.objects.values_list("power", "interest")) == [(10, 90), (80, 70)]
    html = client.get(url).content.decode()
    assert "data-editable" in html and "ผู้สูงอายุ" in html


def test_power_140_is_refused_with_a_clear_message_and_nothing_is_saved(client_for, lab, fiona, challenge):
    response = client_for(fiona).post(
        reverse("labs:stakeholders", args=[lab.pk, challenge.pk]),
        {"kind": "group", "group_name": "ครู", "power": 140, "interest": 50},
    )
    assert response.status_code == 400
    assert "0 ถึง 100" in response.content.decode() or "0 to 100" in response.content.decode()
    assert not Stakeholder.objects.exists()


@pytest.fixture
def elders(challenge):
    return services.stakeholder_add(challenge=challenge, by=None, group_name="ผู้สูงอายุ", power=20, interest=20)


def move_url(lab, challenge, stakeholder):
    return reverse("labs:stakeholder_move", args=[lab.pk, challenge.pk, stakeholder.pk])


def test_a_drop_on_the_grid_posts_json_and_moves_the_stakeholder(client_for, lab, fiona, challenge, elders):
    response = client_for(fiona).post(
        move_url(lab, challenge, elders), json.dumps({"power": 85, "interest": 75}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["quadrant"] == "manage_closely"
    elders.refresh_from_db()
    assert (elders.power, elders.interest) == (85, 75)


def test_a_drop_off_the_grid_is_refused_with_a_translated_message(client_for, lab, fiona, challenge, elders):
    response = client_for(fiona).post(
        move_url(lab, challenge, elders), json.dumps({"power": 140, "interest": 75}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "100" in response.json()["errors"]["power"][0]["message"]
    assert "interest" not in response.json()["errors"]
    elders.refresh_from_db()
    assert (elders.power, elders.interest) == (20, 20)


def test_the_numbers_form_moves_a_stakeholder_without_javascript(client_for, lab, fiona, challenge, elders):
    response = client_for(fiona).post(move_url(lab, challenge, elders), {"power": 70, "interest": 10})
    assert response.status_code == 302
    elders.refresh_from_db()
    assert elders.quadrant == "keep_satisfied"


def test_a_drop_needs_the_csrf_token(lab, fiona, challenge, elders):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fiona)
    response = client.post(
        move_url(lab, challenge, elders), json.dumps({"power": 85, "interest": 75}), content_type="application/json"
    )
    assert response.status_code == 403
    elders.refresh_from_db()
    assert elders.power == 20


@pytest.mark.parametrize("persona", ["pat", "oscar", "charlie"])
def test_only_those_who_run_the_lab_move_stakeholders(request, client_for, lab, challenge, elders, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        move_url(lab, challenge, elders), json.dumps({"power": 85, "interest": 75}), content_type="application/json"
    )
    assert response.status_code == 403
    elders.refresh_from_db()
    assert elders.power == 20


def test_a_stakeholder_of_another_challenge_is_a_404(client_for, lab, fiona, challenge, elders):
    other = services.challenge_create(lab=lab, by=None, title_th="อีกโจทย์")
    response = client_for(fiona).post(
        reverse("labs:stakeholder_move", args=[lab.pk, other.pk, elders.pk]), {"power": 1, "interest": 1}
    )
    assert response.status_code == 404


def test_invitations_store_no_usable_token(lab, lena):
    _invitation, token = services.invitation_send(lab=lab, by=lena, email="a@example.com", new_person={"first_name_th": "เอ"})
    assert not Invitation.objects.filter(token=token).exists()
