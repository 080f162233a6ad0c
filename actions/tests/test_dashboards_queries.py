"""Dashboards and the commitments page run a fixed number of queries,
whatever the number of actions, labs and agencies (3 actions or 30)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from actions.models import ActionPlan, Pledge, Proposal, today
from actions.services.plans import progress_add
from actions.tests.conftest import make_action
from workshops.tests.conftest import make_lab, person

TODAY = today()
STATES = ["not_started", "on_track", "at_risk", "done", "dropped"]


def build(size: int, *, opdc, ocsc, bob, dana) -> dict:
    """`size` actions over three labs (one members-only) and six agencies,
    OPDC leading or supporting each, Bob owning some; updates and pledges."""
    from directory.services import organisation_create

    agencies = [opdc, ocsc] + [
        organisation_create(
            by=None,
            name_th=f"กรมที่ {i}",
            abbreviation_th=f"ก{i}.",
            sector="gov_central",
            kind="department",
        )
        for i in range(4)
    ]
    labs = [
        make_lab(f"ห้องปฏิบัติการ {i}", visibility="members" if i == 2 else "public") for i in range(3)
    ]
    plans = [
        ActionPlan.objects.create(lab=lab, title_th=f"แผน {i}-{j}")
        for i, lab in enumerate(labs)
        for j in range(2)
    ]
    owner = person("บ๊อบ", user=bob)
    cycle = itertools.cycle(plans)
    for i in range(size):
        lead = agencies[i % len(agencies)]
        supporting = [opdc] if lead != opdc else [agencies[(i + 1) % len(agencies)]]
        action = make_action(
            next(cycle),
            f"กิจกรรม {i}",
            lead=lead,
            supporting=supporting,
            state=STATES[i % len(STATES)],
            due_date=TODAY + dt.timedelta(days=(i % 7) * 5 - 12),
            owner=owner if i % 4 == 0 else None,
        )
        if i % 3 == 0 and action.state not in ("done", "dropped"):
            progress_add(action=action, by=dana, text=f"ความคืบหน้า {i}", percent_complete=30)
    for i, lab in enumerate(labs):
        proposal = Proposal.objects.create(lab=lab, kind="project", title_th=f"โครงการ {i}")
        for j in range(max(1, size // 10)):
            Pledge.objects.create(
                proposal=proposal,
                organisation=agencies[j % len(agencies)],
                kind=["money", "staff", "venue"][j % 3],
                amount=1000 * (j + 1),
                status=["offered", "delivered", "withdrawn"][j % 3],
            )
    return {"labs": labs}


# Queries per page, as the client sees it (session and user included).
# Signed in: + session, user, and the two permission reads of base.html's menu;
# + the viewer's lab memberships and focal-point agencies where counts depend on them.
EXPECTED = {
    ("agency", "anonymous"): 7,
    ("agency", "charlie"): 13,
    ("agency", "bob"): 13,
    ("lab", "anonymous"): 9,
    ("lab", "charlie"): 13,
    ("agencies", "charlie"): 8,
    ("labs", "charlie"): 8,
    ("commitments", "bob"): 9,
}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("page", "who"), list(EXPECTED))
def test_fixed_queries(
    page, who, size, opdc, ocsc, bob, dana, charlie, client, django_assert_num_queries
):
    data = build(size, opdc=opdc, ocsc=ocsc, bob=bob, dana=dana)
    if who == "bob":
        client.force_login(bob)
    elif who == "charlie":
        client.force_login(charlie)
    url = {
        "agency": reverse("actions:agency_dashboard", args=[opdc.pk]),
        "lab": reverse("actions:lab_dashboard", args=[data["labs"][0].pk]),
        "agencies": reverse("actions:dashboards"),
        "labs": reverse("actions:dashboards") + "?view=labs",
        "commitments": reverse("actions:commitments"),
    }[page]
    with django_assert_num_queries(EXPECTED[(page, who)]):
        response = client.get(url)
    assert response.status_code == 200
    # Bob follows OPDC's commitments in the members-only lab, not the lab.
    assert data["labs"][2].name_th not in response.content.decode()
    if page == "commitments" and size == 30:
        assert 'data-field="hidden-lab"' in response.content.decode()
