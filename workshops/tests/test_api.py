from __future__ import annotations

import datetime as dt

from workshops import services
from workshops.tests.conftest import at, person


def test_the_api_lists_visible_workshops(client, workshop, private_lab):
    services.workshop_create(by=None, lab=private_lab, title_th="ประชุมลับ")
    response = client.get("/api/v1/workshops/")
    assert response.status_code == 200
    assert [w["title_th"] for w in response.json()["results"]] == [workshop.title_th]


def test_the_api_gives_the_agenda_in_utc_with_the_event_zone(client, workshop, opdc):
    session = services.session_add(
        workshop=workshop,
        by=None,
        title_th="เปิดงาน",
        starts_at=at(1, 9),
        ends_at=at(1, 10),
        invited_organisations=[opdc],
    )
    services.speaker_add(
        session=session, person=person("สมชาย"), by=None, title_shown="รองเลขาธิการ ก.พ.ร."
    )
    group = services.group_create(session=session, by=None, name="กลุ่ม 1")
    services.group_member_move(session=session, person=person("สมหญิง"), to_group=group, by=None)
    services.link_add(workshop=workshop, by=None, title="อ่าน", url="https://example.org/a")
    data = client.get(f"/api/v1/workshops/{workshop.pk}/").json()
    assert data["time_zone"] == "Asia/Bangkok"
    [item] = data["sessions"]
    assert dt.datetime.fromisoformat(item["starts_at"]) == dt.datetime(
        2024, 3, 1, 2, 0, tzinfo=dt.UTC
    )
    assert item["speakers"][0]["title_shown"] == "รองเลขาธิการ ก.พ.ร."
    assert item["invited_organisations"][0]["abbreviation_en"] == "OPDC"
    assert item["groups"][0]["members"][0]["full_name"] == "สมหญิง"
    assert [link["title"] for link in data["links"]] == ["อ่าน"]


def test_a_members_only_workshop_is_a_404_in_the_api(client, private_lab):
    hidden = services.workshop_create(by=None, lab=private_lab, title_th="ประชุมลับ")
    assert client.get(f"/api/v1/workshops/{hidden.pk}/").status_code == 404
