"""Breakout groups that mix organisations and sectors.

Pure Python on purpose: services call it with participants read from the
database, the benchmark calls it with synthetic ones, and neither needs the
other. Nothing here imports Django.

What an assignment aims for, in this order of precedence:

1. group sizes differ by at most one (a hard rule, never traded away);
2. the fewest pairs of people from the same organisation sharing a group
   (the assignment always reaches the exact minimum, see below);
3. among assignments with that minimum, the fewest groups that hold such a
   pair at all (a heuristic, measured against a proven lower bound);
4. sectors spread as evenly as the room allows;
5. facilitators spread across groups, as evenly as possible, apart from
   colleagues (other facilitators and participants of their organisation).

Why pairs come before "groups with a pair": when a ministry sends more people
than there are groups, the only way to keep most groups free of colleagues is
to pile that ministry's people into a few groups, which then become meetings
of one ministry. Counting pairs prefers two colleagues in many groups, which
is what a facilitator wants from a mixing exercise. Both figures are reported,
each beside the fewest possible.

People without an organisation count as an organisation of one; people
without a sector take no part in the sector spread.

The bounds, proved
------------------
Let G be the number of groups, n the number of people, q = n // G and
r = n % G: a balanced assignment has r groups of q + 1 and G - r groups of q.

Fewest same-organisation pairs. An organisation with k members placed x_1..x_G
in the groups makes sum C(x_g, 2) pairs. If x_i >= x_j + 2, moving one member
from group i to group j changes that sum by x_j - (x_i - 1) <= -1, so the sum is
smallest when every x_g is k // G or k // G + 1, which gives
(k % G) * C(k // G + 1, 2) + (G - k % G) * C(k // G, 2). The sum over
organisations of these minima is a lower bound for any assignment, whatever
the group sizes. It is also reached with balanced sizes: write everybody in
one sequence, organisation after organisation, and put position i in group
i mod G. Each organisation occupies k consecutive positions, so each group
receives k // G or k // G + 1 of them, and group sizes are n // G or
n // G + 1. So the bound is exact, and so is assign_groups() on this measure:
its construction gives every organisation k // G members in every group and
its k % G others to distinct groups.

Fewest groups holding a same-organisation pair (any number of pairs). Call a
group clean when its members come from distinct organisations. c clean groups
hold at most sum_o min(k_o, c) people (one per organisation per group) and at
least S(c), the sum of the c smallest balanced sizes. Conversely, when
sum_o min(k_o, c) >= S(c), pick y_o <= min(k_o, c) members of each organisation
with sum y_o = S(c), deal them in sequence over c groups (each organisation
lands in distinct groups because y_o <= c, and the sizes come out as the c
smallest balanced sizes) and deal everybody else over the other groups. So the
fewest groups with a pair is exactly G - max{c : sum_o min(k_o, c) >= S(c)}
(c = 0 always qualifies, and fewer clean groups stay possible once more are).

Fewest groups holding a pair *while keeping the fewest pairs*: a lower bound,
not always reached. With the fewest pairs every organisation sits evenly, so
one with k >= 2G has two members in every group: all G groups hold a pair.
Otherwise only the organisations with G < k < 2G ("doubling") make pairs, one
pair in each of k - G groups: so at least max(k - G) groups. Every doubling or
exactly-G organisation (call their number A) has a member in every group,
leaving size_g - A seats per group for the doubles, so the groups holding the
doubles need at least sum(k - G) seats among their spare ones: at least the
fewest d whose d largest spare counts reach sum(k - G). And no assignment does
better than the unconstrained minimum above. The bound is the largest of
these.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import comb

# Rounds of the sector improvement; each round visits everybody once. The
# search stops earlier when a round changes nothing (a few rounds in
# practice). A count rather than a clock, so a seed gives the same groups on
# any machine.
_MAX_ROUNDS = 60
# Rotations of three people tried, in all, once swaps find nothing more: a
# count again, which keeps large rooms within the time target.
_MAX_ROTATION_TRIES = 200_000


@dataclass(frozen=True)
class Participant:
    id: int
    organisation_id: int | None = None
    sector: str | None = None


@dataclass
class Report:
    same_org_pairs: int
    groups_with_same_org: int
    fewest_possible_groups_with_same_org: int
    fewest_possible_same_org_pairs: int
    # The largest gap, over sectors and groups, between a group's count of a
    # sector and its even share (sector's people x group size / everybody).
    # Below 1 means no group has a whole person more or less than its share.
    sector_spread: float
    sizes: list[int]
    # Lower bound on groups with a pair among assignments with the fewest
    # pairs (the ones assign_groups() returns); see the module docstring.
    fewest_groups_with_same_org_at_fewest_pairs: int = 0
    facilitators_per_group: list[int] = field(default_factory=list)


@dataclass
class Assignment:
    groups: list[list[int]]
    facilitators: list[list[int]]
    report: Report


@dataclass
class GroupMix:
    """How mixed one group is, for the page that shows the groups."""

    size: int
    organisations: int
    same_org_pairs: int
    # Members of the best represented organisation (1 means all distinct).
    largest_organisation: int
    sectors: dict[str, int]


# --- bounds -----------------------------------------------------------------


def balanced_sizes(people: int, group_count: int) -> list[int]:
    """Sizes of group_count groups differing by at most one, larger first."""
    q, r = divmod(people, group_count)
    return [q + 1] * r + [q] * (group_count - r)


def fewest_same_org_pairs(org_sizes: Sequence[int], group_count: int) -> int:
    """Exact minimum of same-organisation pairs (proof in the module docstring)."""
    total = 0
    for k in org_sizes:
        a, b = divmod(k, group_count)
        total += b * comb(a + 1, 2) + (group_count - b) * comb(a, 2)
    return total


def fewest_groups_with_same_org(org_sizes: Sequence[int], group_count: int) -> int:
    """Exact minimum of groups holding two people of one organisation, over
    all balanced assignments (proof in the module docstring)."""
    ascending = sorted(balanced_sizes(sum(org_sizes), group_count))
    seats = 0
    smallest = [0]  # smallest[c]: the c smallest sizes added up
    for size in ascending:
        seats += size
        smallest.append(seats)
    for clean in range(group_count, 0, -1):
        if sum(min(k, clean) for k in org_sizes) >= smallest[clean]:
            return group_count - clean
    return group_count


def fewest_groups_with_same_org_at_fewest_pairs(org_sizes: Sequence[int], group_count: int) -> int:
    """Lower bound on groups with a pair when pairs are at their minimum."""
    unconstrained = fewest_groups_with_same_org(org_sizes, group_count)
    if any(k >= 2 * group_count for k in org_sizes):
        return group_count
    doubles = [k - group_count for k in org_sizes if group_count < k]
    if not doubles:
        return unconstrained
    everywhere = sum(1 for k in org_sizes if k >= group_count)
    spare = [size - everywhere for size in balanced_sizes(sum(org_sizes), group_count)]
    needed, seats, by_capacity = sum(doubles), 0, len(spare)
    for d, seats_here in enumerate(spare, start=1):  # larger groups first
        seats += seats_here
        if seats >= needed:
            by_capacity = d
            break
    return max(max(doubles), by_capacity, unconstrained)


# --- measuring ----------------------------------------------------------------


def _org_sizes(people: Sequence[Participant]) -> list[int]:
    counts: dict[int, int] = {}
    alone = 0
    for person in people:
        if person.organisation_id is None:
            alone += 1
        else:
            counts[person.organisation_id] = counts.get(person.organisation_id, 0) + 1
    return list(counts.values()) + [1] * alone


def describe_groups(
    *, people: Sequence[Participant], groups: Sequence[Sequence[int]]
) -> list[GroupMix]:
    """Per group: size, organisations, same-organisation pairs, sectors."""
    by_id = {person.id: person for person in people}
    unknown = [i for group in groups for i in group if i not in by_id]
    if unknown:
        raise ValueError(f"Unknown participant {unknown[0]} in the groups.")
    mixes = []
    for group in groups:
        orgs: dict[int, int] = {}
        sectors: dict[str, int] = {}
        alone = 0
        for person_id in group:
            person = by_id[person_id]
            if person.organisation_id is None:
                alone += 1
            else:
                orgs[person.organisation_id] = orgs.get(person.organisation_id, 0) + 1
            if person.sector is not None:
                sectors[person.sector] = sectors.get(person.sector, 0) + 1
        mixes.append(
            GroupMix(
                size=len(group),
                organisations=len(orgs) + alone,
                same_org_pairs=sum(comb(k, 2) for k in orgs.values()),
                largest_organisation=max([*orgs.values(), 1 if group else 0]),
                sectors=dict(sorted(sectors.items())),
            )
        )
    return mixes


def evaluate(
    *,
    people: Sequence[Participant],
    groups: Sequence[Sequence[int]],
    facilitators: Sequence[Sequence[int]] = (),
) -> Report:
    """The report for any grouping, also one adjusted by hand. The fewest
    possible figures are for balanced groups of the people placed."""
    placed_ids = {person_id for group in groups for person_id in group}
    placed = [person for person in people if person.id in placed_ids]
    group_count = len(groups)
    mixes = describe_groups(people=placed, groups=groups)
    org_sizes = _org_sizes(placed)
    sector_totals: dict[str, int] = {}
    for person in placed:
        if person.sector is not None:
            sector_totals[person.sector] = sector_totals.get(person.sector, 0) + 1
    spread = 0.0
    total = len(placed)
    for mix in mixes:
        for sector, count in sector_totals.items():
            share = count * mix.size / total
            spread = max(spread, abs(mix.sectors.get(sector, 0) - share))
    if group_count == 0 or total == 0:
        fewest_pairs = fewest_groups = fewest_groups_at_pairs = 0
    else:
        fewest_pairs = fewest_same_org_pairs(org_sizes, group_count)
        fewest_groups = fewest_groups_with_same_org(org_sizes, group_count)
        fewest_groups_at_pairs = fewest_groups_with_same_org_at_fewest_pairs(org_sizes, group_count)
    return Report(
        same_org_pairs=sum(mix.same_org_pairs for mix in mixes),
        groups_with_same_org=sum(1 for mix in mixes if mix.same_org_pairs),
        fewest_possible_groups_with_same_org=fewest_groups,
        fewest_possible_same_org_pairs=fewest_pairs,
        sector_spread=round(spread, 3),
        sizes=[len(group) for group in groups],
        fewest_groups_with_same_org_at_fewest_pairs=fewest_groups_at_pairs,
        facilitators_per_group=[len(group) for group in facilitators],
    )


# --- assigning ----------------------------------------------------------------


def _validate(
    people: Sequence[Participant], group_count: int, facilitators: Sequence[Participant]
) -> None:
    if isinstance(group_count, bool) or not isinstance(group_count, int):
        raise ValueError("The number of groups must be a whole number.")
    if group_count < 1:
        raise ValueError("There must be at least one group.")
    if group_count > len(people):
        raise ValueError(
            f"There are more groups ({group_count}) than participants ({len(people)})."
        )
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            raise ValueError(f"Participant {person.id} is listed twice.")
        seen.add(person.id)
    facilitator_ids: set[int] = set()
    for person in facilitators:
        if person.id in facilitator_ids:
            raise ValueError(f"Facilitator {person.id} is listed twice.")
        if person.id in seen:
            raise ValueError(f"{person.id} is listed both as a participant and a facilitator.")
        facilitator_ids.add(person.id)


def _fits(rows: list[int], capacities: list[int]) -> bool:
    """Gale–Ryser: can rows of rows[i] people, each in distinct groups, fill
    these spare capacities exactly?"""
    if sum(rows) != sum(capacities):
        return False
    descending = sorted(capacities, reverse=True)
    filled = 0
    for t, capacity in enumerate(descending, start=1):
        filled += capacity
        if filled > sum(min(row, t) for row in rows):
            return False
    return True


class _State:
    """People in groups, with the counts the search updates on every swap."""

    def __init__(self, org: list[int], sector: list[int], orgs: int, sectors: int, groups: int):
        self.org = org
        self.sector = sector
        self.group_of = [-1] * len(org)
        self.members: list[list[int]] = [[] for _ in range(groups)]
        self.org_count = [[0] * orgs for _ in range(groups)]
        self.sector_count = [[0] * sectors for _ in range(groups)]
        self.pairs = [0] * groups
        self.rotation_tries = 0

    def add(self, person: int, group: int) -> None:
        self.group_of[person] = group
        self.members[group].append(person)
        self.pairs[group] += self.org_count[group][self.org[person]]
        self.org_count[group][self.org[person]] += 1
        if self.sector[person] >= 0:
            self.sector_count[group][self.sector[person]] += 1

    def remove(self, person: int) -> None:
        group = self.group_of[person]
        self.members[group].remove(person)
        self.org_count[group][self.org[person]] -= 1
        self.pairs[group] -= self.org_count[group][self.org[person]]
        if self.sector[person] >= 0:
            self.sector_count[group][self.sector[person]] -= 1
        self.group_of[person] = -1

    def swap(self, x: int, y: int) -> None:
        g, h = self.group_of[x], self.group_of[y]
        self.remove(x)
        self.remove(y)
        self.add(x, h)
        self.add(y, g)


def _construct(
    state: _State,
    by_org: list[list[int]],
    sizes: list[int],
    dirty_target: int,
    rng: random.Random,
) -> None:
    """Every organisation gets k // G members in every group and its k % G
    others in distinct groups, which is the fewest pairs (module docstring).
    The doubling organisations' extra members go into as few groups as the
    seats allow, tried from the lower bound upwards."""
    group_count = len(sizes)
    spare = list(sizes)
    rows: list[list[int]] = []  # members still to place, each row in distinct groups
    doubling: list[list[int]] = []
    for members in by_org:
        rounds, extra = divmod(len(members), group_count)
        for r in range(rounds):
            for g in range(group_count):
                state.add(members[r * group_count + g], g)
                spare[g] -= 1
        if extra:
            (doubling if rounds == 1 else rows).append(members[rounds * group_count :])
    doubling.sort(key=len, reverse=True)
    rows.sort(key=len, reverse=True)

    # Groups are indexed larger first, so the first d groups have the most
    # spare seats for the doubles.
    plan: list[tuple[int, int]] = []
    for d in range(max(dirty_target, 1), group_count + 1):
        left = list(spare)
        plan = []
        ok = True
        for members in doubling:
            chosen = sorted(range(d), key=lambda g: -left[g])[: len(members)]
            if len(chosen) < len(members) or left[chosen[-1]] <= 0:
                ok = False
                break
            for person, g in zip(members, chosen, strict=True):
                plan.append((person, g))
                left[g] -= 1
        if ok and _fits([len(members) for members in rows], left):
            break
    else:  # pragma: no cover - ruled out by the argument below
        raise RuntimeError("no balanced placement found")
    # d = group_count always fits: dealing every row to the groups with the
    # most seats left is the bipartite Havel–Hakimi step, which keeps a
    # feasible filling feasible, and the sequence deal of the docstring shows
    # one exists. So the loop ends with a plan.
    for person, g in plan:
        state.add(person, g)
        spare[g] -= 1

    # The remaining rows, one member at a time: most seats left first (what
    # keeps the filling feasible), then fewest of the member's sector, then a
    # seeded coin so equal groups do not always fill in index order.
    for members in rows:
        used: set[int] = set()
        coin = [rng.random() for _ in range(group_count)]
        for person in members:
            sector = state.sector[person]
            best = min(
                (g for g in range(group_count) if g not in used and spare[g] > 0),
                key=lambda g: (
                    -spare[g],
                    state.sector_count[g][sector] if sector >= 0 else 0,
                    coin[g],
                ),
            )
            used.add(best)
            state.add(person, best)
            spare[best] -= 1


def _improve_sectors(state: _State, rng: random.Random) -> None:
    """Swaps (which keep sizes) that lower (pairs, groups with pairs,
    sum of squared sector counts) lexicographically. The sum of squares is
    smallest when every sector sits evenly."""
    people = list(range(len(state.org)))
    group_count = len(state.members)
    org, sector = state.org, state.sector
    oc, sc, pairs = state.org_count, state.sector_count, state.pairs
    for _ in range(_MAX_ROUNDS):
        rng.shuffle(people)
        changed = False
        for x in people:
            sx = sector[x]
            if sx < 0:
                continue
            g = state.group_of[x]
            cg = sc[g][sx]
            # Moving x only helps its sector towards a group holding at least
            # two fewer; any improving swap helps one side's sector, so looking
            # from every x in turn misses none.
            targets = sorted(
                (h for h in range(group_count) if sc[h][sx] <= cg - 2),
                key=lambda h: sc[h][sx],
            )
            swapped = False
            for h in targets:
                ch = sc[h][sx]
                for y in state.members[h]:
                    sy = sector[y]
                    if sy == sx:
                        continue
                    d_sector = 2 * (ch - cg) + 2
                    if sy >= 0:
                        d_sector += 2 * (sc[g][sy] - sc[h][sy]) + 2
                    if d_sector >= 0:
                        continue
                    ox, oy = org[x], org[y]
                    if ox != oy:
                        new_g = pairs[g] - (oc[g][ox] - 1) + oc[g][oy]
                        new_h = pairs[h] - (oc[h][oy] - 1) + oc[h][ox]
                        d_pairs = new_g + new_h - pairs[g] - pairs[h]
                        d_dirty = (new_g > 0) + (new_h > 0) - (pairs[g] > 0) - (pairs[h] > 0)
                        if (d_pairs, d_dirty) > (0, 0):
                            continue
                    state.swap(x, y)
                    swapped = changed = True
                    break
                if swapped:
                    break
        if not changed:
            return


def _cycle_delta(state: _State, moves: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """(pairs, groups with pairs, sum of squared sector counts) change if
    each (person, from, to) move were made."""
    sectors: dict[tuple[int, int], int] = {}
    for person, a, b in moves:
        s = state.sector[person]
        if s >= 0:
            sectors[a, s] = sectors.get((a, s), 0) - 1
            sectors[b, s] = sectors.get((b, s), 0) + 1
    d_squares = 0
    for (g, s), d in sectors.items():
        c = state.sector_count[g][s]
        d_squares += (c + d) * (c + d) - c * c
    if d_squares >= 0:
        return (0, 0, d_squares)  # no better, whatever the organisations do
    orgs: dict[tuple[int, int], int] = {}
    for person, a, b in moves:
        o = state.org[person]
        orgs[a, o] = orgs.get((a, o), 0) - 1
        orgs[b, o] = orgs.get((b, o), 0) + 1
    by_group: dict[int, int] = {}
    for (g, o), d in orgs.items():
        c = state.org_count[g][o]
        by_group[g] = by_group.get(g, 0) + comb(c + d, 2) - comb(c, 2)
    d_pairs = sum(by_group.values())
    d_dirty = sum((state.pairs[g] + d > 0) - (state.pairs[g] > 0) for g, d in by_group.items())
    return (d_pairs, d_dirty, d_squares)


def _rotate_sectors(state: _State) -> bool:
    """One rotation of three people between three groups (x: g to h, y: h to
    k, z: k to g) that the swaps cannot find, tried only for a sector still
    two or more apart between groups. True when one was made."""
    group_count = len(state.members)
    sc = state.sector_count
    if group_count < 3:
        return False
    for s in range(len(sc[0])):
        counts = [sc[g][s] for g in range(group_count)]
        low = min(counts)
        for g in range(group_count):
            if counts[g] < low + 2:
                continue
            for x in [p for p in state.members[g] if state.sector[p] == s]:
                for h in (h for h in range(group_count) if counts[h] <= counts[g] - 2):
                    for y in [p for p in state.members[h] if state.sector[p] != s]:
                        for k in range(group_count):
                            if k in (g, h):
                                continue
                            for z in list(state.members[k]):
                                state.rotation_tries += 1
                                if state.rotation_tries > _MAX_ROTATION_TRIES:
                                    return False
                                moves = [(x, g, h), (y, h, k), (z, k, g)]
                                if _cycle_delta(state, moves) < (0, 0, 0):
                                    for person, _, to in moves:
                                        state.remove(person)
                                        state.add(person, to)
                                    return True
    return False


def _place_facilitators(
    state: _State,
    facilitators: list[Participant],
    org_key: dict[int, int],
    rng: random.Random,
) -> list[list[int]]:
    """Greedy, larger organisations first: the group with fewest facilitators,
    then fewest facilitators of the same organisation, then fewest participants
    of it, then fewest facilitators of the same sector. The first key keeps the
    counts within one of each other."""
    group_count = len(state.members)
    placed: list[list[int]] = [[] for _ in range(group_count)]
    same_org: list[dict[int, int]] = [{} for _ in range(group_count)]
    same_sector: list[dict[str, int]] = [{} for _ in range(group_count)]
    org_size: dict[int | None, int] = {}
    for person in facilitators:
        org_size[person.organisation_id] = org_size.get(person.organisation_id, 0) + 1
    ordered = sorted(
        facilitators,
        key=lambda p: (
            -org_size[p.organisation_id] if p.organisation_id is not None else 0,
            p.organisation_id is None,
            p.organisation_id or 0,
            p.id,
        ),
    )
    coin = [rng.random() for _ in range(group_count)]
    for person in ordered:
        oid, sector = person.organisation_id, person.sector

        def key(g: int, oid: int | None = oid, sector: str | None = sector) -> tuple:
            colleagues = same_org[g].get(oid, 0) if oid is not None else 0
            participants = (
                state.org_count[g][org_key[oid]] if oid is not None and oid in org_key else 0
            )
            sectors = same_sector[g].get(sector, 0) if sector is not None else 0
            return (len(placed[g]), colleagues, participants, sectors, coin[g])

        best = min(range(group_count), key=key)
        placed[best].append(person.id)
        if oid is not None:
            same_org[best][oid] = same_org[best].get(oid, 0) + 1
        if sector is not None:
            same_sector[best][sector] = same_sector[best].get(sector, 0) + 1
    return placed


def assign_groups(
    *,
    people: Sequence[Participant],
    group_count: int,
    facilitators: Sequence[Participant] = (),
    seed: int = 0,
) -> Assignment:
    """Split people into group_count breakout groups (see the module
    docstring for the aims). The same people, count and seed give the same
    groups, whatever order the people come in. Raises ValueError for a group
    count out of range or an id listed twice."""
    _validate(people, group_count, facilitators)
    rng = random.Random(seed)
    ordered = sorted(people, key=lambda p: p.id)
    rng.shuffle(ordered)

    # Dense numbers for organisations and sectors; someone without an
    # organisation is an organisation of one, without a sector is -1.
    org_key: dict[int, int] = {}
    sector_key: dict[str, int] = {}
    org: list[int] = []
    sector: list[int] = []
    next_org = 0
    for person in ordered:
        if person.organisation_id is None:
            org.append(next_org)
            next_org += 1
        else:
            if person.organisation_id not in org_key:
                org_key[person.organisation_id] = next_org
                next_org += 1
            org.append(org_key[person.organisation_id])
        sector.append(
            sector_key.setdefault(person.sector, len(sector_key))
            if person.sector is not None
            else -1
        )

    by_org: list[list[int]] = [[] for _ in range(next_org)]
    for index, o in enumerate(org):
        by_org[o].append(index)
    # Larger organisations first (their places are the most constrained); the
    # seeded shuffle above breaks ties.
    by_org.sort(key=len, reverse=True)

    sizes = balanced_sizes(len(ordered), group_count)
    org_sizes = [len(members) for members in by_org]
    state = _State(org, sector, next_org, len(sector_key), group_count)
    _construct(
        state,
        by_org,
        sizes,
        fewest_groups_with_same_org_at_fewest_pairs(org_sizes, group_count),
        rng,
    )
    for _ in range(_MAX_ROUNDS):
        _improve_sectors(state, rng)
        if not _rotate_sectors(state):
            break
    facilitator_groups = _place_facilitators(state, list(facilitators), org_key, rng)

    groups = [sorted(ordered[i].id for i in members) for members in state.members]
    facilitator_groups = [sorted(group) for group in facilitator_groups]
    report = evaluate(people=people, groups=groups, facilitators=facilitator_groups)
    return Assignment(groups=groups, facilitators=facilitator_groups, report=report)
