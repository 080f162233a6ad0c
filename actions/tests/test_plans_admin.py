"""Django admin: every actions table is there and its pages open."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from actions.models import Proposal
from actions.services import outputs
from actions.services.plans import milestone_save, progress_add

pytestmark = pytest.mark.django_db


def test_every_actions_model_is_in_the_admin():
    missing = [
        m.__name__
        for m in apps.get_app_config("actions").get_models()
        if m not in admin.site._registry
    ]
    assert missing == []


def test_each_admin_list_and_change_page_opens(client_for, alice, lab, action, dana):
    Proposal.objects.create(lab=lab, kind="policy", title_th="ข้อเสนอ")
    milestone_save(action=action, by=dana, title="หมุด")
    progress_add(action=action, by=dana, text="ทำแล้ว", percent_complete=20)
    curriculum = outputs.curriculum_create(lab=lab, by=dana, title="หลักสูตร")
    outputs.module_save(curriculum=curriculum, by=dana, title="บท")
    outputs.community_create(lab=lab, by=dana, name="ชุมชน")
    client = client_for(alice)
    for model in apps.get_app_config("actions").get_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        first = model.objects.first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


def test_the_action_list_shows_the_derived_status(client_for, alice, action):
    html = client_for(alice).get(reverse("admin:actions_action_changelist")).content.decode()
    assert action.title_th in html
