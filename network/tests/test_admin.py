"""The network's tables are readable in the admin, and not editable there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network import services
from network.models import (
    CommunitySummary,
    Level,
    NodeMeasure,
    Recommendation,
    Scope,
    Snapshot,
    Tie,
)
from network.tests.test_services import organisation, tie

MODELS = [Tie, Snapshot, NodeMeasure, CommunitySummary, Recommendation]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_administrator_reads_each_table_but_cannot_add_or_change(client_for, alice, model, db):
    a, b = organisation("กรมเอ"), organisation("กรมบี")
    tie(a, b)
    snapshot = services.analyse(level=Level.ORGANISATION, scope=Scope.PUBLIC, recommend=False)
    Recommendation.objects.create(
        snapshot=snapshot, organisation=a, other_organisation=b, rank=1, score=0.5, similarity=0.4
    )
    url = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    client = client_for(alice)
    row = model.objects.first()
    assert row is not None
    assert client.get(reverse(f"{url}_changelist")).status_code == 200
    assert client.get(reverse(f"{url}_change", args=[row.pk])).status_code == 200
    assert client.get(reverse(f"{url}_add")).status_code == 403
    assert client.post(reverse(f"{url}_change", args=[row.pk]), {}).status_code == 403
