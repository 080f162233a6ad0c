"""Dashboards by agency and by lab at national scale.

    python -m bench.dashboards [--labs 1000] [--actions 50000] [--organisations 2000]
        [--requests 200] [--seed 1] [--database-url URL] [--fresh] [--quick]

Builds a throwaway database (bench/out/dashboards-<labs>-<actions>.sqlite3 by
default, reused while it holds the same sizes; --fresh rebuilds it; with
--database-url, an empty PostgreSQL database, e.g. `createdb saphan_bench`)
with bulk inserts: organisations whose share of the commitments follows a
long tail (a few ministries lead thousands of actions, most agencies a few
dozen), labs of every size (a fifth members-only), one to four joint action
plans each, actions with a lead and zero to three supporting agencies, dates
a year either side of today, every status, progress updates on most, and
project proposals with pledges from agencies.

Then times full page renders through the real views with Django's test
client, signed in as an executive who is a member of a few labs (so the
dashboards filter by the labs she may see): the agency dashboard of the
busiest agencies and of average ones, the lab dashboard of random labs and
of the largest, and, for the record, the index and the busiest agency's
focal point's commitments page. Prints p50/p95/max and queries per request.
Target: p95 <= 200 ms for the agency and lab dashboards; exits with 1 when
it is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, percentile, setup_django  # noqa: E402

TARGET_MS = 200.0
STATES = [
    ("not_started", 25),
    ("on_track", 35),
    ("at_risk", 10),
    ("done", 22),
    ("dropped", 8),
]
SECTORS = [("gov_central", 45), ("gov_regional", 15), ("gov_local", 20), ("civil_society", 8),
           ("academia", 6), ("private", 4), ("international", 2)]  # fmt: skip
WORDS = ["พัฒนา", "ระบบ", "บริการ", "ประชาชน", "ข้อมูล", "ชุมชน", "นโยบาย", "สุขภาพ",
         "การศึกษา", "ดิจิทัล", "เกษตร", "น้ำ", "ผู้สูงอายุ", "เยาวชน", "ท้องถิ่น"]  # fmt: skip


def _title(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


# --- Data -------------------------------------------------------------------------


def build(args: argparse.Namespace) -> str:
    """Fill an empty database; returns one line saying what was made."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from actions.models import Action, ActionAgency, ActionPlan, Pledge, ProgressUpdate, Proposal
    from directory.models import Organisation, Person
    from labs.models import Lab, Member, Process
    from lib.bulk import insert_rows

    rng = random.Random(args.seed)
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        sectors, sector_weights = zip(*SECTORS, strict=True)
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name_th=f"หน่วยงาน{_title(rng, 2)} {i + 1}",
                    name_en=f"Agency {i + 1}",
                    abbreviation_th=f"นง.{i + 1}",
                    sector=rng.choices(sectors, sector_weights)[0],
                    kind="department",
                )
                for i in range(args.organisations)
            ],
            batch_size=500,
        )
        org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        # A long tail: the i-th agency is asked for about 1/(i+1)^0.8 of the work.
        org_weights = [1 / (i + 1) ** 0.8 for i in range(len(org_ids))]

        process = Process.objects.get(key="double-diamond")
        Lab.objects.bulk_create(
            [
                Lab(
                    name_th=f"ห้องปฏิบัติการ{_title(rng, 2)} {i + 1}",
                    name_en=f"Lab {i + 1}",
                    visibility="members" if rng.random() < 0.2 else "public",
                    process=process,
                )
                for i in range(args.labs)
            ],
            batch_size=500,
        )
        lab_ids = list(Lab.objects.order_by("pk").values_list("pk", flat=True))
        ActionPlan.objects.bulk_create(
            [
                ActionPlan(lab_id=lab_id, title_th=f"แผนปฏิบัติการร่วม {n + 1}")
                for lab_id in lab_ids
                for n in range(rng.choice([1, 1, 2, 2, 3, 4]))
            ],
            batch_size=1000,
        )
        plans_of: dict[int, list[int]] = {}
        for pk, lab_id in ActionPlan.objects.order_by("pk").values_list("pk", "lab_id"):
            plans_of.setdefault(lab_id, []).append(pk)

        # Lab sizes from a few actions to several hundred (lognormal), scaled to the total.
        raw = [rng.lognormvariate(0, 0.9) for _ in lab_ids]
        scale = args.actions / sum(raw)
        lab_weights = [r * scale for r in raw]
        states, state_weights = zip(*STATES, strict=True)
        actions: list[tuple[Any, ...]] = []
        for n, lab_id in enumerate(rng.choices(lab_ids, lab_weights, k=args.actions)):
            state = rng.choices(states, state_weights)[0]
            start = today + dt.timedelta(days=rng.randint(-400, 120))
            due = start + dt.timedelta(days=rng.randint(14, 400))
            percent = 100 if state == "done" else rng.choice([0, 0, 10, 25, 40, 50, 60, 75, 90])
            created = now - dt.timedelta(days=rng.randint(30, 500), seconds=rng.randint(0, 86400))
            updated = (
                None
                if rng.random() < 0.25
                else now - dt.timedelta(days=rng.randint(0, 200), seconds=rng.randint(0, 86400))
            )
            actions.append(
                (
                    _title(rng, 4),
                    "",
                    "",
                    rng.choice(plans_of[lab_id]),
                    lab_id,
                    f"{n % 9 + 1}.{n % 7 + 1}",
                    rng.choices(org_ids, org_weights)[0],
                    start,
                    due,
                    state,
                    percent,
                    updated,
                    min(due, today) if state == "done" else None,
                    created,
                    updated or created,
                )
            )
        insert_rows(
            Action,
            ["title_th", "title_en", "description", "plan", "lab", "ref", "lead_agency", "start_date", "due_date", "state",
             "percent_complete", "last_update_at", "completed_on", "created_at", "updated_at"],
            actions,
        )  # fmt: skip
        action_ids = list(Action.objects.order_by("pk").values_list("pk", flat=True))
        supports: list[tuple[int, int]] = []
        updates: list[tuple[Any, ...]] = []
        for pk, row in zip(action_ids, actions, strict=True):
            lead, percent, updated = row[6], row[10], row[11]
            helpers = {
                rng.choices(org_ids, org_weights)[0] for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))
            }
            supports.extend((pk, org) for org in sorted(helpers - {lead}))
            if updated is not None:
                for k in range(rng.choice([1, 1, 2, 3])):
                    when = updated - dt.timedelta(days=20 * k)
                    updates.append((pk, _title(rng, 6), percent, when, lead, "", "", "", "", ""))
        insert_rows(ActionAgency, ["action", "organisation"], supports)
        insert_rows(
            ProgressUpdate,  # fmt: skip
            [
                "action",
                "text",
                "percent_complete",
                "created_at",
                "by_organisation",
                "state",
                "evidence_text",
                "evidence_link",
                "evidence_file",
                "evidence_content_type",
            ],
            updates,
        )

        project_labs = [lab_id for lab_id in lab_ids if rng.random() < 0.6]
        Proposal.objects.bulk_create(
            [
                Proposal(lab_id=lab_id, kind="project", title_th=f"โครงการ{_title(rng, 3)}")
                for lab_id in project_labs
            ],
            batch_size=1000,
        )
        kinds = ["money", "staff", "data", "venue", "other"]
        units = {"money": "บาท", "staff": "คน", "data": "ชุด", "venue": "วัน", "other": ""}
        pledge_states = ["offered", "confirmed", "delivered", "delivered", "withdrawn"]
        pledges = []
        for proposal_id in Proposal.objects.values_list("pk", flat=True):
            for _ in range(rng.randint(0, 6)):
                kind = rng.choice(kinds)
                pledges.append(
                    Pledge(
                        proposal_id=proposal_id,
                        organisation_id=rng.choices(org_ids, org_weights)[0],
                        kind=kind,
                        unit=units[kind],
                        amount=rng.randint(1, 50) * (10000 if kind == "money" else 1),
                        status=rng.choice(pledge_states),
                    )
                )
        Pledge.objects.bulk_create(pledges, batch_size=2000)

        # The executive who reads the dashboards: a member of three public
        # labs and two members-only ones.
        user = get_user_model().objects.create_user(email="executive@bench.test", password=None)
        person = Person.objects.create(first_name_th="ผู้บริหาร", user=user)
        private = list(Lab.objects.filter(visibility="members").values_list("pk", flat=True)[:2])
        public = list(Lab.objects.filter(visibility="public").values_list("pk", flat=True)[:3])
        Member.objects.bulk_create(
            [Member(lab_id=pk, person=person, role="observer") for pk in private + public]
        )
        focal = get_user_model().objects.create_user(email="focal@bench.test", password=None)
        Organisation.objects.get(pk=org_ids[0]).focal_points.add(focal)
    return (
        f"built {len(org_ids):,} organisations, {len(lab_ids):,} labs, "
        f"{sum(len(p) for p in plans_of.values()):,} plans, {len(actions):,} actions, "
        f"{len(supports):,} supporting agencies, {len(updates):,} progress updates, "
        f"{len(pledges):,} pledges in {time.perf_counter() - started:.1f} s"
    )


def ensure_data(args: argparse.Namespace) -> str:
    from django.core.management import call_command
    from django.db import connection

    from actions.models import Action
    from labs.models import Lab

    call_command("migrate", verbosity=0, interactive=False)
    labs, actions = Lab.objects.count(), Action.objects.count()
    if (labs, actions) == (args.labs, args.actions):
        return f"reused: {labs:,} labs, {actions:,} actions"
    if labs or actions:
        raise SystemExit(
            "The benchmark database holds other data; give an empty one "
            "(--database-url) or rebuild the SQLite file with --fresh."
        )
    made = build(args)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return made


# --- Timing ----------------------------------------------------------------------------


def measure(client: Any, urls: list[str], warmup: int = 3) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:warmup]:
        client.get(url)
    samples, queries = [], set()
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries.add(len(captured))
    return {
        "n": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "max": max(samples),
        "queries": "/".join(str(q) for q in sorted(queries)),
    }


def scenarios(args: argparse.Namespace) -> list[tuple[str, str, list[str], bool]]:
    """(name, user, urls, has a target) for each page timed."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from actions.models import Action, ActionAgency
    from labs.models import Lab

    rng = random.Random(args.seed + 1)
    n = args.requests
    load: dict[int, int] = {}
    for org, count in Action.objects.values_list("lead_agency").annotate(n=Count("pk")).order_by():
        load[org] = load.get(org, 0) + count
    for org, count in (
        ActionAgency.objects.values_list("organisation").annotate(n=Count("pk")).order_by()
    ):
        load[org] = load.get(org, 0) + count
    ranked = sorted(load, key=lambda org: -load[org])
    busiest = ranked[:5]
    middle = ranked[len(ranked) // 4 : 3 * len(ranked) // 4]
    average = rng.sample(middle, min(len(middle), 100))
    median_load = load[ranked[len(ranked) // 2]]
    labs = list(
        Lab.objects.filter(visibility="public")
        .annotate(n=Count("actions"))
        .order_by("-n")
        .values_list("pk", "n")
    )
    largest = labs[0]
    sample = rng.sample(labs, min(len(labs), 100))

    def agency(org: int) -> str:
        return reverse("actions:agency_dashboard", args=[org])

    def lab(pk: int) -> str:
        return reverse("actions:lab_dashboard", args=[pk])

    def spread(urls: list[str]) -> list[str]:
        return [urls[i % len(urls)] for i in range(n)]

    late_led = Action.objects.with_status().filter(
        Q(current_status="late"), lead_agency_id=busiest[0]
    )
    return [
        (
            f"agency dashboard, 5 busiest agencies ({load[busiest[-1]]:,}-{load[busiest[0]]:,} actions each)",
            "executive",
            spread([agency(o) for o in busiest]),
            True,
        ),
        (
            f"agency dashboard, {len(average)} average agencies (median {median_load:,} actions)",
            "executive",
            spread([agency(o) for o in average]),
            True,
        ),
        (
            f"agency dashboard, busiest agency, as its focal point (all labs; {late_led.count():,} late led)",
            "focal",
            spread([agency(busiest[0])]),
            True,
        ),
        (
            f"lab dashboard, {len(sample)} random public labs (median {sorted(c for _p, c in sample)[len(sample) // 2]:,} actions)",
            "executive",
            spread([lab(pk) for pk, _c in sample]),
            True,
        ),
        (
            f"lab dashboard, the largest lab ({largest[1]:,} actions)",
            "executive",
            spread([lab(largest[0])]),
            True,
        ),
        (
            "index by agency (every agency ranked; not in the target)",
            "executive",
            [reverse("actions:dashboards")] * max(5, n // 10),
            False,
        ),
        (
            "index by lab (not in the target)",
            "executive",
            [reverse("actions:dashboards") + "?view=labs"] * max(5, n // 10),
            False,
        ),
        (
            "commitments page, the busiest agency's focal point (not in the target)",
            "focal",
            [reverse("actions:commitments")] * max(5, n // 10),
            False,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labs", type=int, help="1000 (--quick: 50)")
    parser.add_argument("--actions", type=int, help="50000 (--quick: 2500)")
    parser.add_argument("--organisations", type=int, help="2000 (--quick: 200)")
    parser.add_argument("--requests", type=int, help="requests per page timed: 200 (--quick: 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="", help="an empty database, e.g. postgres://…")
    parser.add_argument("--fresh", action="store_true", help="rebuild the SQLite file")
    parser.add_argument("--quick", action="store_true", help="50 labs, 2,500 actions, 20 requests")
    args = parser.parse_args(argv)
    sizes = (50, 2500, 200, 20) if args.quick else (1000, 50000, 2000, 200)
    for name, size in zip(("labs", "actions", "organisations", "requests"), sizes, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, size)
    database_url = args.database_url
    if not database_url:
        path = ROOT / "bench" / "out" / f"dashboards-{args.labs}-{args.actions}.sqlite3"
        if args.fresh:
            for stale in path.parent.glob(path.name + "*"):
                stale.unlink()
        database_url = f"sqlite:///{path}"
    setup_django(database_url)
    # Static files are served from the source folders here, not collected.
    warnings.filterwarnings("ignore", message="No directory at")
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    # The test client's host, DEBUG off as in production (no query log kept).
    setup_test_environment(debug=False)
    data = ensure_data(args)
    clients = {}
    for name in ("executive", "focal"):
        clients[name] = Client()
        clients[name].force_login(get_user_model().objects.get(email=f"{name}@bench.test"))

    print(
        f"== Dashboards: {args.labs:,} labs, {args.actions:,} actions, {args.organisations:,} organisations"
    )
    print(f"machine: {machine()}")
    print(f"data: {data}")
    # Figures taken while other jobs keep the cores busy are not comparable.
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    met = True
    for name, who, urls, targeted in scenarios(args):
        figures = measure(clients[who], urls)
        line = (
            f"{name}: n={figures['n']}, p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
            f"max {figures['max']:.0f} ms, {figures['queries']} queries per request"
        )
        if targeted:
            ok = figures["p95"] <= TARGET_MS
            met = met and ok
            line += f"   (target p95 <= {TARGET_MS:.0f} ms: {'met' if ok else 'MISSED'})"
        print(line, flush=True)
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print("all targets met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
