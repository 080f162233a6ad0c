"""The labs read pages: what they show, to whom, and at what cost.

The query-count tests build the same shape at two sizes and assert the
same, exact number of queries: no page may do a query per row.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import count_queries
from directory.models import District, Organisation, Person, Tag
from labs import services
from labs.models import Challenge, ChallengeAgency, Goal, Lab, Member, Stakeholder, Team

pytestmark = pytest.mark.django_db


def grow(lab: Lab, challenge: Challenge, size: int) -> None:
    """`size` more of everything on a lab and its challenge."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name_th=f"หน่วยงาน {size}-{i}", sector="gov_central" if i % 2 else "academia", kind="office")
        for i in range(size)
    )
    lab.hosts.add(*organisations[:3])
    people = Person.objects.bulk_create(Person(first_name_th=f"คน{size}-{i}") for i in range(size))
    tag, _ = Tag.objects.get_or_create(name=f"ป.ย.ป. {size % 3 + 2}")
    members = Member.objects.bulk_create(
        Member(lab=lab, person=p, organisation=organisations[i], role=["participant", "observer", "facilitator"][i % 3])
        for i, p in enumerate(people)
    )
    for member in members:
        member.tags.add(tag)
    for i in range(size):
        Challenge.objects.create(lab=lab, title_th=f"โจทย์ {size}-{i}", stage=challenge.stage)
    ChallengeAgency.objects.bulk_create(
        ChallengeAgency(challenge=challenge, organisation=o, role=["lead", "supporting", "partner"][i % 3])
        for i, o in enumerate(organisations)
    )
    for t in range(3):
        team = Team.objects.create(challenge=challenge, name=f"ทีม {size}-{t}")
        team.members.add(*members[t::3])
    Stakeholder.objects.bulk_create(
        Stakeholder(challenge=challenge, organisation=o, power=(i * 37) % 101, interest=(i * 53) % 101)
        for i, o in enumerate(organisations)
    )
    challenge.sdgs.add(*Goal.objects.all()[: size % 17 + 1])
    challenge.districts.add(*District.objects.all()[:size])


# --- Lab list ---------------------------------------------------------------------


def test_the_list_shows_public_labs_and_the_users_own(client, client_for, lab, private_lab, pat, alice):
    assert lab.name_th in client.get(reverse("labs:labs")).content.decode()
    assert private_lab.name_th not in client.get(reverse("labs:labs")).content.decode()
    Member.objects.create(lab=private_lab, person=pat.person, role="participant")
    html = client_for(pat).get(reverse("labs:labs")).content.decode()
    assert private_lab.name_th in html and lab.name_th in html
    assert "ผู้เข้าร่วม" in html or "Participant" in html
    assert private_lab.name_th in client_for(alice).get(reverse("labs:labs")).content.decode()


def test_the_list_offers_create_to_those_who_may(client_for, alice, bob, charlie):
    url = reverse("labs:lab_create")
    assert url in client_for(bob).get(reverse("labs:labs")).content.decode()
    assert url not in client_for(charlie).get(reverse("labs:labs")).content.decode()


@pytest.mark.parametrize(("persona", "expected"), [(None, 2), ("charlie", 7), ("alice", 4)])
def test_the_list_uses_the_same_queries_whatever_the_size(request, client, client_for, lab, challenge, persona, expected):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    grow(lab, challenge, 4)
    small = count_queries(client, reverse("labs:labs"))
    for i in range(20):
        extra = services.lab_create(by=None, name_th=f"แล็บ {i}")
        grow(extra, services.challenge_create(lab=extra, by=None, title_th="โจทย์"), 3)
    large = count_queries(client, reverse("labs:labs"))
    # labs with counts and the user's role, hosts; signed in: + session and
    # user; non-administrators: + the user's model permissions (2) and "is
    # any focal point" for the create button.
    assert small == large == expected


# --- Lab page ---------------------------------------------------------------------


def test_the_lab_page_shows_purpose_hosts_period_members_and_challenges(client, lab, lena, pat, challenge, opdc):
    services.lab_update(lab=lab, by=None, start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 9, 30))
    response = client.get(lab.get_absolute_url())
    html = response.content.decode()
    assert lab.purpose in html and opdc.name_th in html
    assert "2568" in html  # Buddhist era
    assert "ป.ย.ป. 2" in html and "ลีนา" in html and "แพท" in html
    assert challenge.title_th in html and "ค้นหา" in html  # stage name
    groups = response.context["detail"].groups
    assert [g.role for g in groups] == ["lead", "participant"]
    assert groups[1].members[0].organisation.abbreviation_en == "OCSC"


def test_a_members_only_lab_is_a_404_to_outsiders(client, client_for, private_lab, charlie, alice):
    url = private_lab.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_for(charlie).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "edit", "members", "challenge"),
    [(None, False, False, False), ("pat", False, False, False), ("fiona", False, False, True), ("lena", True, True, True)],
)
def test_the_lab_page_offers_actions_by_role(request, client, client_for, lab, lena, fiona, pat, persona, edit, members, challenge):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    html = client.get(lab.get_absolute_url()).content.decode()
    assert (reverse("labs:lab_edit", args=[lab.pk]) in html) is edit
    assert (reverse("labs:members", args=[lab.pk]) in html) is members
    assert (reverse("labs:challenge_create", args=[lab.pk]) in html) is challenge


def grow_outputs(lab: Lab, size: int) -> None:
    """`size` more proposals, and a plan with `size` actions, on a lab."""
    from actions.models import Proposal
    from actions.services.plans import action_create, plan_create

    organisation = Organisation.objects.create(name_th=f"หน่วยงานนำ {size}", kind="office")
    Proposal.objects.bulk_create(
        Proposal(lab=lab, kind=["policy", "project"][i % 2], title_th=f"ข้อเสนอ {size}-{i}",
                 status=["draft", "submitted", "adopted"][i % 3])
        for i in range(size)
    )
    plan = plan_create(lab=lab, by=None, title_th=f"แผน {size}")
    for i in range(size):
        action_create(plan=plan, by=None, title_th=f"กิจกรรม {i}", lead_agency=organisation,
                      state=["not_started", "on_track", "done"][i % 3],
                      due_date=dt.date.today() + dt.timedelta(days=i - size // 2))


# lab (with process), hosts, members, their tags, stages, challenges, boards,
# outputs (proposals, plans and actions counted in one query) = 8; the new
# cross-agency ties (network.selectors.lab_new_ties): the lab's ties, the
# earlier and later ties of the organisations involved, the organisations
# = 3; signed in: + session, user; non-administrators: + the user's model
# permissions (2) and one role query per action offered (3).
@pytest.mark.parametrize(("persona", "expected"), [(None, 11), ("lena", 18), ("alice", 13)])
def test_the_lab_page_uses_the_same_queries_whatever_the_size(request, client, client_for, lab, lena, challenge, persona, expected):
    from network import ties

    if persona:
        client = client_for(request.getfixturevalue(persona))
    grow(lab, challenge, 4)
    grow_outputs(lab, 3)
    ties.rebuild()  # grow() bulk-creates the challenge's agencies: no signals
    small = count_queries(client, lab.get_absolute_url())
    grow(lab, challenge, 30)
    grow_outputs(lab, 12)
    ties.rebuild()
    large = count_queries(client, lab.get_absolute_url())
    assert small == large == expected


# --- Challenge page ------------------------------------------------------------------


def test_the_challenge_page_shows_everything_at_a_glance(client, lab, challenge, opdc, ocsc, pat, fiona):
    services.challenge_update(
        challenge=challenge, by=None, sdgs=Goal.objects.filter(number=10), districts=District.objects.filter(code="9601")
    )
    services.challenge_set_agencies(challenge=challenge, by=None, agencies=[(opdc, "lead"), (ocsc, "partner")])
    members = list(Member.objects.filter(person__user__in=[pat, fiona]))
    services.team_create(challenge=challenge, by=None, name="ทีมผสม", members=members)
    services.stakeholder_add(challenge=challenge, by=None, group_name="ผู้สูงอายุในชุมชน", power=20, interest=90)
    response = client.get(challenge.get_absolute_url())
    html = response.content.decode()
    detail = response.context["detail"]
    for text in [challenge.problem, "ผู้สูงอายุ", "ฐานข้อมูลกลาง", "ลดความเหลื่อมล้ำ", "ทีมผสม", "ผู้สูงอายุในชุมชน", "นราธิวาส"]:
        assert text in html, text
    assert [s.state for s in detail.steps] == ["current", "next", "next", "next"]
    assert [(a.role, [o.pk for o in a.organisations]) for a in detail.agencies] == [("lead", [opdc.pk]), ("partner", [ocsc.pk])]
    team = detail.teams[0]
    # pat represents OCSC; fiona has no organisation.
    assert team.organisations == 1
    assert detail.stakeholders[0].quadrant == "keep_informed"
    assert 'data-quadrant="keep_informed"' in html


def grow_similar(lab: Lab, challenge: Challenge, size: int) -> None:
    """`size` more challenges like `challenge`, each naming an agency that
    it does not: what the agency suggestions are made of."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name_th=f"หน่วยงานคล้าย {size}-{i}", kind="office") for i in range(size)
    )
    for i, organisation in enumerate(organisations):
        other = Challenge.objects.create(
            lab=lab, title_th=f"{challenge.title_th} {size}-{i}", problem=challenge.problem, stage=challenge.stage
        )
        ChallengeAgency.objects.create(challenge=other, organisation=organisation, role="lead")


@pytest.mark.parametrize(("persona", "expected"), [(None, 18), ("fiona", 23), ("alice", 20)])
def test_the_challenge_page_uses_the_same_queries_whatever_the_size(
    request, client, client_for, lab, fiona, challenge, persona, expected
):
    # challenge (with lab, stage, facet), stages, provinces, districts, SDGs,
    # agencies, teams, their members, stakeholders, attachments = 10; agencies
    # that similar challenges involved (network.recommend.agencies_for_challenge):
    # the challenges' provinces, districts and texts, their agencies, their
    # stakeholders, the organisations, the challenges shown = 7; signed in:
    # + session, user; non-administrators: + model permissions (2), the role
    # query for "edit".
    if persona:
        client = client_for(request.getfixturevalue(persona))
    grow(lab, challenge, 4)
    grow_similar(lab, challenge, 3)
    small = count_queries(client, challenge.get_absolute_url())
    assert len(client.get(challenge.get_absolute_url()).context["agency_suggestions"]) == 3
    grow(lab, challenge, 30)
    grow_similar(lab, challenge, 20)
    large = count_queries(client, challenge.get_absolute_url())
    assert small == large == expected


def test_a_challenge_of_a_members_only_lab_is_a_404_to_outsiders(client, private_lab):
    challenge = services.challenge_create(lab=private_lab, by=None, title_th="ภายใน")
    assert client.get(challenge.get_absolute_url()).status_code == 404


def test_a_challenge_under_the_wrong_lab_is_a_404(client, lab, private_lab, challenge):
    assert client.get(reverse("labs:challenge", args=[private_lab.pk, challenge.pk])).status_code == 404
