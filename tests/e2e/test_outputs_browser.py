"""From sticky notes to a policy, and who is late, in Chromium.

A facilitator turns ideas from a board into a project proposal and a joint
action plan whose action has a lead and a supporting agency; the action is
already past its due date, so the lab dashboard shows it as late. The lead
agency's focal point signs in on a phone and reports progress in a few
taps. The lab report downloads as a PDF whose text (read back with
pdftotext) holds the Thai names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action, ActionPlan, Lineage, Proposal
from actions.tests.conftest import dana, erin, lab  # noqa: F401 - fixtures, requested below
from boards.models import Method, Note, Participant
from workshops.tests.test_agenda_pdf import pdf_text, squeezed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

IDEAS = [
    "ตั้งศูนย์รับเรื่องร่วมระหว่างหน่วยงานในจังหวัด",
    "ใช้ข้อมูลร่วมกันผ่านระบบกลางของจังหวัด",
    "จัดเวทีรับฟังชุมชนทุกไตรมาส",
]
PROPOSAL = "โครงการศูนย์บริการร่วมภาครัฐระดับจังหวัด"
PLAN = "แผนปฏิบัติการร่วมศูนย์บริการร่วม"
ACTION = "ออกแบบกระบวนการรับเรื่องร่วม"
UPDATE = "ประชุมหน่วยงานร่วมครั้งแรกแล้ว"


@pytest.fixture
def idea_board(lab, dana):  # noqa: F811
    from boards.services import board_create

    board = board_create(
        lab=lab,
        by=dana,
        method=Method.objects.get(key="idea-voting", lab=None),
        title="ระดมไอเดียบริการร่วม",
    )
    author = Participant.objects.create(board=board, display_name="สมหญิง")
    for number, text in enumerate(IDEAS):
        Note.objects.create(
            board=board, author=author, client_id=f"idea-{number}", zone="ideas", kind="idea", text=text
        )
    return board


def test_from_ideas_to_a_late_action_a_phone_update_and_a_pdf(
    page, phone_page, sign_in, live_server, lab, dana, bob, opdc, ocsc, idea_board, tmp_path  # noqa: F811
):
    # The facilitator picks two ideas off the board and starts a project proposal.
    sign_in(page, dana)
    page.goto(reverse("boards:manage", args=[idea_board.pk]))
    page.locator(f"a[href='{reverse('actions:from_board', args=[idea_board.pk])}']").first.click()
    for text in IDEAS[:2]:
        page.locator("[data-list=notes] li", has_text=text).locator("input[type=checkbox]").check()
    page.locator("[data-action=new-project]").click()
    form = page.locator("form[data-form=proposal]")
    expect(form).to_have_attribute("data-kind", "project")
    expect(page.locator("[data-origins]")).to_contain_text(IDEAS[0])
    form.locator("input[name=title_th]").fill(PROPOSAL)
    form.locator("[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(PROPOSAL)
    proposal = Proposal.objects.get(title_th=PROPOSAL)
    assert proposal.kind == "project"
    assert {line.note.text for line in Lineage.objects.filter(proposal=proposal)} == set(IDEAS[:2])
    # The line runs both ways: the proposal page shows the ideas it came from.
    expect(page.locator("body")).to_contain_text(IDEAS[1])

    # A joint action plan that carries the proposal out.
    page.goto(f"/labs/{lab.pk}/plans/new/")
    page.locator("input[name=title_th]").fill(PLAN)
    page.locator("select[name=proposal]").select_option(str(proposal.pk))
    page.locator("form[data-form=plan] [type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text(PLAN)
    plan = ActionPlan.objects.get(title_th=PLAN)

    # The third idea becomes an action, led by OPDC with OCSC supporting, due last month.
    page.goto(reverse("actions:from_board", args=[idea_board.pk]))
    page.locator("[data-list=notes] li", has_text=IDEAS[2]).locator("input[type=checkbox]").check()
    page.locator("select[name=plan]").select_option(str(plan.pk))
    page.locator("[data-action=new-action]").click()
    form = page.locator("form[data-form=action]")
    expect(page.locator("[data-origins]")).to_contain_text(IDEAS[2])
    today = timezone.localdate()
    form.locator("input[name=title_th]").fill(ACTION)
    form.locator("input[name=lead_agency]").fill("OPDC")
    form.locator("input[name=supporting_0]").fill("ก.พ.")
    form.locator("input[name=start_date]").fill((today - dt.timedelta(days=60)).isoformat())
    form.locator("input[name=due_date]").fill((today - dt.timedelta(days=10)).isoformat())
    form.locator("button[type=submit]:not([name])").click()
    expect(page.locator("h1")).to_contain_text(ACTION)
    action = Action.objects.get(title_th=ACTION)
    assert action.lead_agency == opdc
    assert list(action.supporting_agencies.all()) == [ocsc]
    assert action.status == "late"
    assert Lineage.objects.filter(action=action, note__text=IDEAS[2]).exists()

    # The lab dashboard shows it as late.
    page.goto(f"/dashboards/labs/{lab.pk}/")
    expect(page.locator("[data-kpi=late]")).to_have_text("1")
    expect(page.locator("tr[data-action] .status-late").first).to_be_visible()

    # OPDC's focal point, on a phone, finds the commitment and reports progress.
    sign_in(phone_page, bob)
    phone_page.goto("/my/commitments/")
    card = phone_page.locator(f"[data-group=late] [data-action='{action.pk}']")
    expect(card).to_contain_text(ACTION)
    expect(card.locator("[data-role=lead]")).to_be_visible()
    card.locator("summary").click()
    card.locator(".percent-choice", has_text="50%").click()
    card.locator("textarea[name=text]").fill(UPDATE)
    card.locator("form[data-form=quick-update] [type=submit]").click()
    card = phone_page.locator(f"[data-action='{action.pk}']")
    expect(card.locator("[data-field=percent]")).to_have_text("50%")
    expect(card.locator("[data-field=last-update]")).to_contain_text(UPDATE)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the commitments page is {width}px wide on a 390px phone"
    action.refresh_from_db()
    assert (action.percent_complete, action.status) == (50, "late")
    assert action.updates.get().by == bob

    # The lab report, as a PDF built in the background, holds the Thai names.
    page.goto(f"/labs/{lab.pk}/report/")
    expect(page.locator("body")).to_contain_text(ACTION)
    page.locator("[data-action=build-pdf]").click()
    expect(page).to_have_url(re.compile(r"/reports/jobs/\d+/$"))
    download_link = page.locator("[data-action=download-pdf]")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    text = squeezed(pdf_text(pdf.read_bytes()))
    for name in (lab.name_th, opdc.name_th, ocsc.name_th, ACTION):
        assert squeezed(name) in text, name
