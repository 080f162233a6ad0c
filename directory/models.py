"""The directory: organisations of government and beyond, and their people."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """Loaded from the geothai package by a data migration, never typed by hand."""

    code = models.CharField(max_length=2, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_th


class District(models.Model):
    code = models.CharField(max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="districts")
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["province__name_th", "name_th"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_th


class Sector(models.TextChoices):
    GOVERNMENT_CENTRAL = "gov_central", _("Government, central")
    GOVERNMENT_REGIONAL = "gov_regional", _("Government, regional")
    GOVERNMENT_LOCAL = "gov_local", _("Government, local")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "private", _("Private sector")
    INTERNATIONAL = "international", _("International")
    COMMUNITY = "community", _("Community")


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    DIVISION = "division", _("Division")
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL_ORGANISATION = "international_org", _("International organisation")
    NETWORK = "network", _("Network")


class Organisation(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    abbreviation_th = models.CharField(_("abbreviation (Thai)"), max_length=50, blank=True)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=50, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal points"),
        blank=True,
        related_name="focal_point_of",
        help_text=_("People who may edit this organisation's record and its people."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_th"]
        indexes = [models.Index(fields=["name_th"]), models.Index(fields=["name_en"])]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.pk])

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def display_abbreviation(self) -> str:
        if get_language() == "en" and self.abbreviation_en:
            return self.abbreviation_en
        return self.abbreviation_th or self.abbreviation_en

    @property
    def is_government(self) -> bool:
        return self.sector in {
            Sector.GOVERNMENT_CENTRAL,
            Sector.GOVERNMENT_REGIONAL,
            Sector.GOVERNMENT_LOCAL,
        }


class OrganisationAlias(models.Model):
    """Any other name an organisation goes by: extra abbreviations, former
    names, names used in other documents, names of merged duplicates."""

    class Kind(models.TextChoices):
        ABBREVIATION = "abbreviation", _("Abbreviation")
        ALIAS = "alias", _("Other name")
        FORMER = "former", _("Former name")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_alias_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free tag on people, for example the course level "ป.ย.ป. 2"."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    # Honorifics and academic titles are free text with suggestions
    # (directory.forms.HONORIFICS): real lists are longer than any enum
    # (military and police ranks, royal titles, ว่าที่ร้อยตรี ...).
    honorific = models.CharField(_("honorific"), max_length=50, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=50, blank=True)
    first_name_th = models.CharField(_("first name (Thai)"), max_length=150, blank=True)
    last_name_th = models.CharField(_("last name (Thai)"), max_length=150, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=150, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    # Contact details are personal data (PDPA): shown only through
    # directory.rules.can_view_contact.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    contact_consent = models.BooleanField(
        _("consents to be contacted"),
        default=False,
        help_text=_("Other signed-in members may see the contact details."),
    )
    contact_consent_at = models.DateTimeField(null=True, blank=True, editable=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["first_name_th", "last_name_th", "first_name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_name_th="") | ~Q(first_name_en=""),
                name="person_has_a_name",
                violation_error_message=_("A person needs a first name in Thai or in English."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.pk])

    @property
    def name_th(self) -> str:
        return " ".join(p for p in [self.first_name_th, self.last_name_th] if p)

    @property
    def name_en(self) -> str:
        return " ".join(p for p in [self.first_name_en, self.last_name_en] if p)

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th or self.name_en

    @property
    def full_name(self) -> str:
        """Name with title as Thai usage writes it: นายสมชาย, ผศ.ดร.สมหญิง ...

        Thai titles are written joined to the name; English ones with a space.
        Academic titles replace the honorific in Thai address.
        """
        if get_language() == "en" and self.name_en or not self.name_th:
            title = self.academic_title if self.academic_title.isascii() else ""
            title = title or (self.honorific if self.honorific.isascii() else "")
            return f"{title} {self.name_en}".strip()
        title = self.academic_title or self.honorific
        if title and title.isascii():
            title = ""
        return f"{title}{self.name_th}"

    def current_affiliations(self) -> list[Affiliation]:
        today = timezone.localdate()
        return [a for a in self.affiliations.all() if a.is_current_on(today)]


class Affiliation(models.Model):
    """A person's place in an organisation over a period; people move."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-end_date", "-start_date"]
        indexes = [models.Index(fields=["organisation", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_ends_after_start",
                violation_error_message=_("An affiliation cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    def is_current_on(self, day: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())


class ImportJob(models.Model):
    """One upload through the web import: the file, the column mapping the
    user confirmed, the preview, the decisions on duplicates and the result.

    Long files are processed by a background thread; `stage` and
    `rows_done`/`rows_total` let the page show a progress bar.
    """

    class Stage(models.TextChoices):
        READING = "reading", _("Reading the file")
        MAPPING = "mapping", _("Waiting for the column mapping")
        VALIDATING = "validating", _("Checking the rows")
        PREVIEW = "preview", _("Waiting for confirmation")
        COMMITTING = "committing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    filename = models.CharField(_("file name"), max_length=255)
    # The uploaded bytes live in the database rather than on disk so a job
    # and its file are written and removed together; cleared once imported.
    data = models.BinaryField(editable=False)
    kind = models.CharField(_("what the file holds"), max_length=20, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.READING)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # [{"name", "kind", "header_rows", "headers", "mapping"}] per sheet.
    layouts = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    # {"<sheet index>:<row>": "update" | "create" | "skip"}
    decisions = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.stage in {self.Stage.READING, self.Stage.VALIDATING, self.Stage.COMMITTING}

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
