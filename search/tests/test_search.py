"""search.selectors.search(): the one search box, against a directory with
many look-alike agencies in it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.services import organisation_create, organisation_update, person_create
from search import indexing
from search.selectors import Hit, search, search_ids

# Agencies whose names share words with OPDC and OCSC, so that a search that
# only looked at single words would rank the wrong one first.
NEIGHBOURS = [
    (
        "สำนักงานคณะกรรมการพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        "Office of the National Economic and Social Development Council",
        "สศช.",
        "NESDC",
    ),
    ("กรมการพัฒนาชุมชน", "Community Development Department", "พช.", "CDD"),
    ("สำนักงานพัฒนารัฐบาลดิจิทัล", "Digital Government Development Agency", "สพร.", "DGA"),
    ("สถาบันพัฒนาข้าราชการพลเรือน", "Civil Service Training Institute", "", "CSTI"),
    ("กองพัฒนาระบบบริหาร", "Management System Development Division", "กพบ.", "MSDD"),
    (
        "สำนักงานปลัดสำนักนายกรัฐมนตรี",
        "Office of the Permanent Secretary, Office of the Prime Minister",
        "สปน.",
        "OPS-PMO",
    ),
    ("สำนักงานคณะกรรมการกฤษฎีกา", "Office of the Council of State", "สคก.", "OCS"),
    ("กรมบัญชีกลาง", "Comptroller General's Department", "กบข.", "CGD"),
    ("สำนักงาน ก.พ.ร. ภาคเหนือ ศูนย์ประสานงาน", "", "", ""),
    ("สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "Office of the Basic Education Commission", "สพฐ.", "OBEC"),
    (
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่",
        "Chiang Mai Provincial Social Development and Human Security Office",
        "พมจ.เชียงใหม่",
        "",
    ),
    ("กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration", "สถ.", "DLA"),
    ("สำนักงานสถิติแห่งชาติ", "National Statistical Office", "สสช.", "NSO"),
    ("มูลนิธิพัฒนาราชการไทย", "Thai Public Service Foundation", "", "TPSF"),
]


@pytest.fixture
def directory(db, opdc, ocsc):
    for name_th, name_en, abbreviation_th, abbreviation_en in NEIGHBOURS:
        organisation_create(
            by=None,
            name_th=name_th,
            name_en=name_en,
            abbreviation_th=abbreviation_th,
            abbreviation_en=abbreviation_en,
            sector="gov_central",
            kind="office",
        )
    organisation_create(
        by=None,
        name_th="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1",
        name_en="Chiang Mai Primary Educational Service Area Office 1",
        abbreviation_th="สพป.เชียงใหม่ เขต 1",
        sector="gov_regional",
        kind="office",
    )
    people = [
        dict(
            honorific="นาย",
            first_name_th="สมชาย",
            last_name_th="ใจดี",
            first_name_en="Somchai",
            last_name_en="Jaidee",
            position="นักวิเคราะห์นโยบายและแผน",
        ),
        dict(
            honorific="นางสาว",
            first_name_th="สมหญิง",
            last_name_th="รักไทย",
            first_name_en="Somying",
            last_name_en="Rakthai",
            position="ผู้อำนวยการกองพัฒนาระบบราชการ",
        ),
        dict(
            honorific="นาย",
            first_name_th="สมชาย",
            last_name_th="ศรีสุข",
            first_name_en="Somchai",
            last_name_en="Srisuk",
            position="นักทรัพยากรบุคคล",
        ),
        dict(
            academic_title="ผศ.ดร.",
            first_name_th="กมลวรรณ",
            last_name_th="วงศ์สวัสดิ์",
            first_name_en="Kamonwan",
            last_name_en="Wongsawat",
            position="อาจารย์",
        ),
    ]
    for fields in people:
        person_create(by=None, organisation=opdc, tags=["ป.ย.ป. 2"], **fields)
    indexing.rebuild()
    return {"opdc": opdc, "ocsc": ocsc}


def first(query: str, **kwargs) -> Hit:
    hits = search(query=query, **kwargs)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


@pytest.mark.parametrize(
    "query",
    [
        "กพร",
        "ก.พ.ร.",
        "ก. พ. ร.",
        "OPDC",
        "opdc",
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "สำนักงาน ก.พ.ร.",
        "พัฒนาระบบราชการ",
        "คณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        "public sector development",
        "สํานักงานคณะกรรมการพัฒนาระบบราชการ",  # ํา typed for ำ
    ],
)
def test_it_finds_opdc_first_by_any_of_its_names(directory, query):
    hit = first(query)
    assert (hit.kind, hit.object_id) == ("organisation", directory["opdc"].pk)


@pytest.mark.parametrize(
    "query",
    [
        "สำนักงานคณะกรรมการพัฒนาระบบราชกาน",  # ร typed as น
        "สำนักงานคณะกรรมการพัฒนาระบบราชการณ์",  # a stray letter
        "Public Sektor Development",
        "Office of the Public Sector Developmnet Commission",  # swapped letters
        "OPDCC",
    ],
)
def test_it_tolerates_typos(directory, query):
    hit = first(query)
    assert (hit.kind, hit.object_id, hit.match) == ("organisation", directory["opdc"].pk, "fuzzy")


@pytest.mark.parametrize("query", ["ก.พ.", "กพ", "OCSC", "สำนักงานคณะกรรมการข้าราชการพลเรือน"])
def test_it_finds_ocsc_first_by_its_abbreviation(directory, query):
    hit = first(query)
    assert hit.object_id == directory["ocsc"].pk
    assert hit.match == "exact"


def test_a_part_of_a_dictionary_compound_name_finds_the_organisation(directory):
    # PyThaiNLP's word list holds OCSC's whole name as one word.
    hits = search(query="ข้าราชการพลเรือน", kinds=["organisation"])
    assert directory["ocsc"].pk in [h.object_id for h in hits]
    assert {h.match for h in hits} == {"words"}


def test_exact_beats_prefix_beats_words(directory):
    hits = search(query="ก.พ.")
    matches = [h.match for h in hits]
    assert matches[0] == "exact"
    assert matches == sorted(matches, key=["exact", "prefix", "words", "fuzzy"].index)
    assert directory["opdc"].pk in [h.object_id for h in hits if h.match == "prefix"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("สมหญิง", "สมหญิง รักไทย"),
        ("รักไทย", "สมหญิง รักไทย"),
        ("สมหญิง รักไทย", "สมหญิง รักไทย"),
        ("สมหญิงรักไทย", "สมหญิง รักไทย"),
        ("Somying Rakthai", "สมหญิง รักไทย"),
        ("rakthai", "สมหญิง รักไทย"),
        ("กมลวรรณ วงศ์สวัสดิ์", "กมลวรรณ วงศ์สวัสดิ์"),
        ("สมชาย ศรีสุข", "สมชาย ศรีสุข"),
        ("Somchai Srisuk", "สมชาย ศรีสุข"),
    ],
)
def test_it_finds_people_by_their_names(directory, query, expected):
    assert first(query, kinds=["person"]).title == expected


def test_a_common_first_name_finds_everyone_with_it(directory):
    titles = {h.title for h in search(query="สมชาย", kinds=["person"])}
    assert titles == {"สมชาย ใจดี", "สมชาย ศรีสุข"}


def test_people_are_found_by_their_tags_in_thai_digits(directory):
    hits = search(query="ป.ย.ป. ๒", kinds=["person"])
    assert len(hits) == 4
    assert {h.match for h in hits} == {"words"}


def test_thai_digits_in_a_query_match_arabic_digits_in_a_name(directory):
    hit = first("สพป.เชียงใหม่ เขต ๑")
    assert hit.title == "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1"


def test_titles_follow_the_active_language(directory):
    with translation.override("en"):
        hit = first("กพร")
    assert hit.title == "Office of the Public Sector Development Commission"
    with translation.override("th"):
        assert first("OPDC").title == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"


def test_inactive_organisations_are_left_out_unless_asked_for(directory):
    organisation_update(organisation=directory["ocsc"], by=None, is_active=False)
    indexing.index_objects(kind="organisation", ids=[directory["ocsc"].pk])
    assert all(h.object_id != directory["ocsc"].pk for h in search(query="OCSC"))
    assert first("OCSC", include_inactive=True).object_id == directory["ocsc"].pk


def test_kinds_restrict_the_results(directory):
    assert {h.kind for h in search(query="ระบบราชการ", kinds=["person"])} == {"person"}
    assert {h.kind for h in search(query="ระบบราชการ", kinds=["organisation"])} == {"organisation"}


def test_it_finds_nothing_for_nonsense_and_blank_queries(directory):
    assert search(query="zzqxw") == []
    assert search(query="   ") == []
    assert search(query="...") == []


def test_a_typo_finds_an_organisation_indexed_after_the_vocabulary_was_loaded(directory):
    assert first("Public Sektor Development").object_id == directory["opdc"].pk
    created = organisation_create(
        by=None,
        name_th="สำนักงานนวัตกรรมแห่งชาติ",
        name_en="National Innovation Agency",
        abbreviation_en="NIA",
        sector="gov_central",
        kind="office",
    )
    indexing.index_objects(kind="organisation", ids=[created.pk])
    assert first("National Inovation Agency").object_id == created.pk


def test_the_limit_cuts_the_page(directory):
    assert len(search(query="สำนักงาน", limit=3)) == 3
    assert search(query="สำนักงาน", limit=0) == []


def test_search_ids_returns_object_ids_of_one_kind_best_first(directory):
    ids = search_ids(query="ก.พ.", kind="organisation")
    assert ids[0] == directory["ocsc"].pk
    assert directory["opdc"].pk in ids
    assert search_ids(query="ก.พ.", kind="person") == []


def test_search_ids_includes_inactive_organisations_for_list_filters(directory):
    organisation_update(organisation=directory["opdc"], by=None, is_active=False)
    indexing.index_objects(kind="organisation", ids=[directory["opdc"].pk])
    assert directory["opdc"].pk in search_ids(query="OPDC", kind="organisation")


@pytest.mark.parametrize(
    "query", ["กพร", "สำนักงาน ก.พ.ร.", "Public Sektor Development", "สมชาย ศรีสุข", "ก"]
)
def test_a_search_is_a_small_fixed_number_of_queries(directory, query):
    search(query="warm up the vocabulary")
    with CaptureQueriesContext(connection) as queries:
        search(query=query)
    assert len(queries) <= 8


def test_the_vocabulary_reloads_when_another_process_changes_the_index(directory):
    from django.core.cache import cache

    from search.selectors import vocabulary

    loaded = vocabulary()
    assert vocabulary() is loaded  # no change, no reload
    cache.incr(indexing.GENERATION_KEY)  # as a write in another process would
    assert vocabulary() is not loaded
