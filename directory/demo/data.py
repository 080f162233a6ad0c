"""The demo directory, written by hand from the five seed pages in sources/.

Reviewed data, not a parser: each record names the pages it comes from
(`sources`, the number at the start of a file in sources/) and the exact
words those pages use for it (`seen_as`). directory/tests/test_loaddemo.py
checks that every one of those words really occurs in the named pages, so
the demo cannot drift away from what the pages say.

Provenance of an organisation's Thai name:
- SEED: the pages write this name (name_th occurs in the sources).
- DERIVED: the pages name it by a short form, a typo or a generic word at a
  place they give ("สสจ" at a workshop on the southern border provinces,
  "สภาพัฒนาเศรษฐกิจ..." for the official "สภาพัฒนาการเศรษฐกิจ..."); the
  full or corrected name is ours and `note` says why. seen_as must occur.
- HIERARCHY: a parent the pages never name, added so that a unit sits in
  its ministry (กรมส่งเสริมการเกษตร above the provincial agriculture
  offices). It must have children here.

Conventions:
- Foreign organisations are sector INTERNATIONAL whatever they are; the kind
  says what they are (university, ministry, ...). Their Thai name is the form
  the Thai page uses, which for most of them is the English name.
- English names only where we are sure of the official form; otherwise empty.
- People are only those the pages name, with the title the page gives.
- The pages name no participant of a ป.ย.ป. course, so no one carries a
  course-level tag (ป.ย.ป. 2, 3, 4); people carry a tag per event instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from directory.models import OrganisationAlias, OrganisationKind, Sector

ABBREVIATION = OrganisationAlias.Kind.ABBREVIATION
ALIAS = OrganisationAlias.Kind.ALIAS
FORMER = OrganisationAlias.Kind.FORMER


class Provenance(Enum):
    SEED = "seed"
    DERIVED = "derived"
    HIERARCHY = "hierarchy"


@dataclass(frozen=True)
class Org:
    key: str
    name_th: str
    sector: str
    kind: str
    sources: tuple[str, ...]
    name_en: str = ""
    abbreviation_th: str = ""
    abbreviation_en: str = ""
    parent: str | None = None
    province: str = ""  # Thai name as in the geothai data
    website: str = ""
    aliases: tuple[tuple[str, str], ...] = ()
    seen_as: tuple[str, ...] = ()  # defaults to (name_th,) for SEED records
    provenance: Provenance = Provenance.SEED
    note: str = ""

    @property
    def quotes(self) -> tuple[str, ...]:
        if self.seen_as:
            return self.seen_as
        return (self.name_th,) if self.provenance is Provenance.SEED else ()


@dataclass(frozen=True)
class Member:
    """A person's place in an organisation, as a page states it."""

    organisation: str  # Org.key
    position: str = ""


@dataclass(frozen=True)
class Someone:
    key: str
    sources: tuple[str, ...]
    seen_as: tuple[str, ...]  # the name as the page writes it, title included
    honorific: str = ""
    academic_title: str = ""
    first_name_th: str = ""
    last_name_th: str = ""
    first_name_en: str = ""
    last_name_en: str = ""
    position: str = ""
    members: tuple[Member, ...] = ()
    tags: tuple[str, ...] = field(default=())


# Event tags: which of the pages' events a person took part in.
TAG_TIPC = "การสร้างสะพานข้ามรัฐบาล (TIPC) 2565"
TAG_KRI = "KRI-OPDC Reform Policy Symposium 2018"
TAG_PMDU = "หลักสูตร ป.ย.ป. ประจำปี 2566"
TAG_UNDP = "UNDP Workshop ภาคใต้ 2565"
TAG_OECD = "OECD Peer Review 2562"

GOV_C = Sector.GOVERNMENT_CENTRAL
GOV_R = Sector.GOVERNMENT_REGIONAL
INTL = Sector.INTERNATIONAL
K = OrganisationKind

SOUTHERN_BORDER_PROVINCES = (
    # (Thai, English) — the three provinces every definition of
    # จังหวัดชายแดนภาคใต้ includes (SBPAC also serves parts of Songkhla and Satun).
    ("ปัตตานี", "Pattani"),
    ("ยะลา", "Yala"),
    ("นราธิวาส", "Narathiwat"),
)


def _southern_provincial_offices() -> list[Org]:
    """The 003 workshop brought 'เกษตรจังหวัด เกษตรและสหกรณ์ สสจ' of the
    southern border provinces together: one office of each per province."""
    offices: list[Org] = []
    for th, en in SOUTHERN_BORDER_PROVINCES:
        offices += [
            Org(
                key=f"ppho-{en.lower()}",
                name_th=f"สำนักงานสาธารณสุขจังหวัด{th}",
                name_en=f"{en} Provincial Public Health Office",
                abbreviation_th=f"สสจ.{th}",
                sector=GOV_R,
                kind=K.PROVINCIAL_OFFICE,
                parent="ops-moph",
                province=th,
                sources=("003",),
                seen_as=("สสจ", "จังหวัดชายแดนใต้"),
                provenance=Provenance.DERIVED,
                note="'สสจ' at the workshop on the southern border provinces",
            ),
            Org(
                key=f"pao-{en.lower()}",
                name_th=f"สำนักงานเกษตรจังหวัด{th}",
                name_en=f"{en} Provincial Agricultural Extension Office",
                sector=GOV_R,
                kind=K.PROVINCIAL_OFFICE,
                parent="doae",
                province=th,
                aliases=((f"เกษตรจังหวัด{th}", ALIAS),),
                sources=("003",),
                seen_as=("เกษตรจังหวัด", "จังหวัดชายแดนใต้"),
                provenance=Provenance.DERIVED,
                note="'เกษตรจังหวัด' at the workshop on the southern border provinces",
            ),
            Org(
                key=f"paco-{en.lower()}",
                name_th=f"สำนักงานเกษตรและสหกรณ์จังหวัด{th}",
                name_en=f"{en} Provincial Agriculture and Cooperatives Office",
                sector=GOV_R,
                kind=K.PROVINCIAL_OFFICE,
                parent="ops-moac",
                province=th,
                aliases=((f"เกษตรและสหกรณ์จังหวัด{th}", ALIAS),),
                sources=("003",),
                seen_as=("เกษตรและสหกรณ์", "จังหวัดชายแดนใต้"),
                provenance=Provenance.DERIVED,
                note="'เกษตรและสหกรณ์' at the workshop on the southern border provinces",
            ),
        ]
    return offices


ORGANISATIONS: list[Org] = [
    # --- Thai central government ---------------------------------------------
    Org(
        key="opdc",
        name_th="สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        name_en="Office of the Public Sector Development Commission",
        abbreviation_th="ก.พ.ร.",
        abbreviation_en="OPDC",
        sector=GOV_C,
        kind=K.OFFICE,
        province="กรุงเทพมหานคร",
        website="https://www.opdc.go.th",
        aliases=(("สำนักงาน ก.พ.ร.", ALIAS),),
        sources=("001", "002", "004"),
        seen_as=("สำนักงานคณะกรรมการพัฒนาระบบราชการ", "สำนักงาน ก.พ.ร.", "OPDC", "opdc.go.th"),
    ),
    Org(
        key="opdc-innovation",
        name_th="กองนวัตกรรมการบริหารภาครัฐ",
        sector=GOV_C,
        kind=K.DIVISION,
        parent="opdc",
        sources=("004",),
        note="its director is named with สำนักงาน ก.พ.ร. at the OECD review",
    ),
    Org(
        key="opdc-governance-institute",
        name_th="สถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
        sector=GOV_C,
        kind=K.DIVISION,
        parent="opdc",
        sources=("002",),
        seen_as=("สถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี สำนักงาน ก.พ.ร.",),
    ),
    Org(
        key="opdc-international",
        name_th="กลุ่มวิเทศสัมพันธ์และการประชาสัมพันธ์",
        sector=GOV_C,
        kind=K.DIVISION,
        parent="opdc",
        sources=("001",),
        note="signs the OPDC news item as its author",
    ),
    Org(
        key="opdc-secretariat",
        name_th="กลุ่มงานเลขานุการ ก.พ.ร. และการประชาสัมพันธ์",
        sector=GOV_C,
        kind=K.DIVISION,
        parent="opdc",
        sources=("004",),
        note="signs the OPDC news item as its author",
    ),
    Org(
        key="pmdu",
        name_th="สำนักงานการขับเคลื่อนการปฏิรูปประเทศ ยุทธศาสตร์ชาติ และการสร้างความสามัคคีปรองดอง",
        name_en="Prime Minister's Delivery Unit",
        abbreviation_th="ป.ย.ป.",
        abbreviation_en="PMDU",
        sector=GOV_C,
        kind=K.OFFICE,
        aliases=(("สำนักงาน ป.ย.ป.", ALIAS),),
        sources=("002",),
        seen_as=("สำนักงาน ป.ย.ป.",),
        provenance=Provenance.DERIVED,
        note="the page uses only the abbreviation; the full name is the office's official one",
    ),
    Org(
        key="nesdc",
        name_th="สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        name_en="Office of the National Economic and Social Development Council",
        abbreviation_th="สศช.",
        abbreviation_en="NESDC",
        sector=GOV_C,
        kind=K.OFFICE,
        province="กรุงเทพมหานคร",
        website="https://www.nesdc.go.th",
        aliases=(
            ("สำนักงานสภาพัฒนาเศรษฐกิจและสังคมแห่งชาติ", ALIAS),
            ("สภาพัฒน์", ALIAS),
            ("NESDB", FORMER),
        ),
        sources=("003",),
        seen_as=("สำนักงานสภาพัฒนาเศรษฐกิจและสังคมแห่งชาติ (สศช.)", "สภาพัฒน์"),
        provenance=Provenance.DERIVED,
        note="the page drops 'การ' from the official name; its spelling is kept as an alias",
    ),
    Org(
        key="moe",
        name_th="กระทรวงศึกษาธิการ",
        name_en="Ministry of Education",
        abbreviation_th="ศธ.",
        abbreviation_en="MOE",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="onec",
        name_th="สำนักงานเลขาธิการสภาการศึกษา",
        name_en="Office of the Education Council",
        abbreviation_th="สกศ.",
        abbreviation_en="OEC",
        sector=GOV_C,
        kind=K.OFFICE,
        parent="moe",
        sources=("002",),
    ),
    Org(
        key="msdhs",
        # The page's list names this ministry twice (items 3 and 7): one record.
        name_th="กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        name_en="Ministry of Social Development and Human Security",
        abbreviation_th="พม.",
        abbreviation_en="MSDHS",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="ops-msdhs",
        name_th="สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        name_en="Office of the Permanent Secretary, Ministry of Social Development and Human Security",
        abbreviation_th="สป.พม.",
        sector=GOV_C,
        kind=K.DEPARTMENT,
        parent="msdhs",
        sources=(),
        provenance=Provenance.HIERARCHY,
    ),
    Org(
        key="sdhs-krabi",
        name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกระบี่",
        name_en="Krabi Provincial Office of Social Development and Human Security",
        abbreviation_th="พมจ.กระบี่",
        sector=GOV_R,
        kind=K.PROVINCIAL_OFFICE,
        parent="ops-msdhs",
        province="กระบี่",
        sources=("003",),
        seen_as=("พมจ.กระบี่",),
        provenance=Provenance.DERIVED,
        note="named by its abbreviation in the page's related topics",
    ),
    Org(
        key="moph",
        name_th="กระทรวงสาธารณสุข",
        name_en="Ministry of Public Health",
        abbreviation_th="สธ.",
        abbreviation_en="MOPH",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="ops-moph",
        name_th="สำนักงานปลัดกระทรวงสาธารณสุข",
        name_en="Office of the Permanent Secretary, Ministry of Public Health",
        abbreviation_th="สป.สธ.",
        sector=GOV_C,
        kind=K.DEPARTMENT,
        parent="moph",
        sources=(),
        provenance=Provenance.HIERARCHY,
    ),
    Org(
        key="moj",
        name_th="กระทรวงยุติธรรม",
        name_en="Ministry of Justice",
        abbreviation_th="ยธ.",
        abbreviation_en="MOJ",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="pacc",
        name_th="สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตในภาครัฐ",
        name_en="Office of the Public Sector Anti-Corruption Commission",
        abbreviation_th="ป.ป.ท.",
        abbreviation_en="PACC",
        sector=GOV_C,
        kind=K.OFFICE,
        parent="moj",
        sources=("002",),
    ),
    Org(
        key="rtp",
        name_th="สำนักงานตำรวจแห่งชาติ",
        name_en="Royal Thai Police",
        abbreviation_th="สตช.",
        abbreviation_en="RTP",
        sector=GOV_C,
        kind=K.OFFICE,
        aliases=(("ตร.", ABBREVIATION),),
        sources=("002",),
    ),
    Org(
        key="mod",
        name_th="กระทรวงกลาโหม",
        name_en="Ministry of Defence",
        abbreviation_th="กห.",
        abbreviation_en="MOD",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="amlo",
        name_th="สำนักงานป้องกันและปราบปรามการฟอกเงิน",
        name_en="Anti-Money Laundering Office",
        abbreviation_th="ป.ป.ง.",
        abbreviation_en="AMLO",
        sector=GOV_C,
        kind=K.OFFICE,
        sources=("002",),
    ),
    Org(
        key="moi",
        name_th="กระทรวงมหาดไทย",
        name_en="Ministry of Interior",
        abbreviation_th="มท.",
        abbreviation_en="MOI",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("002",),
    ),
    Org(
        key="mdes",
        name_th="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        name_en="Ministry of Digital Economy and Society",
        abbreviation_th="ดศ.",
        abbreviation_en="MDES",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=("004",),
    ),
    Org(
        key="dga",
        name_th="สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
        name_en="Digital Government Development Agency (Public Organization)",
        abbreviation_th="สพร.",
        abbreviation_en="DGA",
        sector=GOV_C,
        kind=K.OFFICE,
        sources=("004",),
    ),
    Org(
        key="etda",
        name_th="สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ (องค์การมหาชน)",
        name_en="Electronic Transactions Development Agency (Public Organization)",
        abbreviation_th="สพธอ.",
        abbreviation_en="ETDA",
        sector=GOV_C,
        kind=K.OFFICE,
        parent="mdes",
        sources=("004",),
    ),
    Org(
        key="moac",
        name_th="กระทรวงเกษตรและสหกรณ์",
        name_en="Ministry of Agriculture and Cooperatives",
        abbreviation_th="กษ.",
        abbreviation_en="MOAC",
        sector=GOV_C,
        kind=K.MINISTRY,
        sources=(),
        provenance=Provenance.HIERARCHY,
    ),
    Org(
        key="doae",
        name_th="กรมส่งเสริมการเกษตร",
        name_en="Department of Agricultural Extension",
        abbreviation_th="กสก.",
        abbreviation_en="DOAE",
        sector=GOV_C,
        kind=K.DEPARTMENT,
        parent="moac",
        sources=(),
        provenance=Provenance.HIERARCHY,
    ),
    Org(
        key="ops-moac",
        name_th="สำนักงานปลัดกระทรวงเกษตรและสหกรณ์",
        name_en="Office of the Permanent Secretary, Ministry of Agriculture and Cooperatives",
        abbreviation_th="สป.กษ.",
        sector=GOV_C,
        kind=K.DEPARTMENT,
        parent="moac",
        sources=(),
        provenance=Provenance.HIERARCHY,
    ),
    Org(
        key="nhco",
        name_th="สำนักงานคณะกรรมการสุขภาพแห่งชาติ",
        name_en="National Health Commission Office",
        abbreviation_th="สช.",
        abbreviation_en="NHCO",
        sector=GOV_C,
        kind=K.OFFICE,
        sources=("003",),
        seen_as=("สช.",),
        provenance=Provenance.DERIVED,
        note="named by its abbreviation in the page's related topics",
    ),
    Org(
        key="thaihealth",
        name_th="สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ",
        name_en="Thai Health Promotion Foundation",
        abbreviation_th="สสส.",
        abbreviation_en="ThaiHealth",
        sector=GOV_C,
        kind=K.OFFICE,
        sources=("003",),
        seen_as=("ภาคีเครือข่าย สสส.",),
        provenance=Provenance.DERIVED,
        note="named by its abbreviation in the page's related topics",
    ),
    # --- Thai regional government ----------------------------------------------
    Org(
        key="sbpac",
        name_th="ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้",
        name_en="Southern Border Provinces Administrative Centre",
        abbreviation_th="ศอ.บต.",
        abbreviation_en="SBPAC",
        sector=GOV_R,
        kind=K.OFFICE,
        province="ยะลา",
        sources=("003",),
        seen_as=("ศอบต.",),
        provenance=Provenance.DERIVED,
        note="the page writes the abbreviation without its inner dot",
    ),
    *_southern_provincial_offices(),
    Org(
        key="health-area-12",
        name_th="คณะกรรมการเขตสุขภาพเพื่อประชาชน เขต 12",
        abbreviation_th="กขป. เขต 12",
        sector=GOV_R,
        kind=K.NETWORK,
        sources=("003",),
        seen_as=("กขป.เขต 12", "กขป.เขต ๑๒"),
        provenance=Provenance.DERIVED,
        note="named by its abbreviation in the page's related topics",
    ),
    # --- Academia ------------------------------------------------------------------
    Org(
        key="mahidol",
        name_th="มหาวิทยาลัยมหิดล",
        name_en="Mahidol University",
        abbreviation_en="MU",
        sector=Sector.ACADEMIA,
        kind=K.UNIVERSITY,
        sources=("002",),
    ),
    Org(
        key="cmmu",
        name_th="วิทยาลัยการจัดการ มหาวิทยาลัยมหิดล",
        name_en="College of Management, Mahidol University",
        abbreviation_en="CMMU",
        sector=Sector.ACADEMIA,
        kind=K.DEPARTMENT,
        parent="mahidol",
        aliases=(("วิทยาลัยการจัดการ", ALIAS),),
        sources=("002",),
    ),
    # --- Civil society and community ------------------------------------------------
    Org(
        key="youth-health-network",
        name_th="เครือข่ายสร้างเสริมสุขภาพเยาวชน",
        abbreviation_th="ขสย.",
        sector=Sector.CIVIL_SOCIETY,
        kind=K.NETWORK,
        sources=("003",),
        seen_as=("เครือข่ายสร้างเสริมสุขภาพเยาวชน (ขสย.)",),
    ),
    Org(
        key="baan-phulita",
        name_th="บ้านภูลิตา",
        sector=Sector.COMMUNITY,
        kind=K.NGO,
        sources=("003",),
        seen_as=("อ.เชน บ้านภูลิตา",),
        note="credited for the workshop write-up",
    ),
    # --- International -------------------------------------------------------------
    Org(
        key="undp",
        name_th="โครงการพัฒนาแห่งสหประชาชาติ",
        name_en="United Nations Development Programme",
        abbreviation_en="UNDP",
        sector=INTL,
        kind=K.INTERNATIONAL_ORGANISATION,
        website="https://www.undp.org",
        sources=("003",),
        seen_as=("โครงการพัฒนาแห่งสหประชาชาติ (UNDP)",),
    ),
    Org(
        key="thailand-policy-lab",
        # A joint lab of UNDP and NESDC; it belongs to neither alone.
        name_th="Thailand Policy Lab",
        name_en="Thailand Policy Lab",
        sector=INTL,
        kind=K.NETWORK,
        aliases=(("Thailand Policy Lab - UNDP", ALIAS),),
        sources=("003",),
    ),
    Org(
        key="oecd",
        name_th="องค์การเพื่อความร่วมมือทางเศรษฐกิจและการพัฒนา",
        name_en="Organisation for Economic Co-operation and Development",
        abbreviation_en="OECD",
        sector=INTL,
        kind=K.INTERNATIONAL_ORGANISATION,
        website="https://www.oecd.org",
        aliases=(("องค์การเพื่อความร่วมมือและพัฒนาทางเศรษฐกิจ", ALIAS),),
        sources=("004",),
        seen_as=(
            "องค์การเพื่อความร่วมมือและพัฒนาทางเศรษฐกิจ (Organisation for Economic "
            "Co-operation and Development, OECD)",
        ),
        provenance=Provenance.DERIVED,
        note="the page's Thai wording differs from the usual Thai name; kept as an alias",
    ),
    Org(
        key="oecd-gov",
        name_th="Directorate for Public Governance",
        name_en="OECD Directorate for Public Governance",
        sector=INTL,
        kind=K.DEPARTMENT,
        parent="oecd",
        sources=("004",),
    ),
    Org(
        key="tipc",
        name_th="TIPC",
        name_en="Transformative Innovation Policy Consortium",
        abbreviation_en="TIPC",
        sector=INTL,
        kind=K.NETWORK,
        sources=("000",),
    ),
    Org(
        key="one-team-gov",
        name_th="One Team Gov",
        name_en="One Team Gov",
        sector=INTL,
        kind=K.NETWORK,
        sources=("000",),
    ),
    Org(
        key="uk-civil-service",
        name_th="UK Civil Service",
        name_en="UK Civil Service",
        sector=INTL,
        kind=K.OFFICE,
        sources=("000",),
    ),
    Org(
        key="uk-cabinet-office",
        name_th="Cabinet Office",
        name_en="Cabinet Office (United Kingdom)",
        sector=INTL,
        kind=K.MINISTRY,
        sources=("004",),
        seen_as=("Cabinet Office - Government Digital Service, Government of the United Kingdom",),
    ),
    Org(
        key="uk-gds",
        name_th="Government Digital Service",
        name_en="Government Digital Service",
        abbreviation_en="GDS",
        sector=INTL,
        kind=K.DEPARTMENT,
        parent="uk-cabinet-office",
        sources=("004",),
    ),
    Org(
        key="uk-policy-lab",
        name_th="UK Policy Lab",
        name_en="Policy Lab (United Kingdom)",
        sector=INTL,
        kind=K.OFFICE,
        sources=("001",),
    ),
    Org(
        key="mindlab",
        name_th="MindLab",
        name_en="MindLab (Denmark)",
        sector=INTL,
        kind=K.OFFICE,
        sources=("001",),
    ),
    Org(
        key="helsinki-design-lab",
        name_th="Helsinki Design Lab",
        name_en="Helsinki Design Lab",
        sector=INTL,
        kind=K.OFFICE,
        sources=("001",),
    ),
    Org(
        key="designgov",
        name_th="DesignGov",
        name_en="DesignGov (Australia)",
        sector=INTL,
        kind=K.OFFICE,
        sources=("001",),
    ),
    Org(
        key="greece-admin-reform",
        name_th="Hellenic Ministry of Administrative Reform",
        name_en="Hellenic Ministry of Administrative Reform",
        sector=INTL,
        kind=K.MINISTRY,
        sources=("004",),
    ),
    Org(
        key="vn-moha",
        name_th="กระทรวงมหาดไทย สาธารณรัฐสังคมนิยมเวียดนาม",
        name_en="Ministry of Home Affairs (Viet Nam)",
        sector=INTL,
        kind=K.MINISTRY,
        sources=("001",),
        note="not Thailand's กระทรวงมหาดไทย: the page adds the country",
    ),
    Org(
        key="vn-isos",
        name_th="Institute of State Organizational Sciences",
        name_en="Institute of State Organizational Sciences",
        sector=INTL,
        kind=K.DEPARTMENT,
        parent="vn-moha",
        sources=("001",),
    ),
    Org(
        key="unsw",
        name_th="University of New South Wales",
        name_en="University of New South Wales",
        abbreviation_en="UNSW",
        sector=INTL,
        kind=K.UNIVERSITY,
        sources=("001",),
        seen_as=("the University of New South Wales, Sydney Australia",),
    ),
    Org(
        key="kri",
        name_th="Korea Research Institute",
        name_en="Korea Research Institute",
        abbreviation_en="KRI",
        sector=INTL,
        kind=K.DEPARTMENT,
        parent="unsw",
        sources=("001",),
        seen_as=("Korea Research Institute, the University of New South Wales", "KRI-OPDC"),
    ),
    Org(
        key="aks",
        name_th="Academy of Korean Studies",
        name_en="Academy of Korean Studies",
        abbreviation_en="AKS",
        sector=INTL,
        kind=K.UNIVERSITY,
        sources=("001",),
    ),
]


PEOPLE: list[Someone] = [
    # สำนักงาน ก.พ.ร. and ป.ย.ป.
    Someone(
        key="areepan",
        # Named on two pages (2018 and 2019): one record.
        sources=("001", "004"),
        seen_as=("นางอารีย์พันธ์ เจริญสุข รองเลขาธิการ ก.พ.ร.",),
        honorific="นาง",
        first_name_th="อารีย์พันธ์",
        last_name_th="เจริญสุข",
        position="รองเลขาธิการ ก.พ.ร.",
        members=(Member("opdc", "รองเลขาธิการ ก.พ.ร."),),
        tags=(TAG_KRI, TAG_OECD),
    ),
    Someone(
        key="wipada",
        sources=("004",),
        seen_as=("นางวิภาดา ตริตระการ ผู้อำนวยการกองนวัตกรรมการบริหารภาครัฐ",),
        honorific="นาง",
        first_name_th="วิภาดา",
        last_name_th="ตริตระการ",
        position="ผู้อำนวยการกองนวัตกรรมการบริหารภาครัฐ",
        members=(Member("opdc-innovation", "ผู้อำนวยการกองนวัตกรรมการบริหารภาครัฐ"),),
        tags=(TAG_OECD,),
    ),
    Someone(
        key="chutima",
        sources=("002",),
        seen_as=("นางชุติมา หาญเผชิญ ผู้อำนวยการสำนักงาน ป.ย.ป.",),
        honorific="นาง",
        first_name_th="ชุติมา",
        last_name_th="หาญเผชิญ",
        position="ผู้อำนวยการสำนักงาน ป.ย.ป.",
        members=(Member("pmdu", "ผู้อำนวยการสำนักงาน ป.ย.ป."),),
        tags=(TAG_PMDU,),
    ),
    Someone(
        key="patcharaphakorn",
        sources=("002",),
        seen_as=("หม่อมหลวงพัชรภากร เทวกุล ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",),
        honorific="หม่อมหลวง",
        first_name_th="พัชรภากร",
        last_name_th="เทวกุล",
        position="ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
        members=(
            Member(
                "opdc-governance-institute",
                "ผู้อำนวยการสถาบันส่งเสริมการบริหารกิจการบ้านเมืองที่ดี",
            ),
        ),
        tags=(TAG_PMDU,),
    ),
    Someone(
        key="wissanu",
        # The page names him for his policy, not as a participant; no
        # organisation of the directory is given for him.
        sources=("002",),
        seen_as=("รองนายกรัฐมนตรี (นายวิษณุ เครืองาม)",),
        honorific="นาย",
        first_name_th="วิษณุ",
        last_name_th="เครืองาม",
        first_name_en="Wissanu",
        last_name_en="Krea-ngam",
        position="รองนายกรัฐมนตรี",
    ),
    Someone(
        key="thanapol",
        sources=("002",),
        seen_as=("ผศ. ดร. ธนพล วีรา ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ วิทยาลัยการจัดการ",),
        academic_title="ผศ.ดร.",
        first_name_th="ธนพล",
        last_name_th="วีรา",
        position="ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ",
        members=(Member("cmmu", "ผู้อำนวยการด้านนวัตกรรมและโครงการพิเศษ"),),
        tags=(TAG_PMDU,),
    ),
    Someone(
        key="chain",
        # Only a first name and the title อ. (อาจารย์) are given.
        sources=("003",),
        seen_as=("อ.เชน บ้านภูลิตา",),
        academic_title="อ.",
        first_name_th="เชน",
        members=(Member("baan-phulita"),),
        tags=(TAG_UNDP,),
    ),
    # TIPC and One Team Gov session (the Thai page writes their names in Latin script)
    *[
        Someone(
            key=f"uk-{first.lower()}",
            sources=("000",),
            seen_as=(f"{first} {last}", "จาก UK Civil Service and One Team Gov"),
            first_name_en=first,
            last_name_en=last,
            members=(Member("uk-civil-service"), Member("one-team-gov")),
            tags=(TAG_TIPC,),
        )
        for first, last in (("Nour", "Sidawi"), ("David", "Buck"), ("Clare", "Moran"))
    ],
    *[
        Someone(
            key=f"tipc-{first.lower()}",
            sources=("000",),
            seen_as=(f"{first} {last}", "จาก TIPC"),
            first_name_en=first,
            last_name_en=last,
            members=(Member("tipc"),),
            tags=(TAG_TIPC,),
        )
        for first, last in (("Ed", "Steinmueller"), ("Vicky", "Shaw"))
    ],
    # Experts at the OECD review, with the titles and positions the page gives.
    *[
        Someone(
            key=f"oecd-{last.lower()}",
            sources=("004",),
            seen_as=(f"{title}. {first} {last}, {position}",),
            honorific=title,
            first_name_en=first,
            last_name_en=last,
            position=position,
            members=tuple(Member(org, position) for org in orgs),
            tags=(TAG_OECD,),
        )
        for title, first, last, position, orgs in (
            (
                "Mr",
                "Alessandro",
                "Bellantoni",
                "Deputy Head of Division & Head of the OECD Open Government Unit",
                ("oecd-gov",),
            ),
            (
                "Ms",
                "Barbara",
                "Ubaldi",
                "Acting Head of Division & Head of Digital Government and Open Data",
                ("oecd-gov",),
            ),
            ("Ms", "Hille", "Hinsberg", "Policy Analyst", ("oecd-gov",)),
            ("Mr", "Arturo", "Rivera", "Policy Analyst", ("oecd-gov",)),
            ("Mr", "Johannes", "Klein", "Consultant", ("oecd-gov",)),
            (
                "Ms",
                "Nancy",
                "Routzouni",
                "Digital and Open Government Policy Adviser",
                ("greece-admin-reform",),
            ),
            ("Ms", "Liz Wei", "Low", "Senior Programme Analyst", ("uk-gds",)),
        )
    ],
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str  # shown when the sign-ins are printed
    is_administrator: bool = False
    focal_point_of: str | None = None  # Org.key


# DEMO ONLY: these passwords are printed on every run and must never exist
# on a server that holds real data (loaddemo refuses when DEBUG is off).
DEMO_PASSWORD = "saphan-demo"
DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        email="admin@saphan.demo",
        display_name="ผู้ดูแลระบบ (สาธิต)",
        role="administrator",
        is_administrator=True,
    ),
    DemoAccount(
        email="focal@saphan.demo",
        display_name="ผู้ประสานงาน ก.พ.ร. (สาธิต)",
        role="focal point of สำนักงาน ก.พ.ร.",
        focal_point_of="opdc",
    ),
    DemoAccount(
        email="member@saphan.demo",
        display_name="สมาชิก (สาธิต)",
        role="member",
    ),
]
