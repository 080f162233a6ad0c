"""The notifications page, opening a notification, and the header's count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Notification
from actions.services.notifications import notify
from workshops.tests.conftest import in_english

pytestmark = pytest.mark.django_db

LIST = reverse("actions:notifications")


def note(user, title: str, url: str = "/labs/") -> Notification:
    return notify(users=[user], kind=Notification.Kind.UPDATE, title=title, url=url)[0]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the unread counter is dropped on commit)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def test_signing_in_is_needed(client):
    assert client.get(LIST).status_code == 302
    assert client.post(reverse("actions:notifications_read_all")).status_code == 302


def test_the_list_shows_my_notifications_unread_first(client_for, bob, charlie, committed):
    older = committed(note, bob, "อ่านแล้ว")
    older.read_at = older.created_at
    older.save()
    newer = committed(note, bob, "ยังไม่อ่าน")
    committed(note, charlie, "ของคนอื่น")
    page = client_for(bob).get(LIST)
    assert [n.pk for n in page.context["notifications"]] == [newer.pk, older.pk]
    html = page.content.decode()
    assert "ของคนอื่น" not in html
    assert 'class="nav-count"' in html


def test_marking_one_and_all_read(client_for, bob, committed):
    first, second = committed(note, bob, "หนึ่ง"), committed(note, bob, "สอง")
    viewer = client_for(bob)
    response = committed(viewer.post, LIST, {"notification": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert viewer.get(LIST).context["unread_notifications"] == 1
    committed(viewer.post, reverse("actions:notifications_read_all"))
    assert not Notification.objects.filter(user=bob, read_at__isnull=True).exists()
    assert "unread_notifications" not in viewer.get(LIST).context or (
        viewer.get(LIST).context["unread_notifications"] == 0
    )


def test_someone_elses_notification_is_not_found(client_for, bob, charlie):
    theirs = note(charlie, "ของคนอื่น")
    viewer = client_for(bob)
    assert viewer.post(LIST, {"notification": theirs.pk}).status_code == 404
    assert viewer.post(reverse("actions:notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_and_follows_a_local_link(client_for, bob):
    viewer = client_for(bob)
    local = note(bob, "ไปที่ห้องปฏิบัติการ", url="/labs/?q=1")
    response = viewer.post(reverse("actions:notification_read", args=[local.pk]))
    assert (response.status_code, response.url) == (302, "/labs/?q=1")
    local.refresh_from_db()
    assert local.read_at is not None
    for url in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
    ):
        other = note(bob, "ลิงก์", url=url)
        response = viewer.post(reverse("actions:notification_read", args=[other.pk]))
        assert response.url == LIST, url


def test_opening_takes_a_post(client_for, bob):
    item = note(bob, "หนึ่ง")
    assert (
        client_for(bob).get(reverse("actions:notification_read", args=[item.pk])).status_code == 405
    )


def test_the_page_costs_a_fixed_number_of_queries(client_for, bob):
    viewer = client_for(bob)
    note(bob, "หนึ่ง")
    viewer.get(LIST)
    with CaptureQueriesContext(connection) as few:
        viewer.get(LIST)
    for number in range(20):
        note(bob, f"เรื่อง {number}")
    with CaptureQueriesContext(connection) as many:
        viewer.get(LIST)
    assert len(many) == len(few)


def test_the_header_count_is_a_cache_read_once_warm(client_for, bob, committed):
    committed(note, bob, "หนึ่ง")
    viewer = client_for(bob)  # signing in warms the count
    with CaptureQueriesContext(connection) as queries:
        html = viewer.get(reverse("directory:home")).content.decode()
    assert not [q for q in queries.captured_queries if "actions_notification" in q["sql"]]
    assert 'data-unread="1"' in html


def test_the_header_links_by_who_is_signed_in(client, client_for, charlie):
    html = client.get(reverse("directory:home")).content.decode()
    assert reverse("actions:dashboards") in html
    assert reverse("actions:commitments") not in html
    assert LIST not in html
    html = client_for(in_english(charlie)).get(reverse("directory:home")).content.decode()
    assert reverse("actions:commitments") in html and "My commitments" in html
    assert f'href="{LIST}"' in html


def test_an_action_is_named_in_each_recipients_language(plan, opdc, dana, erin):
    from actions.services.plans import action_update
    from actions.tests.conftest import make_action

    action = make_action(plan, "จัดทำคู่มือ", lead=opdc, title_en="Write the manual", by=dana)
    action_update(action=action, by=dana, owner=erin.person)
    thai = erin.notifications.get()
    assert "จัดทำคู่มือ" in thai.title and "แผนปฏิบัติการร่วม" in thai.body
    in_english(erin)
    action_update(action=action, by=dana, owner=None)
    action_update(action=action, by=dana, owner=erin.person)
    english = erin.notifications.exclude(pk=thai.pk).get()
    assert "Write the manual" in english.title and "Joint action plan" in english.body


def test_a_callable_parameter_is_called_in_the_recipients_language(bob, charlie):
    from django.utils.translation import get_language

    in_english(charlie)
    rows = notify(
        users=[bob, charlie],
        kind=Notification.Kind.UPDATE,
        title="%(language)s",
        params={"language": get_language},
    )
    assert {row.user: row.title for row in rows} == {bob: "th", charlie: "en"}
