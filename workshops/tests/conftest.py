"""Workshop fixtures on top of the personas (root conftest.py).

lab        — a public lab; dana (a user) is its facilitator, erin a participant
private_lab — a members-only lab nobody of the personas belongs to
workshop   — a hybrid workshop of `lab`, event zone Asia/Bangkok
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def person(first_name_th: str, *, organisation=None, user=None, first_name_en: str = ""):
    from directory.services import person_create

    created = person_create(
        by=None, first_name_th=first_name_th, first_name_en=first_name_en, organisation=organisation
    )
    if user is not None:
        created.user = user
        created.save(update_fields=["user"])
    return created


def in_english(user):
    """The user, switched to the English interface: tests that read English
    messages on a page say so, instead of relying on a Thai catalogue that
    happens to lack the translation (Thai is the default)."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def make_lab(name_th: str = "ห้องปฏิบัติการนโยบาย", *, visibility: str = "public"):
    from labs.models import Lab, Process

    return Lab.objects.create(
        name_th=name_th,
        name_en="Policy lab",
        visibility=visibility,
        process=Process.objects.get(key="double-diamond"),
    )


def member(lab, who, role: str, organisation=None):
    from labs.models import Member

    return Member.objects.create(lab=lab, person=who, role=role, organisation=organisation)


@pytest.fixture
def dana(db, opdc):
    """A facilitator of `lab` (made a member by the `lab` fixture)."""
    from accounts.models import User
    from conftest import PASSWORD

    user = User.objects.create_user(email="dana@lab.test", password=PASSWORD, display_name="Dana")
    person("ดนัย", first_name_en="Dana", organisation=opdc, user=user)
    return user


@pytest.fixture
def erin(db, ocsc):
    """A participant of `lab`."""
    from accounts.models import User
    from conftest import PASSWORD

    user = User.objects.create_user(email="erin@lab.test", password=PASSWORD, display_name="Erin")
    person("เอริน", first_name_en="Erin", organisation=ocsc, user=user)
    return user


@pytest.fixture
def lab(db, dana, erin):
    lab = make_lab()
    member(lab, dana.person, "facilitator")
    member(lab, erin.person, "participant")
    return lab


@pytest.fixture
def private_lab(db):
    return make_lab("ห้องปฏิบัติการปิด", visibility="members")


@pytest.fixture
def workshop(lab):
    from workshops.services import workshop_create

    return workshop_create(
        by=None,
        lab=lab,
        title_th="เวิร์กช็อปออกแบบนโยบาย",
        title_en="Policy design workshop",
        format="hybrid",
        venue="ห้องประชุม สำนักงาน ก.พ.ร.",
        online_url="https://zoom.example/j/1",
        time_zone="Asia/Bangkok",
        capacity=30,
    )


def at(
    day: int, hour: int, minute: int = 0, *, month: int = 3, year: int = 2024, tz=BANGKOK
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)
