"""What a lab leaves behind and how it is followed through.

Outputs: policy and project proposals (one `Proposal` table, `kind` tells
them apart, so versions, comments, status and lineage are one piece of
code), agencies' pledges to a project, endorsements, communities of
practice and training curricula. Follow-through: a lab's joint action
plans, their actions (lead and supporting agencies, an owner, dates,
milestones, dependencies), progress updates with evidence, reminders and
in-app notifications.

"Late" is never typed: `Action.status` derives it from the due date and
the progress, and `ActionQuerySet.with_status()` says the same in SQL for
dashboards (a test holds the two to one rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from boards.models import Note, Persona
from directory.models import Organisation, Person
from labs.models import Challenge, Goal, Lab
from workshops.models import BilingualTitle

# Actions due within this many days are "due soon" in digests and pages.
DUE_SOON_DAYS = 7


def today() -> dt.date:
    """The day actions are judged on: the platform's day (settings.TIME_ZONE),
    not the viewer's, so that a dashboard, a reminder and a PDF made at the
    same moment agree on what is late."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


# --- Proposals -----------------------------------------------------------------


class Proposal(BilingualTitle):
    """A policy proposal or a project proposal of a lab (or one of its challenges)."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy proposal")
        PROJECT = "project", _("Project proposal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="proposals")
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    # Policy proposal
    problem = models.TextField(_("problem"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    affected_groups = models.TextField(
        _("groups affected"), blank=True, help_text=_("One per line.")
    )
    options = models.TextField(_("options"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    # Project proposal
    objectives = models.TextField(_("objectives"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    budget = models.DecimalField(
        _("budget (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    support_asked = models.TextField(_("support asked for"), blank=True)
    # Both
    personas = models.ManyToManyField(
        Persona, verbose_name=_("personas affected"), blank=True, related_name="proposals"
    )
    agencies = models.ManyToManyField(
        Organisation,
        verbose_name=_("agencies concerned"),
        blank=True,
        related_name="proposals_concerned",
    )
    sdgs = models.ManyToManyField(Goal, verbose_name=_("SDGs"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    status_date = models.DateField(_("status since"), default=today)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["lab", "kind"])]

    def get_absolute_url(self) -> str:
        return reverse("actions:proposal", args=[self.pk])

    @property
    def is_project(self) -> bool:
        return self.kind == self.Kind.PROJECT


class ProposalVersion(models.Model):
    """A proposal as it stood after each change: the visible history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        ordering = ["proposal", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="unique_proposal_version")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class ProposalStatusChange(models.Model):
    """Each move of a proposal's status, with the date it happened."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=30, choices=Proposal.Status.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["proposal", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_status_display()}"


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["proposal", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Endorsement(models.Model):
    """An agency's endorsement of a proposal, given by one of its focal points."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="endorsements"
    )
    statement = models.TextField(_("statement"), blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["proposal", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="one_endorsement_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.proposal}"


class Pledge(models.Model):
    """An agency's support for a project proposal: money, staff, data, a venue…"""

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        STAFF = "staff", _("Staff")
        DATA = "data", _("Data")
        VENUE = "venue", _("Venue")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        CONFIRMED = "confirmed", _("Confirmed")
        DELIVERED = "delivered", _("Delivered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    kind = models.CharField(_("kind of support"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("Baht, people, days, data sets…")
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OFFERED
    )
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["proposal", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="pledge_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"

    @property
    def is_kept(self) -> bool:
        return self.status == self.Status.DELIVERED


# --- Joint action plans ---------------------------------------------------------


class ActionPlan(BilingualTitle):
    """A joint action plan of a lab (or of one of its challenges)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="action_plans")
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("carries out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_plans",
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("joint action plan")
        verbose_name_plural = _("joint action plans")
        ordering = ["lab", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("actions:plan", args=[self.pk])


class Status(models.TextChoices):
    """What an action's status page and dashboards show. LATE is derived,
    never stored; the others but ON_TRACK/NOT_STARTED are set by people."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# What people may set; LATE is not among them.
SETTABLE_STATUSES = [(value, label) for value, label in Status.choices if value != Status.LATE]
OPEN_STATUSES = (Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK)


class ActionQuerySet(models.QuerySet["Action"]):
    def with_status(self, day: dt.date | None = None) -> ActionQuerySet:
        """Annotate `current_status`: Action.status, in SQL."""
        return self.annotate(current_status=status_expression(day))

    def open(self) -> ActionQuerySet:
        return self.filter(state__in=OPEN_STATUSES)

    def late(self, day: dt.date | None = None) -> ActionQuerySet:
        # The annotation is added by with_status(), which the type checker cannot see.
        return self.with_status(day).filter(current_status=Status.LATE)  # type: ignore[misc]

    def due_soon(self, day: dt.date | None = None) -> ActionQuerySet:
        """Open actions due from `day` to DUE_SOON_DAYS after it (not late yet)."""
        day = day or today()
        return self.open().filter(
            percent_complete__lt=100,
            due_date__gte=day,
            due_date__lte=day + dt.timedelta(days=DUE_SOON_DAYS),
        )

    def of_agency(self, organisation_id: int) -> ActionQuerySet:
        """Actions an agency leads or supports."""
        return self.filter(of_agencies([organisation_id]))


def of_agencies(organisation_ids: Iterable[int] | QuerySet[Any], *more: QuerySet[Any]) -> Q:
    """Actions the agencies lead or support (and the action pks of the
    querysets `more`): one UNION ALL of index reads, which SQLite runs a
    third faster than the OR of a lead and a supporting agency filter, as
    the OR can only be answered by reading every action (measured with
    bench/dashboards.py)."""
    ids = organisation_ids if isinstance(organisation_ids, QuerySet) else list(organisation_ids)
    led = Action.objects.filter(lead_agency_id__in=ids).order_by().values("pk")
    supported = ActionAgency.objects.filter(organisation_id__in=ids).order_by().values("action_id")
    return Q(pk__in=led.union(supported, *more, all=True))


def status_expression(day: dt.date | None = None) -> Case:
    day = day or today()
    return Case(
        When(state=Status.DROPPED, then=Value(Status.DROPPED.value)),
        When(Q(state=Status.DONE) | Q(percent_complete__gte=100), then=Value(Status.DONE.value)),
        When(due_date__lt=day, then=Value(Status.LATE.value)),
        default=F("state"),
        output_field=models.CharField(),
    )


class Action(BilingualTitle):
    """One commitment of a joint action plan."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    # The plan's lab, kept on the action so that dashboards over tens of
    # thousands of actions group and filter without a join.
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(
        _("reference"),
        max_length=20,
        blank=True,
        help_text=_("The plan's own numbering, such as 1.2; kept in Excel exports."),
    )
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    supporting_agencies = models.ManyToManyField(
        Organisation,
        verbose_name=_("supporting agencies"),
        through="ActionAgency",
        blank=True,
        related_name="supported_actions",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    # Set by people: not started, on track, at risk, done, dropped. "Late"
    # comes from the dates (see `status`).
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=SETTABLE_STATUSES,
        default=Status.NOT_STARTED,
    )
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="dependents",
    )
    last_update_at = models.DateTimeField(_("last update"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("plan", "action")
        verbose_name_plural = pgettext_lazy("plan", "actions")
        ordering = ["plan", "due_date", "pk"]
        indexes = [
            models.Index(fields=["lab", "state"]),
            models.Index(fields=["lead_agency", "state"]),
            models.Index(fields=["due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="action_percent_at_most_100",
                violation_error_message=_("Percent complete runs from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message=_("An action cannot be due before it starts."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("actions:action", args=[self.pk])

    def status_on(self, day: dt.date) -> str:
        if self.state == Status.DROPPED:
            return Status.DROPPED
        if self.state == Status.DONE or self.percent_complete >= 100:
            return Status.DONE
        if self.due_date is not None and self.due_date < day:
            return Status.LATE
        return str(self.state)

    @property
    def status(self) -> str:
        cached = getattr(self, "current_status", None)
        return cached if cached is not None else self.status_on(today())

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_late(self) -> bool:
        return self.status == Status.LATE

    @property
    def days_late(self) -> int:
        if not self.is_late or self.due_date is None:
            return 0
        return (today() - self.due_date).days

    @property
    def days_since_update(self) -> int:
        """Days since the last progress update, or since the action was made
        when it has none (as dashboards count it: actions.selectors.status)."""
        return max(0, (timezone.now() - (self.last_update_at or self.created_at)).days)


class ActionAgency(models.Model):
    """A supporting agency of an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="supports")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_supports"
    )

    class Meta:
        verbose_name = _("supporting agency")
        verbose_name_plural = _("supporting agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="one_support_per_agency"
            )
        ]
        indexes = [models.Index(fields=["organisation", "action"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.action}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["action", "order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return (
            self.done_on is None
            and self.due_date is not None
            and self.due_date < today()
        )


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"actions/{instance.action_id}/{filename}"


class ProgressUpdate(models.Model):
    """What was done on an action, how far along it is, and the evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("what was done"))
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"))
    state = models.CharField(_("status"), max_length=20, choices=SETTABLE_STATUSES, blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_link = models.URLField(_("link to evidence"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=500, blank=True
    )
    evidence_content_type = models.CharField(max_length=100, blank=True)
    # PDPA: who reported is the only personal data here.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["action", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100),
                name="update_percent_at_most_100",
                violation_error_message=_("Percent complete runs from 0 to 100."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.percent_complete}%"


# --- Lineage ---------------------------------------------------------------------


class Lineage(models.Model):
    """A line from what a board produced (a note, an idea, a persona) to a
    proposal or an action it led to. Read both ways."""

    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="lineage"
    )
    persona = models.ForeignKey(
        Persona, null=True, blank=True, on_delete=models.CASCADE, related_name="lineage"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="origins"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="origins"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lineage")
        verbose_name_plural = _("lineage")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(note__isnull=False) & Q(persona__isnull=True))
                | (Q(note__isnull=True) & Q(persona__isnull=False)),
                name="lineage_one_source",
            ),
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False) & Q(action__isnull=True))
                | (Q(proposal__isnull=True) & Q(action__isnull=False)),
                name="lineage_one_target",
            ),
            models.UniqueConstraint(
                fields=["note", "proposal"],
                name="lineage_note_proposal",
                condition=Q(note__isnull=False, proposal__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["note", "action"],
                name="lineage_note_action",
                condition=Q(note__isnull=False, action__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["persona", "proposal"],
                name="lineage_persona_proposal",
                condition=Q(persona__isnull=False, proposal__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["persona", "action"],
                name="lineage_persona_action",
                condition=Q(persona__isnull=False, action__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.note or self.persona} → {self.proposal or self.action}"


# --- Communities of practice and training -------------------------------------


class Community(models.Model):
    """A community of practice a lab started."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="communities")
    name = models.CharField(_("name"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), blank=True, related_name="communities"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), blank=True, related_name="communities"
    )
    meets = models.CharField(_("how it meets"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["lab", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actions:community", args=[self.pk])


class Curriculum(models.Model):
    """A training curriculum designed with a lab's participants."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="curricula")
    title = models.CharField(_("title"), max_length=300)
    audience = models.TextField(_("for whom"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("training curriculum")
        verbose_name_plural = _("training curricula")
        ordering = ["lab", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:curriculum", args=[self.pk])


class CurriculumModule(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("module"), max_length=300)
    needs = models.TextField(_("needs it answers"), blank=True)
    objectives = models.TextField(_("learning objectives"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    designed_with = models.ManyToManyField(
        Person, verbose_name=_("designed with"), blank=True, related_name="curriculum_modules"
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["curriculum", "order", "pk"]

    def __str__(self) -> str:
        return self.title


# --- Notifications and reminders ----------------------------------------------


class Notification(models.Model):
    """An in-app notification. The text is rendered in the recipient's
    language when it is made, like an e-mail."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Reminder of actions")
        ASSIGNED = "assigned", _("Action assigned")
        UPDATE = "update", _("Progress update")
        PLEDGE = "pledge", _("Pledge")
        ENDORSEMENT = "endorsement", _("Endorsement")
        COMMENT = "comment", _("Comment")
        STATUS = "status", _("Proposal status")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderLog(models.Model):
    """A digest sent: one per person per day, so a second run sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    date = models.DateField()
    action_ids = models.JSONField(default=list)
    email = models.EmailField(blank=True)
    emailed = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-date", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"
