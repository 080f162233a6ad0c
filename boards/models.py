"""Live boards: a method (template stored as data), a board run in a
workshop, the people who joined it, and what they wrote.

A `Method` is a template: zones, note fields and rules as JSON, checked by
`boards.methods.check_definition`. Built-in methods come from a data
migration; a lab adds its own. A `Board` copies its method's definition when
it is made (`definition`), so a facilitator can draw zones on a blank board
and a later change to a method never rewrites a board already run.

Notes, votes and comments carry the `client_id` the phone gave them: a
phone that resends after losing its connection finds its note already there
instead of adding it twice (unique per board).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, Person
from labs.models import Challenge, Lab, Stakeholder
from workshops.models import BreakoutGroup, Session, Workshop

# Join codes: no 0/O, 1/I/L, so a code read off a projector is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_public_id() -> str:
    return secrets.token_urlsafe(6)


class Method(models.Model):
    """A board template: built in (lab empty) or a lab's own."""

    key = models.SlugField(_("key"))
    lab = models.ForeignKey(
        Lab, null=True, blank=True, on_delete=models.CASCADE, related_name="methods"
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    definition = models.JSONField(_("definition"))
    order = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(lab__isnull=True), name="method_builtin_key_unique"
            ),
            models.UniqueConstraint(fields=["lab", "key"], name="method_lab_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def description(self) -> str:
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description_th

    @property
    def is_builtin(self) -> bool:
        return self.lab_id is None


class Board(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="boards")
    workshop = models.ForeignKey(
        Workshop, null=True, blank=True, on_delete=models.CASCADE, related_name="boards"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="boards"
    )
    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="boards",
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="boards"
    )
    method = models.ForeignKey(Method, verbose_name=_("method"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.TextField(_("question for the room"), blank=True)
    code = models.CharField(_("join code"), max_length=12, unique=True, default=new_code)
    definition = models.JSONField(_("definition"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    # Live state, changed by facilitators.
    locked = models.BooleanField(_("locked"), default=False)
    private = models.BooleanField(_("private mode"), default=False)
    anonymous = models.BooleanField(_("anonymous mode"), default=False)
    votes_revealed = models.BooleanField(_("votes revealed"), default=False)
    dots_per_person = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    notes_per_person = models.PositiveSmallIntegerField(
        _("notes per person and zone"), null=True, blank=True
    )
    round = models.CharField(_("round"), max_length=40, blank=True)
    spotlight = models.ForeignKey(
        "Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_remaining = models.PositiveIntegerField(null=True, blank=True)  # seconds, when paused
    timer_total = models.PositiveIntegerField(null=True, blank=True)
    redirect_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every change moves updated_at: the live operations' copy of the
        # board is current exactly while updated_at is (boards/live/operations.py).
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "updated_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "updated_at"]
        super().save(*args, **kwargs)

    @property
    def zones(self) -> list[dict[str, Any]]:
        return list(self.definition.get("zones", []))

    @property
    def rules(self) -> dict[str, Any]:
        return dict(self.definition.get("rules", {}))

    @property
    def note_kind(self) -> str:
        return str(self.definition.get("note", {}).get("kind", "note"))

    @property
    def rounds(self) -> list[dict[str, Any]]:
        return list(self.rules.get("rounds", []))

    def zone_keys(self) -> list[str]:
        return [zone["key"] for zone in self.zones]


class Participant(models.Model):
    """Someone on a board: a signed-in user, or a phone that joined with the
    code and a display name. Who contributed from which organisation is what
    the network reads."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="participants")
    public_id = models.CharField(max_length=16, default=new_public_id, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_participations",
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_participations",
    )
    display_name = models.CharField(_("display name"), max_length=80)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_participations",
    )
    organisation_text = models.CharField(_("organisation (as typed)"), max_length=200, blank=True)
    secret_hash = models.CharField(max_length=64, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_once_per_board",
            ),
            models.UniqueConstraint(fields=["board", "public_id"], name="participant_public_id"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return self.organisation_text


class Theme(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("label"), max_length=200)
    suggested_label = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class Note(models.Model):
    """A sticky note, idea, persona card or story (the kind comes from the
    board's method). Deleting keeps the row (deleted_at) so that a phone
    resending it offline does not bring it back, and moderation is traceable."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    client_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, default="note")
    zone = models.CharField(_("zone"), max_length=40)
    text = models.TextField(_("text"))
    fields = models.JSONField(default=dict, blank=True)
    tags = models.JSONField(default=list, blank=True)
    round = models.CharField(_("round"), max_length=40, blank=True)
    x = models.FloatField(null=True, blank=True)
    y = models.FloatField(null=True, blank=True)
    color = models.CharField(max_length=20, blank=True)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_notes"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_notes"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_notes"
    )
    # The note created its stakeholder (and so moves and removes it); a
    # stakeholder the lab entered itself is only linked.
    owns_stakeholder = models.BooleanField(default=False)
    private = models.BooleanField(default=False)
    anonymous = models.BooleanField(default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = pgettext_lazy("board", "notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "client_id"], name="note_client_id_once"),
        ]
        indexes = [models.Index(fields=["board", "deleted_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class NoteLink(models.Model):
    """A note pointing at a note in the layer below (iceberg, causal layers)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="links_in")
    created_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="note_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class Vote(models.Model):
    """One dot on a note."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "client_id"], name="vote_client_id_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.note_id}"


class Comment(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="comments")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="comments")
    client_id = models.CharField(max_length=64)
    text = models.TextField(_("comment"))
    anonymous = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "client_id"], name="comment_client_id_once"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Persona(models.Model):
    """A persona of a lab, reusable across boards and (later) proposals. A
    persona card on a persona-canvas board keeps its persona up to date."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="personas")
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="personas"
    )
    note = models.OneToOneField(
        Note, null=True, blank=True, on_delete=models.SET_NULL, related_name="persona"
    )
    name = models.CharField(_("name"), max_length=200)
    fields = models.JSONField(_("canvas"), default=dict, blank=True)
    vulnerable_groups = models.JSONField(_("vulnerable groups"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
