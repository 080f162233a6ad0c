"""manage.py send_reminders: one digest per owner per day, in their language."""

from __future__ import annotations

import datetime as dt
import io
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import User
from actions.models import Notification, ReminderLog, Status
from actions.reminders import CLAIM_TIMEOUT, Digest, _send, digests
from actions.tests.conftest import make_action
from workshops.tests.conftest import person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)


def owner(email: str, name: str, *, language: str = "th", active: bool = True):
    user = User.objects.create_user(
        email=email, password="x" * 12, display_name=name, language=language, is_active=active
    )
    return person(name, user=user), user


@pytest.fixture
def owners(plan, opdc, dana):
    thai_person, thai = owner("somsri@opdc.test", "สมศรี")
    english_person, english = owner("erin@ocsc.test", "Erin", language="en")
    gone_person, _gone = owner("gone@opdc.test", "ออกแล้ว", active=False)
    no_account = person("ไม่มีบัญชี")

    def add(title_th, who, days, **fields):
        return make_action(
            plan,
            title_th,
            lead=opdc,
            by=dana,
            owner=who,
            due_date=TODAY + dt.timedelta(days=days),
            **fields,
        )

    late = add("ส่งรายงานฉบับร่าง", thai_person, -3, title_en="Draft report")
    soon = add("จัดประชุมหน่วยงาน", thai_person, 2)
    add("งานอีกนาน", thai_person, 30)
    add("เสร็จแล้วแต่เลยกำหนด", thai_person, -5, state=Status.DONE)
    add("ยกเลิก", thai_person, -5, state=Status.DROPPED)
    add("ครบร้อยละร้อย", thai_person, -5, percent_complete=100)
    english_soon = add("อบรมเจ้าหน้าที่", english_person, 7, title_en="Train the staff")
    add("ไม่มีผู้รับ", gone_person, -1)
    add("ไม่มีบัญชี", no_account, -1)
    return {
        "thai": thai,
        "english": english,
        "late": late,
        "soon": soon,
        "english_soon": english_soon,
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_owners_of_late_and_due_soon_actions_get_one_digest(owners):
    found = {d.user: d for d in digests(TODAY)}
    assert set(found) == {owners["thai"], owners["english"]}
    assert found[owners["thai"]].late == [owners["late"]]
    assert found[owners["thai"]].due_soon == [owners["soon"]]
    assert found[owners["english"]].due_soon == [owners["english_soon"]]


def test_running_twice_sends_each_digest_once(owners, charlie):
    output = run()
    assert "2 digests sent, 0 already sent today, 0 failed" in output
    assert sorted(m.to[0] for m in mail.outbox) == ["erin@ocsc.test", "somsri@opdc.test"]
    assert "2 already sent today" in run()
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.count() == 2
    log = ReminderLog.objects.get(user=owners["thai"])
    assert (log.date, log.emailed) == (TODAY, True)
    assert sorted(log.action_ids) == sorted([owners["late"].pk, owners["soon"].pk])
    assert Notification.objects.filter(kind=Notification.Kind.DIGEST).count() == 2
    assert not Notification.objects.filter(user=charlie).exists()


def test_each_owner_reads_their_own_language_with_links(owners):
    run()
    by_address = {m.to[0]: m for m in mail.outbox}
    thai = by_address["somsri@opdc.test"]
    english = by_address["erin@ocsc.test"]
    # Thai: Buddhist-era dates and the Thai titles; English: Common Era.
    assert "ส่งรายงานฉบับร่าง" in thai.body and "2569" in thai.body
    assert "Draft report" not in thai.body
    assert "Train the staff" in english.body and "2026" in english.body
    assert "2569" not in english.body
    assert "in 7 days" in english.body
    link = settings.SITE_URL.rstrip("/") + owners["late"].get_absolute_url()
    assert link in thai.body
    html, kind = thai.alternatives[0]
    assert kind == "text/html"
    assert f'href="{link}"' in html and 'lang="th"' in html
    assert 'lang="en"' in english.alternatives[0][0]


def test_a_late_action_says_how_late(owners):
    from django.utils import translation

    with translation.override("en"):
        owners["thai"].language = "en"
        owners["thai"].save()
        run()
    body = next(m.body for m in mail.outbox if m.to == ["somsri@opdc.test"])
    assert "3 days late" in body
    assert "Draft report" in body


def test_a_dry_run_sends_and_records_nothing(owners):
    output = run("--dry-run")
    assert "Would send to somsri@opdc.test: 1 late, 1 due soon." in output
    assert "dry run, 2 would be sent" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.DIGEST).exists()


def test_another_date_counts_from_that_date(owners):
    out = io.StringIO()
    call_command(
        "send_reminders", "--date", (TODAY + dt.timedelta(days=40)).isoformat(), stdout=out
    )
    assert "2 digests sent" in out.getvalue()
    thai = next(m for m in mail.outbox if m.to == ["somsri@opdc.test"])
    assert "งานอีกนาน" in thai.body  # 10 days late by then


def test_a_digest_already_claimed_is_skipped_whole(owners):
    """Two runs at once: the second finds the first's row and sends nothing."""
    ReminderLog.objects.create(user=owners["thai"], date=TODAY)
    assert _send(Digest(user=owners["thai"], late=[owners["late"]]), TODAY) is False
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=Notification.Kind.DIGEST).exists()


def test_a_claim_left_by_a_run_that_died_is_taken_over(owners):
    ReminderLog.objects.create(
        user=owners["thai"], date=TODAY, sent_at=timezone.now() - CLAIM_TIMEOUT * 2
    )
    assert "2 digests sent" in run()
    assert sorted(m.to[0] for m in mail.outbox) == ["erin@ocsc.test", "somsri@opdc.test"]
    log = ReminderLog.objects.get(user=owners["thai"])
    assert log.emailed and sorted(log.action_ids) == sorted([owners["late"].pk, owners["soon"].pk])
    assert "2 already sent today" in run()
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_the_email_goes_out_with_no_transaction_open(migration_data, owners, monkeypatch):
    """An SMTP server that hangs must not hold the database: the claim is
    committed before sending, and the notification written after."""
    seen = []

    def send(self, fail_silently=False):
        claimed = ReminderLog.objects.get(email=self.to[0])
        seen.append((connection.in_atomic_block, claimed.emailed))
        assert not Notification.objects.filter(kind=Notification.Kind.DIGEST, user=claimed.user)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)
    assert "2 digests sent" in run()
    assert seen == [(False, False), (False, False)]
    assert ReminderLog.objects.filter(emailed=True).count() == 2
    assert Notification.objects.filter(kind=Notification.Kind.DIGEST).count() == 2


def test_a_refused_email_leaves_no_record_and_is_retried(owners, monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPException("relay down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    err = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=io.StringIO(), stderr=err)
    assert "Not sent to somsri@opdc.test" in err.getvalue()
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.filter(kind=Notification.Kind.DIGEST).exists()
    monkeypatch.undo()
    assert "2 digests sent" in run()


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "20/5/2569")
