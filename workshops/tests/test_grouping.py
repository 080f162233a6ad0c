"""Automatic breakout groups: balance, colleagues apart, sectors, facilitators,
and the lower bounds the page and the benchmark compare against."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence

import pytest

from workshops.grouping import (
    Participant,
    assign_groups,
    balanced_sizes,
    describe_groups,
    evaluate,
    fewest_groups_with_same_org,
    fewest_groups_with_same_org_at_fewest_pairs,
    fewest_same_org_pairs,
)

SECTORS = ["gov_central", "gov_local", "civil_society", "academia", "private", "international"]


def room(org_sizes: list[int], sectors: Sequence[str | None] | None = None) -> list[Participant]:
    """People numbered from 1, organisation after organisation; organisation
    i's sector is sectors[i] (cycling)."""
    people = []
    next_id = 1
    for org, size in enumerate(org_sizes):
        sector = sectors[org % len(sectors)] if sectors else None
        for _ in range(size):
            people.append(Participant(id=next_id, organisation_id=100 + org, sector=sector))
            next_id += 1
    return people


def random_room(rng: random.Random, people: int, organisations: int) -> list[Participant]:
    """Skewed organisations (a few large, many small), a few people without
    an organisation or a sector, sectors mostly following the organisation."""
    weights = [rng.paretovariate(1.2) for _ in range(organisations)]
    result = []
    for i in range(people):
        org = None if rng.random() < 0.05 else rng.choices(range(organisations), weights)[0]
        if rng.random() < 0.05:
            sector = None
        elif org is not None and rng.random() < 0.85:
            sector = SECTORS[org % len(SECTORS)]
        else:
            sector = rng.choice(SECTORS)
        result.append(Participant(id=10_000 + i, organisation_id=org, sector=sector))
    return result


def check_partition(people: list[Participant], groups: list[list[int]]) -> None:
    assert sorted(i for group in groups for i in group) == sorted(p.id for p in people)


def test_it_balances_group_sizes() -> None:
    people = room([9, 5, 5, 3, 1, 1], SECTORS)
    assignment = assign_groups(people=people, group_count=4)
    check_partition(people, assignment.groups)
    assert sorted(len(g) for g in assignment.groups) == [6, 6, 6, 6]
    assignment = assign_groups(people=people[:23], group_count=4)
    assert sorted(len(g) for g in assignment.groups) == [5, 6, 6, 6]
    assert assignment.report.sizes == [len(g) for g in assignment.groups]
    assert balanced_sizes(23, 4) == [6, 6, 6, 5]


def test_it_keeps_colleagues_apart_when_the_room_allows() -> None:
    # 60 organisations of 6 to 10 people (480 in all) into 50 groups.
    rng = random.Random(5)
    sizes = [rng.randint(6, 10) for _ in range(60)]
    people = room(sizes, SECTORS)
    assignment = assign_groups(people=people, group_count=50, seed=3)
    report = assignment.report
    check_partition(people, assignment.groups)
    assert report.fewest_possible_same_org_pairs == 0
    assert report.same_org_pairs == 0
    assert report.groups_with_same_org == 0 == report.fewest_possible_groups_with_same_org
    for group in assignment.groups:
        orgs = [p.organisation_id for p in people if p.id in set(group)]
        assert len(orgs) == len(set(orgs))


def test_it_reaches_the_fewest_pairs_when_an_organisation_outnumbers_the_groups() -> None:
    # 13 people of one ministry in 5 groups: 3, 3, 3, 2, 2 at best, so
    # 3 x C(3, 2) + 2 x C(2, 2) = 11 pairs; 7 of another: 2, 2, 1, 1, 1, so 2.
    people = room([13, 7, 4, 3, 2, 1], SECTORS)
    assignment = assign_groups(people=people, group_count=5)
    report = assignment.report
    check_partition(people, assignment.groups)
    assert report.fewest_possible_same_org_pairs == 13
    assert report.same_org_pairs == 13
    # 13 > 2 x 5: every group holds two of the ministry whatever we do.
    assert report.fewest_groups_with_same_org_at_fewest_pairs == 5
    assert report.groups_with_same_org == 5
    ministry = [
        Counter(p.organisation_id for p in people if p.id in set(g))[100] for g in assignment.groups
    ]
    assert sorted(ministry) == [2, 2, 3, 3, 3]


def test_it_puts_the_extra_colleagues_into_as_few_groups_as_possible() -> None:
    # Two organisations of 7 in 5 groups: each has two groups with a pair at
    # best, and the same two groups can hold both pairs.
    people = room([7, 7, 3, 3, 2, 2, 1], SECTORS)
    report = assign_groups(people=people, group_count=5).report
    assert report.same_org_pairs == report.fewest_possible_same_org_pairs == 4
    assert report.fewest_groups_with_same_org_at_fewest_pairs == 2
    assert report.groups_with_same_org == 2


def test_the_bounds_by_hand() -> None:
    assert fewest_same_org_pairs([13, 7, 4], 5) == 11 + 2 + 0
    assert fewest_same_org_pairs([10], 5) == 5
    # 25 people in 5 groups of 5: an organisation of 9 needs pairs somewhere;
    # packing 5 of them into one group leaves 4 for the 4 other groups, with
    # the 16 others (each alone) filling up: 1 group with pairs.
    assert fewest_groups_with_same_org([9] + [1] * 16, 5) == 1
    # With the fewest pairs (4 groups holding two of them) it is 4.
    assert fewest_groups_with_same_org_at_fewest_pairs([9] + [1] * 16, 5) == 4
    # Two organisations of 5 and 5 people alone in 3 groups of 5: 2 clean
    # groups need 10 people, but hold at most 2 + 2 of the two organisations
    # and the 5 alone, 9; 1 clean group is easy: 2 groups with pairs.
    assert fewest_groups_with_same_org([5, 5, 1, 1, 1, 1, 1], 3) == 2
    assert fewest_groups_with_same_org([20], 4) == 4


def brute_force(people: list[Participant], group_count: int) -> tuple[int, int, int]:
    """Over every balanced assignment: fewest pairs, fewest groups with a
    pair, fewest groups with a pair among those with the fewest pairs."""
    target = sorted(balanced_sizes(len(people), group_count))
    best_pairs = best_groups = best_groups_at_pairs = len(people) ** 2
    for labels in itertools.product(range(group_count), repeat=len(people)):
        if sorted(Counter(labels).get(g, 0) for g in range(group_count)) != target:
            continue
        groups = [
            [p.id for p, label in zip(people, labels, strict=True) if label == g]
            for g in range(group_count)
        ]
        mixes = describe_groups(people=people, groups=groups)
        pairs = sum(m.same_org_pairs for m in mixes)
        dirty = sum(1 for m in mixes if m.same_org_pairs)
        best_groups = min(best_groups, dirty)
        if pairs < best_pairs:
            best_pairs, best_groups_at_pairs = pairs, dirty
        elif pairs == best_pairs:
            best_groups_at_pairs = min(best_groups_at_pairs, dirty)
    return best_pairs, best_groups, best_groups_at_pairs


def test_the_bounds_hold_against_every_assignment_of_small_rooms() -> None:
    rng = random.Random(11)
    for case in range(150):
        size = rng.randint(1, 8)
        group_count = rng.randint(1, min(size, 4))
        people = random_room(rng, size, rng.randint(1, 4))
        pairs, groups, groups_at_pairs = brute_force(people, group_count)
        report = assign_groups(people=people, group_count=group_count, seed=case).report
        assert report.fewest_possible_same_org_pairs == pairs
        assert report.fewest_possible_groups_with_same_org == groups
        assert report.fewest_groups_with_same_org_at_fewest_pairs <= groups_at_pairs
        assert report.same_org_pairs == pairs
        assert report.groups_with_same_org >= groups_at_pairs


def test_it_reaches_the_bound_on_random_rooms() -> None:
    rng = random.Random(2024)
    cases = 300
    pairs_at_bound = groups_at_bound = 0
    for case in range(cases):
        size = rng.randint(2, 200)
        group_count = rng.randint(1, size)
        people = random_room(rng, size, rng.randint(1, 40))
        assignment = assign_groups(people=people, group_count=group_count, seed=case)
        report = assignment.report
        check_partition(people, assignment.groups)
        assert max(report.sizes) - min(report.sizes) <= 1
        # Below a bound would mean the bound is wrong.
        assert report.same_org_pairs >= report.fewest_possible_same_org_pairs
        assert report.groups_with_same_org >= report.fewest_groups_with_same_org_at_fewest_pairs
        assert (
            report.fewest_groups_with_same_org_at_fewest_pairs
            >= report.fewest_possible_groups_with_same_org
        )
        pairs_at_bound += report.same_org_pairs == report.fewest_possible_same_org_pairs
        groups_at_bound += (
            report.groups_with_same_org == report.fewest_groups_with_same_org_at_fewest_pairs
        )
    # The construction is exact for pairs, so every case; the groups figure
    # is a heuristic against a lower bound.
    assert pairs_at_bound == cases
    assert groups_at_bound >= 0.95 * cases


def test_it_spreads_sectors_as_evenly_as_the_room_allows() -> None:
    # 40 organisations of 1 to 12 people, six sectors, 30 groups.
    rng = random.Random(8)
    people = room([rng.randint(1, 12) for _ in range(40)], SECTORS)
    assignment = assign_groups(people=people, group_count=30, seed=1)
    mixes = describe_groups(people=people, groups=assignment.groups)
    for sector in SECTORS:
        counts = [mix.sectors.get(sector, 0) for mix in mixes]
        assert max(counts) - min(counts) <= 1, (sector, counts)
    assert assignment.report.sector_spread < 1
    assert assignment.report.same_org_pairs == assignment.report.fewest_possible_same_org_pairs


def test_sectors_are_better_spread_than_the_organisations_alone_would_give() -> None:
    # One sector of many small organisations: without the sector step the
    # deal could crowd them; with it each group holds 2 or 3 of them.
    people = room([2] * 30 + [3] * 10, ["academia", "academia", "private", "gov_local"])
    assignment = assign_groups(people=people, group_count=12, seed=4)
    mixes = describe_groups(people=people, groups=assignment.groups)
    for sector in ("academia", "private", "gov_local"):
        counts = [mix.sectors.get(sector, 0) for mix in mixes]
        assert max(counts) - min(counts) <= 1, (sector, counts)


def test_it_spreads_facilitators_and_keeps_them_apart_from_colleagues() -> None:
    people = room([4, 4, 4, 3, 3, 2], SECTORS)  # organisations 100..105
    facilitators = [
        Participant(id=900, organisation_id=200, sector="gov_central"),
        Participant(id=901, organisation_id=200, sector="gov_central"),
        Participant(id=902, organisation_id=200, sector="gov_central"),
        Participant(id=903, organisation_id=201, sector="academia"),
        Participant(id=904, organisation_id=100, sector="gov_central"),
        Participant(id=905, organisation_id=None, sector=None),
        Participant(id=906, organisation_id=201, sector="academia"),
    ]
    assignment = assign_groups(people=people, group_count=4, facilitators=facilitators, seed=2)
    counts = sorted(len(group) for group in assignment.facilitators)
    assert counts == [1, 2, 2, 2]
    assert sorted(assignment.report.facilitators_per_group) == counts
    for group in assignment.facilitators:
        orgs = [f.organisation_id for f in facilitators if f.id in group and f.organisation_id]
        assert len(orgs) == len(set(orgs))
    # Organisation 100 has 4 participants in 4 groups, one each: the
    # facilitator from 100 cannot avoid them, but the three from 200 land in
    # three different groups.
    with_200 = [g for g in assignment.facilitators if {900, 901, 902} & set(g)]
    assert len(with_200) == 3


def test_a_facilitator_avoids_a_group_with_their_colleagues() -> None:
    # Organisation 100 has 2 participants in 3 groups: one group is free of them.
    people = room([2, 2, 2, 1, 1, 1])
    facilitator = Participant(id=900, organisation_id=100, sector=None)
    assignment = assign_groups(people=people, group_count=3, facilitators=[facilitator])
    (where,) = [g for g, group in enumerate(assignment.facilitators) if group]
    colleagues = [p for p in people if p.organisation_id == 100]
    assert not {p.id for p in colleagues} & set(assignment.groups[where])


def test_the_same_seed_gives_the_same_groups_whatever_the_order() -> None:
    rng = random.Random(3)
    people = random_room(rng, 120, 15)
    facilitators = [Participant(id=5000 + i, organisation_id=i % 3) for i in range(7)]
    first = assign_groups(people=people, group_count=12, facilitators=facilitators, seed=9)
    shuffled = list(people)
    rng.shuffle(shuffled)
    again = assign_groups(people=shuffled, group_count=12, facilitators=facilitators[::-1], seed=9)
    assert first.groups == again.groups
    assert first.facilitators == again.facilitators
    assert first.report == again.report
    other = assign_groups(people=people, group_count=12, facilitators=facilitators, seed=10)
    assert other.groups != first.groups
    assert other.report.same_org_pairs == first.report.same_org_pairs


def test_one_group_and_one_person_per_group() -> None:
    people = room([3, 2], SECTORS)
    whole = assign_groups(people=people, group_count=1)
    assert whole.groups == [[1, 2, 3, 4, 5]]
    assert whole.report.same_org_pairs == 3 + 1 == whole.report.fewest_possible_same_org_pairs
    each = assign_groups(people=people, group_count=5)
    assert sorted(len(g) for g in each.groups) == [1] * 5
    assert each.report.same_org_pairs == 0


def test_evaluate_measures_groups_adjusted_by_hand() -> None:
    people = room([2, 2, 2], ["academia", "private", "academia"])  # ids 1..6
    report = evaluate(people=people, groups=[[1, 2, 3], [4, 5, 6]])
    assert report.same_org_pairs == 2  # 1-2 and 5-6
    assert report.groups_with_same_org == 2
    assert report.fewest_possible_same_org_pairs == 0
    assert report.fewest_possible_groups_with_same_org == 0
    mixes = describe_groups(people=people, groups=[[1, 2, 3], [4, 5, 6]])
    assert mixes[0].organisations == 2
    assert mixes[0].largest_organisation == 2
    assert mixes[0].sectors == {"academia": 2, "private": 1}
    with pytest.raises(ValueError, match="Unknown participant 99"):
        evaluate(people=people, groups=[[1, 99]])


@pytest.mark.parametrize(
    ("people", "group_count", "facilitators", "message"),
    [
        (room([3]), 0, (), "at least one group"),
        (room([3]), -2, (), "at least one group"),
        (room([3]), 4, (), r"more groups \(4\) than participants \(3\)"),
        ([], 1, (), r"more groups \(1\) than participants \(0\)"),
        (room([3]), 1.5, (), "whole number"),
        (room([3]), True, (), "whole number"),
        ([Participant(1, 1), Participant(1, 2)], 1, (), "Participant 1 is listed twice"),
        (room([3]), 1, (Participant(7), Participant(7)), "Facilitator 7 is listed twice"),
        (room([3]), 1, (Participant(2),), "2 is listed both"),
    ],
)
def test_it_rejects_bad_input(people, group_count, facilitators, message) -> None:
    with pytest.raises(ValueError, match=message):
        assign_groups(people=people, group_count=group_count, facilitators=facilitators)
