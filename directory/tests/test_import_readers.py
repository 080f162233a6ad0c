from __future__ import annotations

import datetime as dt

import pytest

from directory.imports import mapping
from directory.imports.readers import ReadError, decode, read_file, sniff_delimiter
from directory.tests.fixtures import fixture, xlsx


def test_it_decodes_tis620_as_thai():
    text, encoding = decode(fixture("organisations_tis620.csv"))
    assert encoding == "cp874"
    assert "สำนักงานปลัดสำนักนายกรัฐมนตรี" in text


def test_it_drops_the_utf8_bom_and_zero_width_spaces():
    book = read_file(fixture("organisations_utf8_bom.csv"), "orgs.csv")
    assert book.encoding == "utf-8"
    assert book.delimiter == ";"
    number, cells = book.sheets[0].rows[0]
    assert (number, cells[0]) == (1, "ชื่อหน่วยงาน")
    assert book.sheets[0].rows[1][1][0] == "มูลนิธิเพื่อการพัฒนาชุมชน"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_sniffs_the_delimiter(delimiter):
    text = (
        delimiter.join(["ชื่อหน่วยงาน", "ชื่อย่อ", "ภาค"])
        + "\n"
        + delimiter.join(["กรม ก, ข", "ก.", "ส่วนกลาง"])
        + "\n"
    )
    if delimiter == ",":
        text = text.replace("กรม ก, ข", '"กรม ก, ข"')
    assert sniff_delimiter(text) == delimiter


def test_it_cleans_cells_and_keeps_excel_row_numbers():
    book = read_file(fixture("organisations_tis620.csv"), "orgs.csv")
    rows = dict(book.sheets[0].rows)
    assert rows[4][1] == "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ"  # stray spaces gone
    assert rows[3][3] == "Office of the Permanent Secretary of the Prime Minister's Office"


def test_it_reads_xlsx_values_as_text_with_row_numbers_across_blank_rows():
    data = xlsx(
        [
            ["ชื่อหน่วยงาน", "จำนวน", "วันที่"],
            ["กรม ก", 12.0, dt.datetime(2024, 10, 1)],
            [],
            ["กรม ข", 3, None],
        ]
    )
    rows = read_file(data, "a.xlsx").sheets[0].rows
    assert rows == [
        (1, ["ชื่อหน่วยงาน", "จำนวน", "วันที่"]),
        (2, ["กรม ก", "12", "2024-10-01"]),
        (4, ["กรม ข", "3"]),
    ]


def test_it_refuses_files_that_are_not_csv_or_xlsx():
    with pytest.raises(ReadError):
        read_file(b"%PDF-1.4", "report.pdf")
    with pytest.raises(ReadError):
        read_file(b"not a zip", "broken.xlsx")


def test_it_names_the_sheets_when_the_chosen_one_is_missing():
    with pytest.raises(ReadError, match="Sheet1"):
        read_file(xlsx([["ชื่อ"]]), "a.xlsx", sheet="หน่วยงาน")


def test_it_finds_the_header_below_a_title_row():
    book = read_file(fixture("organisations_tis620.csv"), "orgs.csv")
    layout = mapping.detect_layout(book.sheets[0])
    assert layout is not None
    assert layout.kind == mapping.ORGANISATIONS
    assert layout.header_rows == [2]
    assert layout.mapping == [
        "",
        "name_th",
        "abbreviation_th",
        "name_en",
        "sector",
        "kind",
        "parent",
        "province",
    ]


def test_it_combines_a_header_split_over_two_merged_rows():
    data = xlsx(
        [
            ["รายชื่อหน่วยงาน ปีงบประมาณ ๒๕๖๘"],
            ["ลำดับ", "ชื่อหน่วยงาน", None, "ชื่อย่อ", "ภาค", "ประเภท", "จังหวัด"],
            [None, "ภาษาไทย", "ภาษาอังกฤษ", None, None, None, None],
            [
                1,
                "กรมบัญชีกลาง",
                "The Comptroller General's Department",
                "กบช.",
                "ราชการส่วนกลาง",
                "กรม",
                "กรุงเทพมหานคร",
            ],
        ],
        merges=("A1:G1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3"),
    )
    layout = mapping.detect_layout(read_file(data, "a.xlsx").sheets[0])
    assert layout is not None
    assert layout.header_rows == [2, 3]
    assert layout.mapping == [
        "",
        "name_th",
        "name_en",
        "abbreviation_th",
        "sector",
        "kind",
        "province",
    ]
    assert layout.headers[2] == "ชื่อหน่วยงาน ภาษาอังกฤษ"


def test_it_tells_people_from_organisations_by_their_columns():
    book = read_file(fixture("people_utf8.tsv"), "people.tsv")
    layout = mapping.detect_layout(book.sheets[0])
    assert layout is not None and layout.kind == mapping.PEOPLE
    assert layout.mapping == [
        "full_name_th",
        "position",
        "organisation",
        "email",
        "phone",
        "tags",
        "contact_consent",
    ]


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Organisation name", mapping.ORGANISATIONS, "name_th"),
        ("name_en", mapping.ORGANISATIONS, "name_en"),
        ("ชื่อย่อ (ภาษาอังกฤษ)", mapping.ORGANISATIONS, "abbreviation_en"),
        ("สังกัด", mapping.ORGANISATIONS, "parent"),
        ("สังกัด", mapping.PEOPLE, "organisation"),
        ("คำนำหน้า", mapping.PEOPLE, "honorific"),
        ("E-mail", mapping.PEOPLE, "email"),
        ("ชื่อ (EN)", mapping.PEOPLE, "first_name_en"),
        ("เบอร์โทร", mapping.PEOPLE, "phone"),
        ("หมายเหตุ", mapping.PEOPLE, None),
    ],
)
def test_it_maps_thai_and_english_headers(header, kind, field):
    assert mapping.match_header(header, kind) == field


@pytest.mark.parametrize(
    "text",
    ["ก.พ.ร.", "สำนักงาน ก.พ.ร.", "OPDC", "Office of the P.S.D.C. (Thailand)", "กอง ๒/๑", "a-b_c"],
)
def test_the_cheap_key_for_stored_text_equals_compact(text):
    from directory.imports.lookups import stored_key
    from lib.thai.text import clean, compact

    assert stored_key(clean(text)) == compact(text)
