"""Import benchmark: a 50,000-row XLSX into a directory of 20,000
organisations and 200,000 people, parse + validate + commit (including the
search index, which the commit refreshes), target 30 s or less.

    python bench/import_bench.py            # builds the baseline once, then times
    python bench/import_bench.py --rebuild  # regenerates the baseline

The baseline comes from `manage.py generate_directory` and is kept in
bench/out/import-baseline.sqlite3; every run starts from a fresh copy of it,
so runs are comparable. The workbook has two sheets, as offices send them:
5,000 new organisations (a fifth under existing parents named by their
abbreviation, a fifth under organisations of the same file) and 45,000 new
people (a third in existing organisations named by abbreviation without
dots, the others in the file's new organisations).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import report, setup_django, stopwatch  # noqa: E402

OUT = ROOT / "bench" / "out"
BASELINE = OUT / "import-baseline.sqlite3"
WORKING = OUT / "import.sqlite3"

GIVEN = (
    "สมชาย",
    "สมหญิง",
    "วิชัย",
    "มานี",
    "ปกรณ์",
    "ศิริพร",
    "ธนากร",
    "กมลชนก",
    "ณัฐพล",
    "พิมพ์ชนก",
    "อนุชา",
    "วรรณา",
    "ชยพล",
    "กัญญารัตน์",
    "ธีรวัฒน์",
    "สุดารัตน์",
    "ภานุวัฒน์",
    "จิราพร",
    "เอกชัย",
    "นภัสสร",
    "ศุภชัย",
    "อรอุมา",
)
SYLLABLES = (
    "ศรี",
    "สุข",
    "วงศ์",
    "ทอง",
    "ใจ",
    "ดี",
    "รักษ์",
    "ไทย",
    "กุล",
    "เจริญ",
    "พันธ์",
    "ชัย",
    "แก้ว",
    "บุญ",
    "มณี",
    "รัตน์",
    "สกุล",
    "วัฒน์",
    "ประเสริฐ",
    "ธรรม",
    "พงษ์",
    "ศักดิ์",
    "นาค",
    "อินทร์",
    "จันทร์",
    "เพ็ญ",
    "สมบูรณ์",
    "เลิศ",
)
HONORIFICS = ("นาย", "นาง", "นางสาว", "ดร.", "ผศ.ดร.")
POSITIONS = (
    "นักวิเคราะห์นโยบายและแผน",
    "ผู้อำนวยการกอง",
    "นักทรัพยากรบุคคล",
    "เจ้าหน้าที่บริหารงานทั่วไป",
    "ผู้ประสานงานเครือข่าย",
)
ORG_KINDS = (
    ("ศูนย์", "กอง", "ราชการส่วนกลาง"),
    ("ห้องปฏิบัติการนโยบาย", "เครือข่าย", "ภาคประชาสังคม"),
    ("สำนักงานส่งเสริม", "สำนักงาน", "ราชการส่วนภูมิภาค"),
    ("สถาบันวิจัย", "มหาวิทยาลัย", "ภาควิชาการ"),
)
TOPICS = (
    "นวัตกรรมภาครัฐ",
    "การมีส่วนร่วมของประชาชน",
    "เศรษฐกิจฐานราก",
    "สุขภาวะชุมชน",
    "การศึกษาตลอดชีวิต",
    "ข้อมูลเปิด",
    "เมืองน่าอยู่",
    "การเกษตรยั่งยืน",
    "ความปลอดภัยทางถนน",
    "พลังงานชุมชน",
)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def build_baseline(organisations: int, people: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    for path in (WORKING, Path(f"{WORKING}-wal"), Path(f"{WORKING}-shm")):
        path.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    print(f"generating {organisations} organisations and {people} people (once) ...", flush=True)
    call_command("generate_directory", organisations=organisations, people=people)
    connection.close()
    _checkpoint(WORKING)
    shutil.copyfile(WORKING, BASELINE)


def _checkpoint(path: Path) -> None:
    # Fold the WAL into the main file so that copying one file copies the data.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def restore_baseline() -> None:
    for path in (WORKING, Path(f"{WORKING}-wal"), Path(f"{WORKING}-shm")):
        path.unlink(missing_ok=True)
    shutil.copyfile(BASELINE, WORKING)


def unique_abbreviations(limit: int) -> list[str]:
    """Abbreviations of existing organisations that name exactly one of them,
    written without dots as people often type them (กพร for ก.พ.ร.)."""
    from collections import Counter

    from directory.models import Organisation
    from lib.thai.text import compact

    rows = list(
        Organisation.objects.exclude(abbreviation_th="").values_list("abbreviation_th", flat=True)
    )
    counts = Counter(compact(a) for a in rows)
    names = Counter(compact(n) for n in Organisation.objects.values_list("name_th", flat=True))
    picked = [a.replace(".", "") for a in rows if counts[compact(a)] == 1 and not names[compact(a)]]
    return picked[:limit]


def build_workbook(*, organisations: int, people: int, seed: int = 7) -> bytes:
    import openpyxl

    rng = random.Random(seed)
    existing = unique_abbreviations(2000)
    if not existing:
        raise SystemExit("the baseline has no organisations with unique abbreviations")
    from directory.models import Province

    provinces = list(Province.objects.values_list("name_th", flat=True))
    book = openpyxl.Workbook(write_only=True)
    orgs = book.create_sheet("หน่วยงาน")
    orgs.append([f"ทะเบียนหน่วยงานภาคีเครือข่าย ปีงบประมาณ {'๒๕๖๘'}"])
    orgs.append(["ลำดับ", "ชื่อหน่วยงาน", "ชื่อย่อ", "ภาค", "ประเภท", "สังกัด", "จังหวัด", "เว็บไซต์"])
    new_names: list[str] = []
    for i in range(organisations):
        prefix, kind, sector = ORG_KINDS[i % len(ORG_KINDS)]
        province = provinces[i % len(provinces)]
        name = f"{prefix}{TOPICS[(i // len(ORG_KINDS)) % len(TOPICS)]} {province} แห่งที่ {i + 1}"
        if rng.random() < 0.2:
            parent = rng.choice(existing)
        elif new_names and rng.random() < 0.25:
            parent = rng.choice(new_names)
        else:
            parent = ""
        orgs.append(
            [
                str(i + 1).translate(THAI_DIGITS),
                f" {name} ",
                "",
                sector,
                kind,
                parent,
                f"จังหวัด{province}",
                f"www.org{i + 1}.example.or.th",
            ]
        )
        new_names.append(name)
    persons = book.create_sheet("บุคคล")
    persons.append(
        ["คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "หน่วยงาน", "อีเมล", "โทรศัพท์", "แท็ก", "ยินยอมให้ติดต่อ"]
    )
    for i in range(people):
        surname = "".join(rng.choice(SYLLABLES) for _ in range(3)) + rng.choice(SYLLABLES)
        organisation = rng.choice(existing) if i % 3 == 0 else rng.choice(new_names)
        phone = f"08{rng.randrange(10**7, 10**8)}"
        persons.append(
            [
                rng.choice(HONORIFICS),
                rng.choice(GIVEN),
                surname,
                rng.choice(POSITIONS),
                organisation,
                f"bench{i}@example.go.th",
                phone.translate(THAI_DIGITS) if i % 2 else phone,
                f"ป.ย.ป. {rng.choice((2, 3, 4))}",
                rng.choice(("ใช่", "ไม่")),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _load() -> str:
    import os

    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the baseline directory")
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=50_000, help="rows in the imported workbook")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    fresh = args.rebuild or not BASELINE.exists()
    if not fresh:
        restore_baseline()
    setup_django(f"sqlite:///{WORKING}")
    if fresh:
        with stopwatch() as baseline_time:
            build_baseline(args.organisations, args.people)
        print(f"baseline built in {baseline_time['seconds']:.0f} s", flush=True)

    from django.db import connection

    from directory.imports.readers import read_file
    from directory.imports.services import import_commit
    from directory.imports.validation import build_plan, detect_layouts
    from directory.models import Organisation, Person

    # Time the search index refresh apart: it runs when the commit's
    # transaction ends, inside import_commit.
    from search import indexing

    index_seconds = [0.0]
    index_objects = indexing.index_objects

    def timed_index_objects(**kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return index_objects(**kwargs)
        finally:
            index_seconds[0] += time.perf_counter() - start

    indexing.index_objects = timed_index_objects

    org_rows = args.rows // 10
    data = build_workbook(organisations=org_rows, people=args.rows - org_rows)
    before = (Organisation.objects.count(), Person.objects.count())
    connection.close()

    with stopwatch() as total:
        with stopwatch() as parse:
            workbook = read_file(data, "bench.xlsx")
            layouts, _skipped = detect_layouts(workbook)
        with stopwatch() as validate:
            plan = build_plan(workbook, layouts)
        if plan.errors:
            for error in plan.errors[:20]:
                print(error)
            raise SystemExit(f"{len(plan.errors)} row errors: the benchmark file should be clean")
        with stopwatch() as commit:
            result = import_commit(by=None, plan=plan)
    after = (Organisation.objects.count(), Person.objects.count())
    counts = plan.counts()
    report(
        "Import of a 50,000-row XLSX (parse + validate + commit, search index included)",
        [
            ("directory before", f"{before[0]:,} organisations, {before[1]:,} people", ""),
            (
                "file",
                f"{len(data) / 1e6:.1f} MB, {workbook.row_count:,} rows in {len(workbook.sheets)} sheets",
                "",
            ),
            (
                "plan",
                f"{counts['new']:,} new, {counts['update']:,} updates, {counts['duplicates']:,} duplicates",
                "",
            ),
            ("written", f"organisations {result.organisations}, people {result.people}", ""),
            ("directory after", f"{after[0]:,} organisations, {after[1]:,} people", ""),
            ("parse (read XLSX, find header)", f"{parse['seconds']:.1f} s", ""),
            ("validate (lookups, references, duplicates)", f"{validate['seconds']:.1f} s", ""),
            ("commit (bulk writes, audit, search index)", f"{commit['seconds']:.1f} s", ""),
            ("  of which search index refresh", f"{index_seconds[0]:.1f} s", ""),
            ("total", f"{total['seconds']:.1f} s", "≤ 30 s"),
            ("load average during the run", _load(), ""),
        ],
    )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(whole run {time.perf_counter() - started:.0f} s)")
