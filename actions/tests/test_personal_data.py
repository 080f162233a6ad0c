"""PDPA: what the outputs app and reports hold about a user is in their
export, and erasure takes the account off the lab's records."""

from __future__ import annotations

import pytest

from accounts.selectors import personal_data_for_user
from accounts.services import user_erase
from actions.models import ActionPlan, Notification, ProgressUpdate, Proposal, ProposalVersion
from actions.services.plans import progress_add
from actions.services.proposals import proposal_create
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def test_export_and_erasure_cover_outputs_and_reports(lab, dana, alice, plan, action):
    proposal = proposal_create(lab=lab, by=dana, kind="policy", title_th="ข้อเสนอเชิงนโยบายด้านอาหาร")
    progress_add(action=action, by=dana, text="ร่างแล้ว", percent_complete=20)
    ReportJob.objects.create(lab=lab, created_by=dana)
    Notification.objects.create(user=dana, kind="digest", title="เตือน")

    data = personal_data_for_user(dana)
    outputs = data["outputs"]
    assert [p["title"] for p in outputs["proposals_created"]] == [proposal.title_th]
    assert outputs["proposal_versions_written"][0]["version"] == 1
    assert [p["title"] for p in outputs["plans_created"]] == [plan.title_th]
    assert outputs["progress_updates"][0]["text"] == "ร่างแล้ว"
    assert outputs["notifications"][0]["title"] == "เตือน"
    assert data["report_requests"][0]["lab"] == lab.name_th

    user_erase(user=dana, by=alice)

    # The lab's records stay, without the account; the user's own inbox goes.
    assert Proposal.objects.get(pk=proposal.pk).created_by is None
    assert not ProposalVersion.objects.filter(created_by=dana).exists()
    assert ActionPlan.objects.get(pk=plan.pk).created_by is None
    assert ProgressUpdate.objects.get(action=action).by is None
    assert not ReportJob.objects.filter(created_by=dana).exists()
    assert not Notification.objects.filter(user=dana).exists()
