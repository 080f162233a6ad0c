"""loaddemo's outputs: the four expected results of the southern workshop
(seed 003), drawn from the demo boards, added once."""

from __future__ import annotations

import pytest

from actions.demo import PLAN_TITLE, build_demo_outputs
from actions.models import (
    Action,
    Community,
    Curriculum,
    Endorsement,
    Lineage,
    Pledge,
    Proposal,
    ProposalVersion,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_boards(db):
    from boards.demo import build_demo_boards
    from directory.demo.builder import build_demo
    from labs.demo.builder import build_events

    build_demo(by=None)
    build_events(by=None)
    build_demo_boards(by=None)


def test_the_demo_lab_gets_its_outputs_once(demo_boards):
    summary = build_demo_outputs(by="loaddemo")
    assert summary.created["proposal"] == 2 and summary.created["action"] == 8

    policy = Proposal.objects.get(kind=Proposal.Kind.POLICY)
    project = Proposal.objects.get(kind=Proposal.Kind.PROJECT)
    assert "ตัวอย่าง" in policy.title_th and "ตัวอย่าง" in project.title_th
    assert policy.status == Proposal.Status.UNDER_CONSIDERATION
    assert list(policy.status_changes.values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "under_consideration",
    ]
    dates = list(policy.status_changes.values_list("date", flat=True))
    assert dates == sorted(dates) and len(set(dates)) == 3
    assert policy.version == 2
    assert ProposalVersion.objects.get(proposal=policy, number=2).changed_fields == [
        "recommendation",
        "agencies",
    ]
    assert Endorsement.objects.filter(proposal=policy).count() == 1
    assert set(project.pledges.values_list("kind", flat=True)) >= {
        "money",
        "staff",
        "data",
        "venue",
    }
    assert set(project.pledges.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert project.pledges.filter(organisation__abbreviation_en="OPDC").exists()

    actions = Action.objects.with_status().filter(plan__title_th=PLAN_TITLE)
    statuses = [a.current_status for a in actions]
    assert len(statuses) == 8
    for status in (Status.LATE, Status.AT_RISK, Status.DONE, Status.ON_TRACK, Status.NOT_STARTED):
        assert status in statuses, status
    assert all(a.lead_agency_id for a in actions)
    assert actions.filter(supports__isnull=False).distinct().count() == 8
    assert actions.filter(owner__isnull=False).count() >= 6
    assert actions.filter(milestones__isnull=False).exists()
    assert actions.filter(updates__isnull=False).distinct().count() >= 5
    assert actions.filter(depends_on__isnull=False).exists()

    assert Lineage.objects.filter(proposal=policy, note__isnull=False).count() == 4
    assert Lineage.objects.filter(proposal=policy, persona__isnull=False).count() == 2
    assert Lineage.objects.filter(action__isnull=False).count() >= 6

    community = Community.objects.get()
    assert community.members.count() == 6 and community.organisations.exists()
    curriculum = Curriculum.objects.get()
    assert curriculum.modules.count() == 5
    assert curriculum.modules.filter(designed_with__isnull=False).exists()

    counts = {
        model: model.objects.count()
        for model in (Proposal, ProposalVersion, Pledge, Action, Lineage, Community, Curriculum)
    }
    assert build_demo_outputs(by="loaddemo").total == 0
    assert {model: model.objects.count() for model in counts} == counts


def test_without_the_demo_lab_it_does_nothing(db):
    assert build_demo_outputs(by=None).total == 0
