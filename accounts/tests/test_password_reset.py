from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry


def test_a_password_reset_sends_a_link_that_sets_a_new_password(client, charlie):
    response = client.post(reverse("accounts:password_reset"), {"email": "charlie@moe.test"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@moe.test"]
    assert "\n" not in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    # Django swaps the token in the link for one kept in the session.
    form_url = client.get(link)["Location"]
    page = client.get(form_url)
    assert page.context["validlink"]
    response = client.post(
        form_url,
        {
            "new_password1": "a-new-and-long-passphrase",
            "new_password2": "a-new-and-long-passphrase",
        },
    )

    assert response["Location"] == reverse("accounts:password_reset_complete")
    charlie.refresh_from_db()
    assert charlie.check_password("a-new-and-long-passphrase")
    entry = AuditEntry.objects.get(action="accounts.user.set_password")
    assert entry.changes == {"via": "reset"}
    assert "a-new-and-long-passphrase" not in str(entry.changes)


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@nowhere.test"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_used_or_forged_link_is_refused(client, charlie):
    page = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "forged-token"]))

    assert page.status_code == 200
    assert not page.context["validlink"]
    assert reverse("accounts:password_reset") in page.content.decode()


def test_a_signed_in_user_changes_their_password(client_for, charlie):
    from conftest import PASSWORD

    client = client_for(charlie)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )

    assert response["Location"] == reverse("accounts:password_change_done")
    charlie.refresh_from_db()
    assert charlie.check_password("another-long-passphrase")
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    assert AuditEntry.objects.get(action="accounts.user.set_password").changes == {"via": "change"}


def test_the_reset_email_speaks_the_accounts_language(client, charlie, monkeypatch):
    from django.contrib.auth.forms import PasswordResetForm
    from django.utils import translation

    languages = []
    monkeypatch.setattr(
        PasswordResetForm,
        "send_mail",
        lambda *args, **kwargs: languages.append(translation.get_language()),
    )
    charlie.language = "en"
    charlie.save()

    client.post(reverse("accounts:password_reset"), {"email": charlie.email})  # a Thai page

    assert languages == ["en"]
