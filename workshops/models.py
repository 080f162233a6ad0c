"""Workshops: a lab's events, their agenda, groups, registrations and files.

Times are stored in UTC (aware datetimes). A workshop names the time zone
it happens in, so that forms can take times as the organisers write them and
pages can show them beside the reader's own zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Person
from labs.models import Challenge, Lab

DEFAULT_TIME_ZONE = "Asia/Bangkok"


class BilingualTitle(models.Model):
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_th


class Workshop(BilingualTitle):
    class Format(models.TextChoices):
        ONSITE = "onsite", _("On-site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="workshops"
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges addressed"), blank=True, related_name="workshops"
    )
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.ONSITE
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    time_zone = models.CharField(
        _("time zone of the event"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        help_text=_("Where the event happens, for example Asia/Bangkok or Europe/London."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["lab", "pk"]

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    # Derived from the sessions; uses the prefetched sessions when a selector
    # has fetched them, so pages do not query per workshop.
    def _session_list(self) -> list[Session]:
        return list(self.sessions.all())

    @property
    def starts_at(self) -> dt.datetime | None:
        return min((s.starts_at for s in self._session_list()), default=None)

    @property
    def ends_at(self) -> dt.datetime | None:
        return max((s.ends_at for s in self._session_list()), default=None)

    @property
    def is_live(self) -> bool:
        now = timezone.now()
        return any(s.starts_at <= now < s.ends_at for s in self._session_list())

    @property
    def is_past(self) -> bool:
        ends = self.ends_at
        return ends is not None and ends <= timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in {self.Format.ONLINE, self.Format.HYBRID}

    @property
    def is_onsite(self) -> bool:
        return self.format in {self.Format.ONSITE, self.Format.HYBRID}


class Session(BilingualTitle):
    """A part of the agenda: a talk, a panel, a breakout, an interview."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    description = models.TextField(_("description"), blank=True)
    facilitators = models.ManyToManyField(
        Person, verbose_name=_("facilitators"), blank=True, related_name="facilitated_sessions"
    )
    invited_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="invited_to_sessions",
        help_text=_("For example the agencies met on an interview day of a peer review."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["workshop", "starts_at", "order", "pk"]
        indexes = [models.Index(fields=["workshop", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop", args=[self.workshop_id]) + f"#session-{self.pk}"

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at

    @property
    def is_live(self) -> bool:
        return self.starts_at <= timezone.now() < self.ends_at


class Speaker(models.Model):
    """A person speaking in a session, with the title and organisation as
    printed on the day (people move; the agenda keeps what it said)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="speaking")
    title_shown = models.CharField(
        _("title as shown"),
        max_length=300,
        blank=True,
        help_text=_("For example รองเลขาธิการ ก.พ.ร."),
    )
    organisation_shown = models.CharField(_("organisation as shown"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return str(self.person)


class Link(models.Model):
    """Something to read beforehand, for the whole workshop or one session."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="links")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=1000)

    class Meta:
        verbose_name = _("link to read")
        verbose_name_plural = _("links to read")
        ordering = ["workshop", "pk"]

    def __str__(self) -> str:
        return self.title


class BreakoutGroup(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=200)
    facilitator = models.ForeignKey(
        Person,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_groups",
    )

    class Meta:
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="breakout_groups")

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_place_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.group}"


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["workshop", "created_at", "pk"]
        indexes = [models.Index(fields=["workshop", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"], name="one_registration_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.workshop} ({self.get_status_display()})"


class Attendance(models.Model):
    """Someone present at one session (people leave early, so per session)."""

    class Method(models.TextChoices):
        FACILITATOR = "facilitator", _("Ticked in by a facilitator")
        QR = "qr", _("Checked in with the QR code")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    checked_in_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"


def workshop_file_path(instance: WorkshopFile, filename: str) -> str:
    return f"workshops/{instance.workshop_id}/{filename}"


def workshop_thumbnail_path(instance: WorkshopFile, filename: str) -> str:
    return f"workshops/{instance.workshop_id}/thumbnails/{filename}"


class WorkshopFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=workshop_file_path, max_length=500)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=workshop_thumbnail_path, null=True, blank=True, max_length=500
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("workshop file")
        verbose_name_plural = _("workshop files")
        ordering = ["workshop", "-uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or (self.file.name or "").rsplit("/", 1)[-1]
