"""PDPA: what the network keeps about a person (who they met, the measures
of them, who-should-meet-whom naming them) is in their export, and goes when
their account is erased or their directory record is deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.selectors import personal_data_for_user
from accounts.services import user_erase
from directory.models import Person
from directory.services import person_create
from labs.models import Lab, Member, Process
from network import personal_data, ties
from network.models import (
    CommunitySummary,
    Level,
    NodeMeasure,
    Recommendation,
    Scope,
    Snapshot,
    Tie,
    TieKind,
)

pytestmark = pytest.mark.django_db


def _person(first: str, last: str, organisation, email: str, user=None) -> Person:
    person = person_create(
        by=None,
        first_name_th=first,
        last_name_th=last,
        email=email,
        organisation=organisation,
    )
    if user is not None:
        person.user = user
        person.save()
    return person


def _lab(name: str, visibility: str) -> Lab:
    return Lab.objects.create(
        name_th=name, visibility=visibility, process=Process.objects.get(key="double-diamond")
    )


@pytest.fixture
def people(charlie, opdc, ocsc):
    """Charlie (an account) and two colleagues of other agencies."""
    return {
        "charlie": _person("ชาลี", "ลับเฉพาะ", ocsc, "charlie@example.org", user=charlie),
        "dao": _person("ดาว", "ประกายแสง", opdc, "dao@example.org"),
        "ekachai": _person("เอกชัย", "ทองดี", opdc, "ekachai@example.org"),
    }


@pytest.fixture
def network(people):
    """Ties from a public and a members-only lab, an analysis with measures,
    a community summary and recommendations in both directions."""
    charlie, dao, ekachai = people["charlie"], people["dao"], people["ekachai"]
    public = _lab("ห้องปฏิบัติการเปิด", Lab.Visibility.PUBLIC)
    private = _lab("ห้องปฏิบัติการลับ", Lab.Visibility.MEMBERS)
    other = _lab("ห้องปฏิบัติการลับอีกแห่ง", Lab.Visibility.MEMBERS)
    Member.objects.create(lab=private, person=charlie)

    def tie(a, b, kind, day, lab):
        low, high = sorted((a.pk, b.pk))
        return Tie.objects.create(
            level=Level.PERSON,
            kind=kind,
            person_a_id=low,
            person_b_id=high,
            date=day,
            lab=lab,
            public=lab is None or lab.is_public,
            origin=f"group:{day.toordinal()}",
        )

    tie(charlie, dao, TieKind.GROUP, dt.date(2024, 3, 1), public)
    tie(charlie, ekachai, TieKind.SESSION, dt.date(2024, 5, 2), private)
    tie(charlie, dao, TieKind.SESSION, dt.date(2024, 6, 3), other)
    tie(dao, ekachai, TieKind.AFFILIATION, dt.date(2020, 1, 1), None)
    snapshot = Snapshot.objects.create(
        level=Level.PERSON,
        scope=Scope.ALL,
        end=dt.date(2024, 12, 31),
        current=True,
        status=Snapshot.Status.DONE,
        computed_at=timezone.now(),
    )
    for person, degree in ((charlie, 2), (dao, 2), (ekachai, 2)):
        NodeMeasure.objects.create(snapshot=snapshot, person=person, degree=degree, broker_rank=1)
    CommunitySummary.objects.create(
        snapshot=snapshot, label=0, size=3, leaders=[charlie.pk, dao.pk, ekachai.pk]
    )
    for person, other_person, rank in ((charlie, ekachai, 1), (dao, charlie, 1), (dao, ekachai, 2)):
        Recommendation.objects.create(
            snapshot=snapshot,
            person=person,
            other_person=other_person,
            rank=rank,
            score=0.5,
            similarity=0.4,
            terms=["ยาเสพติด", "ยะลา"],
        )
    return snapshot


def test_the_export_lists_whom_they_met_and_names_only_labs_they_may_see(charlie, people, network):
    data = personal_data_for_user(charlie)["network"]
    assert [(t["with"], t["date"], t["lab"]) for t in data["ties"]] == [
        ("ดาว ประกายแสง", "2024-03-01", "ห้องปฏิบัติการเปิด"),
        # A members-only lab Charlie belongs to is named; another one is not.
        ("เอกชัย ทองดี", "2024-05-02", "ห้องปฏิบัติการลับ"),
        ("ดาว ประกายแสง", "2024-06-03", None),
    ]
    assert "ห้องปฏิบัติการลับอีกแห่ง" not in str(data)
    # Dao and Ekachai's own tie is theirs, not Charlie's.
    assert len(data["ties"]) == 3
    assert data["measures"] == [
        {
            "analysis_of": "2024-12-31",
            "computed_at": data["measures"][0]["computed_at"],
            "scope": "all",
            "degree": 2,
            "broker_rank": 1,
            "community": 0,
            "island": 0,
            "reach": 0,
        }
    ]
    recommendations = {(r.get("meet"), r.get("advised_to")) for r in data["recommendations"]}
    assert recommendations == {("เอกชัย ทองดี", None), (None, "ดาว ประกายแสง")}


def test_the_export_runs_a_fixed_number_of_queries(charlie, people, network):
    with CaptureQueriesContext(connection) as few:
        personal_data.network_data(charlie, people["charlie"])
    for n in range(5):
        Tie.objects.create(
            level=Level.PERSON,
            kind=TieKind.GROUP,
            person_a=people["charlie"],
            person_b=people["dao"],
            date=dt.date(2024, 7, n + 1),
            origin=f"group:{100 + n}",
        )
    with CaptureQueriesContext(connection) as more:
        personal_data.network_data(charlie, people["charlie"])
    assert len(few) == len(more) == 4


def test_erasing_the_account_removes_every_network_row_naming_the_person(
    charlie, alice, people, network
):
    charlie_pk = people["charlie"].pk
    user_erase(user=charlie, by=alice)

    # The directory record stays (it is the organisations' data) ...
    assert Person.objects.filter(pk=charlie_pk).exists()
    # ... and nothing of the network names it any more.
    assert not Tie.objects.filter(person_a_id=charlie_pk).exists()
    assert not Tie.objects.filter(person_b_id=charlie_pk).exists()
    assert not NodeMeasure.objects.filter(person_id=charlie_pk).exists()
    assert not Recommendation.objects.filter(person_id=charlie_pk).exists()
    assert not Recommendation.objects.filter(other_person_id=charlie_pk).exists()
    leaders = CommunitySummary.objects.get(snapshot=network).leaders
    assert charlie_pk not in leaders and len(leaders) == 2
    # The others' rows stay.
    dao, ekachai = people["dao"], people["ekachai"]
    assert Tie.objects.filter(person_a__in=[dao, ekachai], person_b__in=[dao, ekachai]).count() == 1
    assert NodeMeasure.objects.filter(snapshot=network).count() == 2
    assert list(
        Recommendation.objects.filter(snapshot=network).values_list("person", "other_person")
    ) == [(dao.pk, ekachai.pk)]
    assert personal_data.erased_people() == {charlie_pk}


def test_deleting_the_person_takes_their_network_rows_with_it(people, network):
    charlie = people["charlie"]
    pk = charlie.pk
    charlie.delete()
    assert not Tie.objects.filter(person_a_id=pk).exists()
    assert not Tie.objects.filter(person_b_id=pk).exists()
    assert not NodeMeasure.objects.filter(person_id=pk).exists()
    assert not Recommendation.objects.filter(person_id=pk).exists()
    assert not Recommendation.objects.filter(other_person_id=pk).exists()


@pytest.fixture
def met_in_a_workshop(people):
    """Charlie and Dao attended one session, so the ties are extracted from
    the work (not written by hand)."""
    from workshops.models import Attendance, Registration, Session, Workshop

    lab = _lab("ห้องปฏิบัติการเปิด", Lab.Visibility.PUBLIC)
    workshop = Workshop.objects.create(lab=lab, title_th="ประชุมเชิงปฏิบัติการ")
    start = timezone.now() - dt.timedelta(days=30)
    session = Session.objects.create(
        workshop=workshop, title_th="ช่วงเช้า", starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    for key in ("charlie", "dao"):
        Registration.objects.create(workshop=workshop, person=people[key])
        Attendance.objects.create(session=session, person=people[key], method="facilitator")
    ties.rebuild()
    return session


def _person_ties(person: Person) -> int:
    return (
        Tie.objects.filter(level=Level.PERSON, person_a=person).count()
        + Tie.objects.filter(level=Level.PERSON, person_b=person).count()
    )


def test_erasure_removes_ties_extracted_from_the_work(charlie, alice, people, met_in_a_workshop):
    assert _person_ties(people["charlie"]) == 1
    user_erase(user=charlie, by=alice)
    assert _person_ties(people["charlie"]) == 0


def test_the_next_extraction_does_not_bring_an_erased_persons_ties_back(
    charlie, alice, people, met_in_a_workshop
):
    user_erase(user=charlie, by=alice)
    # The attendance stays (the lab's record), the person-level ties do not
    # come back from it; the organisations' ties do.
    ties.rebuild()
    assert _person_ties(people["charlie"]) == 0
    assert Tie.objects.filter(level=Level.ORGANISATION, kind=TieKind.SESSION).exists()
