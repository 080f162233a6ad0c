"""Writes to the directory: every service writes an audit entry, merges move
every link and keep every name, and the hierarchy stays a tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from directory import services
from directory.models import Affiliation, Organisation, Person, Tag

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_organisation_create_writes_an_audit_entry_with_the_aliases(alice):
    organisation = services.organisation_create(
        by=alice,
        name_th="  สำนักงาน  ทดลอง ",
        sector="gov_central",
        kind="office",
        aliases=[("สนง.ทดลอง", "alias"), ("สนง. ทดลอง", "alias")],
    )
    assert organisation.name_th == "สำนักงาน ทดลอง"  # cleaned
    [entry] = entries("directory.organisation.create")
    assert entry.actor == alice and entry.object_id == str(organisation.pk)
    assert entry.changes["aliases"] == ["สนง.ทดลอง"]  # the repeat is dropped


def test_organisation_update_records_only_what_changed(alice, opdc):
    services.organisation_update(organisation=opdc, by=alice, website="https://www.opdc.go.th", kind="office")
    [entry] = entries("directory.organisation.update")
    assert entry.changes == {"website": ["", "https://www.opdc.go.th"]}


def test_an_update_that_changes_nothing_writes_no_entry(alice, opdc):
    services.organisation_update(organisation=opdc, by=alice, kind="office")
    assert entries("directory.organisation.update") == []


def test_a_parent_cycle_is_rejected_and_nothing_changes(alice, opdc):
    child = services.organisation_create(by=alice, name_th="กอง", sector="gov_central", kind="division", parent=opdc)
    grandchild = services.organisation_create(
        by=alice, name_th="ฝ่าย", sector="gov_central", kind="division", parent=child
    )
    with pytest.raises(ValidationError) as error:
        services.organisation_update(organisation=opdc, by=alice, parent=grandchild)
    assert "parent" in error.value.error_dict
    opdc.refresh_from_db()
    assert opdc.parent is None
    assert entries("directory.organisation.update") == []


def test_organisation_merge_moves_people_and_children_and_keeps_the_names(alice, opdc):
    duplicate = services.organisation_create(
        by=alice,
        name_th="สำนักงาน ก.พ.ร.",
        name_en="OPDC Thailand",
        abbreviation_th="สกพร",
        sector="gov_central",
        kind="office",
        aliases=[("กพร.เดิม", "former")],
    )
    unit = Organisation.objects.create(name_th="กอง", sector="gov_central", kind="division", parent=duplicate)
    person = Person.objects.create(first_name_th="สมชาย")
    Affiliation.objects.create(person=person, organisation=duplicate)
    duplicate_id = duplicate.pk

    kept = services.organisation_merge(keep=opdc, duplicate=duplicate, by=alice)

    assert not Organisation.objects.filter(pk=duplicate_id).exists()
    assert Affiliation.objects.get().organisation == kept
    unit.refresh_from_db()
    assert unit.parent == kept
    aliases = dict(kept.aliases.values_list("name", "kind"))
    assert aliases == {
        "สำนักงาน ก.พ.ร.": "alias",
        "OPDC Thailand": "alias",
        "สกพร": "abbreviation",
        "กพร.เดิม": "former",
    }
    [entry] = entries("directory.organisation.merge")
    assert entry.changes["merged"]["id"] == duplicate_id
    assert entry.changes["moved"]["affiliations"] == 1


def test_merging_an_organisation_into_its_child_lifts_the_child(alice, opdc):
    child = Organisation.objects.create(name_th="กอง", sector="gov_central", kind="division", parent=opdc)
    kept = services.organisation_merge(keep=child, duplicate=opdc, by=alice)
    assert kept.parent is None


def test_merging_an_organisation_into_a_unit_further_down_leaves_no_cycle(alice, opdc):
    bureau = Organisation.objects.create(name_th="สำนัก", sector="gov_central", kind="division", parent=opdc)
    division = Organisation.objects.create(name_th="กอง", sector="gov_central", kind="division", parent=bureau)
    kept = services.organisation_merge(keep=division, duplicate=opdc, by=alice)
    bureau.refresh_from_db()
    assert kept.parent is None
    assert bureau.parent == kept


def test_an_organisation_cannot_be_merged_with_itself(alice, opdc):
    with pytest.raises(ValidationError):
        services.organisation_merge(keep=opdc, duplicate=opdc, by=alice)
    assert Organisation.objects.filter(pk=opdc.pk).exists()


def test_focal_points_changes_are_audited(alice, bob, charlie, opdc):
    services.organisation_set_focal_points(organisation=opdc, users=[charlie], by=alice)
    [entry] = entries("directory.organisation.focal_points")
    assert entry.changes["focal_points"] == [["bob@opdc.test"], ["charlie@moe.test"]]


def test_person_create_adds_the_affiliation_tags_and_an_entry(bob, opdc):
    person = services.person_create(
        by=bob,
        first_name_th="สมหญิง",
        position="นักวิเคราะห์",
        tags=["ป.ย.ป. 3", " ป.ย.ป. 3 "],
        organisation=opdc,
        start_date=dt.date(2024, 10, 1),
        contact_consent=True,
    )
    assert [t.name for t in person.tags.all()] == ["ป.ย.ป. 3"]
    assert person.affiliations.get().organisation == opdc
    assert person.contact_consent_at is not None
    [entry] = entries("directory.person.create")
    assert entry.actor == bob


def test_a_person_needs_a_first_name(alice):
    with pytest.raises(ValidationError):
        services.person_create(by=alice, last_name_th="ไม่มีชื่อ")
    assert not Person.objects.exists()
    assert entries("directory.person.create") == []


def test_withdrawing_consent_clears_its_time(alice):
    person = services.person_create(by=alice, first_name_th="สมศรี", contact_consent=True)
    services.person_update(person=person, by=alice, contact_consent=False)
    person.refresh_from_db()
    assert person.contact_consent_at is None
    [entry] = entries("directory.person.update")
    assert entry.changes["contact_consent"] == [True, False]


def test_affiliation_add_and_end_are_audited(alice, opdc):
    person = services.person_create(by=alice, first_name_th="สมชาย")
    affiliation = services.affiliation_add(
        person=person, organisation=opdc, by=alice, position=" ผู้อำนวยการ ", start_date=dt.date(2023, 1, 1)
    )
    assert affiliation.position == "ผู้อำนวยการ"
    services.affiliation_end(affiliation=affiliation, by=alice, end_date=dt.date(2024, 9, 30))
    assert not affiliation.is_current
    assert len(entries("directory.affiliation.add")) == 1
    [ended] = entries("directory.affiliation.end")
    assert ended.changes["end_date"] == [None, "2024-09-30"]


def test_an_affiliation_cannot_end_before_it_starts(alice, opdc):
    person = services.person_create(by=alice, first_name_th="สมชาย")
    affiliation = services.affiliation_add(person=person, organisation=opdc, by=alice, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.affiliation_end(affiliation=affiliation, by=alice, end_date=dt.date(2023, 1, 1))
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


def test_person_merge_moves_affiliations_and_tags_and_fills_blanks(alice, charlie, opdc, ocsc):
    keep = services.person_create(by=alice, first_name_th="สมชาย", organisation=opdc)
    duplicate = services.person_create(
        by=alice, first_name_th="สมชาย", phone="02 111 2222", tags=["ป.ย.ป. 4"], organisation=ocsc
    )
    duplicate.user = charlie
    duplicate.save()
    duplicate_id = duplicate.pk

    kept = services.person_merge(keep=keep, duplicate=duplicate, by=alice)

    assert not Person.objects.filter(pk=duplicate_id).exists()
    assert set(kept.affiliations.values_list("organisation", flat=True)) == {opdc.pk, ocsc.pk}
    assert list(kept.tags.all()) == [Tag.objects.get(name="ป.ย.ป. 4")]
    assert kept.phone == "02 111 2222"
    assert kept.user == charlie
    [entry] = entries("directory.person.merge")
    assert entry.changes["moved"]["affiliations"] == 1


def test_two_people_with_accounts_are_not_merged(alice, bob, charlie):
    keep = services.person_create(by=alice, first_name_th="ก")
    duplicate = services.person_create(by=alice, first_name_th="ข")
    Person.objects.filter(pk=keep.pk).update(user=bob)
    Person.objects.filter(pk=duplicate.pk).update(user=charlie)
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    with pytest.raises(ValidationError):
        services.person_merge(keep=keep, duplicate=duplicate, by=alice)
    assert Person.objects.count() == 2


def test_renaming_an_organisation_reindexes_its_people_and_units(
    opdc, django_capture_on_commit_callbacks
):
    from directory.services import organisation_create, organisation_update, person_create
    from search.models import SearchDocument

    with django_capture_on_commit_callbacks(execute=True):
        unit = organisation_create(
            by=None, name_th="กองนวัตกรรมการบริหารภาครัฐ", sector="gov_central", kind="division", parent=opdc
        )
        person = person_create(by=None, first_name_th="วิภาดา", last_name_th="ตริตระการ", organisation=opdc)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(organisation=opdc, by=None, name_th="สำนักงานพัฒนาระบบราชการแห่งใหม่")

    person_doc = SearchDocument.objects.get(kind="person", object_id=person.pk)
    unit_doc = SearchDocument.objects.get(kind="organisation", object_id=unit.pk)
    assert "สำนักงานพัฒนาระบบราชการแห่งใหม่" in person_doc.subtitle_th
    assert "สำนักงานพัฒนาระบบราชการแห่งใหม่" in unit_doc.subtitle_th
