"""Proposal services: versions and what changed, status with dates,
comments, endorsements (once per agency) and pledges (who may give them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from actions.models import Notification, Pledge, Proposal, ProposalVersion, today
from actions.selectors.proposals import pledge_totals, text_diff, version_history
from actions.services import proposals as services
from actions.tests.test_lineage import make_persona
from audit.models import AuditEntry
from directory.services import organisation_create

pytestmark = pytest.mark.django_db

TODAY = today  # the platform's day, as the services judge dates


def policy(lab, by, **fields):
    fields.setdefault("title_th", "ข้อมูลครัวเรือนเปราะบางชุดเดียว")
    fields.setdefault("problem", "ข้อมูลอยู่คนละหน่วยงาน")
    return services.proposal_create(lab=lab, by=by, kind="policy", **fields)


def project(lab, by, **fields):
    fields.setdefault("title_th", "ตลาดอาหารชุมชน")
    return services.proposal_create(lab=lab, by=by, kind="project", **fields)


@pytest.fixture
def nesdc(db):
    return organisation_create(
        by=None,
        name_th="สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        abbreviation_th="สศช.",
        sector="gov_central",
        kind="office",
    )


# --- Versions --------------------------------------------------------------------------


def test_a_new_proposal_is_a_draft_at_version_one(lab, erin, opdc):
    proposal = policy(lab, erin, agencies=[opdc], on=TODAY() - dt.timedelta(days=3))
    assert (proposal.status, proposal.version, proposal.created_by) == ("draft", 1, erin)
    first = proposal.versions.get()
    assert first.number == 1 and first.created_by == erin
    assert first.changed_fields == ["title_th", "problem", "agencies"]
    assert first.content["agencies"] == [{"id": opdc.pk, "label": opdc.name_th}]
    change = proposal.status_changes.get()
    assert (change.status, change.date) == ("draft", TODAY() - dt.timedelta(days=3))
    assert AuditEntry.objects.filter(action="actions.proposal.create").count() == 1


def test_each_save_that_changes_something_makes_a_version(lab, erin, dana, opdc, ocsc):
    proposal = policy(lab, erin, agencies=[opdc])
    version = services.proposal_update(
        proposal=proposal, by=dana, problem="ข้อมูลอยู่คนละหน่วยงาน ไม่เชื่อมกัน", agencies=[opdc, ocsc]
    )
    assert version is not None and version.number == 2 and version.created_by == dana
    assert version.changed_fields == ["problem", "agencies"]
    proposal.refresh_from_db()
    assert proposal.version == 2
    # Saving the same again changes nothing and makes no version.
    assert services.proposal_update(proposal=proposal, by=dana, problem=proposal.problem) is None
    assert proposal.versions.count() == 2
    # A renamed agency is not a change of the proposal.
    ocsc.name_th = "ชื่อใหม่"
    ocsc.save()
    assert services.proposal_update(proposal=proposal, by=dana, agencies=[opdc, ocsc]) is None
    audit = AuditEntry.objects.get(action="actions.proposal.update")
    assert audit.changes["version"] == 2 and "problem" in audit.changes


def test_bad_input_changes_nothing(lab, erin, private_lab):
    proposal = policy(lab, erin)
    with pytest.raises(ValidationError) as error:
        services.proposal_update(proposal=proposal, by=erin, title_th="  ", problem="ใหม่")
    assert "title_th" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.proposal_update(proposal=proposal, by=erin, personas=[make_persona(private_lab)])
    assert "personas" in error.value.message_dict
    with pytest.raises(TypeError):  # a project's field on a policy proposal
        services.proposal_update(proposal=proposal, by=erin, budget=Decimal(1))
    with pytest.raises(ValidationError):
        project(lab, erin, budget=Decimal(-5))
    fresh = Proposal.objects.get(pk=proposal.pk)
    assert (fresh.title_th, fresh.problem, fresh.version) == (
        "ข้อมูลครัวเรือนเปราะบางชุดเดียว",
        "ข้อมูลอยู่คนละหน่วยงาน",
        1,
    )
    assert ProposalVersion.objects.count() == 1 and Proposal.objects.count() == 1


def test_a_budget_read_back_from_the_database_is_no_change(lab, erin):
    proposal = project(lab, erin, budget=Decimal(1000))
    assert proposal.versions.get().content["budget"] == "1000.00"
    fresh = Proposal.objects.get(pk=proposal.pk)  # budget now Decimal("1000.00")
    version = services.proposal_update(proposal=fresh, by=erin, summary="ตลาดทุกวันเสาร์")
    assert version is not None and version.changed_fields == ["summary"]
    assert services.proposal_update(proposal=fresh, by=erin, budget=Decimal("1000.0")) is None


def test_an_edit_made_on_an_older_version_is_refused(lab, erin, dana):
    proposal = policy(lab, erin)
    mine = Proposal.objects.get(pk=proposal.pk)  # erin opens the form at version 1
    services.proposal_update(proposal=proposal, by=dana, problem="ข้อมูลอยู่คนละกระทรวง")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.proposal_update(proposal=mine, by=erin, base_version=1, problem="ข้อมูลของฉันเอง")
    assert "newer version" in error.value.messages[0]
    fresh = Proposal.objects.get(pk=proposal.pk)
    assert (fresh.version, fresh.problem) == (2, "ข้อมูลอยู่คนละกระทรวง")
    # Saved on top of the version now current, it goes through.
    version = services.proposal_update(
        proposal=mine, by=erin, base_version=2, problem="ข้อมูลของฉันเอง"
    )
    assert version is not None and version.number == 3


def test_long_text_keeps_its_lines(lab, erin):
    proposal = policy(lab, erin, options="1. คงเดิม  \n\n\n\n2. ข้อมูล\u200bชุดเดียว\n")
    assert proposal.options == "1. คงเดิม\n\n2. ข้อมูลชุดเดียว"


def test_a_thai_text_diff_marks_words_not_whole_sentences():
    assert text_diff("เกษตรกรขายผลผลิตให้โรงเรียน", "เกษตรกรขายผลผลิตให้โรงพยาบาล") == [
        ("same", "เกษตรกรขายผลผลิตให้"),
        ("del", "โรงเรียน"),
        ("ins", "โรงพยาบาล"),
    ]
    assert text_diff("", "ใหม่") == [("ins", "ใหม่")]
    assert text_diff("line one\nline two", "line one\nline 2") == [
        ("same", "line one\nline "),
        ("del", "two"),
        ("ins", "2"),
    ]


def test_the_history_shows_each_versions_changes(lab, erin, dana, opdc, ocsc):
    persona = make_persona(lab)
    proposal = policy(lab, erin, agencies=[opdc])
    services.proposal_update(
        proposal=proposal, by=dana, problem="ข้อมูลอยู่คนละกระทรวง", agencies=[ocsc], personas=[persona]
    )
    latest, first = version_history(proposal=proposal)
    assert (latest.version.number, first.version.number) == (2, 1)
    changes = {c.name: c for c in latest.changes}
    assert changes["problem"].pieces == [
        ("same", "ข้อมูลอยู่คนละ"),
        ("del", "หน่วยงาน"),
        ("ins", "กระทรวง"),
    ]
    assert (changes["agencies"].added, changes["agencies"].removed) == (
        [ocsc.name_th],
        [opdc.name_th],
    )
    assert changes["personas"].added == [persona.name]
    assert first.version.changed_fields == ["title_th", "problem", "agencies"]
    assert first.changes == []  # shown whole
    assert "ข้อมูลอยู่คนละหน่วยงาน" in [text for _label, text in first.content]


# --- Status -----------------------------------------------------------------------------


def test_status_moves_on_with_a_date_per_change(lab, erin, dana):
    proposal = policy(lab, erin, on=TODAY() - dt.timedelta(days=20))
    services.proposal_set_status(
        proposal=proposal, by=dana, status="submitted", date=TODAY() - dt.timedelta(days=10)
    )
    services.proposal_set_status(proposal=proposal, by=dana, status="under_consideration")
    services.proposal_set_status(proposal=proposal, by=dana, status="adopted", note="มติ ครม.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_date) == ("adopted", TODAY())
    assert [(c.status, c.date) for c in proposal.status_changes.all()] == [
        ("draft", TODAY() - dt.timedelta(days=20)),
        ("submitted", TODAY() - dt.timedelta(days=10)),
        ("under_consideration", TODAY()),
        ("adopted", TODAY()),
    ]
    assert proposal.status_changes.last().note == "มติ ครม."
    assert AuditEntry.objects.filter(action="actions.proposal.status").count() == 3


def test_status_refuses_skipping_future_dates_and_going_back_in_time(lab, erin, dana):
    proposal = policy(lab, erin)
    for status, date, field in (
        ("adopted", None, "status"),
        ("submitted", TODAY() + dt.timedelta(days=1), "date"),
        ("submitted", TODAY() - dt.timedelta(days=1), "date"),
    ):
        with pytest.raises(ValidationError) as error:
            services.proposal_set_status(proposal=proposal, by=dana, status=status, date=date)
        assert field in error.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.status_changes.count() == 1


def test_a_status_change_is_checked_against_the_status_saved_not_the_one_read(lab, erin, dana):
    proposal = policy(lab, erin)
    stale = Proposal.objects.get(pk=proposal.pk)  # read as a draft
    services.proposal_set_status(proposal=proposal, by=dana, status="submitted")
    with pytest.raises(ValidationError) as error:
        services.proposal_set_status(proposal=stale, by=dana, status="submitted")
    assert "status" in error.value.message_dict
    assert proposal.status_changes.count() == 2
    services.proposal_set_status(proposal=stale, by=dana, status="under_consideration")
    assert stale.status == "under_consideration"


def test_those_who_can_no_longer_read_a_proposal_hear_nothing_of_it(private_lab, dana, erin):
    from labs.models import Member
    from workshops.tests.conftest import member

    member(private_lab, dana.person, "facilitator")
    member(private_lab, erin.person, "participant")
    proposal = policy(private_lab, erin)
    Member.objects.filter(lab=private_lab, person=erin.person).delete()  # erin left the lab
    services.proposal_set_status(proposal=proposal, by=dana, status="submitted")
    services.comment_add(proposal=proposal, by=dana, text="ส่งแล้ว")
    assert not Notification.objects.filter(user=erin).exists()
    assert erin not in services.followers(proposal)


def test_a_status_change_notifies_the_author_and_those_who_run_the_lab_not_the_actor(
    lab, erin, dana, alice
):
    proposal = policy(lab, erin)
    services.proposal_set_status(proposal=proposal, by=alice, status="submitted")
    assert set(Notification.objects.values_list("user", "kind")) == {
        (erin.pk, "status"),
        (dana.pk, "status"),
    }
    services.proposal_set_status(proposal=proposal, by=dana, status="under_consideration")
    assert Notification.objects.filter(user=dana).count() == 1


# --- Comments -----------------------------------------------------------------------------


def test_comments_and_on_behalf_of_ones_own_organisation_only(
    lab, erin, dana, bob, charlie, opdc, ocsc
):
    proposal = policy(lab, erin)
    comment = services.comment_add(proposal=proposal, by=charlie, text="  ควรมีตัวชี้วัด ")
    assert (comment.text, comment.author, comment.organisation) == ("ควรมีตัวชี้วัด", charlie, None)
    assert (
        services.comment_add(
            proposal=proposal, by=bob, text="เห็นด้วย", organisation=opdc
        ).organisation
        == opdc
    )
    with pytest.raises(ValidationError):
        services.comment_add(proposal=proposal, by=bob, text="เห็นด้วย", organisation=ocsc)
    with pytest.raises(ValidationError):
        services.comment_add(proposal=proposal, by=bob, text="   ")
    assert proposal.comments.count() == 2
    notified = Notification.objects.filter(kind="comment").values_list("user", flat=True)
    assert sorted(notified) == sorted([erin.pk, dana.pk] * 2)  # never charlie or bob, who wrote


# --- Endorsements -------------------------------------------------------------------------


def test_an_agency_endorses_once_through_its_focal_point(lab, erin, bob, alice, opdc, ocsc, dana):
    proposal = policy(lab, erin)
    endorsement = services.endorsement_add(
        proposal=proposal, by=bob, organisation=opdc, statement="สนับสนุน"
    )
    assert (endorsement.organisation, endorsement.endorsed_by) == (opdc, bob)
    with pytest.raises(ValidationError) as error:
        services.endorsement_add(proposal=proposal, by=bob, organisation=opdc)
    assert "organisation" in error.value.message_dict
    with pytest.raises(ValidationError):  # not bob's organisation
        services.endorsement_add(proposal=proposal, by=bob, organisation=ocsc)
    with pytest.raises(ValidationError):  # running the lab is not speaking for an agency
        services.endorsement_add(proposal=proposal, by=dana, organisation=ocsc)
    assert (
        services.endorsement_add(proposal=proposal, by=alice, organisation=ocsc).endorsed_by
        == alice
    )
    assert proposal.endorsements.count() == 2
    assert Notification.objects.filter(kind="endorsement", user=erin).count() == 2


# --- Pledges -------------------------------------------------------------------------------


def test_focal_points_pledge_for_their_own_agency_and_runners_for_any(
    lab, erin, bob, dana, opdc, ocsc
):
    proposal = project(lab, erin)
    money = services.pledge_add(
        proposal=proposal, by=bob, organisation=opdc, kind="money", amount=Decimal("150000")
    )
    assert (money.unit, money.status, money.pledged_by) == ("บาท", "offered", bob)
    with pytest.raises(ValidationError) as error:
        services.pledge_add(proposal=proposal, by=bob, organisation=ocsc, kind="staff")
    assert "organisation" in error.value.message_dict
    staff = services.pledge_add(
        proposal=proposal, by=dana, organisation=ocsc, kind="staff", amount=Decimal(2), unit="คน"
    )
    with pytest.raises(ValidationError):  # erin neither runs the lab nor speaks for OCSC
        services.pledge_add(proposal=proposal, by=erin, organisation=ocsc, kind="data")
    with pytest.raises(ValidationError) as error:
        services.pledge_add(
            proposal=proposal, by=dana, organisation=ocsc, kind="data", amount=Decimal(3)
        )
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.pledge_add(
            proposal=proposal, by=dana, organisation=ocsc, kind="money", amount=Decimal(-1)
        )
    with pytest.raises(ValidationError):
        services.pledge_add(proposal=policy(lab, erin), by=bob, organisation=opdc, kind="money")
    assert Pledge.objects.count() == 2
    assert Notification.objects.filter(kind="pledge", user=erin).count() == 2
    # dana hears of bob's pledge, not of the one she recorded herself.
    assert Notification.objects.filter(kind="pledge", user=dana).count() == 1

    services.pledge_update(pledge=money, by=bob, status="confirmed")
    with pytest.raises(ValidationError):  # bob cannot change OCSC's pledge
        services.pledge_update(pledge=staff, by=bob, status="withdrawn")
    services.pledge_update(pledge=staff, by=dana, status="delivered")
    assert Notification.objects.filter(kind="pledge", user=erin).count() == 4
    assert Notification.objects.filter(kind="pledge", user=dana).count() == 2
    assert AuditEntry.objects.filter(action="actions.pledge.update").count() == 2


def test_pledge_totals_by_kind_and_status(lab, erin, dana, opdc, ocsc):
    proposal = project(lab, erin)
    for organisation, kind, amount, unit, status in (
        (opdc, "money", "100000", "", "confirmed"),
        (ocsc, "money", "50000", "", "offered"),
        (ocsc, "money", "30000", "", "withdrawn"),
        (opdc, "staff", "2", "คน", "delivered"),
        (ocsc, "venue", None, "", "offered"),
    ):
        pledge = services.pledge_add(
            proposal=proposal,
            by=dana,
            organisation=organisation,
            kind=kind,
            amount=Decimal(amount) if amount else None,
            unit=unit,
        )
        if status != "offered":
            services.pledge_update(pledge=pledge, by=dana, status=status)
    rows = {row.kind: row for row in pledge_totals(list(proposal.pledges.all()))}
    assert list(rows) == ["money", "staff", "venue"]
    offered, confirmed, delivered, withdrawn = rows["money"].cells
    assert (offered.count, offered.amounts) == (1, {"บาท": Decimal(50000)})
    assert (confirmed.count, withdrawn.count, delivered.count) == (1, 1, 0)
    assert rows["money"].pledged == {"บาท": Decimal(150000)}
    assert rows["staff"].pledged == {"คน": Decimal(2)}
    assert rows["venue"].cells[0].count == 1 and rows["venue"].pledged == {}


def test_status_dates_default_to_today_in_the_labs_time(lab, erin, dana):
    proposal = policy(lab, erin)
    change = services.proposal_set_status(proposal=proposal, by=dana, status="submitted")
    assert change.date == today()
