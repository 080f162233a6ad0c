"""Lab personas, beside the platform's (alice, bob, charlie in the root conftest).

In the lab "ห้องปฏิบัติการนโยบาย" (public, hosted by OPDC):
lena   — lab lead
fiona  — facilitator
pat    — participant (from OCSC, tagged ป.ย.ป. 2)
oscar  — observer
eve    — evaluator
Each has an account linked to a directory person. charlie is in no lab.
"""

from __future__ import annotations

import pytest

from conftest import PASSWORD


@pytest.fixture
def make_member(db):
    """make_member(lab, role, email, organisation=None, tags=()) -> the account."""
    from accounts.models import User
    from directory.models import Person
    from labs.services import member_add

    def make(lab, role, email, *, organisation=None, tags=(), name="สมาชิก"):
        user = User.objects.create_user(email=email, password=PASSWORD, display_name=email.split("@")[0])
        person = Person.objects.create(first_name_th=name, last_name_th=email.split("@")[0], user=user, email=email)
        member_add(lab=lab, by=None, person=person, role=role, organisation=organisation, tags=tags)
        return user

    return make


@pytest.fixture
def lab(db, opdc):
    from labs.services import lab_create

    return lab_create(
        by=None,
        name_th="ห้องปฏิบัติการนโยบาย",
        name_en="Policy lab",
        purpose="ทดลองนโยบายร่วมกันข้ามหน่วยงาน",
        hosts=[opdc],
    )


@pytest.fixture
def private_lab(db, opdc):
    from labs.services import lab_create

    return lab_create(by=None, name_th="ห้องเรียน ป.ย.ป. รุ่นที่ 2", visibility="members", hosts=[opdc])


@pytest.fixture
def lena(lab, make_member):
    return make_member(lab, "lead", "lena@lab.test", name="ลีนา")


@pytest.fixture
def fiona(lab, make_member):
    return make_member(lab, "facilitator", "fiona@lab.test", name="ฟิโอนา")


@pytest.fixture
def pat(lab, make_member, ocsc):
    return make_member(lab, "participant", "pat@lab.test", organisation=ocsc, tags=["ป.ย.ป. 2"], name="แพท")


@pytest.fixture
def oscar(lab, make_member):
    return make_member(lab, "observer", "oscar@lab.test", name="ออสการ์")


@pytest.fixture
def eve(lab, make_member):
    return make_member(lab, "evaluator", "eve@lab.test", name="อีฟ")


@pytest.fixture
def challenge(lab, opdc):
    from labs.services import challenge_create

    return challenge_create(
        lab=lab,
        by=None,
        title_th="บูรณาการข้อมูลผู้สูงอายุ",
        title_en="Joined-up data for older people",
        problem="ข้อมูลกระจัดกระจายหลายหน่วยงาน",
        target_groups="ผู้สูงอายุ\nอาสาสมัครสาธารณสุข",
        goals="ฐานข้อมูลกลาง\nแนวทางแลกเปลี่ยนข้อมูล",
    )
