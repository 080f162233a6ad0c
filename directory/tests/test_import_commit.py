from __future__ import annotations

import pytest

from audit.models import AuditEntry
from directory.imports.readers import ReadError
from directory.imports.services import ImportHasErrors, import_commit, prepare
from directory.models import Affiliation, Organisation, OrganisationAlias, Person, Province
from directory.tests.fixtures import csv_bytes, fixture, xlsx


def _import(data: bytes, filename: str, **kwargs):
    plan = prepare(data=data, filename=filename, **kwargs)
    assert [str(e) for e in plan.errors] == []
    return import_commit(by=None, plan=plan)


def test_it_imports_a_tis620_csv_with_thai_intact(db):
    result = _import(fixture("organisations_tis620.csv"), "หน่วยงาน.csv")
    assert result.organisations == {"created": 4, "updated": 0, "skipped": 0}
    nesdc = Organisation.objects.get(abbreviation_th="สศช.")
    assert nesdc.name_th == "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ"
    assert (
        nesdc.parent.name_th == "สำนักงานปลัดสำนักนายกรัฐมนตรี"
    )  # named by abbreviation in the same file
    assert nesdc.province.code == "10"  # "กรุงเทพฯ"
    khon_kaen = Organisation.objects.get(abbreviation_th="สนจ.ขก.")
    assert (khon_kaen.sector, khon_kaen.kind, khon_kaen.province.name_th) == (
        "gov_regional",
        "provincial_office",
        "ขอนแก่น",
    )
    assert Organisation.objects.get(abbreviation_th="อบต.ศิลา").kind == "local_government"


def test_it_imports_a_utf8_bom_csv(db):
    _import(fixture("organisations_utf8_bom.csv"), "orgs.csv")
    foundation = Organisation.objects.get(abbreviation_th="มพช.")
    assert foundation.name_th == "มูลนิธิเพื่อการพัฒนาชุมชน"
    assert (foundation.sector, foundation.kind, foundation.website) == (
        "civil_society",
        "ngo",
        "https://www.example.or.th",
    )
    assert Organisation.objects.get(abbreviation_th="มข.").province.name_en == "Khon Kaen"


def test_it_imports_an_xlsx_with_a_title_row_and_a_two_row_merged_header(db):
    data = xlsx(
        [
            ["บัญชีรายชื่อหน่วยงาน"],
            ["ชื่อหน่วยงาน", None, "ชื่อย่อ", "ภาค", "ประเภท", "สังกัด"],
            ["ภาษาไทย", "ภาษาอังกฤษ", None, None, None, None],
            ["กระทรวงการคลัง", "Ministry of Finance", "กค.", "ราชการส่วนกลาง", "กระทรวง", None],
            [
                "กรมบัญชีกลาง",
                "The Comptroller General's Department",
                "บก.",
                "ราชการส่วนกลาง",
                "กรม",
                "กค.",
            ],
        ],
        merges=("A1:F1", "A2:B2", "C2:C3", "D2:D3", "E2:E3", "F2:F3"),
    )
    _import(data, "orgs.xlsx")
    cgd = Organisation.objects.get(name_th="กรมบัญชีกลาง")
    assert cgd.name_en == "The Comptroller General's Department"
    assert cgd.parent.name_en == "Ministry of Finance"


def test_it_imports_people_with_their_organisation_by_abbreviation_without_dots(opdc):
    result = _import(fixture("people_utf8.tsv"), "people.tsv")
    assert result.people["created"] == 2
    somying = Person.objects.get(first_name_th="สมหญิง")
    assert (somying.honorific, somying.last_name_th, somying.phone) == (
        "นางสาว",
        "ใจดี",
        "0812345678",
    )
    assert somying.contact_consent and somying.contact_consent_at is not None
    assert sorted(t.name for t in somying.tags.all()) == sorted(["ป.ย.ป. 2", "นวัตกรรม"])
    assert Affiliation.objects.get(person=somying).organisation == opdc
    somchai = Person.objects.get(first_name_th="สมชาย")
    assert (somchai.academic_title, somchai.phone, somchai.contact_consent) == (
        "ผศ.ดร.",
        "0812345679",
        False,
    )


def test_a_workbook_with_organisation_and_people_sheets_links_people_to_new_organisations(db):
    data = xlsx(
        [
            ["ชื่อหน่วยงาน", "ชื่อย่อ", "ภาค", "ประเภท"],
            ["สถาบันนโยบายสาธารณะ", "สนส.", "ภาควิชาการ", "เครือข่าย"],
        ],
        title="หน่วยงาน",
        extra={
            "บุคคล": [
                ["คำนำหน้า", "ชื่อ", "นามสกุล", "หน่วยงาน", "วันที่เริ่ม"],
                ["นาย", "ปกรณ์", "ศรีสุข", "สนส", "๑/๑๐/๒๕๖๗"],
            ]
        },
    )
    _import(data, "network.xlsx")
    affiliation = Affiliation.objects.get(person__first_name_th="ปกรณ์")
    assert affiliation.organisation.name_th == "สถาบันนโยบายสาธารณะ"
    assert affiliation.start_date.isoformat() == "2024-10-01"


def test_it_records_one_import_entry_and_one_entry_per_object(db):
    _import(fixture("organisations_tis620.csv"), "หน่วยงาน.csv")
    assert AuditEntry.objects.filter(action="directory.organisation.create").count() == 4
    summary = AuditEntry.objects.get(action="directory.import")
    assert summary.changes["file"] == "หน่วยงาน.csv"
    assert summary.changes["organisations"]["created"] == 4


def test_it_updates_the_search_index_after_commit(db, django_capture_on_commit_callbacks):
    from search.models import SearchDocument

    with django_capture_on_commit_callbacks(execute=True):
        _import(fixture("organisations_utf8_bom.csv"), "orgs.csv")
    assert SearchDocument.objects.filter(kind="organisation", title_th="มหาวิทยาลัยขอนแก่น").exists()


@pytest.mark.parametrize(
    ("row", "column", "needle"),
    [
        ("กรมใหม่,กม.,ภาคที่ไม่มีจริง,กรม,กรุงเทพมหานคร,", "ภาค", "ภาคที่ไม่มีจริง"),
        ("กรมใหม่,กม.,ราชการส่วนกลาง,กรม,เมืองลับแล,", "จังหวัด", "เมืองลับแล"),
        ("กรมใหม่,กม.,ราชการส่วนกลาง,กรม,กรุงเทพมหานคร,กระทรวงที่ไม่มีอยู่", "สังกัด", "กระทรวงที่ไม่มีอยู่"),
    ],
)
def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row_and_reason(
    db, row, column, needle
):
    text = (
        "ชื่อหน่วยงาน,ชื่อย่อ,ภาค,ประเภท,จังหวัด,สังกัด\n"
        "กรมดี,กด.,ราชการส่วนกลาง,กรม,กรุงเทพมหานคร,\n"
        "กรมดีมาก,กดม.,ราชการส่วนกลาง,กรม,กรุงเทพมหานคร,กรมดี\n"
        f"{row}\n"
    )
    plan = prepare(data=csv_bytes(text), filename="orgs.csv")
    assert len(plan.errors) == 1
    error = plan.errors[0]
    assert (error.row, error.column) == (4, column)
    assert needle in str(error) and "4" in str(error) and column in str(error)
    with pytest.raises(ImportHasErrors):
        import_commit(by=None, plan=plan)
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_email_names_the_row_and_column_in_thai(opdc):
    from django.utils import translation

    text = "ชื่อ,นามสกุล,อีเมล\nสมศรี,มีสุข,somsri@example.org\nสมปอง,ดีใจ,not-an-email\n"
    with translation.override("th"):
        plan = prepare(data=csv_bytes(text), filename="people.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(3, "อีเมล")]
    assert "not-an-email" in str(plan.errors[0])
    with pytest.raises(ImportHasErrors):
        import_commit(by=None, plan=plan)
    assert not Person.objects.exists()


def test_an_email_or_website_longer_than_its_column_is_an_error_not_a_database_failure(db):
    # The validators accept 320-character e-mails and 2048-character URLs;
    # PostgreSQL would refuse the commit over the 254 / 200 the columns hold.
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".th"
    people = prepare(data=csv_bytes(f"ชื่อ,นามสกุล,อีเมล\nสมศรี,มีสุข,{email}\n"), filename="p.csv")
    assert [(e.row, e.column) for e in people.errors] == [(2, "อีเมล")]
    website = "https://example.org/" + "x" * 200
    organisations = prepare(
        data=csv_bytes(f"ชื่อหน่วยงาน,ภาค,ประเภท,เว็บไซต์\nกรมดี,ราชการส่วนกลาง,กรม,{website}\n"),
        filename="o.csv",
    )
    assert [(e.row, e.column) for e in organisations.errors] == [(2, "เว็บไซต์")]
    with pytest.raises(ImportHasErrors):
        import_commit(by=None, plan=people)
    assert not Person.objects.exists()


def test_a_parent_chain_that_loops_is_an_error(db):
    text = (
        "ชื่อหน่วยงาน,ภาค,ประเภท,สังกัด\nกอง ก,ราชการส่วนกลาง,กอง,กอง ข\nกอง ข,ราชการส่วนกลาง,กอง,กอง ก\n"
    )
    plan = prepare(data=csv_bytes(text), filename="loop.csv")
    assert {e.row for e in plan.errors} == {2, 3}


def test_an_exact_duplicate_updates_the_existing_record_and_keeps_blank_fields(opdc):
    text = "ชื่อหน่วยงาน,ชื่อย่อ,ชื่ออื่น,ภาค,ประเภท,จังหวัด,ชื่อภาษาอังกฤษ\nสำนักงาน ก.พ.ร.,กพร,สำนักงาน ก.พ.ร.,ราชการส่วนกลาง,สำนักงาน,กรุงเทพมหานคร,\n"
    result = _import(csv_bytes(text), "opdc.csv")
    assert result.organisations == {"created": 0, "updated": 1, "skipped": 0}
    opdc.refresh_from_db()
    assert opdc.name_th == "สำนักงาน ก.พ.ร."
    assert (
        opdc.name_en == "Office of the Public Sector Development Commission"
    )  # blank cell kept it
    assert opdc.province.code == "10"
    assert AuditEntry.objects.filter(
        action="directory.organisation.update", object_id=str(opdc.pk)
    ).exists()
    assert (
        OrganisationAlias.objects.filter(organisation=opdc).count() == 0
    )  # the alias repeats its name


def test_a_file_without_a_recognisable_header_is_refused(db):
    with pytest.raises(ReadError):
        prepare(data=csv_bytes("a,b,c\n1,2,3\n"), filename="x.csv")


def test_province_names_match_with_or_without_the_word_province(db):
    text = "ชื่อหน่วยงาน,ภาค,ประเภท,จังหวัด\nก,ราชการส่วนภูมิภาค,สำนักงาน,จังหวัดน่าน\nข,ราชการส่วนภูมิภาค,สำนักงาน,จ.น่าน\nค,ราชการส่วนภูมิภาค,สำนักงาน,Nan\n"
    plan = prepare(data=csv_bytes(text), filename="p.csv")
    nan = Province.objects.get(name_th="น่าน").pk
    assert [r.values["province_id"] for r in plan.records] == [nan, nan, nan]
