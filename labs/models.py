"""Labs (programmes, cohort courses, platforms), their members and challenges.

Frameworks are data: design processes and their stages, the SDGs and the
OPSI innovation facets are rows loaded by migrations that a lab can extend.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import District, Organisation, Person, Province, Tag


class Bilingual(models.Model):
    """A Thai name with its English translation, shown in the reader's language."""

    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class Process(Bilingual):
    """A design process a lab follows: Double Diamond, d.school, or its own."""

    key = models.SlugField(unique=True)
    lab = models.ForeignKey(
        "Lab",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_processes",
        help_text=_("Empty for processes every lab can use."),
    )

    class Meta:
        verbose_name = _("design process")
        verbose_name_plural = _("design processes")
        ordering = ["pk"]


class Stage(Bilingual):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField()
    order = models.PositiveSmallIntegerField()
    description_th = models.TextField(blank=True)
    description_en = models.TextField(blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="unique_stage_key"),
            models.UniqueConstraint(fields=["process", "order"], name="unique_stage_order"),
        ]


class Goal(Bilingual):
    """A Sustainable Development Goal (1–17)."""

    number = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Facet(Bilingual):
    """An OECD OPSI innovation facet (enhancement, mission-oriented, ...)."""

    key = models.SlugField(unique=True)
    description_th = models.TextField(blank=True)
    description_en = models.TextField(blank=True)

    class Meta:
        verbose_name = _("innovation facet")
        verbose_name_plural = _("innovation facets")
        ordering = ["pk"]


class Lab(Bilingual):
    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        COHORT = "cohort", _("Cohort course")
        PLATFORM = "platform", _("Multi-stakeholder platform")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("host organisations"), related_name="hosted_labs", blank=True
    )
    purpose = models.TextField(_("purpose"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("design process"),
        on_delete=models.PROTECT,
        related_name="labs",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        ordering = ["-start_date", "name_th"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="lab_ends_after_start",
                violation_error_message=_("A lab cannot end before it starts."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("labs:lab", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Role(models.TextChoices):
    LEAD = "lead", _("Lab lead")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")
    EVALUATOR = "evaluator", _("Evaluator")


class Member(models.Model):
    """A person in a lab's cohort, with a role and the organisation they
    represent there (people move, and represent one agency per lab)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="lab_memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation represented"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab_members",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="lab_members")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lab member")
        verbose_name_plural = _("lab members")
        ordering = ["role", "person__first_name_th"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "person"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mail invitation to join a lab; accepting links or creates the account."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="invitations")
    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="invitation")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.email


class Challenge(models.Model):
    """A โจทย์: a problem a lab works on, where, for whom, with whom."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="challenges")
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    problem = models.TextField(_("problem statement"), blank=True)
    goals = models.TextField(
        _("expected results"), blank=True, help_text=_("One per line.")
    )
    is_national = models.BooleanField(_("national"), default=False)
    provinces = models.ManyToManyField(Province, verbose_name=_("provinces"), blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True, help_text=_("One per line."))
    sdgs = models.ManyToManyField(Goal, verbose_name=_("SDGs"), blank=True)
    facet = models.ForeignKey(
        Facet, verbose_name=_("innovation facet"), null=True, blank=True, on_delete=models.SET_NULL
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["lab", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("labs:challenge", args=[self.lab_id, self.pk])

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_th


class ChallengeAgency(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")
        PARTNER = "partner", _("Partner")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="agencies")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="challenge_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("agency involved")
        verbose_name_plural = _("agencies involved")
        ordering = ["role", "organisation__name_th"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organisation"], name="one_role_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Team(models.Model):
    """A group of lab members working on a challenge, mixed across agencies."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(Member, verbose_name=_("members"), related_name="teams", blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["challenge", "name"]

    def __str__(self) -> str:
        return self.name


class Stakeholder(models.Model):
    """Someone with a stake in a challenge: an organisation, a person or a
    named group, placed on the power/interest grid (0–100 on each axis)."""

    class Quadrant(models.TextChoices):
        MANAGE_CLOSELY = "manage_closely", _("Manage closely")
        KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
        KEEP_INFORMED = "keep_informed", _("Keep informed")
        MONITOR = "monitor", _("Monitor")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="stakeholders")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="stakes"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="stakes"
    )
    group_name = models.CharField(_("named group"), max_length=200, blank=True)
    power = models.PositiveSmallIntegerField(_("power"), default=50)
    interest = models.PositiveSmallIntegerField(_("interest"), default=50)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["-power", "-interest"]
        constraints = [
            models.CheckConstraint(
                condition=Q(power__lte=100) & Q(interest__lte=100),
                name="stakeholder_on_the_grid",
                violation_error_message=_("Power and interest run from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(organisation__isnull=True, person__isnull=True, group_name=""),
                name="stakeholder_is_someone",
                violation_error_message=_("Name an organisation, a person or a group."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        if self.person_id:
            return str(self.person)
        return self.group_name

    @property
    def quadrant(self) -> str:
        high_power, high_interest = self.power >= 50, self.interest >= 50
        if high_power and high_interest:
            return self.Quadrant.MANAGE_CLOSELY
        if high_power:
            return self.Quadrant.KEEP_SATISFIED
        if high_interest:
            return self.Quadrant.KEEP_INFORMED
        return self.Quadrant.MONITOR

    @property
    def quadrant_label(self) -> str:
        return str(self.Quadrant(self.quadrant).label)


def challenge_attachment_path(instance: ChallengeAttachment, filename: str) -> str:
    return f"challenges/{instance.challenge_id}/{filename}"


class ChallengeAttachment(models.Model):
    """A document or photo about a challenge (a brief, a map, data). Stored
    under a random name and read through the labs download view, so a
    members-only lab's files stay the members'."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        PHOTO = "photo", _("Photo")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=challenge_attachment_path, max_length=500)
    title = models.CharField(_("title"), max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # PDPA: who uploaded is the only personal data kept here.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("challenge attachment")
        verbose_name_plural = _("challenge attachments")
        ordering = ["challenge", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title or (self.file.name or "").rsplit("/", 1)[-1]
