"""A lab's outputs: the hub, the summary on the lab page, communities of
practice and training curricula."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Community, Curriculum, CurriculumModule, Proposal, today
from actions.selectors.outputs import lab_summary
from actions.services import outputs as services
from actions.services.plans import plan_create, progress_add
from actions.tests.conftest import make_action
from conftest import count_queries
from directory.models import Organisation
from workshops.tests.conftest import member, person

pytestmark = pytest.mark.django_db

TODAY = today()


def grow(lab, size: int) -> None:
    """`size` more of each output of a lab."""
    lead = Organisation.objects.create(name_th=f"หน่วยงาน {size}", kind="office")
    Proposal.objects.bulk_create(
        Proposal(lab=lab, kind=["policy", "project"][i % 2], title_th=f"ข้อเสนอ {size}-{i}")
        for i in range(size)
    )
    for p in range(2):
        plan = plan_create(lab=lab, by=None, title_th=f"แผน {size}-{p}")
        for i in range(size):
            make_action(plan, f"กิจกรรม {i}", lead=lead, due_date=TODAY + dt.timedelta(days=i - 2))
    people = [person(f"สมาชิก{size}-{i}", organisation=lead) for i in range(size)]
    for i in range(size):
        community = services.community_create(
            lab=lab, by=None, name=f"ชุมชน {size}-{i}", members=people, organisations=[lead]
        )
        assert community.pk
        curriculum = services.curriculum_create(lab=lab, by=None, title=f"หลักสูตร {size}-{i}")
        for m in range(2):
            services.module_save(
                curriculum=curriculum,
                by=None,
                title=f"บท {m}",
                hours=Decimal("3"),
                designed_with=people,
            )


# --- The hub ---------------------------------------------------------------------------


def test_the_hub_shows_proposals_plans_communities_and_curricula(client, lab, plan, opdc):
    Proposal.objects.create(
        lab=lab, kind="policy", title_th="ข้อเสนอเชิงนโยบายด้านการศึกษา", status="submitted"
    )
    make_action(plan, "ล่าช้า", lead=opdc, due_date=TODAY - dt.timedelta(days=2))
    make_action(plan, "ตามแผน", lead=opdc)
    services.community_create(lab=lab, by=None, name="เครือข่ายนวัตกรท้องถิ่น")
    curriculum = services.curriculum_create(lab=lab, by=None, title="หลักสูตรการออกแบบบริการ")
    services.module_save(curriculum=curriculum, by=None, title="เข้าใจผู้ใช้", hours=Decimal("6"))
    response = client.get(reverse("actions:outputs", args=[lab.pk]))
    html = response.content.decode()
    for text in [
        "ข้อเสนอเชิงนโยบายด้านการศึกษา",
        plan.title_th,
        "เครือข่ายนวัตกรท้องถิ่น",
        "หลักสูตรการออกแบบบริการ",
        reverse("actions:lab_dashboard", args=[lab.pk]),
        reverse("reports:lab", args=[lab.pk]),
        reverse("actions:lab_proposals", args=[lab.pk]),
    ]:
        assert text in html, text
    row = response.context["hub"].plans[0]
    assert row.total == 2 and {s.status for s in row.chart["slices"]} == {"late", "not_started"}
    assert response.context["hub"].curricula[0].hours == Decimal("6")
    # A visitor is offered nothing to add.
    assert reverse("actions:plan_create", args=[lab.pk]) not in html
    assert reverse("actions:proposal_create", args=[lab.pk]) not in html


def test_the_hub_offers_each_role_what_it_may_add(client_for, lab, dana, erin):
    html = client_for(dana).get(reverse("actions:outputs", args=[lab.pk])).content.decode()
    for name in ["plan_create", "community_create", "curriculum_create", "proposal_create"]:
        assert reverse(f"actions:{name}", args=[lab.pk]) in html, name
    html = client_for(erin).get(reverse("actions:outputs", args=[lab.pk])).content.decode()
    assert reverse("actions:proposal_create", args=[lab.pk]) in html
    assert reverse("actions:plan_create", args=[lab.pk]) not in html


def test_the_hub_of_a_members_only_lab_is_a_404_to_outsiders(client, client_for, private_lab, bob):
    assert client.get(reverse("actions:outputs", args=[private_lab.pk])).status_code == 404
    assert client_for(bob).get(reverse("actions:outputs", args=[private_lab.pk])).status_code == 404


# Lab (with process), proposals, the actions counted by plan and status,
# plans, communities with counts, curricula with counts. Signed in: +
# session, user; a facilitator: + model permissions (2) and lab roles for
# add_output and add_proposal (2).
@pytest.mark.parametrize(("persona", "expected"), [(None, 6), ("dana", 12)])
def test_the_hub_uses_the_same_queries_whatever_the_size(
    request, client, client_for, lab, persona, expected
):
    if persona:
        client = client_for(request.getfixturevalue(persona))
    url = reverse("actions:outputs", args=[lab.pk])
    grow(lab, 2)
    small = count_queries(client, url)
    grow(lab, 6)
    large = count_queries(client, url)
    assert small == large == expected


# --- The lab page --------------------------------------------------------------------------


def test_the_lab_page_counts_outputs_by_status_and_links_to_them(client, lab, plan, opdc):
    Proposal.objects.create(lab=lab, kind="policy", title_th="ก", status="adopted")
    Proposal.objects.create(lab=lab, kind="project", title_th="ข", status="draft")
    Proposal.objects.create(lab=lab, kind="project", title_th="ค", status="draft")
    make_action(plan, "ล่าช้า", lead=opdc, due_date=TODAY - dt.timedelta(days=1))
    done = make_action(plan, "เสร็จ", lead=opdc)
    progress_add(action=done, by=None, text="เสร็จ", percent_complete=100)
    make_action(plan, "ตามแผน", lead=opdc, state="on_track")
    plan_create(lab=lab, by=None, title_th="แผนที่สอง")

    summary = lab_summary(lab=lab)
    assert (summary.proposals, summary.plans, summary.actions) == (3, 2, 3)
    assert [(status, n) for status, _label, n in summary.proposal_counts] == [
        ("draft", 2),
        ("adopted", 1),
    ]
    assert {s.status: s.count for s in summary.chart["slices"]} == {
        "done": 1,
        "on_track": 1,
        "late": 1,
    }
    html = client.get(lab.get_absolute_url()).content.decode()
    section = html[html.index('data-section="outputs"') :]
    for url in [
        reverse("actions:outputs", args=[lab.pk]),
        reverse("actions:lab_dashboard", args=[lab.pk]),
        reverse("reports:lab", args=[lab.pk]),
    ]:
        assert url in section
    assert 'data-chart="status"' in section and 'data-status="late"' in section


def test_a_lab_without_outputs_says_so(client, lab):
    summary = lab_summary(lab=lab)
    assert summary.is_empty and summary.chart["total"] == 0
    assert 'data-section="outputs"' in client.get(lab.get_absolute_url()).content.decode()


def test_the_summary_counts_only_its_own_lab(lab, private_lab, plan, opdc):
    make_action(plan_create(lab=private_lab, by=None, title_th="อื่น"), "อื่น", lead=opdc)
    Proposal.objects.create(lab=private_lab, kind="policy", title_th="อื่น")
    summary = lab_summary(lab=lab)
    assert (summary.proposals, summary.plans, summary.actions) == (0, 1, 0)


def test_the_summary_is_one_query(lab, plan, opdc, django_assert_num_queries):
    make_action(plan, "ก", lead=opdc)
    with django_assert_num_queries(1):
        lab_summary(lab=lab)


# --- Communities of practice ---------------------------------------------------------------


def test_a_facilitator_starts_a_community_and_adds_people_and_organisations(
    client_for, lab, dana, opdc, ocsc
):
    client = client_for(dana)
    response = client.post(
        reverse("actions:community_create", args=[lab.pk]),
        {"name": "ชุมชนนักสร้างนวัตกรรมท้องถิ่น", "purpose": "แลกเปลี่ยนบทเรียน", "meets": "ออนไลน์ทุกเดือน"},
    )
    community = Community.objects.get()
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    somchai = person("สมชาย", organisation=ocsc)
    add = reverse("actions:community_member_add", args=[community.pk])
    client.post(add, {"person": f"สมชาย #{somchai.pk}"})
    client.post(add, {"organisation": "ก.พ.ร."})
    assert list(community.members.all()) == [somchai] and list(community.organisations.all()) == [
        opdc
    ]
    again = client.post(add, {"person": f"#{somchai.pk}"})
    assert again.status_code == 400 and "person" in again.context["member_form"].errors
    empty = client.post(add, {})
    assert empty.status_code == 400
    html = client.get(community.get_absolute_url()).content.decode()
    for text in [
        "ชุมชนนักสร้างนวัตกรรมท้องถิ่น",
        "แลกเปลี่ยนบทเรียน",
        "ออนไลน์ทุกเดือน",
        "สมชาย",
        ocsc.name_th,
        opdc.name_th,
    ]:
        assert text in html, text
    remove = reverse("actions:community_member_remove", args=[community.pk])
    client.post(remove, {"person": somchai.pk})
    client.post(remove, {"organisation": opdc.pk})
    assert not community.members.exists() and not community.organisations.exists()


def test_a_community_is_edited_and_deleted_by_those_who_run_the_lab(client_for, lab, dana, erin):
    community = services.community_create(lab=lab, by=None, name="ชุมชน")
    edit = reverse("actions:community_edit", args=[community.pk])
    assert client_for(erin).post(edit, {"name": "x"}).status_code == 403
    client = client_for(dana)
    assert client.post(edit, {"name": " "}).status_code == 400
    client.post(edit, {"name": "ชุมชนใหม่", "meets": "ทุกไตรมาส"})
    community.refresh_from_db()
    assert (community.name, community.meets) == ("ชุมชนใหม่", "ทุกไตรมาส")
    response = client.post(reverse("actions:community_delete", args=[community.pk]))
    assert response["Location"] == reverse("actions:outputs", args=[lab.pk])
    assert not Community.objects.exists()


def test_participants_cannot_add_communities_or_members(client_for, lab, erin, opdc):
    assert (
        client_for(erin)
        .post(reverse("actions:community_create", args=[lab.pk]), {"name": "x"})
        .status_code
        == 403
    )
    community = services.community_create(lab=lab, by=None, name="ชุมชน")
    response = client_for(erin).post(
        reverse("actions:community_member_add", args=[community.pk]), {"organisation": "ก.พ.ร."}
    )
    assert response.status_code == 403 and not community.organisations.exists()


def test_a_community_of_a_members_only_lab_is_a_404_to_outsiders(
    client, client_for, private_lab, charlie
):
    community = services.community_create(lab=private_lab, by=None, name="ภายใน")
    assert client.get(community.get_absolute_url()).status_code == 404
    assert client_for(charlie).get(community.get_absolute_url()).status_code == 404


def test_community_services_replace_lists_and_refuse_a_nameless_community(lab, opdc, ocsc):
    community = services.community_create(lab=lab, by=None, name="ชุมชน", organisations=[opdc])
    services.community_update(community=community, by=None, organisations=[ocsc])
    assert list(community.organisations.all()) == [ocsc]
    with pytest.raises(ValidationError) as error:
        services.community_update(community=community, by=None, name="")
    assert "name" in error.value.message_dict
    community.refresh_from_db()
    assert community.name == "ชุมชน"


# --- Training curricula -----------------------------------------------------------------------


def test_a_curriculum_is_designed_module_by_module_with_the_labs_participants(
    client_for, lab, dana, erin
):
    outsider = person("คนนอก")
    client = client_for(dana)
    response = client.post(
        reverse("actions:curriculum_create", args=[lab.pk]),
        {"title": "หลักสูตรนักออกแบบนโยบาย", "audience": "ข้าราชการระดับจังหวัด"},
    )
    curriculum = Curriculum.objects.get()
    assert response["Location"] == curriculum.get_absolute_url()
    add = reverse("actions:module_add", args=[curriculum.pk])
    form = client.get(add).context["form"]
    assert {pk for pk, _label in form.fields["designed_with"].widget.choices} == {
        dana.person.pk,
        erin.person.pk,
    }
    client.post(
        add,
        {
            "title": "การเข้าใจผู้ใช้บริการ",
            "hours": "6",
            "needs": "ไม่รู้จักผู้ใช้",
            "designed_with": [erin.person.pk],
        },
    )
    client.post(add, {"title": "การทดลองต้นแบบ", "hours": "4.5", "objectives": "ทดสอบได้เร็ว"})
    client.post(add, {"title": "ก่อนเริ่ม", "order": "0"})
    refused = client.post(add, {"title": "คนนอกออกแบบ", "designed_with": [outsider.pk]})
    assert refused.status_code == 400 and "designed_with" in refused.context["form"].errors
    modules = list(curriculum.modules.order_by("order", "pk"))
    assert [m.title for m in modules] == ["ก่อนเริ่ม", "การเข้าใจผู้ใช้บริการ", "การทดลองต้นแบบ"]
    assert list(modules[1].designed_with.all()) == [erin.person]
    page = client.get(curriculum.get_absolute_url())
    assert page.context["hours"] == Decimal("10.5")
    html = page.content.decode()
    for text in ["หลักสูตรนักออกแบบนโยบาย", "ข้าราชการระดับจังหวัด", "ไม่รู้จักผู้ใช้", "ทดสอบได้เร็ว", "เอริน"]:
        assert text in html, text


def test_a_module_is_edited_and_removed_within_its_curriculum(client_for, lab, dana):
    curriculum = services.curriculum_create(lab=lab, by=None, title="หลักสูตร")
    other = services.curriculum_create(lab=lab, by=None, title="อีกหลักสูตร")
    module = services.module_save(curriculum=curriculum, by=None, title="บทที่ 1")
    client = client_for(dana)
    assert client.get(reverse("actions:module_edit", args=[other.pk, module.pk])).status_code == 404
    client.post(
        reverse("actions:module_edit", args=[curriculum.pk, module.pk]),
        {"title": "บทนำ", "hours": "2"},
    )
    module.refresh_from_db()
    assert (module.title, module.hours) == ("บทนำ", Decimal("2.0"))
    client.post(reverse("actions:module_delete", args=[curriculum.pk, module.pk]))
    assert not CurriculumModule.objects.exists()
    client.post(reverse("actions:curriculum_delete", args=[curriculum.pk]))
    assert list(Curriculum.objects.all()) == [other]


def test_module_hours_must_be_above_zero(lab):
    curriculum = services.curriculum_create(lab=lab, by=None, title="หลักสูตร")
    with pytest.raises(ValidationError) as error:
        services.module_save(curriculum=curriculum, by=None, title="บท", hours=Decimal("0"))
    assert "hours" in error.value.message_dict and not curriculum.modules.exists()


def test_a_lab_member_reads_a_curriculum_of_a_members_only_lab(
    client, client_for, private_lab, erin
):
    member(private_lab, erin.person, "participant")
    curriculum = services.curriculum_create(lab=private_lab, by=None, title="ภายใน")
    assert client.get(curriculum.get_absolute_url()).status_code == 404
    assert client_for(erin).get(curriculum.get_absolute_url()).status_code == 200
    assert (
        client_for(erin).get(reverse("actions:curriculum_edit", args=[curriculum.pk])).status_code
        == 403
    )
