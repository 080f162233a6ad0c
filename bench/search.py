"""Directory search at national scale.

    python bench/search.py [--organisations 20000] [--people 200000] [--queries 400] [--seed 1]

Builds (or reuses, when it already has the right size) a benchmark database
under bench/out/ — or BENCH_DATABASE_URL, for PostgreSQL — with synthetic
Thai data from directory.synthetic, then times realistic queries through
search.selectors.search(): abbreviations with and without dots, English
acronyms, parts of Thai names, people's names in Thai and English, and
typos. Target: p95 50 ms or less.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, report, setup_django, stopwatch  # noqa: E402


def _typo(rng: random.Random, text: str) -> str:
    """One slip of the finger: two neighbouring letters swapped, one dropped
    or one doubled, away from the first letter."""
    if len(text) < 6:
        return text
    i = rng.randrange(2, len(text) - 2)
    if text[i] == " " or text[i + 1] == " ":
        i = max(2, i - 1)
    choice = rng.randrange(3)
    if choice == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if choice == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def build_queries(count: int, seed: int) -> list[tuple[str, str]]:
    """(family, query) pairs sampled from the database, mixed in the
    proportions a search box sees."""
    from directory.models import Organisation, Person
    from lib.thai.text import compact, segment

    rng = random.Random(seed)
    orgs = list(
        Organisation.objects.order_by("pk").values_list(
            "name_th", "name_en", "abbreviation_th", "abbreviation_en"
        )[:: max(1, Organisation.objects.count() // 3000)]
    )
    people = list(
        Person.objects.order_by("pk").values_list(
            "first_name_th", "last_name_th", "first_name_en", "last_name_en"
        )[:: max(1, Person.objects.count() // 3000)]
    )
    abbreviated = [o for o in orgs if o[2]]
    acronyms = [o for o in orgs if o[3]]
    families = [
        ("abbreviation with dots", 0.12, lambda: rng.choice(abbreviated)[2]),
        ("abbreviation without dots", 0.10, lambda: compact(rng.choice(abbreviated)[2])),
        ("English acronym", 0.10, lambda: rng.choice(acronyms)[3]),
        ("Thai name", 0.08, lambda: rng.choice(orgs)[0]),
        ("part of a Thai name", 0.14, lambda: _part(rng, segment(rng.choice(orgs)[0]))),
        ("English name", 0.06, lambda: rng.choice(orgs)[1]),
        ("person, Thai first name", 0.06, lambda: rng.choice(people)[0]),
        ("person, Thai surname", 0.06, lambda: rng.choice(people)[1]),
        ("person, Thai full name", 0.08, lambda: " ".join(rng.choice(people)[:2])),
        ("person, English name", 0.06, lambda: " ".join(rng.choice(people)[2:])),
        ("typo in a Thai name", 0.06, lambda: _typo(rng, rng.choice(orgs)[0])),
        ("typo in an English name", 0.04, lambda: _typo(rng, rng.choice(orgs)[1])),
        ("typo in a person's name", 0.04, lambda: _typo(rng, " ".join(rng.choice(people)[2:]))),
    ]
    queries = [
        ("fixed", q)
        for q in [
            "กพร",
            "ก.พ.ร.",
            "OPDC",
            "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
            "สำนักงาน ก.พ.ร.",
            "ก.พ.",
            "OCSC",
        ]
    ]
    weights = [f[1] for f in families]
    while len(queries) < count:
        name, _weight, make = rng.choices(families, weights)[0]
        query = make()
        if query:
            queries.append((name, query))
    return queries


def _part(rng: random.Random, words: list[str]) -> str:
    if len(words) <= 2:
        return "".join(words)
    start = rng.randrange(1, len(words) - 1)
    return "".join(words[start : start + rng.randint(1, 2)])


def ensure_data(organisations: int, people: int, seed: int) -> str:
    from django.core.management import call_command

    from directory.models import Organisation, Person
    from directory.services import organisation_create
    from directory.synthetic import generate_directory
    from search import indexing
    from search.models import SearchDocument

    with stopwatch() as migrate_time:
        call_command("migrate", verbosity=0)
    have_orgs, have_people = Organisation.objects.count(), Person.objects.count()
    indexed = SearchDocument.objects.count()
    if have_orgs >= organisations and have_people >= people and indexed == have_orgs + have_people:
        return f"reused: {have_orgs} organisations, {have_people} people, {indexed} documents"
    if have_orgs or have_people:
        raise SystemExit(
            "The benchmark database holds a different amount of data; delete it "
            "(bench/out/bench.sqlite3*) or point BENCH_DATABASE_URL at an empty database."
        )
    start, cpu = time.perf_counter(), time.process_time()
    generate_directory(organisations=organisations - 2, people=people, seed=seed)
    created = []
    for name_th, name_en, ab_th, ab_en in [
        (
            "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
            "Office of the Public Sector Development Commission",
            "ก.พ.ร.",
            "OPDC",
        ),
        (
            "สำนักงานคณะกรรมการข้าราชการพลเรือน",
            "Office of the Civil Service Commission",
            "ก.พ.",
            "OCSC",
        ),
    ]:
        created.append(
            organisation_create(
                by=None,
                name_th=name_th,
                name_en=name_en,
                abbreviation_th=ab_th,
                abbreviation_en=ab_en,
                sector="gov_central",
                kind="office",
            ).pk
        )
    indexing.index_objects(kind="organisation", ids=created)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    from search.models import SearchTerm

    return (
        f"generated and indexed {organisations} organisations + {people} people in "
        f"{seconds:.0f} s wall, {cpu_seconds:.0f} s CPU of this process "
        f"({SearchTerm.objects.count()} terms; migrate {migrate_time['seconds']:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=20000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="Print the N slowest queries.")
    args = parser.parse_args()

    setup_django()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from search.selectors import search, vocabulary

    data = ensure_data(args.organisations, args.people, args.seed)
    queries = build_queries(args.queries, args.seed)

    # Once per process: PyThaiNLP's and nlpo3's dictionaries, and the typo
    # vocabulary (again after each index change). Timed apart, not per search.
    with stopwatch() as cold:
        search(query="กระทรวงมหาดไทย")
    with stopwatch() as load:
        vocabulary()
    for _family, query in queries[:5]:
        search(query=query)

    samples: list[tuple[float, str, str, int, int]] = []
    for family, query in queries:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            hits = search(query=query)
            elapsed = (time.perf_counter() - start) * 1000
        samples.append((elapsed, family, query, len(hits), len(captured)))
        reset_queries()
    times = [s[0] for s in samples]
    families = sorted({s[1] for s in samples})
    rows = [
        ("data", data, ""),
        (
            "first search of a process (loads the Thai dictionaries)",
            f"{cold['seconds'] * 1000:.0f} ms",
            "",
        ),
        (
            "typo vocabulary load (once per process per index change)",
            f"{load['seconds'] * 1000:.0f} ms",
            "",
        ),
        ("queries", str(len(samples)), "≥ 300"),
        ("p50", f"{percentile(times, 50):.1f} ms", ""),
        ("p95", f"{percentile(times, 95):.1f} ms", "p95 ≤ 50 ms"),
        ("max", f"{max(times):.1f} ms", ""),
        ("database queries per search (max)", str(max(s[4] for s in samples)), ""),
        ("searches with no result", str(sum(1 for s in samples if s[3] == 0)), ""),
    ]
    for family in families:
        in_family = [s[0] for s in samples if s[1] == family]
        rows.append(
            (
                f"  {family} (n={len(in_family)})",
                f"p50 {percentile(in_family, 50):.1f} ms, p95 {percentile(in_family, 95):.1f} ms",
                "",
            )
        )
    report("Directory search", rows)
    if args.show:
        for elapsed, family, query, count, nqueries in sorted(samples, reverse=True)[: args.show]:
            print(f"{elapsed:7.1f} ms  {nqueries} queries  {count:3d} hits  {family}: {query}")


if __name__ == "__main__":
    main()
