"""The directory's read pages: what they show, to whom, and at what cost.

The query-count tests build the same page shape at two data sizes and assert
the same, exact number of queries: no page may do a query per row.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import count_queries
from directory.models import Affiliation, Organisation, Person, Province, Tag

pytestmark = pytest.mark.django_db

LAST_YEAR = dt.date.today() - dt.timedelta(days=400)
LAST_MONTH = dt.date.today() - dt.timedelta(days=30)


def build_directory(size: int, *, focus: Organisation) -> Person:
    """`size` of everything around `focus`: a five-level chain of ancestors,
    children, current and former members, tagged people, other organisations.
    Returns one person with a current and a past affiliation."""
    province = Province.objects.order_by("code").first()
    root = None
    for level in range(4):
        root = Organisation.objects.create(
            name_th=f"ระดับ {level}", sector="gov_central", kind="ministry", parent=root, province=province
        )
    focus.parent = root
    focus.province = province
    focus.save()
    focus.aliases.create(name=f"ชื่อเดิม {size}", kind="former")
    others = Organisation.objects.bulk_create(
        Organisation(
            name_th=f"หน่วยงาน {i}",
            name_en=f"Unit {i}",
            abbreviation_th=f"นย.{i}",
            sector="gov_regional" if i % 2 else "civil_society",
            kind="division",
            parent=focus if i % 2 else root,
            province=province,
        )
        for i in range(size)
    )
    tag = Tag.objects.create(name=f"ป.ย.ป. {size}")
    people = Person.objects.bulk_create(
        Person(honorific="นาย", first_name_th=f"สมชาย{i}", last_name_th="ใจดี", position="นักวิเคราะห์")
        for i in range(size)
    )
    Affiliation.objects.bulk_create(
        [Affiliation(person=p, organisation=focus, position="นักวิเคราะห์", start_date=LAST_YEAR) for p in people]
        + [
            Affiliation(person=p, organisation=others[i], start_date=LAST_YEAR, end_date=LAST_MONTH)
            for i, p in enumerate(people)
        ]
    )
    for p in people:
        p.tags.add(tag)
    return people[0]


def analyse_network() -> None:
    """Ties from what build_directory made (bulk_create sends no signals)
    and a stored analysis at both levels and scopes, so that the pages'
    "Place in the network" reads measures, partners and recommendations."""
    from network import services

    services.analyse_all(quarters=False)


# --- Home -----------------------------------------------------------------------


def test_home_counts_organisations_by_sector(client, opdc, ocsc):
    Organisation.objects.create(name_th="มูลนิธิ", sector="civil_society", kind="ngo")
    Organisation.objects.create(name_th="เลิกแล้ว", sector="civil_society", kind="ngo", is_active=False)
    response = client.get(reverse("directory:home"))
    counts = {c.sector: c.count for c in response.context["sector_counts"]}
    assert counts["gov_central"] == 2
    assert counts["civil_society"] == 1
    assert counts["academia"] == 0
    assert response.context["organisation_total"] == 3
    html = response.content.decode()
    assert 'action="/search/"' in html
    assert reverse("directory:organisations") in html


def test_home_uses_the_same_queries_whatever_the_size(client, opdc, django_assert_num_queries):
    build_directory(3, focus=opdc)
    small = count_queries(client, reverse("directory:home"))
    build_directory(30, focus=opdc)
    assert count_queries(client, reverse("directory:home")) == small
    with django_assert_num_queries(2):  # sector counts, recently updated
        client.get(reverse("directory:home"))


# --- Organisation list -----------------------------------------------------------


def test_organisation_list_shows_names_badges_and_parent(client, opdc, ocsc):
    child = Organisation.objects.create(
        name_th="กองพัฒนาระบบ", name_en="Systems Division", sector="gov_central", kind="division", parent=opdc
    )
    response = client.get(reverse("directory:organisations"))
    html = response.content.decode()
    assert opdc.name_th in html and "ก.พ.ร." in html and opdc.name_en in html
    assert "badge-gov_central" in html
    assert child.name_th in html
    assert list(response.context["page"].object_list) == sorted(
        [opdc, ocsc, child], key=lambda o: o.name_th
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=civil_society", {"มูลนิธิ"}),
        ("kind=division", {"กองพัฒนาระบบ"}),
        ("status=inactive", {"เลิกแล้ว"}),
        ("status=all&sector=civil_society", {"มูลนิธิ", "เลิกแล้ว"}),
    ],
)
def test_organisation_list_filters(client, opdc, query, expected):
    Organisation.objects.create(name_th="มูลนิธิ", sector="civil_society", kind="ngo")
    Organisation.objects.create(name_th="เลิกแล้ว", sector="civil_society", kind="ngo", is_active=False)
    Organisation.objects.create(name_th="กองพัฒนาระบบ", sector="gov_central", kind="division", parent=opdc)
    response = client.get(reverse("directory:organisations") + "?" + query)
    assert {o.name_th for o in response.context["page"].object_list} == expected


def test_organisation_list_filters_by_province(client, opdc, ocsc):
    province = Province.objects.get(name_en="Chiang Mai")
    ocsc.province = province
    ocsc.save()
    response = client.get(reverse("directory:organisations"), {"province": province.pk})
    assert list(response.context["page"].object_list) == [ocsc]


def test_organisation_list_filters_by_parent_id_or_name(client, opdc, ocsc):
    child = Organisation.objects.create(name_th="กองหนึ่ง", sector="gov_central", kind="division", parent=opdc)
    Organisation.objects.create(name_th="กองสอง", sector="gov_central", kind="division", parent=ocsc)
    by_id = client.get(reverse("directory:organisations"), {"parent": opdc.pk})
    assert list(by_id.context["page"].object_list) == [child]
    by_name = client.get(reverse("directory:organisations"), {"parent": "OPDC"})
    assert list(by_name.context["page"].object_list) == [child]
    assert "กองสอง" not in by_name.content.decode()


def test_organisation_list_with_an_unknown_parent_shows_nothing_and_says_why(client, opdc):
    response = client.get(reverse("directory:organisations"), {"parent": "999999"})
    assert list(response.context["page"].object_list) == []
    assert response.context["form"].errors["parent"]


def test_organisation_list_is_paginated_by_50(client, opdc):
    Organisation.objects.bulk_create(
        Organisation(name_th=f"หน่วย {i:03}", sector="gov_local", kind="local_government") for i in range(60)
    )
    first = client.get(reverse("directory:organisations"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("directory:organisations"), {"page": 2})
    assert len(second.context["page"].object_list) == 11
    assert "page=1" in second.content.decode() or 'rel="prev"' in second.content.decode()


def test_organisation_list_links_import_and_export_by_permission(client_for, client, alice, bob, charlie):
    anonymous = client.get(reverse("directory:organisations")).content.decode()
    assert "/data/import/" not in anonymous and "/data/export/" not in anonymous
    focal = client_for(bob).get(reverse("directory:organisations")).content.decode()
    assert "/data/export/organisations.csv" in focal and "/data/import/" not in focal
    admin = client_for(alice).get(reverse("directory:organisations")).content.decode()
    assert "/data/import/" in admin and "/data/export/organisations.xlsx" in admin


@pytest.mark.parametrize("user", [None, "charlie"])
def test_organisation_list_uses_the_same_queries_whatever_the_size(request, client, client_for, opdc, user):
    if user:
        client = client_for(request.getfixturevalue(user))
    url = reverse("directory:organisations") + "?status=all"
    build_directory(5, focus=opdc)
    small = count_queries(client, url)
    build_directory(40, focus=opdc)
    large = count_queries(client, url)
    # count, provinces for the filter, the page with parent and province
    # joined; signed in: + session, user, the user's model permissions (2)
    # and "is any focal point" for the export link.
    assert small == large == (8 if user else 3)


# --- Organisation page ---------------------------------------------------------------


def test_organisation_page_shows_hierarchy_people_and_former_members(client, opdc):
    person = build_directory(3, focus=opdc)
    response = client.get(reverse("directory:organisation", args=[opdc.pk]))
    html = response.content.decode()
    detail = response.context["detail"]
    assert [a.name_th for a in detail.breadcrumbs] == ["ระดับ 0", "ระดับ 1", "ระดับ 2", "ระดับ 3"]
    assert person.full_name in html
    assert {a.person_id for a in detail.members} == set(
        Affiliation.objects.filter(organisation=opdc).values_list("person_id", flat=True)
    )
    assert detail.past_members == []
    assert "หน่วยงาน 1" in html  # a child
    assert "ชื่อเดิม 3" in html  # an alias
    # Focal points are for signed-in users only.
    assert "focal" not in html.lower() or "Sign in to see" in html


def test_organisation_page_lists_former_members_separately(client, opdc, ocsc):
    person = build_directory(2, focus=ocsc)
    former = Affiliation.objects.get(person=person, end_date__isnull=False).organisation
    response = client.get(reverse("directory:organisation", args=[former.pk]))
    assert person.pk in {a.person_id for a in response.context["detail"].past_members}
    assert response.context["detail"].members == []


def test_organisation_page_shows_focal_points_to_signed_in_users(client, client_for, bob, charlie, opdc):
    url = reverse("directory:organisation", args=[opdc.pk])
    assert "bob@opdc.test" not in client.get(url).content.decode()
    assert "bob@opdc.test" in client_for(charlie).get(url).content.decode()


@pytest.mark.parametrize(
    ("persona", "edit", "merge"),
    [("alice", True, True), ("bob", True, False), ("charlie", False, False), (None, False, False)],
)
def test_organisation_page_offers_actions_by_permission(request, client, client_for, opdc, persona, edit, merge):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    html = client.get(reverse("directory:organisation", args=[opdc.pk])).content.decode()
    assert (reverse("directory:organisation_edit", args=[opdc.pk]) in html) is edit
    assert (reverse("directory:organisation_merge", args=[opdc.pk]) in html) is merge


def test_organisation_page_404s_for_a_missing_organisation(client, db):
    assert client.get(reverse("directory:organisation", args=[999999])).status_code == 404


# organisation, ancestors (one query for all levels), current members, former
# members, children, aliases = 6; its place in the network (network.selectors.
# node_detail): the organisation, the current analysis, its measures, its
# community, its ties, their other ends, its recommendations, a running
# analysis = 8; signed in: + session, user, focal points; non-administrators:
# + the focal-point check and the user's model permissions (2).
@pytest.mark.parametrize(("persona", "expected"), [(None, 14), ("charlie", 20), ("bob", 20), ("alice", 17)])
def test_organisation_page_uses_the_same_queries_whatever_the_size(
    request, client, client_for, opdc, persona, expected
):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    url = reverse("directory:organisation", args=[opdc.pk])
    build_directory(5, focus=opdc)
    analyse_network()
    small = count_queries(client, url)
    build_directory(40, focus=opdc)
    analyse_network()
    large = count_queries(client, url)
    assert small == large == expected


# --- People ---------------------------------------------------------------------


def test_person_list_filters_by_organisation_tag_and_sector(client, opdc, ocsc):
    a = Person.objects.create(first_name_th="สมชาย", last_name_th="ใจดี")
    b = Person.objects.create(first_name_th="สมหญิง", last_name_th="รักดี")
    c = Person.objects.create(first_name_th="อดีต", last_name_th="คนเก่า")
    ngo = Organisation.objects.create(name_th="มูลนิธิ", sector="civil_society", kind="ngo")
    Affiliation.objects.create(person=a, organisation=opdc)
    Affiliation.objects.create(person=b, organisation=ngo)
    Affiliation.objects.create(person=c, organisation=opdc, start_date=LAST_YEAR, end_date=LAST_MONTH)
    tag = Tag.objects.create(name="ป.ย.ป. 3")
    b.tags.add(tag)
    url = reverse("directory:people")

    def names(params):
        return {p.first_name_th for p in client.get(url, params).context["page"].object_list}

    assert names({}) == {"สมชาย", "สมหญิง", "อดีต"}
    assert names({"organisation": opdc.pk}) == {"สมชาย"}  # current members only
    assert names({"tag": "ป.ย.ป. 3"}) == {"สมหญิง"}
    assert names({"sector": "civil_society"}) == {"สมหญิง"}
    assert names({"sector": "gov_central"}) == {"สมชาย"}


def test_person_list_lists_a_person_in_two_matching_organisations_once(client, opdc, ocsc):
    person = Person.objects.create(first_name_th="สองงาน")
    Affiliation.objects.create(person=person, organisation=opdc)
    Affiliation.objects.create(person=person, organisation=ocsc)
    response = client.get(reverse("directory:people"), {"sector": "gov_central"})
    assert list(response.context["page"].object_list) == [person]


@pytest.mark.parametrize("persona", [None, "charlie"])
def test_person_list_uses_the_same_queries_whatever_the_size(request, client, client_for, opdc, persona):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    url = reverse("directory:people")
    build_directory(5, focus=opdc)
    small = count_queries(client, url)
    build_directory(40, focus=opdc)
    large = count_queries(client, url)
    # tags for the filter, count, page, current affiliations with their
    # organisations, tags; signed in: + session, user, model permissions (2),
    # "is any focal point" for the add and export links (2).
    assert small == large == (5 if persona is None else 11)


def test_person_page_shows_name_with_title_affiliations_and_tags(client, opdc):
    person = build_directory(2, focus=opdc)
    response = client.get(reverse("directory:person", args=[person.pk]))
    html = response.content.decode()
    assert "นายสมชาย0 ใจดี" in html
    detail = response.context["detail"]
    assert [a.organisation for a in detail.current] == [opdc]
    assert len(detail.past) == 1
    assert "ป.ย.ป. 2" in html


def test_person_page_shows_dates_in_the_buddhist_era_in_thai(client, opdc):
    person = Person.objects.create(first_name_th="สมชาย")
    Affiliation.objects.create(person=person, organisation=opdc, start_date=dt.date(2022, 2, 9))
    html = client.get(reverse("directory:person", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "65" in html and "ก.พ." in html
    assert "2022" not in html


def _contact_person(consent: bool) -> Person:
    return Person.objects.create(
        first_name_th="สมศรี", email="somsri@example.go.th", phone="02 111 2222", contact_consent=consent
    )


@pytest.mark.parametrize(
    ("persona", "consent", "visible"),
    [
        (None, True, False),
        (None, False, False),
        ("charlie", True, True),
        ("charlie", False, False),
        ("alice", False, True),
    ],
)
def test_person_page_shows_contact_details_only_to_those_who_may_see_them(
    request, client, client_for, db, persona, consent, visible
):
    person = _contact_person(consent)
    if persona:
        client = client_for(request.getfixturevalue(persona))
    html = client.get(reverse("directory:person", args=[person.pk])).content.decode()
    assert ("somsri@example.go.th" in html) is visible
    assert ("02 111 2222" in html) is visible
    assert ('data-contact="hidden"' in html) is not visible


def test_person_page_shows_contact_details_to_the_focal_point_of_their_organisation(client_for, bob, opdc):
    person = _contact_person(False)
    Affiliation.objects.create(person=person, organisation=opdc)
    html = client_for(bob).get(reverse("directory:person", args=[person.pk])).content.decode()
    assert "somsri@example.go.th" in html
    assert reverse("directory:person_edit", args=[person.pk]) in html


# person, tags, affiliations, their organisations = 4; signed in: + session,
# user, the place in the network (as on the organisation page: 8);
# non-administrators: + model permissions (2), the focal-point check per
# current affiliation for edit and contact (2 here), "is any focal point".
# Anonymous visitors get no place in the network (who met whom is personal
# data): no query for it.
@pytest.mark.parametrize(("persona", "expected"), [(None, 4), ("charlie", 19), ("alice", 14)])
def test_person_page_uses_the_same_queries_whatever_the_size(request, client, client_for, opdc, persona, expected):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    person = build_directory(5, focus=opdc)
    analyse_network()
    small = count_queries(client, reverse("directory:person", args=[person.pk]))
    person = build_directory(40, focus=opdc)
    analyse_network()
    large = count_queries(client, reverse("directory:person", args=[person.pk]))
    assert small == large == expected
