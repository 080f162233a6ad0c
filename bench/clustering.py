"""Grouping a live board's sticky notes into themes, at the size of a big workshop.

    python -m bench.clustering [--notes 1000] [--repeat 5] [--seed 7]

Builds a board of Thai sticky notes (a few in mixed Thai/English) on ten
policy topics from phrase templates, worded the way people write on a board:
an opener or none, one or two phrases of the topic, sometimes a closing
remark, spaces or none between them, and a few notes that say nothing
("+1", "เห็นด้วย", "?"). Times boards.clustering.cluster_notes() on it, once in
a fresh process state (segmentation dictionary and stopwords not loaded yet)
and then `--repeat` times warm, and measures how well the themes recover the
topics the notes were made from (adjusted Rand index, and the share of each
topic's notes in its largest theme). Exits with 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django  # noqa: E402

SECONDS_TARGET = 3.0
ARI_TARGET = 0.6

# Each topic: phrases that name the problem or the idea, and details that
# follow one of them. Several phrases share the topic's words in different
# forms (ผู้ติดยาเสพติด / ยาเสพติด / ติดยา), as real notes do.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "drugs": (
        [
            "ศูนย์บำบัดยาเสพติดในชุมชน",
            "ผู้ติดยาเสพติดเข้าไม่ถึงการบำบัด",
            "ติดตามผู้ผ่านการบำบัดไม่ให้กลับไปเสพซ้ำ",
            "ยาบ้าระบาดหนักในหมู่บ้าน",
            "อสม. ช่วยคัดกรองผู้เสพยาเสพติด",
            "มองผู้เสพเป็นผู้ป่วยไม่ใช่อาชญากร",
            "ฝึกอาชีพให้ผู้ผ่านการบำบัดยาเสพติด",
            "ครอบครัวไม่รู้วิธีรับมือลูกที่ติดยา",
            "ชุมชนล้อมรักษ์ดูแลผู้ติดยาหลังบำบัด",
            "เตียงบำบัดยาเสพติดในโรงพยาบาลไม่พอ",
            "ลดการตีตราผู้เคยติดยาเสพติด",
        ],
        [
            "ตำรวจกับสาธารณสุขต้องทำงานร่วมกัน",
            "ให้ผู้นำชุมชนมีส่วนร่วม",
            "ส่งต่อเข้าการบำบัดโดยสมัครใจ",
            "มีนักจิตวิทยาให้คำปรึกษา",
            "เสพซ้ำสูงมาก",
            "ผู้ค้ารายย่อยยังเยอะ",
            "กลับคืนสู่ชุมชนได้จริง",
        ],
    ),
    "elderly": (
        [
            "ผู้สูงอายุติดเตียงไม่มีคนดูแล",
            "ผู้สูงอายุอยู่ลำพังเพราะลูกหลานไปทำงานต่างจังหวัด",
            "Care Giver ประจำตำบลเยี่ยมบ้านผู้สูงอายุ",
            "เบี้ยยังชีพผู้สูงอายุไม่พอใช้",
            "ศูนย์ดูแลผู้สูงอายุกลางวันในชุมชน",
            "ระบบดูแลผู้สูงอายุระยะยาว",
            "ผู้สูงวัยเดินทางไปโรงพยาบาลลำบาก",
            "ชมรมผู้สูงอายุให้คนแก่ไม่เหงา",
            "อบรมญาติให้ดูแลผู้สูงอายุที่บ้าน",
            "ปรับบ้านให้ปลอดภัยสำหรับผู้สูงอายุ",
            "สังคมสูงวัยเต็มรูปแบบ",
        ],
        [
            "เสี่ยงหกล้มในบ้าน",
            "มีรถรับส่งไปหาหมอ",
            "ใช้อาสาสมัครในหมู่บ้าน",
            "ผู้ดูแลเหนื่อยและไม่มีรายได้",
            "ให้ท้องถิ่นจัดงบประมาณดูแล",
            "ติดบ้านติดเตียงเพิ่มขึ้นทุกปี",
            "ขาดนักกายภาพบำบัดเยี่ยมบ้าน",
        ],
    ),
    "flood": (
        [
            "น้ำท่วมขังถนนทุกครั้งที่ฝนตกหนัก",
            "ท่อระบายน้ำอุดตัน",
            "ระบบเตือนภัยน้ำท่วมล่วงหน้า",
            "ชุมชนริมน้ำน้ำท่วมซ้ำซากทุกปี",
            "ขุดลอกคูคลองเพิ่มพื้นที่รับน้ำ",
            "สร้างแก้มลิงเก็บน้ำ",
            "นาข้าวเสียหายจากน้ำท่วม",
            "สิ่งก่อสร้างขวางทางระบายน้ำ",
            "เครื่องสูบน้ำไม่พอตอนน้ำท่วมใหญ่",
            "แผนที่พื้นที่เสี่ยงน้ำท่วม",
            "ระบายน้ำไม่ทันในเขตเมือง",
        ],
        [
            "ต้องลอกท่อก่อนหน้าฝน",
            "ขยะไปอุดทางน้ำ",
            "เยียวยาให้เร็วขึ้น",
            "ชาวบ้านรู้ตัวช้า",
            "ประสานกรมชลประทาน",
            "น้ำลดช้ามาก",
            "เปิดข้อมูลระดับน้ำให้ประชาชนดู",
        ],
    ),
    "digital": (
        [
            "ยื่นเอกสารขออนุญาตออนไลน์",
            "เชื่อมข้อมูลระหว่างหน่วยงานไม่ต้องขอสำเนาบัตรซ้ำ",
            "แอปของรัฐมีหลายแอปเกินไป",
            "Open Data ของหน่วยงานไม่อัปเดต",
            "เปลี่ยนงานกระดาษเป็นระบบดิจิทัล",
            "Digital ID ยืนยันตัวตนออนไลน์",
            "เว็บไซต์ราชการใช้บนมือถือยาก",
            "ชำระค่าธรรมเนียมผ่าน QR code",
            "คุ้มครองข้อมูลส่วนบุคคลเมื่อแชร์ข้อมูล",
            "บริการภาครัฐแบบ one stop service ออนไลน์",
            "ระบบล่มบ่อยตอนคนใช้เยอะ",
        ],
        [
            "รวมเป็นแอปเดียว",
            "ไม่ต้องเดินทางไปสำนักงาน",
            "มี API ให้เอกชนต่อยอด",
            "เจ้าหน้าที่ต้องได้รับการอบรมระบบ",
            "ลดเวลารอคิว",
            "ข้อมูลไม่ตรงกันระหว่างกรม",
            "ต้องมีช่องทางออฟไลน์สำรอง",
        ],
    ),
    "youth": (
        [
            "เยาวชนขาดทักษะที่ตลาดแรงงานต้องการ",
            "เด็กหลุดออกจากระบบการศึกษา",
            "หลักสูตรโรงเรียนไม่ทันโลก",
            "ทุนการศึกษาสำหรับเด็กยากจน",
            "ฝึกงานกับสถานประกอบการระหว่างเรียน",
            "ครูไม่พอ สอนหลายวิชา",
            "พื้นที่สร้างสรรค์สำหรับเยาวชน",
            "อบรมทักษะอาชีพระยะสั้นให้เยาวชนนอกระบบ",
            "ทักษะภาษาอังกฤษของนักเรียนต่ำ",
            "สภาเด็กและเยาวชนมีส่วนร่วม",
            "โรงเรียนขนาดเล็กถูกควบรวม",
        ],
        [
            "เรียนรู้ตลอดชีวิต",
            "ให้สถานศึกษาร่วมกับเอกชน",
            "เด็กต้องเดินทางไกล",
            "ใช้การเรียนแบบโครงงาน",
            "แนะแนวอาชีพตั้งแต่มัธยม",
            "ผู้ปกครองไม่มีเวลา",
            "วัดผลที่ทักษะไม่ใช่ท่องจำ",
        ],
    ),
    "waste": (
        [
            "ขยะล้นถังในตลาดสด",
            "คัดแยกขยะตั้งแต่ต้นทาง",
            "ธนาคารขยะรีไซเคิลในโรงเรียน",
            "ชาวบ้านยังเผาขยะกลางแจ้ง",
            "ขยะพลาสติกลงแม่น้ำ",
            "รถเก็บขยะมาไม่ตรงเวลา",
            "ลดใช้ถุงพลาสติกในร้านค้า",
            "บ่อขยะส่งกลิ่นเหม็น",
            "ขยะอินทรีย์ทำปุ๋ยหมัก",
            "ถังขยะแยกประเภทไม่พอ",
            "ค่าธรรมเนียมเก็บขยะตามปริมาณ",
        ],
        [
            "เทศบาลต้องเข้มงวด",
            "ให้ความรู้ตั้งแต่เด็ก",
            "ขายขยะได้เงิน",
            "มีจุดทิ้งขยะอันตราย",
            "รณรงค์ทุกเดือน",
            "ร่วมมือกับวัดและโรงเรียน",
            "ลดขยะเข้าหลุมฝังกลบ",
        ],
    ),
    "road": (
        [
            "อุบัติเหตุทางถนนช่วงสงกรานต์",
            "วัยรุ่นไม่สวมหมวกกันน็อก",
            "ไฟส่องสว่างบนถนนไม่พอ",
            "ทางม้าลายหน้าโรงเรียนไม่มีรถหยุด",
            "เมาแล้วขับยังเยอะ",
            "ด่านชุมชนช่วงเทศกาล",
            "ทางโค้งอันตรายไม่มีป้ายเตือน",
            "มอเตอร์ไซค์ขับเร็วในซอย",
            "กล้องตรวจจับความเร็วบนถนนสายหลัก",
            "ถนนเป็นหลุมเป็นบ่อ",
            "รถบรรทุกวิ่งเลนขวา",
        ],
        [
            "ตำรวจต้องเข้มงวดกวดขัน",
            "จุดเสี่ยงเกิดซ้ำทุกปี",
            "บาดเจ็บและเสียชีวิตเยอะ",
            "ทาสีตีเส้นใหม่",
            "ให้ความรู้วินัยจราจร",
            "ปรับเงินให้หนักขึ้น",
            "ติดตั้งลูกระนาดชะลอความเร็ว",
        ],
    ),
    "air": (
        [
            "ฝุ่น PM2.5 เกินมาตรฐานทุกหน้าหนาว",
            "เผาไร่อ้อยทำให้ฝุ่นควันเต็มเมือง",
            "ไฟป่าช่วงหน้าแล้ง",
            "แจกหน้ากากกันฝุ่นให้เด็กและผู้ป่วย",
            "เครื่องวัดคุณภาพอากาศในทุกอำเภอ",
            "ควันดำจากรถบรรทุก",
            "ห้องปลอดฝุ่นในโรงเรียน",
            "ค่าฝุ่นสูงแต่ไม่มีประกาศเตือน",
            "หมอกควันข้ามแดน",
            "มลพิษทางอากาศทำให้ป่วยทางเดินหายใจ",
            "ฝุ่นควันจากการเผาในที่โล่ง",
        ],
        [
            "ให้รับซื้อเศษวัสดุแทนการเผา",
            "แจ้งเตือนผ่านมือถือ",
            "ตรวจจับรถควันดำ",
            "ปลูกต้นไม้เพิ่ม",
            "งดกิจกรรมกลางแจ้ง",
            "ทำแนวกันไฟ",
            "ค่า AQI เป็นสีแดง",
        ],
    ),
    "farming": (
        [
            "ราคาข้าวตกต่ำ",
            "ต้นทุนปุ๋ยและยาฆ่าแมลงแพง",
            "เกษตรกรขาดแหล่งน้ำทำการเกษตร",
            "แปรรูปผลผลิตการเกษตรเพิ่มมูลค่า",
            "ขายผลผลิตตรงถึงผู้บริโภค",
            "หนี้สินเกษตรกรสะสม",
            "เกษตรอินทรีย์ได้ราคาดีกว่า",
            "ประกันราคาพืชผล",
            "เกษตรกรรุ่นใหม่ไม่อยากทำนา",
            "โรคพืชระบาดในสวนทุเรียน",
            "สหกรณ์การเกษตรไม่เข้มแข็ง",
        ],
        [
            "พ่อค้าคนกลางกดราคา",
            "ใช้โดรนพ่นยา",
            "รวมกลุ่มเพื่อต่อรอง",
            "ให้ความรู้เรื่องตลาด",
            "ลดการใช้สารเคมี",
            "ปลูกพืชหลากหลาย",
            "ขาดแรงงานช่วงเก็บเกี่ยว",
        ],
    ),
    "tourism": (
        [
            "ท่องเที่ยวชุมชนยังไม่มีคนรู้จัก",
            "โฮมสเตย์ขาดมาตรฐาน",
            "สินค้า OTOP ขาดตลาด",
            "ไกด์ท้องถิ่นสื่อสารกับนักท่องเที่ยวต่างชาติไม่ได้",
            "ถนนเข้าแหล่งท่องเที่ยวชำรุด",
            "ประชาสัมพันธ์เทศกาลประจำปีของจังหวัด",
            "ที่จอดรถไม่พอช่วงฤดูท่องเที่ยว",
            "เส้นทางท่องเที่ยววิถีชุมชน",
            "นักท่องเที่ยวมาแล้วไม่ค้างคืน",
            "ของฝากไม่มีเอกลักษณ์",
            "รายได้จากการท่องเที่ยวไม่ถึงชาวบ้าน",
        ],
        [
            "ใช้โซเชียลมีเดียโปรโมท",
            "อบรมภาษาอังกฤษให้คนในชุมชน",
            "ทำแพ็กเกจร่วมกับบริษัททัวร์",
            "ดูแลความสะอาดของแหล่งท่องเที่ยว",
            "เล่าเรื่องประวัติศาสตร์ท้องถิ่น",
            "กระจายรายได้ให้ทั่วถึง",
            "ททท. ช่วยประชาสัมพันธ์",
        ],
    ),
}

# Words people put around any idea, whatever the topic.
OPENERS = [
    "",
    "",
    "",
    "ควร",
    "อยากให้มี",
    "เสนอ",
    "ปัญหาคือ",
    "ภาครัฐควรแก้เรื่อง",
    "ท้องถิ่นต้องดู",
    "ข้อเสนอ:",
    "เร่งด่วน!",
    "ที่บ้านเรา",
]
CLOSERS = [
    "",
    "",
    "",
    "",
    "ต้องแก้ด่วน",
    "งบประมาณไม่พอ",
    "ในระยะยาว",
    "ร่วมกับหลายหน่วยงาน",
    "ทำมานานแล้วแต่ไม่สำเร็จ",
    "(จากวงที่ 3)",
    "!!",
    "ในพื้นที่ของเรา",
]
NOISE = ["+1", "เห็นด้วย", "?", "...", "ok", "ขอบคุณครับ", "เหมือนข้างบน", "555"]


def make_board(count: int, seed: int) -> tuple[list[tuple[int, str]], list[str]]:
    """Notes (id, text) and the topic each was made from ("noise" for those
    that say nothing)."""
    rng = random.Random(seed)
    names = list(TOPICS)
    notes: list[tuple[int, str]] = []
    truth: list[str] = []
    for index in range(count):
        if rng.random() < 0.03:
            notes.append((index + 1, rng.choice(NOISE)))
            truth.append("noise")
            continue
        topic = names[index % len(names)] if index < len(names) * 5 else rng.choice(names)
        phrases, details = TOPICS[topic]
        parts = [rng.choice(OPENERS), rng.choice(phrases)]
        roll = rng.random()
        if roll < 0.5:
            parts.append(rng.choice(details))
        elif roll < 0.7:
            parts.append(rng.choice([p for p in phrases if p != parts[1]]))
        parts.append(rng.choice(CLOSERS))
        separator = " " if rng.random() < 0.7 else ""
        notes.append((index + 1, separator.join(p for p in parts if p)))
        truth.append(topic)
    return notes, truth


def adjusted_rand_index(truth: list[str], found: list[int]) -> float:
    """Agreement of two partitions, 1 for the same, about 0 for chance."""
    pairs = Counter(zip(truth, found, strict=True))

    def comb2(n: int) -> float:
        return n * (n - 1) / 2

    index = sum(comb2(n) for n in pairs.values())
    a = sum(comb2(n) for n in Counter(truth).values())
    b = sum(comb2(n) for n in Counter(found).values())
    expected = a * b / comb2(len(truth)) if len(truth) > 1 else 0.0
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    # Django for gettext ("Other") and the machine line; nothing is queried.
    setup_django()
    start = time.perf_counter()
    from boards.clustering import cluster_notes

    imported = time.perf_counter() - start
    notes, truth = make_board(args.notes, args.seed)

    start = time.perf_counter()
    themes = cluster_notes(notes)
    cold = time.perf_counter() - start
    warm: list[float] = []
    same = True
    for _ in range(max(args.repeat, 1)):
        start = time.perf_counter()
        again = cluster_notes(notes)
        warm.append(time.perf_counter() - start)
        same = same and again == themes

    theme_of = {
        note_id: number for number, theme in enumerate(themes) for note_id in theme.note_ids
    }
    found = [theme_of[note_id] for note_id, _ in notes]
    ari = adjusted_rand_index(truth, found)
    shares = []
    for topic in TOPICS:
        held = Counter(f for t, f in zip(truth, found, strict=True) if t == topic)
        shares.append((topic, held.most_common(1)[0][1] / sum(held.values())))

    met = max(cold, *warm) <= SECONDS_TARGET and ari >= ARI_TARGET and same
    report(
        f"Board themes: {args.notes} Thai notes on {len(TOPICS)} topics (seed {args.seed})",
        [
            ("import boards.clustering (numpy, scipy)", f"{imported:.2f} s", ""),
            ("first call (cold)", f"{cold:.2f} s", f"<= {SECONDS_TARGET:.0f} s"),
            ("warm min", f"{min(warm):.2f} s", ""),
            ("warm median", f"{statistics.median(warm):.2f} s", f"<= {SECONDS_TARGET:.0f} s"),
            ("same themes on every call", "yes" if same else "NO", "yes"),
            ("themes", str(len(themes)), ""),
            ("adjusted Rand index vs topics", f"{ari:.3f}", f">= {ARI_TARGET}"),
            (
                "topic notes in its largest theme",
                f"min {min(s for _, s in shares):.0%}, mean {statistics.fmean(s for _, s in shares):.0%}",
                "",
            ),
        ],
    )
    topic_of = {note_id: topic for (note_id, _), topic in zip(notes, truth, strict=True)}
    print("themes (notes, label, topics the notes were made from):")
    for theme in themes:
        mix = Counter(topic_of[note_id] for note_id in theme.note_ids).most_common(3)
        print(
            f"  {len(theme.note_ids):4d}  {theme.label:<36} "
            + ", ".join(f"{t} {n}" for t, n in mix)
        )
    print("all targets met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
