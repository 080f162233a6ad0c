"""Reminders: each owner's digest of actions late or due soon.

`manage.py send_reminders` (run daily from cron) calls `send_reminders`.
An owner is the account of an action's owner (`Action.owner.user`),
active and with an e-mail address; open actions count when they are late
or due within DUE_SOON_DAYS. Each owner gets one e-mail in their language
(text and HTML) and one in-app notification.

Once a day per owner: a `ReminderLog` row (unique per user and date) is
claimed first, in a short transaction of its own, with `emailed` off. The
e-mail goes out after that commits, with no transaction open (an SMTP
server that hangs, up to EMAIL_TIMEOUT, holds no database lock); then the
row is marked emailed and the in-app notification written. A second run,
or one at the same moment, finds the row and skips. A refused e-mail gives
the claim up, so the next run tries again; a claim left by a run that died
mid-send is taken over by a run CLAIM_TIMEOUT later.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import smtplib
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from actions.models import DUE_SOON_DAYS, Action, Notification, ReminderLog, Status
from actions.services.notifications import notify
from workshops.calendar import absolute_url

logger = logging.getLogger(__name__)

# A claim older than this whose e-mail never went out belongs to a run that
# died: another run takes it over. Far above a send's EMAIL_TIMEOUTs.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)


@dataclass
class Digest:
    user: Any
    late: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        return self.late + self.due_soon


@dataclass
class Summary:
    sent: list[Digest] = field(default_factory=list)
    already_sent: int = 0
    failed: list[Digest] = field(default_factory=list)
    # A dry run lists what it would send here, and sends nothing.
    would_send: list[Digest] = field(default_factory=list)


def digests(today: dt.date) -> list[Digest]:
    """Owners with actions late or due soon on `today`, in one query."""
    # The dashboards' own definitions of late and due soon (actions.models).
    wanted = Action.objects.late(today) | Action.objects.due_soon(today)
    actions = (
        wanted.with_status(today)
        .filter(owner__user__is_active=True)
        .exclude(owner__user__email="")
        .select_related("owner__user", "plan", "lab")
        .order_by("owner__user_id", "due_date", "pk")
    )
    result = []
    for _user_id, group in itertools.groupby(actions, key=lambda a: a.owner.user_id):  # type: ignore[union-attr]
        owned = list(group)
        digest = Digest(user=owned[0].owner.user)  # type: ignore[union-attr]
        for action in owned:
            (digest.late if action.status == Status.LATE else digest.due_soon).append(action)
        result.append(digest)
    return result


def _email(digest: Digest, today: dt.date) -> EmailMultiAlternatives:
    def item(action: Action) -> dict[str, Any]:
        assert action.due_date is not None
        return {
            "action": action,
            "url": absolute_url(action.get_absolute_url()),
            "days": abs((action.due_date - today).days),
        }

    context = {
        "user": digest.user,
        "late": [item(action) for action in digest.late],
        "due_soon": [item(action) for action in digest.due_soon],
        "days": DUE_SOON_DAYS,
        "today": today,
        "commitments_url": absolute_url(reverse("actions:commitments")),
        "notifications_url": absolute_url(reverse("actions:notifications")),
    }
    subject = " ".join(render_to_string("actions/email/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string("actions/email/digest_body.txt", context),
        None,
        [digest.user.email],
    )
    message.attach_alternative(
        render_to_string("actions/email/digest_body.html", context), "text/html"
    )
    return message


def _claim(digest: Digest, today: dt.date) -> ReminderLog | None:
    """The day's row for this owner, claimed by this run; None when another
    run sent the digest or is sending it."""
    now = timezone.now()
    row = {"action_ids": [action.pk for action in digest.actions], "email": digest.user.email}
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(user=digest.user, date=today, sent_at=now, **row)
    except IntegrityError:
        existing = ReminderLog.objects.filter(user=digest.user, date=today).first()
        if existing is None:
            raise  # not the one-digest-a-day constraint
    if existing.emailed or existing.sent_at > now - CLAIM_TIMEOUT:
        return None
    # Taken over only if no other run took it over first.
    taken = ReminderLog.objects.filter(
        pk=existing.pk, emailed=False, sent_at=existing.sent_at
    ).update(sent_at=now, **row)
    if not taken:
        return None
    existing.sent_at = now
    return existing


def _send(digest: Digest, today: dt.date) -> bool:
    """Claim, e-mail, then record and notify one digest; False if another
    run has it. A refused e-mail gives the claim up and raises."""
    log = _claim(digest, today)
    if log is None:
        return False
    try:
        with translation.override(digest.user.language or "th"):
            _email(digest, today).send()
    except Exception:
        ReminderLog.objects.filter(pk=log.pk, emailed=False, sent_at=log.sent_at).delete()
        raise
    with transaction.atomic():
        ReminderLog.objects.filter(pk=log.pk).update(emailed=True, sent_at=timezone.now())
        notify(
            users=[digest.user],
            kind=Notification.Kind.DIGEST,
            title=gettext_noop("Your actions: %(late)s late, %(soon)s due soon"),
            body=gettext_noop(
                "Actions you own that are late or due within %(days)s days. "
                "Update their progress from your commitments."
            ),
            params={
                "late": len(digest.late),
                "soon": len(digest.due_soon),
                "days": DUE_SOON_DAYS,
            },
            url=reverse("actions:commitments"),
        )
    return True


def send_reminders(*, today: dt.date, dry_run: bool = False) -> Summary:
    summary = Summary()
    sent_today = set(
        ReminderLog.objects.filter(date=today, emailed=True).values_list("user_id", flat=True)
    )
    for digest in digests(today):
        if digest.user.pk in sent_today:
            summary.already_sent += 1
        elif dry_run:
            summary.would_send.append(digest)
        else:
            try:
                sent = _send(digest, today)
            except (smtplib.SMTPException, OSError):
                logger.exception("Reminder to user %s not sent", digest.user.pk)
                summary.failed.append(digest)
                continue
            if sent:
                summary.sent.append(digest)
            else:
                summary.already_sent += 1
    return summary
