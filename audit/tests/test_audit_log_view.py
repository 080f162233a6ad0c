from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from accounts.services import user_update_profile
from audit.models import AuditEntry
from audit.services import audit_record

URL = "/audit/"


def test_the_url_is_named():
    assert reverse("audit:log") == URL


def test_an_administrator_sees_the_log(client_for, alice, opdc):
    response = client_for(alice).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "directory.organisation.create" in page
    assert opdc.get_absolute_url() in page  # the object is linked


@pytest.mark.parametrize("persona", ["bob", "charlie"])
def test_other_signed_in_users_are_refused(client_for, request, persona):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(URL)

    assert response.status_code == 403
    assert "directory.organisation" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, opdc):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_only_administrators_see_the_nav_link(client_for, alice, charlie):
    assert f'href="{URL}"' in client_for(alice).get(reverse("accounts:profile")).content.decode()
    client_for(charlie)
    assert (
        f'href="{URL}"' not in client_for(charlie).get(reverse("accounts:profile")).content.decode()
    )


def test_changes_read_as_old_to_new(client_for, alice, charlie):
    user_update_profile(user=charlie, by=alice, time_zone="Asia/Tokyo")

    page = client_for(alice).get(URL, {"action": "accounts.user.update_profile"}).content.decode()

    assert "Asia/Bangkok" in page and "Asia/Tokyo" in page
    assert page.index("Asia/Bangkok") < page.index("→") < page.index("Asia/Tokyo")


def test_it_filters_by_action_actor_object_type_and_text(client_for, alice, bob, opdc, ocsc):
    user_update_profile(user=bob, by=bob, display_name="Bobby")
    client = client_for(alice)

    def shown(**params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return [row.entry for row in response.context["rows"]]

    assert {e.action for e in shown(action="accounts.user.update_profile")} == {
        "accounts.user.update_profile"
    }
    assert [e.actor for e in shown(actor="bob@")] == [bob]
    assert [e.actor for e in shown(actor="Bobby")] == [bob]
    org_type = str(AuditEntry.objects.get(object_repr=str(ocsc)).content_type_id)
    assert {e.object_id for e in shown(object_type=org_type)} == {str(opdc.pk), str(ocsc.pk)}
    assert [e.object_id for e in shown(text="ข้าราชการพลเรือน")] == [str(ocsc.pk)]


def test_dates_are_whole_days_in_the_viewers_time_zone(client_for, alice, db):
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    early = audit_record(actor=alice, action="test.early", changes={})
    late = audit_record(actor=alice, action="test.late", changes={})
    # 00:30 on 2 March in Bangkok is still 1 March in UTC.
    AuditEntry.objects.filter(pk=early.pk).update(at=dt.datetime(2025, 3, 2, 0, 30, tzinfo=bangkok))
    AuditEntry.objects.filter(pk=late.pk).update(at=dt.datetime(2025, 3, 3, 23, 59, tzinfo=bangkok))
    client = client_for(alice)

    def shown(**params):
        return [row.entry.action for row in client.get(URL, params).context["rows"]]

    assert shown(date_from="2025-03-02", date_to="2025-03-02") == ["test.early"]
    assert shown(date_from="2025-03-03") == ["test.late"]
    assert shown(date_to="2025-03-01") == []


def test_a_reversed_date_range_is_explained(client_for, alice, db):
    response = client_for(alice).get(URL, {"date_from": "2025-03-05", "date_to": "2025-03-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_thai_page_shows_buddhist_era_dates(client_for, alice, db):
    entry = audit_record(actor=alice, action="test.dated", changes={})
    AuditEntry.objects.filter(pk=entry.pk).update(at=dt.datetime(2022, 2, 9, 10, 15, tzinfo=dt.UTC))

    page = client_for(alice).get(URL).content.decode()

    assert "9 ก.พ. 65" in page
    assert "17:15" in page  # Bangkok time


def test_a_deleted_object_is_shown_without_a_link(client_for, alice, opdc):
    url = opdc.get_absolute_url()
    opdc.delete()

    page = client_for(alice).get(URL).content.decode()

    assert "สำนักงานคณะกรรมการพัฒนาระบบราชการ" in page
    assert f'href="{url}"' not in page


def test_the_page_uses_a_fixed_number_of_queries(
    client_for, alice, django_assert_max_num_queries, db
):
    from directory.services import organisation_create

    client = client_for(alice)
    client.get(URL)  # warm the session and content-type caches
    for n in range(60):
        organisation_create(
            by=alice, name_th=f"หน่วยงานทดสอบ {n}", sector="gov_local", kind="office"
        )
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["rows"]) == 50


def test_it_pages_and_keeps_the_filters(client_for, alice, db):
    for n in range(55):
        audit_record(actor=alice, action="test.bulk", changes={"n": n})
    client = client_for(alice)

    first = client.get(URL, {"action": "test.bulk"})
    second = client.get(URL, {"action": "test.bulk", "page": 2})

    assert "action=test.bulk&amp;page=2" in first.content.decode()
    assert len(second.context["rows"]) == 5
