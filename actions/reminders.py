"""Reminders: each owner's digest of actions late or due soon.

`manage.py send_reminders` (run daily from cron) calls `send_reminders`.
An owner is the account of an action's owner (`Action.owner.user`),
active and with an e-mail address; open actions count when they are late
or due within DUE_SOON_DAYS. Each owner gets one e-mail in their language
(text and HTML) and one in-app notification.

Once a day per owner: a `ReminderLog` row (unique per user and date) is
written first, in the same transaction as the notification and the e-mail.
A second run finds the row and skips; a run at the same moment waits on the
uncommitted row and then skips. A refused e-mail rolls the row back, so the
next run tries again.
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
from django.utils import translation
from django.utils.translation import gettext_noop

from actions.models import DUE_SOON_DAYS, Action, Notification, ReminderLog
from actions.services.notifications import notify
from workshops.calendar import absolute_url

logger = logging.getLogger(__name__)


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
    actions = (
        Action.objects.open()
        .filter(
            percent_complete__lt=100,
            due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
            owner__user__is_active=True,
        )
        .exclude(owner__user__email="")
        .select_related("owner__user", "plan", "lab")
        .order_by("owner__user_id", "due_date", "pk")
    )
    result = []
    for _user_id, group in itertools.groupby(actions, key=lambda a: a.owner.user_id):  # type: ignore[union-attr]
        owned = list(group)
        digest = Digest(user=owned[0].owner.user)  # type: ignore[union-attr]
        for action in owned:
            assert action.due_date is not None  # filtered above
            (digest.late if action.due_date < today else digest.due_soon).append(action)
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


def _send(digest: Digest, today: dt.date) -> bool:
    """Record, notify and e-mail one digest; False if it went out already today."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                user=digest.user,
                date=today,
                action_ids=[action.pk for action in digest.actions],
                email=digest.user.email,
            )
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
            with translation.override(digest.user.language or "th"):
                _email(digest, today).send()
            log.emailed = True
            log.save(update_fields=["emailed"])
    except IntegrityError:
        return False
    return True


def send_reminders(*, today: dt.date, dry_run: bool = False) -> Summary:
    summary = Summary()
    sent_today = set(ReminderLog.objects.filter(date=today).values_list("user_id", flat=True))
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
