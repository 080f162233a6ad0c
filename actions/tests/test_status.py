"""'Late' is derived, never typed: the Python rule and the SQL rule agree."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, Status
from actions.services.plans import action_update, progress_add
from actions.tests.conftest import make_action

TODAY = dt.date(2026, 11, 21)


@pytest.mark.django_db
def test_status_in_python_and_sql_agree(plan, opdc):
    cases = itertools.product(
        ["not_started", "on_track", "at_risk", "done", "dropped"],
        [0, 40, 100],
        [None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=3)],
    )
    made = []
    for state, percent, due in cases:
        made.append(
            make_action(
                plan,
                f"{state} {percent} {due}",
                lead=opdc,
                state=state,
                percent_complete=percent,
                due_date=due,
            )
        )
    annotated = {a.pk: a.current_status for a in Action.objects.with_status(TODAY)}
    for action in made:
        assert annotated[action.pk] == action.status_on(TODAY), action.title_th
    late = [a for a in made if a.status_on(TODAY) == Status.LATE]
    assert late and all(a.due_date < TODAY for a in late)
    assert all(a.state not in ("done", "dropped") and a.percent_complete < 100 for a in late)


@pytest.mark.django_db
def test_late_cannot_be_typed(action, dana):
    with pytest.raises(ValidationError) as error:
        action_update(action=action, by=dana, state="late")
    assert "state" in error.value.message_dict
    action.refresh_from_db()
    assert action.state == "not_started"


@pytest.mark.django_db
def test_progress_moves_the_action(action, dana):
    progress_add(action=action, by=dana, text="ร่างคู่มือเสร็จแล้ว", percent_complete=60)
    action.refresh_from_db()
    assert (action.percent_complete, action.state) == (60, "on_track")
    assert action.last_update_at is not None
    progress_add(action=action, by=dana, text="เผยแพร่แล้ว", percent_complete=100)
    action.refresh_from_db()
    assert action.state == "done" and action.completed_on is not None


@pytest.mark.django_db
def test_dependencies_refuse_a_circle(plan, opdc, dana):
    first = make_action(plan, "หนึ่ง", lead=opdc)
    second = make_action(plan, "สอง", lead=opdc, depends_on=[first])
    with pytest.raises(ValidationError):
        action_update(action=first, by=dana, depends_on=[second])
    assert list(first.depends_on.all()) == []


@pytest.mark.django_db
def test_an_edit_that_puts_an_action_at_risk_tells_those_who_run_the_lab(action, dana, alice):
    from actions.models import Notification

    action_update(action=action, by=alice, state="at_risk")
    assert Notification.objects.filter(user=dana, title__contains=action.title_th).exists()
    assert action.updates.get().state == "at_risk"
