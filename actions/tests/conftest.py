"""Outputs fixtures on top of the workshop ones (workshops/tests/conftest.py).

lab       — public lab; dana facilitates, erin takes part (from workshops)
plan      — a joint action plan of `lab`
action(plan, title, lead=opdc, ...) — an action made through the service
bob       — focal point of OPDC (root conftest), so of actions OPDC leads
"""

from __future__ import annotations

import datetime as dt

import pytest

from workshops.tests.conftest import (  # noqa: F401 - fixtures shared with the workshops tests
    dana,
    erin,
    in_english,
    lab,
    make_lab,
    member,
    person,
    private_lab,
    workshop,
)


@pytest.fixture
def plan(lab, dana):  # noqa: F811 - the imported fixtures, requested
    from actions.services.plans import plan_create

    return plan_create(lab=lab, by=dana, title_th="แผนปฏิบัติการร่วม", title_en="Joint action plan")


def make_action(plan, title_th: str = "จัดทำคู่มือ", *, lead, supporting=(), by=None, **fields):
    from actions.services.plans import action_create

    fields.setdefault("due_date", dt.date.today() + dt.timedelta(days=30))
    return action_create(
        plan=plan, by=by, title_th=title_th, lead_agency=lead, supporting=list(supporting), **fields
    )


@pytest.fixture
def action(plan, opdc, ocsc, dana):  # noqa: F811
    return make_action(plan, "จัดทำคู่มือการบริการประชาชน", lead=opdc, supporting=[ocsc], by=dana)
