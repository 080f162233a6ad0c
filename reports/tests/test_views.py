"""The report pages: what a lab and a challenge report show, to whom, at what cost."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import ReportJob
from reports.tests.conftest import (
    ANONYMOUS_AUTHOR,
    ANONYMOUS_ORG,
    FEAR,
    HOPE,
    LAB_TH,
    LATE_ACTION,
    PERSONA,
    THEME,
    make_action,
)

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def section(html: str, name: str) -> str:
    return html.split(f'data-section="{name}"', 1)[1].split("</section>", 1)[0]


def test_the_lab_report_shows_summary_people_boards_outputs_and_plans(client, filled, opdc, ocsc):
    html = page(client, reverse("reports:lab", args=[filled.lab.pk]))
    assert LAB_TH in html.split('data-section="summary"')[0]  # the page's title
    summary = section(html, "summary")
    assert "ออกแบบบริการสำหรับผู้สูงอายุ" in summary
    assert "15 มกราคม 2569" in summary and "20 ธันวาคม 2569" in summary  # the period, in BE
    assert opdc.name_th in summary and filled.challenge.title_th in summary
    counts = dict(re.findall(r'data-count="(\w+)">([\d,]+)<', summary))
    # dana, erin (members), the registrant, and the two phones that wrote.
    assert counts == {
        "workshops": "1",
        "participants": "5",
        "agencies": "3",  # OPDC, OCSC and the local office; a typed name is none
        "boards": "2",
        "notes": "2",
        "proposals": "3",
        "actions": "4",
    }

    people = section(html, "participants")
    assert 'data-sector="gov_central"' in people and 'data-sector="gov_local"' in people
    assert "องค์การบริหารส่วนตำบลบ้านนา" in people
    # The typed organisation is not a directory one: counted as not recorded.
    assert 'data-sector="unknown"' in people and ANONYMOUS_ORG not in people

    boards = section(html, "boards")
    assert "ความหวังต่อบริการผู้สูงอายุ" in boards and THEME in boards and "(2)" in boards
    ideas = boards.split('data-list="ideas"')[1].split("</ol>")[0]
    assert ideas.index(FEAR) < ideas.index(HOPE)  # two votes before one
    assert PERSONA in boards and "ผู้สูงอายุ" in boards and "ผู้อยู่ในพื้นที่ห่างไกล" in boards

    outputs = section(html, "outputs")
    assert filled.policy.title_th in outputs and filled.project.title_th in outputs
    assert "1,250,000" in outputs and "500,000" in outputs
    assert "ชุมชนนักออกแบบบริการผู้สูงอายุ" in outputs and "การสัมภาษณ์ผู้ใช้บริการ" in outputs

    plans = section(html, "plans")
    late = plans.split('data-list="late"')[1].split("</table>")[0]
    assert LATE_ACTION in late and "องค์การบริหารส่วนตำบลบ้านนา" in late and "สมปอง" in late
    assert 'data-field="days-late">12<' in late
    at_risk = plans.split('data-list="at-risk"')[1].split("</table>")[0]
    assert "อบรมอาสาสมัคร" in at_risk and LATE_ACTION not in at_risk
    assert 'data-status="late"' in plans and 'data-chart="bars"' in plans
    assert "แผนปฏิบัติการร่วมดูแลผู้สูงอายุ" in section(html, "actions")


def test_the_report_counts_notes_pledges_and_completion_as_the_dashboard_does(client, filled, opdc):
    from django.contrib.auth.models import AnonymousUser

    from actions.models import Pledge
    from actions.selectors.dashboards import lab_dashboard
    from boards.models import Note
    from reports.selectors import lab_report

    # A hidden note and a face-down one: the room did not see them.
    author = Note.objects.get(board=filled.board, text=HOPE).author
    for n, flag in enumerate(["hidden", "private"]):
        Note.objects.create(
            board=filled.board,
            author=author,
            client_id=f"unseen-{n}",
            zone="hopes",
            text="x",
            **{flag: True},
        )
    Pledge.objects.create(
        proposal=filled.project, organisation=opdc, kind="venue", status="withdrawn"
    )
    report = lab_report(filled.lab, AnonymousUser())
    board = lab_dashboard(lab=filled.lab)
    assert report.counts.notes == 2
    # Withdrawn pledges are counted by status, and nowhere else.
    assert report.pledges.by_status == {"offered": 1, "delivered": 1, "withdrawn": 1}
    assert (report.pledges.total, report.pledges.kept_rate) == (2, 50)
    assert (board.pledges.total, board.pledges.kept_rate) == (2, 50)
    assert [p.pledge_count for p in report.project_proposals] == [2]
    completion = {r.key: r.completion for r in report.completion}
    assert completion == {r.key: r.completion for r in board.agencies}
    assert list(completion.values()) == [50, 0, 0]
    html = page(client, reverse("reports:lab", args=[filled.lab.pk]))
    assert "50%" in section(html, "outputs").split('data-field="kept"')[1].split("</dd>")[0]


def test_the_report_names_no_anonymous_author_and_no_contact_details(client, filled):
    html = page(client, reverse("reports:lab", args=[filled.lab.pk]))
    assert FEAR in html
    assert ANONYMOUS_AUTHOR not in html and ANONYMOUS_ORG not in html
    assert "sompong@example.test" not in html and "0812345678" not in html
    assert "@lab.test" not in html


def test_the_challenge_report_keeps_to_its_challenge(client, filled):
    html = page(client, reverse("reports:challenge", args=[filled.lab.pk, filled.challenge.pk]))
    assert filled.challenge.title_th in html
    for elsewhere in ["กระดานของโจทย์อื่น", "ข้อเสนอของโจทย์อื่น", "แผนของโจทย์อื่น", "นายอื่น"]:
        assert elsewhere not in html, elsewhere
    assert 'data-count="proposals">2<' in html and 'data-count="actions">3<' in html
    assert "ชุมชนนักออกแบบบริการผู้สูงอายุ" not in html  # communities are the lab's
    assert page(
        client, reverse("reports:challenge", args=[filled.lab.pk + 1, filled.challenge.pk]), 404
    )


def test_the_challenge_page_links_to_its_report(client, filled):
    html = page(client, filled.challenge.get_absolute_url())
    url = reverse("reports:challenge", args=[filled.lab.pk, filled.challenge.pk])
    assert f'href="{url}" data-action="challenge-report"' in html


def test_a_members_only_lab_report_is_a_404_to_outsiders(
    client, client_for, private_lab, charlie, alice
):
    url = reverse("reports:lab", args=[private_lab.pk])
    page(client, url, 404)
    page(client_for(charlie), url, 404)
    assert (
        client_for(charlie).post(reverse("reports:build", args=[private_lab.pk])).status_code == 404
    )
    assert not ReportJob.objects.exists()
    assert LAB_TH not in page(client_for(alice), url) and private_lab.name_th in page(
        client_for(alice), url
    )


def test_signed_in_readers_get_the_pdf_button_visitors_a_sign_in_link(
    client, client_for, filled, charlie
):
    url = reverse("reports:lab", args=[filled.lab.pk])
    assert 'data-action="build-pdf"' not in page(client, url)
    assert 'data-action="sign-in-for-pdf"' in page(client, url)
    assert 'data-action="build-pdf"' in page(client_for(charlie), url)


def test_asking_for_a_pdf_makes_a_job_in_the_viewers_language(client, client_for, filled, charlie):
    from reports.tests.conftest import in_english

    response = client.post(reverse("reports:build", args=[filled.lab.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    client = client_for(in_english(charlie))
    response = client.post(
        reverse("reports:build", args=[filled.lab.pk]), {"challenge": filled.challenge.pk}
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    assert (job.lab, job.challenge, job.language, job.stage) == (
        filled.lab,
        filled.challenge,
        "en",
        "queued",
    )
    # Asked again while it builds: the same job, not a second thread.
    client.post(reverse("reports:build", args=[filled.lab.pk]), {"challenge": filled.challenge.pk})
    assert ReportJob.objects.count() == 1
    other = client.post(
        reverse("reports:build", args=[filled.lab.pk]),
        {"challenge": filled.other_challenge.pk + 99},
    )
    assert other.status_code == 404


def _grow(lab, plan, opdc, board, n: int) -> None:
    """n more actions, notes, members and people: what should not cost queries."""
    from boards.models import Note, Participant, Theme
    from directory.services import organisation_create
    from labs.models import Member
    from reports.tests.conftest import person

    start = Member.objects.filter(lab=lab).count()
    for i in range(start, start + n):
        org = organisation_create(
            by=None, name_th=f"หน่วยงานที่ {i}", sector="civil_society", kind="ngo"
        )
        Member.objects.create(lab=lab, person=person(f"คนที่ {i}"), organisation=org)
        make_action(plan, f"งานที่ {i}", lead=org, supporting=[opdc], due_date=dt.date(2020, 1, 1))
        author = Participant.objects.create(board=board, display_name=f"ผู้ร่วม {i}", organisation=org)
        theme = Theme.objects.create(board=board, label=f"ประเด็น {i}")
        Note.objects.create(
            board=board, author=author, client_id=f"grow-{i}", zone="hopes", text="x", theme=theme
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["visitor", "charlie"])
def test_the_report_costs_the_same_queries_at_any_size(
    client, client_for, filled, opdc, charlie, who
):
    client = client_for(charlie) if who == "charlie" else client
    url = reverse("reports:lab", args=[filled.lab.pk])
    challenge_url = reverse("reports:challenge", args=[filled.lab.pk, filled.challenge.pk])
    _grow(filled.lab, filled.plan, opdc, filled.board, 2)
    small, small_challenge = _queries(client, url), _queries(client, challenge_url)
    _grow(filled.lab, filled.plan, opdc, filled.board, 25)
    assert _queries(client, url) == small
    assert _queries(client, challenge_url) == small_challenge
    # Counts by plan and completion by lead agency are read as the dashboards
    # read them (actions.selectors.status, .dashboards): three of these.
    assert small <= 35, small
