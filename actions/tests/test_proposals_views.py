"""Proposal pages: who may do what (alice admin, bob focal point of OPDC,
charlie nobody, dana facilitator, erin participant, anonymous visitors),
members-only labs as 404, and a fixed number of queries at two sizes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Endorsement, Pledge, Proposal, ProposalComment, today
from actions.services import proposals as services
from actions.services.lineage import link
from actions.tests.test_lineage import add_note, make_board, make_persona
from conftest import count_queries
from directory.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(lab, erin):
    return services.proposal_create(
        lab=lab, by=erin, kind="project", title_th="ตลาดอาหารชุมชน", objectives="ตลาดที่แน่นอน"
    )


@pytest.fixture
def policy(lab, erin):
    return services.proposal_create(
        lab=lab, by=erin, kind="policy", title_th="ข้อมูลชุดเดียว", problem="ข้อมูลกระจัดกระจาย"
    )


@pytest.fixture
def hidden(private_lab):
    return services.proposal_create(
        lab=private_lab, by=None, kind="policy", title_th="ข้อเสนอลับของแล็บปิด"
    )


def url(name: str, *args) -> str:
    return reverse(f"actions:{name}", args=args)


# --- Reading -------------------------------------------------------------------------------


def test_anyone_reads_a_public_labs_proposals(client, lab, proposal, policy):
    html = client.get(url("lab_proposals", lab.pk)).content.decode()
    assert proposal.title_th in html and policy.title_th in html
    assert url("proposal_create", lab.pk) not in html
    page = client.get(url("proposal", proposal.pk)).content.decode()
    assert "ตลาดที่แน่นอน" in page and 'data-form="comment"' not in page
    assert client.get(url("proposal_history", proposal.pk)).status_code == 200


def test_the_list_filters_by_kind_and_status(client, lab, proposal, policy, dana):
    services.proposal_set_status(proposal=policy, by=dana, status="submitted")
    html = client.get(url("lab_proposals", lab.pk), {"kind": "project"}).content.decode()
    assert proposal.title_th in html and policy.title_th not in html
    html = client.get(url("lab_proposals", lab.pk), {"status": "submitted"}).content.decode()
    assert policy.title_th in html and proposal.title_th not in html


@pytest.mark.parametrize("who", [None, "bob", "charlie", "dana", "erin"])
def test_a_members_only_labs_proposals_are_a_404(client, client_for, hidden, who, request):
    c = client_for(request.getfixturevalue(who)) if who else client
    for path in (
        url("proposal", hidden.pk),
        url("proposal_history", hidden.pk),
        url("lab_proposals", hidden.lab_id),
    ):
        assert c.get(path).status_code == 404, path
    if who:
        for name in ("proposal_comment", "proposal_endorse", "proposal_status"):
            assert c.post(url(name, hidden.pk), {"text": "x"}).status_code == 404
        assert c.get(url("pledge_add", hidden.pk)).status_code == 404
        assert c.get(url("proposal_edit", hidden.pk)).status_code == 404


def test_an_administrator_sees_a_members_only_labs_proposal(client_for, alice, hidden):
    assert client_for(alice).get(url("proposal", hidden.pk)).status_code == 200


# --- Writing a proposal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("dana", 200), ("erin", 200), ("bob", 403), ("charlie", 403)],
)
def test_lab_contributors_write_proposals(client_for, lab, who, status, request):
    user = request.getfixturevalue(who)
    assert (
        client_for(user).get(url("proposal_create", lab.pk), {"kind": "policy"}).status_code
        == status
    )


def test_signing_in_comes_first(client, lab, proposal):
    response = client.get(url("proposal_create", lab.pk))
    assert response.status_code == 302 and "login" in response.url
    assert client.post(url("proposal_comment", proposal.pk), {"text": "x"}).status_code == 302


def test_a_proposal_without_a_kind_asks_which(client_for, lab, erin):
    html = client_for(erin).get(url("proposal_create", lab.pk)).content.decode()
    assert 'data-kind="policy"' in html and 'data-kind="project"' in html


def test_creating_and_editing_make_versions_with_a_visible_history(
    client_for, lab, erin, dana, opdc
):
    client = client_for(erin)
    response = client.post(
        url("proposal_create", lab.pk) + "?kind=policy",
        {
            "title_th": "ข้อมูลครัวเรือนเปราะบาง",
            "problem": "ข้อมูลอยู่คนละหน่วยงาน",
            "agency_0": f"สำนักงาน ก.พ.ร. #{opdc.pk}",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kind == "policy" and list(proposal.agencies.all()) == [opdc]
    edit = url("proposal_edit", proposal.pk)
    form = client.get(edit).content.decode()
    assert "ข้อมูลอยู่คนละหน่วยงาน" in form and 'name="budget"' not in form
    response = client_for(dana).post(
        edit,
        {"title_th": proposal.title_th, "problem": "ข้อมูลอยู่คนละกระทรวง", "agency_0": str(opdc.pk)},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.version == 2
    history = client.get(url("proposal_history", proposal.pk)).content.decode()
    assert "<del>หน่วยงาน</del>" in history and "<ins>กระทรวง</ins>" in history
    assert "Dana" in history and 'data-version="2"' in history


def test_a_save_on_top_of_a_newer_version_is_refused_and_says_so(client_for, proposal, erin, dana):
    from workshops.tests.conftest import in_english

    client = client_for(in_english(erin))
    form = client.get(url("proposal_edit", proposal.pk)).content.decode()
    assert 'name="base_version" value="1"' in form
    services.proposal_update(proposal=proposal, by=dana, objectives="ตลาดทุกสัปดาห์")
    response = client.post(
        url("proposal_edit", proposal.pk),
        {"title_th": proposal.title_th, "objectives": "ของฉัน", "base_version": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone saved a newer version while you were editing" in html
    assert "ของฉัน" in html  # what was typed is still there to copy
    proposal.refresh_from_db()
    assert (proposal.version, proposal.objectives) == (2, "ตลาดทุกสัปดาห์")


def test_agencies_are_typed_one_per_row_and_rows_grow(client_for, lab, erin, opdc, ocsc):
    client = client_for(erin)
    create = url("proposal_create", lab.pk) + "?kind=policy"
    form = client.get(create).content.decode()
    assert "data-supporting-rows" in form and "js/action_form.js" in form
    assert 'name="agency_7"' in form and 'name="agency_8"' not in form
    # Rows added in the browser beyond those rendered are read too.
    response = client.post(
        create, {"title_th": "ข้อมูลชุดเดียว", "agency_0": str(opdc.pk), "agency_11": str(ocsc.pk)}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert set(proposal.agencies.all()) == {opdc, ocsc}
    form = client.get(url("proposal_edit", proposal.pk)).content.decode()
    assert 'name="agency_9"' in form and 'name="agency_10"' not in form


def test_a_form_with_errors_says_where(client_for, lab, erin, proposal):
    client = client_for(erin)
    response = client.post(url("proposal_edit", proposal.pk), {"title_th": "", "budget": "-3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 2
    assert proposal.title_th in html  # the page still names the proposal as it is
    proposal.refresh_from_db()
    assert proposal.version == 1


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("charlie", 403)])
def test_outsiders_cannot_edit(client_for, proposal, who, status, request):
    user = request.getfixturevalue(who)
    assert client_for(user).get(url("proposal_edit", proposal.pk)).status_code == status


# --- Status -----------------------------------------------------------------------------------


def test_those_who_run_the_lab_set_the_status_with_a_date(client_for, proposal, dana, erin):
    day = today()
    page = client_for(dana).get(url("proposal", proposal.pk)).content.decode()
    assert 'data-form="status"' in page
    response = client_for(dana).post(
        url("proposal_status", proposal.pk), {"status": "submitted", "date": day.isoformat()}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    html = client_for(erin).get(url("proposal", proposal.pk)).content.decode()
    assert 'data-form="status"' not in html
    assert html.count('data-status="submitted"') >= 2  # the badge and the timeline
    assert (
        client_for(erin)
        .post(url("proposal_status", proposal.pk), {"status": "adopted"})
        .status_code
        == 403
    )


def test_a_bad_status_change_is_shown_on_the_page(client_for, proposal, dana):
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    response = client_for(dana).post(
        url("proposal_status", proposal.pk), {"status": "submitted", "date": tomorrow}
    )
    assert response.status_code == 400
    assert 'data-form="status"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "draft"


# --- Comments and endorsements --------------------------------------------------------------


def test_signed_in_readers_comment_and_focal_points_for_their_agency(
    client_for, proposal, charlie, bob, opdc
):
    response = client_for(charlie).post(url("proposal_comment", proposal.pk), {"text": "ควรมีตัวชี้วัด"})
    assert response.status_code == 302
    response = client_for(bob).post(
        url("proposal_comment", proposal.pk), {"text": "เห็นด้วย", "organisation": opdc.pk}
    )
    assert response.status_code == 302
    assert list(ProposalComment.objects.values_list("organisation", flat=True)) == [None, opdc.pk]
    html = client_for(charlie).get(url("proposal", proposal.pk)).content.decode()
    assert "ควรมีตัวชี้วัด" in html and opdc.name_th in html
    assert (
        client_for(charlie).post(url("proposal_comment", proposal.pk), {"text": ""}).status_code
        == 400
    )


def test_focal_points_endorse_for_their_agency_once(
    client_for, proposal, bob, charlie, dana, alice, opdc, ocsc
):
    page = client_for(bob).get(url("proposal", proposal.pk)).content.decode()
    assert 'data-form="endorse"' in page
    assert (
        client_for(bob)
        .post(url("proposal_endorse", proposal.pk), {"organisation": ocsc.pk})
        .status_code
        == 400
    )
    assert (
        client_for(bob)
        .post(url("proposal_endorse", proposal.pk), {"organisation": opdc.pk})
        .status_code
        == 302
    )
    # OPDC has endorsed: bob, focal point of OPDC only, is offered no form.
    assert (
        'data-form="endorse"'
        not in client_for(bob).get(url("proposal", proposal.pk)).content.decode()
    )
    assert (
        client_for(bob)
        .post(url("proposal_endorse", proposal.pk), {"organisation": opdc.pk})
        .status_code
        == 400
    )
    for user in (charlie, dana):
        assert (
            client_for(user)
            .post(url("proposal_endorse", proposal.pk), {"organisation": ocsc.pk})
            .status_code
            == 403
        )
    response = client_for(alice).post(
        url("proposal_endorse", proposal.pk), {"organisation": f"#{ocsc.pk}"}
    )
    assert response.status_code == 302
    assert Endorsement.objects.count() == 2


# --- Pledges ------------------------------------------------------------------------------------


def test_a_focal_point_pledges_for_their_own_agency(client_for, proposal, bob, opdc, ocsc):
    client = client_for(bob)
    form = client.get(url("pledge_add", proposal.pk)).content.decode()
    assert opdc.name_th in form and ocsc.name_th not in form
    response = client.post(
        url("pledge_add", proposal.pk),
        {
            "organisation": opdc.pk,
            "kind": "staff",
            "amount": "2",
            "unit": "คน",
            "status": "offered",
        },
    )
    assert response.status_code == 302
    assert (
        client.post(
            url("pledge_add", proposal.pk),
            {"organisation": ocsc.pk, "kind": "data", "status": "offered"},
        ).status_code
        == 400
    )
    pledge = Pledge.objects.get()
    edit = url("pledge_edit", proposal.pk, pledge.pk)
    assert edit in client.get(url("proposal", proposal.pk)).content.decode()
    response = client.post(
        edit, {"kind": "staff", "amount": "3", "unit": "คน", "status": "confirmed"}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.amount, pledge.status) == (Decimal(3), "confirmed")


def test_those_who_run_the_lab_record_any_agencys_pledge(client_for, proposal, dana, bob, ocsc):
    response = client_for(dana).post(
        url("pledge_add", proposal.pk),
        {"organisation": f"#{ocsc.pk}", "kind": "money", "amount": "50000", "status": "offered"},
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.organisation, pledge.unit) == (ocsc, "บาท")
    html = client_for(bob).get(url("proposal", proposal.pk)).content.decode()
    assert "50,000" in html and url("pledge_edit", proposal.pk, pledge.pk) not in html
    response = client_for(bob).post(
        url("pledge_edit", proposal.pk, pledge.pk), {"kind": "money", "status": "withdrawn"}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "offered"


@pytest.mark.parametrize("who", ["charlie", "erin"])
def test_others_do_not_pledge(client_for, proposal, who, request):
    assert (
        client_for(request.getfixturevalue(who)).get(url("pledge_add", proposal.pk)).status_code
        == 403
    )


def test_policy_proposals_take_no_pledges(client_for, policy, bob):
    response = client_for(bob).get(url("pledge_add", policy.pk))
    assert response.status_code == 302 and response.url == policy.get_absolute_url()


# --- Queries ----------------------------------------------------------------------------------------


def grow(proposal: Proposal, size: int, *, by) -> None:
    """`size` more of everything around a proposal."""
    lab = proposal.lab
    organisations = Organisation.objects.bulk_create(
        Organisation(name_th=f"หน่วยงาน {size}-{i}", sector="gov_local", kind="office")
        for i in range(size)
    )
    board = make_board(lab, title=f"กระดาน {size}")
    notes = [add_note(board, f"ไอเดีย {size}-{i}", votes=i % 3) for i in range(size)]
    personas = [make_persona(lab, f"เพอร์โซนา {size}-{i}") for i in range(size)]
    link(by=by, notes=notes, personas=personas, proposal=proposal)
    for i in range(size):
        services.proposal_update(
            proposal=proposal,
            by=by,
            summary=f"สรุป {size}-{i}",
            agencies=organisations[: i + 1],
        )
    proposal.personas.add(*personas)
    ProposalComment.objects.bulk_create(
        ProposalComment(proposal=proposal, author=by, organisation=o, text=f"ความเห็น {o.pk}")
        for o in organisations
    )
    Endorsement.objects.bulk_create(
        Endorsement(proposal=proposal, organisation=o) for o in organisations
    )
    Pledge.objects.bulk_create(
        Pledge(
            proposal=proposal,
            organisation=o,
            kind=Pledge.Kind.values[i % 5],
            status=Pledge.Status.values[i % 4],
            amount=Decimal(i + 1),
            unit="หน่วย",
        )
        for i, o in enumerate(organisations)
    )


@pytest.mark.parametrize("who", ["dana", "bob"])
def test_the_proposal_page_and_its_history_cost_the_same_at_any_size(
    client_for, proposal, dana, who, request, django_assert_num_queries
):
    client = client_for(request.getfixturevalue(who))
    grow(proposal, 2, by=dana)
    small = count_queries(client, url("proposal", proposal.pk), warm=True)
    small_history = count_queries(client, url("proposal_history", proposal.pk), warm=True)
    grow(proposal, 12, by=dana)
    with django_assert_num_queries(small):
        assert client.get(url("proposal", proposal.pk)).status_code == 200
    with django_assert_num_queries(small_history):
        assert client.get(url("proposal_history", proposal.pk)).status_code == 200


def test_the_lab_proposals_list_costs_the_same_at_any_size(
    client, lab, dana, erin, django_assert_num_queries
):
    def make(size: int) -> None:
        for i in range(size):
            p = services.proposal_create(
                lab=lab, by=erin, kind=["policy", "project"][i % 2], title_th=f"ข้อเสนอ {size}-{i}"
            )
            grow(p, 1, by=dana)

    make(2)
    small = count_queries(client, url("lab_proposals", lab.pk), warm=True)
    make(8)
    with django_assert_num_queries(small):
        response = client.get(url("lab_proposals", lab.pk))
    assert response.content.decode().count("data-proposal=") == 10


def test_the_outputs_page_of_a_board_costs_the_same_at_any_size(
    client_for, lab, dana, plan, opdc, proposal, django_assert_num_queries
):
    from actions.tests.conftest import make_action

    board = make_board(lab)
    client = client_for(dana)
    path = reverse("actions:from_board", args=[board.pk])

    def grow(size: int) -> None:
        notes = [add_note(board, f"ไอเดีย {size}-{i}", votes=i % 4) for i in range(size)]
        personas = [make_persona(lab, f"เพอร์โซนา {size}-{i}") for i in range(size)]
        action = make_action(plan, f"งาน {size}", lead=opdc, by=dana)
        link(by=dana, notes=notes, personas=personas, proposal=proposal)
        link(by=dana, notes=notes, personas=personas, action=action)

    grow(2)
    small = count_queries(client, path, warm=True)
    manage = reverse("boards:manage", args=[board.pk])
    small_manage = count_queries(client, manage, warm=True)
    grow(15)
    with django_assert_num_queries(small):
        html = client.get(path).content.decode()
    assert html.count("data-led-to") == 34  # 17 notes and 17 personas
    with django_assert_num_queries(small_manage):
        client.get(manage)
