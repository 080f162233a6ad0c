"""Automatic breakout groups at the size of a large cohort day.

    python bench/grouping.py [--people 500] [--organisations 60] [--groups 50]
                             [--seeds 10] [--facilitators 12]

For each seed, builds a room with a realistic skew (four large ministries,
one of them with more people than there are groups, and many small
organisations of one to a dozen people, sectors mixed) and times
workshops.grouping.assign_groups() on it. Prints the time per assignment
(target: 2 s or less) and, for each seed, the same-organisation figures
beside the fewest possible. Exits with 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, report, setup_django  # noqa: E402
from workshops.grouping import Participant, assign_groups, describe_groups  # noqa: E402

# Ministries first (each seed varies them by -20 % to +25 %); their people
# are all central government.
LARGE = [72, 55, 40, 30]
SECTORS = [
    ("gov_central", 30),
    ("gov_regional", 10),
    ("gov_local", 15),
    ("civil_society", 15),
    ("academia", 10),
    ("private", 10),
    ("international", 5),
    ("community", 5),
]


def build_room(
    people: int, organisations: int, facilitators: int, seed: int
) -> tuple[list[Participant], list[Participant]]:
    rng = random.Random(seed)
    large = [round(size * rng.uniform(0.8, 1.25)) for size in LARGE]
    large = [size for size in large if size * 2 <= people][: organisations - 1]
    small_count = organisations - len(large)
    left = people - sum(large)
    # Small organisations: one person at least, the rest spread by weights
    # skewed towards a few but capped (sizes from 1 to about two dozen).
    weights = [min(rng.paretovariate(1.5), 5.0) for _ in range(small_count)]
    small = [1] * small_count
    for index in rng.choices(range(small_count), weights, k=left - small_count):
        small[index] += 1
    sizes = large + small
    names, sector_weights = zip(*SECTORS, strict=True)
    room = []
    next_id = 1
    for org, size in enumerate(sizes):
        sector = "gov_central" if org < len(large) else rng.choices(names, sector_weights)[0]
        for _ in range(size):
            room.append(Participant(id=next_id, organisation_id=org + 1, sector=sector))
            next_id += 1
    # Facilitators from the organising office and two partners.
    staff = [
        Participant(id=100_000 + i, organisation_id=1_000 + i % 3, sector="gov_central")
        for i in range(facilitators)
    ]
    return room, staff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--organisations", type=int, default=60)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--facilitators", type=int, default=12)
    args = parser.parse_args()
    # Django only for the machine line's database name; nothing is queried.
    setup_django()

    seconds: list[float] = []
    all_met = True
    lines = []
    for seed in range(args.seeds):
        room, staff = build_room(args.people, args.organisations, args.facilitators, seed)
        start = time.perf_counter()
        assignment = assign_groups(
            people=room, group_count=args.groups, facilitators=staff, seed=seed
        )
        seconds.append(time.perf_counter() - start)
        r = assignment.report
        sector_gaps = []
        mixes = describe_groups(people=room, groups=assignment.groups)
        for name, _ in SECTORS:
            counts = [mix.sectors.get(name, 0) for mix in mixes]
            sector_gaps.append(max(counts) - min(counts))
        largest = max(
            sum(1 for p in room if p.organisation_id == org)
            for org in {p.organisation_id for p in room}
        )
        met = (
            r.same_org_pairs == r.fewest_possible_same_org_pairs
            and r.groups_with_same_org >= r.fewest_groups_with_same_org_at_fewest_pairs
            and seconds[-1] <= 2.0
        )
        all_met = all_met and met
        lines.append(
            f"seed {seed}: {seconds[-1] * 1000:6.1f} ms; largest organisation {largest}; "
            f"same-org pairs {r.same_org_pairs} (fewest possible {r.fewest_possible_same_org_pairs}); "
            f"groups with two of one organisation {r.groups_with_same_org} "
            f"(fewest possible with the fewest pairs {r.fewest_groups_with_same_org_at_fewest_pairs}, "
            f"with any number of pairs {r.fewest_possible_groups_with_same_org}); "
            f"sizes {min(r.sizes)}-{max(r.sizes)}; sector spread {r.sector_spread} "
            f"(largest gap between groups {max(sector_gaps)} person); "
            f"facilitators per group {min(r.facilitators_per_group)}-{max(r.facilitators_per_group)}"
        )

    report(
        f"Breakout groups: {args.people} participants, {args.organisations} organisations, "
        f"{args.groups} groups, {args.facilitators} facilitators, {args.seeds} seeds",
        [
            ("assignment p50", f"{percentile(seconds, 50) * 1000:.1f} ms", ""),
            ("assignment max", f"{max(seconds) * 1000:.1f} ms", "<= 2000 ms"),
        ],
    )
    for line in lines:
        print(line)
    print("all targets met" if all_met else "TARGET MISSED")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
