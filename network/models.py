"""Who works with whom: ties taken from the work itself, and what the
analysis found in them.

- `Tie`: one piece of evidence that two organisations (or two people)
  worked together: the same breakout group, board or session, one action,
  pledges to one proposal, one challenge, the hierarchy, a shared person.
  Ties are extracted from the other apps' tables by `network.ties`, each
  under its `origin` ("session:12"), so one workshop's ties can be
  replaced without touching the rest. Weights are not stored: they are
  settings (`NETWORK_TIE_WEIGHTS`), applied when a graph is built.
- `Snapshot`: one analysis of one window of ties (the current network, or
  the network as it stood at the end of a quarter), at one level
  (organisations or people) and scope (what everyone may see, or all).
- `NodeMeasure`, `CommunitySummary`, `Recommendation`: its results.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Person
from labs.models import Lab


class Level(models.TextChoices):
    ORGANISATION = "organisation", _("Organisations")
    PERSON = "person", _("People")


class Scope(models.TextChoices):
    # Ties from public labs plus the directory's own (hierarchy, affiliation):
    # what anyone may see. ALL adds members-only labs: administrators only.
    PUBLIC = "public", _("Public labs")
    ALL = "all", _("All labs")


class TieKind(models.TextChoices):
    GROUP = "group", _("Same breakout group")
    BOARD = "board", _("Same board")
    SESSION = "session", _("Same session attended")
    ACTION = "action", _("Lead and supporting agencies of one action")
    PLEDGE = "pledge", _("Pledged to the same proposal")
    CHALLENGE = "challenge", _("Named on the same challenge")
    HIERARCHY = "hierarchy", _("Parent organisation")
    AFFILIATION = "affiliation", _("Shared person")


class Tie(models.Model):
    """Evidence that two nodes worked together, on a day. Exactly one pair
    is set: two organisations or two people (a < b by primary key)."""

    level = models.CharField(max_length=20, choices=Level.choices)
    kind = models.CharField(max_length=20, choices=TieKind.choices)
    organisation_a = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation_b = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person_a = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    # The lab the work belonged to (None for the directory's own ties).
    lab = models.ForeignKey(Lab, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    public = models.BooleanField(default=True)
    origin = models.CharField(max_length=60)

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        indexes = [
            models.Index(fields=["origin"]),
            models.Index(fields=["level", "date"]),
            models.Index(fields=["lab", "level"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="tie_one_pair",
                condition=(
                    Q(
                        level="organisation",
                        organisation_a__isnull=False,
                        organisation_b__isnull=False,
                        person_a__isnull=True,
                        person_b__isnull=True,
                    )
                    | Q(
                        level="person",
                        person_a__isnull=False,
                        person_b__isnull=False,
                        organisation_a__isnull=True,
                        organisation_b__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.origin} {self.date}"


class Snapshot(models.Model):
    """One analysis: a level, a scope and a window of ties (up to `end`,
    from `start` when set). `current` marks the newest analysis of the whole
    network, the one pages read; the others are quarter ends."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    level = models.CharField(max_length=20, choices=Level.choices)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField()
    current = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    # The settings it was computed with: tie weights, kinds counted, seed.
    weights = models.JSONField(default=dict)
    node_count = models.PositiveIntegerField(default=0)
    tie_count = models.PositiveIntegerField(default=0)  # distinct pairs
    isolated_count = models.PositiveIntegerField(default=0)
    component_count = models.PositiveIntegerField(default=0)
    largest_component = models.PositiveIntegerField(default=0)
    community_count = models.PositiveIntegerField(default=0)
    modularity = models.FloatField(default=0)
    density = models.FloatField(default=0)
    # Sources sampled for betweenness; None when it was computed exactly.
    betweenness_sample = models.PositiveIntegerField(null=True, blank=True)
    bridge_count = models.PositiveIntegerField(default=0)
    articulation_count = models.PositiveIntegerField(default=0)
    ei_index = models.FloatField(null=True, blank=True)  # across sectors, whole network

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["-end", "-started_at"]
        indexes = [models.Index(fields=["level", "scope", "current"])]

    def __str__(self) -> str:
        return f"{self.level}/{self.scope} ≤ {self.end}"


class NodeMeasure(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="nodes")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    degree = models.PositiveIntegerField(default=0)
    strength = models.FloatField(default=0)
    betweenness = models.FloatField(default=0)
    broker_rank = models.PositiveIntegerField(null=True, blank=True)  # 1 = the top broker
    component = models.PositiveIntegerField(default=0)  # 0 = the largest island
    community = models.PositiveIntegerField(default=0)  # 0 = the largest community
    articulation = models.BooleanField(default=False)
    # Ties whose loss would cut this node off from part of its island.
    bridge_count = models.PositiveIntegerField(default=0)
    ei_sector = models.FloatField(null=True, blank=True)
    reach = models.PositiveIntegerField(default=0)  # others within two steps
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)

    class Meta:
        verbose_name = _("node measure")
        verbose_name_plural = _("node measures")
        indexes = [
            models.Index(fields=["snapshot", "organisation"]),
            models.Index(fields=["snapshot", "person"]),
            models.Index(fields=["snapshot", "community"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id or self.person_id} @ {self.snapshot_id}"


class CommunitySummary(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="communities")
    label = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    # {"central": 12, "local": 3, ...} and [[organisation id, count], ...] largest first.
    sectors = models.JSONField(default=dict)
    ministries = models.JSONField(default=list)
    ei_sector = models.FloatField(null=True, blank=True)
    density = models.FloatField(default=0)
    # Its best-known members (highest degree), for a name: [id, ...].
    leaders = models.JSONField(default=list)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["snapshot", "label"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "label"], name="one_summary_per_community")
        ]

    def __str__(self) -> str:
        return f"community {self.label} @ {self.snapshot_id}"


class Recommendation(models.Model):
    """Who should meet whom: `other` for `organisation` (or `person`),
    ranked 1.. by score."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="recommendations")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    similarity = models.FloatField()
    across_community = models.BooleanField(default=False)
    across_sector = models.BooleanField(default=False)
    # The words both work on, most telling first.
    terms = models.JSONField(default=list)
    # On the same island of the snapshot's network, and how many steps apart
    # (None: on different islands, or not computed for a very large network).
    same_island = models.BooleanField(default=True)
    steps = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["snapshot", "rank"]
        indexes = [
            models.Index(fields=["snapshot", "organisation", "rank"]),
            models.Index(fields=["snapshot", "person", "rank"]),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} @ {self.snapshot_id}"
