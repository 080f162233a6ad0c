from __future__ import annotations

from directory.imports.services import import_commit, prepare
from directory.models import Organisation, Person
from directory.services import affiliation_add, person_create
from directory.tests.fixtures import csv_bytes

HEADER = "ชื่อหน่วยงาน,ชื่อย่อ,ภาค,ประเภท,จังหวัด\n"


def _plan(text: str, **kwargs):
    return prepare(data=csv_bytes(text), filename="dups.csv", **kwargs)


def test_it_finds_an_exact_match_by_abbreviation_without_dots(opdc):
    plan = _plan(HEADER + "สำนักงานพัฒนาระบบราชการ,กพร,ราชการส่วนกลาง,สำนักงาน,กรุงเทพมหานคร\n")
    (record,) = plan.records
    assert record.match is not None
    assert (record.match.how, record.match.target_id, record.action) == ("exact", opdc.pk, "update")


def test_it_finds_a_fuzzy_match_for_a_typo_and_flags_it(opdc):
    # One wrong consonant: สำนักงานคณะกรรมการพัฒนาระบบราชกาณ
    plan = _plan(HEADER + "สำนักงานคณะกรรมการพัฒนาระบบราชกาณ,,ราชการส่วนกลาง,สำนักงาน,\n")
    (record,) = plan.records
    assert record.match is not None
    assert (record.match.how, record.match.target_id) == ("fuzzy", opdc.pk)
    assert 90 <= record.match.score < 100
    assert record.action == "skip"  # flagged: the user decides


def test_different_numbers_in_similar_names_are_not_duplicates(db):
    text = (
        HEADER
        + "โรงเรียนบ้านหนองบัว 1,,ราชการส่วนท้องถิ่น,องค์กรปกครองส่วนท้องถิ่น,\nโรงเรียนบ้านหนองบัว 2,,ราชการส่วนท้องถิ่น,องค์กรปกครองส่วนท้องถิ่น,\n"
    )
    assert [r.match for r in _plan(text).records] == [None, None]


def test_it_finds_duplicates_within_the_file(db):
    text = (
        HEADER
        + "สำนักงานนวัตกรรมแห่งชาติ,สนช.,ราชการส่วนกลาง,สำนักงาน,\n"
        + "สำนักงาน นวัตกรรมแห่งชาติ,,ราชการส่วนกลาง,สำนักงาน,\n"
        + "สำนักงานนวัตกรรมแห่งชาต,,ราชการส่วนกลาง,สำนักงาน,\n"
    )
    plan = _plan(text)
    first, exact, fuzzy = plan.records
    assert first.match is None
    assert exact.match is not None and (exact.match.how, exact.match.target_row) == ("file", 2)
    assert fuzzy.match is not None and (fuzzy.match.how, fuzzy.match.target_row) == ("file", 2)
    result = import_commit(by=None, plan=plan)
    assert result.organisations == {"created": 1, "updated": 0, "skipped": 2}


def test_the_users_decision_overrides_the_default(opdc):
    text = HEADER + "สำนักงานคณะกรรมการพัฒนาระบบราชกาณ,,ราชการส่วนกลาง,สำนักงาน,\n"
    plan = _plan(text, decisions={"0:2": "create"})
    assert plan.records[0].action == "create"
    import_commit(by=None, plan=plan)
    assert Organisation.objects.count() == 2


def test_on_duplicate_skip_leaves_an_exact_match_alone(opdc):
    plan = _plan(HEADER + "สำนักงาน ก.พ.ร.,ก.พ.ร.,ราชการส่วนกลาง,สำนักงาน,\n", on_duplicate="skip")
    import_commit(by=None, plan=plan)
    opdc.refresh_from_db()
    assert opdc.name_th == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"


def test_people_match_by_email_and_by_a_similar_name_in_the_same_organisation(opdc, ocsc, alice):
    somying = person_create(
        by=alice,
        first_name_th="สมหญิง",
        last_name_th="ใจดี",
        email="Somying@opdc.go.th",
        organisation=opdc,
    )
    somchai = person_create(by=alice, first_name_th="สมชาย", last_name_th="รักษ์ไทย")
    affiliation_add(person=somchai, organisation=opdc, by=alice)
    text = (
        "ชื่อ,นามสกุล,หน่วยงาน,อีเมล\n"
        "สมหญิง,ใจดีมาก,ก.พ.ร.,somying@opdc.go.th\n"
        "สมชาย,รักษ์ไท,กพร,\n"
        "สมชาย,รักษ์ไทย,ก.พ.,\n"
        "มานี,มีนา,OPDC,\n"
        "มานี,มีนา,Office of the Public Sector Development Commission,\n"
    )
    plan = prepare(data=csv_bytes(text), filename="people.csv")
    assert plan.errors == []
    by_email, typo, other_org, new, repeat = plan.records
    assert (by_email.match.how, by_email.match.target_id, by_email.action) == (
        "exact",
        somying.pk,
        "update",
    )
    assert (typo.match.how, typo.match.target_id) == ("fuzzy", somchai.pk)
    assert typo.match.score >= 90
    assert other_org.match.how == "file"  # the typo row already claimed สมชาย
    assert new.match is None
    assert (repeat.match.how, repeat.match.target_row) == ("file", 5)
    result = import_commit(by=None, plan=plan)
    assert result.people == {"created": 1, "updated": 1, "skipped": 3}
    assert Person.objects.count() == 3
