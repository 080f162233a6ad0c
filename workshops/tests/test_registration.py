"""Registration with capacity and a waiting list: the services and the pages."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEntry
from directory.models import Person
from workshops import services as workshop_services
from workshops.models import Registration
from workshops.services import registration as services
from workshops.tests.conftest import in_english, person

R = Registration.Status

# Races need real concurrent connections: SQLite's test database lives in
# memory, shared between threads without a busy timeout. scripts/test runs
# the suite on PostgreSQL too, where these run.
on_sqlite = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
    reason="needs PostgreSQL: SQLite's in-memory test database has no busy timeout",
)


def people(n: int, prefix: str = "ผู้เข้าร่วม") -> list[Person]:
    return [person(f"{prefix} {i}") for i in range(n)]


def statuses(workshop) -> dict[str, str]:
    return {
        r.person.first_name_th: r.status
        for r in Registration.objects.filter(workshop=workshop).select_related("person")
    }


@pytest.fixture
def small(workshop, alice):
    """The workshop with two places and one future session."""
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=2)
    start = timezone.now() + dt.timedelta(days=7)
    workshop_services.session_add(
        workshop=workshop,
        by=alice,
        title_th="วันแรก",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    return workshop


# --- Services ------------------------------------------------------------------------


def test_it_registers_up_to_capacity_then_waitlists(small, alice):
    a, b, c, d = people(4)
    assert services.registration_create(workshop=small, person=a, by=alice).status == R.REGISTERED
    assert services.registration_create(workshop=small, person=b, by=alice).status == R.REGISTERED
    third = services.registration_create(workshop=small, person=c, by=alice)
    fourth = services.registration_create(workshop=small, person=d, by=alice)
    assert (third.status, fourth.status) == (R.WAITLISTED, R.WAITLISTED)
    assert services.waitlist_position(third) == 1
    assert services.waitlist_position(fourth) == 2
    counts = services.registration_counts(small)
    assert (counts.registered, counts.waitlisted, counts.places_left) == (2, 2, 0)
    assert AuditEntry.objects.filter(action="workshops.registration.create").count() == 4


def test_a_workshop_without_capacity_never_waitlists(workshop, alice):
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=None)
    for someone in people(40):
        assert (
            services.registration_create(workshop=workshop, person=someone, by=alice).status
            == R.REGISTERED
        )


def test_a_capacity_of_one_holds_exactly_one(workshop, alice):
    workshop_services.workshop_update(workshop=workshop, by=alice, capacity=1)
    a, b = people(2)
    services.registration_create(workshop=workshop, person=a, by=alice)
    services.registration_create(workshop=workshop, person=b, by=alice)
    assert statuses(workshop) == {a.first_name_th: R.REGISTERED, b.first_name_th: R.WAITLISTED}


def test_it_refuses_to_register_someone_twice_and_changes_nothing(small, alice):
    a, b, c = people(3)
    services.registration_create(workshop=small, person=a, by=alice)
    with (
        pytest.raises(ValidationError, match="already registered") as twice,
        translation.override("en"),
    ):
        services.registration_create(workshop=small, person=a, by=alice)
    assert twice.value.code == "registered"
    services.registration_create(workshop=small, person=b, by=alice)
    services.registration_create(workshop=small, person=c, by=alice)
    with (
        pytest.raises(ValidationError, match="already on the waiting list") as waiting,
        translation.override("en"),
    ):
        services.registration_create(workshop=small, person=c, by=alice)
    assert waiting.value.code == "waitlisted"
    assert Registration.objects.filter(workshop=small).count() == 3
    assert AuditEntry.objects.filter(action="workshops.registration.create").count() == 3


def test_a_cancellation_moves_the_first_in_line_up(small, alice):
    a, b, c, d = people(4)
    for someone in (a, b, c, d):
        services.registration_create(workshop=small, person=someone, by=alice)
    first = Registration.objects.get(workshop=small, person=a)
    promoted = services.registration_cancel(registration=first, by=alice)
    assert promoted is not None and promoted.person == c
    assert statuses(small) == {
        a.first_name_th: R.CANCELLED,
        b.first_name_th: R.REGISTERED,
        c.first_name_th: R.REGISTERED,
        d.first_name_th: R.WAITLISTED,
    }
    assert Registration.objects.get(workshop=small, person=a).cancelled_at is not None
    assert services.waitlist_position(Registration.objects.get(workshop=small, person=d)) == 1
    assert AuditEntry.objects.filter(action="workshops.registration.cancel").count() == 1
    promote = AuditEntry.objects.get(action="workshops.registration.promote")
    assert promote.object_id == str(promoted.pk)


def test_leaving_the_waiting_list_frees_no_place(small, alice):
    a, b, c, d = people(4)
    for someone in (a, b, c, d):
        services.registration_create(workshop=small, person=someone, by=alice)
    assert (
        services.registration_cancel(registration=Registration.objects.get(person=c), by=alice)
        is None
    )
    assert statuses(small)[d.first_name_th] == R.WAITLISTED
    assert services.registration_counts(small).registered == 2


def test_it_never_goes_over_capacity_through_any_sequence(small, alice):
    crowd = people(8)
    for someone in crowd:
        services.registration_create(workshop=small, person=someone, by=alice)
    for someone in crowd[:5]:
        registration = Registration.objects.get(workshop=small, person=someone)
        if registration.status != R.CANCELLED:
            services.registration_cancel(registration=registration, by=alice)
        assert services.registration_counts(small).registered <= 2
    # Registering again after cancelling puts one at the back of the queue.
    again = services.registration_create(workshop=small, person=crowd[0], by=alice)
    assert again.status == R.WAITLISTED
    assert services.waitlist_position(again) == 2
    assert services.registration_counts(small).registered == 2


def test_cancelling_twice_is_refused(small, alice):
    a = people(1)[0]
    registration = services.registration_create(workshop=small, person=a, by=alice)
    services.registration_cancel(registration=registration, by=alice)
    with (
        pytest.raises(ValidationError, match="already cancelled") as caught,
        translation.override("en"),
    ):
        services.registration_cancel(registration=registration, by=alice)
    assert caught.value.code == "cancelled"


def test_raising_the_capacity_and_filling_gives_places_in_order(small, alice):
    crowd = people(5)
    for someone in crowd:
        services.registration_create(workshop=small, person=someone, by=alice)
    workshop_services.workshop_update(workshop=small, by=alice, capacity=4)
    # Raising the capacity moves the waiting list up at once, in order.
    now = statuses(small)
    assert [now[p.first_name_th] for p in crowd] == [R.REGISTERED] * 4 + [R.WAITLISTED]
    assert AuditEntry.objects.filter(action="workshops.registration.promote").count() == 2
    assert services.waitlist_fill(workshop=small, by=alice) == []


def test_a_newcomer_does_not_jump_the_queue_after_the_capacity_grows(small, alice):
    crowd = people(3)
    for someone in crowd:
        services.registration_create(workshop=small, person=someone, by=alice)
    workshop_services.workshop_update(workshop=small, by=alice, capacity=3)
    late = person("มาทีหลัง")
    assert (
        services.registration_create(workshop=small, person=late, by=alice).status == R.WAITLISTED
    )
    assert statuses(small)[crowd[2].first_name_th] == R.REGISTERED


def test_a_past_workshop_refuses_registration_and_cancellation(workshop, alice):
    from workshops.tests.conftest import at

    someone, other = people(2)
    registration = services.registration_create(workshop=workshop, person=someone, by=alice)
    workshop_services.session_add(
        workshop=workshop, by=alice, title_th="ผ่านไปแล้ว", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    workshop.refresh_from_db()
    with (
        pytest.raises(ValidationError, match="Registration is closed") as create,
        translation.override("en"),
    ):
        services.registration_create(workshop=workshop, person=other, by=alice)
    with (
        pytest.raises(ValidationError, match="Registration is closed") as cancel,
        translation.override("en"),
    ):
        services.registration_cancel(registration=registration, by=alice)
    assert create.value.code == cancel.value.code == "closed"
    assert not Registration.objects.filter(person=other).exists()
    assert Registration.objects.get(pk=registration.pk).status == R.REGISTERED


def test_register_user_creates_the_person_of_an_account_without_one(small, charlie):
    assert not Person.objects.filter(user=charlie).exists()
    registration = services.register_user(workshop=small, user=charlie)
    assert registration.person.user == charlie
    assert registration.status == R.REGISTERED


def test_a_refused_self_registration_leaves_no_person_behind(workshop, alice, charlie):
    from workshops.tests.conftest import at

    workshop_services.session_add(
        workshop=workshop, by=alice, title_th="ผ่านไปแล้ว", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    workshop.refresh_from_db()
    with pytest.raises(ValidationError):
        services.register_user(workshop=workshop, user=charlie)
    assert not Person.objects.filter(user=charlie).exists()


@pytest.mark.postgres
@on_sqlite
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_simultaneous_registrations_for_the_last_place_cannot_overfill(small, alice):
    """Five threads race for the last place; the row lock lets one win."""
    crowd = people(6)
    services.registration_create(workshop=small, person=crowd[0], by=alice)
    barrier = threading.Barrier(5)
    errors: list[BaseException] = []

    def register(someone: Person) -> None:
        try:
            barrier.wait()
            services.registration_create(workshop=small, person=someone, by=None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in crowd[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = services.registration_counts(small)
    assert (counts.registered, counts.waitlisted) == (2, 4)


@pytest.mark.postgres
@on_sqlite
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_simultaneous_cancellations_promote_each_waiting_person_once(small, alice):
    crowd = people(5)
    for someone in crowd:
        services.registration_create(workshop=small, person=someone, by=alice)
    registered = list(Registration.objects.filter(workshop=small, status=R.REGISTERED))
    barrier = threading.Barrier(2)

    def cancel(registration: Registration) -> None:
        try:
            barrier.wait()
            services.registration_cancel(registration=registration, by=None)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in registered]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses(small) == {
        crowd[0].first_name_th: R.CANCELLED,
        crowd[1].first_name_th: R.CANCELLED,
        crowd[2].first_name_th: R.REGISTERED,
        crowd[3].first_name_th: R.REGISTERED,
        crowd[4].first_name_th: R.WAITLISTED,
    }
    assert AuditEntry.objects.filter(action="workshops.registration.promote").count() == 2


# --- Pages ---------------------------------------------------------------------------


def register_url(workshop) -> str:
    return reverse("workshops:register", args=[workshop.pk])


def cancel_url(workshop) -> str:
    return reverse("workshops:cancel", args=[workshop.pk])


def test_a_member_registers_themselves_and_sees_it(small, client_for, erin):
    client = client_for(erin)
    response = client.post(register_url(small), follow=True)
    assert response.status_code == 200
    assert 'data-status="registered"' in response.content.decode()
    assert Registration.objects.get(workshop=small, person=erin.person).status == R.REGISTERED


def test_registration_past_capacity_says_the_place_on_the_waiting_list(
    small, client_for, erin, alice
):
    for someone in people(2):
        services.registration_create(workshop=small, person=someone, by=alice)
    client = client_for(in_english(erin))
    response = client.post(register_url(small), follow=True)
    page = response.content.decode()
    assert 'data-status="waitlisted"' in page
    messages = [str(m) for m in response.context["messages"]]
    assert any("waiting list" in m and "1" in m for m in messages)
    assert services.registration_counts(small).registered == 2


def test_a_facilitator_registers_someone_else(small, client_for, dana):
    someone = person("สมหญิง")
    response = client_for(dana).post(register_url(small), {"person": f"สมหญิง #{someone.pk}"})
    assert response.status_code == 302
    assert Registration.objects.get(workshop=small, person=someone).status == R.REGISTERED


def test_a_participant_may_not_register_someone_else(small, client_for, erin):
    someone = person("สมหญิง")
    response = client_for(erin).post(register_url(small), {"person": str(someone.pk)})
    assert response.status_code == 403
    assert not Registration.objects.filter(person=someone).exists()


def test_registering_someone_twice_shows_the_error_by_the_field(small, client_for, dana, alice):
    someone = person("สมหญิง")
    services.registration_create(workshop=small, person=someone, by=alice)
    response = client_for(in_english(dana)).post(register_url(small), {"person": str(someone.pk)})
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(person=someone).count() == 1


def test_a_closed_workshop_refuses_with_a_message(workshop, client_for, erin, alice):
    from workshops.tests.conftest import at

    workshop_services.session_add(
        workshop=workshop, by=alice, title_th="ผ่านไปแล้ว", starts_at=at(1, 9), ends_at=at(1, 12)
    )
    response = client_for(in_english(erin)).post(register_url(workshop), follow=True)
    assert any("Registration is closed" in str(m) for m in response.context["messages"])
    assert not Registration.objects.filter(workshop=workshop).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(small, client):
    response = client.post(register_url(small))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()
    page = client.get(register_url(small))
    assert page.status_code == 200 and 'data-list="registered"' not in page.content.decode()


def test_a_member_cancels_their_own_registration_and_the_next_moves_up(
    small, client_for, erin, alice
):
    services.register_user(workshop=small, user=erin)
    first, waiting = people(2)
    services.registration_create(workshop=small, person=first, by=alice)
    services.registration_create(workshop=small, person=waiting, by=alice)
    response = client_for(in_english(erin)).post(cancel_url(small), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("moved up" in m for m in messages)
    assert statuses(small)[waiting.first_name_th] == R.REGISTERED


def test_a_participant_may_not_cancel_someone_elses_registration(small, client_for, erin, alice):
    registration = services.registration_create(workshop=small, person=person("คนอื่น"), by=alice)
    response = client_for(erin).post(cancel_url(small), {"registration": registration.pk})
    assert response.status_code == 403
    assert Registration.objects.get(pk=registration.pk).status == R.REGISTERED


def test_a_facilitator_cancels_from_the_list(small, client_for, dana, alice):
    registration = services.registration_create(workshop=small, person=person("คนอื่น"), by=alice)
    page = client_for(dana).get(register_url(small)).content.decode()
    assert 'data-list="registered"' in page and "คนอื่น" in page
    response = client_for(dana).post(cancel_url(small), {"registration": registration.pk})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == R.CANCELLED


def test_a_registration_of_another_workshop_cannot_be_cancelled_here(
    small, client_for, dana, lab, alice
):
    other = workshop_services.workshop_create(by=alice, lab=lab, title_th="อีกงาน")
    registration = services.registration_create(workshop=other, person=person("คนอื่น"), by=alice)
    response = client_for(dana).post(cancel_url(small), {"registration": registration.pk})
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == R.REGISTERED


def test_the_registration_page_costs_a_fixed_number_of_queries(
    small, client_for, dana, alice, django_assert_max_num_queries
):
    from directory.services import organisation_create

    org = organisation_create(by=None, name_th="กรมทดสอบ", sector="gov_local", kind="office")
    for someone in people(3):
        services.registration_create(workshop=small, person=someone, by=alice)
    client = client_for(dana)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as few:
        client.get(register_url(small))
    for i in range(20):
        services.registration_create(
            workshop=small, person=person(f"อีก {i}", organisation=org), by=alice
        )
    with CaptureQueriesContext(conn) as many:
        client.get(register_url(small))
    assert len(many) == len(few)
