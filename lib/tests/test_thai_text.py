"""lib.thai.text: normalisation and segmentation of Thai text."""

from __future__ import annotations

import pytest

from lib.thai.text import (
    abbreviations,
    clean,
    compact,
    fold_vowel_order,
    normalize,
    search_terms,
    segment,
    segment_many,
    subwords,
    terms_from_tokens,
    to_arabic_digits,
    to_thai_digits,
)


def test_it_converts_digits_both_ways():
    assert to_arabic_digits("๙ กุมภาพันธ์ ๒๕๖๕") == "9 กุมภาพันธ์ 2565"
    assert to_thai_digits("9 กุมภาพันธ์ 2565") == "๙ กุมภาพันธ์ ๒๕๖๕"
    assert to_arabic_digits(to_thai_digits("0123456789")) == "0123456789"


def test_clean_removes_zero_width_characters_and_duplicate_spaces():
    assert clean("\ufeffสำนักงาน\u200bก.พ.ร.  \t ภาค\u00adเหนือ \n") == "สำนักงานก.พ.ร. ภาคเหนือ"
    assert clean(None) == ""
    assert clean("   ") == ""


def test_clean_keeps_case_and_digits():
    assert clean("OPDC ๒๕๖๕") == "OPDC ๒๕๖๕"


def test_clean_composes_to_nfc():
    assert clean("Cafe\u0301") == "Café"


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("ส\u0e4d\u0e32นักงาน", "สำนักงาน"),  # nikhahit + sara aa for sara am
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # nikhahit, tone, sara aa (PDF copy-paste)
        ("น\u0e32\u0e49\u0e4d", "น้ำ"),  # sara aa, tone, nikhahit
        ("น\u0e33\u0e49", "น้ำ"),  # sara am typed before the tone mark
        ("ท\u0e48\u0e35", "ที่"),  # tone mark before the upper vowel
        ("ก\u0e49\u0e38ง", "กุ้ง"),  # tone mark before the lower vowel
        ("ที\u0e48\u0e48", "ที่"),  # doubled tone mark
        ("ท\u0e35\u0e35", "ที"),  # doubled upper vowel
        ("เเผน", "แผน"),  # two sara e for sara ae
        ("สำนักงาน", "สำนักงาน"),  # already right: unchanged
    ],
)
def test_it_folds_common_mistypings_of_vowel_and_tone_order(typed, canonical):
    assert fold_vowel_order(typed) == canonical
    assert clean(typed) == canonical


def test_normalize_folds_latin_case_and_thai_digits():
    assert normalize("OPDC") == "opdc"
    assert normalize("Straße ๒") == "strasse 2"
    assert normalize("สํานักงาน  ก.พ.ร.") == "สำนักงาน ก.พ.ร."


@pytest.mark.parametrize("text", ["ก.พ.ร.", "กพร", "ก. พ. ร.", " ก.พ.ร ", "ก-พ-ร"])
def test_compact_makes_abbreviations_with_and_without_dots_meet(text):
    assert compact(text) == "กพร"


def test_compact_of_an_english_acronym_is_lower_case():
    assert compact("O.P.D.C.") == compact("opdc") == "opdc"


@pytest.mark.parametrize(
    "abbreviation", ["ก.พ.ร.", "ศอ.บต.", "สศช.", "ป.ย.ป.", "ก.พ.", "ป.ป.ช.", "อบต."]
)
def test_segmentation_keeps_agency_abbreviations_whole(abbreviation):
    assert abbreviation in segment(f"ผู้แทนจาก{abbreviation}เข้าร่วมประชุม")


def test_the_dictionary_knows_abbreviations_with_and_without_dots():
    words = abbreviations()
    assert {"ก.พ.ร.", "กพร", "ศอ.บต.", "ศอบต"} <= set(words)


def test_segment_splits_a_thai_agency_name_into_words():
    assert segment("สำนักงานคณะกรรมการพัฒนาระบบราชการ") == [
        "สำนักงาน",
        "คณะกรรมการ",
        "พัฒนา",
        "ระบบ",
        "ราชการ",
    ]


def test_segment_drops_spaces_and_punctuation_and_keeps_latin_words():
    assert segment("OPDC, (Public Sector) — ก.พ.ร.!") == ["OPDC", "Public", "Sector", "ก.พ.ร."]


SENTENCES = [
    "สำนักงานคณะกรรมการพัฒนาระบบราชการ (ก.พ.ร.) จัดอบรมหลักสูตร ป.ย.ป. รุ่นที่ ๒",
    "ศอ.บต. ร่วมกับ สศช. และ ก.พ. ลงพื้นที่จังหวัดยะลา",
    "ผู้อำนวยการกองยุทธศาสตร์ กระทรวงมหาดไทย ประชุมร่วมกับ อบต.หนองแขม",
    "นายสมชาย ใจดี นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
    "Policy Lab ของ OPDC ใช้ Design Thinking กับ ส.ป.ก.",
    "สํานักงาน\u200bเเผนงาน  ที่่ดิน",
    "",
]


def test_segment_many_gives_the_same_tokens_as_segment():
    assert segment_many(SENTENCES) == [segment(s) for s in SENTENCES]


def test_subwords_split_long_dictionary_compounds():
    # PyThaiNLP's word list holds these whole; their parts must be findable.
    assert segment("สำนักงานคณะกรรมการข้าราชการพลเรือน") == ["สำนักงานคณะกรรมการข้าราชการพลเรือน"]
    assert subwords(["สำนักงานคณะกรรมการข้าราชการพลเรือน"]) == [
        "สำนักงาน",
        "คณะกรรมการ",
        "ข้าราชการ",
        "พลเรือน",
    ]
    assert set(subwords(["กระทรวงมหาดไทย"])) == {"กระทรวง", "มหาดไทย"}
    assert subwords(["ราชการ", "OPDC", "Development Commission"]) == []


def test_search_terms_are_normalised_and_abbreviations_dotless():
    assert search_terms("สำนักงาน ก.พ.ร. OPDC ๒๕๖๕") == ["สำนักงาน", "กพร", "opdc", "2565"]
    assert terms_from_tokens(["ก.พ.ร.", "กพร", "OPDC", "opdc"]) == ["กพร", "opdc"]


def test_bulk_segmentation_keeps_every_character_of_long_text():
    # nlpo3's "safe" mode garbles text of 140 characters or more; the bulk
    # path must give back the text itself, cut into words.
    from lib.thai.text import segment_many

    text = "ผู้สูงอายุติดเตียงไม่มีคนดูแล " * 10
    [tokens] = segment_many([text])
    assert "".join(tokens) == text.replace(" ", "")
    assert "ผู้สูงอายุ" in tokens
