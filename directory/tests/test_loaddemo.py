"""manage.py loaddemo: faithful to the seed pages, one record per thing, idempotent."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEntry
from directory.demo.data import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    ORGANISATIONS,
    PEOPLE,
    Org,
    Provenance,
)
from directory.demo.examples import EXAMPLE_ORGANISATIONS
from directory.models import Affiliation, Organisation, Person, Province, Tag
from lib.thai.text import clean, compact

SOURCES = Path(__file__).resolve().parent.parent / "demo" / "sources"
SHARED_SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
# "กระทรวงมหาดไทย (Ministry of Home Affairs) สาธารณรัฐ..." — an English gloss
# in brackets inside a Thai name.
_LATIN_GLOSS = re.compile(r"\s*\([A-Za-z][^()\u0e00-\u0e7f]*\)")


def _texts() -> dict[str, list[str]]:
    """Each page's text in the forms a name is looked for: cleaned (NFC,
    folded vowel order, single spaces) and also without English glosses."""
    texts = {}
    for path in sorted(SOURCES.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8"))
        texts[path.name[:3]] = [text, clean(_LATIN_GLOSS.sub("", text))]
    return texts


def _occurs(phrase: str, sources: tuple[str, ...]) -> bool:
    texts = _texts()
    return any(clean(phrase) in form for source in sources for form in texts[source])


def _find(key: str) -> Org:
    return next(o for o in ORGANISATIONS if o.key == key)


def test_the_sources_are_the_five_seed_pages():
    assert sorted(p.name[:3] for p in SOURCES.glob("*.txt")) == ["000", "001", "002", "003", "004"]
    if SHARED_SEEDS.is_dir():  # beside the repository on developer machines and in CI
        for path in SHARED_SEEDS.glob("*.txt"):
            assert (SOURCES / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("org", ORGANISATIONS, ids=lambda o: o.key)
def test_every_organisation_is_named_by_the_pages_it_cites(org: Org):
    if org.provenance is Provenance.HIERARCHY:
        assert not org.sources and not org.seen_as
        children = [o for o in ORGANISATIONS if o.parent == org.key]
        assert children, f"{org.key} was added for the hierarchy but has no children"
        return
    assert org.sources, f"{org.key} cites no page"
    if org.provenance is Provenance.SEED:
        assert _occurs(org.name_th, org.sources), f"{org.name_th!r} is not in {org.sources}"
    else:
        assert org.seen_as and org.note, (
            f"derived {org.key} must say how the pages name it, and why"
        )
    for quote in org.quotes:
        assert _occurs(quote, org.sources), f"{quote!r} is not in {org.sources}"


@pytest.mark.parametrize("someone", PEOPLE, ids=lambda p: p.key)
def test_every_person_is_named_by_the_pages_it_cites(someone):
    for quote in someone.seen_as:
        assert _occurs(quote, someone.sources), f"{quote!r} is not in {someone.sources}"
    # The name itself, as the page writes it (English names of Thai people are
    # translations and need not appear).
    if someone.first_name_th:
        name = f"{someone.first_name_th} {someone.last_name_th}".strip()
    else:
        name = f"{someone.first_name_en} {someone.last_name_en}"
    assert any(name in clean(q) for q in someone.seen_as)
    assert _occurs(name, someone.sources)


def test_the_data_has_one_record_per_organisation_and_person():
    keys = [o.key for o in ORGANISATIONS]
    assert len(keys) == len(set(keys))
    names = [compact(o.name_th) for o in ORGANISATIONS]
    assert len(names) == len(set(names))
    people = [
        compact(p.first_name_th + p.last_name_th) or compact(p.first_name_en + p.last_name_en)
        for p in PEOPLE
    ]
    assert len(people) == len(set(people))
    for org in ORGANISATIONS:
        assert org.parent is None or org.parent in keys, org.key
    for someone in PEOPLE:
        for member in someone.members:
            assert member.organisation in keys, someone.key


@pytest.fixture
def demo(db, settings):
    # The test runner turns DEBUG off, and loaddemo refuses to run without it.
    settings.DEBUG = True
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def test_it_builds_the_directory_with_its_hierarchy(demo):
    assert Organisation.objects.count() == len(ORGANISATIONS) + len(EXAMPLE_ORGANISATIONS)
    # The demo outputs add example action owners, tagged as such (actions/demo.py).
    assert Person.objects.exclude(tags__name="ข้อมูลตัวอย่าง").count() == len(PEOPLE)
    opdc = Organisation.objects.get(abbreviation_en="OPDC")
    assert opdc.name_th == "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
    assert opdc.abbreviation_th == "ก.พ.ร."
    assert "สำนักงาน ก.พ.ร." in {a.name for a in opdc.aliases.all()}
    innovation = Organisation.objects.get(name_th="กองนวัตกรรมการบริหารภาครัฐ")
    assert innovation.parent == opdc and innovation.kind == "division"
    ppho = Organisation.objects.get(name_th="สำนักงานสาธารณสุขจังหวัดยะลา")
    assert ppho.province == Province.objects.get(name_th="ยะลา")
    assert ppho.parent.parent.name_th == "กระทรวงสาธารณสุข"
    assert ppho.sector == "gov_regional" and ppho.kind == "provincial_office"
    assert Organisation.objects.get(abbreviation_en="OECD").sector == "international"
    assert Organisation.objects.get(name_th="มหาวิทยาลัยมหิดล").sector == "academia"


def test_a_name_the_pages_repeat_is_one_record(demo):
    # 002 lists the ministry twice; 001 and 004 both name the deputy secretary-general.
    assert Organisation.objects.filter(name_th="กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์").count() == 1
    areepan = Person.objects.get(first_name_th="อารีย์พันธ์")
    assert Person.objects.filter(last_name_th="เจริญสุข").count() == 1
    assert {t.name for t in areepan.tags.all()} == {
        "KRI-OPDC Reform Policy Symposium 2018",
        "OECD Peer Review 2562",
    }
    # Thailand's Ministry of Interior and Viet Nam's are different records.
    assert Organisation.objects.filter(name_th__startswith="กระทรวงมหาดไทย").count() == 2


def test_people_carry_their_titles_and_positions(demo):
    thanapol = Person.objects.get(first_name_th="ธนพล")
    assert thanapol.academic_title == "ผศ.ดร."
    assert thanapol.full_name == "ผศ.ดร.ธนพล วีรา"
    affiliation = Affiliation.objects.get(person=thanapol)
    assert affiliation.organisation.name_en == "College of Management, Mahidol University"
    assert affiliation.position == "ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ"
    assert Person.objects.get(first_name_th="พัชรภากร").full_name == "หม่อมหลวงพัชรภากร เทวกุล"
    low = Person.objects.get(last_name_en="Low")
    assert low.honorific == "Ms"
    assert low.affiliations.get().organisation.parent.name_th == "Cabinet Office"


def test_running_it_twice_adds_nothing(demo):
    counts = (
        Organisation.objects.count(),
        Person.objects.count(),
        Affiliation.objects.count(),
        Tag.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    assert (
        Organisation.objects.count(),
        Person.objects.count(),
        Affiliation.objects.count(),
        Tag.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    assert "0 created" in out.getvalue()


def test_it_finds_a_renamed_record_by_an_alias_instead_of_duplicating_it(demo):
    from directory.services import organisation_update

    nesdc = Organisation.objects.get(abbreviation_en="NESDC")
    organisation_update(
        organisation=nesdc,
        by=None,
        name_th="สภาพัฒน์ฯ",
        aliases=[("สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "former")],
    )
    call_command("loaddemo", stdout=io.StringIO())
    assert Organisation.objects.filter(abbreviation_en="NESDC").count() == 1


def test_reset_wipes_the_directory_and_builds_it_again(demo):
    extra = Organisation.objects.create(name_th="หน่วยงานทดลอง", sector="private", kind="company")
    call_command("loaddemo", "--reset", stdout=io.StringIO())
    assert not Organisation.objects.filter(pk=extra.pk).exists()
    assert Organisation.objects.count() == len(ORGANISATIONS) + len(EXAMPLE_ORGANISATIONS)
    assert AuditEntry.objects.filter(action="directory.reset").count() == 1


def test_the_demo_accounts_sign_in_with_their_roles(demo, client):
    for account in DEMO_ACCOUNTS:
        assert account.email in demo
        assert client.login(username=account.email, password=DEMO_PASSWORD)
        client.logout()
    assert DEMO_PASSWORD in demo
    admin = User.objects.get(email="admin@saphan.demo")
    focal = User.objects.get(email="focal@saphan.demo")
    member = User.objects.get(email="member@saphan.demo")
    assert admin.is_administrator
    assert list(focal.focal_point_of.values_list("abbreviation_en", flat=True)) == ["OPDC"]
    assert not member.is_superuser and not member.focal_point_of.exists()
    assert focal.has_perm(
        "directory.change_organisation", Organisation.objects.get(abbreviation_en="OPDC")
    )
    assert not member.has_perm(
        "directory.change_organisation", Organisation.objects.get(abbreviation_en="OPDC")
    )


def test_it_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("loaddemo", stdout=io.StringIO())
    assert not Organisation.objects.exists()


@pytest.fixture
def indexed_demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    # The search index is written after commit; the test transaction never commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo", stdout=io.StringIO())


@pytest.mark.parametrize(
    "query", ["กพร", "ก.พ.ร.", "OPDC", "สำนักงานคณะกรรมการพัฒนาระบบราชการ", "สำนักงาน ก.พ.ร."]
)
def test_every_name_of_opdc_finds_it_first_in_the_demo(indexed_demo, query):
    from search.selectors import search

    hits = search(query=query, kinds=["organisation"], limit=5)
    assert hits and hits[0].object_id == Organisation.objects.get(abbreviation_en="OPDC").pk


@pytest.mark.parametrize(
    ("query", "abbreviation_en"),
    [("สภาพัฒน์", "NESDC"), ("ศอบต", "SBPAC"), ("ป.ย.ป.", "PMDU"), ("UNDP", "UNDP")],
)
def test_the_pages_own_short_names_find_their_organisation(indexed_demo, query, abbreviation_en):
    from search.selectors import search

    hits = search(query=query, kinds=["organisation"], limit=5)
    assert (
        hits and hits[0].object_id == Organisation.objects.get(abbreviation_en=abbreviation_en).pk
    )
