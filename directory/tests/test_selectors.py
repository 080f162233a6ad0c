"""Reads for the directory pages: right rows, fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest

from directory import selectors
from directory.models import Affiliation, Organisation, Person, Tag

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
LAST_YEAR = TODAY - dt.timedelta(days=365)


def chain(depth: int) -> list[Organisation]:
    """Root first."""
    nodes: list[Organisation] = []
    for level in range(depth):
        nodes.append(
            Organisation.objects.create(
                name_th=f"ชั้น {level}", sector="gov_central", kind="department", parent=nodes[-1] if nodes else None
            )
        )
    return nodes


def test_sector_counts_lists_every_sector_in_one_query(django_assert_num_queries, opdc):
    Organisation.objects.create(name_th="ม.", sector="academia", kind="university")
    with django_assert_num_queries(1):
        counts = {c.sector: c.count for c in selectors.sector_counts()}
    assert counts == {
        "gov_central": 1, "gov_regional": 0, "gov_local": 0, "civil_society": 0,
        "academia": 1, "private": 0, "international": 0, "community": 0,
    }


@pytest.mark.parametrize("depth", [2, 5, 6])
def test_ancestors_of_a_five_deep_hierarchy_take_one_query(django_assert_num_queries, depth):
    nodes = chain(depth)
    leaf = Organisation.objects.get(pk=nodes[-1].pk)
    with django_assert_num_queries(1):
        ancestors = selectors.ancestors_of(leaf)
    assert [a.pk for a in ancestors] == [n.pk for n in reversed(nodes[:-1])]


def test_deeper_hierarchies_take_one_more_query_per_six_levels(django_assert_num_queries):
    nodes = chain(9)
    leaf = Organisation.objects.get(pk=nodes[-1].pk)
    with django_assert_num_queries(2):
        ancestors = selectors.ancestors_of(leaf)
    assert [a.name_th for a in ancestors] == [f"ชั้น {i}" for i in range(7, -1, -1)]


def test_a_root_has_no_ancestors_and_costs_nothing(django_assert_num_queries, opdc):
    with django_assert_num_queries(0):
        assert selectors.ancestors_of(opdc) == []


def test_ancestors_stop_at_a_cycle_written_behind_the_services_back(db):
    a, b = chain(2)
    Organisation.objects.filter(pk=a.pk).update(parent=b)
    b = Organisation.objects.get(pk=b.pk)
    assert [o.pk for o in selectors.ancestors_of(b)] == [a.pk]


def test_organisation_list_keeps_the_search_order(opdc, ocsc):
    ngo = Organisation.objects.create(name_th="มูลนิธิ", sector="civil_society", kind="ngo")
    ranked = [ngo.pk, ocsc.pk, opdc.pk]
    assert [o.pk for o in selectors.organisation_list(ids=ranked)] == ranked
    assert [o.pk for o in selectors.organisation_list(ids=ranked, sector="gov_central")] == [ocsc.pk, opdc.pk]
    assert list(selectors.organisation_list(ids=[])) == []


def test_organisation_detail_separates_current_and_former_members(opdc):
    now = Person.objects.create(first_name_th="ปัจจุบัน")
    before = Person.objects.create(first_name_th="อดีต")
    later = Person.objects.create(first_name_th="อนาคต")
    Affiliation.objects.create(person=now, organisation=opdc, start_date=LAST_YEAR)
    Affiliation.objects.create(person=before, organisation=opdc, start_date=LAST_YEAR, end_date=TODAY - dt.timedelta(days=1))
    Affiliation.objects.create(person=later, organisation=opdc, start_date=TODAY + dt.timedelta(days=30))
    detail = selectors.organisation_detail(organisation=opdc)
    assert [a.person for a in detail.members] == [now]
    assert {a.person for a in detail.past_members} == {before, later}


def test_organisation_detail_cuts_long_lists_and_says_so(opdc, monkeypatch):
    monkeypatch.setattr(selectors, "CHILDREN_ON_PAGE", 3)
    Organisation.objects.bulk_create(
        Organisation(name_th=f"กอง {i}", sector="gov_central", kind="division", parent=opdc) for i in range(4)
    )
    detail = selectors.organisation_detail(organisation=opdc)
    assert len(detail.children) == 3 and detail.more_children


def test_organisation_detail_loads_focal_points_only_when_asked(django_assert_num_queries, bob, opdc):
    assert selectors.organisation_detail(organisation=opdc).focal_points == []
    assert selectors.organisation_detail(organisation=opdc, with_focal_points=True).focal_points == [bob]


def test_person_list_filters_on_current_affiliations_only(opdc, ocsc):
    moved = Person.objects.create(first_name_th="ย้ายแล้ว")
    Affiliation.objects.create(person=moved, organisation=opdc, start_date=LAST_YEAR, end_date=TODAY - dt.timedelta(days=1))
    Affiliation.objects.create(person=moved, organisation=ocsc, start_date=TODAY)
    assert list(selectors.person_list(organisation=ocsc)) == [moved]
    assert list(selectors.person_list(organisation=opdc)) == []
    [person] = selectors.person_list()
    assert [a.organisation for a in person.current] == [ocsc]


def test_person_list_by_tag(db):
    tagged = Person.objects.create(first_name_th="มีแท็ก")
    Person.objects.create(first_name_th="ไม่มี")
    tag = Tag.objects.create(name="ป.ย.ป. 2")
    tagged.tags.add(tag)
    assert list(selectors.person_list(tag=tag)) == [tagged]
    assert selectors.tags_in_use() == [tag]


def test_person_detail_needs_no_queries_after_access(django_assert_num_queries, opdc, ocsc):
    from django.contrib.auth.models import AnonymousUser

    from directory.access import get_person_for_user

    person = Person.objects.create(first_name_th="สมชาย")
    Affiliation.objects.create(person=person, organisation=opdc)
    Affiliation.objects.create(person=person, organisation=ocsc, start_date=LAST_YEAR, end_date=LAST_YEAR)
    loaded = get_person_for_user(AnonymousUser(), person.pk)
    with django_assert_num_queries(0):
        detail = selectors.person_detail(person=loaded)
        names = [a.organisation.name_th for a in detail.current + detail.past]
    assert names == [opdc.name_th, ocsc.name_th]
