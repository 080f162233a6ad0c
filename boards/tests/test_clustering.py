"""boards.clustering: Thai sticky notes grouped into themes with a label each.

No database: cluster_notes() is pure. Speed is measured by
bench/clustering.py, never here.
"""

from __future__ import annotations

from collections import Counter

from django.utils import translation

from boards.clustering import Theme, cluster_notes
from lib.thai import segment

# Notes as people write them on a workshop board: short, spaced or not,
# some mixing English, a few touching another topic (the elderly who cannot
# use an app, data on people in treatment). Each topic with the words one of
# which its label must contain.
TOPICS: dict[str, tuple[set[str], list[str]]] = {
    "drugs": (
        {"ยาเสพติด", "บำบัด", "ติดยา", "เสพ", "ยาบ้า"},
        [
            "ควรมีศูนย์บำบัดยาเสพติดในชุมชน ไม่ต้องส่งไปไกล",
            "ผู้ติดยาเสพติดกลับมาบ้านแล้วไม่มีใครติดตาม เสี่ยงกลับไปเสพซ้ำ",
            "อสม. ช่วยคัดกรองผู้ใช้ยาเสพติดในหมู่บ้าน",
            "ชุมชนล้อมรักษ์: ให้ชุมชนช่วยดูแลผู้ผ่านการบำบัด",
            "ยาบ้าระบาดในหมู่บ้าน ชุมชนต้องช่วยกันเฝ้าระวังยาเสพติด",
            "บำบัดแล้วหางานไม่ได้ ควรมีอาชีพรองรับหลังบำบัด",
            "มองผู้เสพยาเสพติดเป็นผู้ป่วย ไม่ใช่อาชญากร",
            "พ่อแม่ไม่รู้วิธีรับมือลูกที่ติดยา ต้องมีคนให้คำปรึกษา",
            "ลดการตีตราผู้เคยติดยาเสพติด ให้กลับคืนสู่ชุมชนได้",
            "ข้อมูลผู้เข้ารับการบำบัดกระจายหลายหน่วยงาน ติดตามผลยาก",
            "เพิ่มเตียงบำบัดยาเสพติดที่โรงพยาบาลชุมชน",
        ],
    ),
    "elderly": (
        {"ผู้สูงอายุ", "สูงอายุ", "ดูแล", "สูงวัย"},
        [
            "ผู้สูงอายุติดเตียงไม่มีคนดูแลตอนกลางวัน ลูกหลานไปทำงาน",
            "ควรมี Care Giver ประจำตำบลเยี่ยมบ้านผู้สูงอายุ",
            "เบี้ยยังชีพผู้สูงอายุไม่พอใช้จ่าย",
            "ผู้สูงอายุอยู่บ้านลำพัง เสี่ยงหกล้ม",
            "ศูนย์ดูแลผู้สูงอายุกลางวันในชุมชน (Day care)",
            "สังคมสูงวัย ต้องเตรียมระบบดูแลผู้สูงอายุระยะยาว",
            "ผู้สูงอายุเดินทางไปโรงพยาบาลลำบาก ควรมีรถรับส่ง",
            "ชมรมผู้สูงอายุช่วยให้ผู้สูงวัยไม่เหงา มีกิจกรรมทำ",
            "อบรมอาสาสมัครและญาติให้ดูแลผู้สูงอายุที่บ้านได้",
            "ปรับบ้านให้ปลอดภัยสำหรับผู้สูงอายุ ติดราวจับ",
        ],
    ),
    "flood": (
        {"น้ำท่วม", "ระบายน้ำ", "ท่วม", "น้ำ"},
        [
            "น้ำท่วมขังถนนทุกครั้งที่ฝนตกหนัก ระบายน้ำไม่ทัน",
            "ท่อระบายน้ำอุดตันเพราะขยะ ต้องลอกท่อก่อนหน้าฝน",
            "ระบบเตือนภัยน้ำท่วมล่วงหน้าให้ชาวบ้านรู้ทัน",
            "ชุมชนริมน้ำถูกน้ำท่วมซ้ำซากทุกปี",
            "ขุดลอกคูคลองเพิ่มพื้นที่รับน้ำ",
            "สร้างแก้มลิงเก็บน้ำไว้ใช้หน้าแล้ง ลดน้ำท่วมหน้าฝน",
            "เยียวยาเกษตรกรที่นาข้าวเสียหายจากน้ำท่วม",
            "สิ่งก่อสร้างขวางทางน้ำ ทำให้ระบายน้ำไม่ได้",
            "เครื่องสูบน้ำไม่พอตอนน้ำท่วมใหญ่",
            "แผนที่พื้นที่เสี่ยงน้ำท่วมควรเปิดให้ประชาชนดู",
        ],
    ),
    "digital": (
        {"ข้อมูล", "ออนไลน์", "แอป", "ดิจิทัล", "ระบบ"},
        [
            "อยากยื่นเอกสารขออนุญาตออนไลน์ ไม่ต้องไปสำนักงานหลายรอบ",
            "แต่ละหน่วยงานขอสำเนาบัตรประชาชนซ้ำ ควรเชื่อมข้อมูลกันผ่านระบบออนไลน์",
            "แอปของรัฐมีหลายแอปเกินไป รวมเป็นแอปเดียวใช้ได้ทุกบริการ",
            "ข้อมูลเปิด (Open Data) ของหน่วยงานต้องอัปเดตและดาวน์โหลดได้",
            "เจ้าหน้าที่ยังใช้กระดาษ ควรเปลี่ยนเป็นระบบออนไลน์",
            "ผู้สูงอายุใช้แอปไม่เป็น ต้องมีช่องทางอื่นด้วย",
            "Digital ID ใช้ยืนยันตัวตนออนไลน์ได้ทุกบริการภาครัฐ",
            "เว็บไซต์และแอปราชการโหลดช้า ใช้บนมือถือยาก",
            "ชำระค่าธรรมเนียมออนไลน์ผ่าน QR code",
            "คุ้มครองข้อมูลส่วนบุคคลเมื่อใช้บริการออนไลน์ของรัฐ",
        ],
    ),
    "youth": (
        {"เยาวชน", "การศึกษา", "ทักษะ", "โรงเรียน", "เด็ก", "ครู", "เรียน"},
        [
            "เยาวชนในพื้นที่ขาดทักษะสำหรับงานยุคใหม่",
            "เด็กหลุดออกจากระบบการศึกษากลางคัน ต้องมีทุนการศึกษา",
            "หลักสูตรโรงเรียนไม่ตรงกับทักษะที่ตลาดแรงงานต้องการ",
            "ให้เยาวชนฝึกงานกับสถานประกอบการจริงระหว่างเรียน",
            "ครูไม่พอ ครูคนเดียวสอนหลายวิชา",
            "พื้นที่สร้างสรรค์ให้เยาวชนรวมกลุ่มทำกิจกรรม",
            "อบรมทักษะอาชีพระยะสั้นให้เยาวชนนอกระบบการศึกษา",
            "ทักษะภาษาอังกฤษและการคิดวิเคราะห์ของนักเรียนยังต่ำ",
            "สภาเด็กและเยาวชนควรมีส่วนร่วมในการตัดสินใจของท้องถิ่น",
            "โรงเรียนขนาดเล็กถูกควบรวม เด็กต้องเดินทางไกลไปเรียน",
        ],
    ),
}


def labelled_board() -> tuple[list[tuple[int, str]], dict[int, str]]:
    """The notes, interleaved as they would arrive on a live board, with ids."""
    notes: list[tuple[int, str]] = []
    topic_of: dict[int, str] = {}
    queues = {topic: list(texts) for topic, (_, texts) in TOPICS.items()}
    next_id = 101
    while any(queues.values()):
        for topic, queue in queues.items():
            if queue:
                notes.append((next_id, queue.pop(0)))
                topic_of[next_id] = topic
                next_id += 1
    return notes, topic_of


def adjusted_rand_index(truth: list[str], found: list[int]) -> float:
    pairs = Counter(zip(truth, found, strict=True))

    def comb2(n: int) -> float:
        return n * (n - 1) / 2

    index = sum(comb2(n) for n in pairs.values())
    a = sum(comb2(n) for n in Counter(truth).values())
    b = sum(comb2(n) for n in Counter(found).values())
    expected = a * b / comb2(len(truth))
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def theme_index(themes: list[Theme]) -> dict[int, int]:
    return {note_id: number for number, theme in enumerate(themes) for note_id in theme.note_ids}


def assert_partition(themes: list[Theme], notes: list[tuple[int, str]]) -> None:
    ids = [note_id for theme in themes for note_id in theme.note_ids]
    assert sorted(ids) == sorted(note_id for note_id, _ in notes)
    assert len(ids) == len(set(ids))
    assert all(theme.note_ids for theme in themes)


# --- Topics -------------------------------------------------------------------


def test_it_puts_notes_on_the_same_topic_together() -> None:
    notes, topic_of = labelled_board()
    themes = cluster_notes(notes)
    assert_partition(themes, notes)
    found = theme_index(themes)
    ari = adjusted_rand_index([topic_of[i] for i, _ in notes], [found[i] for i, _ in notes])
    assert ari >= 0.6, (ari, [(t.label, len(t.note_ids)) for t in themes])


def test_each_topic_mostly_lands_in_one_theme_labelled_with_its_words() -> None:
    notes, topic_of = labelled_board()
    themes = cluster_notes(notes)
    found = theme_index(themes)
    for topic, (keywords, texts) in TOPICS.items():
        held = Counter(found[i] for i, _ in notes if topic_of[i] == topic)
        number, count = held.most_common(1)[0]
        assert count >= 0.7 * len(texts), (topic, held, [t.label for t in themes])
        label = themes[number].label
        assert any(word in label for word in keywords), (topic, label)


def test_labels_are_drawn_from_the_theme_words() -> None:
    notes, _ = labelled_board()
    with translation.override("en"):
        themes = [theme for theme in cluster_notes(notes) if theme.label != "Other"]
    for theme in themes:
        assert 3 <= len(theme.words) <= 5
        assert theme.label.split(" · ") == theme.words[: len(theme.label.split(" · "))]


def test_themes_come_largest_first_and_other_last() -> None:
    notes, _ = labelled_board()
    with translation.override("en"):
        themes = cluster_notes(notes)
    # "ครูไม่พอ ครูคนเดียวสอนหลายวิชา" shares no word with any other note.
    assert themes[-1].label == "Other"
    sizes = [len(theme.note_ids) for theme in themes[:-1]]
    assert sizes == sorted(sizes, reverse=True)


def test_note_ids_keep_the_order_given() -> None:
    notes, _ = labelled_board()
    notes.reverse()
    position = {note_id: index for index, (note_id, _) in enumerate(notes)}
    for theme in cluster_notes(notes):
        assert theme.note_ids == sorted(theme.note_ids, key=position.__getitem__)


def test_max_themes_caps_the_number_of_themes_besides_other() -> None:
    notes, _ = labelled_board()
    with translation.override("en"):
        themes = cluster_notes(notes, max_themes=3)
    assert len([theme for theme in themes if theme.label != "Other"]) <= 3
    assert_partition(themes, notes)
    one = cluster_notes(notes, max_themes=1)
    assert len(one) <= 2
    assert_partition(one, notes)


def test_it_gives_the_same_themes_every_time() -> None:
    notes, _ = labelled_board()
    assert cluster_notes(notes) == cluster_notes(list(notes))


# --- Edge cases ---------------------------------------------------------------


def test_no_notes_give_no_themes() -> None:
    assert cluster_notes([]) == []


def test_one_note_is_one_theme() -> None:
    themes = cluster_notes([(7, "ศูนย์บำบัดยาเสพติดในชุมชน")])
    assert len(themes) == 1
    assert themes[0].note_ids == [7]
    assert "บำบัด" in themes[0].label or "ยาเสพติด" in themes[0].label


def test_notes_without_words_go_to_other_last() -> None:
    notes = [
        (1, "ผู้สูงอายุติดเตียงไม่มีคนดูแล"),
        (2, ""),
        (3, "ผู้สูงอายุอยู่ลำพัง ไม่มีคนดูแล"),
        (4, "!!! ???"),
        (5, "และ ที่ ของ"),
        (6, "   "),
        (7, "the and of"),
        (8, "12345"),
    ]
    with translation.override("en"):
        themes = cluster_notes(notes)
    assert_partition(themes, notes)
    assert themes[-1].label == "Other"
    assert themes[-1].note_ids == [2, 4, 5, 6, 7, 8]
    assert themes[-1].words == []


def test_all_empty_notes_are_one_other_theme() -> None:
    notes = [(1, ""), (2, " "), (3, "..."), (4, "ครับ")]
    with translation.override("en"):
        assert cluster_notes(notes) == [Theme(label="Other", note_ids=[1, 2, 3, 4], words=[])]


def test_other_is_named_in_the_active_language() -> None:
    with translation.override("th"):
        themes = cluster_notes([(1, "")])
        assert themes[0].label == translation.gettext("Other")


def test_duplicate_notes_stay_together() -> None:
    notes, _ = labelled_board()
    copies = [(900 + n, "น้ำท่วมขังถนนทุกครั้งที่ฝนตกหนัก ระบายน้ำไม่ทัน") for n in range(5)]
    themes = cluster_notes(notes + copies)
    assert_partition(themes, notes + copies)
    found = theme_index(themes)
    assert len({found[note_id] for note_id, _ in copies}) == 1


def test_only_duplicates_make_one_theme() -> None:
    notes = [(n, "เชื่อมข้อมูลระหว่างหน่วยงาน") for n in range(1, 6)]
    themes = cluster_notes(notes)
    assert len(themes) == 1
    assert themes[0].note_ids == [1, 2, 3, 4, 5]
    assert "ข้อมูล" in themes[0].label


def test_english_and_mixed_notes_join_their_topic() -> None:
    notes, topic_of = labelled_board()
    extra = [
        (801, "Open Data API เชื่อมข้อมูลระหว่างหน่วยงาน"),
        (802, "one stop service ออนไลน์ ใช้ Digital ID"),
        (803, "elderly care: Care Giver เยี่ยมบ้านผู้สูงอายุ"),
        (804, "Flood early warning เตือนภัยน้ำท่วม"),
    ]
    themes = cluster_notes(notes + extra)
    assert_partition(themes, notes + extra)
    found = theme_index(themes)

    def topic_of_theme(number: int) -> str:
        held = Counter(topic_of[i] for i in themes[number].note_ids if i in topic_of)
        return held.most_common(1)[0][0]

    assert topic_of_theme(found[801]) == "digital"
    assert topic_of_theme(found[802]) == "digital"
    assert topic_of_theme(found[803]) == "elderly"
    assert topic_of_theme(found[804]) == "flood"


def test_english_words_are_case_folded() -> None:
    notes = [
        (1, "Open Data portal"),
        (2, "open data API"),
        (3, "OPEN DATA standards"),
        (4, "ผู้สูงอายุติดเตียง"),
        (5, "ผู้สูงอายุอยู่ลำพัง"),
        (6, "ดูแลผู้สูงอายุที่บ้าน"),
    ]
    themes = cluster_notes(notes)
    found = theme_index(themes)
    assert found[1] == found[2] == found[3]
    assert found[4] == found[5] == found[6] != found[1]
    # Counted case-folded, shown as the notes wrote them.
    assert {"Open", "Data"} <= set(themes[found[1]].words)


def test_agency_abbreviations_are_one_word() -> None:
    notes = [
        (1, "ก.พ.ร. ควรวัดผลงานหน่วยงานจากผลลัพธ์"),
        (2, "ตัวชี้วัด ก.พ.ร. ไม่สะท้อนผลลัพธ์"),
        (3, "กพร ปรับตัวชี้วัดผลลัพธ์"),
        (4, "น้ำท่วมขังถนน ระบายน้ำไม่ทัน"),
        (5, "น้ำท่วมซ้ำซากทุกปี"),
        (6, "ท่อระบายน้ำอุดตัน น้ำท่วม"),
    ]
    themes = cluster_notes(notes)
    found = theme_index(themes)
    assert found[1] == found[2] == found[3] != found[4]
    words = [word for theme in themes for word in theme.words]
    assert "ก.พ.ร." in words
    assert "กพร" not in words


def test_a_very_long_note_is_segmented_whole() -> None:
    long_note = " ".join(texts[0] for _, texts in TOPICS.values()) * 8
    notes, _ = labelled_board()
    themes = cluster_notes([*notes, (999, long_note)])
    assert_partition(themes, [*notes, (999, long_note)])
    # Hundreds of characters without a break are cut into the words a short
    # note saying the same is cut into, not into pieces of them (nlpo3's
    # "safe" mode garbles text of 140 characters and more).
    short = "น้ำท่วมขังถนนทุกครั้งที่ฝนตกหนักระบายน้ำไม่ทัน"
    (theme,) = cluster_notes([(1, short * 12)])
    assert set(theme.words) <= set(segment(short))


def test_a_note_sharing_no_word_with_the_others_goes_to_other() -> None:
    notes = [
        (1, "ผู้สูงอายุติดเตียงไม่มีคนดูแล"),
        (2, "ศูนย์ดูแลผู้สูงอายุกลางวัน"),
        (3, "เบี้ยยังชีพผู้สูงอายุไม่พอ"),
        (4, "น้ำท่วมขังถนน ระบายน้ำไม่ทัน"),
        (5, "ท่อระบายน้ำอุดตัน น้ำท่วมทุกปี"),
        (6, "เครื่องสูบน้ำไม่พอตอนน้ำท่วม"),
        (7, "ครูไม่พอ ครูคนเดียวสอนหลายวิชา"),
    ]
    with translation.override("en"):
        themes = cluster_notes(notes)
    assert [theme.note_ids for theme in themes] == [[1, 2, 3], [4, 5, 6], [7]]
    assert themes[-1].label == "Other"


def test_two_unrelated_notes_are_other() -> None:
    notes = [(1, "ศูนย์บำบัดยาเสพติดในชุมชน"), (2, "ท่อระบายน้ำอุดตัน")]
    with translation.override("en"):
        assert cluster_notes(notes) == [Theme(label="Other", note_ids=[1, 2], words=[])]


def test_two_related_notes_are_one_theme() -> None:
    notes = [(1, "ศูนย์บำบัดยาเสพติดในชุมชน"), (2, "เตียงบำบัดยาเสพติดไม่พอ")]
    (theme,) = cluster_notes(notes)
    assert theme.note_ids == [1, 2]
    assert theme.label.startswith(("ยาเสพติด", "บำบัด"))


def test_loanwords_the_dictionary_cuts_short_stay_whole() -> None:
    # The dictionary lacks แอป and cuts it into แอ + ป.
    notes = [(1, "แอปของรัฐมีหลายแอปเกินไป"), (2, "รวมเป็นแอปเดียว"), (3, "แอปใช้ยาก")]
    (theme,) = cluster_notes(notes)
    assert theme.words[0] == "แอป"
